"""The quick check started ahead (while the window's modules load) answers for the open that
follows only while the file is as it was: a file changed since is checked again, and a
damaged one is refused in the same sentence either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspdesk.errors import CorruptDatabaseError
from cspdesk.store import integrity
from cspdesk.store.database import open_database

PAGE = 4096


def zero_page(path: Path, page: int) -> None:
    with path.open("r+b") as fh:
        fh.seek((page - 1) * PAGE)
        fh.write(b"\0" * PAGE)


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """The quick checks run on the opening connection (not the one ahead)."""
    done: list[str] = []
    real = integrity.problems

    def counted(db, how=integrity.QUICK):
        if how == integrity.QUICK:
            done.append(how)
        return real(db, how)

    monkeypatch.setattr(integrity, "problems", counted)
    return done


def finish_ahead(path: Path) -> None:
    _state, thread, _answer = integrity._AHEAD[path.resolve()]
    thread.join()


def test_an_unchanged_file_is_not_checked_twice(demo_path, checks):
    integrity.check_ahead(demo_path)
    finish_ahead(demo_path)
    checks.clear()  # the one ahead
    open_database(demo_path).close()
    assert checks == []
    open_database(demo_path).close()  # the answer served once: the next open checks again
    assert checks == ["quick"]


def test_a_file_changed_after_the_check_ahead_is_checked_again(demo_path, checks):
    integrity.check_ahead(demo_path)
    finish_ahead(demo_path)
    zero_page(demo_path, 10)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(demo_path)
    assert "Page 10: btreeInitPage() returns error code 11" in str(caught.value)


def test_a_damaged_file_found_ahead_is_refused_in_the_same_sentence(demo_path):
    zero_page(demo_path, 10)
    with pytest.raises(CorruptDatabaseError) as unchecked_ahead:
        open_database(demo_path, read_only=True)
    integrity.check_ahead(demo_path)
    with pytest.raises(CorruptDatabaseError) as found_ahead:
        open_database(demo_path, read_only=True)
    assert str(found_ahead.value) == str(unchecked_ahead.value)
    assert str(found_ahead.value).endswith("restore it from a backup.")


# The window: its first tab is read while the check ahead finishes ------------------------

@pytest.fixture
def window_settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_the_window_reads_its_first_tab_while_the_check_ahead_finishes(
        qtbot, demo_path, window_settings, monkeypatch):
    import ui.meetings.meetings_page as meetings_page
    from ui.main_window import MainWindow

    happened: list[str] = []
    real_list, real_answer = meetings_page.list_meetings, integrity.quick_problems

    def listed(*args, **kwargs):
        happened.append("meetings read")
        return real_list(*args, **kwargs)

    def answered(db, path):
        found = real_answer(db, path)
        happened.append(f"check answered: {found}")
        return found

    monkeypatch.setattr(meetings_page, "list_meetings", listed)
    monkeypatch.setattr(integrity, "quick_problems", answered)
    integrity.check_ahead(demo_path)
    window = MainWindow(demo_path, settings=window_settings, backups=False)
    qtbot.addWidget(window)
    assert happened == ["meetings read", "check answered: []"]
    assert not window.read_only and not window.db.unchecked
    meetings = window.tabs.currentWidget().meetings
    assert meetings.model.rowCount() > 0 and "meetings" in meetings.summary.text()


def test_a_damage_found_after_the_first_tab_was_read_opens_the_file_read_only(
        qtbot, demo_path, window_settings, monkeypatch):
    """The damage is found by the check, not by the reads: the tabs had read the file
    and are read again from the file opened for reading only."""
    import ui.meetings.meetings_page as meetings_page
    from ui.main_window import MainWindow

    reads: list[object] = []
    real_list = meetings_page.list_meetings
    monkeypatch.setattr(meetings_page, "list_meetings",
                        lambda db, *rest: reads.append(db) or real_list(db, *rest))
    monkeypatch.setattr(integrity, "quick_problems",
                        lambda db, path: ["Page 30: never used"])
    window = MainWindow(demo_path, settings=window_settings, backups=False)
    qtbot.addWidget(window)
    assert window.read_only and window.opened.damaged
    assert window.banner.text().startswith(f"Read-only, never written: {demo_path} is a "
                                           "cspdesk database but it is damaged (Page 30: "
                                           "never used); restore it from a backup.")
    assert len(reads) == 2 and reads[-1] is window.db  # read again from the read-only file
    assert not (demo_path.parent / f"{demo_path.name}.lock").exists()


def test_a_file_to_be_upgraded_is_checked_before_it_is_opened(tmp_path, checks, monkeypatch):
    """``LATER`` leaves the check for after the open only when nothing is to be written:
    a schema upgrade waits for the check's answer."""
    from cspdesk.store import migrations
    from cspdesk.store.database import create_database

    path = tmp_path / "old.sqlite"
    create_database(path).close()
    step = migrations.Migration(migrations.latest_version() + 1, "a step of a later cspdesk",
                                lambda conn: conn.execute("CREATE TABLE later (x TEXT)"))
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    db = open_database(path, check=integrity.LATER, backup_dir=tmp_path / "backups")
    try:
        assert checks == ["quick"] and not getattr(db, "unchecked", False)
    finally:
        db.close()
    db = open_database(path, check=integrity.LATER)
    try:
        assert checks == ["quick"] and db.unchecked  # up to date: answered after reading
        integrity.confirm_sound(db, path)
        assert checks == ["quick", "quick"] and not db.unchecked
    finally:
        db.close()


def test_a_file_not_yet_in_wal_is_checked_before_its_journal_is_switched(tmp_path, checks):
    """Switching to WAL writes the file's header: a file in another journal mode (copied
    from elsewhere, or written by a tool) is checked before it is opened for writing."""
    import shutil
    import sqlite3

    from cspdesk.store.database import create_database

    made = tmp_path / "made.sqlite"
    create_database(made).close()
    path = tmp_path / "rollback.sqlite"
    shutil.copyfile(made, path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    db = open_database(path, check=integrity.LATER)
    try:
        assert checks == ["quick"] and not getattr(db, "unchecked", False)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()
