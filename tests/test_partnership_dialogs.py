"""The Partnership page's dialogs driven by typing, as the officer sets the partnership up:
what is typed is saved and listed, and a refusal is shown at its field with the typing kept."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from cspdesk.meetings.structure_edits import save_person
from ui.widgets.forms import FormDialog

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def page(qtbot, demo_window):
    win = demo_window
    with qtbot.waitActive(win):
        win.activateWindow()
    tab = win.tab_pages[0]
    tab.pages.setCurrentWidget(tab.structure)
    return tab.structure


def fill_in(monkeypatch, *steps, retry=False):
    """Each dialog opened runs the next step (typing into it), then Save; with ``retry`` a
    refused dialog runs the next step too, as the officer puts it right. Returns the errors
    shown at the fields after each Save."""
    seen = []

    def run(dialog):
        while True:
            steps[len(seen)](dialog)
            dialog.try_save()
            seen.append({} if dialog.result() else {
                n: e.text() for n, e in dialog.errors.items() if not e.isHidden()})
            if dialog.result() or not retry:
                return dialog.result()

    monkeypatch.setattr(FormDialog, "exec", run)
    return seen


def button(record_list, text):
    return next(b for b in record_list.findChildren(QPushButton) if b.text() == text)


def rows(record_list):
    model = record_list.view.model()
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def choose_group(page, short_name):
    view = page.groups.view
    row = next(r for r in range(view.model().rowCount())
               if view.model().index(r, 0).data() == short_name)
    view.setCurrentIndex(view.model().index(row, 0))


def typed(qtbot, widget, text):
    """Select what the field holds and type over it."""
    target = widget.line if hasattr(widget, "line") else widget
    target.setFocus()
    qtbot.keyClick(target, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(target, text)


def test_an_organisation_is_added_by_typing(page, qtbot, monkeypatch):
    def add(d):
        typed(qtbot, d.widgets["name"], "Bassetlaw Community and Voluntary Service")
        typed(qtbot, d.widgets["short_name"], "BCVS")
        qtbot.keyClicks(d.widgets["kind"], "Voluntary")

    seen = fill_in(monkeypatch, add)
    qtbot.mouseClick(button(page.organisations, "Add…"), Qt.MouseButton.LeftButton)
    assert seen == [{}]
    assert ("Bassetlaw Community and Voluntary Service", "BCVS", "Voluntary", "No") in rows(
        page.organisations)


def test_a_person_with_an_incomplete_email_is_refused_at_it_then_saved(page, qtbot,
                                                                      monkeypatch):
    def add(d):
        typed(qtbot, d.widgets["name"], "Gemma Walsh")
        typed(qtbot, d.widgets["job_title"], "Community Safety Officer")
        qtbot.keyClicks(d.widgets["organisation_id"], "Bassetlaw")
        typed(qtbot, d.widgets["email"], "gemma.walsh@bassetlaw")

    def finish(d):
        qtbot.keyClicks(d.widgets["email"], ".gov.uk")

    seen = fill_in(monkeypatch, add, finish, retry=True)
    qtbot.mouseClick(button(page.people, "Add…"), Qt.MouseButton.LeftButton)
    assert seen[0] == {"email": "The email address 'gemma.walsh@bassetlaw' is not complete "
                                   "(for example name@council.gov.uk)."}
    assert seen[1] == {}
    assert ("Gemma Walsh", "Community Safety Officer", "BDC", "gemma.walsh@bassetlaw.gov.uk",
            "", "Yes") in rows(page.people)


def test_a_member_is_added_with_typed_dates_and_a_wrong_order_refused(page, qtbot,
                                                                     monkeypatch):
    save_person(page.db, {"name": "Gemma Walsh"})
    page.refresh()
    choose_group(page, "PDG")

    def add(d):
        qtbot.keyClicks(d.widgets["person_id"], "Gemma")
        typed(qtbot, d.widgets["start_date"], "1/4/23")
        typed(qtbot, d.widgets["end_date"], "31 March 2023")

    def fix(d):
        typed(qtbot, d.widgets["end_date"], "31/3/24")

    seen = fill_in(monkeypatch, add, fix, retry=True)
    qtbot.mouseClick(button(page.members, "Add…"), Qt.MouseButton.LeftButton)
    assert seen[0] == {"end_date": "The end date 31/03/2023 is before the start date "
                                      "01/04/2023."}
    assert seen[1] == {}
    assert ("Gemma Walsh", "", "Member", "01/04/2023", "31/03/2024") in rows(page.members)


def test_a_group_with_a_number_for_its_quorum_is_added_by_typing(page, qtbot, monkeypatch):
    def add(d):
        typed(qtbot, d.widgets["name"], "Hate Crime Panel")
        typed(qtbot, d.widgets["short_name"], "HCP")
        qtbot.keyClicks(d.widgets["parent_id"], "PDG")
        qtbot.keyClicks(d.widgets["quorum_rule"], "A number")
        typed(qtbot, d.widgets["quorum_count"], "4")

    seen = fill_in(monkeypatch, add)
    qtbot.mouseClick(button(page.groups, "Add…"), Qt.MouseButton.LeftButton)
    assert seen == [{}]
    assert ("HCP", "Hate Crime Panel", "Operational", "at least 4 members present") in rows(
        page.groups)


def test_the_next_chair_is_added_once_the_current_term_is_ended_by_typing(page, qtbot,
                                                                         monkeypatch):
    choose_group(page, "JSG")

    def overlapping(d):
        qtbot.keyClicks(d.widgets["organisation_id"], "Bassetlaw")
        typed(qtbot, d.widgets["start_date"], "1 April 2025")

    def end_current(d):
        typed(qtbot, d.widgets["end_date"], "31/03/2025")

    def add_next(d):
        qtbot.keyClicks(d.widgets["organisation_id"], "Bassetlaw")
        typed(qtbot, d.widgets["start_date"], "1/4/25")

    seen = fill_in(monkeypatch, overlapping, end_current, add_next)
    qtbot.mouseClick(button(page.chairs, "Add…"), Qt.MouseButton.LeftButton)
    assert list(seen[0]) == ["start_date"]
    assert "already has a chair term" in seen[0]["start_date"]
    page.chairs.view.setCurrentIndex(page.chairs.view.model().index(0, 0))  # NSDC's, open
    qtbot.mouseClick(button(page.chairs, "Edit…"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(page.chairs, "Add…"), Qt.MouseButton.LeftButton)
    assert seen[1:] == [{}, {}]
    assert rows(page.chairs)[:2] == [("01/04/2025", "", "BDC", ""),
                                     ("01/04/2023", "31/03/2025", "NSDC", "Helen Ashworth")]
