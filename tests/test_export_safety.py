"""Exports never write over a database, and leave nothing behind, not even when the process is
killed in the middle (issue 11, items 1 and 11)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from kill_harness import dump  # tests/kill_harness.py
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from cspdesk import files
from cspdesk.cli.main import main
from cspdesk.errors import InputError
from cspdesk.exchange.export import export_workbook
from cspdesk.meetings.exports import export_ics
from cspdesk.store.backup import backup_to
from cspdesk.xlsx.writer import new_workbook, save_workbook
from ui.exchange.export_dialog import run_export
from ui.exports import ICS, export_in_background

ROOT = Path(__file__).resolve().parent.parent




def refusal(path: Path) -> str:
    return (f"{path} is a database file; an export never writes over a database, so choose "
            "another name.")


def workbook() -> openpyxl.Workbook:
    wb = new_workbook()
    wb.create_sheet("S")["A1"] = "x"
    return wb


# Item 1: never over a database ---------------------------------------------------------------

def test_the_open_database_its_files_and_its_backups_are_refused(demo_db, demo_path, tmp_path):
    wal, shm = (demo_path.with_name(demo_path.name + s) for s in ("-wal", "-shm"))
    assert wal.exists() and shm.exists()  # the database is open
    backup = backup_to(demo_db, demo_path.parent / "backups" / "demo-backup.sqlite")
    other = tmp_path / "other program.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    loose_wal = tmp_path / "copied wal"
    loose_wal.write_bytes(b"\x37\x7f\x06\x82" + bytes(28))
    for target in (demo_path, backup, other, loose_wal):
        before = target.read_bytes()
        with pytest.raises(InputError) as caught:
            save_workbook(workbook(), target, overwrite=True)
        assert str(caught.value) == refusal(target)
        assert target.read_bytes() == before
    for companion in (wal, shm, demo_path.with_name(demo_path.name + "-journal")):
        with pytest.raises(InputError) as caught:
            save_workbook(workbook(), companion, overwrite=True)
        assert str(caught.value) == (
            f"{companion} belongs to the database {demo_path}; an export never writes over a "
            "database or its files, so choose another name.")
    assert not demo_path.with_name(demo_path.name + "-journal").exists()


def test_an_ordinary_file_may_still_be_replaced(tmp_path):
    target = tmp_path / "figures.xlsx"
    target.write_bytes(b"an old workbook")
    save_workbook(workbook(), target, overwrite=True)
    assert openpyxl.load_workbook(target)["S"]["A1"].value == "x"


@pytest.mark.parametrize("command", [
    ["export", "xlsx"],
    ["export", "ics"],
    ["monitoring-return", "--programme", "Safer Streets 4", "--quarter", "2023/24 Q1"],
])
def test_no_command_writes_over_the_database_it_reads(demo_path, command):
    before = dump(demo_path)
    result = CliRunner().invoke(main, [*command, "--db", str(demo_path), "--out",
                                       str(demo_path), "--overwrite"])
    assert result.exit_code == 2
    assert result.stderr == f"cspdesk: {refusal(demo_path)}\n"
    assert dump(demo_path) == before


@pytest.fixture
def messages(monkeypatch):
    shown: list[tuple[str, str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda parent, title, text, k=kind: shown.append((k, title, text))))
    return shown


def answer_file_dialog(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: (str(path), args[-1])))


def test_the_window_refuses_the_open_database_as_the_file_to_write(
        qtbot, demo_db, demo_path, messages, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    before = dump(demo_path)
    answer_file_dialog(monkeypatch, demo_path)
    run_export(parent, demo_db, no_personal_data=False)
    wal = demo_path.with_name(demo_path.name + "-wal")
    answer_file_dialog(monkeypatch, wal)
    export_in_background(parent, demo_db, "Meetings calendar", "CSP meetings.ics", ICS,
                         lambda db, path: export_ics(db, path, None, overwrite=True))
    assert messages == [
        ("warning", "Full workbook", refusal(demo_path)),
        ("warning", "Meetings calendar",
         f"{wal} belongs to the database {demo_path}; an export never writes over a database "
         "or its files, so choose another name.")]
    assert dump(demo_path) == before


# Item 11: nothing left behind ----------------------------------------------------------------

def test_openpyxl_writes_its_sheets_beside_the_target_never_in_the_system_temp(
        demo_db, tmp_path, monkeypatch):
    system_temp = tmp_path / "system temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    out = tmp_path / "out"
    out.mkdir()
    seen: list[tuple[list[str], list[str]]] = []

    def progress(done: int, total: int) -> None:
        scratch = [p for p in out.iterdir() if p.name.startswith(".~cspdesk-")]
        sheets = sorted(p.name[:6] for s in scratch for p in s.iterdir())
        seen.append((sheets, sorted(os.listdir(system_temp))))

    export_workbook(demo_db, out / "book.xlsx", progress=progress)
    middle_sheets, middle_temp = seen[len(seen) // 2]
    assert "sheet-" in middle_sheets and middle_temp == []
    assert os.listdir(system_temp) == []
    assert os.listdir(out) == ["book.xlsx"]


KILLED_EXPORT = """
import sys, threading
from cspdesk.exchange.export import export_workbook
from cspdesk.store.database import open_database

def progress(done, total):
    if total and done == total:  # every sheet written to its temporary file, not yet zipped
        print("writing", flush=True)
        threading.Event().wait()  # until killed

export_workbook(open_database(sys.argv[1]), sys.argv[2], progress=progress)
"""


def test_a_killed_export_leaves_nothing_once_cspdesk_runs_again(demo_path, tmp_path):
    system_temp, out = tmp_path / "system temp", tmp_path / "out"
    system_temp.mkdir()
    out.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT), TMPDIR=str(system_temp))
    with subprocess.Popen([sys.executable, "-c", KILLED_EXPORT, str(demo_path),
                           str(out / "book.xlsx")], env=env, stdout=subprocess.PIPE,
                          text=True) as export:
        assert export.stdout is not None
        assert export.stdout.readline() == "writing\n"
        export.kill()
    assert os.listdir(system_temp) == []  # no copy of anyone's name outside the folder
    [scratch] = out.iterdir()  # and in it, only the hidden scratch folder
    assert scratch.name.startswith(".~cspdesk-") and any(scratch.iterdir())
    result = CliRunner().invoke(main, ["check", "--db", str(demo_path)])
    assert result.exit_code == 0
    assert os.listdir(out) == []


def test_an_export_sweeps_what_a_dead_process_left_in_its_folder(tmp_path):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    dead = int(finished.stdout)
    host = files.this_computer()
    left = tmp_path / f".~cspdesk-{host}-{dead}-0a1b2c3d"
    running = tmp_path / f".~cspdesk-{host}-{os.getpid()}-0a1b2c3d"
    elsewhere = tmp_path / f".~cspdesk-otherpc-{dead}-0a1b2c3d"
    for folder in (left, running, elsewhere):
        folder.mkdir()
        (folder / "sheet-1.xml").write_text("<row>Ann Example</row>")
    save_workbook(workbook(), tmp_path / "figures.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["figures.xlsx", running.name, elsewhere.name])
