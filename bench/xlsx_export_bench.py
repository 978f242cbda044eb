"""The partner workbook of ten years must export at most 1.5 times as slowly as openpyxl's
write-only mode writes the same rows bare.

Builds a database of ten years in a temporary folder (bench/meetings_bench.py's 2,000
meetings and 60,000 attendance marks, plus 252,000 monthly counts and ten years of
priorities, programmes, actions and updates), then times, side by side and best of three:

* bare: openpyxl's write-only mode appending every row of every sheet exactly as SQLite
  returns it (same queries, same order), no styles, no checks, then saving;
* export_workbook, the full copy and the one without personal data.

Run:  .venv/bin/python bench/xlsx_export_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Row, in_process, row  # noqa: E402
from meetings_bench import build as build_meetings  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from cspdesk.dates import financial_year_label  # noqa: E402
from cspdesk.exchange.export import export_workbook  # noqa: E402
from cspdesk.exchange.layout import SHEETS  # noqa: E402
from cspdesk.store.database import open_database  # noqa: E402

AREAS, MEASURES, MONTHS = 50, 42, 120  # 252,000 monthly counts
TARGET = 1.5


def build(path: Path, small: bool = False) -> dict[str, int]:
    """The ten-year database (one year, a tenth of the meetings, when ``small``); returns
    its row counts by table."""
    if small:
        build_meetings(path, meetings_per_group=25)
    else:
        build_meetings(path)
    db = open_database(path)
    months = [f"{2015 + (m + 3) // 12}-{(m + 3) % 12 + 1:02d}"
              for m in range(12 if small else MONTHS)]
    with db.atomic():
        db.conn.executemany("INSERT INTO areas (id, name, level, position) VALUES (?, ?, ?, ?)",
                            [(a, f"Area {a}", "district", a) for a in range(1, AREAS + 1)])
        db.conn.executemany("INSERT INTO measures (id, name, source, position) VALUES (?, ?, ?, ?)",
                            [(m, f"Measure {m}", "police.uk", m) for m in range(1, MEASURES + 1)])
        stamp = "2025-04-30T10:15:00"
        db.conn.executemany(
            "INSERT INTO monthly_counts VALUES (?, ?, ?, ?, 'imported', ?, ?)",
            ((a, m, month, (a * m + i) % 300, f"C:/Data/police/{month}-street.csv", stamp)
             for a in range(1, AREAS + 1) for m in range(1, MEASURES + 1)
             for i, month in enumerate(months)))
        _plans_and_actions(db)
    counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("attendance", "monthly_counts", "actions", "action_updates")}
    db.close()
    return counts


def _plans_and_actions(db) -> None:  # type: ignore[no-untyped-def]
    years = [financial_year_label(y) for y in range(2015, 2025)]
    db.conn.executemany(
        "INSERT INTO priorities (id, financial_year, position, title, evidence, districts, "
        "lead_officer) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(i * 8 + p + 1, year, p + 1, f"Priority {p + 1}", "Evidence " * 20,
          '["Area 1", "Area 2"]', f"Person {p + 1:03}")
         for i, year in enumerate(years) for p in range(8)])
    db.conn.executemany(
        "INSERT INTO programmes (id, name, award_pence, start_date, end_date, themes) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(p, f"Programme {p}", 50_000_000, f"{2015 + p}-04-01", f"{2016 + p}-03-31",
          '["ASB", "VAWG"]') for p in range(1, 11)])
    start = dt.date(2015, 4, 1)
    db.conn.executemany(
        "INSERT INTO actions (id, programme_id, position, title, owner_officer, status, "
        "planned_start, planned_end, budget_pence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(a, (a - 1) // 30 + 1, a, f"Action {a}", f"Person {a % 120 + 1:03}", "in progress",
          (start + dt.timedelta(days=a)).isoformat(),
          (start + dt.timedelta(days=a + 90)).isoformat(), 1_234_567) for a in range(1, 301)])
    db.conn.executemany(
        "INSERT INTO action_updates (action_id, date, text, author) VALUES (?, ?, ?, ?)",
        [(a, (start + dt.timedelta(days=a + u * 7)).isoformat(), f"Update {u} on action {a}",
          f"Person {a % 120 + 1:03}") for a in range(1, 301) for u in range(7)])


def bare(source: Path, target: Path) -> int:
    """Every sheet's rows appended as SQLite returns them to a write-only workbook."""
    db = open_database(source)
    wb = Workbook(write_only=True)
    rows = 0
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        ws.append(sheet.headers)
        select = ", ".join(f'"{c.column}"' for c in sheet.columns)
        order = ", ".join(f'"{k}"' for k in sheet.key)
        for values in db.execute(f'SELECT {select} FROM "{sheet.table}" ORDER BY {order}'):
            ws.append(values)
            rows += 1
    wb.save(target)
    db.close()
    return rows


def exported(source: Path, target: Path, no_personal_data: bool) -> int:
    db = open_database(source)
    result = export_workbook(db, target, no_personal_data=no_personal_data, overwrite=True)
    db.close()
    return result.count


def timed(work: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    rows = work()
    return time.perf_counter() - start, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "ten-years.sqlite"
        counts = build(source)
        print(", ".join(f"{n:,} {t}" for t, n in counts.items()))
        work = {
            "bare write-only": lambda: bare(source, Path(folder) / "bare.xlsx"),
            "export_workbook, full": lambda: exported(source, Path(folder) / "full.xlsx", False),
            "export_workbook, no personal data": lambda: exported(
                source, Path(folder) / "partners.xlsx", True),
        }
        best: dict[str, float] = {}
        rows: dict[str, int] = {}
        for _ in range(runs):  # side by side: each run times all three in turn
            for name, job in work.items():
                seconds, rows[name] = timed(job)
                best[name] = min(best.get(name, seconds), seconds)
        base = best["bare write-only"]
        for name, seconds in best.items():
            size = (Path(folder) / {"bare write-only": "bare.xlsx",
                                    "export_workbook, full": "full.xlsx"}.get(
                name, "partners.xlsx")).stat().st_size
            print(f"{name:36} {seconds:7.2f} s  {rows[name]:>9,} rows  {size / 1e6:5.1f} MB"
                  f"  ratio {seconds / base:4.2f}")
        print(f"target: ratio <= {TARGET}")


def measure(size: str = "full") -> list[Row]:
    """The partner workbook's export against openpyxl's bare write-only floor."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "ten-years.sqlite"
        counts = build(source, small=size == "small")
        stated = f"{sum(counts.values()):,} records"
        floor, _ = in_process(lambda: bare(source, Path(folder) / "bare.xlsx"), runs=2)
        rows = []
        for what, personal in [("Excel export, full workbook", False),
                               ("Excel export, no personal data", True)]:
            seconds, peak = in_process(
                lambda personal=personal: exported(source, Path(folder) / "out.xlsx", personal),
                runs=2)
            rows.append(row(what, stated, seconds, peak, "openpyxl write-only", floor))
    return rows


if __name__ == "__main__":
    main()
