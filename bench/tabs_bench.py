"""The ten-year database's four tabs must open as fast as a small one's.

Builds the ten-year database of ``xlsx_export_bench.py`` (2,000 meetings, 60,000 marks,
252,000 monthly counts, ten years of priorities, programmes and actions), then times
(best of three) making each tab and showing the database in it, as the window does when a
file is opened. Run:
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/tabs_bench.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from harness import Row, in_process, row  # noqa: E402
from xlsx_export_bench import build  # noqa: E402

from cspdesk.store.database import open_database  # noqa: E402


def measure(size: str = "full") -> list[Row]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.meetings.meetings_tab import MeetingsTab
    from ui.performance.performance_tab import PerformanceTab
    from ui.priorities.priorities_tab import PrioritiesTab
    from ui.programmes.programmes_tab import ProgrammesTab

    app = QApplication.instance() or QApplication([])
    settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "cspdesk-bench")
    makers = [("Meetings tab", MeetingsTab), ("Performance tab", PerformanceTab),
              ("Priorities tab", PrioritiesTab),
              ("Safer Streets tab", lambda: ProgrammesTab(settings=settings))]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ten-years.sqlite"
        counts = build(path, small=size == "small")
        stated = f"{sum(counts.values()):,} records"
        db = open_database(path)

        for what, make in makers:
            def show(make=make) -> None:
                tab = make()
                tab.resize(1366, 700)
                tab.show()
                tab.set_database(db)
                app.processEvents()
                tab.close()
                tab.deleteLater()
                app.processEvents()
            seconds, peak = in_process(show, runs=3)
            rows.append(row(f"open the {what}", stated, seconds, peak))
        db.close()
    return rows


def main() -> None:
    for result in measure():
        print(f"{result['what']:40} {result['seconds'] * 1000:8.1f} ms  "
              f"peak {result['peak_mb']:.0f} MB  ({result['size']})")


if __name__ == "__main__":
    main()
