"""Charts for papers, drawn with QPainter into a PNG: the core's ``ChartDrawer``.

QPainter on a QImage needs only a QGuiApplication (offscreen will do), draws the same on
every machine, and at the size a printed page wants; a pyqtgraph exporter would need a
widget and a scene for a still picture. The window passes ``chart_png`` to the builders;
``cspdesk report`` loads this module by name, as ``cspdesk screenshot`` loads the window.
"""

from __future__ import annotations

import math
import os

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

from cspdesk.reports.charts import ChartSpec

WIDTH, HEIGHT = 1600, 720  # about 160 mm across at 250 dots an inch
LEFT, RIGHT, TOP, BOTTOM = 130, 40, 120, 70
COLOURS = ("#1f3864", "#9a9a9a", "#b3261e", "#1b6e3a")
_APP: QGuiApplication | None = None


def ensure_gui() -> None:
    """Fonts need a Qt application: use the running one, else start one offscreen."""
    global _APP
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _APP = QGuiApplication([])


def nice_ceiling(value: float) -> tuple[float, float]:
    """An axis top at or above ``value`` and its step, both round numbers (1, 2 or 5 times a
    power of ten), with four to six steps: 2,140 -> (2,500, 500)."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return math.ceil(value / step) * step, step


def chart_png(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes: a line for each series across the categories, a gap where a
    value is missing, a y axis from 0, the title above and a key."""
    ensure_gui()
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        _draw(painter, spec)
    finally:
        painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _font(size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(size)
    font.setBold(bold)
    return font


def _draw(painter: QPainter, spec: ChartSpec) -> None:
    plot = QRectF(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM)
    painter.setPen(QColor("#1c1c1c"))
    painter.setFont(_font(30, bold=True))
    painter.drawText(QRectF(20, 10, WIDTH - 40, 50), Qt.AlignmentFlag.AlignLeft, spec.title)
    values = [v for s in spec.series for v in s.values if v is not None]
    top, step = nice_ceiling(max(values, default=0))
    _axes(painter, plot, spec, top, step)
    for index, series in enumerate(spec.series):
        colour = QColor(COLOURS[index % len(COLOURS)])
        _line(painter, plot, series.values, top, colour, dashed=index > 0)
        _key(painter, index, series.name, colour, dashed=index > 0)


def _x(plot: QRectF, count: int, index: int) -> float:
    return plot.left() + plot.width() * (index + 0.5) / count


def _y(plot: QRectF, top: float, value: float) -> float:
    return plot.bottom() - plot.height() * value / top


def _axes(painter: QPainter, plot: QRectF, spec: ChartSpec, top: float, step: float) -> None:
    painter.setFont(_font(24))
    ticks = round(top / step)
    for number in range(ticks + 1):
        value = number * step
        y = _y(plot, top, value)
        painter.setPen(QPen(QColor("#dddddd"), 2))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(QColor("#333333"))
        painter.drawText(QRectF(0, y - 16, LEFT - 14, 32), Qt.AlignmentFlag.AlignRight |
                         Qt.AlignmentFlag.AlignVCenter, f"{value:,.0f}")
    painter.setPen(QPen(QColor("#555555"), 2))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    painter.drawLine(plot.bottomLeft(), plot.topLeft())
    painter.setPen(QColor("#333333"))
    count = len(spec.categories)
    for index, label in enumerate(spec.categories):
        x = _x(plot, count, index)
        painter.drawText(QRectF(x - 60, plot.bottom() + 10, 120, 40),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label)


def _line(painter: QPainter, plot: QRectF, values: tuple[int | None, ...], top: float,
          colour: QColor, dashed: bool) -> None:
    pen = QPen(colour, 6 if not dashed else 5)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    previous: QPointF | None = None
    for index, value in enumerate(values):
        if value is None:
            previous = None
            continue
        point = QPointF(_x(plot, len(values), index), _y(plot, top, value))
        painter.setPen(pen)
        if previous is not None:
            painter.drawLine(previous, point)
        painter.setPen(QPen(colour, 2))
        painter.setBrush(colour)
        painter.drawEllipse(point, 7, 7)
        previous = point


def _key(painter: QPainter, index: int, name: str, colour: QColor, dashed: bool) -> None:
    x, y = LEFT + index * 260, 78
    pen = QPen(colour, 6)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawLine(QPointF(x, y), QPointF(x + 60, y))
    painter.setPen(QColor("#1c1c1c"))
    painter.setFont(_font(26))
    painter.drawText(QRectF(x + 72, y - 18, 180, 36), Qt.AlignmentFlag.AlignVCenter, name)
