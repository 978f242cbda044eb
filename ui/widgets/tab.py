"""What every tab shares: an empty state or its content, and a database passed in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from ui.widgets.empty_state import EmptyState
from ui.widgets.table_model import RowsTableModel


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
        self._stack.addWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

    def set_database(self, db: Database | None) -> None:
        self.db = db
        self.refresh()

    def refresh(self) -> None:
        self._stale = False
        has_data = self.db is not None and self.load()
        self._stack.setCurrentWidget(self.content if has_data else self.empty_state)

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
        self._stack.setCurrentWidget(self.content)

    def showing_empty_state(self) -> bool:
        return self._stack.currentWidget() is self.empty_state

    def load(self) -> bool:
        raise NotImplementedError

    def confirm_leave(self) -> bool:
        """Before the database closes: a tab with unsaved edits asks to save, discard or
        stay. True when it may go on; a tab without edits of its own just says yes."""
        return True

    def sub_pages(self) -> list[tuple[str, Any]]:
        """(name, show function) of pages inside this tab, for screenshots; none by default."""
        return []


def compact(*combos: QComboBox, characters: int = 10) -> None:
    """Choosers as wide as ``characters`` at the least, however long their items: long
    names must not widen the window (the list opens as wide as it needs)."""
    for combo in combos:
        combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(characters)


def refill_combo(combo: QComboBox, items: Sequence[tuple[str, Any]]) -> None:
    """Replace a chooser's (text, data) items, keeping the current choice where it remains,
    without announcing the intermediate states."""
    current = combo.currentData()
    compact(combo, characters=max(combo.minimumContentsLength(), 10))
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


def make_table_view(model: RowsTableModel, parent: QWidget | None = None,
                    stretch: int | None = -1) -> QTableView:
    """A sortable, read-only grid over ``model``, tidy on every platform.

    ``stretch`` is the column that takes the spare width: -1 for the last, None for none.
    """
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)
    view = QTableView(parent)
    view.setModel(proxy)
    # No sort column until the user clicks a header: rows keep the order the core gave them.
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setHighlightSections(False)
    # Column widths from the first rows only: measuring thousands of rows takes seconds.
    view.horizontalHeader().setResizeContentsPrecision(60)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(stretch == -1)
    if stretch is not None and stretch >= 0:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def fit_columns(view: QTableView, max_width: int = 320) -> None:
    """Size columns to their contents, none wider than ``max_width``; a stretching last
    column keeps whatever room is left, so no horizontal scroll bar appears for it."""
    header = view.horizontalHeader()
    last = header.count() - 1
    for section in range(header.count()):
        if section == last and header.stretchLastSection():
            continue
        view.resizeColumnToContents(section)
        if header.sectionSize(section) > max_width:
            header.resizeSection(section, max_width)
