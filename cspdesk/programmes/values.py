"""Reading the values programmes are kept in: amounts, year limits, lists.

Amounts are read by ``cspdesk.money`` and financial years and quarters by ``cspdesk.dates``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cspdesk.dates import financial_year_bounds, format_date, parse_financial_year
from cspdesk.errors import InputError
from cspdesk.money import format_pounds, pounds_to_pence

_LIMIT_LINE = re.compile(
    r"^(?P<year>\d{4}/\d{2})\s*[:,;]?\s*(?P<amount>£?\s*[-\d,]+(?:\.\d*)?)"
    r"\s*(?:[,;]?\s*(?:by\s+)?(?P<by>\d{1,2}/\d{1,2}/\d{4}))?$", re.IGNORECASE)


@dataclass(frozen=True)
class YearLimit:
    """The most a programme may spend in one financial year, and the date it must be spent by."""

    financial_year: str
    limit_pence: int
    spend_by: str | None

    def describe(self) -> str:
        """'2022/23: £500,000 by 31/03/2023', as typed in the programme form."""
        by = f" by {format_date(self.spend_by)}" if self.spend_by else ""
        return f"{self.financial_year}: {format_pounds(self.limit_pence)}{by}"


def stored_pounds(v: Mapping[str, Any], key: str, stored: str, label: str) -> int | None:
    """Pounds given under ``key`` as pence or, when the key was not given (an update that
    leaves the amount as it was), the pence stored under ``stored``."""
    if key in v:
        return pounds_to_pence(v.get(key), label, key)
    return v.get(stored)


def text_lines(value: Any) -> list[str]:
    """A list given as a list, or as text with one item a line; blanks and repeats dropped."""
    if value is None:
        return []
    items: Iterable[Any] = value.splitlines() if isinstance(value, str) else value
    return list(dict.fromkeys(str(i).strip() for i in items if str(i).strip()))


# Year limits -----------------------------------------------------------------------------


def parse_year_limits(value: Any) -> list[YearLimit]:
    """Year limits from YearLimit objects, dicts (financial_year, limit in pounds, spend_by)
    or text with one year a line ('2022/23: £500,000 by 31/03/2023'); refuses a line that is
    not one, a repeated year, a negative limit or a spend-by date outside its year."""
    if value is None:
        return []
    items = text_lines(value) if isinstance(value, str) else list(value)
    limits = [_one_limit(item) for item in items]
    years = [limit.financial_year for limit in limits]
    for year in years:
        if years.count(year) > 1:
            raise InputError(f"{year} has more than one limit; give each year once.",
                             field="year_limits")
    return sorted(limits, key=lambda limit: limit.financial_year)


def _one_limit(item: Any) -> YearLimit:
    if isinstance(item, YearLimit):
        return item
    if isinstance(item, dict):
        year, amount, by = item.get("financial_year"), item.get("limit"), item.get("spend_by")
    else:
        match = _LIMIT_LINE.match(str(item).strip())
        if match is None:
            raise InputError(f"'{item}' is not a year limit; write one year a line, like "
                             "'2023/24: £250,000 by 30/09/2023'.", field="year_limits")
        year, amount, by = match.group("year"), match.group("amount"), match.group("by")
    year = parse_financial_year(year, "year_limits")
    pence = pounds_to_pence(amount, f"limit for {year}", "year_limits")
    if pence is None:
        raise InputError(f"Give the limit for {year} in pounds.", field="year_limits")
    return YearLimit(year, pence, _spend_by(by, year))


def _spend_by(by: Any, year: str) -> str | None:
    if by in (None, ""):
        return None
    try:
        day = by if isinstance(by, dt.date) else (
            dt.date.fromisoformat(by) if "-" in str(by)
            else dt.datetime.strptime(str(by), "%d/%m/%Y").date())
    except ValueError:
        raise InputError(f"The spend-by date '{by}' for {year} is not a date written "
                         "dd/mm/yyyy.", field="year_limits") from None
    first, last = financial_year_bounds(year)
    if not first <= day <= last:
        raise InputError(f"The spend-by date {format_date(day)} is not in {year} (1 April "
                         "to 31 March).", field="year_limits")
    return day.isoformat()
