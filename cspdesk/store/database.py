"""The one place that opens a cspdesk database.

Every connection gets foreign keys on, WAL journaling and a busy timeout. Opening checks
that the file is SQLite, that it is a cspdesk database and that no newer cspdesk wrote it,
and brings an older schema up to date (after a backup).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from cspdesk.errors import (
    CorruptDatabaseError,
    DatabaseError,
    DatabaseExistsError,
    DatabaseMissingError,
    NotACspdeskDatabaseError,
)
from cspdesk.store import migrations
from cspdesk.store.backup import backup_before_upgrade
from cspdesk.store.connection import connect, translate_error, use_wal

SQLITE_HEADER = b"SQLite format 3\x00"


def create_database(path: Path | str) -> Database:
    """Create a new, empty cspdesk database at ``path``; refuses to touch an existing file."""
    path = Path(path)
    if path.exists():
        raise DatabaseExistsError(f"{path} already exists; cspdesk will not overwrite it.")
    if not path.parent.is_dir():
        raise DatabaseMissingError(f"The folder {path.parent} does not exist.")
    owner_only(path)
    db = connect(path)
    try:
        use_wal(db, path)
        migrations.migrate(db)
    except BaseException:
        db.close()
        path.unlink(missing_ok=True)
        raise
    return db


def owner_only(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only (0600): SQLite gives its -wal and
    -shm files the same permissions. On Windows the folder's access list decides."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


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
    db = connect(path)
    try:
        _check_is_cspdesk(db, path)
        use_wal(db, path)
        if upgrade:
            if migrations.pending(db) and migrations.schema_version(db) > 0:
                backup_before_upgrade(db, backup_dir or path.parent / "backups")
            migrations.migrate(db)
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


def _check_is_cspdesk(db: Database, path: Path) -> None:
    try:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise translate_error(exc, path) from exc
    except sqlite3.DatabaseError as exc:
        raise NotACspdeskDatabaseError(
            f"{path} is not a cspdesk database: SQLite cannot read it ({exc})."
        ) from exc
    try:
        tables = db.table_names()
    except sqlite3.OperationalError as exc:
        raise translate_error(exc, path) from exc
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
