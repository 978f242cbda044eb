"""Choosing a period as the analyst says it: a month, the year to date, 12 months, a year."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from cspdesk.dates import financial_year_of
from cspdesk.errors import InputError
from cspdesk.performance.periods import Period, month_label, parse_period
from ui.widgets.choosers import compact, fit_to_items
from ui.widgets.whats_this import explain

KINDS = [("Financial year", "fy"), ("Financial year to date", "fytd"),
         ("Rolling 12 months", "r12"), ("Month", "month")]


class PeriodPicker(QWidget):
    """``changed`` is emitted when the chosen period changes; ``period()`` reads it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for text, key in KINDS:
            self.kind.addItem(self.tr(text), key)
        self.when = QComboBox()
        self.when.setMinimumContentsLength(14)
        explain(self.kind, "period")
        explain(self.when, "period")
        self._months: list[str] = []
        self.kind.currentIndexChanged.connect(self._fill_when)
        self.when.currentIndexChanged.connect(self.changed)
        compact(self.kind, characters=9)
        compact(self.when, characters=9)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.when)

    def set_months(self, months: list[str]) -> None:
        """The months holding counts, oldest first; the newest is chosen by default."""
        self._months = list(months)
        self._fill_when()

    def _fill_when(self) -> None:
        kind = self.kind.currentData()
        current = self.when.currentData()
        self.when.blockSignals(True)
        self.when.clear()
        if kind == "fy":
            years = sorted({financial_year_of(m) for m in self._months}, reverse=True)
            for year in years:
                self.when.addItem(year, year)
        else:
            for month in reversed(self._months):
                self.when.addItem(month_label(month), month)
        index = self.when.findData(current)
        self.when.setCurrentIndex(index if index >= 0 else 0)
        self.when.blockSignals(False)
        fit_to_items(self.when)
        self.changed.emit()

    def period(self) -> Period | None:
        value = self.when.currentData()
        if not value:
            return None
        kind = self.kind.currentData()
        try:
            return parse_period(value if kind == "month" else f"{kind}:{value}")
        except InputError:
            return None
