"""The one place that opens a cspdesk database.

Every connection gets foreign keys on, WAL journaling and a busy timeout. Opening checks
that the file is SQLite, that it is a cspdesk database, that it is not damaged (SQLite's
quick check, every time) and that no newer cspdesk wrote it, and brings an older schema up
to date (after a backup). Opened for reading only, nothing of the file changes; opened for
writing, a file another cspdesk writes is refused (``lock``).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from cspdesk.errors import (
    DatabaseError,
    DatabaseExistsError,
    DatabaseMissingError,
    NotACspdeskDatabaseError,
)
from cspdesk.store import integrity, lock, migrations
from cspdesk.store.backup import backup_before_upgrade
from cspdesk.store.connection import Database, connect, translate_error, use_wal

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
    path: Path | str, backup_dir: Path | None = None, upgrade: bool = True,
    read_only: bool = False, check: str = integrity.QUICK,
) -> Database:
    """Open an existing cspdesk database, upgrading its schema if it is older.

    ``backup_dir`` is where a copy goes before an upgrade; by default a ``backups`` folder
    beside the database. With ``upgrade=False`` an older schema is left as it is (for checks).
    ``read_only`` opens it for reading only: nothing at all is written, not even the switch
    to WAL (an older schema is brought up to date in a copy in memory). Every open runs
    SQLite's quick check (``check``: ``integrity.FULL`` for the full one, ``integrity.NONE``
    for none, ``integrity.LATER`` to have ``integrity.confirm_sound`` answer it after
    reading, unless the schema is to be upgraded) and refuses a damaged file with
    CorruptDatabaseError; an open for writing refuses a database another cspdesk writes
    (DatabaseInUseError).
    """
    path = Path(path)
    check_file(path)
    if not read_only and (holder := lock.other_writer(path)) is not None:
        raise lock.in_use_error(path, holder, writing=True)
    db = connect(path, read_only=read_only)
    try:
        _check_is_cspdesk(db, path)
        _check_sound(db, path, check)
        db = _bring_up_to_date(db, path, backup_dir, upgrade, read_only)
    except sqlite3.OperationalError as exc:
        db.close()
        raise translate_error(exc, path) from exc
    except sqlite3.DatabaseError as exc:  # SQLite met a damaged page on the way
        db.close()
        raise integrity.damaged(path, str(exc)) from exc
    except BaseException:
        db.close()
        raise
    return db

def _check_sound(db: Database, path: Path, check: str) -> None:
    """SQLite's check ``check`` of the file, refusing a damaged one. ``LATER`` leaves it for
    ``integrity.confirm_sound`` when opening writes nothing before it answers (no migration,
    no journal switch); otherwise it is the quick check."""
    if check == integrity.LATER and not migrations.pending(db) and _in_wal(db):
        db.unchecked = True  # type: ignore[attr-defined]
        return
    found = (integrity.quick_problems(db, path) if check in (integrity.QUICK, integrity.LATER)
             else integrity.problems(db, check))
    if found:
        raise integrity.damaged(path, found)

def _in_wal(db: Database) -> bool:
    """The file is in WAL journaling already (asking does not switch it)."""
    return str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"

def _bring_up_to_date(db: Database, path: Path, backup_dir: Path | None, upgrade: bool,
                      read_only: bool) -> Database:
    """Refuse a newer cspdesk's file before anything is written to it; then switch to WAL
    and run the pending migrations, after a backup. Opened for reading only, an older file
    is left as it is and a copy of it in memory is brought up to date and read instead."""
    steps = migrations.pending(db)
    if read_only:
        if not (steps and upgrade):
            return db
        copy = scratch_copy(db)
        db.close()
        try:
            migrations.migrate(copy)
        except BaseException:
            copy.close()
            raise
        return copy
    use_wal(db, path)
    if upgrade and steps:
        if migrations.schema_version(db) > 0:
            backup_before_upgrade(db, backup_dir or path.parent / "backups")
        migrations.migrate(db)
    return db

def check_file(path: Path) -> None:
    """Refuse a missing file, a folder, or a file that is not SQLite, before opening it."""
    if not path.exists():
        raise DatabaseMissingError(
            f"There is no database at {path}. Create one with: cspdesk new {path}"
        )
    if path.is_dir():
        raise NotACspdeskDatabaseError(f"{path} is a folder, not a cspdesk database file.")
    _check_header(path)

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
            raise integrity.damaged(path, str(exc)) from exc
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

def scratch_copy(db: Database) -> Database:
    """A private copy of ``db`` in memory, foreign keys on, to try changes on: nothing
    written to it reaches the file, which is neither locked nor changed meanwhile."""
    conn = sqlite3.connect(":memory:")
    try:
        db.conn.backup(conn)
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as exc:
        conn.close()
        raise translate_error(exc, database_path(db) or Path(":memory:")) from exc
    return Database(conn)

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
