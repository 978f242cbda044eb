"""One connection to a cspdesk file: foreign keys on, a busy timeout, WAL, and SQLite's
errors said in one sentence. The bottom of the store: it imports nothing else of it."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from cspdesk.errors import DatabaseError, DatabaseLockedError

# How long a connection waits for another writer before it gives up.
BUSY_TIMEOUT_SECONDS = 5.0


def connect(path: Path, read_only: bool = False) -> Database:
    """A connection to ``path``; ``read_only`` opens it for reading only (SQLite's
    ``mode=ro``), so that nothing, not even a journal switch, can change the file."""
    try:
        if read_only:
            conn = sqlite3.connect(read_only_uri(path), timeout=BUSY_TIMEOUT_SECONDS,
                                   uri=True)
        else:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as exc:
        raise translate_error(exc, path) from exc
    return CspdeskDatabase(conn, execute_plugins=False, recursive_triggers=False)


def read_only_uri(path: Path) -> str:
    return Path(path).absolute().as_uri() + "?mode=ro"


class CspdeskDatabase(Database):
    """sqlite-utils' Database whose transactions start as writers (BEGIN IMMEDIATE).

    A transaction that reads first and writes later must become a writer half-way, and when
    another connection wrote in between SQLite refuses at once ("database is locked"),
    without waiting. Starting as a writer waits its turn (the busy timeout) instead."""

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


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
