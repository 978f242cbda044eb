"""The register of one meeting as an editable table: one row per member or attendee."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from cspdesk.meetings.register import MarkEntry, RegisterLine
from ui.widgets.colours import text_colour
from ui.widgets.whats_this import explanation

Index = QModelIndex | QPersistentModelIndex

MARK_LABELS = {
    "present": "Present",
    "present online": "Present (online)",
    "apologies": "Apologies",
    "absent": "Absent",
    "substitute": "Substitute",
    "in attendance": "In attendance",
}
MARK_COLOURS = {  # the colour's meaning (ui.widgets.colours); the word says it too
    "present": "good", "present online": "good", "apologies": "warning",
    "absent": "error", "substitute": "info", "in attendance": "quiet",
}
# One key per status, for taking the register with the keyboard alone.
MARK_KEYS = {
    Qt.Key.Key_P: "present",
    Qt.Key.Key_O: "present online",
    Qt.Key.Key_A: "apologies",
    Qt.Key.Key_X: "absent",
    Qt.Key.Key_S: "substitute",
}
NAME, ORGANISATION, ROLE, MARK, NOTE = range(5)
HEADERS = ["Name", "Organisation", "Role", "Attendance", "Reason or substitute"]


@dataclass(frozen=True)
class Row:
    """A register line being edited (the core's RegisterLine, plus edits not yet saved)."""

    person_id: int
    name: str
    organisation: str | None
    role: str
    member: bool
    mark: str | None
    reason: str | None
    substitute_id: int | None
    substitute_name: str | None

    @classmethod
    def from_line(cls, line: RegisterLine) -> Row:
        return cls(line.person_id, line.name, line.organisation, line.role, line.member,
                   line.mark, line.reason, line.substitute_id, line.substitute_name)


class RegisterModel(QAbstractTableModel):
    """Holds the edited register; ``dirty_changed`` tells the panel when edits are unsaved."""

    dirty_changed = Signal(bool)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self._dirty = False

    # Loading and saving ----------------------------------------------------------------------

    def load(self, lines: list[RegisterLine]) -> None:
        self.beginResetModel()
        self.rows = [Row.from_line(line) for line in lines]
        self.endResetModel()
        self._set_dirty(False)

    def entries(self) -> list[MarkEntry]:
        return [MarkEntry(r.person_id, r.mark, r.reason if r.mark == "apologies" else None,
                          r.substitute_id if r.mark == "substitute" else None)
                for r in self.rows if r.mark]

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    # Edits ---------------------------------------------------------------------------------

    def set_mark(self, row: int, mark: str | None, substitute: tuple[int, str] | None = None
                 ) -> None:
        current = self.rows[row]
        if not current.member and mark not in (None, "in attendance"):
            return  # someone who is not a member can only be 'in attendance'
        sub_id, sub_name = substitute if substitute else (None, None)
        self.rows[row] = replace(current, mark=mark,
                                 reason=current.reason if mark == "apologies" else None,
                                 substitute_id=sub_id, substitute_name=sub_name)
        self.dataChanged.emit(self.index(row, 0), self.index(row, NOTE))
        self._set_dirty(True)

    def mark_unmarked_present(self) -> int:
        """'All present': every member not yet marked becomes present. Returns how many."""
        changed = 0
        for row, line in enumerate(self.rows):
            if line.member and line.mark is None:
                self.set_mark(row, "present")
                changed += 1
        return changed

    def add_attendee(self, person_id: int, name: str, organisation: str | None) -> int:
        """Add someone who came without being a member ('in attendance')."""
        for row, line in enumerate(self.rows):
            if line.person_id == person_id:
                return row
        position = len(self.rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self.rows.append(Row(person_id, name, organisation, "in attendance", False,
                             "in attendance", None, None, None))
        self.endInsertRows()
        self._set_dirty(True)
        return position

    def remove_attendee(self, row: int) -> None:
        if not self.rows[row].member:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
            self._set_dirty(True)

    def unmarked(self) -> int:
        """How many members expected at the meeting have no mark yet."""
        return sum(1 for line in self.rows if line.member and not line.mark)

    def members(self) -> int:
        return sum(1 for line in self.rows if line.member)

    def counts(self) -> dict[str, int]:
        result = {mark: 0 for mark in MARK_LABELS}
        for line in self.rows:
            if line.mark:
                result[line.mark] += 1
        return result

    # Qt's model interface ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.WhatsThisRole:
            return explanation(HEADERS[section]) or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == NOTE and self.rows[index.row()].mark == "apologies":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(line, column, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ForegroundRole and column == MARK and line.mark:
            return text_colour(MARK_COLOURS[line.mark])
        if role == Qt.ItemDataRole.WhatsThisRole:
            return explanation(HEADERS[column]) or None
        if role == Qt.ItemDataRole.ToolTipRole and column == NOTE and line.mark == "apologies":
            return "Press F2 or Enter to type the reason for apologies"
        return None

    @staticmethod
    def _text(line: Row, column: int, editing: bool) -> str:
        if column == NAME:
            return line.name
        if column == ORGANISATION:
            return line.organisation or ""
        if column == ROLE:
            return line.role.capitalize() if line.member else "Not a member"
        if column == MARK:
            return MARK_LABELS[line.mark] if line.mark else ("" if editing else "—")
        if line.mark == "substitute":
            return f"Sent {line.substitute_name}" if line.substitute_name else ""
        return line.reason or ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != NOTE:
            return False
        line = self.rows[index.row()]
        if line.mark != "apologies":
            return False
        self.rows[index.row()] = replace(line, reason=str(value).strip() or None)
        self.dataChanged.emit(index, index)
        self._set_dirty(True)
        return True
