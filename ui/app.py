"""Starting the Qt application: one QApplication, the main window, and a safety net."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from cspdesk import APP_NAME, __version__
from cspdesk.disk import disk_error
from cspdesk.resources import resource_path
from ui.accessibility import follow_system_colours
from ui.main_window import MainWindow
from ui.setup.welcome import first_run, remove_demo


def create_application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "cspdesk.svg"))))
    follow_system_colours(app)
    return app


def _report_unexpected(kind: type[BaseException], exc: BaseException,
                       tb: TracebackType | None, database: Path | None = None) -> None:
    """A bug in a slot must not close the window with unsaved work: say so and carry on.
    A read-only database or a full disk is no bug: its one sentence is all there is to say."""
    situation = disk_error(exc, database)
    if situation is not None:
        QMessageBox.warning(None, "cspdesk", str(situation))
        return
    details = "".join(traceback.format_exception(kind, exc, tb))
    sys.stderr.write(details)
    box = QMessageBox(QMessageBox.Icon.Critical, "cspdesk",
                      f"Something went wrong: {exc}\n\nYour data is safe in the database.")
    box.setDetailedText(details)
    box.exec()


def run_app(db_path: Path | None, demo: bool = False) -> int:
    """The window on ``db_path``; with none (the first run), the welcome screen first."""
    app = create_application()
    sys.excepthook = _report_unexpected
    welcome_demo = None
    if db_path is None:
        chosen = first_run()
        if chosen is None:
            return 0
        db_path, demo = chosen
        welcome_demo = db_path if demo else None
    window = MainWindow(db_path, demo=demo)
    sys.excepthook = lambda *error: _report_unexpected(*error, database=window.db_path)
    window.show()
    try:
        return app.exec()
    finally:
        if welcome_demo is not None:
            remove_demo(welcome_demo)
