"""What every benchmark measures with: best time, peak memory, whole processes, one row shape.

A benchmark script exposes ``measure(size) -> list[Row]`` (``size`` is "full", the stated
size of the issue, or "small", a quick run to see the script still works) and keeps its own
``main()`` printing its details. ``bench/run_all.py`` collects every script's rows into one
table.

Peak memory is the process's peak resident set (Linux VmHWM), reset before the work starts,
so a row's figure is what the machine needed while doing that work (the Python interpreter
and the libraries already loaded included), not only what Python allocated.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypedDict

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


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


def whole_process(argv: Sequence[str], runs: int = 3, env: dict[str, str] | None = None,
                  cwd: Path | None = None) -> tuple[float, float]:
    """Best wall time of running ``argv`` from start to exit, and its peak resident memory.

    The peak is the child's own (``wait4``'s ru_maxrss), so runs do not mix."""
    times, peaks = [], []
    full_env = {**os.environ, **(env or {})}
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(list(argv), env=full_env, cwd=cwd,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        error = child.stderr.read().decode(errors="replace") if child.stderr else ""
        if child.stderr:
            child.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{error[-2000:]}")
        times.append(elapsed)
        peaks.append(usage.ru_maxrss / 1024)
    return min(times), max(peaks)


def own_peak_mb() -> float:
    """This process's peak resident memory so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
