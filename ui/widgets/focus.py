"""Focus the officer can see: a two-pixel ring in the highlight colour round whatever control
has the keyboard focus (buttons, ticks, choosers, date and text fields, tables).

Styles differ: Fusion shows a button's focus only after a Tab press and a table's never;
Windows draws a faint dotted line. ``FocusStyle`` wraps the platform's own style (so
everything else looks native) and draws the same clear ring everywhere.
"""

from __future__ import annotations

import traceback
from typing import Any

import shiboken6
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionFrame,
    QWidget,
)

RING = 2  # pixels
_REFRAMED = "cspdeskRingFrame"  # an item view whose frame polish widened
RINGED = (QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox,
          QStyle.ComplexControl.CC_ToolButton)


class FocusStyle(QProxyStyle):
    """The platform's style, with a visible focus ring.

    Qt calls these methods from C++ with the widget being laid out or painted. PySide may
    hand over the wrong Python object for it: a new widget made at the address of a layout
    item deleted from C++ (as the mapping dialog rebuilds its form's rows) came as that
    item's old QWidgetItem wrapper, and the TypeError raised passing it on crashed PySide
    6.11 (a segmentation fault in the tests, one run in three). Each method therefore takes
    the widget only when it is a live QWidget (``_alive``), and no exception leaves it."""

    def _drawPrimitive(self, element: QStyle.PrimitiveElement,  # noqa: N802 (Qt's name)
                      option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        widget = _alive(widget)
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect and \
                not isinstance(widget, QAbstractItemView):
            if not _is_push(widget):  # a push button's ring goes round the whole button
                _ring(painter, option.rect, option.palette)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element == QStyle.PrimitiveElement.PE_FrameLineEdit and _focused(option):
            _ring(painter, option.rect, option.palette)

    def _drawControl(self, element: QStyle.ControlElement,  # noqa: N802 (Qt's name)
                    option: QStyleOption, painter: QPainter,
                    widget: QWidget | None = None) -> None:
        widget = _alive(widget)
        if element == QStyle.ControlElement.CE_ShapedFrame and widget is not None and \
                widget.property(_REFRAMED) and option.frameShape == QFrame.Shape.Box:
            option = QStyleOptionFrame(option)  # drawn as the platform's own frame
            option.frameShape = QFrame.Shape.StyledPanel
        super().drawControl(element, option, painter, widget)
        framed = element == QStyle.ControlElement.CE_ShapedFrame and \
            isinstance(widget, QAbstractScrollArea) and widget.hasFocus()
        pushed = element == QStyle.ControlElement.CE_PushButton and _focused(option)
        if framed or pushed:
            _ring(painter, option.rect, option.palette)

    def _polish(self, target: Any) -> None:
        """Once per widget: an item view's frame is made as wide as the ring, so that the
        cells never hide it. It becomes a plain box of that width, which ``drawControl``
        draws as the platform's own frame. (Answering the frame-width metric instead, as
        before, put a Python call on each of the 2,700 times Qt asks a metric while the
        window is laid out: 0.01 to 0.02 s of the window's start.)"""
        if isinstance(target, (QPalette, QApplication)):
            super().polish(target)
            return
        widget = _alive(target)
        if widget is None:
            return
        super().polish(widget)
        if isinstance(widget, QAbstractItemView) and \
                widget.frameShape() == QFrame.Shape.StyledPanel:
            wide = max(widget.frameWidth(), RING)
            widget.setFrameShape(QFrame.Shape.Box)
            widget.setFrameShadow(QFrame.Shadow.Plain)
            widget.setLineWidth(wide)
            widget.setProperty(_REFRAMED, True)

    def _drawComplexControl(self, control: QStyle.ComplexControl,  # noqa: N802 (Qt's name)
                           option: QStyleOption, painter: QPainter,
                           widget: QWidget | None = None) -> None:
        widget = _alive(widget)
        super().drawComplexControl(control, option, painter, widget)
        if control in RINGED and _focused(option):
            _ring(painter, option.rect, option.palette)


def _tolerant(name: str) -> Any:
    """The style method ``name``, never letting an exception out (one would crash PySide
    6.11 from within Qt's layout code): it is printed, and the platform's style answers."""
    own = getattr(FocusStyle, f"_{name}")

    def override(self: FocusStyle, *args: Any) -> Any:
        try:
            return own(self, *args)
        except Exception:  # noqa: BLE001 (printed, never silent)
            traceback.print_exc()
            if name == "polish":
                return None  # the widget keeps the platform's look without the ring
            plain = list(args)
            if len(plain) > 3:
                plain[3] = None  # the widget's place
            return getattr(QProxyStyle, name)(self, *plain)
    override.__name__ = name
    return override


for _name in ("drawPrimitive", "drawControl", "polish", "drawComplexControl"):
    setattr(FocusStyle, _name, _tolerant(_name))


def _alive(widget: Any) -> QWidget | None:
    """``widget`` when it is a live widget, else None. PySide looks a C++ pointer up by its
    address, so a widget made where a deleted layout item (QWidgetItem) or widget was can
    arrive as that old object's Python wrapper: passing it on raised TypeError."""
    if isinstance(widget, QWidget) and shiboken6.isValid(widget):
        return widget
    return None


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
