"""One writer per database (issue 11, items 5 and 15): a second cspdesk, window or command,
does not write; it says who writes (user, machine, since when) and may read; a lock left by
a killed cspdesk is taken over; an import waits for another; SQLite's own lock is waited for
and named; a second launch of the window brings the running one forward."""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from cspdesk.cli.main import main
from cspdesk.errors import DatabaseInUseError
from cspdesk.performance.police_uk.importer import STREET_HEADER
from cspdesk.store import connection, lock
from cspdesk.store.database import open_database
from cspdesk.store.lock import lock_path
from ui.main_window import MainWindow
from ui.single_instance import WindowServer

ROOT = Path(__file__).resolve().parent.parent
NOTTS = "Nottinghamshire Police"
USER, HOST = getpass.getuser(), socket.gethostname()
SINCE = r"since \d\d:\d\d on \d\d/\d\d/\d{4}"
HOLD = """
import sys, time
from pathlib import Path
from cspdesk.store import lock
held = lock.acquire(Path(sys.argv[1]), sys.argv[2])
print("ready", flush=True)
if float(sys.argv[3]):
    time.sleep(float(sys.argv[3]))
    held.release()
else:
    sys.stdin.read()  # until the test lets go or kills it
"""


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), obj={})


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", **extra}


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.fixture
def hold():
    """``hold(database, what, seconds=0)``: another process takes the writer lock (until
    the test ends, or for ``seconds``) and returns that process."""
    started: list[subprocess.Popen] = []

    def start(database: Path, what: str, seconds: float = 0) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(database), what, str(seconds)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=environment())
        started.append(process)
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
        return process

    yield start
    for process in started:
        process.kill()
        process.communicate()  # waits, and closes its pipes


def street_file(folder: Path) -> Path:
    """A police.uk street file of January 2023: one burglary in Bassetlaw."""
    path = folder / "2023-01-nottinghamshire-street.csv"
    path.write_text(",".join(STREET_HEADER) + "\n" + ",".join([
        "0" * 64, "2023-01", NOTTS, NOTTS, "-1.1", "53.3", "On or near X", "E01000001",
        "Bassetlaw 001A", "Burglary", "Under investigation", ""]) + "\n", encoding="utf-8")
    return path


def in_use(database: Path, process: subprocess.Popen, what: str = "the cspdesk window") -> str:
    return (re.escape(f"{database} is open for writing in {what} of {USER} on {HOST} "
                      f"(process {process.pid}) ") + SINCE
            + re.escape("; only one cspdesk may write to a database, so "))


# The lock ---------------------------------------------------------------------------------------


def test_one_process_is_one_writer_and_the_lock_goes_with_its_last_user(db_path):
    first = lock.acquire(db_path, lock.WINDOW)
    second = lock.acquire(db_path, "cspdesk import police-uk")  # the window's own work
    assert second is first and first.taken_over is None
    first.release()
    assert lock_path(db_path).exists()
    second.release()
    assert not lock_path(db_path).exists()


def test_an_empty_lock_file_is_a_free_one_and_no_unclean_shutdown(db_path):
    lock_path(db_path).write_text("")
    taken = lock.acquire(db_path, lock.WINDOW)
    assert taken.taken_over is None
    taken.release()


# The command line ---------------------------------------------------------------------------------


def test_an_import_is_refused_while_the_window_writes_and_says_who(demo_path, tmp_path, hold):
    window = hold(demo_path, lock.WINDOW)
    before = fingerprint(demo_path)
    result = run("import", "police-uk", "--db", demo_path, street_file(tmp_path))
    assert result.exit_code == 2
    assert re.fullmatch("cspdesk: " + in_use(demo_path, window)
                        + re.escape("wait for it to finish or close it there, then try "
                                    "again.") + "\n", result.stderr), result.stderr
    assert fingerprint(demo_path) == before


def test_reading_goes_on_beside_a_writer(demo_path, tmp_path, hold):
    hold(demo_path, lock.WINDOW)
    assert run("check", "--db", demo_path).exit_code == 0
    assert run("attendance", "--db", demo_path, "--by", "person").exit_code == 0
    result = run("export", "xlsx", "--db", demo_path, "--out", tmp_path / "copy.xlsx")
    assert result.exit_code == 0, result.output
    with pytest.raises(DatabaseInUseError):
        open_database(demo_path)  # but not writing


def test_screenshots_are_taken_beside_the_window_without_asking(demo_path, tmp_path, hold,
                                                                 qapp, monkeypatch):
    hold(demo_path, lock.WINDOW)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: pytest.fail("asked"))
    result = run("screenshot", "--db", demo_path, "--out", tmp_path / "shots")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "shots" / "meetings.png").stat().st_size > 10_000


def test_a_lock_left_by_a_killed_cspdesk_is_taken_over(demo_path, tmp_path, hold):
    window = hold(demo_path, lock.WINDOW)
    window.kill()
    window.communicate()
    assert json.loads(lock_path(demo_path).read_text())["pid"] == window.pid  # left behind
    result = run("import", "police-uk", "--db", demo_path, street_file(tmp_path))
    assert result.exit_code == 0, result.output
    assert re.search(re.escape(f"({lock.WINDOW} of {USER} on {HOST} (process {window.pid}) ")
                     + SINCE + re.escape(") did not end cleanly; the whole database was "
                                         "checked and is sound."), result.stderr)
    assert "Read 1 police.uk file; imported 1 month (2023-01)." in result.output
    assert not lock_path(demo_path).exists()


def test_an_import_waits_for_another_import_to_finish(db_path, tmp_path, hold):
    other = hold(db_path, "cspdesk import police-uk", seconds=1.0)
    book = openpyxl.Workbook()
    book.active.title = "Organisations"
    book.active.append(["name"])
    book.active.append(["Bassetlaw District Council"])
    book.save(tmp_path / "w.xlsx")
    result = run("import", "xlsx", "--db", db_path, tmp_path / "w.xlsx")
    assert result.exit_code == 0, result.output
    assert re.match(re.escape(f"cspdesk: waiting for cspdesk import police-uk of {USER} on "
                              f"{HOST} (process {other.pid}) ") + SINCE
                    + re.escape(" to finish writing the database…"), result.stderr)
    assert "Imported w.xlsx." in result.output
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT name FROM organisations").fetchall() == [
        ("Bassetlaw District Council",)]
    conn.close()


def test_a_lock_of_another_machine_is_never_taken_over(demo_path, tmp_path):
    left = lock_path(demo_path)
    left.write_text(json.dumps({"what": lock.WINDOW, "user": "sarah", "machine": "CSP-PC-07",
                                "pid": 4120, "since": "2026-03-12T09:14:00"}))
    result = run("import", "police-uk", "--db", demo_path, street_file(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"cspdesk: {demo_path} is open for writing in the cspdesk window of sarah on CSP-PC-07 "
        "(process 4120) since 09:14 on 12/03/2026; only one cspdesk may write to a database, "
        "so wait for it to finish or close it there, then try again (if cspdesk no longer "
        f"runs on CSP-PC-07, delete {left}).\n")
    assert "CSP-PC-07" in left.read_text()


def test_a_transaction_starts_as_the_writer_and_is_not_refused_half_way(db_path):
    """Read, then write: another connection's write in between used to make SQLite refuse
    the second half at once ("database is locked"); now the other one waits its turn."""
    db = open_database(db_path)
    other = sqlite3.connect(db_path, timeout=0.1)
    with db.atomic():
        assert db.execute("SELECT COUNT(*) FROM organisations").fetchone()[0] == 0
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO organisations (name) VALUES ('Other')")
        db.execute("INSERT INTO organisations (name) VALUES ('Mine')")
    assert [r[0] for r in db.execute("SELECT name FROM organisations")] == ["Mine"]
    other.close()
    db.close()


def test_sqlites_lock_held_by_another_program_is_waited_for_then_named(demo_path, tmp_path,
                                                                       monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_SECONDS", 0.2)
    browser = sqlite3.connect(demo_path)
    browser.execute("BEGIN IMMEDIATE")
    try:
        result = run("import", "police-uk", "--db", demo_path, street_file(tmp_path))
    finally:
        browser.rollback()
        browser.close()
    assert result.exit_code == 2
    assert result.stderr == (
        f"cspdesk: {demo_path} was kept locked by another program for more than 0.2 seconds "
        "(not a cspdesk: a database browser or a sync client?); close it and try again.\n")


def test_the_windows_import_waits_for_sqlites_lock_then_names_it(qtbot, demo_path, tmp_path,
                                                                  settings, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    source = street_file(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a: ([str(source)], ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _title, text: shown.append(text))
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_SECONDS", 0.2)
    browser = sqlite3.connect(demo_path)
    browser.execute("BEGIN IMMEDIATE")
    try:
        window.tab_pages[1].import_files()
    finally:
        browser.rollback()
        browser.close()
    assert shown == [
        f"{demo_path} was kept locked by another program for more than 0.2 seconds (not a "
        "cspdesk: a database browser or a sync client?); close it and try again.\n\n"
        "Nothing was imported."]


# The window ---------------------------------------------------------------------------------------


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_the_window_offers_read_only_when_another_cspdesk_writes(qtbot, demo_path, settings,
                                                                 hold, monkeypatch):
    other = hold(demo_path, "cspdesk import police-uk")
    asked = []

    def answer(_parent, title, text, *_buttons):
        asked.append((title, text))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    [(title, text)] = asked
    assert title == "Database in use"
    assert re.fullmatch(in_use(demo_path, other, "cspdesk import police-uk")
                        + re.escape("close it there, or open this database read-only.\n\n"
                                    "Open it read-only, to look without changing anything?"),
                        text), text
    window.tabs.setCurrentIndex(2)
    assert window.read_only and window.tab_pages[2].model.rowCount() == 8
    assert re.fullmatch(re.escape(f"Read-only: this database is open for writing in cspdesk "
                                  f"import police-uk of {USER} on {HOST} (process {other.pid}) ")
                        + SINCE + re.escape(", so nothing can be saved here; open it again "
                                            "once it is closed there."), window.banner.text())


def test_an_import_in_a_read_only_window_says_who_writes(qtbot, demo_path, settings, hold,
                                                         tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    other = hold(demo_path, lock.WINDOW)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    source = street_file(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a: ([str(source)], ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _title, text: shown.append(text))
    before = fingerprint(demo_path)
    window.tab_pages[1].import_files()
    assert len(shown) == 1 and re.fullmatch(
        in_use(demo_path, other) + re.escape("wait for it to finish or close it there, then "
                                             "try again.\n\nNothing was imported."), shown[0])
    assert fingerprint(demo_path) == before


def test_declining_read_only_opens_nothing(qtbot, demo_path, settings, hold, monkeypatch):
    hold(demo_path, lock.WINDOW)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a: QMessageBox.StandardButton.No)
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    assert window.db is None
    assert window.database_label.text() == "No database open"


def test_the_window_holds_the_lock_until_it_closes(qtbot, demo_path, settings, tmp_path):
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    holder = json.loads(lock_path(demo_path).read_text())
    assert (holder["what"], holder["user"], holder["machine"], holder["pid"]) == (
        lock.WINDOW, USER, HOST, os.getpid())
    check = subprocess.run(
        [sys.executable, "-m", "cspdesk", "import", "police-uk", "--db", str(demo_path),
         str(street_file(tmp_path))], capture_output=True, text=True, env=environment())
    assert check.returncode == 2
    assert f"the cspdesk window of {USER} on {HOST} (process {os.getpid()})" in check.stderr
    window.close()
    assert not lock_path(demo_path).exists()


# A second launch ----------------------------------------------------------------------------------

ASK = """
import sys
from pathlib import Path
from ui.single_instance import bring_forward
print(bring_forward(Path(sys.argv[1]), sys.argv[2]), flush=True)
"""


def test_a_second_launch_brings_the_running_window_forward_on_its_database(
        qtbot, demo_path, db_path, settings, tmp_path):
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    name = f"cspdesk-test-{os.getpid()}-{tmp_path.name}"
    server = WindowServer(window.come_forward, name=name, parent=window)
    assert server.listening
    second = subprocess.Popen([sys.executable, "-c", ASK, str(db_path), name],
                              stdout=subprocess.PIPE, text=True, env=environment())
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=20000)
    assert second.communicate()[0] == "True\n"
    qtbot.waitUntil(lambda: window.db_path == db_path)
    assert not window.read_only


def test_a_second_cspdesk_exits_and_the_first_comes_forward(demo_path, tmp_path):
    """Two real launches of ``cspdesk --db``: the second hands over and exits; killing the
    first leaves its lock behind, which the next writer takes over."""
    env = environment(TMPDIR=str(tmp_path), HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    command = [sys.executable, "-m", "cspdesk", "--db", str(demo_path)]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        second = _second_launch(command, env, first)
        assert second.returncode == 0, second.stderr
        assert second.stdout == ("cspdesk is already open on this computer: its window was "
                                 "brought forward.\n")
        assert first.poll() is None  # still running
    finally:
        first.kill()
        first.communicate()
    result = run("import", "police-uk", "--db", demo_path, street_file(tmp_path))
    assert result.exit_code == 0
    assert "did not end cleanly; the whole database was checked and is sound." in result.stderr


def _second_launch(command: list[str], env: dict[str, str],
                   first: subprocess.Popen) -> subprocess.CompletedProcess:
    """Launch again once the first window listens (its socket is in TMPDIR)."""
    folder = Path(env["TMPDIR"])
    for _ in range(600):
        if first.poll() is not None:
            raise AssertionError("the first cspdesk ended before it listened")
        if any(p.name.startswith("cspdesk-") for p in folder.iterdir()):
            break
        with contextlib.suppress(subprocess.TimeoutExpired):
            first.wait(0.05)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def test_this_computer_is_named_as_the_socket_module_names_it():
    """Locks name the computer holding them; a lock written with socket.gethostname()
    (by an older cspdesk, or on Windows) must be recognised as this computer's."""
    from cspdesk.paths import machine_name

    assert machine_name() == socket.gethostname() == HOST
