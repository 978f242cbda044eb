"""Actions arising from meetings: every outstanding one across meetings, overdue ones marked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlite_utils import Database

from cspdesk.dates import format_date
from cspdesk.meetings.meetings import (
    ACTION_STATUSES,
    MeetingAction,
    get_meeting,
    list_meeting_actions,
    outstanding_actions,
    save_meeting_action,
)
from cspdesk.meetings.structure import list_people
from ui.widgets.forms import Field, FormDialog
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view

COLUMNS = [
    Column("Due", lambda a: a.due_date, format_date),
    Column("Action", lambda a: a.description, tooltip=lambda a: a.description),
    Column("Owner", lambda a: a.owner),
    Column("Meeting", lambda a: f"{a.group_short_name} {format_date(a.meeting_date)}"),
    Column("Status", lambda a: "Overdue" if a.overdue else a.status.capitalize()),
]


class ActionsModel(RowsTableModel):
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[override]
        if role == Qt.ItemDataRole.ForegroundRole and self.row_at(index.row()).overdue:
            return QColor("#b3261e")
        return super().data(index, role)


def action_dialog(db: Database, parent: QWidget, meeting_id: int,
                  action: MeetingAction | None = None) -> FormDialog:
    """Record an action arising from a meeting, or edit one."""
    meeting = get_meeting(db, meeting_id)
    people = [(p.label, p.id) for p in list_people(db, include_inactive=False)]
    values: dict[str, Any] = {"meeting_id": meeting_id, "status": "open"}
    if action is not None:
        values.update(description=action.description, owner_id=action.owner_id,
                      due_date=action.due_date, status=action.status,
                      completed_on=action.completed_on)
    fields = [
        Field("description", "What", "multiline", required=True),
        Field("owner_id", "Owner", "choice", [("Not assigned", None), *people]),
        Field("due_date", "Due", "date"),
        Field("status", "Status", "choice", [(s.capitalize(), s) for s in ACTION_STATUSES]),
    ]

    def save(v: dict[str, Any]) -> int:
        v["meeting_id"] = meeting_id
        if action is not None and v["status"] == action.status:
            v["completed_on"] = dt.date.fromisoformat(action.completed_on) \
                if action.completed_on else None
        return save_meeting_action(db, v, action.id if action else None)

    intro = f"Arising from the meeting of {format_date(meeting.date)}."
    return FormDialog("Edit action" if action else "Add an action arising", fields, values,
                      save, parent, intro=intro)


class ActionsPage(QWidget):
    """Outstanding actions from every meeting; 'changed' is emitted after an edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.summary = QLabel()
        self.model = ActionsModel(COLUMNS, self)
        self.view = make_table_view(self.model, self, stretch=1)
        self.view.doubleClicked.connect(self.edit_selected)
        self.done_button = QPushButton(self.tr("Mark &done"))
        self.done_button.clicked.connect(self.mark_done)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.clicked.connect(self.edit_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.summary)
        bar.addStretch(1)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view)

    def set_database(self, db: Database | None) -> None:
        self.db = db
        self.refresh()

    def refresh(self) -> None:
        if self.db is None:
            return
        actions = outstanding_actions(self.db)
        self.model.set_rows(actions)
        overdue = sum(1 for a in actions if a.overdue)
        self.summary.setText(self.tr("{n} outstanding actions, {o} overdue").format(
            n=len(actions), o=overdue))
        fit_columns(self.view, max_width=480)

    def selected(self) -> MeetingAction | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        source = self.view.model().mapToSource(index)  # type: ignore[attr-defined]
        return self.model.row_at(source.row())

    def edit_selected(self) -> None:
        action = self.selected()
        if self.db is None or action is None:
            return
        if action_dialog(self.db, self, action.meeting_id, action).exec():
            self.refresh()
            self.changed.emit()

    def mark_done(self) -> None:
        action = self.selected()
        if self.db is None or action is None:
            return
        current = next(a for a in list_meeting_actions(self.db, action.meeting_id)
                       if a.id == action.id)
        save_meeting_action(self.db, {
            "meeting_id": current.meeting_id, "description": current.description,
            "owner_id": current.owner_id,
            "due_date": dt.date.fromisoformat(current.due_date) if current.due_date else None,
            "status": "done", "completed_on": dt.date.today()}, current.id)
        self.refresh()
        self.changed.emit()
