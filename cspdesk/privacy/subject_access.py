"""Subject access (UK GDPR article 15): everything cspdesk holds about one person, in one
workbook: their record, memberships, every attendance mark with its meeting, the actions
they own, the updates they wrote, every mention of them in free text, and the audit log's
entries about them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cspdesk import audit
from cspdesk.dates import format_date
from cspdesk.errors import stop_if_cancelled
from cspdesk.privacy.erasure import person_record, text_columns
from cspdesk.privacy.redaction import pattern_for
from cspdesk.store.connection import Database

if TYPE_CHECKING:  # the workbook's modules (openpyxl) load when a person's data is exported
    from cspdesk.xlsx.writer import ExportResult

_SHEETS: list[tuple[str, list[str], str]] = [
    ("Record", ["Name", "Job title", "Organisation", "Email", "Phone", "Active"],
     "SELECT p.name, p.job_title, o.name, p.email, p.phone, "
     "CASE p.active WHEN 1 THEN 'yes' ELSE 'no' END FROM people p "
     "LEFT JOIN organisations o ON o.id = p.organisation_id WHERE p.id = :id"),
    ("Memberships", ["Group", "Role", "From", "To"],
     "SELECT g.name, m.role, m.start_date, m.end_date FROM memberships m "
     "JOIN groups g ON g.id = m.group_id WHERE m.person_id = :id ORDER BY m.start_date"),
    ("Attendance", ["Meeting", "Date", "Mark", "Reason", "As"],
     "SELECT g.short_name, mt.date, a.mark, a.reason, CASE WHEN a.person_id = :id "
     "THEN 'member' ELSE 'substitute' END FROM attendance a JOIN meetings mt "
     "ON mt.id = a.meeting_id JOIN groups g ON g.id = mt.group_id "
     "WHERE a.person_id = :id OR a.substitute_id = :id ORDER BY mt.date"),
    ("Meeting actions", ["Meeting", "Date", "Action", "Due", "Status"],
     "SELECT g.short_name, mt.date, ma.description, ma.due_date, ma.status "
     "FROM meeting_actions ma JOIN meetings mt ON mt.id = ma.meeting_id "
     "JOIN groups g ON g.id = mt.group_id WHERE ma.owner_id = :id ORDER BY mt.date"),
]
_DATES = {"From", "To", "Date", "Due"}


def export_person(db: Database, person_id: int, path: Path | str, overwrite: bool = False,
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> ExportResult:
    """Write the person's workbook to ``path``; returns the file and rows per sheet. Reports
    ``progress(done, total)`` a sheet at a time; Cancel before the file is saved writes
    nothing."""
    from cspdesk.xlsx.writer import ExportResult, new_workbook, save_workbook

    wb = new_workbook()
    result = ExportResult(Path(path))
    person = person_record(db, person_id).name  # each printed page's heading
    total = len(_SHEETS) + 3
    for done, (title, headers, sql) in enumerate(_SHEETS):
        _step(done, total, progress, cancelled)
        rows = [[format_date(v) if h in _DATES and v else v for h, v in zip(headers, r,
                                                                             strict=True)]
                for r in db.execute(sql, {"id": person_id})]
        _sheet(wb, result, title, headers, rows, person)
    _step(total - 3, total, progress, cancelled)
    _sheet(wb, result, "Mentions", ["Table", "Column", "Record", "Text"],
           mentions_of(db, person_id), person)
    _step(total - 2, total, progress, cancelled)
    _sheet(wb, result, "Audit log", ["When", "User", "Through", "Record", "Action", "Changes"],
           audit_rows(db, person_id), person)
    _step(total - 1, total, progress, cancelled)
    result.path = save_workbook(wb, path, overwrite)
    result.count = sum(result.sheets.values())
    return result


def _step(done: int, total: int, progress: Callable[[int, int], None] | None,
          cancelled: Callable[[], bool] | None) -> None:
    stop_if_cancelled(cancelled)
    if progress is not None:
        progress(done, total)


def _sheet(wb: Any, result: ExportResult, title: str, headers: list[str],
           rows: list[list[Any]], person: str) -> None:
    from cspdesk.xlsx.writer import Column, set_print_layout, write_table

    ws = wb.create_sheet(title)
    columns = [Column(h, wrap=h in ("Text", "Changes")) for h in headers]
    result.warnings += write_table(ws, columns, rows)
    # Printed for the person or the data protection officer: one page wide, headed.
    set_print_layout(ws, 1, title=f"Data held about {person}: {title}")
    result.sheets[title] = len(rows)


def mentions_of(db: Database, person_id: int) -> list[list[Any]]:
    """Every text cell outside their own record and the audit log that names them (in any
    form the importer reads) or holds their email or phone: actions they own as typed
    names, updates they wrote, notes."""
    pattern = pattern_for([person_record(db, person_id)], any_email_or_phone=False)
    if pattern is None:
        return []
    db.conn.create_function("cspdesk_mentions", 1,
                            lambda v: isinstance(v, str) and bool(pattern.search(v)),
                            deterministic=True)
    rows = []
    for table, column in text_columns(db):
        if table in ("people", "audit_log"):
            continue
        key = "rowid" if _has_rowid(db, table) else "NULL"
        for record, text in db.execute(f"SELECT {key}, {column} FROM {table} "
                                       f"WHERE cspdesk_mentions({column})"):
            rows.append([audit.KINDS.get(table, table), column.replace("_", " "), record, text])
    return rows


def _has_rowid(db: Database, table: str) -> bool:
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    return "WITHOUT ROWID" not in sql.upper()


def audit_rows(db: Database, person_id: int) -> list[list[Any]]:
    """The log's entries about their record, and those whose values name them."""
    pattern = pattern_for([person_record(db, person_id)], any_email_or_phone=False)
    rows = []
    for entry in audit.entries(db):
        own = entry.kind == "people" and entry.record_id == person_id
        text = json.dumps(entry.changes, ensure_ascii=False)
        lines = "\n".join(entry.change_lines())  # values as text: a line break is one
        named = f'"person {person_id}"' in text or (pattern is not None
                                                     and pattern.search(lines))
        if own or named:
            rows.append([entry.when, entry.user, entry.via,
                         f"{entry.kind_words} {entry.record_id or ''}".strip(), entry.action,
                         "\n".join(entry.change_lines())])
    return rows
