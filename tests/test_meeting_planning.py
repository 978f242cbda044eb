"""Planning meetings as the officer does, by typing: each group's usual times, mode and venue
are offered and kept in step, a series is typed and previewed, and file dialogs remember the
folder last used."""

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt, QTime
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cspdesk.meetings.meetings import get_meeting, meeting_defaults, save_meeting
from cspdesk.meetings.structure_edits import save_group
from ui.main_window import MainWindow
from ui.meetings.meeting_dialogs import SeriesDialog, meeting_dialog

CTRL = Qt.KeyboardModifier.ControlModifier
QUEENS = "Queen's Buildings, Worksop"


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitActive(widget):
        widget.activateWindow()
    return widget


def group_id(db, short_name):
    return db.execute("SELECT id FROM groups WHERE short_name = ?", [short_name]).fetchone()[0]


def place(widgets):
    """What the dialog offers, as it reads: times, mode and venue."""
    return (widgets["start_time"].time().toString("HH:mm"),
            widgets["end_time"].time().toString("HH:mm"), widgets["mode"].currentText(),
            widgets["venue"].currentText())


def choose(combo, data):
    combo.setCurrentIndex(combo.findData(data))


def test_a_new_meeting_is_offered_its_groups_usual_times_mode_and_venue(qtbot, demo_db):
    dialog = shown(qtbot, meeting_dialog(demo_db, None, group_id=group_id(demo_db, "PDG")))
    w = dialog.widgets
    assert place(w) == ("14:00", "16:00", "Hybrid", QUEENS)  # the PDG meets 14:00 to 16:00
    choose(w["group_id"], group_id(demo_db, "SS4PB"))
    assert place(w) == ("14:00", "15:30", "In person", "Castle House, Newark")
    choose(w["group_id"], group_id(demo_db, "ASBCP"))
    assert place(w) == ("14:00", "15:30", "Online", "Microsoft Teams")
    choose(w["mode"], "in person")  # never 'In person' at 'Microsoft Teams'
    assert place(w)[2:] == ("In person", "")
    choose(w["mode"], "online")
    assert place(w)[2:] == ("Online", "Microsoft Teams")


def test_a_venue_the_officer_typed_stays_when_the_mode_changes(qtbot, demo_db):
    dialog = shown(qtbot, meeting_dialog(demo_db, None, group_id=group_id(demo_db, "PDG")))
    venue = dialog.widgets["venue"]
    venue.lineEdit().selectAll()
    qtbot.keyClicks(venue.lineEdit(), "Retford Town Hall")
    choose(dialog.widgets["mode"], "in person")
    assert place(dialog.widgets)[2:] == ("In person", "Retford Town Hall")
    dialog.try_save()
    saved = get_meeting(demo_db, dialog.saved_id)
    assert (saved.mode, saved.venue, saved.start_time) == ("in person", "Retford Town Hall",
                                                          "14:00")


def test_a_group_without_meetings_starts_at_ten_in_person_with_no_venue(qtbot, demo_db):
    new = save_group(demo_db, {"name": "Hate Crime Panel", "short_name": "HCP",
                               "tier": "operational"})
    dialog = shown(qtbot, meeting_dialog(demo_db, None, group_id=new))
    assert place(dialog.widgets) == ("10:00", "12:00", "In person", "")


def test_a_groups_usual_times_are_its_most_used_of_late(demo_db):
    pdg = group_id(demo_db, "PDG")
    save_meeting(demo_db, {"group_id": pdg, "date": "2023-07-20", "start_time": "09:30",
                           "end_time": "11:00", "mode": "online", "venue": "Microsoft Teams"})
    usual = meeting_defaults(demo_db, pdg)
    assert (usual.start_time, usual.end_time) == ("14:00", "16:00")  # one odd meeting
    assert (usual.mode, usual.venue) == ("online", "Microsoft Teams")  # the latest's mode


def type_date(qtbot, field, text):
    field.line.setFocus()
    qtbot.keyClick(field.line, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field.line, text)
    qtbot.keyClick(field.line, Qt.Key.Key_Tab)


def test_a_series_is_planned_by_typing_and_previewed_as_it_is_typed(qtbot, demo_db):
    dialog = shown(qtbot, SeriesDialog(demo_db, None, group_id(demo_db, "PDG")))
    dialog.group.setFocus()
    qtbot.keyClicks(dialog.group, "SS4PB")
    assert dialog.group.currentData() == group_id(demo_db, "SS4PB")
    assert (dialog.start_time.time(), dialog.end_time.time(), dialog.mode.currentText(),
            dialog.venue.currentText()) == (QTime(14, 0), QTime(15, 30), "In person",
                                           "Castle House, Newark")
    dialog.weeks.setFocus()
    qtbot.keyClick(dialog.weeks, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.weeks, "6")
    qtbot.keyClicks(dialog.weekday, "Tuesday")
    type_date(qtbot, dialog.start, "5/9/23")
    type_date(qtbot, dialog.end, "31 December 2023")
    assert dialog.summary.text() == (
        "3 meetings: every 6 weeks on Tuesday from 05/09/2023 to 31/12/2023")
    assert [dialog.preview.item(n).text() for n in range(dialog.preview.count())] == [
        "Tuesday 05/09/2023", "Tuesday 17/10/2023", "Tuesday 28/11/2023"]
    type_date(qtbot, dialog.end, "31/09/2023")
    assert dialog.error.text() == (
        "The last date '31/09/2023' is not a date: September 2023 has 30 days.")
    assert dialog.preview.count() == 0
    type_date(qtbot, dialog.end, "10/9/23")
    assert dialog.summary.text() == (
        "1 meeting: every 6 weeks on Tuesday from 05/09/2023 to 10/09/2023")
    dialog.create()
    assert dialog.result() == dialog.DialogCode.Accepted
    row = demo_db.execute(
        "SELECT date, start_time, end_time, mode, venue FROM meetings WHERE group_id = ? "
        "AND date > '2023-06-01'", [group_id(demo_db, "SS4PB")]).fetchall()
    assert row == [("2023-09-05", "14:00", "15:30", "in person", "Castle House, Newark")]


@pytest.fixture
def window(qtbot, demo_path, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(win)
    return win


def test_one_meeting_is_one_meeting(window, demo_path):
    page = window.tab_pages[0].meetings
    new = save_group(page.db, {"name": "Hate Crime Panel", "short_name": "HCP",
                               "tier": "operational"})
    save_meeting(page.db, {"group_id": new, "date": dt.date(2023, 9, 12)})
    page.set_database(page.db)
    page.group_filter.setCurrentIndex(page.group_filter.findData(new))
    assert page.summary.text() == "1 meeting, 0 held"
    page.group_filter.setCurrentIndex(page.group_filter.findData(group_id(page.db, "JSG")))
    assert page.summary.text() == "5 meetings, 5 held"


def test_a_file_dialog_starts_in_the_folder_last_used_and_remembers_it(window, qtbot, tmp_path,
                                                                       monkeypatch):
    folder = tmp_path / "CSP papers"
    folder.mkdir()
    offered = []

    def save_as(parent, title, start, file_filter):
        offered.append(start)
        return str(folder / f"export{len(offered)}.xlsx"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    tab = window.tab_pages[0]
    tab.export_statistics("JSG", None, None)
    tab.meetings.export_calendar()
    assert offered[1] == str(folder / "CSP meetings.ics")  # where the first export went
    again = MainWindow(window.db_path, settings=window.settings)
    qtbot.addWidget(again)
    again.tab_pages[0].export_statistics("PDG", None, None)
    assert offered[2] == str(folder / "PDG attendance.xlsx")  # remembered for next time


def test_the_import_dialogs_start_where_the_last_file_was_chosen(window, tmp_path,
                                                                 monkeypatch):
    folder = tmp_path / "police.uk downloads"
    folder.mkdir()
    offered = []

    def open_files(parent, title, start, file_filter):
        offered.append(start)
        return [], ""

    def open_file(parent, title, start, file_filter):
        offered.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", open_files)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_file)
    window.settings.setValue("files/last_folder", str(folder))
    window.tab_pages[1].import_files()  # Performance > Import police.uk files
    window.import_from_excel()  # File > Import from Excel
    assert offered == [str(folder), str(folder)]
