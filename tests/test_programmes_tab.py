"""The Safer Streets tab driven as the officer uses it: add an action, record an update and a
spend, see the dashboard change; refusals at the field; filters; exports."""

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from cspdesk.programmes.programmes import list_updates
from ui.programmes.programmes_tab import ProgrammesTab
from ui.widgets.forms import FormDialog

REPORT_DAY = dt.date(2023, 6, 26)


@pytest.fixture
def tab(qtbot, demo_db):
    widget = ProgrammesTab()
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.set_database(demo_db)
    widget.as_at.setDate(QDate(REPORT_DAY))
    widget.show()
    return widget


def fill_forms(monkeypatch, *fillers):
    """Each form the tab opens is filled by the next filler, then saved as by pressing Save
    (a filler returning False leaves it open and unsaved, as Cancel would)."""
    queue = list(fillers)
    opened = []

    def fake_exec(dialog):
        opened.append(dialog)
        if queue.pop(0)(dialog) is False:
            return False
        dialog.try_save()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(FormDialog, "exec", fake_exec)
    return opened


def select(tab, title_start):
    for row in range(tab.model.rowCount()):
        if tab.model.row_at(row).title.startswith(title_start):
            tab.actions.select_action(tab.model.row_at(row).id)
            return tab.model.row_at(row)
    raise AssertionError(title_start)


def type_into(qtbot, widget, text):
    widget.clear()
    qtbot.keyClicks(widget, text)


def test_the_tab_shows_safer_streets_4(tab):
    assert tab.programme.currentText() == "Safer Streets 4"
    assert tab.model.rowCount() == 10
    assert "£750,000" in tab.summary.text()
    assert tab.actions.counts.text() == "10 actions: 0 red, 3 amber, 7 green (as at 26/06/2023)"
    rag = tab.model.index(2, 1)
    assert rag.data() == "Amber"
    assert "behind profile" in rag.data(Qt.ItemDataRole.ToolTipRole)


def test_add_an_action_record_an_update_and_a_spend_and_see_the_dashboard_change(
        tab, qtbot, monkeypatch):
    dashboard = tab.dashboard
    tab.pages.setCurrentWidget(dashboard)
    assert dashboard.cards["award"].caption.text() == "Award (budgets £750,000)"

    def new_action(dialog):
        type_into(qtbot, dialog.widgets["title"], "Alley gates behind Carter Gate")
        dialog.widgets["theme"].setCurrentText("Anti-social behaviour")
        dialog.widgets["intervention"].setCurrentIndex(
            dialog.widgets["intervention"].findData("gating"))
        dialog.widgets["status"].setCurrentIndex(dialog.widgets["status"].findData(
            "in progress"))
        type_into(qtbot, dialog.widgets["budget"], "12,000")

    def update(dialog):
        qtbot.keyClicks(dialog.widgets["text"], "Residents consulted; gates ordered.")

    def spend(dialog):
        quarter = dialog.widgets["quarter"]
        assert quarter.currentData() == "2023/24 Q1"  # the quarter of the "as at" day
        type_into(qtbot, dialog.widgets["amount"], "4,500")

    fill_forms(monkeypatch, new_action, update, spend)
    tab.actions.add_action()
    assert tab.model.rowCount() == 11
    added = tab.actions.selected()
    assert added.title == "Alley gates behind Carter Gate" and added.position == 11
    assert dashboard.cards["award"].caption.text() == "Award (budgets £762,000)"

    tab.actions.add_update()
    assert tab.actions.detail.updates_model.row_at(0).text == \
        "Residents consulted; gates ordered."
    assert tab.actions.selected().latest_update == "Residents consulted; gates ordered."

    q1_before = {q.quarter: q.spent_pence for q in dashboard.dashboard.by_quarter}["2023/24 Q1"]
    tab.actions.record_spend()
    assert tab.actions.detail.spend_model.row_at(0).amount_pence == 450_000
    assert dashboard.cards["spent"].value.text() == "£594,000"
    quarters = {q.quarter: q.spent_pence for q in dashboard.dashboard.by_quarter}
    assert (q1_before, quarters["2023/24 Q1"]) == (10_550_000, 11_000_000)
    assert "£594,000" in tab.summary.text()


def test_spend_over_a_years_limit_is_confirmed_at_the_field(tab, qtbot, monkeypatch):
    gym = select(tab, "Develop a Gym Safe")
    dialogs = fill_forms(monkeypatch, lambda d: (
        d.widgets["quarter"].setCurrentIndex(d.widgets["quarter"].findData("2023/24 Q2")),
        type_into(qtbot, d.widgets["amount"], "150,000")))
    tab.actions.record_spend()
    dialog = dialogs[0]
    assert dialog.result() != QDialog.DialogCode.Accepted
    error = dialog.errors["amount"]
    assert not error.isHidden() and "above the year's limit of £250,000" in error.text()
    assert dialog.save_button.text() == "Save anyway"
    assert tab.db.execute("SELECT COUNT(*) FROM action_spend WHERE action_id = ?",
                          [gym.id]).fetchone()[0] == 2
    dialog.try_save()  # the user presses Save anyway
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert tab.db.execute("SELECT amount_pence FROM action_spend WHERE action_id = ? AND "
                          "quarter = '2023/24 Q2'", [gym.id]).fetchone()[0] == 15_000_000


def test_a_negative_spend_is_refused_at_the_field(tab, qtbot, monkeypatch):
    select(tab, "Develop a Gym Safe")
    dialogs = fill_forms(monkeypatch, lambda d: type_into(qtbot, d.widgets["amount"], "-50"))
    tab.actions.record_spend()
    assert "cannot be negative" in dialogs[0].errors["amount"].text()
    assert dialogs[0].result() != QDialog.DialogCode.Accepted


def test_an_update_without_text_is_refused_at_the_field(tab, monkeypatch):
    action = select(tab, "Lighting scheme")
    before = len(list_updates(tab.db, action.id))
    dialogs = fill_forms(monkeypatch, lambda d: None)
    tab.actions.add_update()
    assert not dialogs[0].errors["text"].isHidden()
    assert len(list_updates(tab.db, action.id)) == before


def test_a_completion_before_the_start_is_refused_at_the_field(tab, qtbot, monkeypatch):
    from PySide6.QtCore import QDate

    select(tab, "Install CCTV")

    def complete_too_early(dialog):
        dialog.widgets["status"].setCurrentIndex(dialog.widgets["status"].findData("complete"))
        dialog.widgets["completed_on"].setDate(QDate(2022, 12, 1))

    dialogs = fill_forms(monkeypatch, complete_too_early)
    tab.actions.edit_action()
    error = dialogs[0].errors["completed_on"]
    assert not error.isHidden() and "before the planned start" in error.text()
    assert select(tab, "Install CCTV").status == "in progress"


def test_set_rag_by_hand_needs_a_reason(tab, qtbot, monkeypatch):
    select(tab, "Lighting scheme")

    def choose_green(dialog):
        dialog.widgets["rag_override"].setCurrentIndex(2 + 1)  # Green

    dialogs = fill_forms(monkeypatch, choose_green, lambda d: (
        choose_green(d), qtbot.keyClicks(d.widgets["rag_override_reason"],
                                         "Contractor on site; spend invoiced in July")))
    tab.actions.set_rag()
    assert not dialogs[0].errors["rag_override_reason"].isHidden()
    tab.actions.set_rag()
    action = tab.actions.selected()
    assert action.rag.label == "Green (set by hand)"
    assert "Contractor on site" in tab.actions.detail.rag.text()
    assert tab.actions.counts.text().startswith("10 actions: 0 red, 2 amber, 8 green")


def test_filter_by_district_and_priority(tab):
    actions = tab.actions
    actions.district.setCurrentIndex(actions.district.findText("Bassetlaw"))
    assert [a.position for a in tab.model.all_rows()] == [9]
    actions.district.setCurrentIndex(actions.district.findData(0))  # joint actions
    assert [a.position for a in tab.model.all_rows()] == [4, 5]
    actions.priority.setCurrentIndex(actions.priority.findText("2023/24: Domestic Violence"))
    assert [a.position for a in tab.model.all_rows()] == [4, 5]
    actions.district.setCurrentIndex(0)
    actions.priority.setCurrentIndex(actions.priority.findData(0))  # no priority
    assert [a.position for a in tab.model.all_rows()] == [9]


def test_the_as_at_day_changes_the_rag(tab):
    tab.as_at.setDate(QDate(2023, 10, 2))
    assert tab.actions.counts.text().startswith("10 actions: 5 red, 0 amber, 5 green")
    assert tab.dashboard.overdue_model.rowCount() == 5
    days = tab.dashboard.cards["days"]
    assert (days.caption.text(), days.value.text()) == ("Ended 30/09/2023", "2 days ago")


def test_the_dashboard_warns_about_the_year_limits(tab):
    tab.pages.setCurrentWidget(tab.dashboard)
    text = tab.dashboard.warnings.text()
    assert "2023/24: the forecast of £266,000 is £16,000 above the limit" in text
    assert tab.dashboard.year_model.rowCount() == 2
    assert tab.dashboard.cards["days"].value.text() == "96"


def test_an_action_plan_dashboard_has_no_money(tab):
    tab.programme.setCurrentIndex(tab.programme.findText("ASB Working Group Review action plan"))
    assert tab.model.rowCount() == 17
    page = tab.dashboard
    assert not page.by_theme.isVisibleTo(page) and page.by_heading.isVisibleTo(page)
    assert not tab.actions.buttons["spend"].isEnabled()
    assert not tab.actions.export_actions["return"].isEnabled()
    assert "Action plan" in tab.summary.text()


def test_exports_run_from_the_tab(tab, tmp_path, monkeypatch):
    targets = iter([tmp_path / "tracker.xlsx", tmp_path / "return.xlsx"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(next(targets)), ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    offered = []

    def get_item(parent, title, label, items, current, editable):
        offered.append((items, current))
        return "2023/24 Q1", True

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    tab.actions.export_actions["tracker"].trigger()
    tab.actions.export_actions["return"].trigger()
    assert len(shown) == 2 and all(s.startswith("Wrote") for s in shown)
    tracker = openpyxl.load_workbook(tmp_path / "tracker.xlsx")["Action tracker"]
    assert tracker.max_row == 4 + 10
    items, current = offered[0]
    assert items[current] == "2022/23 Q4"  # the last quarter ended by 26/06/2023
    summary = openpyxl.load_workbook(tmp_path / "return.xlsx")["Summary"]
    assert summary["B8"].value == 105_500


def test_delete_an_action_after_asking(tab, monkeypatch):
    select(tab, "Promote ShopWatch")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    tab.actions.buttons["delete"].click()
    assert tab.model.rowCount() == 9
    assert "£573,000" in tab.summary.text()


def test_an_empty_database_starts_with_a_programme(qtbot, db, monkeypatch):
    widget = ProgrammesTab()
    qtbot.addWidget(widget)
    widget.set_database(db)
    assert widget.showing_empty_state()

    def bad_then_good(dialog):
        type_into(qtbot, dialog.widgets["name"], "Safer Streets 5")
        type_into(qtbot, dialog.widgets["award"], "500,000")
        dialog.widgets["year_limits"].setPlainText("2024/25 half a million")

    dialogs = fill_forms(monkeypatch, bad_then_good)
    widget.empty_state.action_button.click()
    assert not dialogs[0].errors["year_limits"].isHidden()
    assert widget.showing_empty_state()
    dialogs[0].widgets["year_limits"].setPlainText("2024/25: £500,000 by 31/03/2025")
    dialogs[0].try_save()
    widget.refresh()
    assert not widget.showing_empty_state()
    assert widget.programme.currentText() == "Safer Streets 5"
    assert "£500,000" in widget.summary.text()
