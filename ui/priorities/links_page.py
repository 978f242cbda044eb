"""What a priority is linked to: its measures' latest change against last year, and the
actions that deliver it (kept in the Safer Streets tab, shown here read-only)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cspdesk.dates import format_date
from cspdesk.priorities.links import (
    LinkedAction,
    MeasureChange,
    linked_actions,
    measure_changes,
)
from cspdesk.store.connection import Database
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view

RIGHT = Qt.AlignmentFlag.AlignRight


def _number(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


MEASURE_COLUMNS = [
    Column("Measure", lambda m: m.measure),
    Column("Period", lambda m: m.period.label if m.period else ""),
    Column("Count", lambda m: m.count, _number, RIGHT),
    Column("Year before", lambda m: m.previous, _number, RIGHT),
    Column("Change", lambda m: m.change_pct, lambda v: "" if v is None else f"{v:+.0f}%",
           RIGHT),
    Column("Note", lambda m: m.note or "", tooltip=lambda m: m.note),
]

ACTION_COLUMNS = [
    Column("Programme", lambda a: a.programme),
    Column("#", lambda a: a.position, align=RIGHT),
    Column("Action", lambda a: a.title, tooltip=lambda a: a.title),
    Column("Status", lambda a: a.status.capitalize()),
    Column("Due", lambda a: a.planned_end, format_date),
    Column("Owner", lambda a: a.owner),
]


def links_summary(changes: list[MeasureChange], actions: list[LinkedAction]) -> str:
    """One line for the top of the priority: each measure's change, and the actions."""
    parts = []
    for m in changes:
        if m.change_pct is not None and m.period is not None:
            parts.append(f"{m.measure} {m.change_text} ({m.period.label})")
        else:
            parts.append(f"{m.measure}: no figure")
    done = sum(1 for a in actions if a.status == "complete")
    if actions:
        parts.append(f"{len(actions)} actions ({done} complete)")
    return " · ".join(parts) if parts else "No measures or actions linked"


class LinksPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.measures_caption = QLabel()
        self.measures_caption.setWordWrap(True)
        self.measures = RowsTableModel(MEASURE_COLUMNS, self)
        self.measures_view = make_table_view(self.measures, self)
        self.measures_view.setMaximumHeight(110)
        self.actions_caption = QLabel()
        self.actions_caption.setWordWrap(True)
        self.actions = RowsTableModel(ACTION_COLUMNS, self)
        self.actions_view = make_table_view(self.actions, self, stretch=2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.measures_caption)
        layout.addWidget(self.measures_view)
        layout.addSpacing(6)
        layout.addWidget(self.actions_caption)
        layout.addWidget(self.actions_view, 1)

    def show_priority(self, db: Database | None, priority_id: int | None) -> str:
        """Show the saved links of a priority; returns the one-line summary."""
        changes = measure_changes(db, priority_id) if db and priority_id else []
        actions = linked_actions(db, priority_id) if db and priority_id else []
        self.measures.set_rows(changes)
        self.actions.set_rows(actions)
        area = next((m.area for m in changes if m.area), None)
        where = self.tr(" for {area}, the partnership's home area").format(area=area) \
            if area else ""
        self.measures_caption.setText(
            self.tr("<b>Measures that track this priority</b>: the latest change against the "
                    "year before{where}. Tick measures in the register entry to link them; "
                    "figures follow the saved links.").format(where=where))
        self.actions_caption.setText(
            self.tr("<b>Actions that deliver it</b> ({n}), from the Safer Streets tab, "
                    "where they are edited.").format(n=len(actions)))
        fit_columns(self.measures_view)
        fit_columns(self.actions_view)
        return links_summary(changes, actions)
