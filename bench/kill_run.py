"""Many kills of each kind (tests/test_kill.py runs a few): SIGKILL at a random moment of a
police.uk import, a workbook import, register saves and an export, each result checked for
health and for all-or-nothing. Prints one line a kind.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/kill_run.py [KILLS]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import kill_harness as harness  # noqa: E402

from cspdesk.demo import build_demo_database  # noqa: E402
from cspdesk.exchange.export import export_workbook  # noqa: E402
from cspdesk.store.database import create_database, open_database  # noqa: E402


def main(kills: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        demo = work / "demo.sqlite"
        build_demo_database(demo).close()
        empty = work / "empty.sqlite"
        create_database(empty).close()
        workbook = work / "partnership.xlsx"
        db = open_database(demo)
        export_workbook(db, workbook)
        db.close()
        months = [f"2023-{m:02d}" for m in range(4, 13)]
        files = harness.months_of_the_sample(work, months)
        runs = [("police-uk", demo, files), ("register", demo, []),
                ("workbook", empty, [str(workbook)]), ("export", demo, [])]
        print(f"{'what':<12}{'kills':>7}{'ended first':>13}{'survived':>10}  problems")
        for operation, source, args in runs:
            report = harness.kill_many(operation, source, args, work, kills, seed=7)
            print(f"{operation:<12}{report.kills:>7}{report.finished:>13}{report.survived:>10}"
                  f"  {'; '.join(report.problems[:3]) or 'none'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 25)
