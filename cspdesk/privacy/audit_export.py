"""The audit log as the officer reads it: one row a field changed (when, user, through what,
kind of record, record, field, old and new value), for the Audit log window and its export
to Excel; both read the rows here, so what is exported is what was shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from cspdesk import audit

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


def entry_rows(entry: audit.Entry) -> list[list[str]]:
    """An entry's rows: one a field changed, or one row for an entry without fields."""
    head = [entry.when, entry.user, entry.via, entry.kind_words,
            "" if entry.record_id is None else str(entry.record_id), entry.action]
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
    for entry in audit.entries(db, chosen.kind, chosen.record_id, chosen.user, chosen.start,
                               chosen.end):
        rows += entry_rows(entry)
    return rows


def kind_choices(db: Database) -> list[tuple[str, str]]:
    """(words, table) for each kind of record the log holds, in the officer's words."""
    return sorted((audit.KINDS.get(k, k), k) for k in audit.kinds(db))


def export_log(db: Database, path: Path | str, chosen: LogFilter = LogFilter(),
               overwrite: bool = False) -> ExportResult:
    """Write the chosen entries to one sheet, 'Audit log', of a new workbook."""
    from cspdesk.xlsx.writer import Column, ExportResult, new_workbook, save_workbook, write_table

    wb = new_workbook()
    ws = wb.create_sheet("Audit log")
    rows = log_rows(db, chosen)
    columns = [Column(h, wrap=h in ("Old", "New")) for h in HEADERS]
    result = ExportResult(Path(path))
    result.warnings += write_table(ws, columns, rows)
    result.sheets["Audit log"] = result.count = len(rows)
    result.path = save_workbook(wb, path, overwrite)
    return result
