"""Monthly figures typed as the analyst types them: Enter, number, Enter, as in Excel; the
page keeps its place, and flags, chart and comparison follow each count at once."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cspdesk.dates import financial_year_of, next_financial_year
from ui.performance.performance_tab import PerformanceTab


@pytest.fixture
def tab(qtbot, demo_db):
    page = PerformanceTab()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.set_database(demo_db)
    page.pages.setCurrentWidget(page.monthly)
    return page


def column_of(monthly, name):
    return next(i for i, a in enumerate(monthly.model.areas) if a.name == name)


def stored(db, area, month, measure="All crime"):
    row = db.execute(
        "SELECT count FROM monthly_counts c JOIN areas a ON a.id = c.area_id JOIN measures m "
        "ON m.id = c.measure_id WHERE a.name = ? AND m.name = ? AND month = ?",
        [area, measure, month]).fetchone()
    return row and row[0]


def go_to(qtbot, monthly, row, area):
    """Put the cursor on a cell and the focus in the grid, as a click would."""
    monthly.view.setCurrentIndex(monthly.model.index(row, column_of(monthly, area)))
    monthly.view.setFocus()
    qtbot.waitUntil(monthly.view.hasFocus, timeout=2000)


def press(qtbot, keys, modifier=Qt.KeyboardModifier.NoModifier):
    """Keys as typed: each goes to whatever has the focus then (the grid or its editor)."""
    for key in "".join(keys):
        target = QApplication.focusWidget()
        if key == "\n":
            qtbot.keyClick(target, Qt.Key.Key_Return, modifier)
            qtbot.wait(20)  # Qt stores an edit after the key press, as in a real window
        else:
            qtbot.keyClick(target, key)


def chart_lines(monthly):
    """The months (0 = April) and counts behind each line of the chart, by its name."""
    return {item.name(): dict(zip(*(list(v) for v in item.getData()), strict=True))
            for item in monthly.chart.getPlotItem().listDataItems()}


def test_the_year_chooser_offers_this_year_and_next_to_type_into(tab, demo_db, qtbot):
    monthly = tab.monthly
    current = financial_year_of(dt.date.today())
    years = [monthly.year.itemText(i) for i in range(monthly.year.count())]
    assert years == [next_financial_year(current), current, "2022/23", "2021/22"]
    assert monthly.year.currentText() == "2022/23"  # the newest year with counts first
    monthly.year.setCurrentText(next_financial_year(current))
    go_to(qtbot, monthly, 0, "Bassetlaw")
    press(qtbot, ["1234", "\n"])
    april = f"{next_financial_year(current)[:4]}-04"
    assert stored(demo_db, "Bassetlaw", april) == 1234
    assert monthly.model.index(0, column_of(monthly, "Bassetlaw")).data() == "1,234"


def test_a_column_of_counts_is_typed_enter_number_enter(tab, demo_db, qtbot, qtlog):
    monthly = tab.monthly
    go_to(qtbot, monthly, 0, "Bassetlaw")  # April 2022
    press(qtbot, ["901", "\n", "902", "\n", "903", "\n"])
    assert [stored(demo_db, "Bassetlaw", f"2022-0{m}") for m in (4, 5, 6)] == [901, 902, 903]
    column = column_of(monthly, "Bassetlaw")
    assert [monthly.model.index(r, column).data() for r in range(3)] == ["901", "902", "903"]
    current = monthly.view.currentIndex()
    assert (current.row(), current.column()) == (3, column)  # July, ready for the next
    assert QApplication.focusWidget() is monthly.view
    assert monthly.notes_label.text() == "<b>Hotspots</b>: Bassetlaw, July 2022"
    assert not [r for r in qtlog.records if "commitData" in r.message]


def test_enter_moves_down_and_shift_enter_up_without_typing(tab, qtbot):
    monthly = tab.monthly
    go_to(qtbot, monthly, 4, "Rushcliffe")
    press(qtbot, ["\n", "\n"])
    assert monthly.view.currentIndex().row() == 6
    press(qtbot, ["\n"], Qt.KeyboardModifier.ShiftModifier)
    assert monthly.view.currentIndex().row() == 5
    assert monthly.view.currentIndex().column() == column_of(monthly, "Rushcliffe")


def test_a_refused_count_keeps_its_cell_and_says_why(tab, demo_db, qtbot):
    monthly = tab.monthly
    go_to(qtbot, monthly, 1, "Bassetlaw")
    press(qtbot, ["-5", "\n"])
    assert monthly.message.text() == ("The count for Bassetlaw in May 2022 cannot be "
                                      "negative: '-5' is not a count.")
    assert monthly.view.currentIndex().row() == 1
    assert stored(demo_db, "Bassetlaw", "2022-05") == 869


def test_save_notes_keeps_the_area_and_month(tab, qtbot):
    monthly = tab.monthly
    go_to(qtbot, monthly, 7, "Mansfield")  # November 2022
    monthly.notes.setPlainText("Town centre: shoplifting at the Four Seasons")
    qtbot.mouseClick(monthly.save_notes, Qt.MouseButton.LeftButton)
    current = monthly.view.currentIndex()
    assert (current.row(), current.column()) == (7, column_of(monthly, "Mansfield"))
    assert monthly.notes_label.text() == "<b>Hotspots</b>: Mansfield, November 2022"
    assert monthly.notes.toPlainText() == "Town centre: shoplifting at the Four Seasons"


def test_a_refresh_keeps_the_month_and_area(tab):
    monthly = tab.monthly
    monthly.view.setCurrentIndex(monthly.model.index(9, column_of(monthly, "Gedling")))
    tab.refresh()
    current = monthly.view.currentIndex()
    assert (current.row(), current.column()) == (9, column_of(monthly, "Gedling"))
    monthly.year.setCurrentText("2021/22")  # another year: the same month and area in it
    assert monthly.notes_label.text() == "<b>Hotspots</b>: Gedling, January 2022"


def test_flags_chart_and_comparison_follow_a_count_at_once(tab, demo_db, qtbot):
    monthly = tab.monthly
    go_to(qtbot, monthly, 5, "Bassetlaw")  # September 2022, 848 before
    assert chart_lines(monthly)["2022/23"][5] == 848
    bassetlaw = next(r for r in tab.comparison.model.all_rows() if r.area == "Bassetlaw")
    press(qtbot, ["8", "\n"])
    index = monthly.model.index(5, column_of(monthly, "Bassetlaw"))
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    assert "Data quality: far below the months either side" in index.data(
        Qt.ItemDataRole.ToolTipRole)
    assert chart_lines(monthly)["2022/23"][5] == 8
    tab.pages.setCurrentWidget(tab.quality)  # the other pages read it when chosen
    flags = [(f.area, f.month) for f in tab.quality.model.all_rows()]
    assert flags == [("Bassetlaw", "2022-09")]
    assert tab.quality.summary.text().startswith("1 month flagged. A month is flagged when")
    tab.pages.setCurrentWidget(tab.comparison)
    after = next(r for r in tab.comparison.model.all_rows() if r.area == "Bassetlaw")
    assert after.count == bassetlaw.count - 840
    assert after.flags == ("September 2022: far below the months either side (8 against "
                           "about 864)",)


def test_the_chart_starts_afresh_for_a_measure_with_no_counts(tab):
    monthly = tab.monthly
    monthly.view.setCurrentIndex(monthly.model.index(0, column_of(monthly, "Ashfield")))
    low, high = monthly.chart.getViewBox().viewRange()[1]
    assert high > 500  # All crime: hundreds a month
    monthly.measure.setCurrentText("Hate crime")  # none in the demo
    assert chart_lines(monthly) == {}
    assert monthly.chart.getViewBox().viewRange()[1] == [0, 1]
    assert monthly.chart.getPlotItem().titleLabel.text == (
        "No counts of Hate crime for Ashfield in 2022/23 or 2021/22")
    monthly.measure.setCurrentText("Anti-social behaviour")
    lines = chart_lines(monthly)
    assert set(lines) == {"2022/23", "2021/22"}
    low, high = monthly.chart.getViewBox().viewRange()[1]
    assert low <= min(lines["2022/23"].values()) and high >= max(lines["2022/23"].values())
