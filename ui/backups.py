"""The window's daily backup: the day's first opening of a database backs it up, quietly
off the GUI thread. (File > Restore from backup… is ``ui.restore_dialog``, loaded when
first used.)

The rule is the core's (``cspdesk.store.backups``); this module only runs it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QMessageBox

from cspdesk.store.backups import backup_if_due
from cspdesk.store.connection import Database
from ui.background import on_own_connection, run_quietly


def back_up_when_due(window: QMainWindow, path: Path) -> None:
    """The day's first opening of ``path``: make its daily backup, quietly off the GUI thread
    (no progress dialog: the officer did not ask for it). A backup that cannot be made is
    said in a warning; the database stays open."""

    def job(db: Database, progress: Callable[[int, int], None],
            cancelled: Callable[[], bool]) -> Path | None:
        return backup_if_due(db, progress, cancelled)

    def made(backup: Path | None) -> None:
        # A note already there (the file was checked after an unclean shutdown) matters more.
        if backup is not None and not window.statusBar().currentMessage():
            window.statusBar().showMessage(
                window.tr("Made today's backup: {path}").format(path=backup), 8000)

    def failed(message: str) -> None:
        QMessageBox.warning(window, window.tr("Backup not made"), window.tr(
            "Today's backup of {name} was not made: {message}").format(
                name=path.name, message=message))

    run_quietly(window, on_own_connection(path, job), made, failed)
