"""What in-process benchmarks measure with: best time, peak memory, one row shape (whole
processes are timed by ``whole_process.py``).

A benchmark script exposes ``measure(size) -> list[Row]`` (``size`` is "full", the stated
size of the issue, or "small", a quick run to see the script still works) and keeps its own
``main()`` printing its details. ``bench/run_all.py`` collects every script's rows into one
table.

Peak memory is the process's peak resident set (Linux VmHWM), reset before the work starts,
so a row's figure is what the machine needed while doing that work (the Python interpreter
and the libraries already loaded included), not only what Python allocated.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict


class Row(TypedDict):
    what: str
    size: str
    seconds: float
    peak_mb: float | None
    floor: str | None  # what the floor is, e.g. "pandas.read_csv"
    floor_seconds: float | None


def row(what: str, size: str, seconds: float, peak_mb: float | None,
        floor: str | None = None, floor_seconds: float | None = None) -> Row:
    return Row(what=what, size=size, seconds=seconds, peak_mb=peak_mb, floor=floor,
               floor_seconds=floor_seconds)


def _status_mb(field: str) -> float | None:
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    found = re.search(rf"{field}:\s+(\d+) kB", text)
    return int(found.group(1)) / 1024 if found else None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def in_process(work: Callable[[], object], runs: int = 3) -> tuple[float, float | None]:
    """Best wall time of ``runs`` calls, and the peak resident memory while they ran (MB)."""
    reset = _reset_peak()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    peak = _status_mb("VmHWM") if reset else None
    return min(times), peak
