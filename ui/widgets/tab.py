"""What every tab shares: an empty state or its content, and a database passed in."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from cspdesk.store.connection import Database
from ui.widgets.empty_state import EmptyState
from ui.widgets.scrolling import FittingScrollArea


class Tab(QWidget):
    """A tab shows its content when the database holds something for it, else an empty state.

    Subclasses build ``content`` in ``__init__`` and implement ``load()``, which reads from
    the core and returns True when there was anything to show.
    """

    title = ""
    # Emitted after this tab wrote to the database, so the other tabs refresh themselves.
    data_changed = Signal()

    def __init__(self, empty_title: str, empty_text: str, parent: QWidget | None = None,
                 empty_action: str | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self._stale = False
        self.empty_state = EmptyState(empty_title, empty_text, action=empty_action)
        self.content = QWidget()
        self._stack = QStackedWidget()
        self._stack.addWidget(self.empty_state)
        self._stack.addWidget(FittingScrollArea(self.content))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

    def set_database(self, db: Database | None, load: bool = True) -> None:
        """Show ``db``; with ``load`` False its data is read the next time the tab is
        chosen or shown (the window reads only the current tab's at start-up)."""
        self.db = db
        if load:
            self.refresh()
        else:
            self._stale = True

    def refresh_if_stale(self) -> None:
        """Read the data now if it was left for later (the tab has just been chosen)."""
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        has_data = self.db is not None and self.load()
        self._stack.setCurrentIndex(1 if has_data else 0)

    def refresh_when_shown(self) -> None:
        """Another tab wrote: refresh now if on screen, else the next time this tab shows
        (so a saved register does not recompute every other tab's figures)."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def show_content(self) -> None:
        """Leave the empty state for the content (to start filling an empty database)."""
        self._stack.setCurrentIndex(1)

    def showing_empty_state(self) -> bool:
        return self._stack.currentWidget() is self.empty_state

    def load(self) -> bool:
        raise NotImplementedError

    def confirm_leave(self) -> bool:
        """Before the database closes: a tab with unsaved edits asks to save, discard or
        stay. True when it may go on; a tab without edits of its own just says yes."""
        return True

    def print_choices(self) -> list[tuple[str, Any]]:
        """What a person would print from the tab as it is on screen, for File > Print:
        (label, a function building the paper as a document model); none by default."""
        return []

    def save_edits(self) -> str:
        """Ctrl+S: save whatever is being edited in this tab and say so in one sentence
        for the status bar (a refusal is shown at the field, and the sentence says it was
        not saved). By default a tab has nothing of its own to save."""
        return self.tr("Nothing to save in {tab}: its records are saved in their own "
                       "forms.").format(tab=self.title)

    def sub_pages(self) -> list[tuple[str, Any]]:
        """(name, show function) of pages inside this tab, for screenshots; none by default."""
        return []
