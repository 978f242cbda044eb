"""The QPainter bar chart the Performance tab opens on: bars where their values say, in
their colours, on round axis steps that take in zero."""

from PySide6.QtGui import QColor

from ui.widgets.bar_chart import Bar, BarChart, axis_ticks


def test_axis_steps_are_round_and_take_in_zero():
    assert axis_ticks(1.0, 9.0) == [0, 2, 4, 6, 8, 10]
    assert axis_ticks(-17.8, -2.0) == [-20, -15, -10, -5, 0]
    assert axis_ticks(-3.0, 5.0) == [-4, -2, 0, 2, 4, 6]
    assert axis_ticks(0.0, 0.0) == [0.0, 1.0]


def test_a_rise_and_a_fall_are_drawn_either_side_of_zero(qtbot):
    chart = BarChart("Change (%)")
    qtbot.addWidget(chart)
    chart.resize(400, 300)
    red, green = QColor("#b3261e"), QColor("#1b6e3a")
    chart.set_bars([Bar("Rise", 5.0, red), Bar("Fall", -3.0, green)])
    chart.show()
    image = chart.grab().toImage()
    column = {name: [image.pixelColor(x, y).name() for y in range(image.height())]
              for name, x in (("Rise", 110), ("Fall", 290))}  # the middle of each slot
    rise_rows = [y for y, c in enumerate(column["Rise"]) if c == red.name()]
    fall_rows = [y for y, c in enumerate(column["Fall"]) if c == green.name()]
    assert rise_rows and fall_rows
    assert max(rise_rows) < min(fall_rows)  # the rise above the zero line, the fall below
    assert len(rise_rows) > len(fall_rows)  # 5 is taller than 3
    assert green.name() not in column["Rise"] and red.name() not in column["Fall"]
    chart.set_bars([])
    empty = chart.grab().toImage()
    assert red.name() not in {empty.pixelColor(110, y).name() for y in range(empty.height())}
