"""Actions arising from meetings: the outstanding ones across meetings (overdue ones marked),
or those done or dropped; 'Mark done' can be undone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cspdesk.dates import format_date
from cspdesk.meetings.actions import (
    ACTION_STATUSES,
    MeetingAction,
    list_actions_arising,
    save_meeting_action,
    set_action_status,
)
from cspdesk.meetings.meetings import get_meeting
from cspdesk.meetings.structure import list_people
from cspdesk.records import plural
from cspdesk.store.connection import Database
from ui.privacy.audit_dialog import add_history
from ui.widgets.colours import text_colour
from ui.widgets.forms import Field, FormDialog
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view


def action_status(a: MeetingAction) -> str:
    """An action's status as every list shows it: Overdue, Open, Done or Dropped."""
    return "Overdue" if a.overdue else a.status.capitalize()


COLUMNS = [
    Column("Due", lambda a: a.due_date, format_date),
    Column("Action", lambda a: a.description, tooltip=lambda a: a.description),
    Column("Owner", lambda a: a.owner),
    Column("Meeting", lambda a: f"{a.group_short_name} {format_date(a.meeting_date)}"),
    Column("Status", action_status, explain="action arising status"),
    Column("Completed", lambda a: a.completed_on, format_date),
]
SHOW = [("Outstanding", "outstanding"), ("Done", "done"), ("Dropped", "dropped"),
        ("All", "all")]


class ActionsModel(RowsTableModel):
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[override]
        if role == Qt.ItemDataRole.ForegroundRole and self.row_at(index.row()).overdue:
            return text_colour("error")  # "Overdue" is in its status too
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
    """Actions from every meeting; 'changed' is emitted after an edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self._undo: MeetingAction | None = None  # the action as it was before the last change
        self.show_list = QComboBox()
        for text, value in SHOW:
            self.show_list.addItem(self.tr(text), value)
        self.show_list.currentIndexChanged.connect(self.refresh)
        self.summary = QLabel()
        self.model = ActionsModel(COLUMNS, self)
        self.view = make_table_view(self.model, self, stretch=1)
        self.view.doubleClicked.connect(self.edit_selected)
        self.history_action = add_history(self.view, lambda: (
            self.db, "meeting_actions", a.id, a.description) if (a := self.selected()) else None)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._name_button())
        self.done_button = QPushButton(self.tr("Mark &done"))
        self.done_button.clicked.connect(self.mark_done)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.notice = QLabel()
        self.undo_button = QPushButton(self.tr("&Undo"))
        self.undo_button.setToolTip(self.tr("Put the action back as it was (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo)
        undo = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo)
        self._build()
        self._show_notice("")

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Show:")))
        bar.addWidget(self.show_list)
        bar.addWidget(self.summary)
        bar.addStretch(1)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.done_button)
        notice = QHBoxLayout()
        notice.addWidget(self.notice)
        notice.addWidget(self.undo_button)
        notice.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(notice)
        layout.addWidget(self.view)

    def set_database(self, db: Database | None) -> None:
        self.db = db
        self._undo = None
        self._show_notice("")
        self.refresh()

    def refresh(self) -> None:
        if self.db is None:
            return
        show = self.show_list.currentData()
        actions = list_actions_arising(self.db, show)
        self.model.set_rows(actions)
        self.summary.setText(self._summary(show, actions))
        fit_columns(self.view, max_width=480)
        self._name_button()

    def _summary(self, show: str, actions: list[MeetingAction]) -> str:
        if show == "outstanding":
            overdue = sum(1 for a in actions if a.overdue)
            return self.tr("{n} outstanding, {o} overdue").format(
                n=plural(len(actions), "action"), o=overdue)
        if show == "all":
            return plural(len(actions), "action")
        return self.tr("{n} {show}").format(n=plural(len(actions), "action"), show=show)

    def selected(self) -> MeetingAction | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        source = self.view.model().mapToSource(index)  # type: ignore[attr-defined]
        return self.model.row_at(source.row())

    def _name_button(self) -> None:
        """'Mark done' for an open action; 'Reopen' for one done or dropped."""
        action = self.selected()
        reopen = action is not None and action.status != "open"
        self.done_button.setText(self.tr("Re&open") if reopen else self.tr("Mark &done"))
        self.done_button.setEnabled(action is not None)

    def edit_selected(self) -> None:
        action = self.selected()
        if self.db is None or action is None:
            return
        if action_dialog(self.db, self, action.meeting_id, action).exec():
            self.refresh()
            self.changed.emit()

    def mark_done(self) -> None:
        """Mark the chosen action done today, or reopen one done or dropped; Undo puts it
        back."""
        action = self.selected()
        if self.db is None or action is None:
            return
        status = "open" if action.status != "open" else "done"
        self._undo = set_action_status(self.db, action.id, status)
        words = self.tr("Reopened") if status == "open" else self.tr("Marked done")
        self._show_notice(self.tr("{what}: “{action}” ({meeting}).").format(
            what=words, action=action.description,
            meeting=f"{action.group_short_name} {format_date(action.meeting_date)}"))
        self.refresh()
        self.changed.emit()

    def undo(self) -> None:
        """Put the action last marked done (or reopened) back as it was."""
        before, self._undo = self._undo, None
        if self.db is None or before is None:
            return
        set_action_status(self.db, before.id, before.status, before.completed_on)
        self._show_notice(self.tr("Undone: “{action}” is {status} again.").format(
            action=before.description, status=action_status(before).lower()))
        self.refresh()
        self.changed.emit()

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.undo_button.setVisible(self._undo is not None)
