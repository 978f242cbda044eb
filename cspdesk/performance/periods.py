"""Reporting periods as the analyst says them: a month, the financial year to date, the rolling
12 months and a whole financial year, each with the same period one year earlier.

Months are 'YYYY-MM' text, as ``monthly_counts`` stores them; financial years run April to
March and are written 2023/24.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from cspdesk.dates import (
    financial_year_months,
    financial_year_of,
    parse_financial_year,
    previous_financial_year,
)
from cspdesk.errors import InputError
from cspdesk.performance.totals import measure_id
from cspdesk.store.connection import Database

KINDS = ("month", "fytd", "r12", "fy")
FORMS = ("2024-12 (a month)", "fytd:2024-12 (financial year to date)",
         "r12:2024-12 (the 12 months to a month)", "fy:2023/24 (a whole financial year)")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 1900, 2999


@dataclass(frozen=True)
class Period:
    """The months of a period and of the same period one year earlier, with their names."""

    kind: str  # 'month' | 'fytd' | 'r12' | 'fy'
    label: str
    months: tuple[str, ...]  # 'YYYY-MM', oldest first
    previous_months: tuple[str, ...]  # the same months one year earlier
    previous_label: str


def _split(month: str) -> tuple[int, int]:
    """'2024-12' -> (2024, 12), or InputError when it is not a real month written YYYY-MM."""
    match = _MONTH.match(month.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InputError(f"'{month}' is not a month written YYYY-MM (for example 2024-12).",
                         field="period")
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(f"The month '{month}' is outside the years {FIRST_YEAR} to "
                         f"{LAST_YEAR}.", field="period")
    return year, int(match.group(2))


def shift_month(month: str, months: int) -> str:
    """The month ``months`` later (earlier when negative): shift_month('2024-02', -12) is
    '2023-02'."""
    year, number = _split(month)
    index = year * 12 + number - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_label(month: str) -> str:
    """'2024-12' -> 'December 2024'."""
    year, number = _split(month)
    return f"{calendar.month_name[number]} {year}"


def _fy_of_month(month: str) -> str:
    _split(month)  # refuses a month not written YYYY-MM
    return financial_year_of(month.strip())


def _span(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive."""
    (y1, m1), (y2, m2) = _split(first), _split(last)
    count = (y2 * 12 + m2) - (y1 * 12 + m1) + 1
    return [shift_month(first, i) for i in range(count)]


def _fytd_label(month: str) -> str:
    start = financial_year_months(_fy_of_month(month))[0]
    if start == month:
        months = month_label(month)
    elif start[:4] == month[:4]:
        months = f"April to {month_label(month)}"
    else:
        months = f"{month_label(start)} to {month_label(month)}"
    return f"Financial year to date {_fy_of_month(month)} ({months})"


def _r12_label(month: str) -> str:
    return f"12 months to {month_label(month)}"


def period_ending(kind: str, month: str) -> Period:
    """The period of ``kind`` ('month', 'fytd' or 'r12') that ends with ``month``."""
    if kind == "month":
        months = [month.strip()]
        _split(months[0])
        labeller = month_label
    elif kind == "fytd":
        months = _span(financial_year_months(_fy_of_month(month))[0], month.strip())
        labeller = _fytd_label
    elif kind == "r12":
        months = _span(shift_month(month, -11), month.strip())
        labeller = _r12_label
    else:
        raise InputError(f"'{kind}' is not a kind of period ending in a month; use month, "
                         "fytd or r12.", field="period")
    previous = [shift_month(m, -12) for m in months]
    return Period(kind, labeller(months[-1]), tuple(months), tuple(previous),
                  labeller(previous[-1]))


def financial_year(fy: str) -> Period:
    """A whole financial year ('2023/24', April to March) against the one before."""
    label = parse_financial_year(fy)
    months = financial_year_months(label)
    for month in (months[0], months[-1]):
        _split(month)  # refuses years out of range
    return Period("fy", label, tuple(months), tuple(shift_month(m, -12) for m in months),
                  previous_financial_year(label))


def parse_period(text: str) -> Period:
    """A period written '2024-12' (a month), 'fytd:2024-12', 'r12:2024-12' or 'fy:2023/24'."""
    raw = (text or "").strip()
    kind, sep, value = raw.partition(":")
    kind, value = kind.strip().lower(), value.strip()
    try:
        if not sep and _MONTH.match(raw):
            return period_ending("month", raw)
        if sep and kind in ("fytd", "r12") and _MONTH.match(value):
            return period_ending(kind, value)
        if sep and kind == "fy":
            return financial_year(value)
    except InputError:
        pass  # one message for every mistake, below
    raise InputError(f"'{text}' is not a period; write it as one of: {', '.join(FORMS)}.",
                     field="period")


def latest_month(db: Database, measure: str | None = None) -> str | None:
    """The newest month holding any monthly count (of ``measure`` when given); None if none."""
    if measure is None:
        row = db.execute("SELECT MAX(month) FROM monthly_counts").fetchone()
    else:
        row = db.execute("SELECT MAX(month) FROM monthly_counts WHERE measure_id = ?",
                         [measure_id(db, measure)]).fetchone()
    return row[0] if row else None
