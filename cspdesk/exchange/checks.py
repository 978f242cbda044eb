"""The partner workbook's cells read back: each kind of column checked and turned into the
value the database stores, and shown again as the user reads it (SQLite's refusals are turned
into plain sentences in ``refusals``).

Cells come from openpyxl as str, int, float, bool, datetime, date or time. Text is taken
as Excel writes it: its ``_xHHHH_`` escapes (Excel writes a carriage return as ``_x000D_``)
are decoded, every line ends in ``"\\n"`` and control characters are taken out (the reader
reports each column where it did so). Surrounding spaces are stripped from keys and
short fields, never from long text such as notes.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import Any

from cspdesk.dates import format_date
from cspdesk.errors import InputError
from cspdesk.exchange.layout import SheetColumn
from cspdesk.exchange.refusals import label
from cspdesk.meetings.structure import quorum_rule_json
from cspdesk.money import format_pounds, pounds_to_pence
from cspdesk.privacy.redaction import REMOVED
from cspdesk.store.settings import DEFAULTS

# Columns whose text is kept exactly as written (only the line ends are made "\n").
LONG_TEXT = frozenset({"notes", "description", "evidence", "text", "reason", "local_concerns",
                       "current_structure", "rag_override_reason"})
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
# The control characters Excel cannot hold in a cell (it writes them as _xHHHH_ escapes): those
# the export takes out too, so a round trip keeps every other character.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::00)?$")
_TRUE, _FALSE = ("yes", "y", "true", "1"), ("no", "n", "false", "0")


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: ``row`` is the Excel row number (the header is row 1) and
    ``column`` the header's name ('' when the problem is the whole sheet's)."""

    sheet: str
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class Skipped:
    """A row left out on purpose, and why: ``column`` the header of the field it would have
    changed, ``old`` and ``new`` that field's values as the user reads them."""

    sheet: str
    row: int
    key: tuple
    column: str
    old: Any
    new: Any
    reason: str


class CellError(ValueError):
    """A cell's value does not fit its column; the message says why, in plain words."""


def excel_text(value: str) -> str:
    """Text as Excel means it: ``_xHHHH_`` escapes decoded, every line ending in "\\n", and
    control characters (but tabs and line ends) taken out."""
    if "_x" in value:
        value = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", value) if _CONTROLS.search(value) else value


def holds_controls(value: str) -> bool:
    """Whether a cell's text holds control characters ``excel_text`` takes out."""
    if "_x" in value:
        value = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), value)
    return _CONTROLS.search(value) is not None


def read_cell(column: SheetColumn, value: Any) -> Any:
    """The value the database stores for one cell of ``column`` (None when it is empty).

    Raises CellError when the cell does not hold a value of the column's kind."""
    return cell_reader(column)(value)


@functools.cache
def cell_reader(column: SheetColumn) -> Callable[[Any], Any]:
    """``read_cell`` for the cells of one column, its kind looked at once (a workbook of
    ten years has two million cells)."""
    kind = column.kind.split(":")[0]
    if kind == "value":  # a setting's value: as written, an empty one included
        return _setting_value
    if kind == "text":
        return functools.partial(_text_cell, column.column not in LONG_TEXT)
    empty = "[]" if kind == "list" else None
    finish: Callable[[Any], Any] = (
        functools.partial(_json, column.column) if kind == "json" else
        functools.partial(_pounds, column.column) if kind == "pounds" else _READERS[kind])

    def read(value: Any) -> Any:
        if isinstance(value, str):
            value = excel_text(value)
            if not value.strip():
                return empty
        elif value is None:
            return empty
        return finish(value)

    return read


def _setting_value(value: Any) -> str:
    if isinstance(value, str):
        return excel_text(value)
    return "" if value is None else _text(value, short=False) or ""


def _text_cell(short: bool, value: Any) -> str | None:
    if value.__class__ is str:
        value = excel_text(value)
        text = value.strip()
        return (text if short else value) if text else None
    return None if value is None else _text(value, short)


def _text(value: Any, short: bool) -> str | None:
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        text = value.isoformat(timespec="seconds") if value.time() else value.date().isoformat()
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.strip() if short else text
    return text if text.strip() else None


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool | dt.date | dt.time):
        raise CellError(f"'{value}' is not {what}.")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"{value} is not {what}.")
        return int(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if not re.fullmatch(r"[+-]?\d+", text):
            raise CellError(f"'{value.strip()}' is not {what}.")
        return int(text)
    return int(value)


def _id(value: Any) -> int:
    number = _whole(value, "an id (a whole number such as 12)")
    if number < 1:
        raise CellError(f"{number} is not an id: ids are whole numbers from 1 up.")
    return number


def _int(value: Any) -> int:
    return _whole(value, "a whole number")


def _bool(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    text = str(int(value) if isinstance(value, float) and value.is_integer() else value)
    text = text.strip().lower()
    if text in _TRUE:
        return 1
    if text in _FALSE:
        return 0
    raise CellError(f"'{value}' is not yes or no.")


def _date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(value.strip(), pattern).date().isoformat()
            except ValueError:
                pass
        raise CellError(f"'{value.strip()}' is not a date written dd/mm/yyyy "
                        "(for example 11/04/2023).")
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(f"{value} is a number where a date should be; write the date as "
                        "dd/mm/yyyy (for example 11/04/2023).")
    raise CellError(f"'{value}' is not a date written dd/mm/yyyy.")


def _month(value: Any) -> str:
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    match = _MONTH.match(str(value).strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise CellError(f"'{value}' is not a month written YYYY-MM (for example 2023-04).")
    return match.group(0)


def _time(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    match = _TIME.match(str(value).strip())
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise CellError(f"'{value}' is not a time written HH:MM (for example 18:30).")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _setting(value: Any) -> str:
    key = str(value).strip()
    if key not in DEFAULTS:
        raise CellError(f"'{key}' is not a setting cspdesk knows; its settings are: "
                        f"{', '.join(DEFAULTS)}.")
    return key


def _pounds(column: str, value: Any) -> int | None:
    """Money in pounds as whole pence, read by the rule of ``cspdesk.money``."""
    try:
        return pounds_to_pence(value, label(column))
    except InputError as exc:
        raise CellError(str(exc)) from None


def _list(value: Any) -> str:
    """Items separated by "; " (or one a line) as the JSON list the database keeps."""
    items = re.split(r"[;\n]", _text(value, short=False) or "")
    return json.dumps(list(dict.fromkeys(i.strip() for i in items if i.strip())))


def _json(column: str, value: Any) -> str | None:
    try:
        parsed = json.loads(str(value))
    except ValueError:
        raise CellError(f"'{value}' is not a rule cspdesk can read (JSON text such as "
                        '{"kind": "count", "count": 5}).') from None
    if column != "quorum_rule":
        return json.dumps(parsed)
    try:  # the rule's own checks, as the window applies them
        return quorum_rule_json(parsed)
    except InputError as exc:
        raise CellError(str(exc)) from None


_READERS: dict[str, Callable[[Any], Any]] = {
    "id": _id, "ref": _id, "int": _int, "bool": _bool, "date": _date, "month": _month,
    "time": _time, "list": _list, "setting": _setting}


# Showing and comparing ----------------------------------------------------------------------


def shown(column: SheetColumn, stored: Any) -> Any:
    """A stored value as the user reads it: dates dd/mm/yyyy, money in pounds, yes/no,
    lists "a; b"; None for an empty value."""
    if stored is None:
        return None
    kind = column.kind
    if kind == "date":
        return format_date(stored)
    if kind == "pounds":
        return format_pounds(stored)
    if kind == "bool":
        return "yes" if stored else "no"
    if kind == "list":
        return "; ".join(str(i) for i in _as_list(stored)) or None
    return stored


def same(column: SheetColumn, stored: Any, read: Any) -> bool:
    """Whether a cell's value (``read``) is what the database already holds.

    Text the export made safe for partners counts as unchanged: names taken out of it
    (``[personal data removed]`` where they stood) and file paths cut to the file name."""
    if isinstance(stored, str) and isinstance(read, str) and stored != read:
        return _as_exported(column.column, stored, read)
    if column.kind == "list":
        return _as_list(stored) == _as_list(read)
    if column.kind == "json" and stored is not None and read is not None:
        try:
            return bool(json.loads(stored) == json.loads(read))
        except ValueError:
            return False
    return bool(stored == read)


def loses_names(stored: Any, read: Any) -> bool:
    """Whether writing ``read`` over ``stored`` would put the export's marker of removed
    personal data in the place of the names it stood for (the text was edited besides)."""
    return isinstance(read, str) and REMOVED in read and not (
        isinstance(stored, str) and REMOVED in stored)


def _as_exported(column: str, stored: str, read: str) -> bool:
    if column == "source_file" and PureWindowsPath(stored).name == read:
        return True
    if REMOVED not in read:
        return False
    pattern = ".+?".join(re.escape(part) for part in read.split(REMOVED))
    return re.fullmatch(pattern, stored, re.DOTALL) is not None


def _as_list(stored: Any) -> list:
    try:
        items = json.loads(stored) if stored else []
    except ValueError:
        return [stored]
    return items if isinstance(items, list) else [items]

