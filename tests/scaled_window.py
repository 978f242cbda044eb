"""Run by tests/test_scaling.py in a program of its own (Qt reads the scaling as it starts):
the main window and the main dialogs on a 1366x768 screen at 150%, written as JSON.

Usage: QT_SCALE_FACTOR=1.5 QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json \\
       python tests/scaled_window.py DATABASE
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QRadioButton,
    QTabBar,
    QWidget,
)

TASKBAR, TITLE_BAR = 40, 31  # Windows' taskbar and a window's title bar, in logical pixels


def clipped(root: QWidget) -> list[str]:
    """Buttons, ticks, tabs and one-line labels on screen narrower than their text needs."""
    cut = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.objectName().startswith("qt_"):
            continue
        text = getattr(widget, "text", lambda: "")
        if isinstance(widget, QAbstractButton) and text():
            need = widget.minimumSizeHint().width() if isinstance(
                widget, QCheckBox | QRadioButton) else 12 + widget.fontMetrics(
                ).horizontalAdvance(text().replace("&", ""))  # its words and a margin
            if widget.width() < need:
                cut.append(f"button '{text()}' {widget.width()} < {need}")
        elif isinstance(widget, QLabel) and text() and not widget.wordWrap() \
                and widget.pixmap().isNull() and widget.width() < widget.minimumSizeHint().width():
            cut.append(f"label '{text()[:40]}' {widget.width()} < "
                       f"{widget.minimumSizeHint().width()}")
        elif isinstance(widget, QTabBar):
            cut += [f"tab '{widget.tabText(n)}'" for n in range(widget.count())
                    if widget.tabRect(n).width() < widget.tabSizeHint(n).width()]
    return cut


def main(db_path: Path) -> dict:
    from cspdesk.store.database import open_database
    from ui.app import create_application
    from ui.main_window import MainWindow

    app = create_application()
    screen = app.primaryScreen().availableGeometry()
    room = (screen.width(), screen.height() - TASKBAR - TITLE_BAR)
    settings = QSettings(str(db_path.with_suffix(".ini")), QSettings.Format.IniFormat)
    window = MainWindow(db_path, settings=settings, backups=False)
    window.show()
    window.resize(*room)
    report: dict = {"screen": [screen.width(), screen.height()], "room": list(room),
                    "scale": app.primaryScreen().devicePixelRatio(), "screens": {}}
    for number, page in enumerate(window.tab_pages):
        window.tabs.setCurrentIndex(number)
        for name, show in [(page.title, lambda: None)] + [
                (f"{page.title} > {sub}", go) for sub, go in page.sub_pages()]:
            show()
            app.processEvents()
            hint = window.minimumSizeHint()
            report["screens"][name] = {"minimum": [hint.width(), hint.height()],
                                       "size": [window.width(), window.height()],
                                       "clipped": clipped(window)}
    db = open_database(db_path)
    report["dialogs"] = dialogs(db, window, app)
    db.close()
    window.close()
    return report


def dialogs(db, window, app) -> dict:  # type: ignore[no-untyped-def]
    from ui.exchange.export_dialog import ExportDialog
    from ui.meetings.meeting_dialogs import SeriesDialog, meeting_dialog
    from ui.priorities.carry_dialog import CarryForwardDialog
    from ui.programmes.dialogs import programme_dialog
    from ui.reports.report_dialog import CommitteeReportDialog

    found = {}
    for dialog in (meeting_dialog(db, window), SeriesDialog(db, window),
                   programme_dialog(db, window), ExportDialog(window),
                   CarryForwardDialog(db, "2023/24", window), CommitteeReportDialog(db, window)):
        dialog.show()
        app.processEvents()
        frame = dialog.frameGeometry()
        found[dialog.windowTitle()] = {
            "minimum": [dialog.minimumSizeHint().width(), dialog.minimumSizeHint().height()],
            "size": [frame.width(), frame.height()], "clipped": clipped(dialog)}
        dialog.close()
    return found


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(Path(sys.argv[1]))) + "\n")
    QApplication.instance().quit()
