"""Every benchmark, one table: what, size, time, peak memory, and the ratio to its floor.

Each ``bench/*.py`` script that defines ``measure(size)`` is run in a process of its own (so
one script's memory does not count against the next), on data it generates at its stated
size, and its rows are collected. The floor is the bare library doing the same work (for
example ``pandas.read_csv`` of the same police.uk files); the ratio is the time over the
floor's, measured side by side in the same run. Run:

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/run_all.py            # the full sizes
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/run_all.py --small    # a quick look
    ... bench/run_all.py --only tabs_bench --markdown                      # one script, as Markdown
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
MARK = "RUN_ALL_ROWS:"


def scripts(only: list[str] | None = None) -> list[str]:
    """The benchmark scripts that give rows, in name order (or those named)."""
    found = sorted(p.stem for p in BENCH.glob("*.py")
                   if p.stem not in {"run_all", "harness"}
                   and re.search(r"^def measure\(", p.read_text(), re.MULTILINE))
    if only:
        missing = sorted(set(only) - set(found))
        if missing:
            raise SystemExit(f"No benchmark named {', '.join(missing)}; there are: "
                             f"{', '.join(found)}.")
        return [name for name in found if name in only]
    return found


def run_one(name: str, size: str) -> None:
    """In the child: import the script, measure, print the rows for the parent."""
    sys.path.insert(0, str(BENCH.parent))
    sys.path.insert(0, str(BENCH))
    module = __import__(name)
    rows = module.measure(size)
    print(MARK + json.dumps(rows))


def collect(name: str, size: str) -> list[dict]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", name,
                           "--size", size], capture_output=True, text=True, env=env)
    for line in done.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    tail = "\n".join(done.stderr.strip().splitlines()[-15:])
    print(f"{name}: no result (exit {done.returncode})\n{tail}", file=sys.stderr)
    return []


def machine() -> str:
    model = ""
    try:
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        model = found.group(1).strip() if found else ""
    except OSError:
        pass
    memory = ""
    try:
        found = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        memory = f", {int(found.group(1)) / 1024 / 1024:.0f} GB" if found else ""
    except OSError:
        pass
    return (f"{os.cpu_count()} cores{(' ' + model) if model else ''}{memory}, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"{dt.date.today():%d/%m/%Y}")


def _seconds(value: float) -> str:
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def table(rows: list[dict], markdown: bool) -> str:
    head = ["what", "size", "time", "peak memory", "floor", "ratio"]
    body = []
    # A floor measured as a row of its own is named by that row ("pandas.read_csv …").
    named = {r["seconds"]: r["what"].replace("(floor)", "").strip() for r in rows}
    for r in rows:
        floor = r.get("floor_seconds")
        body.append([
            r["what"], r["size"], _seconds(r["seconds"]),
            f"{r['peak_mb']:.0f} MB" if r.get("peak_mb") is not None else "",
            f"{r.get('floor') or named.get(floor, 'floor')} {_seconds(floor)}" if floor else "",
            f"{r['seconds'] / floor:.2f}" if floor else "",
        ])
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return "\n".join(lines)
    widths = [max(len(h), *(len(c[i]) for c in body)) if body else len(h)
              for i, h in enumerate(head)]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    out += ["  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
            for cells in body]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="small data, a quick look")
    parser.add_argument("--only", nargs="*", help="these scripts only (names without .py)")
    parser.add_argument("--markdown", action="store_true", help="a Markdown table")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--size", default="full", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        run_one(options.child, options.size)
        return
    size = "small" if options.small else "full"
    rows: list[dict] = []
    started = time.perf_counter()
    for name in scripts(options.only):
        print(f"running {name} ({size})…", file=sys.stderr, flush=True)
        rows += collect(name, size)
    print(machine())
    print(table(rows, options.markdown))
    print(f"({len(rows)} rows in {time.perf_counter() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
