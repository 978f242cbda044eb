"""The Performance tab: the comparison table the analyst reports, the monthly figures behind
it, hotspots, data-quality flags, and the areas and measures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cspdesk.performance.areas import ensure_standard_measures, load_default_area_tree
from cspdesk.performance.monthly import grid_years
from cspdesk.performance.periods import Period, month_label
from cspdesk.performance.quality import QualityFlag, quality_flags
from cspdesk.performance.totals import area_tree, has_counts, measures, months_with_counts
from cspdesk.store.backups import backup_before_import
from cspdesk.store.database import database_path
from ui.background import on_own_connection, run_in_background
from ui.exports import XLSX, export_in_background, when_used
from ui.performance.areas_page import AreasPage
from ui.performance.comparison_page import ComparisonPage
from ui.performance.hotspots_page import HotspotsPage
from ui.performance.monthly_page import MonthlyPage
from ui.widgets.empty_state import EmptyState
from ui.widgets.folders import remember_folder, start_folder
from ui.widgets.sub_pages import ReadWhenChosen
from ui.widgets.tab import Tab
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view

if TYPE_CHECKING:
    from cspdesk.performance.police_uk.importer import ImportReport

# Loaded with openpyxl when the officer first exports, not when the window opens.
export_comparison_xlsx = when_used("cspdesk.performance.comparison:export_comparison_xlsx")
comparison_document = when_used("cspdesk.reports.prints:comparison_document")  # printing
offer_new_districts = when_used("ui.setup.new_districts:offer_new_districts")  # after imports

QUALITY_COLUMNS = [
    Column("Area", lambda f: f.area),
    Column("Measure", lambda f: f.measure),
    Column("Month", lambda f: f.month, month_label),
    Column("Why it is flagged", lambda f: f.reason),
]


class QualityPage(QWidget):
    """The months flagged, with what flags a month; with none, an empty state saying so."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = RowsTableModel(QUALITY_COLUMNS, self)
        self.view = make_table_view(self.model, self)
        self.empty = EmptyState(self.tr("No data-quality flags"), self.tr(
            "Every area's monthly figures for every measure were checked. None is far below "
            "the months either side (police.uk has months where a force's supply was "
            "incomplete), and no month is missing between the first and last with counts."))
        self.results = QStackedWidget()
        self.results.addWidget(self.view)
        self.results.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.results)

    def show_flags(self, flags: list[QualityFlag]) -> None:
        self.model.set_rows(flags)
        fit_columns(self.view)
        self.summary.setVisible(bool(flags))
        self.results.setCurrentWidget(self.view if flags else self.empty)
        if not flags:
            return  # the empty state says it; the summary is hidden
        flagged = self.tr("1 month flagged.") if len(flags) == 1 else \
            self.tr("{n} months flagged.").format(n=f"{len(flags):,}")
        self.summary.setText(flagged + " " + self.tr(
            "A month is flagged when its count is far below the months either side (police.uk "
            "has months where a force's supply was incomplete) or when it is missing between "
            "the first and last months with counts."))


class PerformanceTab(Tab):
    title = "Performance"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("No performance figures yet"),
            self.tr("This database holds no monthly crime or anti-social behaviour counts. "
                    "Import police.uk street-level files, or type counts by hand, and each "
                    "area's figure and its change against the same period last year appear "
                    "here."),
            parent,
            empty_action=self.tr("Import or type figures…"),
        )
        self.comparison = ComparisonPage()
        self.monthly = MonthlyPage()
        self.hotspots = HotspotsPage()
        self.quality = QualityPage()
        self.areas = AreasPage()
        self.pages = QTabWidget()
        for page, name in ((self.comparison, "Comparison"), (self.monthly, "Monthly figures"),
                           (self.hotspots, "Hotspots"), (self.quality, "Data quality"),
                           (self.areas, "Areas and measures")):
            self.pages.addTab(page, self.tr(name))
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.pages)
        self.reading = ReadWhenChosen(self.pages)
        self.monthly.import_requested.connect(self.import_files)
        self.hotspots.import_requested.connect(self.import_files)
        self.monthly.changed.connect(self._figures_changed)
        self.areas.changed.connect(self._changed)
        self.comparison.export_requested.connect(self.export_comparison)
        self.empty_state.action_clicked.connect(self.start)

    def load(self) -> bool:
        """The page on screen reads its data now, each of the others the first time it is
        chosen (the Data quality page reads every count of every measure)."""
        assert self.db is not None
        self.reading.read(self.monthly, self._read_monthly)
        self._follow_figures()
        self.reading.read(self.areas, self._read_areas)
        return has_counts(self.db)

    def _follow_figures(self) -> None:
        """The pages built on the counts (the comparison, hotspots, data quality) show them
        as they now are: the one on screen at once, the others when next chosen."""
        self.reading.read(self.comparison, self._read_comparison)
        self.reading.read(self.hotspots, self._read_hotspots)
        self.reading.read(self.quality, self._read_quality)

    def _read_monthly(self) -> None:
        if self.db is not None:
            years, first_year = grid_years(self.db, dt.date.today())
            self.monthly.set_database(self.db, measures(self.db), years, first_year)

    def _read_comparison(self) -> None:
        if self.db is not None:
            self.comparison.set_database(self.db, measures(self.db), months_with_counts(self.db))

    def _read_hotspots(self) -> None:
        if self.db is not None:
            self.hotspots.set_database(self.db, months_with_counts(self.db))

    def _read_areas(self) -> None:
        if self.db is not None:
            self.areas.set_database(self.db)

    def _read_quality(self) -> None:
        if self.db is not None:
            self.quality.show_flags(quality_flags(self.db))

    def _figures_changed(self) -> None:
        """Counts or notes saved in the grid: the other pages follow at once, and the grid
        stays where the officer is typing (reloading it would close the editor)."""
        if self.db is None:
            return
        self._follow_figures()
        self.data_changed.emit()

    def sub_pages(self) -> list[tuple[str, Any]]:
        return [(slug, lambda page=page: self.pages.setCurrentWidget(page))
                for slug, page in (("monthly", self.monthly), ("hotspots", self.hotspots),
                                   ("quality", self.quality), ("areas", self.areas))]

    def save_edits(self) -> str:
        """Ctrl+S: save the hotspot notes being written (counts are saved as typed)."""
        if not self.monthly.notes_unsaved():
            return self.tr("Nothing to save: monthly counts are saved as each one is typed.")
        self.monthly.save_notes.click()
        return self.tr("Saved the hotspot notes.")

    def start(self) -> None:
        """First figures in a new database: the standard measures, and the demo's area tree
        if the officer wants it as a start; then the grid to type into or import."""
        assert self.db is not None
        ensure_standard_measures(self.db)
        if not area_tree(self.db):
            answer = QMessageBox.question(
                self, self.tr("Areas"), self.tr(
                    "This database has no areas yet. Start with the Nottinghamshire tree "
                    "(force, county and city, three CSPs, seven districts) and edit it for "
                    "your force?"))
            if answer == QMessageBox.StandardButton.Yes:
                load_default_area_tree(self.db)
        self.refresh()
        self.show_content()
        self.pages.setCurrentWidget(self.monthly if area_tree(self.db) else self.areas)

    def _changed(self) -> None:
        was_empty = self.showing_empty_state()
        self.refresh()
        if was_empty:
            self.show_content()
        self.data_changed.emit()

    # Import and export ---------------------------------------------------------------------

    def import_files(self) -> None:
        if self.db is None:
            return
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import police.uk files"), str(start_folder(self, Path.home())),
            self.tr("police.uk street-level data (*.csv *.zip);;All files (*)"))
        if not names:
            return
        remember_folder(self, names[0])
        source = database_path(self.db)
        assert source is not None

        def job(worker_db: Any, progress: Any, cancelled: Any) -> ImportReport:
            from cspdesk.performance.police_uk.importer import import_police_uk  # pandas

            backup_before_import(worker_db, progress, cancelled)
            return import_police_uk(worker_db, names, progress, cancelled)

        run_in_background(
            self, self.tr("Importing police.uk files…"),
            on_own_connection(source, job),
            self._imported,
            lambda message: QMessageBox.warning(self, self.tr("Import failed"), message + "\n\n"
                                                + self.tr("Nothing was imported.")),
            lambda: QMessageBox.information(self, self.tr("Import cancelled"),
                                            self.tr("Nothing was imported.")))

    def _imported(self, report: ImportReport) -> None:
        months = ", ".join(month_label(m.month) for m in report.months)
        text = self.tr("Imported {files} files: {months}.").format(
            files=len(report.files), months=months)
        if report.warnings:
            text += "\n\n" + "\n".join(report.warnings[:12])
        QMessageBox.information(self, self.tr("police.uk import"), text)
        if self.db is not None:
            offer_new_districts(self, self.db, report.outside_districts)
        self._changed()

    def export_comparison(self, measure: str, period: Period, method: str) -> None:
        if self.db is None:
            return
        name = f"{measure} {period.label}.xlsx".replace("/", "-")
        export_in_background(self, self.db, self.tr("Comparison"), name, XLSX,
                             lambda db, path: export_comparison_xlsx(
                                 db, path, measure, period, method, overwrite=True))

    def print_choices(self) -> list[tuple[str, Any]]:
        """The comparison as chosen on its page: measure, period and test."""
        page = self.comparison
        self.reading.read_now(page)  # as the counts now are, even when not on screen
        period, measure = page.picker.period(), page.measure.currentText()
        if self.db is None or period is None or not measure:
            return []
        db, method = self.db, page.method.currentData()
        return [(f"The comparison: {measure}, {period.label} against {period.previous_label}",
                 lambda: comparison_document(db, measure, period, method))]
