"""The committee report's performance (sections 2.1 to 2.3): all crime and ASB for the
financial year before the report's, for the areas chosen, as the report lays them out.

Each measure gets a table (area, both years' counts, the change as the report writes it,
6% or -13%, and whether it is significant), a sentence per area saying in plain words what
the change is and whether chance alone could give it, the data-quality flags on the months
behind it, and a chart of the monthly trend. The figures are the comparison's
(``cspdesk.performance.comparison``): its change, its test and its wording.
"""

from __future__ import annotations

from cspdesk.errors import InputError
from cspdesk.performance.comparison import (
    ComparisonLine,
    compare,
    count_text,
    report_percent_text,
    verdict,
)
from cspdesk.performance.measures import ALL_CRIME, ASB
from cspdesk.performance.periods import financial_year
from cspdesk.performance.totals import area_tree
from cspdesk.reports.charts import ChartDrawer, monthly_trend
from cspdesk.reports.document import Block, Cell, Image, Numbering, Paragraph, Table
from cspdesk.store.connection import Database

CHART_WIDTH_MM = 160
EXPLAINED = (
    "Each month the CSP analyst produces a performance report based on all crime and a "
    "separate smaller report based on anti-social behaviour. This shows the comparative "
    "performance of the Community Safety Partnerships in the county and each district: the "
    "change in all crime and ASB compared to the same period last year, whether that change "
    "is statistically significant (larger than chance alone would give), and the locations "
    "and causes of any hotspots.")
MEASURE_WORDS = {ALL_CRIME: "Crime", ASB: "ASB"}
CHANCE = {True: "statistically significant: larger than chance alone would give",
          False: "not statistically significant: within what chance alone gives"}


def performance(db: Database, numbers: Numbering, year: str, areas: tuple[str, ...],
                draw_chart: ChartDrawer | None) -> list[Block]:
    """Sections 2.1 to 2.3 for the financial year ``year`` (the one before the report's)."""
    blocks: list[Block] = [Paragraph.of(EXPLAINED, numbers.next())]
    for measure in (ALL_CRIME, ASB):
        blocks += measure_blocks(db, numbers, measure, year, areas, draw_chart)
    return blocks


def measure_blocks(db: Database, numbers: Numbering, measure: str, year: str,
                   areas: tuple[str, ...], draw_chart: ChartDrawer | None) -> list[Block]:
    period = financial_year(year)
    intro = (f"The performance for {MEASURE_WORDS.get(measure, measure)} for {year} is shown "
             f"below ({year} against {period.previous_label}).")
    try:
        lines = compare(db, measure, period)
    except InputError:
        lines = []
    shown = _chosen(lines, areas)
    if not shown:
        return [Paragraph.of(f"{intro} cspdesk holds no {measure.lower()} figures for the "
                             "areas chosen.", numbers.next())]
    blocks: list[Block] = [Paragraph.of(intro, numbers.next()),
                           performance_table(shown, period.previous_label, year)]
    blocks += [Paragraph.of(_sentence(line, year, period.previous_label)) for line in shown]
    blocks.append(Paragraph.of(_quality(shown), style="small"))
    chart = _chart(db, measure, shown, year, period.previous_label, draw_chart)
    if chart is not None:
        blocks.append(chart)
    return blocks


def _chosen(lines: list[ComparisonLine], areas: tuple[str, ...]) -> list[ComparisonLine]:
    by_name = {line.area: line for line in lines}
    return [by_name[name] for name in areas if name in by_name]


def label(line: ComparisonLine) -> str:
    """An area as the report names it in a table: its short name ('BNS CSP', 'NSDC')."""
    return line.short_name or line.area


def performance_table(lines: list[ComparisonLine], previous: str, year: str) -> Table:
    """Area | previous year | year | Performance (6%, -13%) | Significance."""
    rows = tuple((Cell(label(line), bold=True), Cell(count_text(line.previous), align="right"),
                  Cell(count_text(line.count), align="right"),
                  Cell(report_percent_text(line), align="right"), Cell(verdict(line)))
                 for line in lines)
    return Table(("", previous, year, "Performance", "Significance"), rows,
                 widths=(2, 1.3, 1.3, 1.7, 2.6))


def _sentence(line: ComparisonLine, year: str, previous: str) -> str:
    counts = f"{count_text(line.count)} in {year} against {count_text(line.previous)} in " \
             f"{previous}"
    if line.change is None or line.significant is None:
        return f"{label(line)}: {counts}; the change is not known, as a month is missing."
    if line.change_pct is None:
        change = f"a rise of {line.change:,} from none"
    elif line.change == 0:
        change = "no change"
    else:
        direction = "rise" if line.change > 0 else "fall"
        change = f"a {direction} of {report_percent_text(line).lstrip('-')}"
    words = f"{counts}, {change}, {CHANCE[line.significant]}"
    if line.little_power and not line.significant:
        words += " (the counts are small, so only a large change could show)"
    return f"{label(line)}: {words}."


def _quality(lines: list[ComparisonLine]) -> str:
    flagged = [f"{label(line)}: {'; '.join(line.flags)}" for line in lines if line.flags]
    if not flagged:
        return "Data quality: no months behind these figures are flagged as missing or far " \
               "below the months either side."
    return "Data quality: " + ". ".join(flagged) + "."


def _chart(db: Database, measure: str, lines: list[ComparisonLine], year: str, previous: str,
           draw_chart: ChartDrawer | None) -> Block | None:
    """The monthly trend of the partnership's own area (the first CSP shown, else the first
    area shown), this year against last."""
    if draw_chart is None:
        return None
    line = next((ln for ln in lines if ln.level == "csp"), lines[0])
    area = next(a for a in area_tree(db) if a.name == line.area)
    spec = monthly_trend(db, measure, area.id, label(line), year, previous)
    return Image(draw_chart(spec), CHART_WIDTH_MM, spec.describe())
