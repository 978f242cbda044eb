"""The start-up path stays light: `cspdesk check` and the main window on the demo database
import neither pandas, numpy, pyqtgraph, openpyxl, python-docx nor sqlite-utils; each is
loaded when first needed, and then works. Each check runs in a fresh interpreter (this test
process has them all), with a home folder of its own so no settings of the machine are read."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from cspdesk.cli.main import LAZY_COMMANDS, main
from cspdesk.demo import build_demo_database

ROOT = Path(__file__).resolve().parent.parent
# dateutil's parser (its module _parser) is loaded at its first use, not by sqlite-utils.
HEAVY = ("pandas", "numpy", "pyqtgraph", "openpyxl", "docx", "dateutil.parser._parser",
         "sqlite_utils")
REPORT = f"""
import sys
print("heavy:", ",".join(m for m in {HEAVY!r} if m in sys.modules) or "none", flush=True)
"""
# The window as cspdesk builds it, on the tab it was last closed on (argv[2]).
WINDOW = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
from ui.app import create_application
from ui.main_window import MainWindow
app = create_application()
settings = QSettings(sys.argv[3], QSettings.Format.IniFormat)
settings.setValue("mainWindow/tab", int(sys.argv[2]))
window = MainWindow(Path(sys.argv[1]), settings=settings)
window.show()
app.processEvents()
page = window.tab_pages[window.tabs.currentIndex()]
print("tab:", page.title, "| empty:", page.showing_empty_state())
"""


def run_python(code: str, *args: str, home: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "LANG": "C.UTF-8", "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data")}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    return done.stdout


def heavy_found(out: str) -> set[str]:
    [line] = [line for line in out.splitlines() if line.startswith("heavy:")]
    return set(line.split(":", 1)[1].strip().split(",")) - {"none"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "demo.sqlite"
    build_demo_database(path).close()
    return path


def test_cspdesk_check_imports_nothing_heavy(demo_db: Path, tmp_path: Path) -> None:
    code = ("import sys\n"
            "from cspdesk.cli.main import main\n"
            "main(['check', '--db', sys.argv[1]], standalone_mode=False)\n" + REPORT)
    out = run_python(code, str(demo_db), home=tmp_path)
    assert "Healthy." in out
    assert heavy_found(out) == set()


@pytest.mark.parametrize(("tab", "title"), [(0, "Meetings"), (1, "Performance"),
                                            (2, "Priorities"), (3, "Safer Streets")])
def test_the_window_opens_with_its_data_and_nothing_heavy(demo_db, tmp_path, tab, title):
    """Every tab opens on what has no pyqtgraph chart: the Performance comparison's bars
    are drawn without it, Safer Streets opens on its actions (the dashboard's charts wait
    until it is chosen) and Meetings on its registers."""
    out = run_python(WINDOW + REPORT, str(demo_db), str(tab), str(tmp_path / "s.ini"),
                     home=tmp_path)
    assert f"tab: {title} | empty: False" in out
    assert heavy_found(out) == set()


def test_the_chart_and_the_export_work_once_loaded(demo_db, tmp_path):
    """After a light start, the statistics page draws its chart and the export writes a
    workbook that reads back (pyqtgraph, numpy and openpyxl loaded on the way)."""
    target = tmp_path / "attendance.xlsx"
    code = WINDOW + REPORT + f"""
from PySide6.QtWidgets import QFileDialog, QMessageBox
told = []
QFileDialog.getSaveFileName = lambda *a, **k: ({str(target)!r}, "")
QMessageBox.information = lambda parent, title, text: told.append(text)
meetings = window.tab_pages[0]
meetings.pages.setCurrentWidget(meetings.statistics)
app.processEvents()
bars = meetings.statistics.bars
names = [name for _y, name in bars.getAxis("left")._tickLevels[0]]
print("bars:", len(names), "| first:", names[0])
meetings.statistics.export_button.click()
while not told:
    app.processEvents()
print("told:", told[0])
from openpyxl import load_workbook
print("sheets:", load_workbook(sys.argv[4]).sheetnames)
""" + REPORT
    out = run_python(code, str(demo_db), "0", str(tmp_path / "s.ini"), str(target),
                     home=tmp_path)
    first, after = [line for line in out.splitlines() if line.startswith("heavy:")]
    assert first == "heavy: none"
    assert "bars: 11 | first: Bassetlaw District Council" in out
    assert f"told: Wrote {target}." in out
    assert "sheets: ['About', 'By organisation'" in out
    assert {"pyqtgraph", "numpy", "openpyxl"} <= set(after.split(":")[1].strip().split(","))


def test_every_lazy_command_is_the_command_of_its_name() -> None:
    ctx = main.make_context("cspdesk", ["--help"], resilient_parsing=True)
    for name in LAZY_COMMANDS:
        command = main.get_command(ctx, name)
        assert command is not None and command.name == name
    assert set(LAZY_COMMANDS) <= set(main.list_commands(ctx))


# sqlite-utils' table API, loaded when first used (cspdesk/store/connection.py).
TABLES = """
import sqlite3, sys
from cspdesk.store.connection import Database
db = Database(sqlite3.connect(":memory:"))
db["t"].insert({"n": 1})
print("loaded:", ",".join(m for m in ("sqlite_utils", "pandas", "numpy",
                                      "dateutil.parser._parser") if m in sys.modules))
"""


def test_sqlite_utils_still_types_numpy_and_pandas_values_as_documented(tmp_path) -> None:
    """Its table API loads sqlite-utils without pandas and numpy, and once they are loaded
    it still gives their values the column types it documents."""
    code = TABLES + (
        "import numpy as np, pandas as pd\n"
        "db['u'].insert({'n': np.int64(3), 'x': np.float32(1.5), 'd': pd.Timestamp(0)})\n"
        "print({c.name: c.type for c in db['u'].columns})\n")
    out = run_python(code, home=tmp_path)
    assert "loaded: sqlite_utils\n" in out
    assert "{'n': 'INTEGER', 'x': 'REAL', 'd': 'TEXT'}" in out


def test_sqlite_utils_date_recipes_and_pandas_still_parse_dates(tmp_path) -> None:
    """dateutil's parser, left by cspdesk to load at its first use, works when used: by
    sqlite-utils' recipes and by pandas."""
    code = TABLES + (
        "from sqlite_utils.recipes import parsedate, parsedatetime\n"
        "print(parsedate('01/02/2023', dayfirst=True), parsedatetime('2023-02-01 10:30'))\n"
        "import pandas as pd\n"
        "print(pd.Timestamp('5 March 2024').date())\n")
    out = run_python(code, home=tmp_path)
    assert "loaded: sqlite_utils\n" in out
    assert "2023-02-01 2023-02-01T10:30:00" in out
    assert "2024-03-05" in out


def test_sqlite_utils_uses_pandas_and_numpy_for_column_types_only() -> None:
    """cspdesk/lean_imports.py hides them while sqlite-utils imports, which is sound only
    while sqlite-utils uses them for nothing but COLUMN_TYPE_MAPPING: a newer sqlite-utils
    that does more with them fails here, to be looked at again."""
    package = Path(sqlite_utils.__file__).parent
    uses = {(path.name, line.strip()) for path in package.glob("*.py")
            for line in path.read_text(encoding="utf-8").splitlines()
            if any(word in line for word in ("pd.", "np.", "pandas", "numpy"))}
    for_types = {(name, line) for name, line in uses
                 if name == "db.py" and (line.startswith(("np.", "COLUMN_TYPE_MAPPING"))
                                         or "import_module(" in line
                                         or line.startswith("# If"))}
    assert uses - for_types == set()


def test_only_the_connection_imports_sqlite_utils() -> None:
    """sqlite-utils imported anywhere else would come back on the start-up path (with
    pandas and numpy, which only cspdesk/lean_imports.py keeps out of it)."""
    importers = set()
    for top in ("cspdesk", "ui"):
        for path in (ROOT / top).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                         [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                if any(n == "sqlite_utils" or n.startswith("sqlite_utils.") for n in names):
                    importers.add(path.relative_to(ROOT).as_posix())
    assert importers == {"cspdesk/store/connection.py", "cspdesk/lean_imports.py"}
