"""Looking into a backup, and putting one back in place of the database.

A backup is only ever opened read-only. Restoring checks the backup first (a cspdesk database,
no newer than this cspdesk, passing SQLite's integrity check), keeps the database as it is
aside in the backups folder (a ``before-restore`` backup, itself listed and restorable), and
then copies the backup over the database with SQLite's backup API, in one transaction: a
crash leaves the old database or the restored one, never a mixture. A database too damaged
for SQLite to write to is replaced as a file instead, after its copy aside.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cspdesk import audit
from cspdesk.errors import DatabaseError, NewerDatabaseError, NotACspdeskDatabaseError
from cspdesk.store import migrations
from cspdesk.store.backup import backup_file
from cspdesk.store.backups import backups_folder, list_backups
from cspdesk.store.connection import BUSY_TIMEOUT_SECONDS, Database, translate_error
from cspdesk.store.database import SQLITE_HEADER

_COUNTS = {  # what a backup holds, counted: officer's words -> table
    "meetings": "meetings",
    "attendance marks": "attendance",
    "monthly counts": "monthly_counts",
    "priorities": "priorities",
    "actions": "actions",
}


@dataclass(frozen=True)
class BackupContents:
    """What one backup holds: how many of each record, the latest month with counts."""

    schema_version: int
    counts: dict[str, int]
    latest_month: str | None  # 'YYYY-MM'

    def describe(self) -> str:
        """'12 meetings, 340 attendance marks, 2,400 monthly counts, ...'"""
        return ", ".join(f"{n:,} {what}" for what, n in self.counts.items())


def _open_read_only(path: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as exc:
        raise DatabaseError(f"The backup {path} cannot be opened: {exc}.") from exc


def read_contents(path: Path) -> BackupContents:
    """Count what the backup at ``path`` holds, reading it only."""
    conn = _open_read_only(path)
    try:
        _check_is_cspdesk(conn, path)
        counts = {what: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for what, table in _COUNTS.items()}
        latest = conn.execute("SELECT max(month) FROM monthly_counts").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as exc:
        raise DatabaseError(f"The backup {path.name} cannot be read ({exc}).") from exc
    finally:
        conn.close()
    return BackupContents(version, counts, latest)


def _check_is_cspdesk(conn: sqlite3.Connection, path: Path) -> None:
    if conn.execute("PRAGMA application_id").fetchone()[0] != migrations.APPLICATION_ID:
        raise NotACspdeskDatabaseError(f"{path} is not a cspdesk database.")


def check_backup(path: Path) -> None:
    """Refuse a backup that cannot be restored: not cspdesk's, newer, or damaged."""
    if not path.is_file():
        raise DatabaseError(f"There is no backup at {path}.")
    conn = _open_read_only(path)
    try:
        _check_is_cspdesk(conn, path)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check(5)").fetchall()]
    except sqlite3.Error as exc:
        raise DatabaseError(f"The backup {path} cannot be read ({exc}); choose another.") \
            from exc
    finally:
        conn.close()
    if version > migrations.latest_version():
        raise NewerDatabaseError(
            f"The backup {path.name} was made by a newer cspdesk (schema version {version}); "
            "update cspdesk to restore it.")
    if problems != ["ok"]:
        raise DatabaseError(f"The backup {path.name} fails SQLite's integrity check "
                            f"({problems[0]}); choose another.")


def restore_backup(backup: Path, db_path: Path) -> Path | None:
    """Put ``backup`` in place of the database at ``db_path`` (close every connection of this
    program to it first); returns where the database as it was is kept (None when there was
    no file at ``db_path``)."""
    check_backup(backup)
    if not db_path.exists():
        backup_file(backup, db_path)
        _log_restore(backup, db_path, None)
        return None
    _check_replaceable(db_path)
    aside = keep_aside(db_path)
    try:
        _copy_over(backup, db_path)
    except sqlite3.OperationalError as exc:  # locked by another program, read-only, ...
        raise translate_error(exc, db_path) from exc
    except sqlite3.DatabaseError:  # SQLite cannot even read the damaged file: replace it
        try:
            _replace_file(backup, db_path)
        except OSError as exc:
            raise DatabaseError(f"{db_path} could not be replaced ({exc.strerror}); the "
                                f"database as it was is kept as {aside}.") from exc
    _log_restore(backup, db_path, aside)
    return aside


# The schema version whose audit log knows the action 'restored' (before it: 'imported').
_RESTORED_SINCE = 7


def _log_restore(backup: Path, db_path: Path, aside: Path | None) -> None:
    """An entry in the restored database's own log, 'restored': which backup, and where the
    database as it was is kept. A backup from before the log has none to write to; one from
    before schema version 7, whose log refuses 'restored', gets 'imported' (as then)."""
    db = Database(sqlite3.connect(str(db_path), timeout=BUSY_TIMEOUT_SECONDS))
    try:
        if "audit_log" in db.table_names():
            action = ("restored" if migrations.schema_version(db) >= _RESTORED_SINCE
                      else "imported")
            with db.conn:
                audit.record_entry(db, "database", None, action, {
                    "restored from backup": backup.name, "kept as": str(aside) if aside else None},
                    way="restore")
    finally:
        db.conn.close()


def _check_replaceable(db_path: Path) -> None:
    """Refuse to restore over a file that is not a cspdesk database: another program's SQLite
    file, or a file that is not SQLite at all, unless its header is all zeros (damaged)."""
    try:
        with db_path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise DatabaseError(f"{db_path} cannot be read: {exc.strerror}.") from exc
    if header.startswith(SQLITE_HEADER) and len(header) == 100:
        if int.from_bytes(header[68:72], "big") == migrations.APPLICATION_ID:
            return
    elif not header.strip(b"\0"):
        return  # its first page zeroed: a damaged database, kept aside before it is replaced
    raise NotACspdeskDatabaseError(
        f"{db_path} is not a cspdesk database; cspdesk restores a backup only over one of its "
        "own databases, or where there is none.")


def keep_aside(db_path: Path) -> Path:
    """Copy the database as it is into its backups folder as a ``before-restore`` backup: by
    SQLite's backup API, or as files (with its -wal) when SQLite cannot read it."""
    folder = backups_folder(db_path)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside, number = folder / f"{db_path.stem}-before-restore-{stamp}.sqlite", 1
    while aside.exists():
        number += 1
        aside = folder / f"{db_path.stem}-before-restore-{stamp}-{number}.sqlite"
    try:
        return backup_file(db_path, aside, check=False)
    except (DatabaseError, OSError):
        pass  # SQLite cannot read it: copy its files as they are
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal"):
            source = Path(f"{db_path}{suffix}")
            if source.exists():
                shutil.copyfile(source, f"{aside}{suffix}")
    except OSError as exc:
        for suffix in ("", "-wal"):  # no half copy left behind
            with contextlib.suppress(OSError):
                Path(f"{aside}{suffix}").unlink(missing_ok=True)
        raise DatabaseError(f"The database could not be kept aside in {folder} "
                            f"({exc.strerror}), so nothing was restored.") from exc
    return aside


def _copy_over(backup: Path, db_path: Path) -> None:
    source = _open_read_only(backup)
    target = sqlite3.connect(str(db_path), timeout=BUSY_TIMEOUT_SECONDS)
    try:
        source.backup(target)  # one step: all of it, or nothing
    finally:
        target.close()
        source.close()


def _replace_file(backup: Path, db_path: Path) -> None:
    incoming = db_path.with_name(db_path.name + ".restoring")
    incoming.unlink(missing_ok=True)
    backup_file(backup, incoming)
    for suffix in ("-wal", "-shm"):  # the damaged file's: never to be applied to this one
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    incoming.replace(db_path)


def newest_backup(db_path: Path) -> Path | None:
    """The newest backup of ``db_path`` that passes the checks, or None."""
    for backup in list_backups(db_path):
        try:
            check_backup(backup.path)
        except DatabaseError:
            continue
        return backup.path
    return None
