"""Running an export in the background: ask where, write on a connection of its own, report."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from cspdesk.store.connection import Database
from cspdesk.store.database import database_path
from ui.background import on_own_connection, run_in_background
from ui.widgets.folders import remember_folder, start_folder

XLSX = "Excel workbooks (*.xlsx)"
ICS = "Calendar files (*.ics)"


def when_used(target: str) -> Callable[..., Any]:
    """The function ``'module:name'``, its module imported at the first call: the exports
    need openpyxl, which the window must not load before the officer exports (start-up)."""
    module_name, name = target.split(":")

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module_name), name)(*args, **kwargs)

    call.__name__ = name
    return call


def export_in_background(parent: QWidget, db: Database, title: str, suggested: str,
                         file_filter: str, export: Callable[..., Any],
                         on_done: Callable[[Any], None] | None = None,
                         with_progress: bool = False) -> None:
    """Ask for a file, then run ``export(db, path)`` off the GUI thread.

    SQLite connections belong to one thread, so the worker opens the database again. With
    ``with_progress`` the export is called ``export(db, path, progress, cancelled)``: it
    reports ``progress(done, total)`` and stops with ``Cancelled`` once
    ``cancelled()`` is true, so the progress dialog shows how far it is and Cancel works.
    """
    chosen = _ask_target(parent, db, title, suggested, file_filter)
    if chosen is None:
        return
    source, target = chosen
    finished: list[bool] = []  # set once the file is written: a late Cancel came too late

    def job(worker_db: Database, progress: Callable[[int, int], None],
            cancelled: Callable[[], bool]) -> Any:
        if not with_progress:
            return export(worker_db, target)
        result = export(worker_db, target, progress, cancelled)
        finished.append(True)
        return result

    def done(result: Any) -> None:
        _report_written(parent, title, target, result)
        if on_done is not None:
            on_done(result)

    def cancelled_message() -> None:
        message = parent.tr("{path} had been written when Cancel was pressed.") if finished \
            else parent.tr("The export was cancelled; {path} was not written.")
        QMessageBox.information(parent, title, message.format(path=target))

    run_in_background(parent, parent.tr("Writing {name}…").format(name=target.name),
                      on_own_connection(source, job, read_only=True), done,
                      lambda message: QMessageBox.warning(parent, title, message),
                      cancelled_message if with_progress else None)


def _ask_target(parent: QWidget, db: Database, title: str, suggested: str,
                file_filter: str) -> tuple[Path, Path] | None:
    """The database's file and the file the officer chose to write, or None if there is no
    database file or the officer cancelled the dialog."""
    source = database_path(db)
    if source is None:
        return None
    start = start_folder(parent, Path.home()) / suggested  # where the last file went
    name, _ = QFileDialog.getSaveFileName(parent, title, str(start), file_filter)
    if not name:
        return None
    remember_folder(parent, name)
    return source, Path(name)


def _report_written(parent: QWidget, title: str, target: Path, result: Any) -> None:
    warnings = list(getattr(result, "warnings", []) or [])
    message = parent.tr("Wrote {path}.").format(path=target)
    if warnings:
        message += "\n\n" + parent.tr("Please note:") + "\n" + "\n".join(warnings[:15])
    QMessageBox.information(parent, title, message)
