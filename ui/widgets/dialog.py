"""The base of every cspdesk dialog: as it shows, its controls get names a screen reader
reads and a Tab order that follows the screen, and it keeps within the screen (a large
dialog at 150% on a laptop).

Each dialog class does this for itself. An event filter on the whole application did it
before: every event of every object then passed through Python, and PySide looked up the
exact class of each (120 Qt classes more made at start-up, 0.025 s). Qt's own boxes
(QMessageBox, QFileDialog) name their buttons and fit the screen themselves.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog

from ui.accessibility import make_accessible
from ui.widgets.scrolling import fit_on_screen


class Dialog(QDialog):
    """A QDialog made accessible, and fitted to the screen, each time it shows."""

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        make_accessible(self)
        fit_on_screen(self)
        super().showEvent(event)
