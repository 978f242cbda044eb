"""The comparison the analyst reports: every area's count for a period against the same period
one year earlier, the change in %, whether the change is statistically significant, and the
data-quality flags on the months behind it.

Two tests of significance are offered for two counts C (this period) and P (a year earlier):

* binomial (the default): given C + P incidents in the two periods together,
  C ~ Binomial(C + P, 0.5) when nothing changed; the exact two-sided p-value, significant
  below 5%;
* poisson: each 2√X of a Poisson count has variance about 1, so their difference has
  variance about 2 and z = (2√C − 2√P) / √2 = √2(√C − √P) is about standard normal;
  significant when |z| > 1.96 (two-sided, 5%).

What each test's level truly is: the share of pairs it calls significant when nothing changed
(two Poisson counts of one mean), worked out exactly; tests/test_comparison.py checks it by
simulation:

=========  ======  ======  ======  ======  ======  ======
mean       5       10      50      500     5,000   50,000
binomial   2.19%   2.93%   3.95%   4.65%   4.88%   4.96%
poisson    7.24%   5.44%   5.05%   5.01%   5.00%   5.00%
=========  ======  ======  ======  ======  ======  ======

The exact binomial test never calls more than 5% of no-change pairs significant; being
discrete, it calls fewer where counts are small. The Poisson z is an approximation: within
half a point of 5% from a mean of 10 up, but about 7% at a mean of 5, where it calls a change
significant more often than it claims. Where either count is under 10
(``SMALL_COUNT``) neither test can see any but a large change, so a change there that is not
significant is worded "not significant (little power: a count under 10)", never "not
significant" alone (``little_power``, ``LITTLE_POWER``).

A missing or partial period is missing (None), never a number; so is its change. The
screen, the ``cspdesk performance`` table and the workbook word a line alike (count_text,
change_text, percent_text, verdict): a missing value is the word "missing", a change is its
count with its percentage, "+612 (+5.8%)", and a change from 0 has no percentage,
"+4 (from 0)".
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cspdesk.errors import InputError
from cspdesk.performance.areas import level_heading
from cspdesk.performance.periods import Period
from cspdesk.performance.quality import flags_for
from cspdesk.performance.totals import area_totals, area_tree, percent_change
from cspdesk.store.connection import Database

if TYPE_CHECKING:  # the workbook's modules (openpyxl) are imported when one is written
    from openpyxl.worksheet.worksheet import Worksheet

    from cspdesk.xlsx.writer import Column, ExportResult

SIGNIFICANCE_METHODS = {
    "binomial": "exact conditional binomial test, C ~ Binomial(C + P, 0.5), two-sided, 5%",
    "poisson": "Poisson z = (2√C − 2√P) / √2 = √2(√C − √P), two-sided, 5%: significant when "
               "|z| > 1.96",
}
"""How the screen, the ``cspdesk performance`` header and the workbook name each test: the one
place its formula is written."""
SIGNIFICANCE_LEVEL = 0.05
Z_LIMIT = 1.96  # two-sided 5% of the standard normal
SMALL_COUNT = 10  # a count under this, in either period, leaves a test little power
LITTLE_POWER = f"little power: a count under {SMALL_COUNT}"
LITTLE_POWER_NOTE = (
    f"A count under {SMALL_COUNT} in either period gives the test little power: only a large "
    "change there can be significant, and a change that is not significant may still be "
    f"real. Such a change is marked \"{LITTLE_POWER}\".")
# Terms of the binomial tail smaller than this share of the sum are left off.
_NEGLIGIBLE = 1e-17


@dataclass(frozen=True)
class ComparisonLine:
    """One area's row of the comparison."""

    area: str
    short_name: str | None
    level: str
    depth: int
    count: int | None
    previous: int | None
    significant: bool | None  # None when either count is missing
    p_value: float | None  # binomial method only
    z: float | None  # poisson method only
    flags: tuple[str, ...]  # data-quality flags on this area's months (both periods)

    @property
    def change(self) -> int | None:
        """The change in the count itself; None when either count is missing."""
        if self.count is None or self.previous is None:
            return None
        return self.count - self.previous

    @property
    def change_pct(self) -> float | None:
        """The change in %, by ``percent_change``."""
        return percent_change(self.count, self.previous)

    @property
    def little_power(self) -> bool:
        """True when both counts are known and either is under ``SMALL_COUNT``: too few for
        the test to see any but a large change."""
        if self.count is None or self.previous is None:
            return False
        return min(self.count, self.previous) < SMALL_COUNT


def _check_counts(count: int, previous: int) -> None:
    if count < 0 or previous < 0:
        raise InputError(f"Counts cannot be negative (given {count} and {previous}).")


def binomial_p_value(count: int, previous: int) -> float:
    """Two-sided p-value of the exact conditional test: C ~ Binomial(C + P, 0.5).

    By symmetry the p-value is twice the smaller tail, P(X <= min(C, P)), capped at 1. The
    tail is summed from its largest term outward in floating point, with the first term
    taken in log space, so a force's yearly counts (hundreds of thousands) take well under
    a millisecond and never overflow. 1.0 when both counts are 0.
    """
    _check_counts(count, previous)
    n, k = count + previous, min(count, previous)
    if n == 0 or 2 * k >= n:
        return 1.0
    log_first = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) - n * math.log(2)
    total, term = 1.0, 1.0  # relative to the first term, P(X = k)
    for i in range(k, 0, -1):
        term *= i / (n - i + 1)  # P(X = i - 1) / P(X = k)
        total += term
        if term < _NEGLIGIBLE * total:
            break
    log_p = math.log(2) + log_first + math.log(total)
    return min(1.0, math.exp(log_p))


def poisson_z(count: int, previous: int) -> float:
    """z = (2√C − 2√P) / √2 = √2(√C − √P): the square-root (variance-stabilised) difference
    of two counts, scaled by the √2 of its standard deviation so that it is about standard
    normal when nothing changed."""
    _check_counts(count, previous)
    return math.sqrt(2) * (math.sqrt(count) - math.sqrt(previous))


def significance(count: int | None, previous: int | None,
                 method: str = "binomial") -> tuple[bool | None, float | None, float | None]:
    """(significant, p_value, z) for two counts, all None when either count is missing."""
    if count is None or previous is None:
        return None, None, None
    if check_method(method) == "binomial":
        p = binomial_p_value(count, previous)
        return p < SIGNIFICANCE_LEVEL, p, None
    z = poisson_z(count, previous)
    return abs(z) > Z_LIMIT, None, z


def check_method(method: str) -> str:
    """``method`` when it is a known test of significance, else InputError naming them."""
    if method not in SIGNIFICANCE_METHODS:
        known = ", ".join(SIGNIFICANCE_METHODS)
        raise InputError(f"'{method}' is not a test of significance cspdesk knows; use one of: "
                         f"{known}.", field="method")
    return method


def compare(db: Database, measure: str, period: Period,
            method: str = "binomial") -> list[ComparisonLine]:
    """Every area, in tree order, with its count for ``period`` and a year earlier."""
    check_method(method)
    current = area_totals(db, measure, list(period.months))
    previous = area_totals(db, measure, list(period.previous_months))
    flags = flags_for(db, measure, [*period.previous_months, *period.months])
    lines = []
    for area in area_tree(db):
        count, before = current.get(area.id), previous.get(area.id)
        significant, p_value, z = significance(count, before, method)
        lines.append(ComparisonLine(area.name, area.short_name, area.level, area.depth, count,
                                    before, significant, p_value, z,
                                    tuple(flags.get(area.name, ()))))
    return lines


# The comparison in words: the screen, the command line and the workbook ----------------

MISSING = "missing"  # a count, change or verdict a missing month leaves unknown
FROM_ZERO = "from 0"  # the percentage of a change from 0


def count_text(count: int | None) -> str:
    """A count as a report writes it: '12,345', or 'missing'."""
    return MISSING if count is None else f"{count:,}"


def percent_text(line: ComparisonLine) -> str:
    """The change in % to one decimal with its sign, '+5.8%'; 'from 0' when the count a year
    earlier is 0; 'missing' when either count is."""
    if line.change is None:
        return MISSING
    pct = line.change_pct
    return FROM_ZERO if pct is None else f"{pct:+.1f}%"


def report_percent_text(line: ComparisonLine) -> str:
    """The change in % as a committee report's performance table writes it: whole percent,
    halves rounded away from zero, a minus sign for a fall and no sign for a rise: '6%',
    '-13%', '0%'; 'from 0' and 'missing' as ``percent_text``."""
    if line.change is None:
        return MISSING
    pct = line.change_pct
    if pct is None:
        return FROM_ZERO
    whole = int(Decimal(repr(pct)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{whole}%"


def change_text(line: ComparisonLine) -> str:
    """The change as its count with its percentage, never a percentage alone:
    '+612 (+5.8%)', '+4 (from 0)', or 'missing'."""
    if line.change is None:
        return MISSING
    return f"{line.change:+,} ({percent_text(line)})"


def little_power_note(lines: list[ComparisonLine]) -> str:
    """``LITTLE_POWER_NOTE`` when a line of ``lines`` is marked with little power, else ''."""
    return LITTLE_POWER_NOTE if any(_marked_little_power(line) for line in lines) else ""


def _marked_little_power(line: ComparisonLine) -> bool:
    return line.significant is False and line.little_power


def verdict(line: ComparisonLine, evidence: bool = False) -> str:
    """'significant', 'not significant' or 'missing', as a report writes it; a change that
    is not significant where a count is under 10 says so, 'not significant (little power: a
    count under 10)'. With ``evidence``, the test's figure too: 'significant (p < 0.001)',
    'not significant (p = 0.485)', 'significant (z = 4.00)',
    'not significant (p = 0.754; little power: a count under 10)'."""
    if line.significant is None:
        return MISSING
    word = "significant" if line.significant else "not significant"
    details = []
    if evidence:
        if line.p_value is not None:
            details.append("p < 0.001" if line.p_value < 0.001 else f"p = {line.p_value:.3f}")
        else:
            details.append(f"z = {line.z:.2f}")
    if _marked_little_power(line):
        details.append(LITTLE_POWER)
    return f"{word} ({'; '.join(details)})" if details else word


# The comparison as a workbook ------------------------------------------------------------

INCREASE_COLOUR, DECREASE_COLOUR = "FFFFC7CE", "FFC6EFCE"  # light red, light green
HEADER_ROW = 6
# Columns of the table, counted from 1.
PREVIOUS_COLUMN, COUNT_COLUMN, CHANGE_COLUMN, PERCENT_COLUMN = 3, 4, 5, 6
# Numbers as the screen writes them (count_text, change_text): '30,000', '+612', '+5.8%'.
COUNT_FORMAT = "#,##0"
CHANGE_FORMAT = "+#,##0;-#,##0;0"
PERCENT_CHANGE_FORMAT = "+0.0%;-0.0%;0.0%"


def _columns(period: Period) -> list[Column]:
    from cspdesk.xlsx.writer import Column

    def count_column(label: str) -> Column:
        long = len(label) > 20
        return Column(label, width=22 if long else None, kind="int", wrap=long)

    return [Column("Area"), Column("Level"), count_column(period.previous_label),
            count_column(period.label), Column("Change", kind="int"),
            Column("Change %", kind="percent"), Column("Significant"),
            Column("Data quality", width=50, wrap=True)]


def _row(line: ComparisonLine) -> list[Any]:
    fraction = None if line.change_pct is None else line.change_pct / 100
    return [line.area, level_heading(line.level), line.previous, line.count, line.change,
            fraction, verdict(line), "; ".join(line.flags) or None]


def export_comparison_xlsx(db: Database, path: Path | str, measure: str, period: Period,
                           method: str = "binomial", overwrite: bool = False) -> ExportResult:
    """Write the comparison as a workbook ready to print (landscape, one page wide).

    Title rows say the measure, the two periods, the test of significance and when the
    workbook was made; the table gives both counts, the change and the change in %, with
    significant increases shaded light red and significant decreases light green. Missing
    counts are written as the word "missing", never as a number.
    """
    from cspdesk.xlsx.writer import (
        ExportResult,
        new_workbook,
        save_workbook,
        set_print_layout,
        write_table,
    )

    lines = compare(db, measure, period, method)
    wb = new_workbook()
    ws = wb.create_sheet("Comparison")
    warnings = _title_rows(ws, measure, period, method, little_power_note(lines))
    warnings += write_table(ws, _columns(period), [_row(line) for line in lines],
                            start_row=HEADER_ROW, auto_filter=False)
    for number, line in enumerate(lines, start=HEADER_ROW + 1):
        warnings += _style_row(ws, number, line)
    set_print_layout(ws, HEADER_ROW, landscape=True)
    target = save_workbook(wb, path, overwrite)
    return ExportResult(target, warnings, count=len(lines))


def _title_rows(ws: Worksheet, measure: str, period: Period, method: str,
                little_power: str) -> list[str]:
    from cspdesk.xlsx.writer import TITLE_FONT, write_cell

    made = dt.datetime.now()
    texts = [
        f"{measure}: {period.label} against {period.previous_label}",
        f"Significance: {SIGNIFICANCE_METHODS[method]}. A change that is not significant is "
        f"marked so and not shaded. {little_power}".rstrip(),
        "Significant increases are shaded light red, decreases light green. \"missing\" means "
        f"a month of the period has no count; \"{FROM_ZERO}\" is a change from a count of 0.",
        f"Made on {made:%d/%m/%Y} at {made:%H:%M} by cspdesk.",
    ]
    warnings: list[str] = []
    for number, text in enumerate(texts, start=1):
        warnings += write_cell(ws, number, 1, text)
    ws.cell(1, 1).font = TITLE_FONT
    return warnings


def _style_row(ws: Worksheet, number: int, line: ComparisonLine) -> list[str]:
    """Indent the area by its depth as the screen does, show the numbers as the screen
    writes them, write the words where a number is missing (a count, the change, or the
    percentage of a change from 0), shade a significant change."""
    from openpyxl.styles import Alignment, PatternFill

    from cspdesk.xlsx.writer import write_cell

    ws.cell(number, 1).alignment = Alignment(horizontal="left", indent=line.depth)
    for column, number_format in ((PREVIOUS_COLUMN, COUNT_FORMAT), (COUNT_COLUMN, COUNT_FORMAT),
                                  (CHANGE_COLUMN, CHANGE_FORMAT),
                                  (PERCENT_COLUMN, PERCENT_CHANGE_FORMAT)):
        ws.cell(number, column).number_format = number_format
    warnings: list[str] = []
    for column, value in ((PREVIOUS_COLUMN, line.previous), (COUNT_COLUMN, line.count)):
        if value is None:
            warnings += write_cell(ws, number, column, count_text(value))
    if line.change is None:
        warnings += write_cell(ws, number, CHANGE_COLUMN, MISSING)
    if line.change_pct is None:
        warnings += write_cell(ws, number, PERCENT_COLUMN, percent_text(line))
    change = line.change
    if line.significant and change:
        colour = INCREASE_COLOUR if change > 0 else DECREASE_COLOUR
        fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
        for column in (CHANGE_COLUMN, PERCENT_COLUMN):
            ws.cell(number, column).fill = fill
    return warnings
