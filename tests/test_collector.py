"""Python's cycle collector never runs on a thread of the pool: it would delete Qt widgets
left in cycles off the GUI thread (the test run hung that way)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication, QWidget

from ui.app import create_application
from ui.collector import GuiThreadCollector, collect_on_gui_thread


class Cycle(QWidget):
    """A widget in a reference cycle, which only the cycle collector can free; says on
    which thread it was freed."""

    freed_on: list[str] = []

    def __init__(self) -> None:
        super().__init__()
        self.me = self

    def __del__(self) -> None:
        Cycle.freed_on.append(threading.current_thread().name)


def test_the_program_switches_the_collector_to_the_gui_thread(qtbot):
    app = create_application()
    assert not gc.isenabled()
    assert len(app.findChildren(GuiThreadCollector)) == 1
    assert collect_on_gui_thread(app) is app.findChild(GuiThreadCollector)  # once


def test_cycles_left_behind_are_freed_on_the_gui_thread_not_by_a_worker(qtbot):
    collector = collect_on_gui_thread(QApplication.instance())
    Cycle.freed_on.clear()
    for _ in range(20):
        Cycle()  # unreachable at once: only the collector frees it

    kept: list[object] = []

    def allocate() -> None:  # a worker allocating past every threshold of the collector
        kept.append([[[] for _ in range(10)] for _ in range(20_000)])

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    assert Cycle.freed_on == []  # the worker's allocations collected nothing
    qtbot.waitUntil(lambda: len(Cycle.freed_on) == 20, timeout=5000)
    assert set(Cycle.freed_on) == {threading.main_thread().name}
    kept.clear()
    assert collector.timer.isActive()
