"""Values from old spreadsheets in cspdesk's words: marks, statuses, dates, money, numbers.

People kept attendance and action trackers in their own words ("Apols", "Y", "Done",
"Ongoing") and their own formats ("12/03/19", "£1,200", "3rd March 2020"). Each function
here turns such a value into what the partner workbook holds. A value it cannot read is
handed on unchanged, so the importer's checks report it at its row like any other.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from cspdesk.errors import InputError
from cspdesk.money import format_pounds, pounds_to_pence

_NOT_WORD = re.compile(r"[^0-9a-z£%]+")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.IGNORECASE)

MARK_WORDS: dict[str, str] = {
    **dict.fromkeys(("present", "yes", "y", "p", "attended", "attending", "in person",
                     "present in person", "x", "✓", "✔", "tick", "1", "true"), "present"),
    **dict.fromkeys(("present online", "online", "virtual", "teams", "zoom", "remote",
                     "remotely", "attended online", "o", "v"), "present online"),
    **dict.fromkeys(("apologies", "apols", "apol", "apology", "apologies given",
                     "sent apologies", "apologies sent", "a", "ap", "aps"), "apologies"),
    **dict.fromkeys(("absent", "no", "n", "did not attend", "dna", "not present",
                     "absent no apologies", "0", "false"), "absent"),
    **dict.fromkeys(("substitute", "sub", "subbed", "deputy", "deputised", "represented",
                     "s"), "substitute"),
    **dict.fromkeys(("in attendance", "guest", "observer", "officer", "adviser", "advisor",
                     "presenter", "invited", "ia"), "in attendance"),
}

STATUS_WORDS: dict[str, str] = {
    **dict.fromkeys(("complete", "completed", "done", "closed", "finished", "achieved",
                     "delivered", "green complete", "c", "yes"), "complete"),
    **dict.fromkeys(("in progress", "ongoing", "on going", "started", "underway",
                     "under way", "on track", "progressing", "open", "live", "active",
                     "wip", "work in progress", "delayed", "at risk", "behind"),
                    "in progress"),
    **dict.fromkeys(("not started", "not yet started", "planned", "to do", "todo",
                     "pending", "new", "proposed", "not begun", "no"), "not started"),
    **dict.fromkeys(("cancelled", "canceled", "dropped", "withdrawn", "abandoned",
                     "no longer required", "not required", "stopped"), "cancelled"),
}

DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d-%m-%y", "%d.%m.%Y",
                "%d.%m.%y", "%d %B %Y", "%d %b %Y", "%d %B %y", "%d %b %y", "%d-%b-%Y",
                "%d-%b-%y", "%A %d %B %Y", "%a %d %b %Y", "%B %d %Y", "%b %d %Y",
                "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")


def norm(value: Any) -> str:
    """Lower case, punctuation and runs of space turned into one space: for comparing words."""
    return _NOT_WORD.sub(" ", str(value).lower()).strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str | None:
    """A cell as text: whole numbers without '.0', dates as dd/mm/yyyy, blank as None."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def as_mark(value: Any) -> Any:
    """An attendance mark in cspdesk's words ('Apols' is apologies), else the value as it is."""
    if isinstance(value, bool):
        return "present" if value else "absent"
    return _word(value, MARK_WORDS)


def as_status(value: Any) -> Any:
    """An action's status in cspdesk's words ('Done' is complete), else the value as it is."""
    return _word(value, STATUS_WORDS)


def _word(value: Any, words: dict[str, str]) -> Any:
    text = as_text(value)
    if text is None:
        return None
    known = words.get(text.lower()) or words.get(norm(text))
    return known if known is not None else text


def as_date(value: Any) -> Any:
    """A date from a real Excel date or text in a form people type; else the value as it is."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _ORDINAL.sub("", " ".join(str(value).replace(",", " ").split()))
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return str(value).strip()


def as_number(value: Any, whole: bool = False) -> Any:
    """A number from a number or text such as '1,200.5' or '1 200'; else the value as it is."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return int(value) if whole and float(value).is_integer() else value
    text = str(value).strip().replace(",", "").replace(" ", "")
    try:
        number = float(text)
    except ValueError:
        return str(value).strip()
    if number.is_integer():
        return int(number)
    return number


def as_pounds(value: Any) -> Any:
    """An amount of money read by the rule of ``cspdesk.money`` and written as cspdesk
    writes it ('£1,200' from '1200', '£1,200.50' from ' £1,200.5'); else the value as it is."""
    try:
        pence = pounds_to_pence(value)
    except InputError:
        return value.strip() if isinstance(value, str) else value
    return None if pence is None else format_pounds(pence)


def as_kind(value: Any, kind: str) -> Any:
    """``value`` read as a field of ``kind`` (a workbook layout kind)."""
    if kind == "date":
        return as_date(value)
    if kind == "int":
        return as_number(value, whole=True)
    if kind == "pounds":
        return as_pounds(value)
    return as_text(value)
