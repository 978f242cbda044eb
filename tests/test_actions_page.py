"""Actions arising as the officer reads them: 'Mark done' can be undone, and actions done or
dropped can be listed and reopened."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from cspdesk.dates import format_date
from cspdesk.meetings.actions import get_meeting_action, list_actions_arising, set_action_status

ICB_DEPUTY = "Confirm the Integrated Care Board's named deputy for the PDG"
DRAFT = "Circulate the draft strategic assessment to all responsible authorities for comment"
TODAY = format_date(dt.date.today())


@pytest.fixture
def page(qtbot, demo_window):
    win = demo_window
    with qtbot.waitActive(win):
        win.activateWindow()
    tab = win.tab_pages[0]
    tab.pages.setCurrentWidget(tab.actions)
    return tab.actions


def show(page, shown):
    page.show_list.setCurrentIndex(page.show_list.findText(shown))


def rows(page):
    """Each row as it reads: (action, status, completed)."""
    model = page.view.model()
    return [tuple(model.index(r, c).data() for c in (1, 4, 5)) for r in range(model.rowCount())]


def choose(page, description):
    model = page.view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == description)
    page.view.setCurrentIndex(model.index(row, 1))


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_mark_done_says_what_it_did_and_undo_puts_it_back(page, qtbot):
    assert page.summary.text() == "4 actions outstanding, 4 overdue"
    choose(page, ICB_DEPUTY)
    assert page.done_button.text() == "Mark &done"
    click(qtbot, page.done_button)
    assert page.notice.text() == f"Marked done: “{ICB_DEPUTY}” (PDG 30/03/2023)."
    assert page.undo_button.isVisible()
    assert page.summary.text() == "3 actions outstanding, 3 overdue"
    assert ICB_DEPUTY not in [r[0] for r in rows(page)]
    show(page, "Done")
    assert (ICB_DEPUTY, "Done", TODAY) in rows(page)
    assert page.summary.text() == "3 actions done"
    click(qtbot, page.undo_button)
    assert page.notice.text() == f"Undone: “{ICB_DEPUTY}” is overdue again."
    assert not page.undo_button.isVisible()
    assert ICB_DEPUTY not in [r[0] for r in rows(page)]
    show(page, "Outstanding")
    assert (ICB_DEPUTY, "Overdue", "") in rows(page)
    assert page.summary.text() == "4 actions outstanding, 4 overdue"


def test_ctrl_z_undoes_the_last_mark_done(page, qtbot):
    choose(page, ICB_DEPUTY)
    click(qtbot, page.done_button)
    page.view.setFocus()
    action_id = next(a.id for a in list_actions_arising(page.db, "done")
                     if a.description == ICB_DEPUTY)
    assert get_meeting_action(page.db, action_id).status == "done"
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    action = get_meeting_action(page.db, action_id)
    assert (action.status, action.completed_on) == ("open", None)


def test_an_action_done_is_listed_and_can_be_reopened_and_the_reopening_undone(page, qtbot):
    show(page, "Done")
    assert rows(page) == [
        ("Report the agreed 2023/24 priorities to the Policy & Performance Improvement "
         "Committee", "Done", "26/06/2023"),
        (DRAFT, "Done", "20/02/2023")]  # the most recently completed first
    choose(page, DRAFT)
    assert page.done_button.text() == "Re&open"
    click(qtbot, page.done_button)
    assert page.notice.text() == f"Reopened: “{DRAFT}” (JSG 17/01/2023)."
    assert [r[0] for r in rows(page)] == ["Report the agreed 2023/24 priorities to the "
                                          "Policy & Performance Improvement Committee"]
    click(qtbot, page.undo_button)
    assert (DRAFT, "Done", "20/02/2023") in rows(page)  # its own completion date, kept


def test_all_actions_lists_the_open_ones_first(page, demo_db):
    show(page, "All")
    listed = rows(page)
    assert page.summary.text() == "6 actions"
    assert [r[1] for r in listed] == ["Overdue"] * 4 + ["Done"] * 2


def test_a_status_change_keeps_the_rest_of_the_action(demo_db):
    action = next(a for a in list_actions_arising(demo_db) if a.description == ICB_DEPUTY)
    before = set_action_status(demo_db, action.id, "dropped", "2023-06-01")
    assert before == action
    after = get_meeting_action(demo_db, action.id)
    assert (after.status, after.completed_on, after.due_date, after.owner_id) == (
        "dropped", "2023-06-01", action.due_date, action.owner_id)
    assert [a.description for a in list_actions_arising(demo_db, "dropped")] == [ICB_DEPUTY]
