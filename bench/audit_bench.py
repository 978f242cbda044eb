"""How big the audit log grows over ten years.

Builds the ten-year database of ``meetings_bench.py`` (2,000 meetings, 60,000 marks), then
writes the entries cspdesk would have written making it through the window, with the
functions that write them: each meeting added, its register saved (one entry naming each
of its 30 marks), one register in three corrected afterwards, each meeting's agenda (eight
items) saved with notes and decisions, 120 police.uk imports (one entry each), two measures
typed by hand for seven districts every month (a paste: one entry a month and measure), a
programme's spend every quarter for 30 actions, and the committee report's fields changed
four times a year. Prints the log's size in the file (SQLite's dbstat) against the whole
file's. Run:
    .venv/bin/python bench/audit_bench.py
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from meetings_bench import build  # noqa: E402

from cspdesk import audit  # noqa: E402
from cspdesk.store.database import open_database  # noqa: E402
from cspdesk.store.settings import set_setting  # noqa: E402

AGENDA = ["Welcome and apologies", "Minutes of the last meeting", "Actions arising",
          "Performance", "Priorities", "Safer Streets update", "Any other business",
          "Date of next meeting"]


def replay_meetings(db, share: float = 1.0) -> None:
    meetings = db.execute("SELECT id, group_id, date, start_time, end_time FROM meetings"
                          ).fetchall()
    for mid, group, date, start, end in meetings[:int(len(meetings) * share)]:
        audit.record_change(db, "meetings", mid, None, {
            "group_id": group, "date": date, "start_time": start, "end_time": end,
            "venue": "Council House, Committee Room 2", "mode": "in person",
            "status": "scheduled"})
        marks = db.execute("SELECT person_id, mark FROM attendance WHERE meeting_id = ?",
                           [mid]).fetchall()
        audit.record_entry(db, "meetings", mid, "register saved",
                           {f"person {p}": [None, m] for p, m in marks}, way="register")
        if mid % 3 == 0:
            p, m = marks[0]
            audit.record_entry(db, "meetings", mid, "register saved",
                               {f"person {p}": [m, "apologies"]}, way="register")
        items = {f"item {n} title": t for n, t in enumerate(AGENDA, start=1)}
        audit.record_cells(db, "meetings", mid, "changed", {}, items)
        audit.record_cells(db, "meetings", mid, "changed", {}, {
            f"item {n} notes": "Discussed; the partnership agreed to review it next time."
            for n in range(3, 7)} | {"item 4 decisions": "Report noted."})


def replay_figures(db, share: float = 1.0) -> None:
    months = [f"{2015 + m // 12}-{m % 12 + 1:02}" for m in range(int(120 * share))]
    districts = ["Bassetlaw", "Newark and Sherwood", "Mansfield", "Ashfield", "Broxtowe",
                 "Gedling", "Rushcliffe"]
    for month in months:
        audit.record_entry(db, "monthly_counts", None, "imported", {
            "files": 1, "months": month, "rows counted": 8000}, way="police.uk import")
        for measure in (16, 17):
            audit.record_cells(db, "monthly_counts", measure, "changed", {},
                               {f"{d}, {month}": 40 + n for n, d in enumerate(districts)})
    for quarter in range(int(40 * share)):
        for action in range(1, 31):
            audit.record_cells(db, "actions", action, "changed", {},
                               {f"spend {2015 + quarter // 4}/{16 + quarter // 4} "
                                f"Q{quarter % 4 + 1}": "£1,250.00"})
        set_setting(db, "committee_report",
                    f'{{"title": "Community safety performance, quarter {quarter}", '
                    f'"lead_officer": "Lead officer {quarter % 3}"}}')


def replay(db, share: float = 1.0) -> int:
    with db.atomic():
        replay_meetings(db, share)
        replay_figures(db, share)
    return int(db.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def run(size: str = "full") -> dict:
    share = 1.0 if size == "full" else 0.1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ten-years.sqlite"
        meetings, marks = build(path)
        db = open_database(path)
        before = path.stat().st_size
        start = time.perf_counter()
        entries = replay(db, share)
        seconds = time.perf_counter() - start
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size_bytes = audit.size_bytes(db)
        db.close()
        return {"meetings": meetings, "marks": marks, "entries": entries,
                "log_mb": size_bytes / 1024 / 1024, "file_mb": path.stat().st_size / 1024 / 1024,
                "before_mb": before / 1024 / 1024, "seconds": seconds}


def measure(size: str = "full") -> list[dict]:
    """One row for the table of all benchmarks: writing ten years of entries, the log's
    size in its words."""
    found = run(size)
    return [{"what": f"audit log, ten years ({found['entries']:,} entries, "
                     f"{found['log_mb']:.1f} MB of a {found['file_mb']:.1f} MB file)",
             "size": f"{found['meetings']:,} meetings, {found['marks']:,} marks",
             "seconds": found["seconds"],
             "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
             "floor_seconds": None}]


def main() -> None:
    found = run("full")
    print(f"{found['meetings']:,} meetings, {found['marks']:,} marks: {found['entries']:,} "
          f"audit entries take {found['log_mb']:.1f} MB; the file is {found['file_mb']:.1f} MB "
          f"({found['before_mb']:.1f} MB without the log)")


if __name__ == "__main__":
    main()
