"""An import plan as a reader checks it: one line per field, each record named.

The plan holds ids and values as the user reads them; here each record gets a name a
person recognises ("#41 Sarah Whitmore at PDG 12/03/2020", "#7 CCTV at Kilton Forest") and
each reference the name of what it points at ("#3 Partnership Delivery Group"). Nothing
here writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cspdesk.dates import format_date
from cspdesk.exchange.importer import ImportPlan, RecordChange
from cspdesk.exchange.layout import SHEETS_BY_NAME, SheetColumn
from cspdesk.store.connection import Database

_MEETING = ("(SELECT g.short_name || ' ' || strftime('%d/%m/%Y', m.date) FROM meetings m "
            "JOIN groups g ON g.id = m.group_id WHERE m.id = {})")
LABEL_SQL: dict[str, str] = {
    "Organisations": "SELECT name FROM organisations WHERE id = ?",
    "People": "SELECT name FROM people WHERE id = ?",
    "Groups": "SELECT short_name FROM groups WHERE id = ?",
    "Memberships": "SELECT p.name || ' in ' || g.short_name FROM memberships x JOIN people p "
                   "ON p.id = x.person_id JOIN groups g ON g.id = x.group_id WHERE x.id = ?",
    "Meetings": "SELECT " + _MEETING.format("?"),
    "Attendance": "SELECT p.name || ' at ' || " + _MEETING.format("x.meeting_id") +
                  " FROM attendance x JOIN people p ON p.id = x.person_id WHERE x.id = ?",
    "Meeting actions": "SELECT description FROM meeting_actions WHERE id = ?",
    "Agenda items": "SELECT title FROM agenda_items WHERE id = ?",
    "Areas": "SELECT name FROM areas WHERE id = ?",
    "Measures": "SELECT name FROM measures WHERE id = ?",
    "Priorities": "SELECT financial_year || ': ' || title FROM priorities WHERE id = ?",
    "Programmes": "SELECT name FROM programmes WHERE id = ?",
    "Actions": "SELECT title FROM actions WHERE id = ?",
    "Chair terms": "SELECT g.short_name || ' chair from ' || strftime('%d/%m/%Y', c.start_date) "
                   "FROM chair_terms c JOIN groups g ON g.id = c.group_id WHERE c.id = ?",
    "Action updates": "SELECT a.title || ', ' || strftime('%d/%m/%Y', u.date) FROM "
                      "action_updates u JOIN actions a ON a.id = u.action_id WHERE u.id = ?",
}
NAME_FIELDS = ("name", "title", "description", "text", "short_name")
LONGEST = 120  # characters of a long text shown in one line


@dataclass(frozen=True)
class ChangeLine:
    sheet: str
    row: int
    record: str
    action: str  # 'add', 'update' or 'skip'
    field: str
    old: str
    new: str
    note: str = ""  # why a row is skipped


class _Namer:
    """Names records by sheet and id, remembering each answer."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.known: dict[tuple[str, Any], str | None] = {}

    def name(self, sheet: str, key: Any) -> str | None:
        if (sheet, key) not in self.known:
            sql = LABEL_SQL.get(sheet)
            found = self.db.execute(sql, [key]).fetchone() if sql and key is not None else None
            self.known[(sheet, key)] = str(found[0]) if found and found[0] else None
        return self.known[(sheet, key)]


def change_lines(db: Database, plan: ImportPlan) -> list[ChangeLine]:
    """Every field the plan adds or changes, in the plan's order, then each row it
    skips (with the reason in ``note``)."""
    namer = _Namer(db)
    for change in plan.changes:  # records added by the plan itself, for references to them
        if change.action == "add" and len(change.key) == 1:
            namer.known[(change.sheet, change.key[0])] = _new_name(change)
    lines: list[ChangeLine] = []
    for change in plan.changes:
        record = record_label(namer, change)
        for field in change.changes:
            column = _column(change.sheet, field.column)
            lines.append(ChangeLine(
                change.sheet, change.row, record, change.action,
                column.header if column else field.column,
                shown(namer, column, field.old), shown(namer, column, field.new)))
    for skip in plan.skipped:
        column = _column(skip.sheet, skip.column)
        record = record_label(namer, RecordChange(skip.sheet, skip.row, skip.key, "update", ()))
        lines.append(ChangeLine(skip.sheet, skip.row, record, "skip", skip.column,
                                shown(namer, column, skip.old), shown(namer, column, skip.new),
                                skip.reason))
    return lines


def record_label(namer: _Namer, change: RecordChange) -> str:
    """'#12 Sarah Whitmore' for a record there already; a new one by its name or 'new'."""
    key = change.key[0] if len(change.key) == 1 else None
    if change.action == "update" and len(change.key) == 1:
        name = namer.name(change.sheet, key)
        return f"#{key} {name}" if name else f"#{key}"
    if len(change.key) > 1:
        return " · ".join(_key_part(namer, change.sheet, i, k)
                          for i, k in enumerate(change.key))
    name = _new_name(change)
    number = f"#{key} " if key is not None else ""
    return f"{number}{name}" if name else f"{number}new"


def _new_name(change: RecordChange) -> str | None:
    fields = {f.column: f.new for f in change.changes}
    name = next((fields[n] for n in NAME_FIELDS if fields.get(n)), None)
    return _short(str(name)) if name else None


def _key_part(namer: _Namer, sheet: str, index: int, value: Any) -> str:
    layout = SHEETS_BY_NAME.get(sheet)
    if layout is None or index >= len(layout.key):
        return str(value)
    return shown(namer, _column(sheet, layout.key[index]), value)


def _column(sheet: str, name: str) -> SheetColumn | None:
    layout = SHEETS_BY_NAME.get(sheet)
    if layout is None:
        return None
    return next((c for c in layout.columns if name in (c.column, c.header)), None)


def shown(namer: _Namer, column: SheetColumn | None, value: Any) -> str:
    """A value as the reader knows it. The plan gives values as the user reads them (dates
    dd/mm/yyyy, money in pounds); a reference gets the name of what it points at."""
    if value is None or value == "":
        return ""
    kind = column.kind if column else "text"
    if kind.startswith("ref:") and isinstance(value, int) and not isinstance(value, bool):
        name = namer.name(kind[4:], value)
        return f"#{value} {name}" if name else f"#{value}"
    if isinstance(value, dt.date):
        return format_date(value if not isinstance(value, dt.datetime) else value.date())
    return _short(str(value))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LONGEST else text[:LONGEST - 1] + "…"
