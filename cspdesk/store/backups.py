"""The backups made without anyone asking, in a ``backups`` folder beside the database.

One is made on the first open of each day (``backup_if_due``), before every import
(``backup_before_import``) and before every schema upgrade (``backup.backup_before_upgrade``);
``cspdesk backup`` makes one by hand. Each is a copy by SQLite's backup API that has passed
the integrity check before it takes its name (``backup.backup_to``); only then are older ones
thinned, as Anki thins its backups (``obsolete``): every backup of today and yesterday is
kept, then the newest of each of 7 earlier days, then of 5 weeks, then of 12 months. A copy
made before a schema upgrade is never thinned: it is the file an older cspdesk can open.

A backup is named ``<database name>-<kind>-<yyyymmdd-hhmmss>.sqlite``; the name says whose
it is, why and when it was made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from cspdesk.errors import stop_if_cancelled
from cspdesk.store.backup import STAMP, ProgressCallback, backup_to, free_name
from cspdesk.store.connection import Database

DAILY, WEEKLY, MONTHLY = 7, 5, 12
FOLDER_NAME = "backups"
KINDS = {  # kind in the file name: what the officer reads
    "daily": "the day's first opening",
    "import": "before an import",
    "manual": "made by hand",
    "before-restore": "before a restore (the file as it was)",
}
_KIND = r"daily|import|manual|before-restore|schema-v\d+"


@dataclass(frozen=True)
class Backup:
    path: Path
    kind: str
    made: dt.datetime
    size: int  # bytes, when it was listed

    @property
    def size_text(self) -> str:
        return size_words(self.size)

    @property
    def reason(self) -> str:
        """Why it was made, in the officer's words."""
        if self.kind.startswith("schema-v"):
            return f"before an upgrade (schema version {self.kind.removeprefix('schema-v')})"
        return KINDS.get(self.kind, self.kind)


def size_words(size: int) -> str:
    """A file's size as the officer reads it: '312 KB', '3.4 MB'."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024)):,} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


def backups_folder(db_path: Path) -> Path:
    """Where the backups of ``db_path`` go: a ``backups`` folder beside it."""
    return db_path.parent / FOLDER_NAME


def _database_file(db: Database) -> Path:
    row = db.execute("PRAGMA database_list").fetchone()
    if not row or not row[2]:
        raise ValueError("An in-memory database has no backups.")
    return Path(row[2])


def list_backups(db_path: Path, folder: Path | None = None) -> list[Backup]:
    """The backups of ``db_path`` in ``folder`` (by default its backups folder), newest first."""
    folder = folder or backups_folder(db_path)
    pattern = re.compile(rf"{re.escape(db_path.stem)}-(?P<kind>{_KIND})-"
                         rf"(?P<stamp>\d{{8}}-\d{{6}})(?:-\d+)?\.sqlite")
    found = []
    for path in folder.glob(f"{db_path.stem}-*.sqlite") if folder.is_dir() else []:
        match = pattern.fullmatch(path.name)
        if match is None or not path.is_file():
            continue
        try:
            made = dt.datetime.strptime(match["stamp"], STAMP)
            stat = path.stat()
        except (ValueError, OSError):  # not a real date and time; gone meanwhile
            continue
        found.append((made, stat.st_mtime_ns, Backup(path, match["kind"], made, stat.st_size)))
    return [b for *_when, b in sorted(found, key=lambda f: f[:2], reverse=True)]


def make_backup(db: Database, kind: str, folder: Path | None = None, thin: bool = True,
                progress: ProgressCallback | None = None) -> Path:
    """Back ``db`` up into ``folder`` (by default its backups folder) as a ``kind`` backup,
    checked before it takes its name; then thin the older ones (unless ``thin`` is False)."""
    db_path = _database_file(db)
    folder = folder or backups_folder(db_path)
    target = free_name(folder, db_path.stem, kind, dt.datetime.now())
    backup_to(db, target, progress)
    if thin:
        _thin(db_path, folder)
    return target


def _thin(db_path: Path, folder: Path) -> None:
    """Remove the backups thinning leaves out, and half copies left by a killed cspdesk more
    than an hour ago; a file that cannot be removed is left for the next time."""
    hour_ago = dt.datetime.now().timestamp() - 3600
    doomed = [b.path for b in obsolete(list_backups(db_path, folder), dt.date.today())]
    for partial in folder.glob(f"{db_path.stem}-*.sqlite.partial"):
        with contextlib.suppress(OSError):
            if partial.stat().st_mtime < hour_ago:
                doomed.append(partial)
    for path in doomed:
        for suffix in ("", "-wal"):  # a copy kept aside as files may have its -wal
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


def backup_if_due(db: Database, progress: ProgressCallback | None = None,
                  cancelled: Callable[[], bool] | None = None) -> Path | None:
    """The daily backup: made when no backup of ``db`` is dated today (the first open of the
    day); returns the new file, or None when today's exists already."""
    db_path = _database_file(db)
    today = dt.date.today()
    if any(b.made.date() == today for b in list_backups(db_path)):
        return None
    stop_if_cancelled(cancelled)
    return make_backup(db, "daily", progress=_cancellable(progress, cancelled))


def backup_before_import(db: Database, progress: ProgressCallback | None = None,
                         cancelled: Callable[[], bool] | None = None) -> Path:
    """The backup made before every import, window or command; returns the new file."""
    stop_if_cancelled(cancelled)
    return make_backup(db, "import", progress=_cancellable(progress, cancelled))


def _cancellable(progress: ProgressCallback | None,
                 cancelled: Callable[[], bool] | None) -> ProgressCallback | None:
    if progress is None and cancelled is None:
        return None

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total)
        stop_if_cancelled(cancelled)

    return report


def obsolete(backups: Iterable[Backup], today: dt.date, daily: int = DAILY,
             weekly: int = WEEKLY, monthly: int = MONTHLY) -> list[Backup]:
    """The backups thinning removes, as Anki's does: newest first, every backup of today and
    yesterday stays; then the newest of each earlier day until ``daily`` days are kept, then
    the newest of each week (Monday to Sunday) until ``weekly``, then of each month until
    ``monthly``; the rest go. Copies made before a schema upgrade always stay."""
    limits = {"day": daily, "week": weekly, "month": monthly}
    last = {"day": None, "week": None, "month": None}
    gone = []
    for backup in sorted(backups, key=lambda b: b.made, reverse=True):
        if backup.kind.startswith("schema-v"):
            continue
        periods = _periods(backup.made.date())
        stage = next((s for s in limits if limits[s] > 0), None)
        if backup.made.date() >= today - dt.timedelta(days=1):
            stage = None  # recent: always kept
        elif stage is None or (last[stage] is not None and periods[stage] >= last[stage]):
            gone.append(backup)
            continue
        else:
            limits[stage] -= 1
        last.update(periods)
    return gone


def _periods(day: dt.date) -> dict[str, int]:
    """Serial day, week (from Monday: 1 January of year 1 was a Monday) and month numbers."""
    ordinal = day.toordinal()
    return {"day": ordinal, "week": (ordinal - 1) // 7, "month": day.year * 12 + day.month}
