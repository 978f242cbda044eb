"""Find anything: the core's matching, and the window's box and Ctrl+Shift+F taking the
officer to the record's tab."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from cspdesk.search import find_anything
from ui.find import open_find, show_hit
from ui.main_window import MainWindow


def lines(db, text):
    return [h.line() for h in find_anything(db, text)]


def test_every_word_must_be_found_in_any_case_and_part_of_a_word(demo_db):
    found = lines(demo_db, "newark COUNCIL")
    assert "Organisation: Newark and Sherwood District Council — Newark and Sherwood " \
           "District Council…" in found
    assert all("newark" in line.casefold() for line in found)
    assert lines(demo_db, "cctv zebra") == []


def test_each_kind_is_found_with_its_tab(demo_db):
    hits = find_anything(demo_db, "CCTV")
    kinds = {(h.kind, h.tab) for h in hits}
    assert {("action arising", "Meetings"), ("priority", "Priorities"),
            ("action", "Safer Streets"), ("update", "Safer Streets")} <= kinds
    update = next(h for h in hits if h.kind == "update")
    action = next(h for h in hits if h.kind == "action" and h.title == update.title)
    assert update.show_id == action.record_id  # an update shows its action


def test_percent_and_underscore_are_words_not_wildcards(demo_db):
    assert [h.kind for h in find_anything(demo_db, "50%")] == ["priority"]
    assert find_anything(demo_db, "_") == []
    assert find_anything(demo_db, "   ") == []


def test_the_find_box_takes_the_officer_to_the_action(qtbot, demo_path, tmp_path):
    window = MainWindow(demo_path, settings=QSettings(str(tmp_path / "s.ini"),
                                                      QSettings.Format.IniFormat),
                        backups=False)
    qtbot.addWidget(window)
    assert window.find_action.shortcut().toString() == "Ctrl+Shift+F"
    dialog = open_find(window, "Replace 4 town centre CCTV")
    assert dialog is not None
    assert dialog.results.item(0).text().startswith(
        "Action: Replace 4 town centre CCTV cameras")
    dialog.words.returnPressed.emit()
    page = window.tab_pages[window.tabs.currentIndex()]
    assert page.title == "Safer Streets"
    assert page.current_programme().name.startswith("Safer Streets")


def test_a_priority_is_shown_in_its_year(qtbot, demo_path, tmp_path):
    window = MainWindow(demo_path, settings=QSettings(str(tmp_path / "s.ini"),
                                                      QSettings.Format.IniFormat),
                        backups=False)
    qtbot.addWidget(window)
    dialog = open_find(window, "Town Centre Issues")
    assert dialog.status.text() == "1 found; Enter shows the first, or double-click one."
    dialog.words.returnPressed.emit()
    page = window.tab_pages[window.tabs.currentIndex()]
    assert page.title == "Priorities"
    assert "Area based work/Town Centre Issues" in page.list.currentIndex().data()
    assert page.list.currentIndex().row() > 0


def test_nothing_found_is_said(qtbot, demo_path, tmp_path):
    window = MainWindow(demo_path, settings=QSettings(str(tmp_path / "s.ini"),
                                                      QSettings.Format.IniFormat),
                        backups=False)
    qtbot.addWidget(window)
    dialog = open_find(window, "zebra crossing")
    assert dialog.status.text() == "Nothing holds 'zebra crossing'."


def found_window(qtbot, demo_path, tmp_path):
    window = MainWindow(demo_path, settings=QSettings(str(tmp_path / "s.ini"),
                                                      QSettings.Format.IniFormat),
                        backups=False)
    qtbot.addWidget(window)
    window.show()
    return window


def test_enter_shows_the_action_itself_not_only_its_programme(qtbot, demo_path, tmp_path):
    window = found_window(qtbot, demo_path, tmp_path)
    dialog = open_find(window, "Gym Safe")
    assert dialog.results.item(0).text().startswith("Action: Develop a Gym Safe Scheme")
    dialog.words.returnPressed.emit()
    page = window.tab_pages[window.tabs.currentIndex()]
    assert page.title == "Safer Streets"
    assert page.actions.selected().title == "Develop a Gym Safe Scheme"


def test_an_action_hidden_by_the_district_filter_is_still_shown(qtbot, demo_path, tmp_path):
    window = found_window(qtbot, demo_path, tmp_path)
    window.tabs.setCurrentIndex(3)
    actions = window.tab_pages[3].actions
    actions.district.setCurrentText("Bassetlaw")
    dialog = open_find(window, "Gym Safe")
    dialog.words.returnPressed.emit()
    assert actions.selected().title == "Develop a Gym Safe Scheme"
    assert actions.district.currentIndex() == 0


def test_a_person_is_shown_on_the_partnership_page(qtbot, demo_path, tmp_path):
    window = found_window(qtbot, demo_path, tmp_path)
    dialog = open_find(window, "Naomi Fairbrother")
    assert dialog.results.item(0).text().startswith("Person: Naomi Fairbrother")
    dialog.words.returnPressed.emit()
    tab = window.tab_pages[window.tabs.currentIndex()]
    assert tab.pages.currentWidget() is tab.structure
    assert tab.structure.stack.currentWidget() is tab.structure.people
    assert tab.structure.people.selected().name == "Naomi Fairbrother"


def test_a_meeting_is_shown_with_its_register(qtbot, demo_path, tmp_path):
    window = found_window(qtbot, demo_path, tmp_path)
    window.tabs.setCurrentIndex(2)
    *_, hit = (h for h in find_anything(window.db, "Microsoft Teams") if h.kind == "meeting")
    assert hit.show_id != window.tab_pages[0].meetings.current_meeting_id()  # not the first
    show_hit(window, hit)
    tab = window.tab_pages[window.tabs.currentIndex()]
    assert tab.title == "Meetings"
    assert tab.meetings.current_meeting_id() == hit.show_id


def test_finding_a_record_makes_only_its_own_tab(qtbot, demo_path, tmp_path):
    window = found_window(qtbot, demo_path, tmp_path)  # opens on Meetings
    dialog = open_find(window, "Town Centre Issues")
    dialog.words.returnPressed.emit()
    made = {page.title for _n, page in window.tabs.made_pages()}
    assert made == {"Meetings", "Priorities"}  # not Performance's charts nor Safer Streets
