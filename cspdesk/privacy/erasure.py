"""Erasing a person (UK GDPR article 17), and the anonymising that retention does.

A person's record stays, with their organisation, so attendance figures by organisation do
not change; their name, email, phone and job title go from it. Every form of their name,
email and phone (``redaction``) is taken out of every text column of every table,
the audit log's old values included, in one transaction; then SQLite's free pages are
overwritten (secure delete), the file rebuilt (VACUUM) and the write-ahead log emptied
(``wal_checkpoint(TRUNCATE)``), so the raw bytes of the file and its -wal hold none of them.
Backups made before cannot be changed: they are listed for the officer to decide about.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cspdesk import audit
from cspdesk.errors import InputError, stop_if_cancelled
from cspdesk.exchange.mapping.lookups import Lookups
from cspdesk.privacy.redaction import REMOVED, Person, pattern_for
from cspdesk.records import plural
from cspdesk.store.backups import Backup, list_backups
from cspdesk.store.connection import Database
from cspdesk.store.database import database_path

ERASED = "Erased person"
Progress = Callable[[int, int], None] | None
Cancel = Callable[[], bool] | None


@dataclass(frozen=True)
class Holding:
    """Where a person's data sits: one line of what erasure will take away."""

    what: str
    count: int


@dataclass
class ErasurePlan:
    person_id: int
    name: str
    holdings: list[Holding] = field(default_factory=list)
    backups: list[Backup] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"{h.what}: {h.count:,}" for h in self.holdings if h.count]


def find_person(db: Database, name: str) -> int:
    """The person called ``name``, read as the workbook importer reads a name (any case,
    'Surname, First', a title); an unknown or shared name is refused in one sentence."""
    return Lookups(db).person(name)


def person_record(db: Database, person_id: int) -> Person:
    row = db.execute("SELECT name, email, phone FROM people WHERE id = ?",
                     [person_id]).fetchone()
    if row is None:
        raise InputError(f"There is no person number {person_id} (they may have been erased).")
    return Person(*row)


def text_columns(db: Database) -> list[tuple[str, str]]:
    """Every (table, column) that can hold text, in every table of the file."""
    found = []
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                               "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall():
        for _cid, column, kind, *_rest in db.execute(f"PRAGMA table_info({table})"):
            if kind.upper() in ("TEXT", "ANY", ""):
                found.append((table, column))
    return found


def mentions(db: Database, pattern: re.Pattern[str]) -> dict[tuple[str, str], int]:
    """How many cells of each text column hold one of the pattern's forms."""
    db.conn.create_function("cspdesk_mentions", 1,
                            lambda v: isinstance(v, str) and bool(pattern.search(v)),
                            deterministic=True)
    found = {}
    for table, column in text_columns(db):
        n = db.execute(f"SELECT count(*) FROM {table} WHERE "
                       f"cspdesk_mentions({column})").fetchone()[0]
        if n:
            found[(table, column)] = n
    return found


def plan_erasure(db: Database, person_id: int) -> ErasurePlan:
    """What erasing the person will take away, for the confirmation, and the backups made
    before it that will still hold them."""
    person = person_record(db, person_id)
    pattern = pattern_for([person], any_email_or_phone=False)
    plan = ErasurePlan(person_id, person.name or "")
    counts = mentions(db, pattern) if pattern else {}
    own = ("people", "name"), ("people", "email"), ("people", "phone")
    plan.holdings = [
        Holding("Their name, email and phone on their record", 1),
        Holding("Mentions in free text and typed names (meetings, actions, updates, "
                "priorities, settings)",
                sum(n for key, n in counts.items() if key not in own and key[0] != "audit_log")),
        Holding("Audit log entries holding their name, email or phone",
                counts.get(("audit_log", "changes"), 0)),
        Holding("Attendance marks kept without their name (figures by organisation stay)",
                _count(db, "attendance", "person_id = ? OR substitute_id = ?", person_id)),
    ]
    path = database_path(db)
    plan.backups = list_backups(path) if path else []
    return plan


def _count(db: Database, table: str, where: str, person_id: int) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table} WHERE {where}",
                          [person_id] * where.count("?")).fetchone()[0])


def erase_person(db: Database, person_id: int, progress: Progress = None,
                 cancelled: Cancel = None) -> ErasurePlan:
    """Erase the person everywhere, then clean the file; returns what was done."""
    plan = erase_records(db, person_id, progress, cancelled)
    clean_free_pages(db)
    return plan


def erase_records(db: Database, person_id: int, progress: Progress = None,
                  cancelled: Cancel = None) -> ErasurePlan:
    """The erasure itself, in one transaction, reporting ``progress(done, total)`` a text
    column at a time; Cancel (``cancelled()`` true) at any point before the commit leaves
    the database as it was. The file's free pages are cleaned after (``clean_free_pages``)."""
    plan = plan_erasure(db, person_id)
    with db.atomic():
        changed = scrub_person(db, person_id, f"{ERASED} {person_id}", progress, cancelled)
        audit.record_entry(db, "people", person_id, "erased", {"cells changed": changed})
        stop_if_cancelled(cancelled)
    return plan


def scrub_person(db: Database, person_id: int, new_name: str, progress: Progress = None,
                 cancelled: Cancel = None) -> int:
    """Inside the caller's transaction: the person's record renamed ``new_name`` with no
    email, phone or job title, every form of them out of every text column (the audit log's
    too); returns how many cells changed."""
    person = person_record(db, person_id)
    pattern = pattern_for([person], any_email_or_phone=False)
    db.execute("UPDATE people SET name = ?, email = NULL, phone = NULL, job_title = NULL "
               "WHERE id = ?", [new_name, person_id])
    changed = 0
    if pattern is not None:
        changed = _replace_everywhere(db, pattern, progress, cancelled)
    changed += audit.rewrite_entries(db, _own_entries_blanker(person_id), "people", person_id)
    return changed


def _own_entries_blanker(person_id: int):  # noqa: ANN202 - a small closure
    def blank(text: str) -> str:
        values = json.loads(text)
        return json.dumps({k: [None if v is None else REMOVED for v in pair]
                           if isinstance(pair, list) else pair for k, pair in values.items()},
                          ensure_ascii=False)
    return blank


def _json_redactor(pattern: re.Pattern[str]) -> Callable[[str], str]:
    """A rewrite of a log entry's values (JSON): the pattern applied to each value and name
    as text, not to the JSON, where a line break in a name is written '\\n'."""
    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub(REMOVED, value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {walk(k): walk(v) for k, v in value.items()}
        return value

    def rewrite(text: str) -> str:
        value = json.loads(text)
        new = walk(value)
        return text if new == value else json.dumps(new, ensure_ascii=False)
    return rewrite


def _replace_everywhere(db: Database, pattern: re.Pattern[str], progress: Progress = None,
                        cancelled: Cancel = None) -> int:
    db.conn.create_function("cspdesk_mentions", 1,
                            lambda v: isinstance(v, str) and bool(pattern.search(v)),
                            deterministic=True)
    db.conn.create_function("cspdesk_redact", 1,
                            lambda v: pattern.sub(REMOVED, v) if isinstance(v, str) else v,
                            deterministic=True)
    changed = 0
    columns = text_columns(db)
    for done, (table, column) in enumerate(columns):
        stop_if_cancelled(cancelled)
        if progress is not None:
            progress(done, len(columns))
        if table == "audit_log":
            changed += audit.rewrite_entries(db, _json_redactor(pattern))
            continue
        cur = db.execute(f"UPDATE {table} SET {column} = cspdesk_redact({column}) "
                         f"WHERE cspdesk_mentions({column})")
        changed += cur.rowcount
    return changed


def clean_free_pages(db: Database) -> None:
    """Overwrite what was deleted: secure delete on, VACUUM, and the WAL checkpointed and
    truncated to nothing (another connection reading at that moment can keep the WAL from
    emptying; cspdesk's own connections are closed or idle here)."""
    try:
        db.execute("PRAGMA secure_delete = ON")
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError as exc:
        raise InputError(f"The person was erased from the records, but the database file "
                         f"could not be cleaned ({exc}); close other windows on it and run "
                         "cspdesk person erase again.") from exc


def erased_words(plan: ErasurePlan) -> list[str]:
    """What the officer reads after an erasure."""
    lines = [f"{plan.name} was erased: " + "; ".join(plan.lines()) + "."]
    if plan.backups:
        lines.append(f"{plural(len(plan.backups), 'backup')} made before the erasure "
                     "still hold them; delete them if your retention schedule allows:")
        lines += [f"  {b.path}" for b in plan.backups]
    return lines

