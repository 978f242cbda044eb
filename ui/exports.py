"""Running an export in the background: ask where, write on a connection of its own, report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from sqlite_utils import Database

from cspdesk.store import database_path, open_database

from .background import run_in_background

XLSX = "Excel workbooks (*.xlsx)"
ICS = "Calendar files (*.ics)"


def export_in_background(parent: QWidget, db: Database, title: str, suggested: str,
                         file_filter: str, export: Callable[[Database, Path], Any],
                         on_done: Callable[[Any], None] | None = None) -> None:
    """Ask for a file, then run ``export(db, path)`` off the GUI thread.

    SQLite connections belong to one thread, so the worker opens the database again.
    """
    source = database_path(db)
    if source is None:
        return
    start = Path.home() / suggested
    name, _ = QFileDialog.getSaveFileName(parent, title, str(start), file_filter)
    if not name:
        return
    target = Path(name)

    def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
        worker_db = open_database(source)
        try:
            return export(worker_db, target)
        finally:
            worker_db.close()

    def done(result: Any) -> None:
        warnings = list(getattr(result, "warnings", []) or [])
        message = parent.tr("Wrote {path}.").format(path=target)
        if warnings:
            message += "\n\n" + parent.tr("Please note:") + "\n" + "\n".join(warnings[:15])
        QMessageBox.information(parent, title, message)
        if on_done is not None:
            on_done(result)

    run_in_background(parent, parent.tr("Writing {name}…").format(name=target.name), work,
                      done, lambda message: QMessageBox.warning(parent, title, message))
