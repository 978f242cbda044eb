"""Planning meetings: one meeting, or a series by rule, with a preview of the dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from cspdesk.dates import financial_year_bounds, financial_year_of, format_date
from cspdesk.errors import InputError
from cspdesk.meetings.meetings import (
    MODES,
    STATUSES,
    SeriesRule,
    create_series,
    describe_series,
    get_meeting,
    known_venues,
    meeting_defaults,
    save_meeting,
    series_dates,
    usual_venue,
)
from cspdesk.meetings.structure import list_group_records
from cspdesk.records import plural
from cspdesk.store.connection import Database
from ui.widgets.colours import colour_text
from ui.widgets.date_field import DateField
from ui.widgets.dialog import Dialog
from ui.widgets.forms import Field, FormDialog

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NTH = [("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("last", -1)]
KINDS = [("Every few weeks", "every n weeks"),
         ("Once a quarter (April, July, October, January)", "nth weekday of quarter"),
         ("Once a month", "nth weekday of month")]


def group_choices(db: Database) -> list[tuple[str, Any]]:
    return [(g.label, g.id) for g in list_group_records(db)]


def meeting_dialog(db: Database, parent: QWidget, meeting_id: int | None = None,
                   group_id: int | None = None) -> FormDialog:
    """Plan a meeting (no ``meeting_id``) or edit one. A new meeting starts with its group's
    usual times, mode and venue, and follows the group and mode chosen."""
    groups = group_choices(db)
    if meeting_id is not None:
        m = get_meeting(db, meeting_id)
        values: dict[str, Any] = {
            "group_id": m.group_id, "date": m.date, "start_time": m.start_time,
            "end_time": m.end_time, "venue": m.venue, "mode": m.mode, "status": m.status,
            "notes": m.notes}
    else:
        group_id = group_id if group_id is not None else (groups[0][1] if groups else None)
        usual = meeting_defaults(db, group_id)
        values = {"group_id": group_id, "date": dt.date.today(), "start_time": usual.start_time,
                  "end_time": usual.end_time, "mode": usual.mode, "venue": usual.venue,
                  "status": "scheduled"}
    fields = [
        Field("group_id", "Group", "choice", groups, required=True),
        Field("date", "Date", "date", required=True, optional_date=False),
        Field("start_time", "Starts", "time"),
        Field("end_time", "Ends", "time"),
        Field("mode", "Held", "choice", [(m.capitalize(), m) for m in MODES]),
        Field("venue", "Venue", "choice", [(v, v) for v in known_venues(db)],
              editable_choice=True),
        Field("status", "Status", "choice", [(s.capitalize(), s) for s in STATUSES]),
        Field("notes", "Notes", "multiline"),
    ]

    def save(v: dict[str, Any]) -> int:
        v["venue"] = (v.get("venue") or "").strip() or None
        return save_meeting(db, v, meeting_id)

    title = "Edit meeting" if meeting_id is not None else "Plan a meeting"
    dialog = FormDialog(title, fields, values, save, parent)
    w = dialog.widgets
    follow_usual(db, w["group_id"], w["mode"], w["venue"], w["start_time"], w["end_time"],
                 new=meeting_id is None)
    return dialog


def follow_usual(db: Database, group: QComboBox, mode: QComboBox, venue: QComboBox,
                 start: QTimeEdit, end: QTimeEdit, new: bool = True) -> None:
    """Keep a meeting's place and times in step with its group's habits.

    Choosing another mode offers the venue the group last used in that mode, unless the
    officer typed a venue of their own; in a new meeting, choosing another group offers its
    usual times, mode and venue."""
    chosen = {"mode": mode.currentData()}

    def mode_changed() -> None:
        group_id, before, after = group.currentData(), chosen["mode"], mode.currentData()
        chosen["mode"] = after
        if venue.currentText().strip() in ("", usual_venue(db, group_id, before) or ""):
            venue.setEditText(usual_venue(db, group_id, after) or "")

    def group_changed() -> None:
        usual = meeting_defaults(db, group.currentData())
        start.setTime(QTime.fromString(usual.start_time, "HH:mm"))
        end.setTime(QTime.fromString(usual.end_time, "HH:mm"))
        mode.setCurrentIndex(max(mode.findData(usual.mode), 0))
        venue.setEditText(usual.venue or "")

    mode.currentIndexChanged.connect(mode_changed)
    if new:
        group.currentIndexChanged.connect(group_changed)


def _chooser(items: list[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    return combo


class SeriesDialog(Dialog):
    """Plans a run of meetings by rule, e.g. every 8 weeks on a Tuesday, with a preview."""

    def __init__(self, db: Database, parent: QWidget | None = None,
                 group_id: int | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("Plan a series of meetings"))
        self.group = _chooser(group_choices(db))
        if group_id is not None:
            self.group.setCurrentIndex(max(self.group.findData(group_id), 0))
        self.kind = _chooser(KINDS)
        self._make_rule_fields()
        self._make_meeting_fields()
        follow_usual(db, self.group, self.mode, self.venue, self.start_time, self.end_time)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.error = QLabel()
        colour_text(self.error, "error")
        self.error.setWordWrap(True)
        self.preview = QListWidget()
        self._build()
        for signal in (self.kind.currentIndexChanged, self.weeks.valueChanged,
                       self.nth.currentIndexChanged, self.weekday.currentIndexChanged,
                       self.start.dateChanged, self.end.dateChanged, self.start.problem,
                       self.end.problem):
            signal.connect(self.update_preview)
        self.update_preview()

    def _make_rule_fields(self) -> None:
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 52)
        self.weeks.setValue(8)
        self.weeks.setSuffix(self.tr(" weeks"))
        self.nth = _chooser(NTH)
        self.weekday = QComboBox()
        self.weekday.addItems(WEEKDAYS)
        self.weekday.setCurrentIndex(1)
        today = dt.date.today()
        self.start = DateField(today, what="first date", field="start")
        self.end = DateField(financial_year_bounds(financial_year_of(today))[1],
                             what="last date", field="end")

    def _make_meeting_fields(self) -> None:
        """Times, mode and venue start as the group's usual ones (``meeting_defaults``)."""
        usual = meeting_defaults(self.db, self.group.currentData())
        self.start_time = QTimeEdit(QTime.fromString(usual.start_time, "HH:mm"))
        self.end_time = QTimeEdit(QTime.fromString(usual.end_time, "HH:mm"))
        for edit in (self.start_time, self.end_time):
            edit.setDisplayFormat("HH:mm")
        self.mode = _chooser([(m.capitalize(), m) for m in MODES])
        self.mode.setCurrentIndex(max(self.mode.findData(usual.mode), 0))
        self.venue = QComboBox()
        self.venue.setEditable(True)
        self.venue.addItems(known_venues(self.db))
        self.venue.setEditText(usual.venue or "")

    def _build(self) -> None:
        when = QHBoxLayout()
        for widget in (self.weeks, self.nth, self.weekday):
            when.addWidget(widget)
        times = QHBoxLayout()
        times.addWidget(self.start_time)
        times.addWidget(QLabel(self.tr("to")))
        times.addWidget(self.end_time)
        form = QFormLayout()
        form.addRow(self.tr("Group"), self.group)
        form.addRow(self.tr("Repeat"), self.kind)
        form.addRow(self.tr("On"), when)
        form.addRow(self.tr("From"), self.start)
        form.addRow(self.tr("Until"), self.end)
        form.addRow(self.tr("Time"), times)
        form.addRow(self.tr("Held"), self.mode)
        form.addRow(self.tr("Venue"), self.venue)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create meetings"))
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def rule(self) -> SeriesRule:
        start, end = self.start.value(), self.end.value()  # InputError if unreadable
        assert start is not None and end is not None
        return SeriesRule(kind=self.kind.currentData(), start=start, end=end,
                          weekday=self.weekday.currentIndex(), weeks=self.weeks.value(),
                          nth=self.nth.currentData())

    def update_preview(self) -> None:
        every_weeks = self.kind.currentData() == "every n weeks"
        self.weeks.setVisible(every_weeks)
        self.nth.setVisible(not every_weeks)
        self.preview.clear()
        self.error.clear()
        try:
            rule = self.rule()
            dates = series_dates(rule)
        except InputError as exc:
            self.summary.setText("")
            self.error.setText(str(exc))
            return
        self.summary.setText(self.tr("{n}: {rule}").format(
            n=plural(len(dates), "meeting"), rule=describe_series(rule)))
        self.preview.addItems([f"{WEEKDAYS[d.weekday()]} {format_date(d)}" for d in dates])

    def create(self) -> None:
        template = {"start_time": self.start_time.time().toString("HH:mm"),
                    "end_time": self.end_time.time().toString("HH:mm"),
                    "venue": self.venue.currentText().strip() or None,
                    "mode": self.mode.currentData(), "notes": None}
        try:
            create_series(self.db, self.group.currentData(), self.rule(), template)
        except InputError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

