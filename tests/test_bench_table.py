"""bench/run_all.py's one table: each row's figures as the README shows them."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import run_all  # noqa: E402


def test_the_table_gives_time_memory_floor_and_ratio():
    rows = [
        {"what": "police.uk import", "size": "24 months", "seconds": 0.45, "peak_mb": 180.4,
         "floor": "pandas.read_csv", "floor_seconds": 0.3},
        {"what": "open the Meetings tab", "size": "2,000 meetings", "seconds": 0.0042,
         "peak_mb": None, "floor": None, "floor_seconds": None},
    ]
    text = run_all.table(rows, markdown=True).splitlines()
    assert text[0] == "| what | size | time | peak memory | floor | ratio |"
    assert text[2] == ("| police.uk import | 24 months | 450 ms | 180 MB "
                       "| pandas.read_csv 300 ms | 1.50 |")
    assert text[3] == "| open the Meetings tab | 2,000 meetings | 4.2 ms |  |  |  |"


def test_every_script_with_measure_is_run_and_a_wrong_name_is_refused():
    found = run_all.scripts()
    assert {"meetings_bench", "tabs_bench", "xlsx_export_bench"} <= set(found)
    assert "harness" not in found and "run_all" not in found
    try:
        run_all.scripts(["no_such_bench"])
    except SystemExit as refused:
        assert "No benchmark named no_such_bench" in str(refused)
    else:
        raise AssertionError("an unknown benchmark was accepted")
