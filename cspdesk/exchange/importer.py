"""Importing a partner workbook (the export's layout, any subset of its sheets).

``plan_import`` reads and checks every row and says what would be added and changed, field
by field, without writing anything: each row is written inside a savepoint that is always
rolled back, so the database's own rules (allowed values, UNIQUE, an end before a start)
are checked exactly as they would be. ``apply_import`` writes a plan that has no problems,
reading the file again and checking everything again, in one transaction: if anything at
all is refused, nothing is written.

A record whose id exists is updated (only the fields that differ); one whose id does not
exist yet is added with that id; one without an id is added with a new one. Monthly counts
are keyed by area_id, measure_id and month.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from cspdesk import audit
from cspdesk.errors import InputError
from cspdesk.exchange.checks import Problem, Skipped, loses_names, same, shown
from cspdesk.exchange.imported import kept_from_workbook
from cspdesk.exchange.layout import SHEETS, SHEETS_BY_NAME, SheetColumn
from cspdesk.exchange.reader import (
    THINGS,
    SheetRow,
    Ticker,
    WorkbookRows,
    check_references,
    check_workbook_file,
    cycles_left_alone,
    file_digest,
    read_file,
    read_workbook,
)
from cspdesk.exchange.refusals import label, refusal
from cspdesk.store.connection import Database
from cspdesk.store.database import scratch_copy

__all__ = ["FieldChange", "ImportPlan", "Problem", "RecordChange", "Skipped", "apply_import",
           "check_workbook_file", "plan_import"]

_SAVEPOINT = "cspdesk_workbook_plan"
_ORDER = {sheet.name: index for index, sheet in enumerate(SHEETS)}
Progress = Callable[[int, int], None] | None


class FieldChange(NamedTuple):
    """One field's value before and after, as the user reads them (dates dd/mm/yyyy, money
    in pounds, yes/no, lists "a; b"); None for an empty value. A named tuple: a workbook of
    ten years makes two million of them, three times sooner than a frozen dataclass's."""

    column: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RecordChange:
    """A record the import would add or update. ``key`` is its id, (area_id, measure_id,
    month) for a monthly count, or () for a new record without an id; ``action`` is 'add'
    (``changes`` then holds every non-empty field) or 'update' (only the changed ones)."""

    sheet: str
    row: int
    key: tuple
    action: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class ImportPlan:
    """What importing the workbook at ``path`` would do, every problem found in it, and
    the rows it leaves out on purpose (``skipped``, each with its reason)."""

    path: Path
    sheets: tuple[str, ...]
    changes: tuple[RecordChange, ...]
    problems: tuple[Problem, ...]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()  # what reading changed (control characters taken out)
    # the rows as read from the file, for applying the plan without reading it again
    read: WorkbookRows | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        """True when the workbook has no problems (and so may be applied)."""
        return not self.problems

    def summary(self) -> str:
        """E.g. "People: 2 added, 3 changed; Monthly counts: 5 skipped", or "No changes."."""
        counts: dict[str, list[int]] = {}
        for change in self.changes:
            counts.setdefault(change.sheet, [0, 0, 0])[change.action != "add"] += 1
        for skip in self.skipped:
            counts.setdefault(skip.sheet, [0, 0, 0])[2] += 1
        parts = []
        for sheet, numbers in counts.items():
            words = [f"{n:,} {word}" for n, word in zip(numbers, ("added", "changed",
                                                                  "skipped"), strict=True) if n]
            parts.append(f"{sheet}: {', '.join(words)}")
        return "; ".join(parts) if parts else "No changes."


@cycles_left_alone
def plan_import(db: Database, path: Path | str, progress: Progress = None,
                cancelled: Callable[[], bool] | None = None) -> ImportPlan:
    """Read and check the workbook at ``path``; say what importing it would change.

    Nothing is written: the rows are tried on a private copy of the database in memory, so
    the file is neither locked nor changed (``db`` may be open for reading only); inside a
    transaction of ``db``, in a savepoint of it that is rolled back.
    ``progress(done, total)`` is called as rows are read and checked;
    when ``cancelled()`` returns True the check stops with Cancelled. A file that is
    not a workbook, or too big to be safe, is refused with InputError before it is parsed."""
    if db.conn.in_transaction:  # its own changes are not in a copy of the file
        return _plan_import(db, path, progress, cancelled)
    scratch = scratch_copy(db)
    try:
        return _plan_import(scratch, path, progress, cancelled)
    finally:
        scratch.close()


def _plan_import(db: Database, path: Path | str, progress: Progress,
                 cancelled: Callable[[], bool] | None) -> ImportPlan:
    tick = Ticker(progress, cancelled)
    found = read_file(path, tick)
    read = found.copy()
    check_references(db, found)
    conn = db.conn
    deferred = conn.execute("PRAGMA defer_foreign_keys").fetchone()[0]
    conn.execute(f"SAVEPOINT {_SAVEPOINT}")
    try:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        with audit.one_entry():
            changes = write_rows(db, found, tick)
        _check_foreign_keys(db, found)
    finally:
        conn.execute(f"ROLLBACK TO {_SAVEPOINT}")
        conn.execute(f"RELEASE {_SAVEPOINT}")
        conn.execute(f"PRAGMA defer_foreign_keys = {int(deferred)}")
    tick.finish()
    return _plan(Path(path), found, changes, read)


@cycles_left_alone
def apply_import(db: Database, plan: ImportPlan, progress: Progress = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
    """Write the plan's changes in one transaction, checking everything again: the rows
    the plan read, when the file still holds the same bytes, else the file read again.

    Refuses a plan with problems, and one whose file or database changed since it was made
    so that the changes differ from those shown; then nothing at all is written."""
    if not plan.ok:
        raise InputError(f"The workbook {plan.path.name} has {_count(plan.problems)}; "
                         "nothing was imported. Correct them and check it again.")
    tick = Ticker(progress, cancelled)
    found = _read_again(db, plan, tick)
    try:
        with db.atomic():
            db.execute("PRAGMA defer_foreign_keys = ON")
            with audit.one_entry():
                again = _plan(plan.path, found, write_rows(db, found, tick))
            _check_foreign_keys(db, found)
            if found.problems:
                first = found.problems[0]
                raise InputError(f"Nothing was imported: {_count(found.problems)} found on "
                                 f"checking again (first: sheet {first.sheet}, row "
                                 f"{first.row}: {first.message})")
            if not _same_changes(again.changes, plan.changes):
                raise InputError("Nothing was imported: the workbook or the database changed "
                                 "since the workbook was checked. Check it again.")
            _audit_import(db, again)
            tick.finish()
    except sqlite3.IntegrityError as exc:
        raise InputError(f"Nothing was imported: the database refused the changes ({exc}).") \
            from exc


def _read_again(db: Database, plan: ImportPlan, tick: Ticker) -> WorkbookRows:
    """The plan's rows when its file still holds the bytes they were read from (the same
    SHA-256), else the file read again; either way checked against the database again.
    Reading the ten-year workbook a second time doubled an import's time."""
    try:
        with plan.path.open("rb") as fh:
            same_bytes = plan.read is not None and file_digest(fh) == plan.read.digest
    except OSError:
        same_bytes = False  # reading it again says what is wrong
    if plan.read is None or not same_bytes:
        return read_workbook(db, plan.path, tick)
    found = plan.read.copy()
    tick.total = sum(len(rows) for rows in found.rows.values())
    check_references(db, found)
    return found


def _audit_import(db: Database, plan: ImportPlan) -> None:
    """One audit entry for the whole import: the file's name and what it added and changed,
    counted by sheet."""
    counts: dict[str, Any] = {"file": plan.path.name}
    for change in plan.changes:
        label = f"{change.sheet} {'added' if change.action == 'add' else 'changed'}"
        counts[label] = counts.get(label, 0) + 1
    audit.record_entry(db, "database", None, "imported", counts, way="workbook import")


def _count(problems: tuple[Problem, ...] | list[Problem]) -> str:
    return f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"


def _plan(path: Path, found: WorkbookRows, changes: list[RecordChange],
          read: WorkbookRows | None = None) -> ImportPlan:
    """The plan, its problems and changes in the layout's order of sheets, then by row."""
    order = {title: _ORDER[name] for name, title in found.title_of.items()}
    problems = sorted(found.problems, key=lambda p: (order.get(p.sheet, -1), p.row))
    changes.sort(key=lambda c: (order.get(c.sheet, -1), c.row))
    skipped = sorted(found.skipped, key=lambda s: (order.get(s.sheet, -1), s.row))
    return ImportPlan(path, tuple(found.titles), tuple(changes), tuple(problems),
                      tuple(skipped), tuple(found.warnings()), read)


def _same_changes(these: tuple[RecordChange, ...], those: tuple[RecordChange, ...]) -> bool:
    """Whether two plans' changes are the same but for the time stamps written on the day
    (updated_at); compared one change at a time (the ten-year workbook has 317,000)."""
    return len(these) == len(those) and all(
        _fingerprint(a) == _fingerprint(b) for a, b in zip(these, those, strict=True))


def _fingerprint(c: RecordChange) -> tuple:
    return (c.sheet, c.row, c.key, c.action,
            [(f.column, f.old, f.new) for f in c.changes if f.column != "updated_at"])


# Writing ----------------------------------------------------------------------------------------


def write_rows(db: Database, found: WorkbookRows, tick: Ticker) -> list[RecordChange]:
    """Write every good row, parents before children; each refusal becomes a Problem."""
    changes: list[RecordChange] = []
    now = dt.datetime.now().isoformat(timespec="seconds")
    for sheet in SHEETS:
        rows = found.rows.get(sheet.name)
        if not rows:
            continue
        stored = _stored(db, sheet.table, sheet.key)
        for row in sorted(rows, key=lambda r: not r.key):  # new ids after the given ones
            tick()
            if (row.title, row.number) in found.bad:
                continue
            change = _write_row(db, row, stored.get(row.key) if row.key else None, found, now)
            if change is not None:
                changes.append(change)
    return changes


def _stored(db: Database, table: str, key: tuple[str, ...]) -> dict[tuple, dict[str, Any]]:
    cur = db.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in cur.description]
    rows = (dict(zip(names, values, strict=True)) for values in cur)
    return {tuple(row[k] for k in key): row for row in rows}


def _write_row(db: Database, row: SheetRow, stored: dict[str, Any] | None,
               found: WorkbookRows, now: str) -> RecordChange | None:
    """Add or update one record; None when it is unchanged or refused (then a Problem)."""
    if stored is None:
        values, sql, params = _insert(row, now)
        columns = _COLUMNS[row.sheet.name]
        fields = [FieldChange(column.header, None, new) for column, new in
                  ((columns[c], shown(columns[c], v)) for c, v in values.items())
                  if new is not None]
    else:
        values = {c: v for c, v in row.values.items()
                  if c not in row.sheet.key and not same(_column(row, c), stored[c], v)}
        if not values:
            return None
        if _kept_names(row, values, stored, found) or _kept_imported(row, values, stored,
                                                                     found):
            return None
        if row.sheet.table == "monthly_counts":
            _typed_today(values, stored, now)
        where = " AND ".join(f"{k} = ?" for k in row.sheet.key)
        sql = (f"UPDATE {row.sheet.table} SET {', '.join(f'{c} = ?' for c in values)} "
               f"WHERE {where}")
        params = [*values.values(), *row.key]
        fields = [_field(row, c, stored[c], v) for c, v in values.items()]
    try:
        db.conn.execute(sql, params)
    except sqlite3.IntegrityError as exc:
        _refused(row, str(exc), {**(stored or {}), **values}, found)
        return None
    return RecordChange(row.title, row.number, row.key, "update" if stored else "add",
                        tuple(fields))


def _insert(row: SheetRow, now: str) -> tuple[dict[str, Any], str, list[Any]]:
    """The values of a new record (empty cells left to the table's defaults) and its SQL."""
    values = {c: v for c, v in row.values.items() if v is not None}
    if row.sheet.table == "monthly_counts":  # a count added by hand, as if typed today
        values.setdefault("entry", "typed")
        values.setdefault("updated_at", now)
    return values, _insert_sql(row.sheet.table, tuple(values)), list(values.values())


@functools.lru_cache(maxsize=256)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    """The INSERT of a record with these columns (made once for each set of columns)."""
    if not columns:
        return f"INSERT INTO {table} DEFAULT VALUES"
    return (f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})")


def _kept_names(row: SheetRow, values: dict[str, Any], stored: dict[str, Any],
                found: WorkbookRows) -> bool:
    """Refuse an edit of text whose names were taken out for partners: cspdesk cannot put
    them back. True when a Problem was noted."""
    lost = [c for c, v in values.items() if loses_names(stored[c], v)]
    for name in lost:
        found.problem(row.title, row.number, _column(row, name).header,
                      "this text had personal data taken out for partners and was then "
                      "changed, so cspdesk cannot put the names back; make the change in "
                      "cspdesk, or undo it in the workbook.")
    return bool(lost)


def _kept_imported(row: SheetRow, values: dict[str, Any], stored: dict[str, Any],
                   found: WorkbookRows) -> bool:
    """Leave a row out when it would change what police.uk brought in (a Skipped, with its
    reason), or when nothing is left for it to change. True when it is left out."""
    before = dict(values)
    reason = kept_from_workbook(row.sheet.name, values, stored)
    if reason is not None:
        name = next((c for c in ("count", "entry") if c in before), next(iter(before)))
        column = _column(row, name)
        found.skipped.append(Skipped(row.title, row.number, row.key, column.header,
                                     shown(column, stored[name]), shown(column, before[name]),
                                     reason[:1].upper() + reason[1:]))
    return reason is not None or not values


def _typed_today(values: dict[str, Any], stored: dict[str, Any], now: str) -> None:
    """A (typed) count changed in the workbook stays typed, as if typed in the window
    today: a later police.uk import keeps it."""
    for column, value in (("source_file", None), ("updated_at", now)):
        if column not in values and stored[column] != value:
            values[column] = value


# Each sheet's columns by database column, by sheet name (hashing a Sheet hashes all of its
# columns: a third of the writing's time when it was the key).
_COLUMNS = {sheet.name: {c.column: c for c in sheet.columns} for sheet in SHEETS}


def _column(row: SheetRow, name: str) -> SheetColumn:
    return _COLUMNS[row.sheet.name][name]  # called for every field of every row: a look-up


def _field(row: SheetRow, name: str, old: Any, new: Any) -> FieldChange:
    column = _column(row, name)
    return FieldChange(column.header, shown(column, old), shown(column, new))


def _refused(row: SheetRow, message: str, values: dict[str, Any], found: WorkbookRows) -> None:
    """SQLite's refusal of a row as a Problem at the row and column at fault."""
    name, sentence = refusal(message, values, THINGS.get(row.sheet.name, "record"))
    column = next((c for c in row.sheet.columns if c.column == name), None)
    header = column.header if column else ""
    if column is not None and name not in row.values and message.startswith("NOT NULL"):
        if (row.title, header) in found.said:
            found.bad.add((row.title, row.number))
            return
        found.said.add((row.title, header))
        sentence = (f"a new {THINGS.get(row.sheet.name, 'record')} needs a {label(name)}, "
                    f"but the sheet has no {header} column.")
    found.problem(row.title, row.number, header, sentence)


def _check_foreign_keys(db: Database, found: WorkbookRows) -> None:
    """A last check of the references written (each row's own checks should catch all)."""
    if found.problems:
        return
    for name in found.rows:
        sheet = SHEETS_BY_NAME[name]
        for _table, rowid, parent, _ in db.execute(
                f"PRAGMA foreign_key_check({sheet.table})").fetchall():
            number = next((r.number for r in found.rows[name]
                           if sheet.key == ("id",) and r.key == (rowid,)), 1)
            found.problem(found.title_of[name], number, "", "this row refers to a record "
                          f"of {parent} that does not exist.")
