"""The register of the chosen meeting: marks by keyboard, quorum at a glance, actions arising."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cspdesk.dates import format_date
from cspdesk.errors import InputError
from cspdesk.meetings.actions import list_meeting_actions
from cspdesk.meetings.meetings import get_meeting, meeting_place, meeting_time_span
from cspdesk.meetings.register import (
    QuorumResult,
    load_register,
    register_quorum,
    save_register,
)
from cspdesk.meetings.structure import list_people
from cspdesk.store.connection import Database
from ui.meetings.register_model import NOTE, RegisterModel
from ui.meetings.register_view import KEY_HELP, RegisterView
from ui.widgets.colours import colour_text, tint_widget
from ui.widgets.forms import ask_to_save
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import keyboard_friendly
from ui.widgets.whats_this import explain

ACTION_COLUMNS = [
    Column("Action arising", lambda a: a.description, tooltip=lambda a: a.description),
    Column("Owner", lambda a: a.owner),
    Column("Due", lambda a: a.due_date, format_date),
    Column("Status", lambda a: ("Overdue" if a.overdue else a.status.capitalize()),
           explain="action arising status"),
]


ACTIONS_SHOWN = 3  # rows of actions arising shown before the box scrolls


def _row_height(view: QTableView) -> int:
    return view.fontMetrics().height() + 8  # a dozen members in view at 1366x768


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:].rstrip(".") if text else text


class RegisterPanel(QWidget):
    """Shows one meeting's register; ``saved`` is emitted after the register is written."""

    saved = Signal()
    add_action_requested = Signal(int)
    edit_action_requested = Signal(object)  # the MeetingAction to open
    export_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.meeting_id: int | None = None
        self._cancelled = self._scheduled = False
        self._make_labels()
        self.model = RegisterModel(self)
        self.model.dirty_changed.connect(self._dirty_changed)
        for signal in (self.model.dataChanged, self.model.rowsInserted,
                       self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._follow_marks)  # the chair asks "are we quorate?" mid-meeting
        self.view = self._make_register_view()
        self._make_buttons()
        self.actions_model = RowsTableModel(ACTION_COLUMNS, self)
        self.actions_view = QTableView()
        keyboard_friendly(self.actions_view)
        self.actions_view.setModel(self.actions_model)
        self.actions_view.verticalHeader().setVisible(False)
        self.actions_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.actions_view.setToolTip(self.tr("Double-click an action, or press Enter, to edit it"))
        self.actions_view.doubleClicked.connect(lambda _index: self._edit_action())
        self.actions_view.activated.connect(lambda _index: self._edit_action())
        self.actions_view.setWordWrap(False)  # one line each; the tooltip has the whole text
        self.no_actions = QLabel(self.tr("None yet."))
        self._layout()
        self.setEnabled(False)

    def _make_labels(self) -> None:
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.quorum_label = QLabel()
        self.quorum_label.setWordWrap(True)
        self.quorum_label.setMargin(6)
        explain(self.quorum_label, "quorum")
        self.counts = QLabel()
        for label in (self.title, self.subtitle, self.counts):
            label.setWordWrap(True)  # long names or counts must not widen the window
        self.keys = QLabel(KEY_HELP)
        colour_text(self.keys, "quiet")
        self.keys.setWordWrap(True)

    def _make_register_view(self) -> RegisterView:
        view = RegisterView()
        keyboard_friendly(view)
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed |
                             QAbstractItemView.EditTrigger.DoubleClicked)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(True)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setDefaultSectionSize(_row_height(view))
        view.mark_requested.connect(self._mark)
        view.clear_requested.connect(self._clear)
        return view

    def _make_buttons(self) -> None:
        def button(text: str, slot: Any, tip: str = "") -> QPushButton:
            made = QPushButton(text)
            made.clicked.connect(slot)
            made.setToolTip(tip)
            return made

        self.all_present = button(self.tr("All &present"), self._all_present)
        self.add_attendee = button(self.tr("Add &in attendance…"), self._add_attendee)
        self.save_button = button(self.tr("&Save register"), self.save)
        self.save_button.setDefault(True)
        self.revert_button = button(self.tr("Revert"), self.reload)
        self.export_button = button(
            self.tr("Sign-in sheet…"),
            lambda: self.meeting_id and self.export_requested.emit(self.meeting_id),
            self.tr("Export this register as an attendance sheet (xlsx)"))
        self.add_action = button(
            self.tr("Add action arising…"),
            lambda: self.meeting_id and self.add_action_requested.emit(self.meeting_id))
        self.edit_action = button(self.tr("Edit action…"), self._edit_action,
                                  self.tr("Open the chosen action arising to edit it"))

    def _layout(self) -> None:
        marking = QHBoxLayout()  # two short rows, so the panel fits a small laptop screen
        for button in (self.all_present, self.add_attendee):
            marking.addWidget(button)
        marking.addStretch(1)
        marking.addWidget(self.export_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.revert_button, self.save_button):
            buttons.addWidget(button)
        actions_bar = QHBoxLayout()
        actions_bar.addWidget(QLabel(self.tr("<b>Actions arising</b>")))
        actions_bar.addWidget(self.no_actions)
        actions_bar.addStretch(1)
        actions_bar.addWidget(self.edit_action)
        actions_bar.addWidget(self.add_action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.quorum_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.keys)
        layout.addLayout(marking)
        layout.addLayout(buttons)
        layout.addLayout(actions_bar)
        layout.addWidget(self.actions_view)

    # Showing a meeting -----------------------------------------------------------------------

    def show_meeting(self, db: Database | None, meeting_id: int | None) -> None:
        self.db, self.meeting_id = db, meeting_id
        self.reload()

    def reload(self) -> None:
        if self.db is None or self.meeting_id is None:
            self.model.load([])
            self.title.setText(self.tr("No meeting chosen"))
            self.subtitle.setText(self.tr("Choose a meeting on the left to take its register."))
            self.quorum_label.clear()
            tint_widget(self.quorum_label, None)
            self.show_actions()
            self.setEnabled(False)
            return
        self.setEnabled(True)
        meeting = get_meeting(self.db, self.meeting_id)
        span = meeting_time_span(meeting.start_time, meeting.end_time)
        when = format_date(meeting.date) + (f", {span}" if span else "")
        parts = (when, meeting_place(meeting.venue, meeting.mode), meeting.status.capitalize())
        self.title.setText(meeting.group_title)
        self.subtitle.setText(" · ".join(part for part in parts if part))
        cancelled = self._cancelled = meeting.status == "cancelled"
        self._scheduled = meeting.status == "scheduled"
        self.model.load([] if cancelled else load_register(self.db, self.meeting_id))
        for widget in (self.view, self.all_present, self.add_attendee, self.save_button):
            widget.setEnabled(not cancelled)
        self.show_actions()  # the marks' line and banner followed the load (modelReset)
        self._dirty_changed(False)
        for column in range(self.model.columnCount() - 1):  # the last one takes the rest
            self.view.resizeColumnToContents(column)
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 3))

    def show_actions(self) -> None:
        """List the meeting's actions arising again, leaving the marks being taken alone."""
        rows = list_meeting_actions(self.db, self.meeting_id) \
            if self.db is not None and self.meeting_id is not None else []
        self.actions_model.set_rows(rows)
        self._fit_actions_box()
        self.edit_action.setEnabled(bool(rows))
        if rows:
            self.actions_view.setCurrentIndex(self.actions_model.index(0, 0))

    def _edit_action(self) -> None:
        index = self.actions_view.currentIndex()
        if index.isValid():
            self.edit_action_requested.emit(self.actions_model.row_at(index.row()))

    def _follow_marks(self) -> None:
        """The counts line and the quorum banner as the register stands, saved or not."""
        self._update_counts()
        if self.db is None or self.meeting_id is None:
            return
        if self._cancelled:
            self._show_quorum(None, True)
            return
        self._show_quorum(register_quorum(self.db, self.meeting_id, self.model.entries()),
                          False)

    def _fit_actions_box(self) -> None:
        """The actions box is as tall as its actions, three at most (more scroll), and
        gives way to "None yet." when there are none: the register keeps the room."""
        view, rows = self.actions_view, self.actions_model.rowCount()
        view.verticalHeader().setDefaultSectionSize(_row_height(view))
        view.setVisible(rows > 0)
        self.no_actions.setVisible(rows == 0)
        shown = min(max(rows, 1), ACTIONS_SHOWN)
        view.setFixedHeight(view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
                            + shown * view.verticalHeader().defaultSectionSize())

    def _show_quorum(self, result: QuorumResult | None, cancelled: bool) -> None:
        if cancelled:
            self._banner(self.tr("This meeting was cancelled: it has no register."), "neutral")
            return
        assert result is not None
        missing = ""
        if result.missing_authorities and result.quorate is not None:
            missing = "<br>" + self.tr("Responsible authorities not represented: ") + \
                ", ".join(result.missing_authorities)
        if result.quorate is None:
            text, colour = self.tr("Quorum: {rule}. {detail}.").format(
                rule=result.rule, detail=_sentence(result.detail)), "neutral"
        elif result.quorate:
            text, colour = self.tr("<b>Quorate</b>: {detail} (rule: {rule})").format(
                detail=result.detail, rule=result.rule), "green"
        else:
            text, colour = self.tr("<b>Not quorate</b>: {detail} (rule: {rule})").format(
                detail=result.detail, rule=result.rule), "red"
        self._banner(text + missing, colour)

    def _banner(self, html: str, tint: str) -> None:
        self.quorum_label.setText(html)
        tint_widget(self.quorum_label, tint)  # the words (Quorate, Not quorate) say it too

    # Marking ---------------------------------------------------------------------------------

    def _mark(self, row: int, mark: str) -> None:
        substitute = None
        if mark == "substitute":
            substitute = self._choose_substitute(row)
            if substitute is None:
                return
        self.model.set_mark(row, mark, substitute)
        if mark == "apologies":
            self.view.setCurrentIndex(self.model.index(row, NOTE))
        else:
            self.view.next_row()

    def _clear(self, row: int) -> None:
        if self.model.rows[row].member:
            self.model.set_mark(row, None)
        else:
            self.model.remove_attendee(row)

    def _choose_substitute(self, row: int) -> tuple[int, str] | None:
        assert self.db is not None
        line = self.model.rows[row]
        people = [p for p in list_people(self.db, include_inactive=False)
                  if p.id != line.person_id]
        # Colleagues from the member's own organisation come first: they usually stand in.
        people.sort(key=lambda p: (p.organisation != line.organisation, p.name))
        labels = [p.label for p in people]
        choice, ok = QInputDialog.getItem(
            self, self.tr("Substitute"),
            self.tr("Who came in place of {name}?").format(name=line.name), labels, 0, False)
        if not ok or choice not in labels:
            return None
        person = people[labels.index(choice)]
        return person.id, person.name

    def _all_present(self) -> None:
        self.model.mark_unmarked_present()
        self.view.setFocus()

    def _add_attendee(self) -> None:
        if self.db is None:
            return
        on_register = {line.person_id for line in self.model.rows}
        people = [p for p in list_people(self.db, include_inactive=False)
                  if p.id not in on_register]
        labels = [p.label for p in people]
        if not labels:
            return
        choice, ok = QInputDialog.getItem(self, self.tr("In attendance"), self.tr(
            "Who attended without being a member?"), labels, 0, False)
        if ok and choice in labels:
            person = people[labels.index(choice)]
            row = self.model.add_attendee(person.id, person.name, person.organisation)
            self.view.setCurrentIndex(self.model.index(row, 3))

    def _dirty_changed(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self._update_counts()

    def _update_counts(self) -> None:
        c = self.model.counts()
        unmarked = self.model.unmarked()
        text = self.tr("Present {p} · Online {o} · Apologies {a} · Absent {x} · Substitutes {s}"
                       " · In attendance {i}").format(
            p=c["present"], o=c["present online"], a=c["apologies"], x=c["absent"],
            s=c["substitute"], i=c["in attendance"])
        if unmarked:
            text += self.tr(" · Not yet marked {n}").format(n=unmarked)
        if self.model.dirty:
            text += self.tr(" · unsaved changes")
        self.counts.setText(text)

    # Saving ----------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the marks; a register with members not yet marked is saved only if the
        officer says so, as they would count as absent."""
        if self.db is None or self.meeting_id is None or not self.model.dirty:
            return True
        if self.model.unmarked() and not self._save_unfinished():
            return False
        try:
            save_register(self.db, self.meeting_id, self.model.entries())
        except InputError as exc:
            QMessageBox.warning(self, self.tr("Register not saved"), str(exc))
            return False
        self.reload()
        self.saved.emit()
        return True

    def _save_unfinished(self) -> bool:
        """Ask before saving a register some members are missing from; True to save."""
        n, total = self.model.unmarked(), self.model.members()
        held = self.tr(" and the meeting is recorded as held") \
            if self._scheduled and self.model.entries() else ""
        text = self.tr("{n} of {total} members {verb} not yet marked; saved now, they count "
                       "as absent{held}. Save the register anyway?").format(
            n=n, total=total, verb="is" if n == 1 else "are", held=held)
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self, self.tr("Register not finished"), text,
                                      buttons.Save | buttons.Cancel, buttons.Cancel)
        return answer == buttons.Save

    def confirm_leave(self) -> bool:
        """Before showing another meeting: save, discard or stay. True when it may go on."""
        if not self.model.dirty:
            return True
        return ask_to_save(self, self.tr("Unsaved register"), self.tr(
            "The register of this meeting has unsaved changes. Save them?"), self.save)
