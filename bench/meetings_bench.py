"""Ten years of meetings must stay instant in the Meetings tab.

Builds a database of about 2,000 meetings and 60,000 attendance marks in a temporary folder,
then times (best of five) opening the Meetings tab, opening one register with its quorum,
and the attendance statistics. Run:
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/meetings_bench.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from harness import Row, in_process, row  # noqa: E402

from cspdesk.meetings.attendance import attendance_statistics, attendance_trend  # noqa: E402
from cspdesk.meetings.register import load_register, quorum  # noqa: E402
from cspdesk.store.database import create_database, open_database  # noqa: E402

GROUPS, PEOPLE, MEMBERS_PER_GROUP, MEETINGS_PER_GROUP = 8, 120, 30, 250
MARKS = ["present"] * 14 + ["present online"] * 3 + ["apologies"] * 3 + ["absent"]


def build(path: Path, meetings_per_group: int = MEETINGS_PER_GROUP) -> tuple[int, int]:
    rng = random.Random(1)
    db = create_database(path)
    with db.atomic():
        db.conn.executemany("INSERT INTO organisations (id, name) VALUES (?, ?)",
                            [(i, f"Organisation {i}") for i in range(1, 21)])
        db.conn.executemany(
            "INSERT INTO people (id, name, organisation_id) VALUES (?, ?, ?)",
            [(i, f"Person {i:03}", rng.randint(1, 20)) for i in range(1, PEOPLE + 1)])
        db.conn.executemany(
            "INSERT INTO groups (id, name, short_name, tier, quorum_rule) VALUES (?, ?, ?, ?, ?)",
            [(g, f"Group {g}", f"G{g}", "operational", '{"kind": "count", "count": 10}')
             for g in range(1, GROUPS + 1)])
        members = {g: rng.sample(range(1, PEOPLE + 1), MEMBERS_PER_GROUP)
                   for g in range(1, GROUPS + 1)}
        db.conn.executemany(
            "INSERT INTO memberships (person_id, group_id, start_date) VALUES (?, ?, ?)",
            [(p, g, "2015-01-01") for g, people in members.items() for p in people])
        meetings, marks = [], []
        meeting_id = 0
        for g in range(1, GROUPS + 1):
            day = dt.date(2015, 4, 1) + dt.timedelta(days=g)
            for _ in range(meetings_per_group):
                meeting_id += 1
                meetings.append((meeting_id, g, day.isoformat(), "10:00", "12:00", "held"))
                marks += [(meeting_id, p, rng.choice(MARKS)) for p in members[g]]
                day += dt.timedelta(days=14)
        db.conn.executemany(
            "INSERT INTO meetings (id, group_id, date, start_time, end_time, status) "
            "VALUES (?, ?, ?, ?, ?, ?)", meetings)
        db.conn.executemany(
            "INSERT INTO attendance (meeting_id, person_id, mark) VALUES (?, ?, ?)", marks)
    db.close()
    return len(meetings), len(marks)


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from ui.meetings.meetings_tab import MeetingsTab

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ten-years.sqlite"
        meetings, marks = build(path)
        db = open_database(path)
        print(f"{meetings:,} meetings, {marks:,} attendance marks")
        tab = MeetingsTab()
        middle = meetings // 2
        results = {
            "open the Meetings tab (all pages)": best_of(5, lambda: tab.set_database(db)),
            "open one register (with quorum)": best_of(
                5, lambda: tab.meetings.register.show_meeting(db, middle)),
            "register and quorum, core only": best_of(
                5, lambda: (load_register(db, middle), quorum(db, middle))),
            "statistics by organisation": best_of(
                5, lambda: attendance_statistics(db, "organisation")),
            "statistics by person, one group": best_of(
                5, lambda: attendance_statistics(db, "person", "G3")),
            "quarterly trend": best_of(5, lambda: attendance_trend(db)),
        }
        for name, ms in results.items():
            print(f"{name:40} {ms:8.1f} ms")
        tab.deleteLater()
        db.close()
        app.processEvents()


SIZES = {"full": MEETINGS_PER_GROUP, "small": 25}


def measure(size: str = "full") -> list[Row]:
    """Attendance statistics on ten years of meetings (``run_all.py``'s rows)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "meetings.sqlite"
        meetings, marks = build(path, SIZES[size])
        stated = f"{meetings:,} meetings, {marks:,} marks"
        db = open_database(path)
        rows = []
        for what, work in [
            ("attendance statistics by organisation",
             lambda: attendance_statistics(db, "organisation")),
            ("attendance statistics by person, one group",
             lambda: attendance_statistics(db, "person", "G3")),
            ("attendance quarterly trend", lambda: attendance_trend(db)),
            ("one register with its quorum", lambda: (load_register(db, meetings // 2),
                                                     quorum(db, meetings // 2))),
        ]:
            seconds, peak = in_process(work, runs=5)
            rows.append(row(what, stated, seconds, peak))
        db.close()
    return rows


if __name__ == "__main__":
    main()
