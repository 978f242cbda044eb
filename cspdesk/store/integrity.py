"""Is a cspdesk file sound? SQLite's quick check on every open, its full integrity check
after a session that did not end cleanly, and the newest sound backup to offer when the
file is damaged. A damaged file is never written to: it is opened for reading only, if at
all, and the one sentence for it says to restore it from a backup."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from cspdesk.errors import CorruptDatabaseError, CspdeskError
from cspdesk.store import connection, migrations
from cspdesk.store.connection import Database

# LATER: the quick check started ahead (``check_ahead``) is answered by ``confirm_sound``
# once the window has read its first tab meanwhile; nothing is written before it answers.
QUICK, FULL, NONE, LATER = "quick", "full", "none", "later"
_MOST = 20  # problems SQLite lists before it stops looking
# Quick checks started ahead (``check_ahead``), by file: the file's state then, and the answer.
_AHEAD: dict[Path, tuple[tuple[int, ...], threading.Thread, list[list[str]]]] = {}


def problems(db: Database, how: str = QUICK) -> list[str]:
    """What SQLite's quick check (``QUICK``: every page and record, not the indexes) or full
    integrity check (``FULL``) finds wrong; an empty list when the file is sound."""
    if how == NONE:
        return []
    pragma = "integrity_check" if how == FULL else "quick_check"
    try:
        rows = db.execute(f"PRAGMA {pragma}({_MOST})").fetchall()
    except sqlite3.DatabaseError as exc:  # too damaged even to be checked
        return [str(exc)]
    return [line for (text,) in rows if text != "ok" for line in _lines(text)]


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("***")]


def damaged(path: Path, found: list[str] | str) -> CorruptDatabaseError:
    """The one sentence for a damaged cspdesk file (the README's)."""
    first = found if isinstance(found, str) else (found[0] if found else "unreadable")
    more = "" if isinstance(found, str) or len(found) < 2 else f", and {len(found) - 1} more"
    return CorruptDatabaseError(f"{path} is a cspdesk database but it is damaged ({first}"
                                f"{more}); restore it from a backup.")


def backups_folder(path: Path) -> Path:
    """Where cspdesk keeps copies of the database at ``path``: ``backups`` beside it."""
    return Path(path).parent / "backups"


def newest_good_backup(path: Path, folder: Path | None = None) -> Path | None:
    """The newest copy of ``path`` in its backups folder that is a cspdesk database and
    passes the quick check; None when there is none."""
    folder = folder or backups_folder(path)
    stem = Path(path).stem
    try:
        copies = [p for p in folder.iterdir()
                  if p.name.startswith(stem) and p.suffix == ".sqlite" and p.is_file()]
    except OSError:
        return None
    for copy in sorted(copies, key=_modified, reverse=True):
        if _sound(copy):
            return copy
    return None


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _sound(path: Path) -> bool:
    try:
        db = connection.connect(path, read_only=True)
    except (CspdeskError, sqlite3.Error):  # a copy that cannot be opened is no good
        return False
    try:
        ours = db.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        return ours and not problems(db)
    except sqlite3.Error:
        return False
    finally:
        db.close()


# The quick check, started ahead --------------------------------------------------------------

def check_ahead(path: Path) -> None:
    """Start the quick check of ``path`` on a thread and a read-only connection of its own,
    so that it runs while the window's modules load (SQLite lets other Python threads run
    meanwhile: on a ten-year file the check is a fifth of a second). ``quick_problems`` uses
    its answer when the file is then unchanged; nothing is written, and the check is the same."""
    path = Path(path).resolve()
    answer: list[list[str]] = []

    def work() -> None:
        try:
            db = connection.connect(path, read_only=True)
        except (CspdeskError, sqlite3.Error):
            return  # the open itself will say what is wrong
        try:
            answer.append(problems(db, QUICK))
        finally:
            db.close()

    thread = threading.Thread(target=work, name="quick check", daemon=True)
    _AHEAD[path] = (_state(path), thread, answer)
    thread.start()


def quick_problems(db: Database, path: Path) -> list[str]:
    """``problems(db, QUICK)``, or the answer of the check started ahead of the file at
    ``path`` when the file (and its write-ahead log) are as they were when it started."""
    ahead = _AHEAD.pop(Path(path).resolve(), None)
    if ahead is not None:
        state, thread, answer = ahead
        thread.join()
        if answer and state == _state(path):
            return answer[0]
    return problems(db, QUICK)


def confirm_sound(db: Database, path: Path) -> None:
    """The answer of a quick check left for later (``open_database(check=LATER)``):
    CorruptDatabaseError when the file is damaged; nothing when it was checked already."""
    if not getattr(db, "unchecked", False):
        return
    found = quick_problems(db, path)
    db.unchecked = False  # type: ignore[attr-defined]
    if found:
        raise damaged(path, found)


def _state(path: Path) -> tuple[int, ...]:
    """Size and time of change of the file and its -wal: any write changes one of them (an
    empty -wal, which the first reader makes, is the same as none)."""
    found: list[int] = []
    for name in (Path(path), Path(f"{path}-wal")):
        try:
            info = os.stat(name)
        except OSError:
            found += [0, 0]
            continue
        found += [info.st_size, info.st_mtime_ns] if info.st_size else [0, 0]
    return tuple(found)
