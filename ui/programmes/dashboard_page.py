"""The programme dashboard: money against budget by theme and quarter, actions by status and
RAG, days left, overdue actions and the forecast against each financial year's limit."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cspdesk.dates import format_date
from cspdesk.money import format_pounds
from cspdesk.programmes.programmes import Programme
from cspdesk.programmes.spend import Dashboard, MoneyLine, QuarterLine, programme_dashboard
from cspdesk.store.connection import Database
from ui.programmes.models import OVERDUE_COLUMNS, YEAR_COLUMNS
from ui.widgets.charts import Chart, pg, style_plot
from ui.widgets.colours import colour_text, tint_widget, tinted_html
from ui.widgets.table_model import RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view
from ui.widgets.whats_this import explain

BUDGET_COLOUR = "#9dc3e6"
SPENT_COLOUR = "#1f4e79"


def _thousands(pence: int) -> float:
    return pence / 100_000


STATUS_COLOURS = {"complete": "#2e7d32", "in progress": "#1f4e79", "not started": "#b0b7c3",
                  "cancelled": "#e4e4e4"}


def _short(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


class Card(QFrame):
    """A figure with its caption, as on a dashboard."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = QLabel(caption)
        colour_text(self.caption, "quiet")
        self.caption.setWordWrap(True)
        self.value = QLabel()
        self.value.setTextFormat(Qt.TextFormat.RichText)
        self.value.setWordWrap(True)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.value.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)

    def set(self, text: str, caption: str | None = None) -> None:
        self.value.setText(text)
        if caption is not None:
            self.caption.setText(caption)


class DashboardPage(QWidget):
    """Everything at a glance for one programme on the "as at" day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.dashboard: Dashboard | None = None
        self._charts_due = False  # figures worked out, charts not yet drawn (off screen)
        self.cards = {key: Card(caption) for key, caption in (
            ("award", self.tr("Award")), ("spent", self.tr("Spent to date")),
            ("left", self.tr("Left to spend")), ("days", self.tr("Days left")),
            ("status", self.tr("Actions by status")), ("rag", self.tr("RAG")))}
        for key, term in (("award", "award"), ("spent", "spent"), ("left", "left to spend"),
                          ("days", "days left"), ("status", "status"), ("rag", "rag")):
            explain(self.cards[key], term)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.setMargin(6)
        tint_widget(self.warnings, "note")
        self.by_theme = Chart()
        self.by_quarter = Chart()
        self.by_heading = Chart()
        self.year_model = RowsTableModel(YEAR_COLUMNS, self)
        self.years = make_table_view(self.year_model, self, stretch=None)
        self.overdue_model = RowsTableModel(OVERDUE_COLUMNS, self)
        self.overdue = make_table_view(self.overdue_model, self, stretch=1)
        self.overdue_title = QLabel()
        self.money_widgets: list[QWidget] = []
        self._style_plots()
        self._build()

    def _build(self) -> None:
        cards = QHBoxLayout()
        for index, card in enumerate(self.cards.values()):
            cards.addWidget(card, 2 if index >= 4 else 1)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.by_theme)
        charts.addWidget(self.by_quarter)
        years = QWidget()
        column = QVBoxLayout(years)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(self.tr("<b>Spend and forecast by financial year</b> (money "
                                        "cannot move between years)")))
        column.addWidget(self.years)
        overdue = QWidget()
        column = QVBoxLayout(overdue)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.overdue_title)
        column.addWidget(self.overdue)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(years)
        bottom.addWidget(overdue)
        graphs = QWidget()
        column = QVBoxLayout(graphs)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(charts)
        column.addWidget(self.by_heading)
        split = QSplitter(Qt.Orientation.Vertical)  # the officer can give the grids room
        split.addWidget(graphs)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(cards)
        layout.addWidget(self.warnings)
        layout.addWidget(split, 1)
        self.money_widgets = [charts, years, self.cards["award"], self.cards["spent"],
                              self.cards["left"]]

    def _style_plots(self) -> None:
        for plot, title in ((self.by_theme, self.tr("By theme: budget and spend (£000)")),
                            (self.by_quarter, self.tr("By quarter: spend profile and spend "
                                                      "(£000)")),
                            (self.by_heading, self.tr("Actions by status under each "
                                                      "heading"))):
            style_plot(plot, title)
            plot.setMinimumHeight(160)

    def show_programme(self, db: Database | None, programme: Programme | None,
                       as_at: dt.date) -> None:
        """Work the figures out again and show them."""
        self.db = db
        if db is None or programme is None:
            self.dashboard = None
            return
        self.dashboard = d = programme_dashboard(db, programme.id, as_at)
        funded = programme.kind == "funded"
        for widget in self.money_widgets:
            widget.setVisible(funded)
        self.by_heading.setVisible(not funded)
        self._fill_cards(d)
        self._fill_warnings(d)
        self.year_model.set_rows(d.years)
        fit_columns(self.years)
        self.overdue_title.setText(self.tr("<b>Overdue actions</b> ({n})").format(
            n=len(d.overdue)))
        self.overdue_model.set_rows(d.overdue)
        fit_columns(self.overdue, max_width=420)
        self._charts_due = True
        if self.isVisible():
            self._draw_charts()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """The charts are drawn when the page is on screen: the tab opens on its actions,
        and pyqtgraph (0.25 s to load) waits until the dashboard is chosen."""
        super().showEvent(event)
        self._draw_charts()

    def _draw_charts(self) -> None:
        if not self._charts_due or self.dashboard is None:
            return
        self._charts_due = False
        d = self.dashboard
        if d.programme.kind == "funded":
            self._draw_themes(d.by_theme)
            self._draw_quarters(d.by_quarter)
        else:
            self._draw_headings(d.by_heading)

    def _fill_cards(self, d: Dashboard) -> None:
        award = d.programme.award_pence or 0
        self.cards["award"].set(format_pounds(award), self.tr("Award (budgets {b})").format(
            b=format_pounds(d.budget_pence)))
        share = self.tr("Spent to date ({share:.0%})").format(
            share=d.spent_pence / award) if award else self.tr("Spent to date")
        self.cards["spent"].set(format_pounds(d.spent_pence), share)
        self.cards["left"].set(format_pounds(award - d.spent_pence))
        self._days_left(d)
        self.cards["status"].set(" · ".join(
            f"{n} {status}" for status, n in d.by_status.items() if n) or self.tr("none"))
        self.cards["rag"].set(" · ".join(
            tinted_html(f"{n} {c}", c) for c, n in d.by_rag.items()))

    def _days_left(self, d: Dashboard) -> None:
        card = self.cards["days"]
        if d.days_left is None:
            card.set(self.tr("–"), self.tr("Days left (no end date)"))
            return
        end = format_date(d.programme.end_date)
        if d.days_left >= 0:
            card.set(f"{d.days_left:,}", self.tr("Days left (ends {end})").format(end=end))
        else:
            card.set(self.tr("{n:,} days ago").format(n=-d.days_left),
                     self.tr("Ended {end}").format(end=end))

    def _fill_warnings(self, d: Dashboard) -> None:
        self.warnings.setVisible(bool(d.warnings))
        self.warnings.setText("<b>" + self.tr("Please check:") + "</b><br>" + "<br>".join(
            "• " + html.escape(w) for w in d.warnings))

    def _draw_themes(self, lines: list[MoneyLine]) -> None:
        plot = self.by_theme
        plot.clear()
        legend = plot.addLegend(offset=(-10, 4), colCount=2)
        legend.clear()
        if not lines:
            return
        rows = list(range(len(lines) - 1, -1, -1))  # the first theme at the top
        budget = pg.BarGraphItem(x0=0, y=[r + 0.19 for r in rows], height=0.36,
                                 width=[_thousands(x.budget_pence) for x in lines],
                                 brush=BUDGET_COLOUR, pen=None)
        spent = pg.BarGraphItem(x0=0, y=[r - 0.19 for r in rows], height=0.36,
                                width=[_thousands(x.spent_pence) for x in lines],
                                brush=SPENT_COLOUR, pen=None)
        for item, name in ((budget, self.tr("Budget")), (spent, self.tr("Spent"))):
            plot.addItem(item)
            legend.addItem(item, name)
        self._label_rows(plot, rows, [x.name for x in lines])
        top = max(max(x.budget_pence, x.spent_pence) for x in lines)
        plot.setXRange(0, _thousands(top) * 1.8, padding=0.02)  # room for the legend
        plot.setYRange(-0.6, len(lines) - 0.4, padding=0)

    def _label_rows(self, plot: pg.PlotWidget, rows: list[int], names: list[str]) -> None:
        labels = [_short(name) for name in names]
        axis = plot.getAxis("left")
        axis.setTicks([list(zip(rows, labels, strict=True))])
        axis.setWidth(min(260, max(self.fontMetrics().horizontalAdvance(t) for t in labels)
                          + 16))

    def _draw_headings(self, groups: list[tuple[str, dict[str, int]]]) -> None:
        plot = self.by_heading
        plot.clear()
        legend = plot.addLegend(offset=(-10, 4), colCount=2)
        legend.clear()
        if not groups:
            return
        rows = list(range(len(groups) - 1, -1, -1))
        left = [0] * len(groups)
        for status, colour in STATUS_COLOURS.items():
            widths = [counts.get(status, 0) for _name, counts in groups]
            item = pg.BarGraphItem(x0=list(left), y=rows, height=0.6, width=widths,
                                   brush=colour, pen=None)
            plot.addItem(item)
            legend.addItem(item, status.capitalize())
            left = [a + b for a, b in zip(left, widths, strict=True)]
        self._label_rows(plot, rows, [name for name, _counts in groups])
        plot.getAxis("bottom").setTickSpacing(max(1, -(-max(left) // 8)), 1)  # whole actions
        plot.setXRange(0, max(left) * 1.35 + 0.5, padding=0.02)
        plot.setYRange(-0.6, len(groups) - 0.4, padding=0)

    def _draw_quarters(self, lines: list[QuarterLine]) -> None:
        plot = self.by_quarter
        plot.clear()
        legend = plot.addLegend(offset=(-10, 4), colCount=2)
        legend.clear()
        if not lines:
            return
        xs = list(range(len(lines)))
        profile = pg.BarGraphItem(x=[x - 0.2 for x in xs], height=[
            _thousands(q.profile_pence) for q in lines], width=0.38, brush=BUDGET_COLOUR,
            pen=None)
        spent = pg.BarGraphItem(x=[x + 0.2 for x in xs], height=[
            _thousands(q.spent_pence) for q in lines], width=0.38, brush=SPENT_COLOUR,
            pen=None)
        for item, name in ((profile, self.tr("Profile (budgets spread evenly)")),
                           (spent, self.tr("Spent"))):
            plot.addItem(item)
            legend.addItem(item, name)
        plot.getAxis("bottom").setTicks([[(x, q.quarter[2:]) for x, q in zip(
            xs, lines, strict=True)]])
        top = max(max(q.profile_pence, q.spent_pence) for q in lines)
        plot.setXRange(-0.6, len(lines) - 0.4, padding=0)
        plot.setYRange(0, _thousands(top) * 1.35, padding=0)
