"""Reading the values programmes are kept in: pounds, financial quarters, year limits, lists.

Money is typed in pounds ("£1,250.50", "1250.5", 1250) and stored as whole pence. A
financial quarter is written '2023/24 Q1': Q1 is April to June 2023, Q2 July to September,
Q3 October to December, Q4 January to March 2024.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from cspdesk.dates import financial_year_of, financial_year_start, format_date, format_pounds
from cspdesk.errors import InputError

_QUARTER = re.compile(r"^(\d{4})/(\d{2}) Q([1-4])$")
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


def pounds_value(value: Any, field: str, label: str) -> int | None:
    """Pounds (a number, or text such as '£1,250.50') as whole pence; None when empty.

    Refuses text that is not an amount, a negative amount and fractions of a penny, naming
    ``field``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InputError(f"The {label} must be an amount in pounds.", field=field)
    text = str(value).strip().replace("£", "").replace(",", "").replace(" ", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InputError(f"The {label} '{value}' is not an amount in pounds (for example "
                         "12,500 or 1,250.50).", field=field) from None
    if not amount.is_finite():
        raise InputError(f"The {label} must be an amount in pounds.", field=field)
    if amount < 0:
        raise InputError(f"The {label} cannot be negative; enter 0 or more.", field=field)
    pence = amount * 100
    if pence != pence.to_integral_value():
        raise InputError(f"The {label} has fractions of a penny; give pounds and pence "
                         "(two decimal places at most).", field=field)
    return int(pence)


def stored_pounds(v: Mapping[str, Any], key: str, stored: str, label: str) -> int | None:
    """Pounds given under ``key`` as pence or, when the key was not given (an update that
    leaves the amount as it was), the pence stored under ``stored``."""
    if key in v:
        return pounds_value(v.get(key), key, label)
    return v.get(stored)


def pounds_text(pence: int | None) -> str:
    """Pence as pounds for a form field: '750,000' or '1,250.50'; empty for none."""
    return format_pounds(pence).replace("£", "")


def text_lines(value: Any) -> list[str]:
    """A list given as a list, or as text with one item a line; blanks and repeats dropped."""
    if value is None:
        return []
    items: Iterable[Any] = value.splitlines() if isinstance(value, str) else value
    return list(dict.fromkeys(str(i).strip() for i in items if str(i).strip()))


# Quarters --------------------------------------------------------------------------------


def quarter_of(day: dt.date) -> str:
    """The financial quarter a day falls in: 11/04/2023 -> '2023/24 Q1'."""
    return f"{financial_year_of(day)} Q{(day.month - 4) % 12 // 3 + 1}"


def check_quarter(text: Any, field: str = "quarter") -> str:
    """A quarter written '2023/24 Q1', or InputError naming ``field``."""
    label = re.sub(r"\s+", " ", str(text or "").strip()).upper()
    match = _QUARTER.match(label)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise InputError(f"'{text}' is not a financial quarter written like 2023/24 Q1 "
                         "(Q1 is April to June).", field=field)
    return label


def quarter_bounds(label: str) -> tuple[dt.date, dt.date]:
    """The first and last days of a quarter: '2023/24 Q1' -> 01/04/2023, 30/06/2023."""
    year, number = financial_year_start(label[:7]), int(label[-1])
    month = 4 + 3 * (number - 1)
    start = dt.date(year + (month > 12), (month - 1) % 12 + 1, 1)
    following = dt.date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def quarters_between(start: dt.date, end: dt.date) -> list[str]:
    """Every quarter from the one holding ``start`` to the one holding ``end``."""
    quarters, day, last = [], start, quarter_of(end)
    while True:
        quarters.append(quarter_of(day))
        if quarters[-1] >= last:
            return quarters
        day = quarter_bounds(quarters[-1])[1] + dt.timedelta(days=1)


def year_of_quarter(label: str) -> str:
    """The financial year of a quarter: '2023/24 Q1' -> '2023/24'."""
    return label[:7]


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
    try:
        start = financial_year_start(str(year))
    except InputError as exc:
        raise InputError(str(exc), field="year_limits") from None
    pence = pounds_value(amount, "year_limits", f"limit for {year}")
    if pence is None:
        raise InputError(f"Give the limit for {year} in pounds.", field="year_limits")
    spend_by = _spend_by(by, str(year), start)
    return YearLimit(str(year), pence, spend_by)


def _spend_by(by: Any, year: str, start: int) -> str | None:
    if by in (None, ""):
        return None
    try:
        day = by if isinstance(by, dt.date) else (
            dt.date.fromisoformat(by) if "-" in str(by)
            else dt.datetime.strptime(str(by), "%d/%m/%Y").date())
    except ValueError:
        raise InputError(f"The spend-by date '{by}' for {year} is not a date written "
                         "dd/mm/yyyy.", field="year_limits") from None
    if not dt.date(start, 4, 1) <= day <= dt.date(start + 1, 3, 31):
        raise InputError(f"The spend-by date {format_date(day)} is not in {year} (1 April "
                         "to 31 March).", field="year_limits")
    return day.isoformat()
