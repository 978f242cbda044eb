"""The Safer Streets tab read as the officer reads it: one "Spent" at one "as at" day, a
spend warning that speaks of the amount typed, an "as at" day that opens where the record
was last brought up to date and remembers the officer's choice, the monitoring return's
quarter, and the data behind each dashboard chart."""

from __future__ import annotations

import datetime as dt

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import QDialog, QInputDialog

from cspdesk.money import format_pounds, pounds_to_pence
from cspdesk.programmes.spend import save_spend
from ui.main_window import MainWindow
from ui.programmes.dialogs import SpendDialog
from ui.programmes.programmes_tab import ProgrammesTab

ACTION_PLAN = "ASB Working Group Review action plan"


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def open_tab(qtbot, db, settings=None):
    tab = ProgrammesTab(settings=settings)
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    tab.set_database(db)
    tab.show()
    return tab


def action_id(db, title_start):
    return db.execute("SELECT id FROM actions WHERE title LIKE ?",
                      [title_start + "%"]).fetchone()[0]


def spent_in_rows(tab) -> int:
    """The Spent column of the actions grid, added up as the officer would."""
    model = tab.model
    spent = next(c for c in range(model.columnCount())
                 if model.headerData(c, pg.QtCore.Qt.Orientation.Horizontal) == "Spent")
    texts = [model.index(r, spent).data() for r in range(model.rowCount())]
    return sum(pounds_to_pence(t.replace("£", "")) for t in texts if t)


def test_spent_is_one_total_everywhere_at_the_as_at_day(qtbot, demo_db):
    save_spend(demo_db, action_id(demo_db, "Lighting scheme"),
               {"quarter": "2023/24 Q2", "amount": "70,000"})  # July to September 2023
    tab = open_tab(qtbot, demo_db)
    tab.as_at.setDate(QDate(2023, 6, 26))  # Q2 has not begun: its spend is not counted yet
    assert "<b>Spent</b> £589,500" in tab.summary.text()
    assert tab.dashboard.cards["spent"].value.text() == "£589,500"
    assert format_pounds(spent_in_rows(tab)) == "£589,500"
    tab.as_at.setDate(QDate(2023, 10, 2))
    assert "<b>Spent</b> £659,500" in tab.summary.text()
    assert tab.dashboard.cards["spent"].value.text() == "£659,500"
    assert format_pounds(spent_in_rows(tab)) == "£659,500"


def test_the_spend_warning_speaks_of_the_amount_now_typed(qtbot, demo_db):
    tab = open_tab(qtbot, demo_db)
    tab.as_at.setDate(QDate(2023, 6, 26))
    gym = next(a for a in tab.model.all_rows() if a.title.startswith("Develop a Gym Safe"))
    dialog = SpendDialog(demo_db, tab, tab.current_programme(), gym, tab.as_at_day())
    quarter, amount, warning = (dialog.widgets["quarter"], dialog.widgets["amount"],
                                dialog.errors["amount"])
    quarter.setCurrentIndex(quarter.findData("2023/24 Q2"))
    amount.setText("150,000")
    assert warning.isHidden()  # nothing is said before Save is pressed
    dialog.try_save()
    assert not warning.isHidden() and dialog.save_button.text() == "Save anyway"
    assert "This brings spend in 2023/24 to £255,500, £5,500 above" in warning.text()
    assert "This action's spend becomes £173,000" in warning.text()
    amount.setText("160,000")
    assert "This brings spend in 2023/24 to £265,500, £15,500 above" in warning.text()
    assert "This action's spend becomes £183,000" in warning.text()
    assert "£255,500" not in warning.text() and "£173,000" not in warning.text()
    amount.setText("10,000")  # within the year's limit and the action's budget
    assert warning.isHidden() and dialog.save_button.text() == "Save"
    dialog.try_save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert demo_db.execute("SELECT amount_pence FROM action_spend WHERE action_id = ? AND "
                           "quarter = '2023/24 Q2'", [gym.id]).fetchone()[0] == 1_000_000


def test_a_warned_spend_saves_the_amount_the_warning_names(qtbot, demo_db):
    tab = open_tab(qtbot, demo_db)
    gym = next(a for a in tab.model.all_rows() if a.title.startswith("Develop a Gym Safe"))
    dialog = SpendDialog(demo_db, tab, tab.current_programme(), gym, dt.date(2023, 8, 1))
    dialog.widgets["amount"].setText("150,000")  # 2023/24 Q2, the "as at" day's quarter
    dialog.try_save()
    dialog.widgets["amount"].setText("160,000")
    dialog.try_save()  # Save anyway, under the warning about £160,000
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert demo_db.execute("SELECT amount_pence FROM action_spend WHERE action_id = ? AND "
                           "quarter = '2023/24 Q2'", [gym.id]).fetchone()[0] == 16_000_000


def test_as_at_opens_on_the_last_update_not_today(qtbot, demo_db):
    tab = open_tab(qtbot, demo_db)
    assert tab.as_at_day() == dt.date(2023, 6, 13)  # Safer Streets 4's latest update
    assert tab.actions.counts.text() == (
        "10 actions: 0 red, 1 amber, 9 green (as at 13/06/2023)")  # today: 5 red
    tab.programme.setCurrentIndex(tab.programme.findText(ACTION_PLAN))
    assert tab.as_at_day() == dt.date(2023, 6, 16)
    assert tab.actions.counts.text().endswith("(as at 16/06/2023)")


def test_the_as_at_day_chosen_is_remembered_for_each_programme(qtbot, demo_db, settings):
    tab = open_tab(qtbot, demo_db, settings)
    tab.as_at.setDate(QDate(2023, 6, 30))
    tab.programme.setCurrentIndex(tab.programme.findText(ACTION_PLAN))
    assert tab.as_at_day() == dt.date(2023, 6, 16)  # its own: its last update
    tab.programme.setCurrentIndex(tab.programme.findText("Safer Streets 4"))
    assert tab.as_at_day() == dt.date(2023, 6, 30)
    again = open_tab(qtbot, demo_db, settings)  # the next time the database is opened
    assert again.programme.currentText() == "Safer Streets 4"
    assert again.as_at_day() == dt.date(2023, 6, 30)
    assert again.actions.counts.text().endswith("(as at 30/06/2023)")


def test_the_window_remembers_the_as_at_day_in_its_settings(qtbot, demo_path, settings):
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    tab = window.tab_pages[3]
    window.tabs.setCurrentWidget(tab)
    assert tab.as_at_day() == dt.date(2023, 6, 13)
    tab.as_at.setDate(QDate(2023, 7, 3))
    window.close()
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    assert window.tab_pages[3].as_at_day() == dt.date(2023, 7, 3)


@pytest.mark.parametrize(("as_at", "offered"), [
    (dt.date(2023, 6, 26), "2022/23 Q4"),  # 2023/24 Q1 is not over yet
    (dt.date(2023, 6, 30), "2023/24 Q1"),  # a quarter is complete on its last day
    (dt.date(2022, 11, 15), "2022/23 Q3"),  # none is complete: the programme's first
    (dt.date(2026, 11, 30), "2023/24 Q2"),  # long after: the programme's last
])
def test_the_monitoring_return_offers_the_latest_complete_quarter(
        qtbot, demo_db, monkeypatch, as_at, offered):
    tab = open_tab(qtbot, demo_db)
    tab.as_at.setDate(QDate(as_at.year, as_at.month, as_at.day))
    asked = []

    def get_item(parent, title, label, items, current, editable):
        asked.append((title, label, items, items[current]))
        return "", False  # Cancel

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    tab.actions.export_actions["return"].trigger()
    question = "Which quarter's monitoring return for Safer Streets 4?"
    quarters = ["2022/23 Q3", "2022/23 Q4", "2023/24 Q1", "2023/24 Q2"]
    assert asked == [("Monitoring return", question, quarters, offered)]


def bars(plot) -> list[pg.BarGraphItem]:
    return [i for i in plot.getPlotItem().items if isinstance(i, pg.BarGraphItem)]


def ticks(plot, axis) -> dict[float, str]:
    return dict(plot.getAxis(axis)._tickLevels[0])


def test_the_dashboard_charts_show_the_money_by_theme_and_quarter(qtbot, demo_db):
    tab = open_tab(qtbot, demo_db)
    tab.as_at.setDate(QDate(2023, 6, 26))
    page = tab.dashboard
    tab.pages.setCurrentWidget(page)  # the charts are drawn when the dashboard is chosen
    budget, spent = bars(page.by_theme)  # £000, one row per theme
    names = ticks(page.by_theme, "left")
    assert {names[round(y + 0.19)]: w for y, w in zip(budget.opts["y"], budget.opts["width"],
                                                       strict=True)} == {
        "Anti-social behaviour": 328.0, "Perceptions of safety": 360.0,
        "Violence against women and girls": 62.0}
    assert {names[round(y - 0.19)]: w for y, w in zip(spent.opts["y"], spent.opts["width"],
                                                       strict=True)} == {
        "Anti-social behaviour": 284.5, "Perceptions of safety": 260.0,
        "Violence against women and girls": 45.0}
    profile, spent = bars(page.by_quarter)
    quarters = ticks(page.by_quarter, "bottom")
    assert {quarters[round(x - 0.2)]: h for x, h in zip(spent.opts["x"], spent.opts["height"],
                                                         strict=True)} == {
        "22/23 Q3": 70.5, "22/23 Q4": 413.5, "23/24 Q1": 105.5, "23/24 Q2": 0.0}
    assert [round(h, 1) for h in profile.opts["height"]] == [147.4, 288.2, 162.8, 151.6]
    assert round(sum(profile.opts["height"]), 1) == 750.0  # the budgets, spread over time


def test_the_dashboard_charts_wait_until_the_dashboard_is_chosen(qtbot, demo_db):
    """The tab opens on its actions: the dashboard's figures are worked out (the summary
    line uses them) but its charts are drawn only when it is first shown, and again after
    a change while it is on screen."""
    tab = open_tab(qtbot, demo_db)
    page = tab.dashboard
    assert "Spent" in tab.summary.text() and page.cards["spent"].value.text().startswith("£")
    assert page._charts_due and page.by_theme._plot is None  # no PlotWidget made yet
    tab.pages.setCurrentWidget(page)
    assert not page._charts_due and len(bars(page.by_theme)) == 2
    tab.as_at.setDate(QDate(2023, 6, 26))
    budget, _spent = bars(page.by_theme)
    assert sum(budget.opts["width"]) == 750.0


def test_the_action_plan_chart_shows_actions_by_status_under_each_heading(qtbot, demo_db):
    tab = open_tab(qtbot, demo_db)
    tab.programme.setCurrentIndex(tab.programme.findText(ACTION_PLAN))
    tab.pages.setCurrentWidget(tab.dashboard)
    plot = tab.dashboard.by_heading
    headings = ticks(plot, "left")
    legend = {sample.item: label.text for sample, label in plot.getPlotItem().legend.items}
    counts = {}
    for item in bars(plot):
        for y, width in zip(item.opts["y"], item.opts["width"], strict=True):
            counts.setdefault(headings[y], {})[legend[item].lower()] = width
    assert counts["Community Protection Officers"] == {
        "not started": 0, "in progress": 1, "complete": 3, "cancelled": 0}
    assert counts["The Community Safety Charter"] == {
        "not started": 1, "in progress": 1, "complete": 0, "cancelled": 0}
    assert sum(sum(c.values()) for c in counts.values()) == 17
