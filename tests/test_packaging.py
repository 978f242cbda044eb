"""What a wheel and a frozen build carry: every package, every resource file.

(The wheel itself is built, installed outside the checkout and run by scripts/check_wheel.sh,
which CI runs after the tests; what the frozen build leaves out: tests/test_frozen_build.py.)"""

from __future__ import annotations

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
