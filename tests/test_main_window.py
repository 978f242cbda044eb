"""The main window, driven as the officer would: tabs, menus, status bar, files."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QPushButton

from cspdesk.store import migrations
from cspdesk.store.database import create_database
from ui import window_menus
from ui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, demo_path, settings):
    win = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(win)
    win.show()
    return win


def menu_titles(win):
    return [a.text().replace("&", "") for a in win.menuBar().actions()]


def test_window_has_the_four_tabs_and_menus(window):
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Meetings", "Performance", "Priorities", "Safer Streets"]
    assert menu_titles(window) == ["File", "Edit", "View", "Reports", "Help"]


def test_status_bar_names_the_open_database(window, demo_path):
    assert str(demo_path) in window.database_label.text()
    assert f"schema version {migrations.latest_version()}" in window.database_label.text()
    assert "BNS CSP" in window.windowTitle()


def test_switching_every_tab_shows_the_demo_data(window, qtbot):
    for index, page in enumerate(window.tab_pages):
        window.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda p=page: p.isVisible())
        assert not page.showing_empty_state(), page.title
    meetings, performance, priorities, safer_streets = window.tab_pages
    assert meetings.meetings.model.rowCount() > 30
    assert "JSG" in {m.group_short_name for m in meetings.meetings.model.all_rows()}
    comparison = performance.comparison.model
    rows = {comparison.row_at(r).area: comparison.index(r, 4).data()
            for r in range(comparison.rowCount())}
    assert rows["Newark and Sherwood"] == "+900 (+9.0%)"
    assert priorities.model.rowCount() == 8
    assert priorities.panel.form.title.text() == "Domestic Violence"
    assert "approx. 50%" in priorities.panel.form.texts["evidence"].toPlainText()
    assert safer_streets.model.rowCount() == 10
    assert "£750,000" in safer_streets.summary.text()


def test_view_menu_shortcuts_switch_tabs(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0


def test_performance_tab_follows_the_measure(window):
    window.tabs.setCurrentIndex(1)
    page = window.tab_pages[1].comparison
    page.measure.setCurrentText("Anti-social behaviour")
    rows = {page.model.row_at(r).area: page.model.index(r, 4).data()
            for r in range(page.model.rowCount())}
    assert rows["Nottinghamshire Police"] == "-3,900 (-13.0%)"


def test_meetings_filter_by_group(window):
    page = window.tab_pages[0].meetings
    page.group_filter.setCurrentIndex(page.group_filter.findText("JSG"))
    assert {m.group_short_name for m in page.model.all_rows()} == {"JSG"}


def test_an_empty_database_shows_honest_empty_states(qtbot, db_path, settings):
    win = MainWindow(db_path, settings=settings)
    qtbot.addWidget(win)
    for page in win.tab_pages:
        assert page.showing_empty_state()
        text = page.empty_state.explanation_label.text()
        assert "This database holds no" in text


def test_geometry_and_last_tab_are_remembered(qtbot, demo_path, settings):
    first = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(first)
    first.show()
    # Within the offscreen screen (800x600), so restoring need not shrink it.
    first.resize(max(first.minimumSizeHint().width(), 700), 500)
    size = first.size()
    first.tabs.setCurrentIndex(3)
    first.close()
    second = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == 3
    # The offscreen screen is 800 px wide; the window's least width is close to it, so the
    # restored width may be trimmed by a frame's few pixels.
    assert second.size().height() == size.height()
    assert abs(second.size().width() - size.width()) <= 4


def test_a_size_saved_on_another_screen_that_would_be_a_sliver_here_is_not_restored(
        qtbot, demo_path, settings):
    first = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(first)
    first.show()
    first.setMinimumSize(0, 0)
    first.setGeometry(700, 550, 700, 200)  # mostly off the 800x600 screen, and short
    first.close()
    second = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(second)
    room = second.screen().availableGeometry()
    shown = room.intersected(second.geometry())
    assert shown.width() >= room.width() * 0.6
    assert shown.height() >= room.height() * 0.6


def test_opening_a_bad_file_keeps_the_current_database(window, tmp_path, monkeypatch, demo_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    window.choose_and_open()
    assert "not an SQLite file" in warnings[0]
    assert window.db_path == demo_path
    window.tabs.setCurrentIndex(2)
    assert window.tab_pages[2].model.rowCount() == 8


def test_file_new_creates_and_opens_an_empty_database(window, tmp_path, monkeypatch):
    target = tmp_path / "new.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.new_database()
    assert window.db_path == target and target.exists()
    assert all(page.showing_empty_state() for page in window.tab_pages)
    assert str(target.resolve()) == window.recent_files()[0]


def test_file_new_never_overwrites(window, tmp_path, monkeypatch):
    target = tmp_path / "existing.sqlite"
    target.write_bytes(b"keep me")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    window.new_database()
    assert target.read_bytes() == b"keep me"
    assert "never overwrites" in warnings[0]


def test_open_recent_lists_databases_opened_before(window, tmp_path, qtbot):
    other = tmp_path / "other.sqlite"
    create_database(other).close()
    window.open_path(other)
    window._fill_recent_menu()
    entries = [a.text() for a in window.recent_menu.actions()]
    assert entries[0] == str(other.resolve())
    window.recent_menu.actions()[1].trigger()  # back to the demo
    window.tabs.setCurrentIndex(2)
    assert window.tab_pages[2].model.rowCount() == 8


def test_save_a_copy_as_writes_a_full_copy(window, tmp_path, monkeypatch):
    import sqlite3

    target = tmp_path / "copy.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.save_copy_as()
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT COUNT(*) FROM priorities").fetchone()[0] == 8
    conn.close()
    assert "Saved a copy" in window.statusBar().currentMessage()


def test_cancel_while_copying_leaves_no_copy(window, tmp_path, monkeypatch):
    target = tmp_path / "copy.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    real_backup_file = window_menus.backup_file

    def press_cancel_then_copy(source, to, progress):
        window.findChild(QProgressDialog).findChild(QPushButton).click()  # Cancel
        return real_backup_file(source, to, progress)

    monkeypatch.setattr(window_menus, "backup_file", press_cancel_then_copy)
    window.save_copy_as()
    assert window.statusBar().currentMessage() == "Copy cancelled"
    assert list(tmp_path.glob("copy.sqlite*")) == []


def test_copy_puts_selected_cells_on_the_clipboard(window, qtbot):
    window.tabs.setCurrentIndex(3)
    view = window.tab_pages[3].view
    view.setFocus()
    # The tab shows its first action already; with Ctrl still down from an earlier test's
    # shortcut, selectRow would toggle that row off again.
    view.clearSelection()
    view.selectRow(0)
    window.copy_selection()
    text = QApplication.clipboard().text()
    assert text.split("\t")[0] == "1"
    assert len(text.split("\t")) == window.tab_pages[3].model.columnCount()


def test_about_dialog_shows_the_version(window, monkeypatch):
    from cspdesk import __version__

    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.show_about()
    assert f"cspdesk {__version__}" in shown[0]


def test_screenshot_of_each_tab_is_not_blank(window, qtbot, tmp_path: Path):
    window.resize(1366, 768)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        image = window.grab().toImage()
        colours = {image.pixel(x, y) for x in range(0, 1366, 37) for y in range(60, 760, 23)}
        assert len(colours) > 3


def test_a_database_that_cannot_be_opened_at_start_up_leaves_a_usable_window(
        qtbot, tmp_path, settings, monkeypatch):
    bad = tmp_path / "spreadsheet.sqlite"
    bad.write_bytes(b"PK\x03\x04 an xlsx file renamed")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    win = MainWindow(bad, settings=settings)
    qtbot.addWidget(win)
    assert "not an SQLite file" in warnings[0]
    assert win.db is None
    assert win.database_label.text() == "No database open"
    assert all(page.showing_empty_state() for page in win.tab_pages)


def test_other_tabs_refresh_when_next_shown_after_a_write(window, qtbot, monkeypatch):
    priorities = window.tab_pages[2]
    loads = []
    original = type(priorities).load
    monkeypatch.setattr(type(priorities), "load", lambda self: loads.append(1) or original(self))
    window.tabs.setCurrentIndex(0)
    window.tab_pages[0].data_changed.emit()  # the Meetings tab saved something
    assert loads == []  # the Priorities tab is not on screen: nothing recomputed yet
    window.tabs.setCurrentIndex(2)
    assert loads == [1]
    assert priorities.model.rowCount() == 8
