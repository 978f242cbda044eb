"""The partnership's structure: groups with their members and chairs, organisations, people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cspdesk.dates import format_date
from cspdesk.meetings.structure import (
    describe_quorum_rule,
    list_chair_terms,
    list_group_records,
    list_memberships,
    list_organisations,
    list_people,
)
from cspdesk.meetings.structure_edits import end_membership
from cspdesk.store.connection import Database
from ui.meetings.structure_dialogs import (
    chair_term_dialog,
    group_dialog,
    membership_dialog,
    organisation_dialog,
    person_dialog,
)
from ui.privacy.audit_dialog import add_history, open_history
from ui.privacy.person_actions import erase, export_their_data
from ui.widgets.forms import FormDialog
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view


def _cap(text: str | None) -> str:
    return text[:1].upper() + text[1:] if text else ""


GROUP_COLUMNS = [
    Column("Group", lambda g: g.short_name),
    Column("Name", lambda g: g.name),
    Column("Tier", lambda g: _cap(g.tier)),
    Column("Quorum", lambda g: describe_quorum_rule(g.quorum_rule)),
]
MEMBER_COLUMNS = [
    Column("Member", lambda m: m.person),
    Column("Organisation", lambda m: m.organisation),
    Column("Role", lambda m: _cap(m.role) + (f" for {m.deputy_for}" if m.deputy_for else "")),
    Column("From", lambda m: m.start_date, format_date),
    Column("To", lambda m: m.end_date, format_date),
]
CHAIR_COLUMNS = [
    Column("Chair from", lambda t: t.start_date, format_date),
    Column("To", lambda t: t.end_date, format_date),
    Column("Organisation", lambda t: t.organisation),
    Column("Chair", lambda t: t.person),
]
ORGANISATION_COLUMNS = [
    Column("Organisation", lambda o: o.name),
    Column("Short name", lambda o: o.short_name),
    Column("Kind", lambda o: _cap(o.kind)),
    Column("Responsible authority", lambda o: _cap(o.responsible_authority) or "No"),
]
PEOPLE_COLUMNS = [
    Column("Name", lambda p: p.name),
    Column("Job title", lambda p: p.job_title),
    Column("Organisation", lambda p: p.organisation),
    Column("Email", lambda p: p.email),
    Column("Phone", lambda p: p.phone),
    Column("Active", lambda p: "Yes" if p.active else "No"),
]


class RecordList(QWidget):
    """A titled grid of records with Add and Edit buttons that open a form dialog."""

    changed = Signal()

    def __init__(self, title: str, columns: list[Column],
                 dialog: Callable[[Any | None], FormDialog | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dialog = dialog
        self.model = RowsTableModel(columns, self)
        self.view: QTableView = make_table_view(self.model, self)
        self.view.doubleClicked.connect(lambda _index: self.edit())
        self.buttons = QHBoxLayout()
        heading = QLabel(f"<b>{title}</b>")
        self.buttons.addWidget(heading)
        self.buttons.addStretch(1)
        self.add_button("Add…", lambda: self._open(None))
        self.add_button("Edit…", self.edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.buttons)
        layout.addWidget(self.view)

    def add_button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(self.tr(text))
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def set_rows(self, rows: list[Any]) -> None:
        self.model.set_rows(rows)
        fit_columns(self.view)

    def selected(self) -> Any | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.view.model().mapToSource(index).row())  # type: ignore[attr-defined]

    def edit(self) -> None:
        record = self.selected()
        if record is not None:
            self._open(record)

    def _open(self, record: Any | None) -> None:
        dialog = self.dialog(record)
        if dialog is not None and dialog.exec():
            self.changed.emit()


class StructurePage(QWidget):
    """Three views chosen by buttons: groups and members, organisations, people."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self._make_lists()
        self._add_history_menus()
        self.people.add_button("Export their data…", self._export_person)
        self.people.add_button("Erase…", self._erase_person)
        for record_list in (self.groups, self.members, self.chairs, self.organisations,
                            self.people):
            record_list.changed.connect(self._changed)
        self.groups.view.selectionModel().currentRowChanged.connect(
            lambda *_: self._show_group())
        self.stack = QStackedWidget()
        self.stack.addWidget(self._groups_view())
        self.stack.addWidget(self.organisations)
        self.stack.addWidget(self.people)
        switch = self._switch_buttons()
        self.switch.idClicked.connect(self.stack.setCurrentIndex)
        layout = QVBoxLayout(self)
        layout.addLayout(switch)
        layout.addWidget(self.stack)

    def _make_lists(self) -> None:
        """The five record lists, with their extra buttons for memberships and History."""
        self.groups = RecordList("Groups", GROUP_COLUMNS, lambda g: self._dialog(group_dialog, g))
        self.members = RecordList("Members", MEMBER_COLUMNS, self._membership_dialog)
        self.members.add_button("End membership", self._end_membership)
        self.chairs = RecordList("Chair over time", CHAIR_COLUMNS, self._chair_dialog)
        self.organisations = RecordList("Organisations", ORGANISATION_COLUMNS,
                                        lambda o: self._dialog(organisation_dialog, o))
        self.people = RecordList("People", PEOPLE_COLUMNS,
                                 lambda p: self._dialog(person_dialog, p))
        self.organisations.add_button("History…", lambda: self._history(self.organisations,
                                                                         "organisations"))
        self.people.add_button("History…", lambda: self._history(self.people, "people"))

    def _add_history_menus(self) -> None:
        """Each list's view offers the selected record's history."""
        for record_list, kind, words in (
                (self.groups, "groups", lambda g: g.name),
                (self.members, "memberships", lambda m: f"{m.person}'s membership"),
                (self.chairs, "chair_terms", lambda c: f"{c.organisation}'s term as chair"),
                (self.organisations, "organisations", lambda o: o.name),
                (self.people, "people", lambda p: p.name)):
            add_history(record_list.view, lambda r=record_list, k=kind, w=words: (
                self.db, k, x.id, w(x)) if (x := r.selected()) else None)

    def _switch_buttons(self) -> QHBoxLayout:
        """The row of checkable buttons that choose the view, kept in ``self.switch``."""
        switch = QHBoxLayout()
        self.switch = QButtonGroup(self)
        for number, text in enumerate(["Groups and members", "Organisations", "People"]):
            button = QPushButton(self.tr(text))
            button.setCheckable(True)
            button.setChecked(number == 0)
            self.switch.addButton(button, number)
            switch.addWidget(button)
        switch.addStretch(1)
        return switch

    def _groups_view(self) -> QWidget:
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.members)
        right.addWidget(self.chairs)
        right.setSizes([500, 200])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.groups)
        split.addWidget(right)
        split.setSizes([520, 680])
        return split

    def set_database(self, db: Database | None) -> None:
        self.db = db
        self.refresh()

    def refresh(self) -> None:
        if self.db is None:
            return
        current = self.groups.selected()
        self.groups.set_rows(list_group_records(self.db))
        self.organisations.set_rows(list_organisations(self.db))
        self.people.set_rows(list_people(self.db))
        rows = [self.groups.model.row_at(r).id for r in range(self.groups.model.rowCount())]
        target = rows.index(current.id) if current and current.id in rows else 0
        if rows:
            self.groups.view.selectRow(target)
        self._show_group()

    def _group_id(self) -> int | None:
        group = self.groups.selected()
        return group.id if group else None

    def _show_group(self) -> None:
        group_id = self._group_id()
        if self.db is None or group_id is None:
            self.members.set_rows([])
            self.chairs.set_rows([])
            return
        self.members.set_rows(list_memberships(self.db, group_id))
        self.chairs.set_rows(list_chair_terms(self.db, group_id))

    def _dialog(self, make: Callable[..., FormDialog], record: Any | None) -> FormDialog | None:
        return make(self.db, self, record) if self.db is not None else None

    def _membership_dialog(self, membership: Any | None) -> FormDialog | None:
        group_id = self._group_id()
        if self.db is None or group_id is None:
            return None
        return membership_dialog(self.db, self, group_id, membership)

    def _chair_dialog(self, term: Any | None) -> FormDialog | None:
        group_id = self._group_id()
        if self.db is None or group_id is None:
            return None
        return chair_term_dialog(self.db, self, group_id, term)

    def _end_membership(self) -> None:
        membership = self.members.selected()
        if self.db is not None and membership is not None and not membership.end_date:
            end_membership(self.db, membership.id, dt.date.today())
            self._changed()

    def _history(self, record_list: RecordList, kind: str) -> None:
        record = record_list.selected()
        if self.db is not None and record is not None:
            open_history(self, self.db, kind, record.id, record.name)

    def _export_person(self) -> None:
        person = self.people.selected()
        if self.db is not None and person is not None:
            export_their_data(self, self.db, person.id, person.name)

    def _erase_person(self) -> None:
        person = self.people.selected()
        if self.db is not None and person is not None:
            erase(self, self.db, person.id, self._changed)

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()

