"""The audit log as the officer reads it: one row a field changed (when, user, through what,
kind of record, record, field, old and new value), for the Audit log window and its export
to Excel; both read the rows here, so what is exported is what was shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cspdesk import audit
from cspdesk.store.connection import Database

if TYPE_CHECKING:  # the workbook's modules (openpyxl) load when a log is exported
    from cspdesk.xlsx.writer import ExportResult

HEADERS = ["When", "User", "Through", "Kind of record", "Record", "Action", "Field", "Old",
           "New"]


@dataclass(frozen=True)
class LogFilter:
    """Which entries to show: a kind of record (its table), one record, a user, dates."""

    kind: str | None = None
    record_id: int | None = None
    user: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


def _shown(value: object) -> str:
    return "" if value is None else str(value)


# Each kind of record's name or title as the officer knows it, by id.
_NAMES = {
    "organisations": "SELECT id, name FROM organisations",
    "people": "SELECT id, name FROM people",
    "groups": "SELECT id, short_name FROM groups",
    "memberships": "SELECT m.id, p.name || ' in ' || g.short_name FROM memberships m "
                   "JOIN people p ON p.id = m.person_id JOIN groups g ON g.id = m.group_id",
    "chair_terms": "SELECT c.id, g.short_name || ' chair: ' || o.name FROM chair_terms c "
                   "JOIN groups g ON g.id = c.group_id "
                   "JOIN organisations o ON o.id = c.organisation_id",
    "meetings": "SELECT mt.id, g.short_name || ' ' || strftime('%d/%m/%Y', mt.date) "
                "FROM meetings mt JOIN groups g ON g.id = mt.group_id",
    "meeting_actions": "SELECT id, description FROM meeting_actions",
    "areas": "SELECT id, name FROM areas",
    "hotspot_notes": "SELECT id, name FROM areas",
    "measures": "SELECT id, name FROM measures",
    "monthly_counts": "SELECT id, name FROM measures",
    "priorities": "SELECT id, title FROM priorities",
    "programmes": "SELECT id, name FROM programmes",
    "actions": "SELECT id, title FROM actions",
}
_LONGEST = 60  # characters of a name shown; a long action's title is cut with '…'


class RecordNames:
    """'Domestic abuse crimes (16)': a record's name or title and its number, each kind
    read once; a record deleted since shows its number only."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.names: dict[str, dict[int, str]] = {}

    def __call__(self, kind: str, record_id: int | None) -> str:
        if record_id is None:
            return ""
        if kind not in self.names:
            sql = _NAMES.get(kind)
            self.names[kind] = dict(self.db.execute(sql).fetchall()) if sql else {}
        name = str(self.names[kind].get(record_id) or "")
        if len(name) > _LONGEST:
            name = name[:_LONGEST - 1].rstrip() + "…"
        return f"{name} ({record_id})" if name else str(record_id)


def entry_rows(entry: audit.Entry, names: RecordNames | None = None) -> list[list[str]]:
    """An entry's rows: one a field changed, or one row for an entry without fields."""
    record = names(entry.kind, entry.record_id) if names is not None else (
        "" if entry.record_id is None else str(entry.record_id))
    head = [entry.when, entry.user, entry.via, entry.kind_words, record, entry.action]
    if not entry.changes:
        return [head + ["", "", ""]]
    rows = []
    for field, value in entry.changes.items():
        old, new = value if isinstance(value, list) and len(value) == 2 else (None, value)
        rows.append(head + [field.replace("_", " "), _shown(old), _shown(new)])
    return rows


def log_rows(db: Database, chosen: LogFilter = LogFilter()) -> list[list[str]]:
    """The chosen entries, newest first, as rows."""
    rows: list[list[str]] = []
    names = RecordNames(db)
    for entry in audit.entries(db, chosen.kind, chosen.record_id, chosen.user, chosen.start,
                               chosen.end):
        rows += entry_rows(entry, names)
    return rows


def kind_choices(db: Database) -> list[tuple[str, str]]:
    """(words, table) for each kind of record the log holds, in the officer's words."""
    return sorted((audit.KINDS.get(k, k), k) for k in audit.kinds(db))


def export_log(db: Database, path: Path | str, chosen: LogFilter = LogFilter(),
               overwrite: bool = False) -> ExportResult:
    """Write the chosen entries to one sheet, 'Audit log', of a new workbook."""
    from cspdesk.xlsx.writer import (
        Column,
        ExportResult,
        new_workbook,
        save_workbook,
        set_print_layout,
        write_table,
    )

    wb = new_workbook()
    ws = wb.create_sheet("Audit log")
    rows = log_rows(db, chosen)
    columns = [Column(h, wrap=h in ("Old", "New")) for h in HEADERS]
    result = ExportResult(Path(path))
    result.warnings += write_table(ws, columns, rows)
    set_print_layout(ws, 1, landscape=True, title="cspdesk audit log")
    result.sheets["Audit log"] = result.count = len(rows)
    result.path = save_workbook(wb, path, overwrite)
    return result
