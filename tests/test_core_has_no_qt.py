"""The core (cspdesk/) never loads Qt: importing every one of its modules leaves PySide6 out."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import cspdesk

SCRIPT = textwrap.dedent("""
    import importlib, json, pkgutil, sys
    import cspdesk
    names = [m.name for m in pkgutil.walk_packages(cspdesk.__path__, "cspdesk.")]
    names = [n for n in names if n != "cspdesk.__main__"]  # __main__ runs the CLI
    for name in names:
        importlib.import_module(name)
    gui = ("PySide6", "shiboken6", "pyqtgraph", "ui")
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in gui)
    print(json.dumps({"imported": names, "gui": loaded}))
""")


def test_importing_every_core_module_loads_no_qt():
    # A fresh interpreter: this test process has Qt loaded already by pytest-qt.
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            check=True)
    report = json.loads(result.stdout)
    package = Path(cspdesk.__file__).parent
    expected = {module_name(p, package.parent) for p in package.rglob("*.py")
                if p.name != "__main__.py"} - {"cspdesk"}
    assert any(name.count(".") >= 3 for name in expected)  # subpackages of subpackages too
    assert expected <= set(report["imported"])
    assert report["gui"] == []


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
