"""UK conventions for dates: days written dd/mm/yyyy, financial years and their quarters.

A financial year runs from 1 April to 31 March and is written 2023/24 (1999/00 at a
century). Its quarters are written 2023/24 Q1: Q1 is April to June 2023, Q2 July to
September, Q3 October to December, Q4 January to March 2024. Months are 'YYYY-MM' text, as
the database keeps them. Money is in ``cspdesk.money``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from cspdesk.errors import InputError

_FY = re.compile(r"^(\d{4})/(\d{2})$")
_QUARTER = re.compile(r"^(\d{4}/\d{2}) Q([1-4])$")


def format_date(value: str | dt.date | None) -> str:
    """ISO date (as stored) to dd/mm/yyyy; empty for no date."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                  "Sunday")
_NUMERIC = re.compile(r"^(\d{1,2}) ?([/.-]) ?(\d{1,2}) ?\2 ?(\d{2}|\d{4})$")
_WORDS = re.compile(r"^(?:([a-z]+),? )?(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? (\d{2}|\d{4})$")
_FIRST_YEAR, _LAST_YEAR = 1900, 2099


def long_date(day: dt.date | str) -> str:
    """A day in words, to show what a typed date was read as: 'Thursday 20 July 2023'."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return f"{_WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def parse_uk_date(text: object, what: str = "date", field: str | None = None) -> dt.date:
    """Read a date as a UK officer types it: the one reader behind every date field and option.

    Day first, always: 20/07/2023, 20/7/2023, 20-07-2023 or 20.07.2023; two-digit years are
    2000 to 2099 (20/7/23); or in words: '20 July 2023', '20th Jul 2023', 'Thursday 20 July
    2023' (the weekday, when given, must be the right one). Surrounding and doubled spaces
    are ignored and case does not matter. Years run from 1900 to 2099. Anything else, an
    ISO 2023-07-20 included, is refused with an InputError naming ``field`` that says why:
    not written as a date, no such month, or no such day in that month.
    """
    typed = " ".join(str(text or "").split())
    parts = _date_parts(typed.lower())
    if parts is None:
        raise InputError(f"The {what} '{typed}' is not a date written dd/mm/yyyy (for "
                         "example 11/04/2023 or 11 April 2023).", field=field)
    day, month, year, weekday = parts
    problem = _impossible(day, month, year)
    if problem:
        raise InputError(f"The {what} '{typed}' is not a date: {problem}.", field=field)
    result = dt.date(year, month, day)
    if weekday is not None and weekday != result.weekday():
        raise InputError(f"The {what} '{typed}' is not a date: {format_date(result)} is a "
                         f"{_WEEKDAY_NAMES[result.weekday()]}.", field=field)
    return result


def _date_parts(typed: str) -> tuple[int, int, int, int | None] | None:
    """(day, month, year, weekday or None) as typed, not yet checked; None if unreadable."""
    numeric = _NUMERIC.match(typed)
    if numeric:
        day, _sep, month, year = numeric.groups()
        return int(day), int(month), _full_year(year), None
    words = _WORDS.match(typed)
    if not words:
        return None
    weekday_word, day, month_word, year = words.groups()
    month = _named(month_word, MONTH_NAMES)
    weekday = _named(weekday_word, _WEEKDAY_NAMES) if weekday_word else None
    if month is None or (weekday_word and weekday is None):
        return None
    return int(day), month + 1, _full_year(year), weekday


def _named(word: str, names: tuple[str, ...]) -> int | None:
    """The position of a month or weekday written in full or cut short to three letters or
    more ('sep', 'sept', 'september'); None when it is none of them."""
    found = [n for n, name in enumerate(names) if len(word) >= 3 and
             name.lower().startswith(word)]
    return found[0] if len(found) == 1 else None


def _full_year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _impossible(day: int, month: int, year: int) -> str:
    """Why day/month/year is no date, in a few words; empty when it is one."""
    if not 1 <= month <= 12:
        return f"there is no month {month} (the day comes first, dd/mm/yyyy)"
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return f"cspdesk takes years from {_FIRST_YEAR} to {_LAST_YEAR}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{MONTH_NAMES[month - 1]} {year} has {days} days"
    return ""


# Financial years -------------------------------------------------------------------------


def financial_year_label(start_year: int) -> str:
    """The financial year starting in April of ``start_year``, written the one way cspdesk
    writes it: the four-digit year, '/', the last two digits of the next year (2023 ->
    '2023/24', 1999 -> '1999/00')."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_of(day: dt.date | str) -> str:
    """The financial year (April to March) holding a day, or a month written 'YYYY-MM' (an
    ISO date also does): 11/04/2023 -> '2023/24'; '2024-03' -> '2023/24'."""
    if isinstance(day, str):
        year, month = int(day[:4]), int(day[5:7])
    else:
        year, month = day.year, day.month
    return financial_year_label(year if month >= 4 else year - 1)


def financial_year_start(fy: str, field: str | None = None) -> int:
    """The calendar year a financial year starts in: '2023/24' -> 2023.

    Surrounding spaces are ignored; anything not written like 2023/24, with the second part
    the year after the first, is refused with an InputError naming ``field``."""
    start = _start_or_none(fy)
    if start is None:
        raise InputError(f"'{fy}' is not a financial year written like 2023/24.", field=field)
    return start


def parse_financial_year(text: object, field: str | None = None) -> str:
    """A financial year as typed (' 2023/24 ') written as cspdesk writes it ('2023/24');
    InputError naming ``field`` when it is not one."""
    return financial_year_label(financial_year_start(str(text or "").strip(), field))


def _start_or_none(fy: str) -> int | None:
    match = _FY.match(fy.strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        return None
    return int(match.group(1))


def financial_year_bounds(fy: str) -> tuple[dt.date, dt.date]:
    """The first and last days of a financial year: '2023/24' -> 01/04/2023, 31/03/2024."""
    start = financial_year_start(fy)
    return dt.date(start, 4, 1), dt.date(start + 1, 3, 31)


def financial_year_months(fy: str) -> list[str]:
    """The twelve months of a financial year as 'YYYY-MM', April first."""
    start = financial_year_start(fy)
    spring = [f"{start + 1}-{m:02d}" for m in range(1, 4)]
    return [f"{start}-{m:02d}" for m in range(4, 13)] + spring


def previous_financial_year(fy: str) -> str:
    """The financial year before: '2023/24' -> '2022/23'."""
    return financial_year_label(financial_year_start(fy) - 1)


def next_financial_year(fy: str) -> str:
    """The financial year after: '2023/24' -> '2024/25'; '1999/00' -> '2000/01'."""
    return financial_year_label(financial_year_start(fy) + 1)


# Financial quarters ----------------------------------------------------------------------


def quarter_label(fy: str, number: int) -> str:
    """Quarter ``number`` (1 to 4) of a financial year, written '2023/24 Q1'."""
    return f"{fy} Q{number}"


def financial_quarter_of(day: dt.date | str) -> str:
    """The financial quarter holding a day, or a month written 'YYYY-MM':
    11/04/2023 -> '2023/24 Q1'; '2024-01' -> '2023/24 Q4'."""
    month = int(day[5:7]) if isinstance(day, str) else day.month
    return quarter_label(financial_year_of(day), (month - 4) % 12 // 3 + 1)


def parse_financial_quarter(text: object, field: str | None = "quarter") -> str:
    """A quarter as typed (' 2023/24  q2 ') written as cspdesk writes it ('2023/24 Q2');
    InputError naming ``field`` when it is not one."""
    label = re.sub(r"\s+", " ", str(text or "").strip()).upper()
    match = _QUARTER.match(label)
    if not match or _start_or_none(match.group(1)) is None:
        raise InputError(f"'{text}' is not a financial quarter written like 2023/24 Q1 "
                         "(Q1 is April to June).", field=field)
    return label


def year_of_quarter(label: str) -> str:
    """The financial year of a quarter: '2023/24 Q1' -> '2023/24'."""
    return label[:7]


def quarter_bounds(label: str) -> tuple[dt.date, dt.date]:
    """The first and last days of a quarter: '2023/24 Q1' -> 01/04/2023, 30/06/2023."""
    year, number = financial_year_start(year_of_quarter(label)), int(label[-1])
    month = 4 + 3 * (number - 1)
    start = dt.date(year + (month > 12), (month - 1) % 12 + 1, 1)
    following = dt.date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def quarters_between(start: dt.date, end: dt.date) -> list[str]:
    """Every quarter from the one holding ``start`` to the one holding ``end``."""
    quarters, day, last = [], start, financial_quarter_of(end)
    while True:
        quarters.append(financial_quarter_of(day))
        if quarters[-1] >= last:
            return quarters
        day = quarter_bounds(quarters[-1])[1] + dt.timedelta(days=1)
