"""One connection to a cspdesk file: foreign keys on, a busy timeout, WAL, and SQLite's
errors said in one sentence. The bottom of the store: it imports nothing else of it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from cspdesk.errors import DatabaseError, DatabaseLockedError

# How long a connection waits for another writer before it gives up.
BUSY_TIMEOUT_SECONDS = 5.0


def connect(path: Path) -> Database:
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as exc:
        raise translate_error(exc, path) from exc
    return Database(conn, execute_plugins=False, recursive_triggers=False)


def use_wal(db: Database, path: Path) -> None:
    """Switch to WAL journaling; done only once the file is known to be ours."""
    try:
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise translate_error(exc, path) from exc
    if mode.lower() != "wal":
        raise DatabaseError(f"{path} could not be switched to WAL journaling (got {mode}).")


def translate_error(exc: sqlite3.OperationalError, path: Path) -> DatabaseError:
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
