"""Date fields typed into as the officer types: what is shown is what is saved, or it is refused
at the field with the reason."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QTableView

from cspdesk.meetings.actions import list_meeting_actions
from cspdesk.meetings.meetings import get_meeting
from ui.main_window import MainWindow
from ui.meetings.actions_page import action_dialog
from ui.meetings.meeting_dialogs import meeting_dialog
from ui.widgets.date_field import DateField

CTRL = Qt.KeyboardModifier.ControlModifier


def shown(qtbot, widget):
    """On screen and active, so typing, Tab and Enter work as at the desk."""
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitActive(widget):
        widget.activateWindow()
    return widget


def type_over(qtbot, field, text):
    """Click into the field, select all (Ctrl+A) and type ``text`` over it."""
    field.line.setFocus()
    qtbot.keyClick(field.line, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field.line, text)


def count(db, table):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def pdg(db):
    return db.execute("SELECT id FROM groups WHERE short_name = 'PDG'").fetchone()[0]


def a_pdg_meeting(db):
    return db.execute("SELECT id FROM meetings WHERE group_id = ? AND date = '2023-05-25'",
                      [pdg(db)]).fetchone()[0]


@pytest.mark.parametrize(("typed", "day", "words"), [
    ("01/07/2023", "2023-07-01", "Saturday 1 July 2023"),
    ("30/09/2023", "2023-09-30", "Saturday 30 September 2023"),
    ("1/7/23", "2023-07-01", "Saturday 1 July 2023"),
    ("12 March 2024", "2024-03-12", "Tuesday 12 March 2024")])
def test_a_date_typed_whole_over_the_old_one_is_the_date_saved(qtbot, demo_db, typed, day,
                                                               words):
    dialog = shown(qtbot, meeting_dialog(demo_db, None, group_id=pdg(demo_db)))
    field = dialog.widgets["date"]
    type_over(qtbot, field, typed)
    assert field.day.text() == words  # what it understood, while typing
    qtbot.keyClick(field.line, Qt.Key.Key_Return)  # Enter saves the dialog
    assert dialog.result() == dialog.DialogCode.Accepted
    assert get_meeting(demo_db, dialog.saved_id).date == day
    assert field.text() == f"{day[8:]}/{day[5:7]}/{day[:4]}"  # rewritten dd/mm/yyyy


def test_an_empty_optional_date_takes_typing_and_is_saved(qtbot, demo_db):
    meeting_id = a_pdg_meeting(demo_db)
    dialog = shown(qtbot, action_dialog(demo_db, None, meeting_id))
    qtbot.keyClicks(dialog.widgets["description"], "Book the room for the July meeting")
    due = dialog.widgets["due_date"]
    assert due.text() == "" and due.line.placeholderText() == "dd/mm/yyyy"
    type_over(qtbot, due, "31/08/2023")
    qtbot.keyClick(due.line, Qt.Key.Key_Tab)
    assert (due.text(), due.day.text()) == ("31/08/2023", "Thursday 31 August 2023")
    dialog.try_save()
    saved = [a for a in list_meeting_actions(demo_db, meeting_id) if a.id == dialog.saved_id]
    assert saved[0].due_date == "2023-08-31"


@pytest.mark.parametrize(("typed", "message"), [
    ("31082023", "The date '31082023' is not a date written dd/mm/yyyy (for example "
                 "11/04/2023 or 11 April 2023)."),
    ("31/13/2023", "The date '31/13/2023' is not a date: there is no month 13 (the day comes "
                   "first, dd/mm/yyyy)."),
    ("31/09/2023", "The date '31/09/2023' is not a date: September 2023 has 30 days.")])
def test_a_date_that_cannot_be_read_is_refused_at_the_field_and_nothing_saved(
        qtbot, demo_db, typed, message):
    meeting_id = a_pdg_meeting(demo_db)
    before = count(demo_db, "meeting_actions")
    dialog = shown(qtbot, action_dialog(demo_db, None, meeting_id))
    qtbot.keyClicks(dialog.widgets["description"], "Book the room")
    due = dialog.widgets["due_date"]
    type_over(qtbot, due, typed)
    qtbot.keyClick(due.line, Qt.Key.Key_Tab)
    error = dialog.errors["due_date"]
    assert error.isVisible() and error.text() == message  # at once, on leaving the field
    dialog.try_save()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert count(demo_db, "meeting_actions") == before
    assert due.text() == typed  # what was typed is kept to be put right
    assert error.text() == message


def test_a_needed_date_left_empty_is_asked_for_at_the_field(qtbot, demo_db):
    before = count(demo_db, "meetings")
    dialog = shown(qtbot, meeting_dialog(demo_db, None, group_id=pdg(demo_db)))
    field = dialog.widgets["date"]
    type_over(qtbot, field, "")
    qtbot.keyClick(field.line, Qt.Key.Key_Delete)
    dialog.try_save()
    assert dialog.errors["date"].text() == "Enter the date."
    assert count(demo_db, "meetings") == before


def test_the_calendar_of_an_empty_date_opens_at_today_and_fills_the_field(qtbot):
    field = shown(qtbot, DateField(None, allow_empty=True))
    changes = []
    field.dateChanged.connect(changes.append)
    qtbot.keyClick(field.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.popup.calendar
    assert field.popup.isVisible()
    assert calendar.selectedDate() == QDate.currentDate()  # not December 1999
    calendar.setSelectedDate(QDate(2023, 8, 31))
    qtbot.keyClick(calendar.findChild(QTableView), Qt.Key.Key_Return)
    assert not field.popup.isVisible()
    assert (field.text(), field.value()) == ("31/08/2023", dt.date(2023, 8, 31))
    assert changes == [QDate(2023, 8, 31)]


def test_the_calendar_of_a_date_opens_at_that_date_and_escape_leaves_it(qtbot):
    field = shown(qtbot, DateField(dt.date(2023, 4, 18)))
    field.button.click()
    assert field.popup.calendar.selectedDate() == QDate(2023, 4, 18)
    qtbot.keyClick(field.popup, Qt.Key.Key_Escape)
    assert not field.popup.isVisible() and field.text() == "18/04/2023"


@pytest.fixture
def window(qtbot, demo_path, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(demo_path, settings=settings)
    return shown(qtbot, win)


def test_a_priority_review_date_typed_wrong_is_refused_not_dropped(window, qtbot):
    tab = next(t for t in window.tab_pages if t.title == "Priorities")
    window.tabs.setCurrentWidget(tab)
    stored = tab.db.execute("SELECT id, review_date FROM priorities").fetchall()
    form = tab.panel.form
    type_over(qtbot, form.review_date, "31/02/2024")
    assert not tab.panel.save()
    assert form.errors["review_date"].text() == (
        "The review date '31/02/2024' is not a date: February 2024 has 29 days.")
    assert tab.db.execute("SELECT id, review_date FROM priorities").fetchall() == stored
    type_over(qtbot, form.review_date, "1/3/24")
    assert tab.panel.save()
    row = tab.db.execute("SELECT review_date FROM priorities WHERE id = ?",
                         [tab.panel.priority_id]).fetchone()
    assert row[0] == "2024-03-01"


def test_attendance_statistics_follow_typed_dates_and_say_when_one_cannot_be_read(
        window, qtbot):
    tab = window.tab_pages[0]
    stats = tab.statistics
    tab.pages.setCurrentWidget(stats)
    stats.group.setCurrentIndex(stats.group.findData("PDG"))
    every = sum(r.expected for r in stats.model.all_rows())
    type_over(qtbot, stats.start, "1/4/23")
    qtbot.keyClick(stats.start.line, Qt.Key.Key_Tab)
    # PDG held one meeting from April 2023 (25/05/2023), of its eight.
    since = sum(r.expected for r in stats.model.all_rows())
    assert 0 < since < every
    type_over(qtbot, stats.end, "31/04/2023")
    qtbot.keyClick(stats.end.line, Qt.Key.Key_Tab)
    assert stats.message.text() == (
        "The 'To' date '31/04/2023' is not a date: April 2023 has 30 days.")
