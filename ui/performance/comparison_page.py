"""The comparison: every area's count for a period against the same period last year."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cspdesk.errors import InputError
from cspdesk.performance.areas import level_heading
from cspdesk.performance.comparison import (
    SIGNIFICANCE_METHODS,
    ComparisonLine,
    change_text,
    compare,
    count_text,
    little_power_note,
    verdict,
)
from cspdesk.performance.periods import Period
from cspdesk.store.connection import Database
from ui.performance.period_picker import PeriodPicker
from ui.widgets.bar_chart import Bar, BarChart
from ui.widgets.choosers import compact, refill_combo
from ui.widgets.colours import TEXT, colour_text, text_colour
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view
from ui.widgets.whats_this import explain

RIGHT = Qt.AlignmentFlag.AlignRight
RISE, FALL, QUIET = "error", "good", "quiet"  # meanings (ui.widgets.colours); words too
BARS = {meaning: QColor(TEXT[meaning][0]) for meaning in (RISE, FALL, QUIET)}  # white chart


def comparison_columns(period: Period) -> list[Column]:
    return [
        Column("Area", lambda r: "      " * r.depth + r.area),
        Column("Level", lambda r: level_heading(r.level)),
        Column(period.previous_label, lambda r: r.previous, count_text, RIGHT),
        Column(period.label, lambda r: r.count, count_text, RIGHT),
        Column("Change", lambda r: r, change_text, RIGHT),
        Column("Significance", lambda r: r, verdict,
               tooltip=lambda r: verdict(r, evidence=True)),
        Column("Data quality", lambda r: "; ".join(r.flags),
               tooltip=lambda r: "\n".join(r.flags) or None),
    ]


class ComparisonModel(RowsTableModel):
    """Rises in red, falls in green, a change that is not significant in grey."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[override]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() in (4, 5):
            line = self.row_at(index.row())
            if line.change_pct is not None:
                if not line.significant:
                    return text_colour(QUIET)
                return text_colour(RISE if line.change_pct > 0 else FALL)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 6:
            return text_colour(RISE)
        return super().data(index, role)


class ComparisonPage(QWidget):
    """Measure, period and test chosen at the top; the table and a bar chart below."""

    export_requested = Signal(str, object, str)  # measure, period, method

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.measure = QComboBox()
        compact(self.measure)
        self.picker = PeriodPicker()
        self.method = QComboBox()
        for key, words in SIGNIFICANCE_METHODS.items():
            self.method.addItem(key.capitalize(), key)
            self.method.setItemData(self.method.count() - 1, words,
                                    Qt.ItemDataRole.ToolTipRole)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.method_note = QLabel()
        self.method_note.setWordWrap(True)
        self.message = QLabel()
        colour_text(self.message, "error")
        self.export_button = QPushButton(self.tr("Export to Excel…"))
        self.export_button.clicked.connect(self._export)
        self.model = ComparisonModel([], self)
        self.view = make_table_view(self.model, self, stretch=6)
        for widget, term in ((self.measure, "measure"), (self.method, "test"),
                             (self.view, "change")):
            explain(widget, term)
        self.view.setSortingEnabled(False)
        # Drawn with QPainter: the tab opens on this chart, without pyqtgraph and numpy.
        self.chart = BarChart(self.tr("Change against the same period last year (%)"))
        for signal in (self.measure.currentIndexChanged, self.method.currentIndexChanged):
            signal.connect(self.refresh)
        self.picker.changed.connect(self.refresh)
        self._build()

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Measure:")))
        bar.addWidget(self.measure)
        bar.addWidget(self.picker)
        bar.addWidget(QLabel(self.tr("Test:")))
        bar.addWidget(self.method)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.chart)
        split.setSizes([420, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.heading)
        layout.addWidget(self.method_note)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

    def set_database(self, db: Database | None, measures: list[str], months: list[str]) -> None:
        self.db = db
        refill_combo(self.measure, [(m, m) for m in measures])
        self.picker.blockSignals(True)  # one comparison worked out, not one a chooser
        self.picker.set_months(months)
        self.picker.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        period = self.picker.period()
        self.message.clear()
        if self.db is None or period is None or not self.measure.currentText():
            self.model.set_rows([], [])
            self._draw([])
            return
        method = self.method.currentData()
        try:
            lines = compare(self.db, self.measure.currentText(), period, method)
        except InputError as exc:
            self.message.setText(str(exc))
            return
        self.model.set_rows(lines, comparison_columns(period))
        fit_columns(self.view, max_width=360)
        self.heading.setText(self.tr("<b>{measure}</b>: {label} against {previous}").format(
            measure=self.measure.currentText(), label=period.label,
            previous=period.previous_label))
        self.method_note.setText(self.tr(
            "Significance: {words}. Grey changes are not significant: they are within what "
            "chance alone gives. {little_power}").format(
                words=SIGNIFICANCE_METHODS[method],
                little_power=little_power_note(lines)).rstrip())
        self._draw(lines)

    def _draw(self, lines: list[ComparisonLine]) -> None:
        """A bar for each area with a change: red a significant rise, green a significant
        fall, grey a change chance explains."""
        self.chart.set_bars([
            Bar(line.short_name or line.area, line.change_pct,
                BARS[(RISE if line.change_pct > 0 else FALL) if line.significant else QUIET])
            for line in lines if line.change_pct is not None])

    def _export(self) -> None:
        period = self.picker.period()
        if period is not None and self.measure.currentText():
            self.export_requested.emit(self.measure.currentText(), period,
                                       self.method.currentData())
