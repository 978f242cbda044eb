"""``cspdesk screenshot``: the main window with each tab selected, written to PNG files."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ui.app import create_application
from ui.main_window import MainWindow, tab_slug


def _grab(window: MainWindow, target: Path) -> Path:
    if not window.grab().save(str(target)):
        raise OSError(f"could not write {target}")
    return target


def write_screenshots(db_path: Path, out_dir: Path, size: tuple[int, int]) -> list[Path]:
    create_application()
    with tempfile.TemporaryDirectory() as scratch:
        # Settings of its own, so a screenshot neither reads nor changes the user's window.
        settings = QSettings(str(Path(scratch) / "screenshot.ini"), QSettings.Format.IniFormat)
        window = MainWindow(db_path, settings=settings, read_only=True)  # beside a writer too
        window.resize(*size)
        window.show()
        written = []
        for index, page in enumerate(window.tab_pages):
            window.tabs.setCurrentIndex(index)
            QApplication.processEvents()
            written.append(_grab(window, out_dir / f"{tab_slug(page)}.png"))
            for name, show in page.sub_pages():
                show()
                QApplication.processEvents()
                written.append(_grab(window, out_dir / f"{tab_slug(page)}-{name}.png"))
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    return written
