"""The year's priorities as a list the officer can put in order by dragging or with
Ctrl+Up and Ctrl+Down; the tab saves the new order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from cspdesk.priorities.priorities import Priority
from ui.widgets.colours import text_colour
from ui.widgets.table_model import Column, RowsTableModel

Index = QModelIndex | QPersistentModelIndex
MIME = "application/x-cspdesk-priority-row"


def _tooltip(p: Priority) -> str:
    parts = [p.status.capitalize(), ", ".join(p.districts)]
    return " · ".join(x for x in parts if x)


class PriorityListModel(RowsTableModel):
    """The priorities of one year, numbered in their order, or a search's hits (each with
    its year). ``order_changed`` is emitted after the user moved a row."""

    order_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__([Column("Priority", lambda p: p.title, tooltip=_tooltip)], parent)
        self.reorderable = True
        self.matched: dict[int, tuple[str, ...]] = {}  # id -> fields a search matched in

    def show_register(self, priorities: Sequence[Priority]) -> None:
        self.reorderable, self.matched = True, {}
        self.set_rows(priorities)

    def show_hits(self, priorities: Sequence[Priority], matched: dict[int, tuple[str, ...]]
                  ) -> None:
        self.reorderable, self.matched = False, matched
        self.set_rows(priorities)

    def row_of(self, priority_id: int | None) -> int:
        return next((n for n, p in enumerate(self.all_rows()) if p.id == priority_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.row_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            retired = " (retired)" if p.status == "retired" else ""  # not in grey alone
            if self.reorderable:
                return f"{index.row() + 1}. {p.title}{retired}"
            return f"{p.financial_year} · {p.position}. {p.title}{retired}"
        if role == Qt.ItemDataRole.ForegroundRole and p.status == "retired":
            return text_colour("quiet")
        if role == Qt.ItemDataRole.ToolTipRole and p.id in self.matched:
            return _tooltip(p) + "\nMatches in: " + ", ".join(self.matched[p.id])
        return super().data(index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not self.reorderable:
            return base
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 (Qt's name)
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data.setData(MIME, QByteArray(str(rows[0] if rows else -1).encode()))
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                     column: int, parent: Index) -> bool:
        """A drop from elsewhere than the list itself (the list moves its own rows)."""
        if not self.reorderable or not data.hasFormat(MIME):
            return False
        source = int(bytes(data.data(MIME).data()).decode() or -1)
        target = row if row >= 0 else (parent.row() if parent.isValid() else self.rowCount())
        if 0 <= source < self.rowCount():
            self.moveRows(QModelIndex(), source, 1, QModelIndex(), target)
        return False  # nothing for the view to remove afterwards

    def moveRows(self, source_parent: Index, source_row: int, count: int,  # noqa: N802
                 destination_parent: Index, destination_child: int) -> bool:
        """Move rows as Qt's views ask (``destination_child`` counts rows before the move)."""
        if (not self.reorderable or count < 1 or source_parent.isValid()
                or destination_parent.isValid()):
            return False
        rows = self.all_rows()
        if not (source_row >= 0 and source_row + count <= len(rows)
                and 0 <= destination_child <= len(rows)):
            return False
        if not self.beginMoveRows(QModelIndex(), source_row, source_row + count - 1,
                                  QModelIndex(), destination_child):
            return False
        moving = rows[source_row:source_row + count]
        del rows[source_row:source_row + count]
        at = destination_child - count if destination_child > source_row else destination_child
        rows[at:at] = moving
        self._rows = rows
        self.endMoveRows()
        self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, 0))
        self.order_changed.emit()
        return True


class PriorityListView(QListView):
    """Drag a priority to its place, or move the current one with Ctrl+Up / Ctrl+Down."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSpacing(2)
        self.setUniformItemSizes(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def move_current(self, step: int) -> bool:
        """Move the current priority one place up (-1) or down (+1); True when it moved."""
        model = self.model()
        row = self.currentIndex().row()
        if not isinstance(model, PriorityListModel) or row < 0:
            return False
        target = row + step
        if not 0 <= target < model.rowCount():
            return False
        return model.moveRow(QModelIndex(), row, QModelIndex(),
                             target + 1 if step > 0 else target)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)
