"""The window makes only the tab it opens on; another tab is made, with the open database's
data, when first chosen, and choosing it leaves the keyboard focus in the window."""

from __future__ import annotations

import importlib
import sqlite3

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from cspdesk.store.database import create_database
from ui.main_window import TABS, MainWindow


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def made(window: MainWindow) -> list[str]:
    return [page.title for _index, page in window.tabs.made_pages()]


def priorities_listed(window: MainWindow) -> list[str]:
    page = window.tabs.page(2)
    return [page.model.index(row, 0).data() for row in range(page.model.rowCount())]


def test_each_tab_class_has_the_title_the_window_gives_it():
    for title, where in TABS:
        module, name = where.split(":")
        assert getattr(importlib.import_module(module), name).title == title


def test_the_window_makes_only_the_tab_it_opens_on(qtbot, demo_path, settings):
    settings.setValue("mainWindow/tab", 2)
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    assert made(window) == ["Priorities"]
    assert len(priorities_listed(window)) == 8
    assert [window.tabs.tabText(i) for i in range(4)] == [t for t, _w in TABS]


def test_a_tab_first_chosen_shows_the_open_databases_data(qtbot, demo_path, settings, tmp_path):
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    assert made(window) == ["Meetings"]
    window.tabs.setCurrentIndex(2)
    assert made(window) == ["Meetings", "Priorities"]
    assert priorities_listed(window)[0].startswith("1. ")
    empty = tmp_path / "empty.sqlite"
    create_database(empty).close()
    window.open_path(empty)
    window.tabs.setCurrentIndex(3)  # made now, on the database open now
    assert window.tabs.page(3).showing_empty_state()
    assert window.tabs.page(3).db is window.db


def test_choosing_a_tab_leaves_the_keyboard_in_the_window(qtbot, demo_path, settings):
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    for index in (1, 2, 3):  # each made now, date fields and all
        window.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        assert QApplication.activeWindow() is window, window.tabs.tabText(index)


def test_the_tabs_are_found_as_a_tab_widget_finds_its_own(qtbot, demo_path, settings):
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    programmes = window.tab_pages[3]
    window.tabs.setCurrentWidget(programmes)
    assert window.tabs.currentIndex() == 3 == window.tabs.indexOf(programmes)
    assert window.tabs.currentWidget() is programmes


def group_names(structure) -> list[str]:
    model = structure.groups.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_the_partnership_page_reads_the_database_open_when_it_is_chosen(qtbot, demo_path,
                                                                       settings, tmp_path):
    """The Meetings tab reads its hidden pages when first chosen: from the database open
    then, never one closed since."""
    other = tmp_path / "other.sqlite"
    other.write_bytes(demo_path.read_bytes())
    with sqlite3.connect(other) as db:
        db.execute("UPDATE groups SET short_name = 'SBB' WHERE short_name = 'JSG'")
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    window.open_path(other)
    meetings = window.tab_pages[0]
    meetings.pages.setCurrentWidget(meetings.structure)
    assert group_names(meetings.structure) == ["SBB", "PDG", "ASBCP", "DAF", "SS4PB"]


def test_the_meetings_tab_makes_its_other_pages_when_first_chosen(qtbot, demo_path, settings):
    """The window opens on meetings and registers: the statistics, the actions and the
    partnership are made (their modules imported) the first time they are chosen, even
    after a register is saved, and then show the saved register's database."""
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    meetings = window.tab_pages[0]
    pages = meetings.pages
    assert [pages.tabText(i) for i in range(pages.count())] == [
        "Meetings and registers", "Attendance statistics", "Actions arising", "Partnership"]
    assert [index for index, _page in pages.made_pages()] == [0]
    register = meetings.meetings.register
    register.model.mark_unmarked_present()
    assert register.save()
    assert [index for index, _page in pages.made_pages()] == [0]
    pages.setCurrentIndex(3)
    assert [index for index, _page in pages.made_pages()] == [0, 3]
    assert group_names(meetings.structure) == ["JSG", "PDG", "ASBCP", "DAF", "SS4PB"]
    pages.setCurrentIndex(2)
    assert meetings.actions.model.rowCount() == len(meetings.actions.model.all_rows()) > 0
