"""The monthly grid of one measure: months down, areas across; typed counts editable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont

from cspdesk.dates import format_date
from cspdesk.errors import InputError
from cspdesk.performance.monthly import GridCell, monthly_grid, set_count, set_counts
from cspdesk.performance.periods import month_label
from cspdesk.performance.totals import Area
from cspdesk.store.connection import Database
from ui.widgets.colours import text_colour, tint

Index = QModelIndex | QPersistentModelIndex


def provenance(cell: GridCell) -> str:
    """Where a count came from, in the officer's words."""
    if cell.derived:
        return "The sum of the areas below it" + ("" if cell.count is not None
                                                  else " (a part is missing)")
    when = format_date(cell.updated_at[:10]) if cell.updated_at else ""
    if cell.entry == "typed":
        return f"Typed on {when}"
    if cell.entry == "imported":
        return f"Imported from {cell.source_file} on {when}"
    return "No count yet"


class GridModel(QAbstractTableModel):
    """``error`` carries a refusal from the core (a negative count, a derived area);
    ``refused`` says whether the last edit was refused."""

    error = Signal(str)
    edited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.measure = ""
        self.months: list[str] = []
        self.areas: list[Area] = []
        self.cells: dict[tuple[int, str], GridCell] = {}
        self.refused = False

    def load(self, db: Database, measure: str, months: list[str], areas: list[Area]) -> None:
        self.beginResetModel()
        self.db, self.measure, self.months, self.areas = db, measure, months, areas
        self.cells = monthly_grid(db, measure, months) if measure and months else {}
        self.endResetModel()

    def reload(self) -> None:
        if self.db is not None:
            self.load(self.db, self.measure, self.months, self.areas)

    def cell(self, index: Index) -> GridCell | None:
        return self.cells.get((self.areas[index.column()].id, self.months[index.row()]))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.months)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.areas)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Vertical:
                return month_label(self.months[section])
            area = self.areas[section]
            return area.short_name or area.name
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return self.areas[section].name
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        cell = self.cell(index)
        if cell is None or not cell.derived:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self.cell(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if cell is None or cell.count is None else f"{cell.count:,}"
        if role == Qt.ItemDataRole.EditRole:
            return "" if cell is None or cell.count is None else str(cell.count)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if cell is None:
            return "No count yet" if role == Qt.ItemDataRole.ToolTipRole else None
        return self._decoration(cell, role)

    @staticmethod
    def _decoration(cell: GridCell, role: int) -> Any:
        kind = "derived" if cell.derived else "typed" if cell.entry == "typed" else None
        pair = tint(kind) if kind else None  # a sum is in italics too; the tip says all
        if role == Qt.ItemDataRole.BackgroundRole and pair is not None:
            return QBrush(pair[0])
        if role == Qt.ItemDataRole.ForegroundRole and cell.flag:
            colour = text_colour("error")
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and pair is not None:
            return QBrush(pair[1])
        if role == Qt.ItemDataRole.FontRole and cell.derived:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            text = provenance(cell)
            return text + (f"\nData quality: {cell.flag}" if cell.flag else "")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or self.db is None:
            return False
        area, month = self.areas[index.column()], self.months[index.row()]
        try:
            set_count(self.db, area.id, self.measure, month, value)
        except InputError as exc:
            self.refused = True
            self.error.emit(str(exc))
            return False
        self.refused = False
        self._refresh_after_edit()
        return True

    def paste(self, top: int, left: int, text: str) -> None:
        """Counts pasted from Excel (tab-separated), from the given cell; all or nothing."""
        if self.db is None:
            return
        cells: dict[tuple[int, str], object] = {}
        for r, line in enumerate(text.rstrip("\n").split("\n")):
            for c, value in enumerate(line.rstrip("\r").split("\t")):
                if top + r < len(self.months) and left + c < len(self.areas):
                    cells[(self.areas[left + c].id, self.months[top + r])] = value.strip()
        try:
            set_counts(self.db, self.measure, cells)
        except InputError as exc:
            self.error.emit(str(exc))
            return
        self._refresh_after_edit()

    def _refresh_after_edit(self) -> None:
        # Sums and flags of other cells change too: reload the (small) grid.
        assert self.db is not None
        self.cells = monthly_grid(self.db, self.measure, self.months)
        self.dataChanged.emit(self.index(0, 0),
                              self.index(self.rowCount() - 1, self.columnCount() - 1))
        self.edited.emit()
