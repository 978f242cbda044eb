"""``cspdesk screenshot``: the main window with each tab selected, written to PNG files.

No one is there to answer a message box, so none may stop it: each one the window opens
(a warning about a synced folder, a question) is closed as Escape would close it, at once,
and its title goes to stderr.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog

from ui.app import create_application
from ui.main_window import MainWindow, tab_slug


def _grab(window: MainWindow, target: Path) -> Path:
    if not window.grab().save(str(target)):
        raise OSError(f"could not write {target}")
    return target


class _DialogCloser(QObject):
    """Closes every modal dialog as soon as it is shown, and says on stderr what it was."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog) \
                and watched.isModal() and not isinstance(watched, QProgressDialog):
            sys.stderr.write(f"cspdesk: closed the window's message '{watched.windowTitle()}' "
                             "(a screenshot answers none).\n")
            QTimer.singleShot(0, watched.reject)
        return False


def write_screenshots(db_path: Path, out_dir: Path, size: tuple[int, int]) -> list[Path]:
    app = create_application()
    closer = _DialogCloser()
    app.installEventFilter(closer)
    try:
        return _write_screenshots(db_path, out_dir, size)
    finally:
        app.removeEventFilter(closer)


def _write_screenshots(db_path: Path, out_dir: Path, size: tuple[int, int]) -> list[Path]:
    with tempfile.TemporaryDirectory() as scratch:
        # Settings of its own, so a screenshot neither reads nor changes the user's window.
        settings = QSettings(str(Path(scratch) / "screenshot.ini"), QSettings.Format.IniFormat)
        window = MainWindow(db_path, settings=settings, backups=False,
                            read_only=True)  # beside a writer too
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
