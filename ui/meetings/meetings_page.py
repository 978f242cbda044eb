"""Meetings and registers: the meetings on the left, the chosen meeting's register on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cspdesk.dates import format_date
from cspdesk.meetings.actions import MeetingAction
from cspdesk.meetings.meetings import (
    MeetingSummary,
    delete_meeting,
    list_meetings,
    meeting_time_span,
)
from cspdesk.meetings.structure import list_group_records
from cspdesk.records import plural
from cspdesk.store.connection import Database
from ui.exports import ICS, XLSX, export_in_background, when_used
from ui.meetings.register_panel import RegisterPanel
from ui.privacy.audit_dialog import Chosen, add_history
from ui.widgets.choosers import refill_combo
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view

# The dialogs, loaded when first opened (the window opens on this page).
action_dialog = when_used("ui.meetings.actions_page:action_dialog")
meeting_dialog = when_used("ui.meetings.meeting_dialogs:meeting_dialog")
SeriesDialog = when_used("ui.meetings.meeting_dialogs:SeriesDialog")

# Loaded with openpyxl when the officer first exports, not when the window opens.
export_ics = when_used("cspdesk.meetings.exports:export_ics")
export_register_xlsx = when_used("cspdesk.meetings.exports:export_register_xlsx")

RIGHT = Qt.AlignmentFlag.AlignRight


def _count(m: MeetingSummary, value: int) -> int | None:
    return value if m.status == "held" else None


COLUMNS = [
    Column("Date", lambda m: m.date, format_date),
    Column("Group", lambda m: m.group_short_name, tooltip=lambda m: m.group),
    Column("Time", lambda m: meeting_time_span(m.start_time, m.end_time)),
    Column("Status", lambda m: m.status.capitalize(), explain="meeting status"),
    Column("Present", lambda m: _count(m, m.present), align=RIGHT),
    Column("Apologies", lambda m: _count(m, m.apologies), align=RIGHT),
    Column("Absent", lambda m: _count(m, m.absent), align=RIGHT),
    Column("Subs", lambda m: _count(m, m.substitutes), align=RIGHT,
           tooltip=lambda m: "Members who sent a substitute"),
]


class MeetingsPage(QWidget):
    """``changed`` is emitted after any write, so the other pages and tabs refresh."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.group_filter = QComboBox()
        self.group_filter.setMinimumContentsLength(8)
        self.group_filter.currentIndexChanged.connect(self.refresh)
        self.summary = QLabel()
        self.model = RowsTableModel(COLUMNS, self)
        self.view = make_table_view(self.model, self, stretch=None)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.doubleClicked.connect(lambda _index: self.edit_meeting())
        self.history_action = add_history(self.view, self._chosen_for_history)
        self.register = RegisterPanel()
        self.register.saved.connect(self._register_saved)
        self.register.add_action_requested.connect(self.add_action)
        self.register.edit_action_requested.connect(self.edit_action)
        self.register.export_requested.connect(self.export_register)
        self._build()

    def _build(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Group:")))
        filters.addWidget(self.group_filter, 1)
        filters.addWidget(self.summary)
        planning, other, papers = QHBoxLayout(), QHBoxLayout(), QHBoxLayout()
        for row, text, slot in ((planning, self.tr("Plan meeting…"), self.plan_meeting),
                                (planning, self.tr("Plan series…"), self.plan_series),
                                (other, self.tr("Edit…"), self.edit_meeting),
                                (other, self.tr("Delete"), self.delete_meeting),
                                (other, self.tr("Calendar (.ics)…"), self.export_calendar),
                                (papers, self.tr("Agenda items…"), self.edit_agenda),
                                (papers, self.tr("Agenda (Word)…"),
                                 lambda: self.write_paper("agenda")),
                                (papers, self.tr("Minutes (Word)…"),
                                 lambda: self.write_paper("minutes"))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        planning.addStretch(1)
        other.addStretch(1)
        papers.addStretch(1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.view)
        column.addLayout(planning)
        column.addLayout(other)
        column.addLayout(papers)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.register)
        split.setStretchFactor(0, 0)  # the meetings list needs its columns; the register
        split.setStretchFactor(1, 1)  # takes the rest, so a wide register names everyone
        split.setSizes([640, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def set_database(self, db: Database | None) -> None:
        self.db = db
        self.register.show_meeting(None, None)
        if db is not None:
            groups = [(g.short_name, g.id) for g in list_group_records(db)]
            refill_combo(self.group_filter, [(self.tr("All groups"), None), *groups])
        self.refresh()

    def refresh(self) -> None:
        if self.db is None:
            return
        meetings = list_meetings(self.db, self.group_filter.currentData())
        self.model.set_rows(meetings)
        held = sum(1 for m in meetings if m.status == "held")
        self.summary.setText(self.tr("{n}, {held} held").format(
            n=plural(len(meetings), "meeting"), held=held))
        fit_columns(self.view)
        shown = self.register.meeting_id
        self.select_meeting(shown if shown else (meetings[0].id if meetings else None))

    def select_meeting(self, meeting_id: int | None) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == meeting_id:
                proxy = self.view.model()
                index = proxy.mapFromSource(self.model.index(row, 0))  # type: ignore[attr-defined]
                self.view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect |
                    QItemSelectionModel.SelectionFlag.Rows)
                self.view.scrollTo(index)
                return
        self._show(None)

    def _chosen_for_history(self) -> Chosen:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        meeting = self.model.row_at(self.view.model().mapToSource(index).row())  # type: ignore[attr-defined]
        return self.db, "meetings", meeting.id, meeting.label

    def current_meeting_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        source = self.view.model().mapToSource(index)  # type: ignore[attr-defined]
        return self.model.row_at(source.row()).id

    def _current_changed(self) -> None:
        meeting_id = self.current_meeting_id()
        shown = self.register.meeting_id
        if meeting_id == shown:
            return
        if not self.register.confirm_leave():
            self.select_meeting(shown)  # stay on the meeting with unsaved marks
            return
        self._show(meeting_id)

    def _show(self, meeting_id: int | None) -> None:
        self.register.show_meeting(self.db, meeting_id)

    def _register_saved(self) -> None:
        self.refresh()
        self.changed.emit()

    # Planning --------------------------------------------------------------------------------

    def plan_meeting(self) -> None:
        if self.db is None:
            return
        dialog = meeting_dialog(self.db, self, group_id=self.group_filter.currentData())
        if dialog.exec():
            self.refresh()
            self.select_meeting(dialog.saved_id)
            self.changed.emit()

    def plan_series(self) -> None:
        if self.db is None:
            return
        dialog = SeriesDialog(self.db, self, self.group_filter.currentData())
        if dialog.exec():
            self.refresh()
            self.changed.emit()

    def edit_meeting(self) -> None:
        meeting_id = self.current_meeting_id()
        if self.db is None or meeting_id is None or not self.register.confirm_leave():
            return
        if meeting_dialog(self.db, self, meeting_id).exec():
            self.refresh()
            self.register.reload()
            self.changed.emit()

    def delete_meeting(self) -> None:
        meeting_id = self.current_meeting_id()
        if self.db is None or meeting_id is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete meeting"),
            self.tr("Delete this meeting with its register and actions arising? "
                    "This cannot be undone."))
        if answer == QMessageBox.StandardButton.Yes:
            delete_meeting(self.db, meeting_id)
            self.register.show_meeting(None, None)
            self.refresh()
            self.changed.emit()

    def add_action(self, meeting_id: int) -> None:
        if self.db is not None and action_dialog(self.db, self, meeting_id).exec():
            self.register.show_actions()  # marks being taken stay as they are
            self.changed.emit()

    def edit_action(self, action: MeetingAction) -> None:
        """Open an action arising of the meeting shown, from the register panel."""
        if self.db is not None and action_dialog(self.db, self, action.meeting_id,
                                                 action).exec():
            self.register.show_actions()
            self.changed.emit()

    # Exports -------------------------------------------------------------------------------

    def export_register(self, meeting_id: int) -> None:
        if self.db is None or not self.register.confirm_leave():
            return
        meeting = next(m for m in self.model.all_rows() if m.id == meeting_id)
        name = f"{meeting.group_short_name} register {meeting.date}.xlsx"
        export_in_background(self, self.db, self.tr("Sign-in sheet"), name, XLSX,
                             lambda db, path: export_register_xlsx(db, meeting_id, path,
                                                                   overwrite=True))

    def export_calendar(self) -> None:
        if self.db is None:
            return
        group = self.group_filter.currentText() if self.group_filter.currentData() else None
        name = f"{group or 'CSP'} meetings.ics"
        export_in_background(self, self.db, self.tr("Meetings calendar"), name, ICS,
                             lambda db, path: export_ics(db, path, group, overwrite=True))

    # Papers ---------------------------------------------------------------------------------

    def edit_agenda(self) -> None:
        meeting_id = self.current_meeting_id()
        if self.db is not None and meeting_id is not None:
            from ui.reports import meeting_papers  # the papers' modules: when first used

            meeting_papers.edit_agenda(self, self.db, meeting_id)

    def write_paper(self, paper: str) -> None:
        """The chosen meeting's agenda or minutes as a Word document (the register saved
        first, so the minutes say who came)."""
        meeting_id = self.current_meeting_id()
        if self.db is not None and meeting_id is not None and self.register.confirm_leave():
            from ui.reports import meeting_papers

            meeting_papers.write_paper(self, self.db, meeting_id, paper)
