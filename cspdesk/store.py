"""The one place that opens a cspdesk database.

Every connection gets foreign keys on, WAL journaling and a busy timeout. Opening checks
that the file is SQLite, that it is a cspdesk database and that no newer cspdesk wrote it,
and brings an older schema up to date (after a backup).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from cspdesk import migrations
from cspdesk.errors import (
    CorruptDatabaseError,
    DatabaseError,
    DatabaseExistsError,
    DatabaseLockedError,
    DatabaseMissingError,
    NotACspdeskDatabaseError,
)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 5.0


def create_database(path: Path | str) -> Database:
    """Create a new, empty cspdesk database at ``path``; refuses to touch an existing file."""
    path = Path(path)
    if path.exists():
        raise DatabaseExistsError(f"{path} already exists; cspdesk will not overwrite it.")
    if not path.parent.is_dir():
        raise DatabaseMissingError(f"The folder {path.parent} does not exist.")
    db = _connect(path)
    try:
        _use_wal(db, path)
        migrations.migrate(db)
    except BaseException:
        db.close()
        path.unlink(missing_ok=True)
        raise
    return db


def open_database(
    path: Path | str, backup_dir: Path | None = None, upgrade: bool = True
) -> Database:
    """Open an existing cspdesk database, upgrading its schema if it is older.

    ``backup_dir`` is where a copy goes before an upgrade; by default a ``backups`` folder
    beside the database. With ``upgrade=False`` an older schema is left as it is (for checks).
    """
    path = Path(path)
    if not path.exists():
        raise DatabaseMissingError(
            f"There is no database at {path}. Create one with: cspdesk new {path}"
        )
    if path.is_dir():
        raise NotACspdeskDatabaseError(f"{path} is a folder, not a cspdesk database file.")
    _check_header(path)
    db = _connect(path)
    try:
        _check_is_cspdesk(db, path)
        _use_wal(db, path)
        if upgrade:
            migrations.migrate(db, backup_dir or path.parent / "backups")
        else:
            migrations.pending(db)  # still refuses a database from a newer cspdesk
    except BaseException:
        db.close()
        raise
    return db


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"{path} cannot be read: {exc.strerror}.") from exc
    if header != SQLITE_HEADER:
        raise NotACspdeskDatabaseError(
            f"{path} is not a cspdesk database: it is not an SQLite file at all."
        )


def _connect(path: Path) -> Database:
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as exc:
        raise _translate(exc, path) from exc
    return Database(conn, execute_plugins=False, recursive_triggers=False)


def _use_wal(db: Database, path: Path) -> None:
    """Switch to WAL journaling; done only once the file is known to be ours."""
    try:
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise _translate(exc, path) from exc
    if mode.lower() != "wal":
        raise DatabaseError(f"{path} could not be switched to WAL journaling (got {mode}).")


def _translate(exc: sqlite3.OperationalError, path: Path) -> DatabaseError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            f"{path} is locked by another program (is cspdesk already open on it?). "
            "Close the other program and try again."
        )
    if "unable to open" in text:
        return DatabaseError(f"{path} cannot be opened: check that the folder is writable.")
    if "readonly" in text:
        return DatabaseError(f"{path} is read-only; cspdesk needs to write to it.")
    return DatabaseError(f"{path} cannot be used: {text}.")


def _check_is_cspdesk(db: Database, path: Path) -> None:
    try:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise _translate(exc, path) from exc
    except sqlite3.DatabaseError as exc:
        raise NotACspdeskDatabaseError(
            f"{path} is not a cspdesk database: SQLite cannot read it ({exc})."
        ) from exc
    try:
        tables = db.table_names()
    except sqlite3.OperationalError as exc:
        raise _translate(exc, path) from exc
    except sqlite3.DatabaseError as exc:
        if app_id == migrations.APPLICATION_ID:
            raise CorruptDatabaseError(
                f"{path} is a cspdesk database but it is damaged ({exc}); "
                "restore it from a backup."
            ) from exc
        raise NotACspdeskDatabaseError(
            f"{path} is not a cspdesk database: SQLite cannot read it ({exc})."
        ) from exc
    if app_id == migrations.APPLICATION_ID:
        return
    if tables:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise NotACspdeskDatabaseError(
            f"{path} is an SQLite database of another program, not a cspdesk database "
            f"(it holds the tables {shown})."
        )
    raise NotACspdeskDatabaseError(
        f"{path} is an empty SQLite file, not a cspdesk database. "
        "Use File > New (or cspdesk new) to create one."
    )


def database_path(db: Database) -> Path | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


class BackupCancelled(Exception):
    """Raised from a backup's progress callback to stop it; nothing is left behind."""


ProgressCallback = Callable[[int, int], None]


def backup_to(db: Database, target: Path | str) -> Path:
    """Copy the live database to ``target`` with SQLite's online backup API.

    Unlike a file copy this includes every commit still in the ``-wal`` file. The copy is
    written to a temporary name first, so a failed backup never leaves a half file.
    """
    return _backup(db.conn, Path(target), None)


def backup_file(source: Path | str, target: Path | str,
                progress: ProgressCallback | None = None) -> Path:
    """Like ``backup_to`` but from a file, on a connection of its own (for a worker thread).

    ``progress(done_pages, total_pages)`` is called as the copy goes; it may raise
    ``BackupCancelled`` to stop, and then no file is left at ``target``.
    """
    source = Path(source)
    try:
        conn = sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{source} cannot be read for copying: {exc}.") from exc
    try:
        return _backup(conn, Path(target), progress)
    finally:
        conn.close()


def _backup(conn: sqlite3.Connection, target: Path, progress: ProgressCallback | None) -> Path:
    if target.exists():
        raise DatabaseExistsError(f"{target} already exists; choose another name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)

    def report(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    try:
        dest = sqlite3.connect(str(partial))
        try:
            conn.backup(dest, pages=256, progress=report)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        partial.replace(target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"The copy to {target} failed: {exc}.") from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"The copy to {target} failed: {exc.strerror}.") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


@dataclass
class CheckReport:
    schema_version: int
    integrity: list[str] = field(default_factory=list)
    foreign_key_problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.integrity and not self.foreign_key_problems


def check_database(db: Database) -> CheckReport:
    """Run SQLite's integrity check and foreign-key check."""
    report = CheckReport(schema_version=migrations.schema_version(db))
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        report.integrity.append(str(exc))
        return report
    report.integrity = [r[0] for r in rows if r[0] != "ok"]
    for table, rowid, parent, _fk in db.execute("PRAGMA foreign_key_check").fetchall():
        report.foreign_key_problems.append(
            f"{table} row {rowid} refers to a missing row in {parent}"
        )
    return report
