"""The Priorities tab: the year's priority register, a list beside the chosen priority."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cspdesk.dates import format_date
from cspdesk.priorities import Priority, financial_years, list_priorities

from ..table_model import Column, RowsTableModel
from .base import Tab, refill_combo

PCP = {"named": "Named in the Police and Crime Plan",
       "covered under a heading": "Covered in the Police and Crime Plan under",
       "not mentioned": "Not mentioned in the Police and Crime Plan"}


def priority_html(p: Priority) -> str:
    """The priority as the register reads: its evidence, structure and local concerns."""

    def section(title: str, text: str | None) -> str:
        body = html.escape(text).replace("\n", "<br>") if text else \
            "<i>Not recorded.</i>"
        return f"<h4>{title}</h4><p>{body}</p>"

    pcp = PCP.get(p.pcp_coverage, p.pcp_coverage)
    if p.pcp_heading:
        pcp += f" “{p.pcp_heading}”"
    facts = [
        ("Status", p.status.capitalize()),
        ("Why a priority", p.basis.capitalize()),
        ("Districts", ", ".join(p.districts) or "Not recorded"),
        ("Lead", ", ".join(x for x in (p.lead_officer, p.lead_organisation) if x) or
         "Not recorded"),
        ("Agreed at", p.agreed_meeting and _meeting(p.agreed_meeting) or "Not recorded"),
        ("Review date", format_date(p.review_date) or "Not set"),
        ("Police and Crime Plan", pcp),
    ]
    rows = "".join(f"<tr><td><b>{k}</b></td><td>{html.escape(v)}</td></tr>" for k, v in facts)
    notes = f"<p><i>{html.escape(p.notes)}</i></p>" if p.notes else ""
    return (f"<h2>{p.position}. {html.escape(p.title)}</h2>{notes}"
            f"<table cellspacing='0' cellpadding='3'>{rows}</table>"
            + section("Evidence", p.evidence)
            + section("Current structure", p.current_structure)
            + section("Local concerns and response", p.local_concerns))


def _meeting(text: str) -> str:
    group, _, day = text.partition(" ")
    return f"{group} meeting of {format_date(day)}"


class PrioritiesTab(Tab):
    title = "Priorities"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("No priority register yet"),
            self.tr("This database holds no priorities. The Joint Strategic Group's "
                    "priorities for each financial year, with their evidence, current "
                    "structure and local concerns, appear here once they are recorded."),
            parent,
        )
        self.year = QComboBox()
        self.year.currentIndexChanged.connect(self._show_year)
        self.count_label = QLabel()
        self.model = RowsTableModel([
            Column(self.tr("Priority"), lambda p: f"{p.position}. {p.title}",
                   tooltip=lambda p: ", ".join(p.districts)),
        ], self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_priority(current.row()))
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self._priorities: list[Priority] = []
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 900])
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Financial year:")))
        bar.addWidget(self.year)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self.content)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    def load(self) -> bool:
        assert self.db is not None
        years = financial_years(self.db)
        refill_combo(self.year, [(y, y) for y in years])
        self._show_year()
        return bool(years)

    def _show_year(self) -> None:
        if self.db is None or not self.year.currentText():
            return
        self._priorities = list_priorities(self.db, self.year.currentText())
        self.model.set_rows(self._priorities)
        self.count_label.setText(self.tr("{n} priorities").format(n=len(self._priorities)))
        if self._priorities:
            self.list.setCurrentIndex(self.model.index(0, 0))
        else:
            self.detail.clear()

    def _show_priority(self, row: int) -> None:
        if 0 <= row < len(self._priorities):
            self.detail.setHtml(priority_html(self._priorities[row]))
        else:
            self.detail.clear()
