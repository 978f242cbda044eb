"""Finds the files in ``resources/`` (demo data, icons), from a checkout or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_folder() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)  # set by PyInstaller
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_folder().joinpath(*parts)
