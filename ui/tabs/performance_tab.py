"""The Performance tab: each area's count for a financial year against the year before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cspdesk.dates import previous_financial_year
from cspdesk.performance import (
    ComparisonRow,
    compare_financial_years,
    financial_years_with_counts,
    measures,
)

from ..table_model import Column, RowsTableModel
from .base import Tab, fit_columns, make_table_view, refill_combo

RIGHT = Qt.AlignmentFlag.AlignRight
LEVELS = {"force": "Force", "county": "County", "city": "City", "csp": "CSP",
          "district": "District"}


def _count(value: int | None) -> str:
    return "missing" if value is None else f"{value:,}"


def _change(row: ComparisonRow) -> str:
    pct = row.change_pct
    if pct is None:
        return "–"
    difference = (row.count or 0) - (row.previous or 0)
    return f"{pct:+.0f}%  ({difference:+,})"


class ComparisonModel(RowsTableModel):
    """Colours a rise in red and a fall in green, as the analyst's report does."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[override]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4:
            pct = self.row_at(index.row()).change_pct
            if pct:
                return QColor("#b3261e") if pct > 0 else QColor("#1b6e3a")
        return super().data(index, role)


class PerformanceTab(Tab):
    title = "Performance"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("No performance figures yet"),
            self.tr("This database holds no monthly crime or anti-social behaviour counts. "
                    "Once counts are recorded for the areas, each area's figure for a "
                    "financial year and its change against the same period last year "
                    "appear here."),
            parent,
        )
        self.measure = QComboBox()
        self.year = QComboBox()
        self.measure.currentIndexChanged.connect(self._show_comparison)
        self.year.currentIndexChanged.connect(self._show_comparison)
        self.heading = QLabel()
        self.heading.setObjectName("tabHeading")
        self.model = ComparisonModel([], self)
        self.view = make_table_view(self.model, self, stretch=None)
        self.view.setSortingEnabled(False)
        bar = QHBoxLayout()
        for label, combo in ((self.tr("Measure:"), self.measure),
                             (self.tr("Financial year:"), self.year)):
            bar.addWidget(QLabel(label))
            bar.addWidget(combo)
        bar.addStretch(1)
        layout = QVBoxLayout(self.content)
        layout.addLayout(bar)
        layout.addWidget(self.heading)
        layout.addWidget(self.view)

    def load(self) -> bool:
        assert self.db is not None
        years = financial_years_with_counts(self.db)
        refill_combo(self.measure, [(m, m) for m in measures(self.db)])
        refill_combo(self.year, [(y, y) for y in years])
        return bool(years) and self._show_comparison()

    def _show_comparison(self) -> bool:
        if self.db is None or not self.year.currentText() or not self.measure.currentText():
            return False
        fy = self.year.currentText()
        previous = previous_financial_year(fy)
        columns = [
            Column(self.tr("Area"), lambda r: "      " * r.depth + r.area),
            Column(self.tr("Level"), lambda r: LEVELS.get(r.level, r.level)),
            Column(previous, lambda r: r.previous, _count, RIGHT),
            Column(fy, lambda r: r.count, _count, RIGHT),
            Column(self.tr("Change"), lambda r: r, _change, RIGHT),
        ]
        rows = compare_financial_years(self.db, self.measure.currentText(), fy)
        self.model.set_rows(rows, columns)
        self.heading.setText(self.tr("{measure}, {fy} against {previous} (April to March)")
                             .format(measure=self.measure.currentText(), fy=fy,
                                     previous=previous))
        fit_columns(self.view, max_width=420)
        for column in (2, 3, 4):  # room for the figures, so the table reads like the report's
            self.view.setColumnWidth(column, max(self.view.columnWidth(column), 110))
        return True
