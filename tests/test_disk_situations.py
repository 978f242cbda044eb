"""A read-only database and a full disk are the user's situation, not bugs: one sentence,
exit 2, nothing half written, no traceback (issue 11, item 10)."""

from __future__ import annotations

import contextlib
import errno
import gc
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from kill_harness import dump  # tests/kill_harness.py
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cspdesk.cli.main import main
from cspdesk.disk import DiskError, disk_error
from cspdesk.store import database
from ui.performance.performance_tab import PerformanceTab

POLICE_UK_SAMPLE = Path(__file__).parent / "data" / "policeuk" / "2023-01.zip"




def read_only(path: Path) -> str:
    return (f"{path} is read-only, so nothing was written to it; make the file and its folder "
            "writable (or work on a copy) and try again.")


def full(path: Path) -> str:
    return (f"The disk holding {path} is full, so nothing was written; free some space on it "
            "and try again.")


@pytest.fixture
def read_only_database(monkeypatch):
    """Every connection cspdesk opens may read but not write, as on a read-only file: SQLite
    answers a write with SQLITE_READONLY (a file's permissions do not stop root, who may run
    the tests)."""
    connect = database.connect

    def reading_only(path, **kwargs):
        db = connect(path, **kwargs)
        db.execute("PRAGMA query_only = ON")
        return db

    monkeypatch.setattr(database, "connect", reading_only)


@pytest.fixture
def nearly_full_disk(monkeypatch):
    """The disk holding the database has room for a few more pages only: SQLite answers a
    larger write with SQLITE_FULL, as on a full disk."""
    connect = database.connect

    def little_room(path, **kwargs):
        db = connect(path, **kwargs)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages + 4}")
        return db

    monkeypatch.setattr(database, "connect", little_room)


@pytest.fixture
def nothing_unraisable(monkeypatch):
    """Errors Python could only print ("Exception ignored in ..."), collected: there must be
    none."""
    found: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", found.append)
    yield found
    gc.collect()
    assert found == []


def import_police_uk(db_path: Path):
    return CliRunner().invoke(main, ["import", "police-uk", "--db", str(db_path),
                                     str(POLICE_UK_SAMPLE)])


def test_an_import_into_a_read_only_database_is_one_sentence_and_exit_2(
        demo_path, read_only_database):
    before = dump(demo_path)
    result = import_police_uk(demo_path)
    assert (result.exit_code, result.stderr) == (2, f"cspdesk: {read_only(demo_path)}\n")
    assert result.stdout == ""
    assert dump(demo_path) == before


def test_an_import_onto_a_full_disk_writes_nothing_and_says_so(demo_path, nearly_full_disk):
    before = dump(demo_path)
    result = import_police_uk(demo_path)
    assert (result.exit_code, result.stderr) == (2, f"cspdesk: {full(demo_path)}\n")
    assert dump(demo_path) == before  # all of the import or none of it: none
    assert CliRunner().invoke(main, ["check", "--db", str(demo_path)]).exit_code == 0


def test_an_export_onto_a_full_disk_is_one_sentence_and_no_traceback(
        demo_path, tmp_path, full_disk, nothing_unraisable):
    target = tmp_path / "out" / "book.xlsx"
    target.parent.mkdir()
    result = CliRunner().invoke(main, ["export", "xlsx", "--db", str(demo_path), "--out",
                                       str(target)])
    assert (result.exit_code, result.stderr) == (2, f"cspdesk: {full(target)}\n")
    assert list(target.parent.iterdir()) == []


def test_the_window_says_the_database_is_read_only(qtbot, demo_db, demo_path, monkeypatch,
                                                   read_only_database):
    tab = PerformanceTab()
    qtbot.addWidget(tab)
    tab.set_database(demo_db)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: ([str(POLICE_UK_SAMPLE)], ""))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    before = dump(demo_path)
    tab.import_files()
    assert len(warnings) == 1 and warnings[0].startswith(read_only(demo_path))
    assert dump(demo_path) == before


@pytest.mark.parametrize("error, sentence", [
    (OSError(errno.ENOSPC, "No space left on device"), full(Path("x.xlsx"))),
    (OSError(errno.EROFS, "Read-only file system"), read_only(Path("x.xlsx"))),
    (PermissionError(errno.EACCES, "Permission denied"),
     "cspdesk is not allowed to write x.xlsx (it is read-only, or open in another program "
     "such as Excel), so nothing was written; close it there or choose another name, and try "
     "again."),
    (sqlite3.OperationalError("disk I/O error"),
     "The disk holding x.xlsx failed to read or write, so nothing was written; check that the "
     "drive is still connected and has free space, then try again."),
])
def test_each_refusal_of_the_disk_has_its_sentence(error, sentence):
    assert str(disk_error(error, Path("x.xlsx"))) == sentence


@pytest.mark.parametrize("error", [
    sqlite3.OperationalError("no such table: people"), ValueError("a bug"),
    BrokenPipeError(errno.EPIPE, "Broken pipe"), FileNotFoundError(errno.ENOENT, "gone")])
def test_anything_else_is_left_to_the_unexpected_error_report(error):
    assert disk_error(error, Path("x.xlsx")) is None


def test_a_write_on_the_gui_thread_to_a_read_only_database_is_no_bug(qapp, monkeypatch,
                                                                     tmp_path):
    from ui import app

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[1:]))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(("bug", box.text())))
    error = sqlite3.OperationalError("attempt to write a readonly database")
    app._report_unexpected(type(error), error, None, database=tmp_path / "csp.sqlite")
    assert shown == [("cspdesk", read_only(tmp_path / "csp.sqlite"))]


class SerialisationError(Exception):
    """As lxml names it: openpyxl writes sheets with lxml when it is installed."""


def test_a_full_disk_while_a_sheet_is_written_is_said_the_same_way(tmp_path):
    from cspdesk.files import write_file_safely

    def sheet_on_a_full_disk(path: Path) -> None:
        path.write_bytes(b"<row>Ann Example")
        raise SerialisationError("IO_ENOSPC")

    target = tmp_path / "book.xlsx"
    with pytest.raises(DiskError) as caught:
        write_file_safely(target, sheet_on_a_full_disk)
    assert str(caught.value) == full(target)
    assert list(tmp_path.iterdir()) == []


class SheetOnAFullDisk:
    """openpyxl's xmlfile for a sheet's temporary file on a full disk: its rows cannot be
    written, and closing it fails again."""

    def __init__(self, out: str) -> None:
        pass

    def __enter__(self) -> SheetOnAFullDisk:
        return self

    def __exit__(self, *error: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    @contextlib.contextmanager
    def element(self, tag: str, *args: object, **kwargs: object) -> Iterator[None]:
        if tag == "sheetData":
            raise OSError(errno.ENOSPC, "No space left on device")
        yield

    def write(self, element: object) -> None:
        pass


def test_a_sheet_that_fails_on_a_full_disk_is_closed_at_once(tmp_path, monkeypatch,
                                                             nothing_unraisable):
    from openpyxl.worksheet import _writer

    from cspdesk.xlsx.writer import new_workbook, save_workbook

    monkeypatch.setattr(_writer, "xmlfile", SheetOnAFullDisk)
    wb = new_workbook()
    wb.create_sheet("Actions")["A1"] = "Ann Example"
    target = tmp_path / "return.xlsx"
    with pytest.raises(DiskError) as caught:
        save_workbook(wb, target)
    assert str(caught.value) == full(target)
    assert list(tmp_path.iterdir()) == []
