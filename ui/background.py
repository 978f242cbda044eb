"""Slow work off the GUI thread: one helper, a progress dialog, cancel.

``run_in_background`` runs ``work(progress, cancelled)`` on Qt's thread pool and calls
``on_success(result)`` or ``on_failure(message)`` back on the GUI thread. ``work`` reports
with ``progress(done, total)`` and should stop (raise ``cspdesk.errors.Cancelled``, as
``stop_if_cancelled`` does) once ``cancelled()`` is true. Tests set ``SYNCHRONOUS = True``
so that work runs at once, in the calling thread.

The pool's thread never drops the last reference to anything it was given: those are tied
to Qt objects of the GUI thread, and are freed there (see ``_Task``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from cspdesk.disk import disk_error
from cspdesk.errors import Cancelled, CspdeskError
from cspdesk.store.connection import Database
from cspdesk.store.database import open_database
from cspdesk.store.writing import is_locked, refusal

SYNCHRONOUS = False

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


Job = Callable[[Database, Callable[[int, int], None], Callable[[], bool]], Any]


def on_own_connection(source: Path, job: Job, read_only: bool = False) -> Work:
    """Work that runs ``job(db, progress, cancelled)`` on a connection of its own (SQLite
    connections belong to the thread that opened them), for reading only with
    ``read_only``. Any failure after the user pressed Cancel (a rolled-back transaction)
    counts as cancelled too; SQLite's lock held too long is said naming who holds it."""

    def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
        db = open_database(source, read_only=read_only)
        try:
            return job(db, progress, cancelled)
        except Cancelled:
            raise
        except Exception as exc:
            if cancelled():
                raise Cancelled() from None
            situation = disk_error(exc, source)  # read-only, full disk: one sentence
            if situation is not None:
                raise situation from exc
            if is_locked(exc):
                raise refusal(source) from exc
            raise
        finally:
            db.close()

    return work


class _Signals(QObject):
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class _Task(QRunnable):
    """The work, run on a thread of the pool, its end said by ``signals``.

    Everything the task is given (the work and its closures, the signals, the Event that
    the progress dialog's Cancel sets) is tied to Qt objects of the GUI thread, and must be
    freed there: PySide disconnects the Cancel button when that Event is freed, and doing
    so on the pool's thread while the GUI thread deleted the dialog crashed the program
    (a segmentation fault in ``QMetaObject::Connection``). So ``run`` lets go of all of it
    before it returns and says so on ``hand``; the GUI thread holds its own references
    and drops them only after ``hand.let_go()`` (see ``_finisher``)."""

    def __init__(self, work: Work, signals: _Signals, stop: threading.Event) -> None:
        super().__init__()
        self.parts: list[Any] = [work, signals, stop]
        self.hand = _Hand()

    def run(self) -> None:
        self.hand.runner = threading.get_ident()
        work, signals, stop = self.parts
        self.parts = []
        try:
            _report(work, signals, stop)
        finally:
            del work, signals, stop  # none the last reference: the GUI thread holds them
            self.hand.released.set()


class _Hand:
    """Whether a task's ``run`` still holds what it was given (plain Python, so the GUI
    thread may ask it after the pool has deleted the task)."""

    def __init__(self) -> None:
        self.released = threading.Event()
        self.runner: int | None = None

    def let_go(self) -> None:
        """Wait until ``run`` has let go: at once when ``run`` is on this very thread
        (``SYNCHRONOUS``), else for its last steps after its last signal."""
        if self.runner != threading.get_ident():
            self.released.wait(10)


def _report(work: Work, signals: _Signals, stop: threading.Event) -> None:
    try:
        result = work(signals.progress.emit, stop.is_set)
    except Cancelled:  # before CspdeskError, which it is: a Cancel is no failure
        signals.cancelled.emit()
    except CspdeskError as exc:
        signals.failed.emit(str(exc))
    except Exception as exc:  # reported to the user, never lost in a thread
        signals.failed.emit(f"{exc.__class__.__name__}: {exc}")
    else:
        if stop.is_set():
            signals.cancelled.emit()
        else:
            signals.succeeded.emit(result)


def _finisher(hand: _Hand, signals: _Signals, kept: tuple[Any, ...],
              dialog: QProgressDialog | None = None) -> Callable[..., None]:
    """What ends a task on the GUI thread: once the task has let go, ``signals`` (and the
    progress dialog) are deleted by this thread's event loop, and with them the
    connections that hold this function and so ``kept`` (the work, the Event that Cancel
    sets): all freed on this thread."""

    def finish(callback: Callable[..., None] | None, *args: Any) -> None:
        hand.let_go()
        if dialog is not None:
            dialog.reset()
            dialog.hide()  # autoClose is off (see run_in_background)
            dialog.deleteLater()
        signals.deleteLater()
        if callback is not None:
            callback(*args)

    finish.kept = kept  # type: ignore[attr-defined]  # freed with finish, on this thread
    return finish


def run_in_background(parent: QWidget, label: str, work: Work,
                      on_success: Callable[[Any], None],
                      on_failure: Callable[[str], None],
                      on_cancel: Callable[[], None] | None = None) -> None:
    stop = threading.Event()
    signals = _Signals(parent)
    dialog = QProgressDialog(label, parent.tr("Cancel"), 0, 0, parent)
    dialog.setWindowTitle("cspdesk")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    # A job of several steps (a backup, then the import) reports each from 0 to its end:
    # the dialog stays until the whole job ends, so Cancel stays within reach.
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.setValue(0)  # starts the 400 ms clock (else Qt waits 4 s for a first report)
    # A lambda, not the bound stop.set: PySide watches the receiver of a bound method and
    # disconnects when it is freed, which must never happen on the pool's thread.
    dialog.canceled.connect(lambda: stop.set())

    def show_progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    task = _Task(work, signals, stop)
    finish = _finisher(task.hand, signals, (work, stop), dialog)
    signals.progress.connect(show_progress)
    signals.succeeded.connect(lambda result: finish(on_success, result))
    signals.failed.connect(lambda message: finish(on_failure, message))
    signals.cancelled.connect(lambda: finish(on_cancel))
    _start(task)


def run_quietly(parent: QWidget, work: Work, on_success: Callable[[Any], None],
                on_failure: Callable[[str], None]) -> None:
    """Like ``run_in_background`` but with no progress dialog and no Cancel: for work the
    user did not ask for and need not wait on (the day's first backup)."""
    signals, stop = _Signals(parent), threading.Event()
    task = _Task(work, signals, stop)
    finish = _finisher(task.hand, signals, (work, stop))
    signals.succeeded.connect(lambda result: finish(on_success, result))
    signals.failed.connect(lambda message: finish(on_failure, message))
    _start(task)


def _start(task: _Task) -> None:
    if SYNCHRONOUS:
        task.run()
    else:
        QThreadPool.globalInstance().start(task)
