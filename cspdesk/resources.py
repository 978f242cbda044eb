"""Finds the files in ``resources/`` (demo data, icons) wherever cspdesk runs from.

Three homes, tried in order: a frozen build (PyInstaller unpacks them to ``resources/``
beside the program), an installed wheel (``cspdesk/_resources``, see pyproject.toml), and a
checkout (``resources/`` beside the ``cspdesk`` folder).
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_folder() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)  # set by PyInstaller
    if frozen_root:
        return Path(frozen_root) / "resources"
    installed = _PACKAGE / "_resources"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_folder().joinpath(*parts)
