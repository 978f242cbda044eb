"""Writing a file the user chose (every export): never over a database, never half a file,
nothing left behind.

* ``check_export_path`` refuses a folder, an existing file unless overwriting is allowed, a
  missing or unwritable folder and, always, any SQLite file (the open database, a backup,
  any other) and a database's ``-wal``, ``-shm`` or ``-journal`` file.
* ``write_file_safely`` writes in a hidden scratch folder beside the target
  (``.~cspdesk-<computer>-<process>-<random>``) and moves the finished file into place. Every
  temporary file of the writing goes in that folder (``scratch_folder`` tells openpyxl where,
  see ``cspdesk.xlsx.writer``), never in the system's temporary folder, so no copy of
  personal data is ever left outside the chosen file's folder. The scratch folder is removed
  however the writing ends; one left by a process that was killed is removed by the next
  export into that folder, and by the next start of cspdesk (``sweep_unfinished``), which
  finds it in a note kept in the data folder while the writing lasts.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path

from cspdesk.disk import disk_error
from cspdesk.errors import InputError
from cspdesk.paths import data_folder, machine_name

SQLITE_HEADER = b"SQLite format 3\x00"
WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
SCRATCH_PREFIX = ".~cspdesk-"
_SCRATCH_NAME = re.compile(r"\A\.~cspdesk-(?P<host>\w+)-(?P<pid>\d+)-\w+\Z", re.ASCII)
_scratch: ContextVar[Path | None] = ContextVar("cspdesk_scratch", default=None)


def check_export_path(path: Path | str, overwrite: bool = False) -> Path:
    """The path an export may write to, or an InputError saying why it may not."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise InputError(f"{target} is a folder; give the name of a file to write.", field="path")
    refuse_database_file(target)
    if target.exists() and not overwrite:
        raise InputError(f"{target} already exists; choose another name or allow overwriting.",
                         field="path")
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"The folder {folder} does not exist.", field="path")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"cspdesk is not allowed to write in the folder {folder}.", field="path")
    return target


def refuse_database_file(target: Path) -> None:
    """An InputError when ``target`` is an SQLite database (the open one, a backup, any other)
    or a database's -wal, -shm or -journal file: no export ever writes over one."""
    for suffix in COMPANION_SUFFIXES:
        if target.name.lower().endswith(suffix) and len(target.name) > len(suffix):
            database = target.with_name(target.name[:-len(suffix)])
            if _starts_with(database, (SQLITE_HEADER,)):
                raise InputError(
                    f"{target} belongs to the database {database}; an export never writes over "
                    "a database or its files, so choose another name.", field="path")
    if _starts_with(target, (SQLITE_HEADER, *WAL_MAGIC)):
        raise InputError(f"{target} is a database file; an export never writes over a "
                         "database, so choose another name.", field="path")


def _starts_with(path: Path, signatures: tuple[bytes, ...]) -> bool:
    if not path.is_file():
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(max(len(s) for s in signatures))
    except OSError as exc:
        raise InputError(f"{path} cannot be read to make sure it is not a database "
                         f"({exc.strerror or exc}); choose another name.", field="path") from exc
    return any(head.startswith(s) for s in signatures)


def write_file_safely(path: Path | str, write: Callable[[Path], object], overwrite: bool = False,
                      what: str = "file") -> Path:
    """Call ``write`` on a file in a scratch folder beside ``path``, then move it into place.

    The checks are ``check_export_path``'s. A full disk or a read-only place is a DiskError,
    any other failure to write an InputError, each one sentence; nothing is left behind.
    """
    target = check_export_path(path, overwrite)
    sweep_unfinished(target.parent)
    try:
        with scratch_beside(target) as scratch:
            partial = scratch / target.name
            write(partial)
            os.chmod(partial, 0o600)  # readable by its owner only
            os.replace(partial, target)
    except Exception as exc:
        situation = disk_error(exc, target)
        if situation is not None:
            raise situation from exc
        if isinstance(exc, OSError):
            raise InputError(f"The {what} could not be written to {target}: "
                             f"{exc.strerror or exc}.", field="path") from exc
        raise
    return target


def scratch_folder() -> Path | None:
    """The scratch folder of the file being written in this thread, if any."""
    return _scratch.get()


@contextlib.contextmanager
def scratch_beside(target: Path) -> Iterator[Path]:
    """A new hidden scratch folder beside ``target``, removed on leaving, whatever happens."""
    name = f"{SCRATCH_PREFIX}{this_computer()}-{os.getpid()}-{secrets.token_hex(4)}"
    folder = target.parent / name
    folder.mkdir(mode=0o700)
    note = _note_unfinished(folder)
    token = _scratch.set(folder)
    try:
        yield folder
    finally:
        _scratch.reset(token)
        shutil.rmtree(folder, ignore_errors=True)
        if note is not None:
            note.unlink(missing_ok=True)


def _notes_folder() -> Path:
    return data_folder() / "unfinished"


def _note_unfinished(folder: Path) -> Path | None:
    """Note ``folder`` in the data folder while it is written (None if that cannot be done:
    the folder beside the target is then swept only by the next export into it)."""
    note = _notes_folder() / folder.name[len(SCRATCH_PREFIX):]
    try:
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(str(folder.resolve()), encoding="utf-8")
    except OSError:
        return None
    return note


def sweep_unfinished(folder: Path | None = None) -> list[Path]:
    """Remove the scratch folders left by cspdesk processes of this computer that were killed
    while writing: those noted in the data folder and, if given, those in ``folder``.
    Returns the folders removed."""
    removed = []
    notes = _notes_folder()
    candidates = _children(folder, SCRATCH_PREFIX) if folder else []
    for note in _children(notes, ""):
        if _left_by_dead_process(SCRATCH_PREFIX + note.name):
            with contextlib.suppress(OSError, UnicodeDecodeError):
                candidates.append(Path(note.read_text(encoding="utf-8")))
            note.unlink(missing_ok=True)
    for scratch in candidates:
        if _left_by_dead_process(scratch.name) and scratch.is_dir():
            shutil.rmtree(scratch, ignore_errors=True)
            removed.append(scratch)
    return removed


def _children(folder: Path, prefix: str) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return []


def _left_by_dead_process(name: str) -> bool:
    """True for a scratch folder's name made on this computer by a process now gone."""
    match = _SCRATCH_NAME.match(name)
    return bool(match) and match["host"] == this_computer() and not _alive(int(match["pid"]))


def this_computer() -> str:
    """This computer's name as a scratch folder's name holds it (letters, digits and _)."""
    return re.sub(r"\W", "_", machine_name(), flags=re.ASCII) or "computer"


def _alive(pid: int) -> bool:
    """Whether process ``pid`` is running (when in doubt, yes: its files are then kept)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _alive_on_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0 only asks; on Windows os.kill would end the process
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _alive_on_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    assert sys.platform == "win32"
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() != 87  # ERROR_INVALID_PARAMETER: no such process
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
