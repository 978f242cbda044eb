"""A damaged database is found on opening and never written: the quick check every time, the
full check after a session that did not end cleanly; a refused or only-read file keeps its
bytes (issue 11, items 2, 9 and 14)."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from cspdesk.cli.main import main
from cspdesk.errors import CorruptDatabaseError, NewerDatabaseError
from cspdesk.performance.police_uk.importer import STREET_HEADER
from cspdesk.store import integrity, migrations
from cspdesk.store.database import create_database, open_database
from cspdesk.store.lock import lock_path
from ui import app
from ui.app import sqlite_refusal
from ui.main_window import MainWindow

PAGE = 4096
NOTTS = "Nottinghamshire Police"
DAMAGED = "is a cspdesk database but it is damaged"
RESTORE = "restore it from a backup."


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), obj={})


def fingerprint(path: Path) -> tuple[str, int]:
    """What must not change: the file's bytes and its modification time."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def zero_page(path: Path, page: int) -> Path:
    """One page of the file overwritten with zeros, as a failing disk or a bad copy leaves it
    (page 10 of the demo is found by the quick check's page walk, page 30 makes SQLite call
    the file malformed)."""
    with path.open("r+b") as fh:
        fh.seek((page - 1) * PAGE)
        fh.write(b"\0" * PAGE)
    return path


def index_out_of_step(path: Path) -> Path:
    """An index that no longer matches its table: the quick check passes it, only the full
    integrity check finds it."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX meetings_date ON "
                 "meetings(group_id)' WHERE name = 'meetings_date'")
    conn.commit()
    conn.close()
    return path


def left_behind_lock(database: Path, pid: int = 999_999_999) -> Path:
    """The lock file of a cspdesk of this machine that ended without closing the database."""
    path = lock_path(database)
    path.write_text(json.dumps({"what": "the cspdesk window", "user": "sarah",
                                "machine": socket.gethostname(), "pid": pid,
                                "since": "2026-03-12T09:14:00"}))
    return path


def street_file(folder: Path) -> Path:
    """A police.uk street file of January 2023 with three burglaries in Bassetlaw."""
    path = folder / "2023-01-nottinghamshire-street.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(STREET_HEADER)
        for n in range(3):
            out.writerow([f"{n:064x}", "2023-01", NOTTS, NOTTS, "-1.1", "53.3", "On or near X",
                          f"E01{n:06d}", "Bassetlaw 001A", "Burglary", "Under investigation",
                          ""])
    return path


# Opening ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page, found", [
    (10, "Page 10: btreeInitPage() returns error code 11"),
    (30, "database disk image is malformed"),
])
def test_a_damaged_file_is_refused_for_writing_and_keeps_its_bytes(demo_path, page, found):
    zero_page(demo_path, page)
    before = fingerprint(demo_path)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(demo_path)
    assert str(caught.value) == f"{demo_path} {DAMAGED} ({found}); {RESTORE}"
    assert fingerprint(demo_path) == before


def test_the_quick_check_passes_an_index_out_of_step_and_the_full_check_finds_it(demo_path):
    index_out_of_step(demo_path)
    open_database(demo_path, read_only=True).close()
    with pytest.raises(CorruptDatabaseError,
                       match=r"\(row 1 missing from index meetings_date, and 19 more\)"):
        open_database(demo_path, read_only=True, check=integrity.FULL)


@pytest.mark.parametrize("page", [10, 30])
def test_import_police_uk_refuses_a_damaged_file_and_writes_nothing(demo_path, tmp_path, page):
    zero_page(demo_path, page)
    before = fingerprint(demo_path)
    result = run("import", "police-uk", "--db", demo_path, street_file(tmp_path))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"cspdesk: {demo_path} {DAMAGED} (")
    assert result.stderr.endswith(f"; {RESTORE}\n")
    assert fingerprint(demo_path) == before


def test_import_xlsx_refuses_a_damaged_file(demo_path, tmp_path):
    workbook = tmp_path / "partners.xlsx"
    assert run("export", "xlsx", "--db", demo_path, "--out", workbook).exit_code == 0
    zero_page(demo_path, 30)
    before = fingerprint(demo_path)
    result = run("import", "xlsx", "--db", demo_path, workbook)
    assert result.exit_code == 2
    assert DAMAGED in result.stderr and RESTORE in result.stderr
    assert fingerprint(demo_path) == before


def test_an_unclean_shutdown_brings_the_full_check(demo_path, tmp_path):
    """The quick check alone lets this file through; after a session that ended without
    closing it (a lock file left behind) the full check refuses it."""
    index_out_of_step(demo_path)
    source = street_file(tmp_path)
    left_behind_lock(demo_path)
    before = fingerprint(demo_path)
    result = run("import", "police-uk", "--db", demo_path, source)
    assert result.exit_code == 2
    assert "(row 1 missing from index meetings_date, and 19 more)" in result.stderr
    assert fingerprint(demo_path) == before


def test_after_an_unclean_shutdown_a_sound_file_is_said_to_be_sound(demo_path, tmp_path):
    left = left_behind_lock(demo_path)
    result = run("import", "police-uk", "--db", demo_path, street_file(tmp_path))
    assert result.exit_code == 0, result.output
    assert (f"cspdesk: note: The last session on {demo_path} (the cspdesk window of sarah on "
            f"{socket.gethostname()} (process 999999999) since 09:14 on 12/03/2026) did not "
            "end cleanly; the whole database was checked and is sound.") in result.stderr
    assert not left.exists()  # the import closed cleanly: its lock is gone


def test_check_reports_the_newest_sound_backup_of_a_damaged_file(demo_path):
    backups = demo_path.parent / "backups"
    backups.mkdir()
    shutil.copyfile(demo_path, backups / "demo-2026-03-11.sqlite")
    zero_page(shutil.copyfile(demo_path, backups / "demo-2026-03-12.sqlite"), 30)
    os.utime(backups / "demo-2026-03-11.sqlite", (1_000_000_000, 1_000_000_000))
    zero_page(demo_path, 10)
    result = run("check", "--db", demo_path)
    assert result.exit_code == 1
    assert "Integrity check: FAILED" in result.output
    assert f"The newest sound backup: {backups / 'demo-2026-03-11.sqlite'}" in result.output


# Reading only changes nothing (item 9) ----------------------------------------------------------


def test_check_of_a_newer_file_not_in_wal_keeps_its_bytes(tmp_path):
    path = tmp_path / "newer.sqlite"
    create_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = fingerprint(path)
    result = run("check", "--db", path)
    assert result.exit_code == 2
    assert "newer cspdesk" in result.stderr
    assert fingerprint(path) == before
    with pytest.raises(NewerDatabaseError):
        open_database(path)  # for writing too: refused before the switch to WAL
    assert fingerprint(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def _workbook(tmp_path: Path, rows: list[list[object]]) -> Path:
    """A partner workbook of one sheet, Organisations."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Organisations"
    for row in rows:
        sheet.append(row)
    book.save(tmp_path / "w.xlsx")
    return tmp_path / "w.xlsx"


def test_a_dry_run_keeps_the_files_bytes(db_path, tmp_path):
    path = _workbook(tmp_path, [["name"], ["Bassetlaw District Council"]])
    before = fingerprint(db_path)
    result = run("import", "xlsx", "--dry-run", "--db", db_path, path)
    assert result.exit_code == 0, result.output
    assert "Organisations: 1 added" in result.output
    assert "Dry run: nothing was written." in result.output
    assert fingerprint(db_path) == before


def test_a_refused_import_keeps_the_files_bytes(db_path, tmp_path):
    path = _workbook(tmp_path, [["id", "name"], ["seven", "Police"]])
    before = fingerprint(db_path)
    result = run("import", "xlsx", "--db", db_path, path)
    assert result.exit_code == 2
    assert "nothing was imported" in result.stderr
    assert fingerprint(db_path) == before


def test_reading_commands_keep_the_files_bytes(demo_path, tmp_path):
    before = fingerprint(demo_path)
    assert run("check", "--db", demo_path).exit_code == 0
    assert run("attendance", "--db", demo_path, "--by", "person").exit_code == 0
    assert run("export", "xlsx", "--db", demo_path, "--out", tmp_path / "x.xlsx").exit_code == 0
    assert fingerprint(demo_path) == before


def test_an_older_file_read_only_is_read_through_an_upgraded_copy(tmp_path, monkeypatch):
    path = tmp_path / "v3.sqlite"
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:3])
    create_database(path).close()
    monkeypatch.undo()
    before = fingerprint(path)
    db = open_database(path, read_only=True)
    assert migrations.schema_version(db) == migrations.latest_version()
    assert "lsoa_month_counts" in db.table_names()
    db.close()
    assert fingerprint(path) == before
    assert not (tmp_path / "backups").exists()  # nothing was upgraded, so nothing backed up


# The window ---------------------------------------------------------------------------------------


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window_hook(monkeypatch):
    """The window's own handler of errors in slots (pytest-qt's capture is off)."""
    monkeypatch.setattr(sys, "excepthook", app._report_unexpected)


@pytest.mark.qt_no_exception_capture
@pytest.mark.parametrize("page", [10, 30])
def test_the_window_opens_a_damaged_file_read_only_with_a_banner(qtbot, demo_path, settings,
                                                                  window_hook, page):
    zero_page(demo_path, page)
    before = fingerprint(demo_path)
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    window.show()
    for index in range(window.tabs.count()):  # every tab shows what can still be read
        window.tabs.setCurrentIndex(index)
        qtbot.wait(10)
    assert window.db is not None and window.read_only
    banner = window.banner.text()
    assert banner.startswith(f"Read-only, never written: {demo_path} {DAMAGED} (")
    assert f"; {RESTORE} There is no sound backup in {demo_path.parent / 'backups'}." in banner
    assert "read-only" in window.database_label.text()
    assert not lock_path(demo_path).exists()  # it does not claim the file for writing
    window.close()
    assert fingerprint(demo_path) == before


@pytest.mark.qt_no_exception_capture
def test_the_banner_offers_the_newest_sound_backup(qtbot, demo_path, settings, window_hook):
    backups = demo_path.parent / "backups"
    backups.mkdir()
    backup = shutil.copyfile(demo_path, backups / "demo-2026-03-12.sqlite")
    zero_page(demo_path, 30)
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    assert f"The newest sound backup is {backup}, saved at " in window.banner.text()
    assert window.banner.button.text() == "Open the newest backup"
    before = fingerprint(backup)
    window.banner.button.click()
    assert window.db_path == backup and window.read_only
    assert window.banner.text().startswith("Read-only: this is a backup, opened to look at it")
    assert not window.banner.button.isVisibleTo(window)
    window.tabs.setCurrentIndex(2)
    assert window.tab_pages[2].model.rowCount() == 8  # the backup's priorities
    window.close()
    assert fingerprint(backup) == before


def test_a_change_in_a_read_only_window_is_refused_in_one_sentence(qtbot, demo_path,
                                                                    settings, monkeypatch):
    zero_page(demo_path, 10)
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    with pytest.raises(sqlite3.OperationalError) as caught:
        window.db.execute("UPDATE settings SET value = 'x'")
    assert sqlite_refusal(caught.value) == ("Nothing was saved: this database is open "
                                            "read-only (the note above the tabs says why).")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    app._report_unexpected(type(caught.value), caught.value, None)
    assert shown == [sqlite_refusal(caught.value)]


def test_the_window_after_an_unclean_shutdown_says_the_file_was_checked(qtbot, demo_path,
                                                                         settings):
    left_behind_lock(demo_path)
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    assert not window.read_only and not window.banner.text()
    assert "did not end cleanly; the whole database was checked and is sound." in \
        window.statusBar().currentMessage()
    holder = json.loads(lock_path(demo_path).read_text())
    assert holder["pid"] == os.getpid() and holder["what"] == "the cspdesk window"
    window.close()
    assert not lock_path(demo_path).exists()


def test_cspdesk_opens_the_window_on_a_damaged_file_instead_of_refusing(demo_path,
                                                                         monkeypatch):
    import ui.single_instance

    zero_page(demo_path, 30)
    shown = []
    monkeypatch.setattr(ui.single_instance, "bring_forward", lambda _path: False)
    monkeypatch.setattr(app, "run_app", lambda path, demo: shown.append(path) or 0)
    result = run("--db", demo_path)
    assert result.exit_code == 0, result.output
    assert shown == [demo_path]


def test_an_import_in_a_damaged_window_is_refused_and_writes_nothing(qtbot, demo_path,
                                                                      settings, tmp_path,
                                                                      monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    zero_page(demo_path, 10)
    before = fingerprint(demo_path)
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    source = street_file(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a: ([str(source)], ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: shown.append(text))
    window.tab_pages[1].import_files()
    [text] = shown
    assert text.startswith(f"{demo_path} {DAMAGED} (")
    assert text.endswith(f"; {RESTORE}\n\nNothing was imported.")
    window.close()
    assert fingerprint(demo_path) == before
