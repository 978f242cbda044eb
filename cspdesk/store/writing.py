"""Opening a database to write to it: the one-writer lock first (``lock``), then the checks
(the full integrity check when the last writer did not close the file), and SQLite's
refusals on the way said in one sentence, naming who holds the file.

The window keeps a ``Writing`` open while it shows a database; ``cspdesk import`` uses the
``writing`` context. Everything that only reads opens the file read-only instead
(``open_database(path, read_only=True)``) and may run beside a writer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cspdesk.errors import DatabaseLockedError
from cspdesk.store import connection, integrity, lock
from cspdesk.store.connection import Database
from cspdesk.store.database import check_file, open_database


@dataclass
class Writing:
    """A database open for writing by this process, and its writer lock."""

    path: Path
    db: Database
    lock: lock.WriterLock

    def unclean_note(self) -> str | None:
        """Says so when the last writer ended without closing the file (then the whole file
        was checked before it was opened); None after a clean close."""
        left = self.lock.taken_over
        if left is None:
            return None
        return (f"The last session on {self.path} ({left.describe()}) did not end "
                "cleanly; the whole database was checked and is sound.")

    def confirm_sound(self) -> None:
        """The quick check's answer when it was left for later (``check_later``):
        CorruptDatabaseError when the file is damaged."""
        integrity.confirm_sound(self.db, self.path)

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            self.lock.release()


def open_for_writing(path: Path | str, what: str, wait: float = 0.0,
                     on_wait: Callable[[lock.Holder], None] | None = None,
                     check_later: bool = False) -> Writing:
    """Take the writer lock of ``path`` for ``what`` (``lock.WINDOW``, "cspdesk import
    police-uk"...) and open it: DatabaseInUseError when another cspdesk writes it (after
    waiting up to ``wait`` seconds, see ``lock.acquire``), CorruptDatabaseError when it is
    damaged. With ``check_later`` the quick check may answer after the open: read, then
    call ``Writing.confirm_sound`` before anything is written or shown."""
    path = Path(path)
    check_file(path)
    writer = lock.acquire(path, what, wait, on_wait)
    try:
        how = integrity.FULL if writer.taken_over else \
            integrity.LATER if check_later else integrity.QUICK
        db = open_database(path, check=how)
    except BaseException:
        writer.release()
        raise
    return Writing(path, db, writer)


@contextmanager
def writing(path: Path | str, what: str, wait: float = 0.0,
            on_wait: Callable[[lock.Holder], None] | None = None) -> Iterator[Writing]:
    """``open_for_writing`` for one task; SQLite's refusals inside it become one sentence."""
    session = open_for_writing(path, what, wait, on_wait)
    try:
        yield session
    except sqlite3.OperationalError as exc:
        if not is_locked(exc):
            raise
        raise refusal(session.path) from exc
    except sqlite3.DatabaseError as exc:
        if type(exc) is not sqlite3.DatabaseError:  # IntegrityError, ProgrammingError...
            raise
        raise integrity.damaged(session.path, str(exc)) from exc
    finally:
        session.close()


def is_locked(exc: BaseException) -> bool:
    """SQLite gave up waiting for another connection's lock."""
    return isinstance(exc, sqlite3.OperationalError) and (
        "locked" in str(exc) or "busy" in str(exc))


def refusal(path: Path) -> DatabaseLockedError:
    """SQLite's "database is locked" after the busy timeout, naming who holds the file."""
    holder = lock.other_writer(path)
    if holder is not None:
        return lock.in_use_error(path, holder, writing=True)
    return DatabaseLockedError(
        f"{path} was kept locked by another program for more than "
        f"{connection.BUSY_TIMEOUT_SECONDS:g} seconds (not a cspdesk: a database browser or "
        "a sync client?); close it and try again.")
