"""How the window opens a database: for writing, as the one cspdesk that writes it; else,
when another cspdesk writes it or the file is damaged, for reading only, with the reason
for the banner above the tabs (and, for a damaged file, its newest sound backup)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from cspdesk.errors import CorruptDatabaseError, DatabaseInUseError
from cspdesk.store import integrity, lock
from cspdesk.store.connection import Database
from cspdesk.store.database import open_database
from cspdesk.store.writing import Writing, open_for_writing


@dataclass
class OpenedDatabase:
    """A database open in the window. ``writer`` is None when it is open for reading only;
    ``notice`` is then the banner's sentence (None for a quiet read-only open, such as a
    screenshot's). ``damaged`` says the file is damaged, ``backup`` is then its newest
    sound backup (or None); ``note`` is a sentence for the status bar (the last session
    did not end cleanly)."""

    path: Path
    db: Database
    writer: Writing | None = None
    notice: str | None = None
    backup: Path | None = None
    note: str | None = None
    damaged: bool = False
    read_ahead: bool = False  # the window's tabs read it while its quick check finished

    @property
    def read_only(self) -> bool:
        return self.writer is None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()  # the connection and the writer lock
        else:
            self.db.close()


def open_for_window(parent: QWidget, path: Path, read_only: bool = False,
                    notice: str | None = None,
                    meanwhile: Callable[[Database], None] | None = None,
                    ) -> OpenedDatabase | None:
    """Open ``path`` for the window: None when the user declines to open it read-only.
    ``read_only`` opens it for reading only at once, with ``notice`` for the banner.

    ``meanwhile`` reads what the window shows first (its current tab) while the quick
    check started ahead (``integrity.check_ahead``) finishes on its thread; the file is
    only handed over once the check has answered, and a damaged file is opened again
    for reading only (``OpenedDatabase.read_ahead`` says whether ``meanwhile`` ran on the
    database returned)."""
    if read_only:
        return OpenedDatabase(path, open_database(path, read_only=True), notice=notice)
    try:
        writer = open_for_writing(path, lock.WINDOW, check_later=meanwhile is not None)
    except DatabaseInUseError as exc:
        return _offer_read_only(parent, path, exc)
    except CorruptDatabaseError as exc:
        return _damaged(parent, path, exc)
    try:
        if meanwhile is not None:
            _read_while_checking(writer, meanwhile)
    except CorruptDatabaseError as exc:
        writer.close()
        return _damaged(parent, path, exc)
    except BaseException:
        writer.close()
        raise
    return OpenedDatabase(path, writer.db, writer, note=writer.unclean_note(),
                          read_ahead=meanwhile is not None)


def _read_while_checking(writer: Writing, meanwhile: Callable[[Database], None]) -> None:
    """``meanwhile`` on the file, then the quick check's answer: a read that SQLite refuses
    on a damaged page is the check's to explain."""
    try:
        meanwhile(writer.db)
    except sqlite3.DatabaseError:
        writer.confirm_sound()  # raises CorruptDatabaseError for a damaged file
        raise
    writer.confirm_sound()


def _offer_read_only(parent: QWidget, path: Path,
                     exc: DatabaseInUseError) -> OpenedDatabase | None:
    answer = QMessageBox.question(
        parent, parent.tr("Database in use"),
        parent.tr("{message}\n\nOpen it read-only, to look without changing anything?")
        .format(message=exc),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes)
    if answer != QMessageBox.StandardButton.Yes:
        return None
    holder = exc.holder if isinstance(exc.holder, lock.Holder) else None
    who = holder.describe() if holder else parent.tr("another cspdesk")
    notice = parent.tr(
        "Read-only: this database is open for writing in {who}, so nothing can be saved "
        "here; open it again once it is closed there.").format(who=who)
    return OpenedDatabase(path, open_database(path, read_only=True), notice=notice)


def _damaged(parent: QWidget, path: Path, exc: CorruptDatabaseError) -> OpenedDatabase:
    db = open_database(path, read_only=True, check=integrity.NONE)
    backup = integrity.newest_good_backup(path)
    notice = parent.tr("Read-only, never written: {message}").format(message=exc)
    if backup is not None:
        saved = dt.datetime.fromtimestamp(backup.stat().st_mtime)
        notice += " " + parent.tr("The newest sound backup is {name}, saved at {time}.").format(
            name=backup, time=saved.strftime("%H:%M on %d/%m/%Y"))
    else:
        notice += " " + parent.tr("There is no sound backup in {folder}.").format(
            folder=integrity.backups_folder(path))
    return OpenedDatabase(path, db, notice=notice, backup=backup, damaged=True)


def backup_notice(parent: QWidget) -> str:
    """The banner over a backup opened to look at it."""
    return parent.tr("Read-only: this is a backup, opened to look at it, and it stays as it "
                     "was; to work on it, save a copy (File > Save a Copy As) and open that.")
