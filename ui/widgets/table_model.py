"""One table model for every read-only grid: plain rows in, columns declared once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ui.widgets.whats_this import explanation

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    display: Callable[[Any], str] = lambda v: "" if v is None else str(v)
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    tooltip: Callable[[Any], str | None] | None = None
    explain: str = ""  # the term What's This? explains it by (ui.widgets.whats_this); its header

    def whats_this(self) -> str:
        return explanation(self.explain or self.header)


class RowsTableModel(QAbstractTableModel):
    """Shows a list of plain rows (dataclasses) through declared columns.

    ``data()`` never queries the database: a tab fetches rows from the core and calls
    ``set_rows``. Sorting uses the raw value (``Qt.UserRole``), so dates and numbers sort
    as dates and numbers, not as their display text.
    """

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any], columns: Sequence[Column] | None = None) -> None:
        """Show ``rows``; ``columns`` replaces the columns too (a grid whose headers vary)."""
        self.beginResetModel()
        self._rows = list(rows)
        if columns is not None:
            self._columns = list(columns)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def all_rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(self._columns[section].align | Qt.AlignmentFlag.AlignVCenter)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.WhatsThisRole:
            return self._columns[section].whats_this() or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt asks each cell for a dozen roles, many times over (sizing a column asks 60
        # rows): a role not answered is turned away first, before any look-up.
        if role not in _ANSWERED or not index.isValid():
            return None
        column = self._columns[index.column()]
        if role == _DISPLAY:
            return column.display(column.value(self._rows[index.row()]))
        if role == _SORT:
            value = column.value(self._rows[index.row()])
            return "" if value is None else value
        if role == _ALIGN:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        if role == _TIP:
            return None if column.tooltip is None else column.tooltip(self._rows[index.row()])
        return column.whats_this() or None


_DISPLAY, _SORT, _ALIGN, _TIP, _WHATS_THIS = (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.WhatsThisRole)
_ANSWERED = frozenset(int(role) for role in (_DISPLAY, _SORT, _ALIGN, _TIP, _WHATS_THIS))
