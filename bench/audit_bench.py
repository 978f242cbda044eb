"""How big the audit log grows over ten years.

Builds the ten-year database of ``meetings_bench.py`` (2,000 meetings, 60,000 marks), then
writes the entries cspdesk would have written making it through the window: each meeting
added, its register saved (one entry naming each of its 30 marks), one change in three
registers corrected afterwards, and 120 police.uk imports (one entry each). Prints the log's
size in the file (SQLite's dbstat) against the whole file's. Run:
    .venv/bin/python bench/audit_bench.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from meetings_bench import build  # noqa: E402

from cspdesk import audit  # noqa: E402
from cspdesk.store.database import open_database  # noqa: E402


def replay(db) -> int:
    meetings = db.execute("SELECT id, group_id, date, start_time, end_time, status "
                          "FROM meetings").fetchall()
    with db.atomic():
        for mid, group, date, start, end, _status in meetings:
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
        for month in range(120):
            audit.record_entry(db, "monthly_counts", None, "imported", {
                "files": 1, "months": f"{2015 + month // 12}-{month % 12 + 1:02}",
                "rows counted": 8000}, way="police.uk import")
    return int(db.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ten-years.sqlite"
        meetings, marks = build(path)
        db = open_database(path)
        before = path.stat().st_size
        entries = replay(db)
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = audit.size_bytes(db)
        db.close()
        print(f"{meetings:,} meetings, {marks:,} marks: {entries:,} audit entries take "
              f"{size / 1024 / 1024:.1f} MB; the file is {path.stat().st_size / 1024 / 1024:.1f}"
              f" MB ({before / 1024 / 1024:.1f} MB without the log)")


if __name__ == "__main__":
    main()
