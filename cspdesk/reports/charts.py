"""Charts in a paper: what to draw, as plain data, and who draws it.

The core never imports Qt, so a builder is handed a ``ChartDrawer``: a callable that turns a
``ChartSpec`` into PNG bytes (the window and the command line pass the one in
``ui/reports/chart_image.py``, which draws with QPainter). Without one a paper has no chart,
and says where it would have been.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cspdesk.dates import financial_year_months
from cspdesk.performance.totals import area_totals
from cspdesk.store.connection import Database

MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                       "Nov", "Dec")


@dataclass(frozen=True)
class ChartSeries:
    name: str
    values: tuple[int | None, ...]  # None where a month has no count: a gap in the line


@dataclass(frozen=True)
class ChartSpec:
    """A line chart: one line per series across the categories (months, in order)."""

    title: str
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    y_title: str = ""

    def __post_init__(self) -> None:
        for line in self.series:
            if len(line.values) != len(self.categories):
                raise ValueError(f"the series {line.name!r} has {len(line.values)} values "
                                 f"for {len(self.categories)} categories")

    def describe(self) -> str:
        """The chart in words, for the caption and the alternative text."""
        return self.title


ChartDrawer = Callable[[ChartSpec], bytes]


def monthly_trend(db: Database, measure: str, area_id: int, area_label: str,
                  financial_year: str, previous_year: str) -> ChartSpec:
    """An area's monthly counts of a measure across a financial year, April to March, with
    the year before as a second line: the trend a committee report shows."""
    months = financial_year_months(financial_year)
    before = financial_year_months(previous_year)
    series = tuple(
        ChartSeries(year, tuple(area_totals(db, measure, [month]).get(area_id)
                                for month in year_months))
        for year, year_months in ((financial_year, months), (previous_year, before)))
    categories = tuple(MONTH_ABBREVIATIONS[int(m[5:7]) - 1] for m in months)
    title = f"{measure} in {area_label} by month: {financial_year} against {previous_year}"
    return ChartSpec(title, categories, series, y_title="Count")
