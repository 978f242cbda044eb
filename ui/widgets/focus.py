"""Focus the officer can see: a two-pixel ring in the highlight colour round whatever control
has the keyboard focus (buttons, ticks, choosers, date and text fields, tables).

Styles differ: Fusion shows a button's focus only after a Tab press and a table's never;
Windows draws a faint dotted line. ``FocusStyle`` wraps the platform's own style (so
everything else looks native) and draws the same clear ring everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QWidget,
)

RING = 2  # pixels
RINGED = (QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox,
          QStyle.ComplexControl.CC_ToolButton)


class FocusStyle(QProxyStyle):
    """The platform's style, with a visible focus ring."""

    def drawPrimitive(self, element: QStyle.PrimitiveElement,  # noqa: N802 (Qt's name)
                      option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect and \
                not isinstance(widget, QAbstractItemView):
            if not _is_push(widget):  # a push button's ring goes round the whole button
                _ring(painter, option.rect, option.palette)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element == QStyle.PrimitiveElement.PE_FrameLineEdit and _focused(option):
            _ring(painter, option.rect, option.palette)

    def drawControl(self, element: QStyle.ControlElement,  # noqa: N802 (Qt's name)
                    option: QStyleOption, painter: QPainter,
                    widget: QWidget | None = None) -> None:
        super().drawControl(element, option, painter, widget)
        framed = element == QStyle.ControlElement.CE_ShapedFrame and \
            isinstance(widget, QAbstractScrollArea) and widget.hasFocus()
        pushed = element == QStyle.ControlElement.CE_PushButton and _focused(option)
        if framed or pushed:
            _ring(painter, option.rect, option.palette)

    def pixelMetric(self, metric: QStyle.PixelMetric,  # noqa: N802 (Qt's name)
                    option: QStyleOption | None = None, widget: QWidget | None = None) -> int:
        value = super().pixelMetric(metric, option, widget)
        if metric == QStyle.PixelMetric.PM_DefaultFrameWidth and \
                isinstance(widget, QAbstractItemView):
            return max(value, RING)  # a table's ring is not hidden under its cells
        return value

    def drawComplexControl(self, control: QStyle.ComplexControl,  # noqa: N802 (Qt's name)
                           option: QStyleOption, painter: QPainter,
                           widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in RINGED and _focused(option):
            _ring(painter, option.rect, option.palette)


def _is_push(widget: QWidget | None) -> bool:
    return widget is not None and widget.inherits("QPushButton")


def _focused(option: QStyleOption) -> bool:
    return bool(option.state & QStyle.StateFlag.State_HasFocus)


def _ring(painter: QPainter, rect: QRect, palette: QPalette) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    pen = QPen(palette.color(QPalette.ColorRole.Highlight), RING)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = RING // 2
    painter.drawRect(rect.adjusted(half, half, -half, -half))
    painter.restore()


def install_focus_style(app: QApplication) -> None:
    """Give the application the focus ring (once; the platform's style stays underneath)."""
    if not isinstance(app.style(), FocusStyle):
        app.setStyle(FocusStyle())
