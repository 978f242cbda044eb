"""Work run on Qt's thread pool lets go of what it was given on the GUI thread.

The pool's thread used to drop the last reference to the job and to the Event that the
progress dialog's Cancel sets (``canceled.connect(stop.set)``) when it deleted the finished
task; PySide then disconnected that Cancel button from the pool's thread while the GUI
thread was deleting the dialog, and the program died (a segmentation fault in
``QMetaObject::Connection::~Connection``, one test run in eight)."""

from __future__ import annotations

import threading
import weakref

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget

from ui import background

pytestmark = pytest.mark.real_threads


def on_gui_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class Job:
    """Work that notes on which thread it, and the Event its ``cancelled`` reads, are freed."""

    def __init__(self, freed: list[tuple[str, bool]]) -> None:
        self.freed = freed

    def __call__(self, progress, cancelled):  # type: ignore[no-untyped-def]
        weakref.finalize(cancelled.__self__, lambda: self.freed.append(("stop", on_gui_thread())))
        progress(1, 2)
        return "Counted."

    def __del__(self) -> None:
        self.freed.append(("work", on_gui_thread()))


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_work_and_its_cancel_are_let_go_on_the_gui_thread(qtbot, parent):
    freed: list[tuple[str, bool]] = []
    said: list[str] = []
    background.run_in_background(parent, "Counting…", Job(freed), said.append, said.append)
    qtbot.waitUntil(lambda: len(freed) == 2, timeout=10_000)
    assert said == ["Counted."]
    assert sorted(freed) == [("stop", True), ("work", True)]


def test_quiet_work_is_let_go_on_the_gui_thread(qtbot, parent):
    freed: list[tuple[str, bool]] = []
    said: list[str] = []
    background.run_quietly(parent, Job(freed), said.append, said.append)
    qtbot.waitUntil(lambda: len(freed) == 2, timeout=10_000)
    assert said == ["Counted."]
    assert sorted(freed) == [("stop", True), ("work", True)]


def test_many_jobs_one_after_another_leave_the_window_alive(qtbot, parent):
    """Many short jobs, each with its progress dialog deleted as it ends (the old code
    crashed the process here within a few hundred)."""
    said: list[str] = []
    for done in range(300):
        background.run_in_background(parent, "Counting…", Job([]), said.append, said.append)
        qtbot.waitUntil(lambda done=done: len(said) > done, timeout=10_000)
    assert QThreadPool.globalInstance().waitForDone(10_000)
    assert said == ["Counted."] * 300
