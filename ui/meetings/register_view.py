"""The register's table view: one key marks the current member and moves to the next."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableView

from ui.meetings.register_model import MARK_KEYS

KEY_HELP = ("Keys: P present · O online · A apologies (F2 for the reason) · X absent · "
            "S substitute · Delete clears · arrows move")


class RegisterView(QTableView):
    """Marks the current row with one key and moves to the next, so the register is quick."""

    mark_requested = Signal(int, str)
    clear_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        row = self.currentIndex().row()
        key = Qt.Key(event.key())
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if row >= 0 and key in MARK_KEYS and plain:
            self.mark_requested.emit(row, MARK_KEYS[key])
            return
        if row >= 0 and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_requested.emit(row)
            return
        super().keyPressEvent(event)

    def next_row(self) -> None:
        row = self.currentIndex().row()
        if row + 1 < self.model().rowCount():
            self.setCurrentIndex(self.model().index(row + 1, self.currentIndex().column()))
