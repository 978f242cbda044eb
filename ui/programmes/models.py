"""The grids of the Safer Streets tab: actions with their RAG colour, updates, spend."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from cspdesk.dates import format_date
from cspdesk.money import format_pounds
from cspdesk.programmes.programmes import ActionRow
from ui.widgets.colours import tint
from ui.widgets.table_model import Column, Index, RowsTableModel

RIGHT = Qt.AlignmentFlag.AlignRight


def sentence_case(text: str | None) -> str | None:
    """'target hardening' -> 'Target hardening'; 'CCTV' stays 'CCTV'."""
    return text[:1].upper() + text[1:] if text else text


def _spent(a: ActionRow) -> int | None:
    return a.spent_pence if a.budget_pence is not None or a.spent_pence else None


ACTION_COLUMNS = [
    Column("#", lambda a: a.position, align=RIGHT),
    Column("RAG", lambda a: a.rag.label, tooltip=lambda a: a.rag.reason),
    Column("Action", lambda a: a.title, tooltip=lambda a: a.title),
    Column("Theme or heading", lambda a: a.heading or a.theme),
    Column("Intervention", lambda a: sentence_case(a.intervention)),
    Column("District", lambda a: a.district or "Joint"),
    Column("Owner", lambda a: a.owner, tooltip=lambda a: a.owner_officer),
    Column("Status", lambda a: a.status.capitalize()),
    Column("Due", lambda a: a.planned_end, format_date),
    Column("Budget", lambda a: a.budget_pence, format_pounds, RIGHT),
    Column("Spent", _spent, format_pounds, RIGHT),
    Column("Output", lambda a: a.output, tooltip=lambda a: a.output),
]
RAG_COLUMN = 1
MONEY_COLUMNS = (9, 10)  # Budget, Spent

UPDATE_COLUMNS = [
    Column("Date", lambda u: u.date, format_date),
    Column("Progress", lambda u: u.text, tooltip=lambda u: u.text),
    Column("By", lambda u: u.author),
]
SPEND_COLUMNS = [
    Column("Quarter", lambda s: s.quarter),
    Column("Spent", lambda s: s.amount_pence, format_pounds, RIGHT),
]
OVERDUE_COLUMNS = [
    Column("#", lambda a: a.position, align=RIGHT),
    Column("Action", lambda a: a.title, tooltip=lambda a: a.rag.reason),
    Column("Due", lambda a: a.planned_end, format_date),
    Column("Owner", lambda a: a.owner_officer or a.owner),
]
YEAR_COLUMNS = [
    Column("Year", lambda y: y.financial_year),
    Column("Limit", lambda y: y.limit_pence, format_pounds, RIGHT),
    Column("Spend by", lambda y: y.spend_by, format_date),
    Column("Spent", lambda y: y.spent_pence, format_pounds, RIGHT),
    Column("Forecast", lambda y: y.forecast_pence, format_pounds, RIGHT,
           tooltip=lambda y: y.warning),
    Column("Over (+) / under (-)", lambda y: y.difference_pence,
           lambda v: ("+" if v > 0 else "") + format_pounds(v), RIGHT,
           tooltip=lambda y: y.warning),
]


class ActionsModel(RowsTableModel):
    """Actions with the RAG cell coloured red, amber or green and its reason as a tooltip."""

    def __init__(self, parent: Any = None, rag_column: int = RAG_COLUMN) -> None:
        super().__init__(ACTION_COLUMNS, parent)
        self.rag_column = rag_column

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == self.rag_column:
            pair = tint(self.row_at(index.row()).rag.colour)  # its word: "Red"
            if role == Qt.ItemDataRole.BackgroundRole and pair is not None:
                return pair[0]
            if role == Qt.ItemDataRole.ForegroundRole and pair is not None:
                return pair[1]
        return super().data(index, role)
