"""The Safer Streets tab: funded programmes and action plans, with their actions."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cspdesk.dates import format_date, format_pounds
from cspdesk.programmes import ActionRow, Programme, list_actions, list_programmes

from ..table_model import Column, RowsTableModel
from .base import Tab, fit_columns, make_table_view, refill_combo

RIGHT = Qt.AlignmentFlag.AlignRight

def _sentence_case(text: str | None) -> str | None:
    """'target hardening' -> 'Target hardening'; 'CCTV' stays 'CCTV'."""
    return text[:1].upper() + text[1:] if text else text


COLUMNS = [
    Column("#", lambda a: a.position, align=RIGHT),
    Column("Action", lambda a: a.title, tooltip=lambda a: a.title),
    Column("Theme or heading", lambda a: a.heading or a.theme),
    Column("Intervention", lambda a: _sentence_case(a.intervention)),
    Column("District", lambda a: a.district),
    Column("Owner", lambda a: a.owner),
    Column("Status", lambda a: a.status.capitalize()),
    Column("Due", lambda a: a.planned_end, format_date),
    Column("Budget", lambda a: a.budget_pence, format_pounds, RIGHT),
    Column("Spent", lambda a: a.spent_pence if a.budget_pence else None, format_pounds, RIGHT),
    Column("Latest update", lambda a: a.latest_update, tooltip=lambda a: a.latest_update),
]


def programme_summary(p: Programme) -> str:
    parts = []
    if p.kind == "funded" and p.award_pence is not None:
        parts.append(f"<b>Award</b> {format_pounds(p.award_pence)}"
                     f" &nbsp; <b>Spent</b> {format_pounds(p.spent_pence)}")
    if p.start_date or p.end_date:
        parts.append(f"<b>Runs</b> {format_date(p.start_date)} to {format_date(p.end_date)}")
    if p.themes:
        parts.append("<b>Themes</b> " + html.escape(", ".join(p.themes)))
    parts.append(f"<b>Actions</b> {p.actions} ({p.complete} complete)")
    return " &nbsp;·&nbsp; ".join(parts)


class SaferStreetsTab(Tab):
    title = "Safer Streets"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("No programmes or action plans yet"),
            self.tr("This database holds no funded programmes (such as a Safer Streets "
                    "round) and no action plans. Their actions, budgets, spend and progress "
                    "updates appear here once they are recorded."),
            parent,
        )
        self.programme = QComboBox()
        self.programme.setMinimumContentsLength(30)
        self.programme.currentIndexChanged.connect(self._show_programme)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.model = RowsTableModel(COLUMNS, self)
        self.view = make_table_view(self.model, self)
        self._programmes: list[Programme] = []
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Programme:")))
        bar.addWidget(self.programme)
        bar.addStretch(1)
        layout = QVBoxLayout(self.content)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)

    def load(self) -> bool:
        assert self.db is not None
        self._programmes = list_programmes(self.db)
        refill_combo(self.programme, [(p.name, p.id) for p in self._programmes])
        self._show_programme()
        return bool(self._programmes)

    def _show_programme(self) -> None:
        row = self.programme.currentIndex()
        if self.db is None or not 0 <= row < len(self._programmes):
            self.model.set_rows([])
            return
        programme = self._programmes[row]
        self.summary.setText(programme_summary(programme))
        actions: list[ActionRow] = list_actions(self.db, programme.id)
        self.model.set_rows(actions)
        fit_columns(self.view, max_width=240)
