"""The Safer Streets tab: funded programmes and action plans, their actions, money and progress."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from typing import Any

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cspdesk.dates import format_date
from cspdesk.money import format_pounds
from cspdesk.programmes.programmes import Programme, default_as_at, list_programmes
from cspdesk.store.database import database_path
from ui.exports import XLSX, export_in_background, when_used
from ui.privacy.audit_dialog import add_history
from ui.programmes.actions_page import ActionsPage
from ui.programmes.dashboard_page import DashboardPage
from ui.programmes.dialogs import programme_dialog
from ui.widgets.choosers import refill_combo
from ui.widgets.forms import date_edit, read_date
from ui.widgets.tab import Tab
from ui.widgets.whats_this import explain

# Loaded with openpyxl when the officer first exports, not when the window opens.
export_action_tracker = when_used("cspdesk.programmes.exports:export_action_tracker")
export_monitoring_return = when_used("cspdesk.programmes.exports:export_monitoring_return")
return_quarters = when_used("cspdesk.programmes.exports:return_quarters")
action_tracker_document = when_used("cspdesk.reports.prints:action_tracker_document")  # printing


def programme_summary(p: Programme, spent_pence: int) -> str:
    """One line about a programme: award and spend (``spent_pence``, the spend as at the
    day shown, the dashboard's figure), dates, themes, actions."""
    parts = []
    if p.kind == "funded" and p.award_pence is not None:
        parts.append(f"<b>Award</b> {format_pounds(p.award_pence)}"
                     f" &nbsp; <b>Spent</b> {format_pounds(spent_pence)}")
    elif p.kind == "action plan":
        parts.append("<b>Action plan</b> (no money)")
    if p.start_date or p.end_date:
        parts.append(f"<b>Runs</b> {format_date(p.start_date)} to {format_date(p.end_date)}")
    if p.themes:
        parts.append("<b>Themes</b> " + html.escape(", ".join(p.themes)))
    parts.append(f"<b>Actions</b> {p.actions} ({p.complete} complete)")
    return " &nbsp;·&nbsp; ".join(parts)


class ProgrammesTab(Tab):
    """``settings`` remembers the "as at" day the officer last chose for each programme;
    without it the choice lasts as long as the tab."""

    title = "Safer Streets"

    def __init__(self, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(
            self.tr("No programmes or action plans yet"),
            self.tr("This database holds no funded programmes (such as a Safer Streets "
                    "round) and no action plans. Their actions, budgets, spend and progress "
                    "updates appear here once they are recorded."),
            parent, empty_action=self.tr("Add a programme or action plan…"),
        )
        self._programmes: list[Programme] = []
        self.settings = settings
        self._chosen: dict[str, str] = {}  # the "as at" days chosen, without settings
        self.programme = QComboBox()
        self.programme.setMinimumContentsLength(30)
        self.programme.currentIndexChanged.connect(self._programme_chosen)
        add_history(self.programme, lambda: (self.db, "programmes", p.id, p.name)
                    if (p := self.current_programme()) else None)
        self.as_at = date_edit(dt.date.today())
        self.as_at.setToolTip(self.tr("RAG status, spend and forecasts are worked out as at "
                                      "this day"))
        self.as_at.dateChanged.connect(self._as_at_chosen)
        explain(self.as_at, "as at")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.actions = ActionsPage()
        self.dashboard = DashboardPage()
        self.pages = QTabWidget()
        self.pages.addTab(self.actions, self.tr("Actions"))
        self.pages.addTab(self.dashboard, self.tr("Dashboard"))
        # The grid the main window's Copy and tests reach through the tab.
        self.model, self.view = self.actions.model, self.actions.view
        self._build()
        self.actions.changed.connect(self._changed)
        self.actions.export_tracker_requested.connect(self.export_tracker)
        self.actions.return_requested.connect(self.export_return)
        self.empty_state.action_clicked.connect(self.add_programme)

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Programme:")))
        bar.addWidget(self.programme)
        for text, slot in ((self.tr("New…"), self.add_programme),
                           (self.tr("Edit…"), self.edit_programme)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(QLabel(self.tr("As at:")))
        bar.addWidget(self.as_at)
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.pages, 1)

    def load(self) -> bool:
        assert self.db is not None
        self._programmes = list_programmes(self.db)
        refill_combo(self.programme, [(p.name, p.id) for p in self._programmes])
        self._show_as_at(self.current_programme())
        self.show_programme()
        return bool(self._programmes)

    def sub_pages(self) -> list[tuple[str, Any]]:
        return [("dashboard", lambda: self.pages.setCurrentWidget(self.dashboard))]

    def current_programme(self) -> Programme | None:
        programme_id = self.programme.currentData()
        return next((p for p in self._programmes if p.id == programme_id), None)

    def as_at_day(self) -> dt.date:
        return read_date(self.as_at) or dt.date.today()

    def show_programme(self) -> None:
        programme = self.current_programme()
        self.actions.set_programme(self.db, programme, self.as_at_day())
        self.dashboard.show_programme(self.db, programme, self.as_at_day())
        self._show_summary(programme)

    def _show_summary(self, programme: Programme | None) -> None:
        """The line above the pages; its spend is the dashboard's, as at the same day."""
        shown = self.dashboard.dashboard
        self.summary.setText(programme_summary(programme, shown.spent_pence)
                             if programme and shown else "")

    def select_programme(self, programme_id: int) -> None:
        self.programme.setCurrentIndex(max(self.programme.findData(programme_id), 0))

    def _changed(self) -> None:
        """A page wrote: totals, the dashboard and the other tabs show it."""
        assert self.db is not None
        shown = self.programme.currentData()
        self._programmes = list_programmes(self.db)
        refill_combo(self.programme, [(p.name, p.id) for p in self._programmes])
        self.select_programme(shown)
        programme = self.current_programme()
        self.actions.programme = programme
        self.dashboard.show_programme(self.db, programme, self.as_at_day())
        self._show_summary(programme)
        self.data_changed.emit()

    # The "as at" day: the officer's last choice for the programme, else its last update --

    def _programme_chosen(self) -> None:
        self._show_as_at(self.current_programme())
        self.show_programme()

    def _as_at_chosen(self) -> None:
        programme = self.current_programme()
        if self.db is not None and programme is not None:
            key, day = self._as_at_key(programme), self.as_at_day().isoformat()
            self._chosen[key] = day
            if self.settings is not None:
                self.settings.setValue(key, day)
        self.show_programme()

    def _show_as_at(self, programme: Programme | None) -> None:
        if self.db is None or programme is None:
            return
        key = self._as_at_key(programme)
        chosen = self._chosen.get(key) or (
            self.settings.value(key) if self.settings is not None else None)
        try:
            day = dt.date.fromisoformat(str(chosen))
        except ValueError:  # none chosen yet (or not a date)
            day = default_as_at(self.db, programme.id, dt.date.today())
        self.as_at.blockSignals(True)
        self.as_at.setDate(QDate(day.year, day.month, day.day))
        self.as_at.blockSignals(False)

    def _as_at_key(self, programme: Programme) -> str:
        """The settings key of a programme's "as at" day, one per database file."""
        assert self.db is not None
        where = str(database_path(self.db) or "memory")
        return f"programmes/asAt/{hashlib.sha1(where.encode()).hexdigest()[:16]}/{programme.id}"

    # Programmes ----------------------------------------------------------------------------

    def add_programme(self) -> None:
        if self.db is None:
            return
        dialog = programme_dialog(self.db, self)
        if dialog.exec():
            self.refresh()
            self.select_programme(dialog.saved_id)
            self.data_changed.emit()

    def edit_programme(self) -> None:
        programme = self.current_programme()
        if self.db is not None and programme is not None and \
                programme_dialog(self.db, self, programme).exec():
            self.refresh()
            self.data_changed.emit()

    # Exports -------------------------------------------------------------------------------

    def export_tracker(self) -> None:
        programme = self.current_programme()
        if self.db is None or programme is None:
            return
        district, priority = self.actions.district.currentData(), \
            self.actions.priority.currentData()
        as_at = self.as_at_day()
        export_in_background(
            self, self.db, self.tr("Action tracker"), f"{programme.name} action tracker.xlsx",
            XLSX, lambda db, path: export_action_tracker(
                db, programme.id, path, district, priority, as_at, overwrite=True))

    def export_return(self) -> None:
        programme = self.current_programme()
        if self.db is None or programme is None:
            return
        quarters, offered = return_quarters(programme, self.as_at_day())
        # The question names the programme, which makes the dialog wide enough for its title.
        question = self.tr("Which quarter's monitoring return for {programme}?").format(
            programme=programme.name)
        quarter, ok = QInputDialog.getItem(
            self, self.tr("Monitoring return"), question, quarters,
            quarters.index(offered), False)
        if not ok:
            return
        export_in_background(
            self, self.db, self.tr("Monitoring return"),
            f"{programme.name} monitoring return {quarter.replace('/', '-')}.xlsx", XLSX,
            lambda db, path: export_monitoring_return(db, programme.id, quarter, path,
                                                      overwrite=True))

    def print_choices(self) -> list[tuple[str, Any]]:
        """The programme's actions as filtered, with their RAG on the "as at" day."""
        programme = self.current_programme()
        if self.db is None or programme is None:
            return []
        db, as_at = self.db, self.as_at_day()
        district, priority = self.actions.district.currentData(), \
            self.actions.priority.currentData()
        return [(f"The {programme.name} action tracker", lambda: action_tracker_document(
            db, programme.id, district, priority, as_at))]
