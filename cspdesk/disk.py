"""When the disk says no: a read-only file, a full disk, a drive that fails.

These are the user's situation, not cspdesk's bugs: ``disk_error`` turns SQLite's and the
operating system's errors for them into one sentence that says what and where (a
``DiskError``), so the command line exits 2 with it and the window shows it, and neither
logs it as an unexpected error. What was being written is rolled back (a transaction) or
removed (a file written through ``cspdesk.files``), so each sentence can say that nothing
was written.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from cspdesk.errors import CspdeskError

_DENIED_ERRNOS = {errno.EACCES, errno.EPERM}
_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}


class DiskError(CspdeskError):
    """The disk refused: the file is read-only, the disk is full, or the drive failed."""


def disk_error(exc: BaseException, path: Path | str | None = None) -> DiskError | None:
    """The sentence for ``exc`` when it is a read-only file, a full disk or a failing drive
    (``path``: the file being written, such as the database); None for anything else."""
    kind = _kind(exc)
    if kind is None:
        return None
    if isinstance(exc, OSError) and exc.filename and path is None:
        path = exc.filename
    return DiskError(_sentence(kind, Path(path) if path else None))


def _kind(exc: BaseException) -> str | None:
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "") or ""
        text = str(exc).lower()
        if name.startswith("SQLITE_READONLY") or "readonly database" in text:
            return "read-only"
        if name.startswith("SQLITE_FULL") or "database or disk is full" in text:
            return "full"
        if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
            return "failed"
        return None
    number = _errno(exc)
    if number in _FULL_ERRNOS:
        return "full"
    if number == errno.EROFS:
        return "read-only"
    if number in _DENIED_ERRNOS:
        return "denied"
    if number == errno.EIO:
        return "failed"
    return None


def _errno(exc: BaseException) -> int | None:
    if isinstance(exc, OSError):
        return None if isinstance(exc, BrokenPipeError) else exc.errno
    # lxml (which openpyxl writes sheets with, when installed) names the system's error
    # instead of raising it: SerialisationError("IO_ENOSPC").
    text = str(exc)
    if type(exc).__name__ == "SerialisationError" and text.startswith("IO_E"):
        number = getattr(errno, text[3:], None)
        return number if isinstance(number, int) else None
    return None


def _sentence(kind: str, path: Path | None) -> str:
    where = str(path) if path else "the database"
    if kind == "read-only":
        return (f"{where} is read-only, so nothing was written to it; make the file and its "
                "folder writable (or work on a copy) and try again.")
    if kind == "denied":  # on Windows, also a file open in Excel
        return (f"cspdesk is not allowed to write {where} (it is read-only, or open in another "
                "program such as Excel), so nothing was written; close it there or choose "
                "another name, and try again.")
    if kind == "full":
        return (f"The disk holding {where} is full, so nothing was written; free some space "
                "on it and try again.")
    return (f"The disk holding {where} failed to read or write, so nothing was written; check "
            "that the drive is still connected and has free space, then try again.")
