"""Is a cspdesk file sound? SQLite's quick check on every open, its full integrity check
after a session that did not end cleanly, and the newest sound backup to offer when the
file is damaged. A damaged file is never written to: it is opened for reading only, if at
all, and the one sentence for it says to restore it from a backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from cspdesk.errors import CorruptDatabaseError, CspdeskError
from cspdesk.store import connection, migrations

QUICK, FULL, NONE = "quick", "full", "none"
_MOST = 20  # problems SQLite lists before it stops looking


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
