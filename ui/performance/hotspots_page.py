"""Hotspots: the LSOAs of a district with the most incidents and the biggest rises."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cspdesk.performance.hotspots import (
    Hotspot,
    crime_type_choices,
    has_lsoa_counts,
    hotspots,
    months_with_lsoa_counts,
)
from cspdesk.performance.periods import month_label
from cspdesk.performance.totals import area_tree
from cspdesk.store.connection import Database
from ui.performance.period_picker import PeriodPicker
from ui.widgets.charts import Chart, pg, style_plot
from ui.widgets.choosers import compact, refill_combo
from ui.widgets.empty_state import EmptyState
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view
from ui.widgets.whats_this import explain

RIGHT = Qt.AlignmentFlag.AlignRight


def hotspot_columns(now: str, before: str) -> list[Column]:
    return [
        Column("LSOA", lambda h: h.lsoa_name, tooltip=lambda h: h.lsoa_code),
        Column(before, lambda h: h.previous, lambda v: f"{v:,}", RIGHT),
        Column(now, lambda h: h.count, lambda v: f"{v:,}", RIGHT),
        Column("Change", lambda h: h.change, lambda v: f"{v:+,}", RIGHT),
    ]


class HotspotsPage(QWidget):
    """The district, period and crime type chosen; below, the two tables and the chart, or,
    where there are no counts by LSOA for them, what brings them (with the import)."""

    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.district = QComboBox()
        self.crime_type = QComboBox()
        self.picker = PeriodPicker()
        compact(self.district, self.crime_type)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.most = RowsTableModel([], self)
        self.rises = RowsTableModel([], self)
        self.most_view = make_table_view(self.most, self, stretch=0)
        self.rises_view = make_table_view(self.rises, self, stretch=0)
        for widget, term in ((self.most_view, "hotspots"), (self.rises_view, "hotspots"),
                             (self.crime_type, "measure")):
            explain(widget, term)
        self.chart = Chart()
        style_plot(self.chart, grid_x=False, grid_y=False)
        self.empty = EmptyState(self.tr("No counts by LSOA"), "",
                                action=self.tr("Import police.uk files…"))
        self.empty.action_clicked.connect(self.import_requested)
        self.results = QStackedWidget()
        for signal in (self.district.currentIndexChanged, self.crime_type.currentIndexChanged):
            signal.connect(self.refresh)
        self.picker.changed.connect(self.refresh)
        self._build()

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("District:")))
        bar.addWidget(self.district)
        bar.addWidget(self.picker)
        bar.addWidget(QLabel(self.tr("Crime type:")))
        bar.addWidget(self.crime_type)
        bar.addStretch(1)
        tables = QSplitter(Qt.Orientation.Horizontal)
        for title, view in ((self.tr("Most incidents"), self.most_view),
                            (self.tr("Biggest rises"), self.rises_view)):
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(QLabel(f"<b>{title}</b>"))
            column.addWidget(view)
            tables.addWidget(box)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(tables)
        self.split.addWidget(self.chart)
        self.split.setSizes([320, 300])
        self.results.addWidget(self.split)
        self.results.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addWidget(self.results, 1)

    def set_database(self, db: Database | None, months: list[str]) -> None:
        self.db = db
        if db is None:
            return
        tree = area_tree(db)
        parents = {a.parent_id for a in tree}
        districts = [a.name for a in tree if a.id not in parents and a.level != "force"]
        refill_combo(self.district, [(name, name) for name in districts])
        refill_combo(self.crime_type, crime_type_choices(db))
        self.picker.set_months(months)
        self.refresh()

    def refresh(self) -> None:
        period = self.picker.period()
        if self.db is None or period is None or not self.district.currentText():
            return
        chosen = self.crime_type.currentText()
        most, rises = hotspots(self.db, self.district.currentText(), list(period.months),
                               list(period.previous_months), self.crime_type.currentData())
        held = months_with_lsoa_counts(self.db, period.months)
        held_before = months_with_lsoa_counts(self.db, period.previous_months)
        if not held_before:
            rises = []  # with nothing to compare against, every LSOA would look like a rise
        columns = hotspot_columns(period.label, period.previous_label)
        if not held_before:  # a 0 there would mean "no data", not "no incidents"
            columns = [columns[0], columns[2]]
        self.most.set_rows(most, columns)
        self.rises.set_rows(rises, columns)
        fit_columns(self.most_view)
        fit_columns(self.rises_view)
        self.note.setVisible(bool(most))
        if not most:
            self.empty.explanation_label.setText(self._empty_text(chosen, period.label))
            self.results.setCurrentWidget(self.empty)
        else:
            self.results.setCurrentWidget(self.split)
            self.note.setText(self.tr("{crime} in {district}: {period} against {previous}, "
                                      "by LSOA (from police.uk). {coverage}").format(
                crime=chosen, district=self.district.currentText(), period=period.label,
                previous=period.previous_label,
                coverage=self._coverage(period.months, held, held_before)))
        self._draw(most)

    def _empty_text(self, crime: str, period: str) -> str:
        """Why there is nothing to show, and what brings it."""
        assert self.db is not None
        if not has_lsoa_counts(self.db):
            return self.tr(
                "The most incidents and the biggest rises by LSOA come from police.uk "
                "street-level files, which give each record's LSOA. This database holds none "
                "yet: import a month or more of the force's files.")
        what = self.tr("a record") if self.crime_type.currentData() is None else \
            self.tr("a record of {crime}").format(crime=crime.lower())
        return self.tr(
            "None of the police.uk files imported gives {what} in the LSOAs of {district} in "
            "{period}. Choose another period or crime type, or import the files of those "
            "months.").format(what=what, district=self.district.currentText(), period=period)

    def _coverage(self, months: tuple[str, ...], held: list[str], before: list[str]) -> str:
        """Say plainly when the LSOA counts cover only part of the period."""
        parts = []
        if len(held) < len(months):
            parts.append(self.tr("Counts by LSOA cover {n} of its {m} months ({which}).").format(
                n=len(held), m=len(months), which=", ".join(month_label(x) for x in held)))
        if not before:
            parts.append(self.tr("There are none for the year before, so no rises are shown."))
        elif len(before) < len(months):
            parts.append(self.tr("The year before has {n} of {m} months.").format(
                n=len(before), m=len(months)))
        return " ".join(parts)

    def _draw(self, most: list[Hotspot]) -> None:
        if self.chart.draw_when_shown(lambda: self._draw(most)):
            return  # drawn when first shown: the window opens without pyqtgraph
        self.chart.clear()
        if not most:
            return
        ys = list(range(len(most) - 1, -1, -1))
        self.chart.addItem(pg.BarGraphItem(x0=0, y=ys, height=0.6,
                                           width=[h.count for h in most], brush="#1f4e79"))
        axis = self.chart.getAxis("left")
        axis.setTicks([list(zip(ys, [h.lsoa_name for h in most], strict=True))])
        axis.setWidth(170)
        self.chart.setTitle("Most incidents by LSOA", color="#1c1c1c")
