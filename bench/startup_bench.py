"""Start-up, whole process to whole process, side by side in one run.

1. The first usable window on the ten-year database (xlsx_export_bench's: 2,000 meetings,
   60,000 attendance marks, 252,000 monthly counts, 300 actions), started as the officer
   starts it (``cspdesk --db FILE``, through the command's own code), against a bare PySide6
   QMainWindow with a QTabWidget of four empty tabs. Each is a new Python process that
   leaves with ``os._exit`` the first time its event loop has nothing left to do (Qt's
   ``aboutToBlock``): the window shown, painted, and every event posted by then handled;
   cspdesk's process imports PySide6 where its own code does (``CSPDESK_WINDOW``).
   Target: within 3 times. The window opens on the tab it was closed on; the first row is
   a fresh settings file (the Meetings tab), the others a window last closed on each of the
   other tabs (no target: said for what is left).
2. ``cspdesk check`` on the same database against ``python -c "import click, sqlite3"``.
   Target: within 2.5 times.

Both sides of each pair run alternately, best of seven (three for ``--size small``, the demo
database); each tab's window is paired with a bare window of its own, run beside it, so that
a machine busier by the time of the last pair does not count against it. Every child gets a
home folder of its own (settings, data folder), so nothing of the machine's own cspdesk is
read or written; today's backup of the database is made before timing, as the first opening
of a day would make it on a thread.

Run:  .venv/bin/python bench/startup_bench.py [--size small]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

WINDOW_TARGET, CHECK_TARGET = 3.0, 2.5
RUNS = {"full": 7, "small": 3}
TABS = ["Meetings", "Performance", "Priorities", "Safer Streets"]

# Leave the moment the event loop first waits for events: the window is on screen. The
# database is closed first (its lock given up), or the next start would find a session that
# did not end cleanly and run the full integrity check.
LEAVE = """
import os, sys
def _leave():
    from PySide6.QtWidgets import QApplication
    for window in QApplication.topLevelWidgets():
        if getattr(window, "opened", None) is not None:
            window.opened.close()
    if "ui.single_instance" in sys.modules:  # its socket, as a window closed removes it
        from PySide6.QtNetwork import QLocalServer
        QLocalServer.removeServer(sys.modules["ui.single_instance"].server_name())
    os._exit(0)
def _exec_until_idle():
    from PySide6.QtCore import QAbstractEventDispatcher
    from PySide6.QtWidgets import QApplication
    _exec = QApplication.exec
    def until_idle(*args):
        QAbstractEventDispatcher.instance().aboutToBlock.connect(_leave)
        return _exec()
    QApplication.exec = until_idle
"""

BARE_WINDOW = LEAVE + """
_exec_until_idle()
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget
app = QApplication(sys.argv[:1])
window = QMainWindow()
tabs = QTabWidget()
for name in ("Meetings", "Performance", "Priorities", "Safer Streets"):
    tabs.addTab(QWidget(), name)
window.setCentralWidget(tabs)
window.resize(1280, 800)
window.show()
app.exec()
"""

# The command as its console script (pyproject.toml) runs it: `cspdesk --db FILE`.
CSPDESK = """
import sys
from cspdesk.cli.main import main
sys.exit(main())
"""
# The same, leaving at the first idle. PySide6 is imported where cspdesk imports it (with
# ui.app, after click, sqlite-utils and cspdesk's core), not before them: PySide6's
# __feature__ import hook reads the source of every module imported after it (0.02 s for
# those), which the command as installed does not pay. So QApplication.exec is replaced as
# soon as ui.app has loaded. A window that never showed (cspdesk handing over to one
# already open) fails the run.
CSPDESK_WINDOW = LEAVE + """
import importlib.machinery
class _OnceUiAppLoaded:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "ui.app":
            return None
        sys.meta_path.remove(_OnceUiAppLoaded)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            _exec_until_idle()
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, _OnceUiAppLoaded)
from cspdesk.cli.main import main
try:
    main()
finally:
    os._exit(3)
"""


def child_env(home: Path, pycache: Path) -> dict[str, str]:
    """A home folder and a user name of its own (the window's single-instance socket is
    named after the user: a cspdesk window of the same user already running would be
    handed the database, and the child would leave at once); bytecode kept (in
    ``pycache``) as an installed or frozen cspdesk has it, even where
    PYTHONDONTWRITEBYTECODE is set: else every start would compile cspdesk's 250 modules
    from source (0.35 s) and the bare side nothing."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    user = f"cspdesk-bench-{os.getpid()}"
    return {**env, "LOGNAME": user, "USER": user, "USERNAME": user, "LNAME": user,
            "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(pycache),
            "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8", "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache")}


def run_once(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from start to exit of one process, and its peak memory in MB."""
    start = time.perf_counter()
    child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{args[:3]} ended with status {child.returncode}")
    return seconds, usage.ru_maxrss / 1024


Command = tuple[list[str], dict[str, str]]


def side_by_side(pair: list[Command], runs: int) -> list[tuple[float, float]]:
    """Best time (and the peak memory of that run) of each command, run alternately after
    one run of each untimed (bytecode written, files in the disk cache)."""
    for args, env in pair:
        run_once(args, env)
    best = [(float("inf"), 0.0)] * len(pair)
    for _ in range(runs):
        for i, (args, env) in enumerate(pair):
            best[i] = min(best[i], run_once(args, env))
    return best


def remember_tab(home: Path, tab: int) -> None:
    """The window was last closed on ``tab`` (QSettings' file on Linux)."""
    folder = home / "config" / "cspdesk"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cspdesk.conf").write_text(f"[mainWindow]\ntab={tab}\n", encoding="utf-8")


def row(what: str, size: str, timing: tuple[float, float], floor: float | None) -> dict:
    return {"what": what, "size": size, "seconds": timing[0], "peak_mb": timing[1],
            "floor_seconds": floor}


def write_databases(folder: str, size: str) -> None:
    """The demo database, and for ``full`` the ten-year one, each with today's backup made
    (run in a process of its own, so the bench's own memory stays small); prints the
    ten-year one's row counts."""
    from cspdesk.demo import build_demo_database
    from cspdesk.store.backups import backup_if_due
    from cspdesk.store.database import open_database

    paths = [Path(folder) / "demo.sqlite"]
    build_demo_database(paths[0]).close()
    if size == "full":
        from xlsx_export_bench import build

        paths.append(Path(folder) / "ten-years.sqlite")
        print(", ".join(f"{n:,} {table}" for table, n in build(paths[1]).items()))
    for path in paths:
        db = open_database(path)
        backup_if_due(db)
        db.close()


# The SQL of `cspdesk check` alone: its floor on a large file.
SQLITE_CHECK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA integrity_check").fetchall()
db.execute("PRAGMA foreign_key_check").fetchall()
"""


def measure(size: str = "full") -> list[dict]:
    """Rows {what, size, seconds, peak_mb, floor_seconds} of the start-ups, as printed."""
    py, runs = sys.executable, RUNS[size]
    with tempfile.TemporaryDirectory() as folder:
        made = subprocess.run(
            [py, "-c", f"import startup_bench; startup_bench.write_databases({folder!r}, "
             f"{size!r})"], check=True, capture_output=True, text=True,
            env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}"})
        demo = Path(folder) / "demo.sqlite"
        database, label = demo, "demo database"
        if size == "full":
            database = Path(folder) / "ten-years.sqlite"
            label = "ten years: " + ", ".join(  # "60,000 attendance" and the like, shortened
                made.stdout.strip().split(", ")[:2])
        pycache = Path(folder) / "pycache"
        homes = [Path(folder) / f"home-{tab}" for tab in range(len(TABS))]
        for tab, home in enumerate(homes):
            home.mkdir()
            if tab:
                remember_tab(home, tab)
        bare_env = child_env(Path(folder) / "home-bare", pycache)
        window = [py, "-c", CSPDESK_WINDOW, "--db", str(database)]
        bare_window = ([py, "-c", BARE_WINDOW], bare_env)
        bare, ours = side_by_side([bare_window, (window, child_env(homes[0], pycache))], runs)
        rows = [row("bare PySide6 window (floor)", label, bare, None),
                row("first usable window, Meetings tab", label, ours, bare[0])]
        for tab in range(1, len(TABS)):  # each against the bare window run beside it
            floor, other = side_by_side([bare_window, (window, child_env(homes[tab], pycache))],
                                        runs)
            rows.append({**row(f"  window last closed on {TABS[tab]}", label, other, floor[0]),
                         "floor": "bare PySide6 window beside it"})
        floor, check = side_by_side([([py, "-c", "import click, sqlite3"], bare_env),
                                     ([py, "-c", CSPDESK, "check", "--db", str(demo)],
                                      child_env(homes[0], pycache))], runs)
        rows += [row('python -c "import click, sqlite3" (floor)', "", floor, None),
                 row("cspdesk check", "demo database", check, floor[0])]
        if size == "full":
            sql, big = side_by_side([([py, "-c", SQLITE_CHECK, str(database)], bare_env),
                                     ([py, "-c", CSPDESK, "check", "--db", str(database)],
                                      child_env(homes[0], pycache))], runs)
            rows += [row("  SQLite's two checks alone (floor)", label, sql, None),
                     row("  cspdesk check", label, big, sql[0])]
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(RUNS), default="full")
    rows = measure(parser.parse_args().size)
    print(f"the window on: {rows[0]['size']}")
    print(f"{'':42}{'seconds':>8}{'peak MB':>9}{'ratio':>7}")
    for r in rows:
        ratio = f"{r['seconds'] / r['floor_seconds']:7.2f}" if r["floor_seconds"] else ""
        print(f"{r['what']:42}{r['seconds']:8.3f}{r['peak_mb']:9.0f}{ratio}")
    print(f"targets: the first usable window <= {WINDOW_TARGET} times the bare window; "
          f"cspdesk check <= {CHECK_TARGET} times the bare import")


if __name__ == "__main__":
    main()
