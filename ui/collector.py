"""Python's cycle collector runs on the GUI thread only.

Left to itself, the collector runs in whichever thread happens to allocate when a threshold
is passed: on a thread of the pool running an import or a retention, it freed the cycles
left by a closed window or dialog, and so deleted Qt widgets off the GUI thread. Qt deletes
a QObject under a lock that the GUI thread may hold while it waits for Python's lock: the
test run hung (seen with gdb: a pool thread "Garbage-collecting" inside re.compile, freeing
a window's QActions, while the GUI thread deleted another window's menus).

So the automatic collector is switched off and a timer on the GUI thread does its work,
generation by generation by the same thresholds (as Anki does for the same reason). Work
that pauses the collector for itself (``cspdesk/exchange/reader.py``) finds it off and
leaves it so.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Collects cycles on the GUI thread every ``INTERVAL_MS`` when a generation's count has
    passed its threshold, as the automatic collector would have."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> int:
        """Collect the oldest generation due; returns how many objects were freed (-1 for
        none due)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = [g for g in range(3) if counts[g] > thresholds[g]]
        return gc.collect(due[-1]) if due else -1


def collect_on_gui_thread(app: QApplication) -> GuiThreadCollector:
    """Switch the automatic collector off and collect on ``app``'s thread (once)."""
    found = app.findChild(GuiThreadCollector)
    return found if found is not None else GuiThreadCollector(app)
