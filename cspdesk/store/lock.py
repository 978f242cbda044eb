"""One writer per database: a lock file beside it, naming who writes and since when.

A cspdesk that writes (the window, ``cspdesk import``) takes ``<database>.lock`` first: it
holds an operating-system lock on that file for as long as it runs and writes into it its
user, machine, process and start time, so that a second cspdesk can say who holds the
database. The operating system lets go of the lock when a process ends, however it ends:
a lock file whose lock nobody holds was left by a process that stopped without closing
the database (a crash, a kill, a power cut), and the next writer takes it over and checks
the whole database first. On closing, the file is removed.

A lock file of another machine (a database on a shared drive) is never taken over by
guesswork: its lock may simply not reach this computer. Within one process the lock is
shared (the window and its background work are one writer).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from cspdesk.errors import DatabaseError, DatabaseInUseError
from cspdesk.paths import machine_name

LOCK_SUFFIX = ".lock"
WINDOW = "the cspdesk window"
_RETRY_SECONDS = 0.05
_PATIENCE = 0.5  # how long to try before saying another process holds the lock
_held: dict[str, WriterLock] = {}
_held_guard = threading.Lock()

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    _FAR = 0x7FFFFFFE  # lock a byte far past the text, so that others can still read it

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _FAR, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _FAR, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) a database for writing."""

    what: str  # "the cspdesk window", "cspdesk import police-uk"
    user: str
    machine: str
    pid: int
    since: str  # ISO date and time, local

    @classmethod
    def me(cls, what: str) -> Holder:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no user name in the environment or the password file
            user = "an unknown user"
        return cls(what, user, machine_name(), os.getpid(),
                   dt.datetime.now().isoformat(timespec="seconds"))

    def describe(self) -> str:
        """E.g. "the cspdesk window of sarah on CSP-PC-07 (process 4120) since 09:14 on
        12/03/2026"."""
        try:
            when = dt.datetime.fromisoformat(self.since).strftime("%H:%M on %d/%m/%Y")
        except ValueError:
            when = self.since
        return "".join([self.what, f" of {self.user}" if self.user else "",
                        f" on {self.machine}", f" (process {self.pid})" if self.pid else "",
                        f" since {when}" if when else ""])

    @property
    def here(self) -> bool:
        return self.machine == machine_name()


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + LOCK_SUFFIX)


class WriterLock:
    """This process's right to write one database; ``release`` gives it up.

    ``taken_over`` is the holder of a lock that was left behind by a process that ended
    without closing the database (so its last session did not end cleanly), else None.
    """

    def __init__(self, database: Path, fd: int, holder: Holder,
                 taken_over: Holder | None) -> None:
        self.database, self.path = database, lock_path(database)
        self.holder, self.taken_over = holder, taken_over
        self._fd: int | None = fd
        self._users = 1

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Give the lock up (once every user of it in this process has); the file goes."""
        with _held_guard:
            self._users -= 1
            if self._users > 0 or self._fd is None:
                return
            _held.pop(_key(self.database), None)
            fd, self._fd = self._fd, None
        # Removed while still locked, so that nobody can lock this file after we let go and
        # then lose it (``_same_file``). Windows removes no open file: there it goes after,
        # unless another cspdesk has opened it meanwhile; an empty lock file is a free one.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            if os.name != "nt":
                self.path.unlink(missing_ok=True)
        _unlock(fd)
        os.close(fd)
        if os.name == "nt":  # pragma: no cover - Windows only
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)


def acquire(database: Path, what: str, wait: float = 0.0,
            on_wait: Callable[[Holder], None] | None = None) -> WriterLock:
    """Take the writer lock of ``database`` for ``what`` (see ``Holder.what``).

    Waits up to ``wait`` seconds for another cspdesk that is writing it (but never for a
    window, which stays open), calling ``on_wait(holder)`` once when it starts waiting;
    then refuses with DatabaseInUseError naming the holder."""
    database = Path(os.path.abspath(database))
    deadline = time.monotonic() + wait
    waiting = False
    while True:
        with _held_guard:
            shared = _held.get(_key(database))
            if shared is not None:
                shared._users += 1
                return shared
            fd, holder = _try_acquire(database)
            if fd is not None:
                lock = _held[_key(database)] = _take(database, fd, what)
                return lock
        assert holder is not None
        if time.monotonic() >= deadline or holder.what == WINDOW:
            raise in_use_error(database, holder, writing=what != WINDOW)
        if on_wait is not None and not waiting:
            on_wait(holder)
        waiting = True
        time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))


def other_writer(database: Path) -> Holder | None:
    """The holder of ``database``'s writer lock when another process holds it, else None
    (free, left behind by an ended process of this machine, or held by this process)."""
    database = Path(os.path.abspath(database))
    if _key(database) in _held or not lock_path(database).exists():
        return None
    with _held_guard:
        fd, holder = _try_acquire(database)
        if fd is None:
            return holder
        left = _read(fd)
        if left is None:  # an empty file is a free lock: leave none behind
            lock_path(database).unlink(missing_ok=True)
        _unlock(fd)
        os.close(fd)
    return left if left is not None and not left.here else None


def in_use_error(database: Path, holder: Holder, writing: bool) -> DatabaseInUseError:
    """The one sentence for a database another cspdesk writes."""
    then = ("wait for it to finish or close it there, then try again" if writing
            else "close it there, or open this database read-only")
    if not holder.here:
        then += f" (if cspdesk no longer runs on {holder.machine}, delete {lock_path(database)})"
    return DatabaseInUseError(f"{database} is open for writing in {holder.describe()}; "
                              f"only one cspdesk may write to a database, so {then}.",
                              holder)


def _key(database: Path) -> str:
    return os.path.normcase(str(database))


def _try_acquire(database: Path) -> tuple[int | None, Holder | None]:
    """Try for a while to lock the lock file: its descriptor, locked, or (None, the holder)
    when another process keeps it (a moment's patience: its holder may be writing it, or
    another cspdesk may only be looking)."""
    path = lock_path(database)
    patience = time.monotonic() + _PATIENCE
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise DatabaseError(f"{database} cannot be opened for writing: cspdesk cannot "
                                f"create {path.name} beside it ({exc.strerror}).") from exc
        if _try_lock(fd):
            if _same_file(fd, path):
                return fd, None
            _unlock(fd)  # removed by its last holder while we waited: start again
            os.close(fd)
            continue
        holder = _read(fd)
        os.close(fd)
        if time.monotonic() >= patience:
            return None, holder or Holder("another cspdesk", "", machine_name(), 0, "")
        time.sleep(_RETRY_SECONDS)


def _take(database: Path, fd: int, what: str) -> WriterLock:
    """Write this process into the locked file; a lock left by another machine is refused."""
    left = _read(fd)
    if left is not None and not left.here:
        _unlock(fd)
        os.close(fd)
        raise in_use_error(database, left, writing=what != WINDOW)
    me = Holder.me(what)
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, json.dumps(asdict(me), indent=1).encode("utf-8"))
    os.fsync(fd)
    return WriterLock(database, fd, me, left)


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _read(fd: int) -> Holder | None:
    """The holder written in the lock file, or None when it is empty or unreadable."""
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 4096)
    try:
        data = json.loads(text.decode("utf-8"))
        return Holder(str(data["what"]), str(data["user"]), str(data["machine"]),
                      int(data["pid"]), str(data["since"]))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
