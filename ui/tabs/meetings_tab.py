"""The Meetings tab: the partnership's meetings with their registers' totals."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cspdesk.dates import format_date
from cspdesk.meetings import MeetingSummary, list_groups, list_meetings

from ..table_model import Column, RowsTableModel
from .base import Tab, fit_columns, make_table_view, refill_combo

RIGHT = Qt.AlignmentFlag.AlignRight


def _time(m: MeetingSummary) -> str:
    if m.start_time and m.end_time:
        return f"{m.start_time}–{m.end_time}"
    return m.start_time or ""


def _where(m: MeetingSummary) -> str:
    if m.mode == "online":
        return "Online"
    return (m.venue or "") + (" (hybrid)" if m.mode == "hybrid" else "")


def _register_count(m: MeetingSummary, value: int) -> int | None:
    return value if m.status == "held" else None


COLUMNS = [
    Column("Date", lambda m: m.date, format_date),
    Column("Group", lambda m: m.group_short_name, tooltip=lambda m: m.group),
    Column("Time", _time),
    Column("Where", _where),
    Column("Status", lambda m: m.status.capitalize()),
    Column("Present", lambda m: _register_count(m, m.present), align=RIGHT),
    Column("Apologies", lambda m: _register_count(m, m.apologies), align=RIGHT),
    Column("Absent", lambda m: _register_count(m, m.absent), align=RIGHT),
    Column("Substitutes", lambda m: _register_count(m, m.substitutes), align=RIGHT),
]


class MeetingsTab(Tab):
    title = "Meetings"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("No meetings recorded"),
            self.tr("This database holds no meetings yet. The partnership's groups, their "
                    "meetings and attendance registers appear here once they are recorded."),
            parent,
        )
        self.group_filter = QComboBox()
        self.group_filter.setMinimumContentsLength(24)
        self.group_filter.currentIndexChanged.connect(self._show_meetings)
        self.summary = QLabel()
        self.model = RowsTableModel(COLUMNS, self)
        self.view = make_table_view(self.model, self, stretch=3)  # "Where" takes the room
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Group:")))
        bar.addWidget(self.group_filter)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        layout = QVBoxLayout(self.content)
        layout.addLayout(bar)
        layout.addWidget(self.view)

    def load(self) -> bool:
        assert self.db is not None
        groups = [(f"{short} – {name}", gid) for gid, short, name in list_groups(self.db)]
        refill_combo(self.group_filter, [(self.tr("All groups"), None), *groups])
        return self._show_meetings()

    def _show_meetings(self) -> bool:
        if self.db is None:
            return False
        meetings = list_meetings(self.db, self.group_filter.currentData())
        self.model.set_rows(meetings)
        held = sum(1 for m in meetings if m.status == "held")
        self.summary.setText(self.tr("{n} meetings, {held} held").format(
            n=len(meetings), held=held))
        fit_columns(self.view)
        return self.group_filter.count() > 1 or bool(meetings)
