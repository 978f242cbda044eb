"""Where a file dialog starts: the folder the officer last chose a file in, remembered.

The main window's QSettings keeps it (key ``files/last_folder``), so it outlasts the
session; a widget outside a main window (in a test, say) starts at the fallback and
remembers nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

LAST_FOLDER = "files/last_folder"


def _settings(widget: QWidget) -> QSettings | None:
    settings = getattr(widget.window(), "settings", None)
    return settings if isinstance(settings, QSettings) else None


def start_folder(widget: QWidget, fallback: Path) -> Path:
    """The folder last used, if it is still there; otherwise ``fallback``."""
    settings = _settings(widget)
    last = settings.value(LAST_FOLDER) if settings is not None else None
    return Path(str(last)) if last and Path(str(last)).is_dir() else fallback


def remember_folder(widget: QWidget, chosen: str | Path) -> None:
    """Remember the folder of a file just chosen, for the next file dialog."""
    settings = _settings(widget)
    if settings is not None and str(chosen):
        settings.setValue(LAST_FOLDER, str(Path(chosen).parent))
