"""Helpers every record module shares: reading form values, refusing bad ones with the
field named, and saving one row (insert or update) with a clear message on a clash."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from cspdesk import audit
from cspdesk.dates import format_date, parse_uk_date
from cspdesk.errors import InputError
from cspdesk.store.connection import Database

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def clean_text(value: object) -> str | None:
    """Text with surrounding whitespace removed; empty text is None."""
    if value is None:
        return None
    return str(value).strip() or None


def required_text(v: Mapping[str, Any], key: str, what: str) -> str:
    text = clean_text(v.get(key))
    if text is None:
        raise InputError(f"Enter {what}.", field=key)
    return text


def choice(v: Mapping[str, Any], key: str, allowed: Sequence[str], label: str) -> str | None:
    text = clean_text(v.get(key))
    if text is not None and text not in allowed:
        raise InputError(f"'{text}' is not a {label} cspdesk knows; choose one of: "
                         f"{', '.join(allowed)}.", field=key)
    return text


def date_value(v: Mapping[str, Any], key: str, label: str) -> str | None:
    """A date (datetime.date, ISO text as stored, or text as typed, read by
    ``dates.parse_uk_date``) as stored ISO text; None for none."""
    value = v.get(key)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = clean_text(value)
    if text is None:
        return None
    if not _ISO_DAY.match(text):
        return parse_uk_date(text, label, key).isoformat()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:  # shaped like a stored date, but no such day (2023-02-30)
        raise InputError(f"The {label} '{text}' is not a date.", field=key) from None


def reference(db: Database, v: Mapping[str, Any], key: str, table: str, what: str,
         required: bool = False) -> int | None:
    """The id in ``v[key]`` after checking a row of ``table`` has it."""
    value = v.get(key)
    if value is None or value == "":
        if required:
            raise InputError(f"Choose the {what}.", field=key)
        return None
    if isinstance(value, bool) or not isinstance(value, int) or db.execute(
            f"SELECT 1 FROM {table} WHERE id = ?", [value]).fetchone() is None:
        raise InputError(f"The {what} chosen is not in the database (it may have been "
                         "deleted); choose again.", field=key)
    return value


def merged_values(db: Database, table: str, values: Mapping[str, Any], row_id: int | None,
                  thing: str, columns: Sequence[str]) -> dict[str, Any]:
    """The stored row (for an update) with ``values`` laid over it; ``columns`` are the ones
    a caller may set (another key is a programming error, not bad input)."""
    unknown = set(values) - set(columns)
    if unknown:
        raise ValueError(f"{table} has no column(s) {', '.join(sorted(unknown))}")
    if row_id is None:
        return dict(values)
    cur = db.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id])
    row = cur.fetchone()
    if row is None:
        raise InputError(f"There is no {thing} number {row_id} (it may have been deleted).")
    return {**dict(zip([d[0] for d in cur.description], row, strict=True)), **values}


def save_row(db: Database, table: str, row: dict[str, Any], row_id: int | None) -> int:
    """Insert or update one row; a UNIQUE clash becomes an InputError naming the column.

    The change goes into the audit log in the same transaction (the caller's)."""
    try:
        if row_id is None:
            cur = db.execute(f"INSERT INTO {table} ({', '.join(row)}) "
                             f"VALUES ({', '.join('?' * len(row))})", list(row.values()))
            new_id = int(cur.lastrowid)  # type: ignore[arg-type]
            audit.record_change(db, table, new_id, None, row)
            return new_id
        old = audit.row_values(db, table, row_id, list(row))
        db.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in row)} WHERE id = ?",
                   [*row.values(), row_id])
        audit.record_change(db, table, row_id, old, row)
        return row_id
    except sqlite3.IntegrityError as exc:
        match = re.search(r"UNIQUE constraint failed: \w+\.(\w+)", str(exc))
        if match is None:
            raise InputError(f"This was not saved: the database refused it ({exc}).") from exc
        label = match.group(1).replace("_", " ")
        raise InputError(f"Another record already has this {label}; choose another "
                         f"{label}.", field=match.group(1)) from exc


def with_last(row: Sequence[Any], value: Any) -> list[Any]:
    """``row`` with its last column replaced by ``value``."""
    return [*row[:-1], value]


def record_name(db: Database, table: str, row_id: int | None) -> str:
    row = db.execute(f"SELECT name FROM {table} WHERE id = ?", [row_id]).fetchone()
    return row[0] if row else "?"


def article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def period(start: str | None, end: str | None) -> str:
    if start and end:
        return f"from {format_date(start)} to {format_date(end)}"
    if start:
        return f"from {format_date(start)}"
    return f"until {format_date(end)}" if end else "with no dates"


def and_list(items: Sequence[str]) -> str:
    """Items in a sentence: 'a', 'a and b', 'a, b and c' (no comma before 'and')."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, word: str) -> str:
    """A count with its noun: '1 member', '3 members'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
