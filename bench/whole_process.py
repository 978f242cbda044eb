"""Timing a whole process: start, work, exit, as the officer waits for it.

``run`` starts a command, waits for it and returns its wall time and peak memory (the
child's own maximum resident set, from ``os.wait4``); ``best`` keeps the fastest of a few
runs. The benchmarks compare whole processes to whole processes, so the interpreter's
start and the imports count on both sides.
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


def run(args: Sequence[str | Path]) -> tuple[float, float]:
    """(seconds, peak MB) of one run of ``args``; RuntimeError when it fails."""
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
    return seconds, usage.ru_maxrss / 1024


def python(*args: str | Path) -> list[str | Path]:
    """A command running this interpreter."""
    return [sys.executable, *args]


def best(runs: int, before: Callable[[], object], args: Sequence[str | Path]
         ) -> tuple[float, float]:
    """The fastest of ``runs`` runs of ``args`` (``before()`` before each), with the peak
    memory of that run."""
    results = []
    for _ in range(runs):
        before()
        results.append(run(args))
    return min(results)
