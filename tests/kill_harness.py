"""Kill a cspdesk process in the middle of its work and check that nothing was lost or torn.

A child process (``python tests/kill_harness.py OPERATION DB ...``) opens the database, does
any reading first, prints ``start`` and then does the writing; the parent waits for that
line, sleeps a random part of the time the writing takes, and kills the child with SIGKILL
(no clean-up of any kind can run). Afterwards the database must pass SQLite's integrity and
foreign-key checks and hold all of each change or none of it.

Used by tests/test_kill.py (a few kills of each kind, in CI) and bench/kill_run.py (many).
"""

from __future__ import annotations

import csv
import hashlib
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICE_UK_SAMPLE = ROOT / "tests" / "data" / "policeuk" / "2023-01.zip"
OPERATIONS = ("police-uk", "workbook", "register", "export")


# The child --------------------------------------------------------------------------------


def _child(operation: str, db_path: str, args: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    from cspdesk.store.database import open_database

    db = open_database(db_path)
    work = _prepare(operation, db, args)
    print("start", flush=True)
    work()
    db.close()
    print("done", flush=True)


def _prepare(operation: str, db, args: list[str]) -> Callable[[], None]:
    """Everything that only reads, done before ``start``; returns the writing."""
    if operation == "police-uk":
        from cspdesk.performance.police_uk.importer import import_police_uk

        return lambda: import_police_uk(db, args)
    if operation == "workbook":
        from cspdesk.exchange.importer import apply_import, plan_import

        plan = plan_import(db, args[0])
        return lambda: apply_import(db, plan)
    if operation == "register":
        return lambda: _flip_every_register(db)
    if operation == "export":
        from cspdesk.exchange.export import export_workbook

        return lambda: export_workbook(db, args[0])
    raise SystemExit(f"unknown operation {operation}")


def _flip_every_register(db) -> None:
    """Save every held meeting's register again with each mark turned round (present <->
    apologies), one meeting, one transaction, at a time."""
    from cspdesk.meetings.meetings import list_meeting_records
    from cspdesk.meetings.register import MarkEntry, load_register, save_register

    flip = {"present": "apologies", "apologies": "present"}
    for meeting in list_meeting_records(db):
        if meeting.status != "held":
            continue
        entries = [MarkEntry(line.person_id, flip.get(line.mark, line.mark), None,
                             line.substitute_id)
                   for line in load_register(db, meeting.id) if line.mark]
        save_register(db, meeting.id, entries)


# Shared with the tests and bench/kill_run.py -------------------------------------------------


def dump(path: Path) -> list[str]:
    """Every statement that would rebuild the database: equal dumps, equal databases."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def months_of_the_sample(folder: Path, months: list[str]) -> list[str]:
    """The real police.uk month (tests/data) written again as other months, so an import
    has work to do; returns the files' paths."""
    with zipfile.ZipFile(POLICE_UK_SAMPLE) as archive:
        name = next(n for n in archive.namelist() if n.endswith("-street.csv"))
        rows = list(csv.reader(archive.read(name).decode("utf-8-sig").splitlines()))
    paths = []
    for month in months:
        path = folder / f"{month}-nottinghamshire-street.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(rows[0])
            out.writerows([r[0], month, *r[2:]] for r in rows[1:])
        paths.append(str(path))
    return paths


# The parent -------------------------------------------------------------------------------


@dataclass
class KillReport:
    operation: str
    kills: int = 0
    finished: int = 0  # the child ended before the kill came
    problems: list[str] = field(default_factory=list)

    @property
    def survived(self) -> int:
        return self.kills + self.finished - len(self.problems)


def run_child(operation: str, db: Path, args: list[str],
              kill_after: float | None) -> tuple[bool, float]:
    """Run the child; kill it ``kill_after`` seconds after it starts writing (never, when
    None). Returns (killed, seconds the writing took or ran)."""
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), operation, str(db), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    if line != "start":
        child.wait()
        raise RuntimeError(f"the {operation} child did not start: {line} "
                           f"{child.stderr.read() if child.stderr else ''}")
    began = time.perf_counter()
    if kill_after is None:
        rest, err = child.communicate()
        if child.returncode != 0 or "done" not in rest:
            raise RuntimeError(f"the {operation} child failed: {err}")
        return False, time.perf_counter() - began
    time.sleep(kill_after)
    killed = child.poll() is None
    if killed:
        child.send_signal(signal.SIGKILL)
    child.communicate()
    return killed, time.perf_counter() - began


def health(db: Path) -> list[str]:
    """What SQLite's integrity and foreign-key checks say is wrong; empty when healthy."""
    conn = sqlite3.connect(db)
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [f"unreadable: {exc}"]
    finally:
        conn.close()
    problems = [] if integrity == ["ok"] else [f"integrity: {integrity[:3]}"]
    return problems + ([f"foreign keys: {foreign[:3]}"] if foreign else [])


# What "all or none" means for each operation: the part of the database it writes.
WRITTEN = {
    "police-uk": ["SELECT area_id, measure_id, month, count, entry FROM monthly_counts "
                  "ORDER BY 1, 2, 3",
                  "SELECT * FROM lsoa_month_counts ORDER BY 1, 2, 3"],
    "workbook": ["SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"],
    "register": ["SELECT meeting_id, person_id, mark FROM attendance ORDER BY 1, 2"],
    "export": ["SELECT name FROM sqlite_master ORDER BY name"],
}


def _rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def fingerprint(db: Path, operation: str) -> str:
    digest = hashlib.sha256()
    for sql in WRITTEN[operation]:
        digest.update(repr(_rows(db, sql)).encode())
    if operation == "workbook":  # every row of every table, which the import fills
        for (table,) in _rows(db, WRITTEN["workbook"][0]):
            columns = "*" if table != "audit_log" else "kind, record_id, action, changes"
            digest.update(repr(_rows(db, f'SELECT {columns} FROM "{table}" ORDER BY 1'))
                          .encode())  # an audit entry's time differs from run to run
    return digest.hexdigest()


def registers(db: Path) -> dict[int, list[tuple]]:
    """Each meeting's register, for the register check (each save is all or none)."""
    found: dict[int, list[tuple]] = {}
    for meeting, person, status in _rows(db, WRITTEN["register"][0]):
        found.setdefault(meeting, []).append((person, status))
    return found


def torn_registers(before: dict, after_full: dict, now: dict) -> list[int]:
    return [m for m in set(before) | set(now)
            if now.get(m) not in (before.get(m), after_full.get(m))]


def _copy(source: Path, target: Path) -> Path:
    target.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def kill_many(operation: str, source_db: Path, args: list[str], work: Path, kills: int,
              seed: int = 1) -> KillReport:
    """``kills`` runs of ``operation`` on fresh copies of ``source_db``, each killed at a
    random moment of its writing; each result is checked."""
    rng = random.Random(seed)
    report = KillReport(operation)
    full = _copy(source_db, work / "full.sqlite")
    _, duration = run_child(operation, full, _args(operation, args, work, "full"), None)
    before_print, after_print = fingerprint(source_db, operation), fingerprint(full, operation)
    before_regs, after_regs = registers(source_db), registers(full)
    for number in range(kills):
        db = _copy(source_db, work / f"kill-{number}.sqlite")
        killed, _ = run_child(operation, db, _args(operation, args, work, str(number)),
                              rng.uniform(0, duration))
        report.kills += killed
        report.finished += not killed
        problems = health(db)
        if operation == "register":
            torn = torn_registers(before_regs, after_regs, registers(db))
            problems += [f"registers torn: {torn[:5]}"] if torn else []
        elif fingerprint(db, operation) not in (before_print, after_print):
            problems.append("the change was written in part")
        if operation == "export" and fingerprint(db, operation) != before_print:
            problems.append("an export changed the database")
        report.problems += [f"run {number}: {p}" for p in problems]
        for leftover in work.glob(f"kill-{number}.sqlite*"):
            leftover.unlink()
    return report


def _args(operation: str, args: list[str], work: Path, tag: str) -> list[str]:
    return [str(work / f"export-{tag}.xlsx")] if operation == "export" else args


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2], sys.argv[3:])
