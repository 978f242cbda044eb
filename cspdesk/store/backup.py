"""Copies of a live database, made with SQLite's online backup API (never a file copy, which
can miss the commits still in the -wal file): on request, and before every schema upgrade.

Every copy passes SQLite's integrity check before it takes its name; a copy that fails it is
removed, so a damaged file never passes for a good backup. The schedule (daily, before an
import, thinning) is in ``backups``."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from cspdesk.errors import DatabaseError, DatabaseExistsError
from cspdesk.store import connection, migrations
from cspdesk.store.connection import Database

ProgressCallback = Callable[[int, int], None]
STAMP = "%Y%m%d-%H%M%S"  # when a backup was made, in its name


def backup_to(db: Database, target: Path | str, progress: ProgressCallback | None = None,
              check: bool = True) -> Path:
    """Copy the live database to ``target`` with SQLite's online backup API.

    Unlike a file copy this includes every commit still in the ``-wal`` file. The copy is
    written to a temporary name first and (unless ``check`` is False) must pass SQLite's
    integrity check before it is given ``target``, so a failed backup never leaves a half
    or damaged file.
    """
    return _backup(db.conn, Path(target), progress, check)


def backup_file(source: Path | str, target: Path | str,
                progress: ProgressCallback | None = None, check: bool = True) -> Path:
    """Like ``backup_to`` but from a file, on a connection of its own (for a worker thread).

    ``progress(done_pages, total_pages)`` is called as the copy goes; it may raise
    ``Cancelled`` (see ``stop_if_cancelled``) to stop, and then no file is left at ``target``.
    """
    source = Path(source)
    try:
        conn = sqlite3.connect(str(source), timeout=connection.BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{source} cannot be read for copying: {exc}.") from exc
    try:
        return _backup(conn, Path(target), progress, check)
    finally:
        conn.close()


def _backup(conn: sqlite3.Connection, target: Path, progress: ProgressCallback | None,
            check: bool) -> Path:
    if target.exists():
        raise DatabaseExistsError(f"{target} already exists; choose another name.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # a new one: owner only
    except OSError as exc:
        raise DatabaseError(f"The folder {target.parent} cannot be made ({exc.strerror}), "
                            "so no copy was written.") from exc
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)

    def report(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT, 0o600))  # owner only
        dest = sqlite3.connect(str(partial))
        try:
            conn.backup(dest, pages=256, progress=report)
            dest.execute("PRAGMA journal_mode = DELETE")
            if check:
                _check_copy(dest, target)
        finally:
            dest.close()
        partial.replace(target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"The copy to {target} failed: {exc}.") from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"The copy to {target} failed: {exc.strerror}.") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _check_copy(dest: sqlite3.Connection, target: Path) -> None:
    problems = [row[0] for row in dest.execute("PRAGMA integrity_check(5)").fetchall()]
    if problems != ["ok"]:
        raise DatabaseError(
            f"The copy to {target} failed SQLite's integrity check ({problems[0]}), so it was "
            "not kept: the database itself may be damaged; run cspdesk check on it.")


def free_name(folder: Path, stem: str, kind: str, when: dt.datetime) -> Path:
    """'csp-daily-20261130-143000.sqlite' in ``folder``, numbered ('...-2.sqlite') when a
    backup of that name (or its half copy) is already there."""
    name = f"{stem}-{kind}-{when.strftime(STAMP)}"
    target, number = folder / f"{name}.sqlite", 1
    while target.exists() or target.with_name(target.name + ".partial").exists():
        number += 1
        target = folder / f"{name}-{number}.sqlite"
    return target


def backup_before_upgrade(db: Database, backup_dir: Path) -> Path:
    """Copy ``db`` into ``backup_dir`` before its schema is upgraded; returns the copy (a
    second upgrade in the same second, of a backup just restored, gets a numbered name)."""
    target = free_name(backup_dir, migrations.db_stem(db),
                       f"schema-v{migrations.schema_version(db)}", dt.datetime.now())
    return backup_to(db, target)
