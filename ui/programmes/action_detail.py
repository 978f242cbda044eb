"""The chosen action in full: its RAG and why, its dated history of updates, its spend."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from cspdesk.dates import format_date
from cspdesk.money import format_pounds
from cspdesk.programmes.programmes import ActionRow, list_updates
from cspdesk.programmes.spend import list_spend
from cspdesk.store.connection import Database
from ui.programmes.models import SPEND_COLUMNS, UPDATE_COLUMNS
from ui.widgets.colours import tinted_html
from ui.widgets.table_model import RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view


def _heading(text: str) -> QLabel:
    label = QLabel(f"<b>{html.escape(text)}</b>")
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class ActionDetail(QWidget):
    """Shows one action (or a hint to choose one) below the grid of actions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.rag = QLabel()
        self.rag.setTextFormat(Qt.TextFormat.RichText)
        self.rag.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.facts.setOpenExternalLinks(True)
        self.updates_model = RowsTableModel(UPDATE_COLUMNS, self)
        self.updates = make_table_view(self.updates_model, self, stretch=1)
        self.updates.setWordWrap(True)
        # Rows as tall as their wrapped text at the width the column has now.
        self.updates.horizontalHeader().sectionResized.connect(
            lambda *_: self.updates.resizeRowsToContents())
        self.spend_model = RowsTableModel(SPEND_COLUMNS, self)
        self.spend = make_table_view(self.spend_model, self, stretch=None)
        self._build()
        self.show_action(None, None)

    def _build(self) -> None:
        history = QWidget()
        column = QVBoxLayout(history)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(_heading(self.tr("Progress updates (newest first)")))
        column.addWidget(self.updates)
        self.money = money = QWidget()
        column = QVBoxLayout(money)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(_heading(self.tr("Spend by quarter")))
        column.addWidget(self.spend)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(history)
        split.addWidget(money)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.rag)
        layout.addWidget(self.facts)
        layout.addWidget(split, 1)

    def show_action(self, db: Database | None, action: ActionRow | None) -> None:
        if db is None or action is None:
            self.title.setText(self.tr("<i>Choose an action to see its updates and "
                                       "spend.</i>"))
            for label in (self.rag, self.facts):
                label.clear()
            self.updates_model.set_rows([])
            self.spend_model.set_rows([])
            return
        self.title.setText(f"<b>{action.position}. {html.escape(action.title)}</b>")
        self.rag.setText(f"<b>{tinted_html(action.rag.label, action.rag.colour)}</b>: "
                         f"{html.escape(action.rag.reason)}")
        self.facts.setText(self._facts(action))
        self.updates_model.set_rows(list_updates(db, action.id))
        self.spend_model.set_rows(list_spend(db, action.id))
        fit_columns(self.updates, max_width=120)
        self.updates.resizeRowsToContents()
        fit_columns(self.spend)

    def _facts(self, a: ActionRow) -> str:
        parts = []
        if a.owner or a.owner_officer:
            owner = ", ".join(p for p in (a.owner_officer, a.owner) if p)
            parts.append(self.tr("<b>Owner</b> {owner}").format(owner=html.escape(owner)))
        if a.planned_start or a.planned_end:
            parts.append(self.tr("<b>Planned</b> {start} to {end}").format(
                start=format_date(a.planned_start) or "?", end=format_date(a.planned_end) or "?"))
        if a.completed_on:
            parts.append(self.tr("<b>Completed</b> {day}").format(day=format_date(a.completed_on)))
        if a.budget_pence is not None:
            parts.append(self.tr("<b>Budget</b> {budget}, <b>spent</b> {spent}").format(
                budget=format_pounds(a.budget_pence), spent=format_pounds(a.spent_pence)))
        if a.output:
            parts.append(self.tr("<b>Output</b> {output}").format(output=html.escape(a.output)))
        if a.priority:
            parts.append(self.tr("<b>Priority</b> {p}").format(p=html.escape(a.priority)))
        if a.location:
            parts.append(self.tr("<b>Location</b> {p}").format(p=html.escape(a.location)))
        if a.evidence:
            parts.append(self.tr("<b>Evidence</b> {links}").format(links=_links(a.evidence)))
        return " &nbsp;·&nbsp; ".join(parts)


def _links(text: str) -> str:
    """Evidence lines as links where they are web addresses, plain text otherwise."""
    shown = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        safe = html.escape(line)
        shown.append(f"<a href='{safe}'>{safe}</a>" if line.startswith(("http://", "https://"))
                     else safe)
    return ", ".join(shown)
