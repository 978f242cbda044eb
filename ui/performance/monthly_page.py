"""Monthly figures: the grid to type or import counts into, hotspot notes, a year's line."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
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

from cspdesk.dates import financial_year_months, previous_financial_year
from cspdesk.performance.monthly import hotspot_notes, monthly_grid, set_hotspot_notes
from cspdesk.performance.periods import month_label
from cspdesk.performance.quality import measure_id_of
from cspdesk.performance.totals import area_tree
from cspdesk.store.connection import Database
from ui.performance.grid_model import GridModel
from ui.privacy.audit_dialog import Chosen, add_history
from ui.widgets.charts import Chart, pg, style_plot
from ui.widgets.choosers import compact, refill_combo
from ui.widgets.colours import colour_text, coloured_html, high_contrast, tinted_html
from ui.widgets.table_view import keyboard_friendly
from ui.widgets.whats_this import explain


def legend() -> str:
    """What the grid's shading means, in the palette in use (in high contrast, with no
    shading, where to read it instead)."""
    if high_contrast():
        return ("Sums of the areas below are in italics · hover a cell to see whether its "
                "count was typed or imported, and any data-quality flag · paste counts from "
                "Excel with Ctrl+V")
    return (f"{tinted_html('typed', 'typed')} &nbsp;&nbsp;imported&nbsp;&nbsp; "
            f"{tinted_html('sum of areas below', 'derived', italic=True)} &nbsp;"
            f"{coloured_html('red: data-quality flag', 'error')} · hover a cell to see where "
            "its count came from · paste counts from Excel with Ctrl+V")


class GridView(QTableView):
    """Counts typed as in Excel: Enter stores the count and moves down a cell (Shift+Enter
    up), the grid keeping the focus; a refused count keeps its cell. Ctrl+V pastes a block
    of counts copied from Excel."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.matches(QKeySequence.StandardKey.Paste):
            index = self.currentIndex()
            model = self.model()
            if index.isValid() and isinstance(model, GridModel):
                model.paste(index.row(), index.column(), QGuiApplication.clipboard().text())
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.state() != QAbstractItemView.State.EditingState:
            self.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget,  # noqa: N802 (Qt's name)
                    hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint != QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, hint)
            return
        # Enter in the editor: the count is stored by now; move on unless it was refused.
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        model = self.model()
        if isinstance(model, GridModel) and not model.refused:
            shift = QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier
            self.step(-1 if shift else 1)

    def step(self, rows: int) -> None:
        """Make the cell ``rows`` below (above when negative) the current one current,
        stopping at the first and last months."""
        index = self.currentIndex()
        if not index.isValid():
            return
        row = min(max(index.row() + rows, 0), self.model().rowCount() - 1)
        self.setCurrentIndex(self.model().index(row, index.column()))


class MonthlyPage(QWidget):
    """``import_requested`` asks the tab to import police.uk files; ``changed`` after edits
    (counts or notes), which leave the grid where it is: the tab need not reload it."""

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
        colour_text(self.message, "error")
        self.message.setWordWrap(True)
        self.model = GridModel(self)
        self.model.error.connect(self.message.setText)
        self.model.edited.connect(self._edited)
        self.view = GridView()
        for widget, term in ((self.view, "monthly figures"), (self.measure, "measure"),
                             (self.year, "financial year"),
                             (self.import_button, "import police.uk files")):
            explain(widget, term)
        keyboard_friendly(self.view)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed |
                                  QAbstractItemView.EditTrigger.DoubleClicked |
                                  QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        add_history(self.view, self._figures_for_history, "History of these figures…")
        add_history(self.view, self._notes_for_history, "History of the hotspot notes…")
        self.notes_label = QLabel()
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Hotspots: locations and causes, as the analyst "
                                              "writes them"))
        self.save_notes = QPushButton(self.tr("Save notes"))
        self.save_notes.clicked.connect(self._save_notes)
        self.chart = Chart()
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
        self.legend = QLabel(legend())
        self.legend.setWordWrap(True)
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
        layout.addWidget(self.legend)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

    def _style_chart(self) -> None:
        style_plot(self.chart, grid_x=False)  # the title names the lines: no legend over them

    def set_database(self, db: Database | None, measures: list[str], years: list[str],
                     first_year: str | None = None) -> None:
        """The measures and financial years to choose from; the year chosen stays, or
        ``first_year`` is chosen when none was."""
        self.db = db
        chosen = self.year.currentData()
        refill_combo(self.measure, [(item, item) for item in measures])
        refill_combo(self.year, [(item, item) for item in years])
        if chosen is None and first_year in years:
            self.year.blockSignals(True)
            self.year.setCurrentIndex(self.year.findData(first_year))
            self.year.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        """Read the grid again, keeping the current month (by its place in the year) and
        area."""
        self.message.clear()
        if self.db is None or not self.year.currentText():
            return
        index = self.view.currentIndex()
        row = max(index.row(), 0)
        area_id = self.model.areas[index.column()].id if index.isValid() else None
        months = financial_year_months(self.year.currentText())
        self.model.load(self.db, self.measure.currentText(), months, area_tree(self.db))
        self.view.resizeColumnsToContents()
        if self.model.columnCount():
            column = next((i for i, a in enumerate(self.model.areas) if a.id == area_id), 0)
            self.view.setCurrentIndex(self.model.index(min(row, len(months) - 1), column))
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

    def _figures_for_history(self) -> Chosen:
        measure = self.measure.currentText()
        if self.db is None or not measure:
            return None
        return self.db, "monthly_counts", measure_id_of(self.db, measure), f"{measure} figures"

    def _notes_for_history(self) -> Chosen:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        area = self.model.areas[index.column()]
        return self.db, "hotspot_notes", area.id, f"{area.name}'s hotspot notes"

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
        """This year's months against last year's, for the chosen area; with no count in
        either, an empty chart that says so (never the last measure's scale)."""
        if self.chart.draw_when_shown(lambda: self._draw(column)):
            return  # drawn when first shown: the window opens without pyqtgraph
        self.chart.clear()
        if self.db is None or column < 0 or not self.model.months:
            return
        area = self.model.areas[column]
        year = self.year.currentText()
        before = previous_financial_year(year)
        this = [self.model.cells.get((area.id, m)) for m in self.model.months]
        last_months = financial_year_months(before)
        last_cells = monthly_grid(self.db, self.model.measure, last_months)
        last = [last_cells.get((area.id, m)) for m in last_months]
        counts: list[int] = []
        for cells, name, colour in ((last, before, "#9aa9b8"), (this, year, "#1f4e79")):
            points = [(i, c.count) for i, c in enumerate(cells) if c and c.count is not None]
            if points:
                xs, ys = zip(*points, strict=True)
                self.chart.plot(list(xs), list(ys), name=name, symbol="o", symbolSize=6,
                                pen=pg.mkPen(colour, width=2), symbolBrush=colour)
                counts += ys
        self.chart.getAxis("bottom").setTicks(
            [[(i, month_label(m)[:3]) for i, m in enumerate(self.model.months)]])
        self.chart.setXRange(-0.5, len(self.model.months) - 0.5, padding=0.02)
        if counts:
            self.chart.setYRange(min(counts), max(counts), padding=0.1)
            self.chart.setTitle(
                f"{self.model.measure}, {area.name}: <span style='color:#1f4e79'><b>{year}"
                f"</b></span> against <span style='color:#7f8fa0'>{before}</span>",
                color="#1c1c1c")
        else:
            self.chart.setYRange(0, 1, padding=0)
            self.chart.setTitle(f"No counts of {self.model.measure} for {area.name} in {year} "
                                f"or {before}", color="#1c1c1c")
