"""``cspdesk screenshot``: the main window with each tab selected, written to PNG files.

``size`` is the screen in pixels and ``scale`` the display scaling (Windows' 150% is 1.5):
the window fills a screen of ``size`` pixels, laid out in ``size / scale`` logical pixels,
as the officer at that scaling sees it. ``colours`` "dark" or "high-contrast" shows it in
that palette.

No one is there to answer a message box, so none may stop it: each one the window opens
(a warning about a synced folder, a question) is closed as Escape would close it, at once,
and its title goes to stderr.
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog

from cspdesk.errors import InputError
from ui.accessibility import dark_palette, high_contrast_palette
from ui.app import create_application
from ui.main_window import MainWindow, tab_slug


def _grab(window: MainWindow, target: Path, pixels: tuple[int, int]) -> Path:
    """The window as ``pixels`` of the screen (a scaled window's last logical pixel can
    cover a pixel more)."""
    image = window.grab().toImage().copy(0, 0, *pixels)
    if not image.save(str(target)):
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


@contextmanager
def screen_of(size: tuple[int, int], scale: float) -> Iterator[None]:
    """Before Qt starts: a screen of ``size`` pixels at display scaling ``scale`` (offscreen,
    from a configuration file Qt reads as it starts)."""
    if QApplication.instance() is not None:
        if scale != 1 and abs(QApplication.primaryScreen().devicePixelRatio() - scale) > 0.01:
            raise InputError("A scaled screenshot needs a program of its own: run "
                             "'cspdesk screenshot --scale' by itself.")
        yield
        return
    with tempfile.TemporaryDirectory() as scratch:
        if scale != 1:
            os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
        if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
            config = Path(scratch) / "screen.json"
            config.write_text(json.dumps({"screens": [{
                "name": "screen", "x": 0, "y": 0, "width": size[0], "height": size[1],
                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
            os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        create_application()
        yield


def write_screenshots(db_path: Path, out_dir: Path, size: tuple[int, int], scale: float = 1.0,
                      colours: str = "system") -> list[Path]:
    with screen_of(size, scale):
        app = create_application()
    if colours != "system":
        app.setPalette(high_contrast_palette() if colours == "high-contrast" else dark_palette())
    closer = _DialogCloser()
    app.installEventFilter(closer)
    try:
        logical = (math.ceil(size[0] / scale), math.ceil(size[1] / scale))
        return _write_screenshots(db_path, out_dir, logical, size)
    finally:
        app.removeEventFilter(closer)
        if colours != "system":
            app.setPalette(app.style().standardPalette())


def _write_screenshots(db_path: Path, out_dir: Path, size: tuple[int, int],
                       pixels: tuple[int, int]) -> list[Path]:
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
            written.append(_grab(window, out_dir / f"{tab_slug(page)}.png", pixels))
            for name, show in page.sub_pages():
                show()
                QApplication.processEvents()
                written.append(_grab(window, out_dir / f"{tab_slug(page)}-{name}.png", pixels))
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    return written
