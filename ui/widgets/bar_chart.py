"""A still bar chart drawn with QPainter, for a chart on screen when a tab opens.

It looks like the pyqtgraph charts (``charts.py``: white, titled, a grid across, labels
under the bars) but needs neither pyqtgraph nor numpy, which take a quarter of a second to
import: the Performance tab opens on its comparison, and its bars are all the officer reads
there (no zoom, no pan, as on every chart here).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

INK, AXIS, GRID, ZERO = "#1c1c1c", "#969696", QColor(0, 0, 0, 26), "#888888"
BAR_WIDTH = 0.6  # of each bar's slot
PAD = 8.0


@dataclass(frozen=True)
class Bar:
    """One bar: its label under the axis, its value and its colour."""

    label: str
    value: float
    colour: QColor


def axis_ticks(low: float, high: float) -> list[float]:
    """Round values (1, 2 or 5 times a power of ten apart, four to eight of them) from at
    or below ``low`` to at or above ``high``; zero among them when the range crosses it."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        return [0.0, 1.0]
    raw = (high - low) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [round(i * step, 10) for i in range(first, last + 1)]


class BarChart(QWidget):
    """Bars side by side with their labels under them, a title above, a zero line."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._bars: list[Bar] = []
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to do by keyboard
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_bars(self, bars: list[Bar]) -> None:
        """Show these bars (none: the title over an empty chart)."""
        self._bars = list(bars)
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(600, 220)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(200, 120)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1, 6))
        metrics = QFontMetricsF(small)
        top = self._title(painter)
        values = [bar.value for bar in self._bars]
        ticks = axis_ticks(min(values, default=0.0), max(values, default=0.0))
        labels = [f"{tick:g}" for tick in ticks]
        left = max(metrics.horizontalAdvance(text) for text in labels) + 2 * PAD
        plot = QRectF(left, top, self.width() - left - PAD,
                      self.height() - top - metrics.height() - 2 * PAD)
        if plot.height() <= 0 or plot.width() <= 0:
            return
        painter.setFont(small)
        self._axes(painter, plot, ticks, labels)
        self._draw_bars(painter, plot, ticks)
        painter.end()

    def _title(self, painter: QPainter) -> float:
        """Draw the title; the y where the plot starts."""
        if not self.title:
            return PAD * 2
        font = QFont(self.font())
        font.setPointSizeF(self.font().pointSizeF() + 1)
        painter.setFont(font)
        painter.setPen(QColor(INK))
        height = QFontMetricsF(font).height()
        painter.drawText(QRectF(0, PAD / 2, self.width(), height + PAD),
                         Qt.AlignmentFlag.AlignCenter, self.title)
        return height + PAD * 2

    def _y(self, plot: QRectF, ticks: list[float], value: float) -> float:
        return plot.bottom() - (value - ticks[0]) / (ticks[-1] - ticks[0]) * plot.height()

    def _axes(self, painter: QPainter, plot: QRectF, ticks: list[float],
              labels: list[str]) -> None:
        height = painter.fontMetrics().height()
        for tick, text in zip(ticks, labels, strict=True):
            y = self._y(plot, ticks, tick)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(AXIS))
            painter.drawText(QRectF(0, y - height / 2, plot.left() - PAD, height),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.setPen(QPen(QColor(AXIS), 1))
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())

    def _draw_bars(self, painter: QPainter, plot: QRectF, ticks: list[float]) -> None:
        if not self._bars:
            return
        slot = plot.width() / len(self._bars)
        zero = self._y(plot, ticks, 0.0)
        metrics = painter.fontMetrics()
        for i, bar in enumerate(self._bars):
            x = plot.left() + slot * i
            y = self._y(plot, ticks, bar.value)
            painter.setPen(QPen(bar.colour, 1))
            painter.setBrush(bar.colour)
            painter.drawRect(QRectF(x + slot * (1 - BAR_WIDTH) / 2, min(y, zero),
                                    slot * BAR_WIDTH, abs(zero - y)))
            painter.setPen(QColor(AXIS))
            text = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(slot))
            painter.drawText(QRectF(x, plot.bottom() + PAD / 2, slot, metrics.height()),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
        painter.setPen(QPen(QColor(ZERO), 1))
        painter.drawLine(QPointF(plot.left(), zero), QPointF(plot.right(), zero))
