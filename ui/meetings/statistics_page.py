"""Attendance statistics: which partners turn up, by organisation or person, with charts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cspdesk.errors import InputError
from cspdesk.meetings.attendance import AttendanceRow, attendance_statistics, attendance_trend
from cspdesk.meetings.structure import list_group_records
from cspdesk.store.connection import Database
from ui.widgets.charts import Chart, pg, style_plot
from ui.widgets.choosers import refill_combo
from ui.widgets.colours import colour_text
from ui.widgets.date_field import DateField
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view

RIGHT = Qt.AlignmentFlag.AlignRight
BAR_COLOUR = "#1f4e79"
LABELS_WIDTH = 260  # pixels at most for organisations' names beside the bars


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def statistics_columns(by: str) -> list[Column]:
    columns = [Column("Organisation" if by == "organisation" else "Name", lambda r: r.name)]
    if by == "person":
        columns.append(Column("Organisation", lambda r: r.organisation))
    columns += [
        Column("Expected", lambda r: r.expected, align=RIGHT),
        Column("Present", lambda r: r.present, align=RIGHT),
        Column("Apologies", lambda r: r.apologies, align=RIGHT),
        Column("Absent", lambda r: r.absent, align=RIGHT),
        Column("Substitute", lambda r: r.substitute, align=RIGHT),
        Column("Attendance", lambda r: r.attendance_pct, _pct, RIGHT, explain="attendance %"),
    ]
    return columns


class StatisticsPage(QWidget):
    """Filters (group, dates, by), the table, a bar chart by organisation and a quarterly trend."""

    export_requested = Signal(object, object, object)  # group short name, start, end (ISO)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self._stale = False
        self.group = QComboBox()
        self.start = DateField(None, True, "'From' date", "start", show_day=False)
        self.end = DateField(None, True, "'To' date", "end", show_day=False)
        self.by_organisation = QRadioButton(self.tr("By organisation"))
        self.by_person = QRadioButton(self.tr("By person"))
        self.by_organisation.setChecked(True)
        self.export_button = QPushButton(self.tr("Export to Excel…"))
        self.export_button.clicked.connect(self._export)
        self.message = QLabel()
        colour_text(self.message, "error")
        self.model = RowsTableModel(statistics_columns("organisation"), self)
        # The name takes the room the figures leave; one still too long is in its tooltip.
        self.view = make_table_view(self.model, self, stretch=0)
        self.bars = Chart()
        self.trend = Chart(categories="bottom")
        self._style_plots()
        for signal in (self.group.currentIndexChanged, self.start.dateChanged,
                       self.end.dateChanged, self.start.problem, self.end.problem,
                       self.by_organisation.toggled):
            signal.connect(self.refresh)
        self._build()

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Group:")))
        bar.addWidget(self.group)
        bar.addWidget(QLabel(self.tr("From:")))
        bar.addWidget(self.start)
        bar.addWidget(QLabel(self.tr("To:")))
        bar.addWidget(self.end)
        bar.addWidget(self.by_organisation)
        bar.addWidget(self.by_person)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        note = QLabel(self.tr(
            "Attendance by organisation counts substitutes: (present + substitute) / expected. "
            "By person it does not: present / expected. Present includes online."))
        note.setWordWrap(True)
        charts = QSplitter(Qt.Orientation.Vertical)
        charts.addWidget(self.bars)
        charts.addWidget(self.trend)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(charts)
        split.setStretchFactor(0, 3)  # the table first: names whole at 1366x768 (a longer
        split.setStretchFactor(1, 2)  # one has its tooltip); the charts keep room to read
        split.setSizes([780, 520])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

    def _style_plots(self) -> None:
        for plot, title in ((self.bars, "Attendance by organisation (%)"),
                            (self.trend, "Attendance by quarter (%)")):
            style_plot(plot, title)

    def set_database(self, db: Database | None) -> None:
        self.db = db
        if db is None:
            return
        groups = [(g.label, g.short_name) for g in list_group_records(db)]
        refill_combo(self.group, [(self.tr("All groups"), None), *groups])
        self.refresh()

    def filters(self) -> tuple[str | None, str | None, str | None]:
        """Group, first and last day (ISO); InputError when a date typed cannot be read."""
        start, end = self.start.value(), self.end.value()
        return (self.group.currentData(), start.isoformat() if start else None,
                end.isoformat() if end else None)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Work the figures out now if the page is on screen, else when it is next shown."""
        if self.db is None:
            return
        self._stale = not self.isVisible()
        if self._stale:
            return
        self.message.clear()
        try:
            group, start, end = self.filters()
        except InputError as exc:
            self.message.setText(str(exc))
            return
        by = "organisation" if self.by_organisation.isChecked() else "person"
        if start and end and end < start:
            self.message.setText(self.tr("The 'To' date is before the 'From' date."))
            return
        try:
            rows = attendance_statistics(self.db, by, group, start, end)
            organisations = rows if by == "organisation" else attendance_statistics(
                self.db, "organisation", group, start, end)
            trend = attendance_trend(self.db, group, start, end)
        except InputError as exc:
            self.message.setText(str(exc))
            return
        self.model.set_rows(rows, statistics_columns(by))
        fit_columns(self.view, max_width=400)
        self._draw_bars(organisations)
        self._draw_trend(trend)

    def _draw_bars(self, rows: list[AttendanceRow]) -> None:
        self.bars.clear()
        shown = [r for r in rows if r.attendance_pct is not None]
        if not shown:
            return
        top_down = list(range(len(shown) - 1, -1, -1))  # first row of the table at the top
        item = pg.BarGraphItem(x0=0, y=top_down, height=0.6,
                               width=[r.attendance_pct for r in shown], brush=BAR_COLOUR)
        self.bars.addItem(item)
        metrics = self.fontMetrics()
        room = min(LABELS_WIDTH, max(metrics.horizontalAdvance(r.name) for r in shown) + 16)
        # A name wider than the axis would not be drawn at all: cut it to the room there is.
        labels = [metrics.elidedText(r.name, Qt.TextElideMode.ElideRight, room - 12)
                  for r in shown]  # (4 pixels spare: a name measured whole stays whole)
        axis = self.bars.getAxis("left")
        axis.setTicks([list(zip(top_down, labels, strict=True))])
        axis.setWidth(room)
        self.bars.setXRange(0, 100, padding=0.02)
        self.bars.setYRange(-0.6, len(shown) - 0.4, padding=0)

    def _draw_trend(self, trend: list[tuple[str, float | None]]) -> None:
        self.trend.clear()
        points = [(i, pct) for i, (_q, pct) in enumerate(trend) if pct is not None]
        if not points:
            return
        xs, ys = zip(*points, strict=True)
        self.trend.plot(list(xs), list(ys), pen=pg.mkPen(BAR_COLOUR, width=2), symbol="o",
                        symbolBrush=BAR_COLOUR, symbolSize=7)
        self.trend.getAxis("bottom").setTicks([[(i, q) for i, (q, _p) in enumerate(trend)]])
        self.trend.setXRange(-0.5, len(trend) - 0.5, padding=0)
        self.trend.setYRange(0, 100, padding=0.02)

    def _export(self) -> None:
        try:
            self.export_requested.emit(*self.filters())
        except InputError as exc:
            self.message.setText(str(exc))

