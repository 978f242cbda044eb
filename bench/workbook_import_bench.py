"""The ten-year partner workbook must check, and import, within 3 times openpyxl's read-only
iteration of the same workbook (issue 15 item 2).

Builds xlsx_export_bench's ten-year database (2,000 meetings, 60,000 attendance marks,
252,000 monthly counts, ten years of priorities, programmes, actions and updates) in a
temporary folder and exports its full workbook (about 317,000 records), then times whole
processes, best of three:

* floor: a Python process loading the workbook with openpyxl (read-only) and iterating
  every sheet's rows (``values_only=True``), doing nothing with them;
* check: ``cspdesk import xlsx --dry-run`` of the workbook into a new, empty database (every
  record is one to add, so every one is checked and tried);
* import: ``cspdesk import xlsx`` of it into a new, empty database (checked, then written).

Run:  .venv/bin/python bench/workbook_import_bench.py [--size small] [--runs N]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import xlsx_export_bench  # noqa: E402
from whole_process import best, main_for, python  # noqa: E402

from cspdesk.exchange.export import export_workbook  # noqa: E402
from cspdesk.store.database import create_database, open_database  # noqa: E402

TARGET = 3.0
SIZES = {"full": 120, "small": 12}  # months of monthly counts
FLOOR = ("import sys, openpyxl\n"
         "wb = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
         "for ws in wb.worksheets:\n"
         "    for _row in ws.iter_rows(values_only=True):\n"
         "        pass\n"
         "wb.close()\n")


def prepare(folder: Path, size: str = "full") -> tuple[Path, Path]:
    """The ten-year workbook, and an empty database to import it into."""
    source, workbook, empty = (folder / "ten-years.sqlite", folder / "ten-years.xlsx",
                               folder / "empty.sqlite")
    xlsx_export_bench.MONTHS = SIZES[size]
    xlsx_export_bench.build(source)
    db = open_database(source)
    export_workbook(db, workbook, overwrite=True)
    db.close()
    create_database(empty).close()
    return workbook, empty


def measure(size: str = "full", runs: int = 3) -> list[dict]:
    """Rows for the table of every benchmark: the floor, the check and the import."""
    with tempfile.TemporaryDirectory(prefix="cspdesk-workbook-bench-") as name:
        folder = Path(name)
        workbook, empty = prepare(folder, size)
        target = folder / "run.sqlite"

        def fresh() -> None:
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(empty, target)

        command = python("-m", "cspdesk", "import", "xlsx", "--db", target)
        floor, floor_mb, floor_cpu = best(runs, fresh, python("-c", FLOOR, workbook))
        check, check_mb, check_cpu = best(runs, fresh, [*command, "--dry-run", workbook])
        applied, applied_mb, applied_cpu = best(runs, fresh, [*command, workbook])
        records = _records(target)
        megabytes = workbook.stat().st_size / 1e6
    size_text = f"{records:,} records, {megabytes:.1f} MB"
    return [{"what": "openpyxl read-only iteration", "size": size_text, "seconds": floor,
             "peak_mb": floor_mb, "floor_seconds": None, "cpu_seconds": floor_cpu},
            {"what": "workbook check (import --dry-run)", "size": size_text, "seconds": check,
             "peak_mb": check_mb, "floor_seconds": floor, "cpu_seconds": check_cpu},
            {"what": "workbook import (check and apply)", "size": size_text,
             "seconds": applied, "peak_mb": applied_mb, "floor_seconds": floor,
             "cpu_seconds": applied_cpu}]


def _records(path: Path) -> int:
    """The records the import wrote (every table's rows but the audit log's)."""
    db = open_database(path, read_only=True)
    try:
        tables = [t for t in db.table_names() if not t.startswith(("audit", "_"))]
        return sum(db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)
    finally:
        db.close()


def main() -> None:
    main_for(measure, TARGET, __doc__.splitlines()[0])


if __name__ == "__main__":
    main()
