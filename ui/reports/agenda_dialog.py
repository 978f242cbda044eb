"""A meeting's agenda items: the list in order on the left, the chosen item on the right
(title, kind, standing, lead, papers, and the notes and decisions the minutes take up).
Nothing is written until Save, and then the whole agenda at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cspdesk.errors import InputError
from cspdesk.meetings.agenda import KINDS, proposed_agenda, save_agenda
from cspdesk.meetings.meetings import get_meeting
from cspdesk.store.connection import Database
from ui.widgets.colours import colour_text
from ui.widgets.dialog import Dialog

KIND_WORDS = {"item": "An item of business", "apologies": "Apologies (from the register)",
              "minutes": "Minutes of the last meeting",
              "actions": "Actions arising (the last meeting's)", "performance": "Performance",
              "priorities": "Priorities", "any other business": "Any other business",
              "next meeting": "Date of next meeting (from the schedule)"}


class AgendaDialog(Dialog):
    def __init__(self, db: Database, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.meeting_id = db, meeting_id
        meeting = get_meeting(db, meeting_id)
        self.setWindowTitle(self.tr("Agenda of {meeting}").format(meeting=meeting.label))
        self.resize(900, 600)
        self.items: list[dict[str, Any]] = [i.values() for i in proposed_agenda(db, meeting_id)]
        self.current = -1
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        self.error = QLabel()
        colour_text(self.error, "error")
        self.error.setWordWrap(True)
        self._make_editors()
        intro = QLabel(self.tr(
            "Standing items are carried to the group's next agenda. The notes and decisions "
            "of each item go into the minutes; apologies, the last meeting's actions and the "
            "date of the next meeting are filled in from the register and the schedule."))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.error)
        body = QHBoxLayout()
        body.addLayout(self._list_column(), 2)
        body.addLayout(self.form, 3)
        layout.addLayout(body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._refill(0)

    def _make_editors(self) -> None:
        self.title = QLineEdit()
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(self.tr(KIND_WORDS[kind]), kind)
        self.standing = QCheckBox(self.tr("Standing item: carry it to the next agenda"))
        self.lead = QLineEdit()
        self.papers = QPlainTextEdit()
        self.notes = QPlainTextEdit()
        self.decisions = QPlainTextEdit()
        self.papers.setFixedHeight(60)
        self.form = QFormLayout()
        for label, widget in ((self.tr("Title"), self.title), (self.tr("Kind"), self.kind),
                              ("", self.standing), (self.tr("Lead"), self.lead),
                              (self.tr("Papers (one a line)"), self.papers),
                              (self.tr("Notes for the minutes"), self.notes),
                              (self.tr("Decisions"), self.decisions)):
            self.form.addRow(label, widget)
        self.title.textEdited.connect(self._title_edited)

    def _list_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.addWidget(self.list, 1)
        row = QHBoxLayout()
        for text, slot in ((self.tr("Add item"), self.add_item), (self.tr("Remove"),
                                                                   self.remove_item),
                           ("▲", lambda: self.move(-1)), ("▼", lambda: self.move(1))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        column.addLayout(row)
        return column

    # The items -------------------------------------------------------------------------------

    def _keep(self) -> None:
        """Put what is in the editors back into the item shown."""
        if 0 <= self.current < len(self.items):
            self.items[self.current] = {
                "title": self.title.text(), "kind": self.kind.currentData(),
                "standing": self.standing.isChecked(), "lead": self.lead.text(),
                "papers": self.papers.toPlainText(), "notes": self.notes.toPlainText(),
                "decisions": self.decisions.toPlainText()}

    def _show(self, row: int) -> None:
        self._keep()
        self.current = row
        item = self.items[row] if 0 <= row < len(self.items) else {}
        self.title.setText(item.get("title") or "")
        self.kind.setCurrentIndex(max(self.kind.findData(item.get("kind") or "item"), 0))
        self.standing.setChecked(bool(item.get("standing")))
        self.lead.setText(item.get("lead") or "")
        for box, key in ((self.papers, "papers"), (self.notes, "notes"),
                         (self.decisions, "decisions")):
            box.setPlainText(item.get(key) or "")

    def _refill(self, row: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems([f"{n}. {i.get('title') or ''}" for n, i in
                            enumerate(self.items, start=1)])
        self.list.blockSignals(False)
        self.current = -1
        self.list.setCurrentRow(min(row, len(self.items) - 1))
        self._show(self.list.currentRow())

    def _title_edited(self, text: str) -> None:
        if 0 <= self.current < self.list.count():
            self.list.item(self.current).setText(f"{self.current + 1}. {text}")

    def add_item(self) -> None:
        """A new item, before any other business and the date of the next meeting."""
        self._keep()
        tail = [n for n, i in enumerate(self.items)
                if i.get("kind") in ("any other business", "next meeting")]
        at = tail[0] if tail else len(self.items)
        self.items.insert(at, {"title": self.tr("New item"), "kind": "item"})
        self._refill(at)
        self.title.setFocus()
        self.title.selectAll()

    def remove_item(self) -> None:
        self._keep()
        if 0 <= self.current < len(self.items):
            del self.items[self.current]
            self._refill(self.current)

    def move(self, step: int) -> None:
        self._keep()
        row, target = self.current, self.current + step
        if 0 <= row < len(self.items) and 0 <= target < len(self.items):
            self.items[row], self.items[target] = self.items[target], self.items[row]
            self._refill(target)

    def save(self) -> None:
        self._keep()
        try:
            save_agenda(self.db, self.meeting_id, self.items)
        except InputError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
