"""Timing a whole process: start, work, exit, as the officer waits for it.

``run`` starts a command, waits for it and returns its wall time, peak memory (the child's
own maximum resident set, from ``os.wait4``) and processor time (user and system: on a
machine shared with other work it moves less than the wall time); ``best`` keeps the
fastest of a few runs. The benchmarks compare whole processes to whole processes, so the
interpreter's start and the imports count on both sides.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment() -> dict[str, str]:
    """The environment for a child: this checkout first on its path, offscreen Qt."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def run(args: Sequence[str | Path]) -> tuple[float, float, float]:
    """(seconds, peak MB, processor seconds) of one run of ``args``; RuntimeError when it
    fails."""
    start = time.perf_counter()
    child = subprocess.Popen([str(a) for a in args], env=environment(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    error = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed: {error.strip()}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def python(*args: str | Path) -> list[str | Path]:
    """A command running this interpreter."""
    return [sys.executable, *args]


def best(runs: int, before: Callable[[], object], args: Sequence[str | Path]
         ) -> tuple[float, float, float]:
    """The fastest of ``runs`` runs of ``args`` (``before()`` before each): its seconds,
    peak memory and processor seconds."""
    results = []
    for _ in range(runs):
        before()
        results.append(run(args))
    return min(results)


def print_rows(rows: list[dict], target: float) -> None:
    """The rows of ``measure`` as a table: wall and processor seconds, peak memory, and
    each one's ratio to its floor (wall, then processor)."""
    floor = next((r for r in rows if r["floor_seconds"] is None), None)
    for row in rows:
        ratio = ""
        if row["floor_seconds"] and floor is not None:
            ratio = (f"ratio {row['seconds'] / row['floor_seconds']:.2f} "
                     f"(processor {row['cpu_seconds'] / floor['cpu_seconds']:.2f})")
        print(f"{row['what']:42} {row['size']:40} {row['seconds']:7.2f} s "
              f"{row['cpu_seconds']:7.2f} s cpu {row['peak_mb']:5.0f} MB  {ratio}")
    print(f"target: ratio <= {target}")


def main_for(measure: Callable[..., list[dict]], target: float, description: str) -> None:
    """A benchmark script's command line: --size and --runs, then its rows as a table."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--size", choices=("full", "small"), default="full")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print_rows(measure(args.size, args.runs), target)
