"""What a wheel and a frozen build carry: every package, every resource file.

(The wheel itself is built, installed outside the checkout and run by scripts/check_wheel.sh,
which CI runs after the tests.)"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_lists_every_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    folders = {".".join(p.parent.relative_to(ROOT).parts)
               for top in ("cspdesk", "ui") for p in (ROOT / top).rglob("__init__.py")}
    assert folders - listed == set()
    assert listed - folders == {"cspdesk._resources"}
    assert config["tool"]["setuptools"]["package-dir"]["cspdesk._resources"] == "resources"


def test_the_wheel_and_the_frozen_build_carry_every_resource_file():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["cspdesk._resources"]
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file():
            relative = path.relative_to(ROOT / "resources")
            assert any(relative.match(p) for p in patterns), relative
            assert path.name in spec, f"build.spec does not ship {relative}"


def test_the_frozen_build_excludes_no_qt_module_that_cspdesk_imports():
    """A second launch finds the running window through PySide6.QtNetwork: excluding a
    module the window imports would break the frozen program only."""
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    excludes = set(re.findall(r'"(PySide6\.\w+)"', spec.split("excludes =")[1].split("]")[0]))
    imported = {name for path in (ROOT / "ui").rglob("*.py")
                for name in re.findall(r"from (PySide6\.\w+) import", path.read_text("utf-8"))}
    assert "PySide6.QtNetwork" in imported
    assert imported & excludes == set()
