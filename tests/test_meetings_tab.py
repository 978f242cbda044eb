"""The Meetings tab driven as the Support Officer uses it: plan, take the register, see figures."""

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, QSettings, Qt, QTime
from PySide6.QtWidgets import QCheckBox, QFileDialog, QInputDialog, QMessageBox

from cspdesk.meetings.attendance import attendance_statistics
from cspdesk.meetings.exports import export_register_xlsx
from cspdesk.meetings.meetings import save_meeting
from cspdesk.meetings.register import load_register
from cspdesk.meetings.structure import QuorumRule, list_group_records
from ui.main_window import MainWindow
from ui.meetings.meeting_dialogs import meeting_dialog
from ui.meetings.structure_dialogs import group_dialog


@pytest.fixture
def window(qtbot, demo_window):
    win = demo_window
    return win


@pytest.fixture
def tab(window):
    return window.tab_pages[0]


def group_id(db, short_name):
    return db.execute("SELECT id FROM groups WHERE short_name = ?", [short_name]).fetchone()[0]


def plan_meeting(tab, qtbot, day: dt.date, start="10:00", end="12:00"):
    dialog = meeting_dialog(tab.db, tab, group_id=group_id(tab.db, "PDG"))
    widgets = dialog.widgets
    widgets["group_id"].setCurrentIndex(widgets["group_id"].findData(group_id(tab.db, "PDG")))
    widgets["date"].setDate(QDate(day.year, day.month, day.day))
    widgets["start_time"].setTime(QTime.fromString(start, "HH:mm"))
    widgets["end_time"].setTime(QTime.fromString(end, "HH:mm"))
    widgets["mode"].setCurrentIndex(widgets["mode"].findData("in person"))
    widgets["venue"].setEditText("Castle House, Newark")
    dialog.try_save()
    return dialog


def test_plan_a_meeting_and_it_appears_in_the_list(tab, qtbot):
    dialog = plan_meeting(tab, qtbot, dt.date(2023, 7, 20))
    assert dialog.result() == dialog.DialogCode.Accepted
    page = tab.meetings
    page.refresh()
    page.select_meeting(dialog.saved_id)
    assert page.current_meeting_id() == dialog.saved_id
    assert tab.meetings.register.title.text() == "Partnership Delivery Group (PDG)"
    assert page.register.subtitle.text() == (
        "20/07/2023, 10:00 to 12:00 · Castle House, Newark · Scheduled")


def test_the_register_and_the_sign_in_sheet_word_place_and_time_alike(tab, qtbot, tmp_path):
    dialog = plan_meeting(tab, qtbot, dt.date(2023, 7, 20))
    save_meeting(tab.db, {"mode": "online", "venue": "Bassetlaw"}, dialog.saved_id)
    page = tab.meetings
    page.refresh()
    page.select_meeting(dialog.saved_id)
    assert page.register.subtitle.text() == (
        "20/07/2023, 10:00 to 12:00 · Bassetlaw (online) · Scheduled")
    row = next(r for r in range(page.model.rowCount())
               if page.model.row_at(r).id == dialog.saved_id)
    assert page.model.index(row, 2).data() == "10:00 to 12:00"
    sheet = export_register_xlsx(tab.db, dialog.saved_id, tmp_path / "r.xlsx").path
    ws = load_workbook(sheet)["Register"]
    assert (ws["B3"].value, ws["B4"].value) == ("10:00 to 12:00", "Bassetlaw (online)")


def test_an_end_before_the_start_is_refused_at_the_field(tab, qtbot):
    before = tab.db.execute("SELECT COUNT(*) FROM meetings").fetchone()[0]
    dialog = plan_meeting(tab, qtbot, dt.date(2023, 7, 20), start="14:00", end="13:00")
    assert dialog.result() != dialog.DialogCode.Accepted
    error = dialog.errors["end_time"]
    assert not error.isHidden()
    assert "end" in error.text().lower()
    assert tab.db.execute("SELECT COUNT(*) FROM meetings").fetchone()[0] == before


def test_take_a_register_with_the_keyboard(tab, qtbot, monkeypatch):
    dialog = plan_meeting(tab, qtbot, dt.date(2023, 6, 29))
    meeting_id = dialog.saved_id
    page = tab.meetings
    page.refresh()
    page.select_meeting(meeting_id)
    panel = page.register
    view = panel.view
    members = [line.name for line in panel.model.rows]
    assert len(members) >= 4
    view.setFocus()
    view.setCurrentIndex(panel.model.index(0, 3))
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda parent, title, label, items, current, editable:
                        (items[0], True))
    for key in (Qt.Key.Key_P, Qt.Key.Key_O, Qt.Key.Key_X, Qt.Key.Key_S):
        qtbot.keyClick(view, key)
    qtbot.keyClick(view, Qt.Key.Key_A)  # apologies: the cursor stays for the reason
    assert panel.model.dirty
    qtbot.mouseClick(panel.all_present, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert not panel.model.dirty
    marks = {line.name: line.mark for line in load_register(tab.db, meeting_id)}
    assert marks[members[0]] == "present"
    assert marks[members[1]] == "present online"
    assert marks[members[2]] == "absent"
    assert marks[members[3]] == "substitute"
    assert all(m is not None for m in marks.values())
    status = tab.db.execute("SELECT status FROM meetings WHERE id = ?", [meeting_id]).fetchone()
    assert status[0] == "held"
    assert marks[members[4]] == "apologies"  # A is apologies, not absent
    assert panel.quorum_label.text() == (
        "<b>Quorate</b>: 10 of 12 members present; 5 needed (rule: at least 5 members present)"
        "<br>Responsible authorities not represented: integrated care board")
    assert panel.counts.text() == ("Present 8 · Online 1 · Apologies 1 · Absent 1 · "
                                   "Substitutes 1 · In attendance 0")


def test_statistics_change_after_a_register_is_saved(tab, qtbot):
    stats = tab.statistics
    tab.pages.setCurrentWidget(stats)  # the figures are worked out while the page is shown
    stats.group.setCurrentIndex(stats.group.findData("PDG"))
    before = {r.name: r.expected for r in stats.model.all_rows()}
    dialog = plan_meeting(tab, qtbot, dt.date(2023, 6, 29))
    page = tab.meetings
    page.refresh()
    page.select_meeting(dialog.saved_id)
    page.register.model.mark_unmarked_present()
    assert page.register.save()
    after = {r.name: r.expected for r in stats.model.all_rows()}
    assert sum(after.values()) > sum(before.values())
    expected = {r.name: r.expected for r in attendance_statistics(tab.db, "organisation", "PDG")}
    assert after == expected


def test_leaving_a_register_with_unsaved_marks_asks_first(tab, qtbot, monkeypatch):
    page = tab.meetings
    first = page.current_meeting_id()
    page.register.view.setFocus()
    page.register.model.set_mark(0, "absent")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Cancel)
    page.view.selectRow(3)
    assert page.current_meeting_id() == first  # stayed, the marks are still there
    assert page.register.model.dirty


def test_substitute_chooser_offers_the_members_colleagues_first(tab, monkeypatch):
    page = tab.meetings
    panel = page.register
    offered = {}

    def fake_get_item(parent, title, label, items, current, editable):
        offered["items"] = items
        return "", False

    monkeypatch.setattr(QInputDialog, "getItem", fake_get_item)
    panel._mark(0, "substitute")
    organisation = panel.model.rows[0].organisation
    assert offered["items"][0].endswith(f"({organisation})")
    assert panel.model.rows[0].mark != "substitute" or panel.model.rows[0].substitute_id


def test_outstanding_actions_show_overdue(tab):
    actions = tab.actions
    tab.pages.setCurrentWidget(actions)
    rows = actions.model.all_rows()
    assert rows and all(a.status == "open" for a in rows)
    assert "overdue" in actions.summary.text()


def test_export_statistics_writes_a_workbook(tab, tmp_path, monkeypatch):
    target = tmp_path / "attendance.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    tab.export_statistics("JSG", None, None)
    assert target.exists()
    assert "Wrote" in shown[0]


def test_empty_database_offers_to_set_up_the_partnership(qtbot, db_path, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = MainWindow(db_path, settings=settings)
    qtbot.addWidget(win)
    tab = win.tab_pages[0]
    assert tab.showing_empty_state()
    qtbot.mouseClick(tab.empty_state.action_button, Qt.MouseButton.LeftButton)
    assert not tab.showing_empty_state()
    assert tab.pages.currentWidget() is tab.structure


def test_opening_another_database_offers_to_save_the_register_first(window, tab, db_path,
                                                                      monkeypatch):
    tab.meetings.register.model.set_mark(0, "absent")
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[1])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert not window.open_path(db_path)
    assert asked == ["Unsaved register"]
    assert window.db_path != db_path  # stayed, the mark is still there to save
    assert tab.meetings.register.model.dirty


def test_the_group_form_shows_the_stored_quorum_rule_and_refuses_a_bad_one_at_it(tab):
    jsg = next(g for g in list_group_records(tab.db) if g.short_name == "JSG")
    dialog = group_dialog(tab.db, tab, jsg)
    rule = dialog.values()
    assert (rule["quorum_rule"], set(rule["quorum_authorities"])) == (
        "authorities", {"district council", "police", "county council"})
    for box in dialog.widgets["quorum_authorities"].findChildren(QCheckBox):
        box.setChecked(False)
    dialog.try_save()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "at least one responsible authority" in dialog.errors["quorum_rule"].text()
    assert QuorumRule.parse(list_group_records(tab.db)[0].quorum_rule).kind == "authorities"
