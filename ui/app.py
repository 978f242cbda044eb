"""Starting the Qt application: one QApplication, the main window, and a safety net."""

from __future__ import annotations

import sqlite3
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from cspdesk import APP_NAME, __version__
from cspdesk.disk import disk_error
from cspdesk.resources import resource_path
from ui.accessibility import follow_system_colours
from ui.collector import collect_on_gui_thread
from ui.main_window import MainWindow
from ui.single_instance import WindowServer
from ui.widgets.focus import install_focus_style


def create_application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "cspdesk.png"))))  # as cspdesk.exe
    install_focus_style(app)
    collect_on_gui_thread(app)  # never on a pool thread (ui/collector.py)
    follow_system_colours(app)
    return app


def _report_unexpected(kind: type[BaseException], exc: BaseException,
                       tb: TracebackType | None, database: Path | None = None) -> None:
    """A bug in a slot must not close the window with unsaved work: say so and carry on.
    SQLite refusing a change in a window opened read-only (or busy, or damaged), a read-only
    file or a full disk is no bug: one sentence says so."""
    refusal = sqlite_refusal(exc)
    window = next((w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.db is not None), None)
    if refusal is not None and window is not None and type(exc) is sqlite3.DatabaseError:
        window.statusBar().showMessage(refusal, 20000)  # a damaged page, read again and again
        return
    if refusal is not None and window is not None and window.read_only:
        QMessageBox.warning(QApplication.activeWindow(), "cspdesk", refusal)
        return
    situation = disk_error(exc, database)
    if situation is not None:
        QMessageBox.warning(None, "cspdesk", str(situation))
        return
    if refusal is not None:
        QMessageBox.warning(QApplication.activeWindow(), "cspdesk", refusal)
        return
    details = "".join(traceback.format_exception(kind, exc, tb))
    sys.stderr.write(details)
    box = QMessageBox(QMessageBox.Icon.Critical, "cspdesk",
                      f"Something went wrong: {exc}\n\nYour data is safe in the database.")
    box.setDetailedText(details)
    box.exec()


def sqlite_refusal(exc: BaseException) -> str | None:
    """The sentence for SQLite refusing a change in the window, or None for anything else."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    text = str(exc)
    if "readonly" in text:
        return ("Nothing was saved: this database is open read-only (the note above the tabs "
                "says why).")
    if "locked" in text or "busy" in text:
        return ("Nothing was saved: the database was busy with other work for too long; "
                "try again in a moment.")
    if type(exc) is sqlite3.DatabaseError and ("malformed" in text or "not a database" in text):
        return ("This part of the database cannot be read: the file is damaged; restore "
                "it from a backup.")
    return None


def run_app(db_path: Path | None, demo: bool = False) -> int:
    """The window on ``db_path``; with none (the first run), the welcome screen first."""
    app = create_application()
    sys.excepthook = _report_unexpected
    welcome_demo = None
    if db_path is None:
        from ui.setup.welcome import first_run  # the first run only

        chosen = first_run()
        if chosen is None:
            return 0
        db_path, demo = chosen
        welcome_demo = db_path if demo else None
    window = MainWindow(db_path, demo=demo)
    sys.excepthook = lambda *error: _report_unexpected(*error, database=window.db_path)
    if not demo:  # a demo is a fresh copy of its own: a second launch never wants it
        WindowServer(window.come_forward, parent=window)
    window.show()
    try:
        return app.exec()
    finally:
        # Work still running off the GUI thread (the day's backup, made quietly) ends before
        # Python does: a pool thread running Python code while the interpreter shuts down
        # could crash, and a backup cut short would leave half a file.
        QThreadPool.globalInstance().waitForDone()
        if welcome_demo is not None:
            from ui.setup.welcome import remove_demo

            remove_demo(welcome_demo)
