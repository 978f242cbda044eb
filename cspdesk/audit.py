"""The audit log: who changed what, when and through what, written in the same transaction
as the change (so a change that is rolled back leaves no entry).

Every write path calls one of ``record_change``, ``record_delete``, ``record_entry``: the
one save of a row (``cspdesk.records.save_row``), the register, each delete, each import
(one entry with its counts, never one a row). The table refuses UPDATE and DELETE by
trigger; only erasure and retention (``cspdesk.privacy``) lift that, inside their own
transaction, through ``rewrite_entries``. The user is the Windows (or system) login from
``getpass.getuser()``; ``via`` says the way in: 'form' in the window, 'command' from the
``cspdesk`` command, or what the caller names ('register', 'police.uk import', ...).
An entry's action is one of: added, changed, deleted, imported, register saved, anonymised,
erased, restored (a backup put back; from schema version 7, before which a restore was
written 'imported'); the table's CHECK (``store.migrations``, step 7) refuses any other.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import getpass
import json
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cspdesk.store.connection import Database

_VIA: contextvars.ContextVar[str] = contextvars.ContextVar("cspdesk_audit_via", default="form")
# Inside an import each row is not an entry of its own: the import writes one with its counts.
_QUIET: contextvars.ContextVar[bool] = contextvars.ContextVar("cspdesk_audit_quiet",
                                                              default=False)

# The kinds of record the officer knows, by table.
KINDS: dict[str, str] = {
    "organisations": "organisation", "people": "person", "groups": "group",
    "memberships": "membership", "chair_terms": "chair term", "meetings": "meeting",
    "attendance": "attendance", "meeting_actions": "meeting action", "areas": "area",
    "measures": "measure", "monthly_counts": "monthly figures", "priorities": "priority",
    "programmes": "programme", "actions": "action", "action_updates": "action update",
    "action_spend": "spend", "agenda_items": "agenda item", "settings": "setting",
    "lsoa_month_counts": "police.uk figures", "database": "whole database",
    "hotspot_notes": "hotspot notes",
}

# The guards schema steps 6 and 7 (``store.migrations``) put on the table.
TRIGGERS = tuple(
    f"CREATE TRIGGER {name} BEFORE {verb} ON audit_log BEGIN SELECT "
    "RAISE(ABORT, 'the audit log cannot be edited'); END"
    for verb, name in (("UPDATE", "audit_log_kept"), ("DELETE", "audit_log_not_deleted")))


def current_user() -> str:
    """The Windows (or system) login name; 'unknown' where the system will not say."""
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # getpass raises OSError (or KeyError) without a login name
        return "unknown"


@contextlib.contextmanager
def via(way: str) -> Iterator[None]:
    """Changes made inside this block are recorded as made through ``way``."""
    token = _VIA.set(way)
    try:
        yield
    finally:
        _VIA.reset(token)


@contextlib.contextmanager
def one_entry() -> Iterator[None]:
    """Rows saved inside this block make no entries: the caller (an import) writes one,
    with its counts, through ``record_entry``."""
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)


def set_default_via(way: str) -> None:
    """The way in for the rest of this run (the ``cspdesk`` command sets 'command')."""
    _VIA.set(way)


def record_entry(db: Database, table: str, record_id: int | None, action: str,
                 changes: Mapping[str, Any] | None = None, way: str | None = None) -> None:
    db.execute(
        "INSERT INTO audit_log (at, user, via, kind, record_id, action, changes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [dt.datetime.now().isoformat(timespec="seconds"), current_user(), way or _VIA.get(),
         table, record_id, action,
         json.dumps(changes, ensure_ascii=False, default=str) if changes else None])


def record_change(db: Database, table: str, record_id: int, old: Mapping[str, Any] | None,
                  new: Mapping[str, Any]) -> None:
    """One entry for a row added (``old`` None) or changed: each field's old and new value,
    only the fields that changed; nothing for a save that changed nothing."""
    if _QUIET.get():
        return
    if old is None:
        changes = {k: [None, v] for k, v in new.items() if v is not None}
        record_entry(db, table, record_id, "added", changes)
        return
    changes = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
    if changes:
        record_entry(db, table, record_id, "changed", changes)


def record_cells(db: Database, table: str, record_id: int | None, action: str,
                 before: Mapping[str, Any], after: Mapping[str, Any],
                 way: str | None = None) -> None:
    """One entry for a change to several cells at once (a month's grid of counts, an
    agenda, a programme's year limits): each cell whose value changed, old and new (None
    for a cell added or removed); nothing when none changed."""
    if _QUIET.get():
        return
    changes = {key: [before.get(key), after.get(key)]
               for key in dict.fromkeys([*before, *after]) if before.get(key) != after.get(key)}
    if changes:
        record_entry(db, table, record_id, action, changes, way)


def record_delete(db: Database, table: str, record_id: int | None,
                  where: str = "id = ?", params: list[Any] | None = None) -> None:
    """An entry for a row about to be deleted, with the values it held."""
    if _QUIET.get():
        return
    cur = db.execute(f"SELECT * FROM {table} WHERE {where}",
                     params if params is not None else [record_id])
    row = cur.fetchone()
    if row is None:
        return
    old = dict(zip([d[0] for d in cur.description], row, strict=True))
    record_entry(db, table, record_id,
                 "deleted", {k: [v, None] for k, v in old.items() if v is not None})


def row_values(db: Database, table: str, record_id: int, columns: list[str]) -> dict[str, Any]:
    cur = db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", [record_id])
    row = cur.fetchone()
    return dict(zip(columns, row, strict=True)) if row else {}


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    user: str
    via: str
    kind: str
    record_id: int | None
    action: str
    changes: dict[str, Any]

    @property
    def kind_words(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def when(self) -> str:
        """dd/mm/yyyy hh:mm, as the officer reads it."""
        return dt.datetime.fromisoformat(self.at).strftime("%d/%m/%Y %H:%M")

    def change_lines(self) -> list[str]:
        """Each field's change in words: 'phone: 01632 960101 → 01632 960102'."""
        lines = []
        for field, value in self.changes.items():
            if isinstance(value, list) and len(value) == 2:
                old, new = (_shown(v) for v in value)
                lines.append(f"{field}: {old} → {new}")
            else:
                lines.append(f"{field}: {_shown(value)}")
        return lines


def _shown(value: Any) -> str:
    return "(empty)" if value is None or value == "" else str(value)


def entries(db: Database, kind: str | None = None, record_id: int | None = None,
            user: str | None = None, start: dt.date | None = None,
            end: dt.date | None = None, limit: int | None = None) -> list[Entry]:
    """The log, newest first, filtered by kind of record (a table), record, user and
    dates (both days included)."""
    where, params = _filters(kind, record_id, user, start, end)
    sql = (f"SELECT id, at, user, via, kind, record_id, action, changes FROM audit_log"
           f"{where} ORDER BY id DESC")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [Entry(*row[:7], json.loads(row[7]) if row[7] else {})
            for row in db.execute(sql, params)]


def _filters(kind: str | None, record_id: int | None, user: str | None,
             start: dt.date | None, end: dt.date | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    for clause, value in (("kind = ?", kind), ("record_id = ?", record_id),
                          ("user = ?", user),
                          ("at >= ?", start.isoformat() if start else None),
                          ("at < ?", (end + dt.timedelta(days=1)).isoformat() if end else None)):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def users(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT user FROM audit_log ORDER BY user")]


def kinds(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT kind FROM audit_log ORDER BY kind")]


def size_bytes(db: Database) -> int:
    """The bytes the log and its indexes take in the file (SQLite's dbstat), or an estimate
    from its text where dbstat is not built in."""
    try:
        return int(db.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name IN "
            "('audit_log', 'audit_log_record', 'audit_log_at')").fetchone()[0] or 0)
    except Exception:  # dbstat is optional in SQLite builds
        return int(db.execute(
            "SELECT coalesce(sum(length(at) + length(user) + length(via) + length(kind) "
            "+ length(action) + coalesce(length(changes), 0) + 16), 0) "
            "FROM audit_log").fetchone()[0])


def rewrite_entries(db: Database, rewrite: Callable[[str], str], kind: str | None = None,
                    record_id: int | None = None,
                    record_ids: Collection[int] | None = None) -> int:
    """Pass entries' values (all, one record's or those of ``record_ids``) through
    ``rewrite``: for erasure and retention only, inside the caller's transaction; returns
    how many entries changed."""
    changed = 0
    where, params = _filters(kind, record_id, None, None, None)
    where = (where + " AND" if where else " WHERE") + " changes IS NOT NULL"
    wanted = None if record_ids is None else set(record_ids)
    for trigger in ("audit_log_kept", "audit_log_not_deleted"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for row_id, entry_record, text in db.execute(
            f"SELECT id, record_id, changes FROM audit_log{where}", params).fetchall():
        if wanted is not None and entry_record not in wanted:
            continue
        new = rewrite(text)
        if new != text:
            db.execute("UPDATE audit_log SET changes = ? WHERE id = ?", [new, row_id])
            changed += 1
    for trigger in TRIGGERS:
        db.execute(trigger)
    return changed
