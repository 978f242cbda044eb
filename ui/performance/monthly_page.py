"""Monthly figures: the grid to type or import counts into, hotspot notes, a year's line."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from cspdesk.dates import financial_year_months, previous_financial_year
from cspdesk.performance.monthly import hotspot_notes, monthly_grid, set_hotspot_notes
from cspdesk.performance.periods import month_label
from cspdesk.performance.totals import area_tree
from ui.performance.grid_model import DERIVED, TYPED, GridModel
from ui.widgets.charts import style_plot
from ui.widgets.choosers import compact, refill_combo
from ui.widgets.table_view import keyboard_friendly

LEGEND = (f"<span style='background:{TYPED.name()}'>&nbsp;typed&nbsp;</span> "
          f"&nbsp;<span style='background:#ffffff'>&nbsp;imported&nbsp;</span> "
          f"&nbsp;<span style='background:{DERIVED.name()}'><i>&nbsp;sum of areas below"
          "&nbsp;</i></span> &nbsp;<span style='color:#b3261e'>red: data-quality flag</span>"
          " · hover a cell to see where its count came from · paste counts from Excel with "
          "Ctrl+V")


class GridView(QTableView):
    """Ctrl+V pastes a block of counts copied from Excel."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.matches(QKeySequence.StandardKey.Paste):
            index = self.currentIndex()
            model = self.model()
            if index.isValid() and isinstance(model, GridModel):
                model.paste(index.row(), index.column(), QGuiApplication.clipboard().text())
            return
        super().keyPressEvent(event)


class MonthlyPage(QWidget):
    """``import_requested`` asks the tab to import police.uk files; ``changed`` after edits."""

    import_requested = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.measure = QComboBox()
        self.year = QComboBox()
        compact(self.measure)
        self.import_button = QPushButton(self.tr("Import police.uk files…"))
        self.import_button.clicked.connect(self.import_requested)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setWordWrap(True)
        self.model = GridModel(self)
        self.model.error.connect(self.message.setText)
        self.model.edited.connect(self._edited)
        self.view = GridView()
        keyboard_friendly(self.view)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed |
                                  QAbstractItemView.EditTrigger.DoubleClicked |
                                  QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.notes_label = QLabel()
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Hotspots: locations and causes, as the analyst "
                                              "writes them"))
        self.save_notes = QPushButton(self.tr("Save notes"))
        self.save_notes.clicked.connect(self._save_notes)
        self.chart = pg.PlotWidget()
        self._style_chart()
        self.measure.currentIndexChanged.connect(self.reload)
        self.year.currentIndexChanged.connect(self.reload)
        self._build()

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Measure:")))
        bar.addWidget(self.measure)
        bar.addWidget(QLabel(self.tr("Financial year:")))
        bar.addWidget(self.year)
        bar.addStretch(1)
        bar.addWidget(self.import_button)
        legend = QLabel(LEGEND)
        legend.setWordWrap(True)
        notes = QWidget()
        column = QVBoxLayout(notes)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.notes_label)
        column.addWidget(self.notes, 1)
        column.addWidget(self.save_notes, 0, Qt.AlignmentFlag.AlignRight)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.chart)
        lower.addWidget(notes)
        lower.setSizes([700, 500])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(lower)
        split.setSizes([420, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(legend)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

    def _style_chart(self) -> None:
        style_plot(self.chart, grid_x=False)  # the title names the lines: no legend over them

    def set_database(self, db: Database | None, measures: list[str], years: list[str]) -> None:
        self.db = db
        for combo, items in ((self.measure, measures), (self.year, years)):
            refill_combo(combo, [(item, item) for item in items])
        self.reload()

    def reload(self) -> None:
        self.message.clear()
        if self.db is None or not self.year.currentText():
            return
        months = financial_year_months(self.year.currentText())
        self.model.load(self.db, self.measure.currentText(), months, area_tree(self.db))
        self.view.resizeColumnsToContents()
        if not self.view.currentIndex().isValid() and self.model.columnCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._current_changed(self.view.currentIndex())

    def _current_changed(self, index: QModelIndex) -> None:
        if self.db is None or not index.isValid():
            return
        area = self.model.areas[index.column()]
        month = self.model.months[index.row()]
        self.notes_label.setText(self.tr("<b>Hotspots</b>: {area}, {month}").format(
            area=area.name, month=month_label(month)))
        self.notes.setPlainText(hotspot_notes(self.db, area.id, month))
        self._draw(index.column())

    def _save_notes(self) -> None:
        index = self.view.currentIndex()
        if self.db is None or not index.isValid():
            return
        area = self.model.areas[index.column()]
        set_hotspot_notes(self.db, area.id, self.model.months[index.row()],
                          self.notes.toPlainText())
        self.changed.emit()

    def notes_unsaved(self) -> bool:
        """True when the hotspot notes shown are not those saved for their area and month."""
        index = self.view.currentIndex()
        if self.db is None or not index.isValid():
            return False
        saved = hotspot_notes(self.db, self.model.areas[index.column()].id,
                              self.model.months[index.row()])
        return self.notes.toPlainText() != saved

    def _edited(self) -> None:
        self.message.clear()
        self._draw(self.view.currentIndex().column())
        self.changed.emit()

    def _draw(self, column: int) -> None:
        """This year's months against last year's, for the chosen area."""
        self.chart.clear()
        if self.db is None or column < 0 or not self.model.months:
            return
        area = self.model.areas[column]
        year = self.year.currentText()
        this = [self.model.cells.get((area.id, m)) for m in self.model.months]
        last_months = financial_year_months(previous_financial_year(year))
        last_cells = monthly_grid(self.db, self.model.measure, last_months)
        last = [last_cells.get((area.id, m)) for m in last_months]
        ticks = [(i, month_label(m)[:3]) for i, m in enumerate(self.model.months)]
        for cells, name, colour in ((last, previous_financial_year(year), "#9aa9b8"),
                                    (this, year, "#1f4e79")):
            points = [(i, c.count) for i, c in enumerate(cells) if c and c.count is not None]
            if points:
                xs, ys = zip(*points, strict=True)
                self.chart.plot(list(xs), list(ys), name=name, symbol="o", symbolSize=6,
                                pen=pg.mkPen(colour, width=2), symbolBrush=colour)
        self.chart.getAxis("bottom").setTicks([ticks])
        self.chart.setTitle(
            f"{self.model.measure}, {area.name}: <span style='color:#1f4e79'><b>{year}</b></span>"
            f" against <span style='color:#7f8fa0'>{previous_financial_year(year)}</span>",
            color="#1c1c1c")
