"""One connection to a cspdesk file: foreign keys on, a busy timeout, WAL, and SQLite's
errors said in one sentence. The bottom of the store: it imports nothing else of it."""

from __future__ import annotations

import contextlib
import itertools
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

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
    return Database(conn)


def read_only_uri(path: Path) -> str:
    return Path(path).absolute().as_uri() + "?mode=ro"


class Database:
    """One open cspdesk file: its SQLite connection (``conn``) and the five things cspdesk
    does with it, each meaning what it meant when cspdesk used sqlite-utils' own Database
    (4.2.1) for them (tests/test_connection.py runs each case on both):

    - ``execute(sql, parameters)``: the cursor; a write outside a transaction is committed
      at once, and a statement that fails leaves no transaction of its own open;
    - ``atomic()``: one transaction, as a writer from the start (BEGIN IMMEDIATE), rolled
      back whole on any exception; nested, a savepoint;
    - ``rollback()``, ``table_names()``, ``close()``.

    A transaction that reads first and writes later must become a writer half-way, and when
    another connection wrote in between SQLite refuses at once ("database is locked")
    without waiting; starting as a writer waits its turn (the busy timeout) instead.

    Why not sqlite-utils' own Database: cspdesk reads and writes through SQL (its schema is
    SQL, ``store/migrations.py``), so it called these five methods of it and nothing else,
    and importing sqlite-utils (its plugin manager, its parser of CREATE TABLE, a regular
    expression compiled at import) was a tenth of the window's start. sqlite-utils' richer
    table API stays at hand on the same connection (``db["people"].columns_dict``,
    ``db.table(...)``), imported when first used."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._utils: Any = None

    def execute(self, sql: str,
                parameters: Sequence[Any] | Mapping[str, Any] | None = None) -> sqlite3.Cursor:
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = (self.conn.execute(sql) if parameters is None
                      else self.conn.execute(sql, parameters))
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # the implicit one the statement opened
            raise
        if not was_in_transaction and self.conn.in_transaction and \
                cursor.description is None and _first_keyword(sql) not in _OPENING:
            self.conn.execute("COMMIT")  # the implicit transaction of a write
        return cursor

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            with self._savepoint():
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

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[None]:
        name = f"cspdesk_{next(_SAVEPOINTS)}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            # A RAISE(ROLLBACK) trigger ends the whole transaction, savepoints and all:
            # then there is nothing to roll back to, and the error itself goes on.
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        self.conn.execute(f"RELEASE SAVEPOINT {name}")

    def rollback(self) -> None:
        """Roll the open transaction back; nothing when none is open."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def table_names(self) -> list[str]:
        return [row[0] for row in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __getitem__(self, table: str) -> Any:
        return self.table(table)

    def table(self, name: str) -> Any:
        """sqlite-utils' Table ``name`` on this connection (sqlite-utils imported now)."""
        if self._utils is None:
            from cspdesk.lean_imports import import_sqlite_utils

            import_sqlite_utils()
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn, execute_plugins=False,
                                                recursive_triggers=False)
        return self._utils.table(name)


# Statements that open a transaction themselves: left open, as asked.
_OPENING = frozenset({"BEGIN", "SAVEPOINT"})
_SAVEPOINTS = itertools.count(1)
_KEYWORD = re.compile(r"(?:\s|;|\ufeff|--[^\n]*(?:\n|$)|/\*.*?\*/)*([A-Za-z_]*)", re.DOTALL)


def _first_keyword(sql: str) -> str:
    """The statement's first word, upper case, after any spaces and comments."""
    match = _KEYWORD.match(sql)
    return match.group(1).upper() if match else ""


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
