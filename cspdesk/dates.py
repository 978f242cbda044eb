"""UK conventions: dates dd/mm/yyyy, financial years April to March written 2023/24, pounds."""

from __future__ import annotations

import datetime as dt
import re

from cspdesk.errors import InputError

_FY = re.compile(r"^(\d{4})/(\d{2})$")


def format_date(value: str | dt.date | None) -> str:
    """ISO date (as stored) to dd/mm/yyyy; empty for no date."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def parse_uk_date(text: str, what: str = "date") -> dt.date:
    """Read a dd/mm/yyyy date typed by the user; refuses anything else with a clear message."""
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise InputError(
            f"The {what} '{text}' is not a date written dd/mm/yyyy (for example 11/04/2023)."
        ) from None


def financial_year_of(day: dt.date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def financial_year_start(fy: str) -> int:
    """The calendar year a financial year starts in: '2023/24' -> 2023."""
    match = _FY.match(fy.strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise InputError(f"'{fy}' is not a financial year written like 2023/24.")
    return int(match.group(1))


def financial_year_months(fy: str) -> list[str]:
    """The twelve months of a financial year as 'YYYY-MM', April first."""
    start = financial_year_start(fy)
    spring = [f"{start + 1}-{m:02d}" for m in range(1, 4)]
    return [f"{start}-{m:02d}" for m in range(4, 13)] + spring


def previous_financial_year(fy: str) -> str:
    start = financial_year_start(fy) - 1
    return f"{start}/{(start + 1) % 100:02d}"


def format_pounds(pence: int | None) -> str:
    """Whole pence to pounds as a committee report writes them: £750,000 or £1,234.50."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}" + (f".{rest:02d}" if rest else "")


def pounds_to_pence(pounds: float | int | str) -> int:
    return int(round(float(pounds) * 100))
