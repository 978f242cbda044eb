"""Bringing in old spreadsheets of another layout: an attendance list, an action tracker.

The user maps each of cspdesk's fields to a column of their sheet (``guess_mapping``
proposes a mapping from the headers). The rows are then read in cspdesk's words (marks,
statuses, dates, money: ``mapping_values``), names are looked up in the database
(``mapping_lookups``), and the result is written to a temporary workbook in the partner
workbook's layout, which ``plan_import`` checks like any other: the same checks apply,
and nothing is written until the plan is applied. Every problem is reported at the row
and under the header of the user's own sheet.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cspdesk.errors import InputError, stop_if_cancelled
from cspdesk.exchange.importer import ImportPlan, Problem, RecordChange, apply_import, plan_import
from cspdesk.exchange.layout import SHEETS_BY_NAME
from cspdesk.exchange.mapping.lookups import Lookups
from cspdesk.exchange.mapping.rows import ROW_BUILDERS, MappedRow, RowReader
from cspdesk.exchange.mapping.sheets import SheetPreview, read_rows, read_sheet
from cspdesk.exchange.mapping.targets import TARGETS, Target, TargetField, target_named
from cspdesk.exchange.mapping.values import norm
from cspdesk.store.connection import Database
from cspdesk.xlsx.writer import Column, new_workbook, write_table

__all__ = ["TARGETS", "MappedPlan", "MappedRow", "SheetPreview", "Target", "TargetField",
           "apply_mapped_import", "guess_mapping", "map_rows", "missing_fields",
           "plan_mapped_import", "read_sheet"]

SHORTEST_PART = 3  # a word shorter than this must match a whole header, not part of one
TEMP_PREFIX = "cspdesk-mapped-"
XLSX_KINDS = {"date": "date", "int": "int", "id": "int", "pounds": "pounds"}


def guess_mapping(headers: Sequence[str], target: Target | str) -> dict[str, str]:
    """Each field of ``target`` -> the header most likely to hold it (case and punctuation
    ignored): first a header that is the field's name or label, then one of its synonyms,
    then a header containing one ('Date of meeting (dd/mm/yyyy)')."""
    target = target_named(target)
    normal = {header: norm(header) for header in headers}
    mapping: dict[str, str] = {}

    def claim(match: Callable[[TargetField, str, str], bool]) -> None:
        for field in target.fields:
            if field.name in mapping:
                continue
            for word in field.words():
                used = set(mapping.values())
                found = next((h for h in headers if h not in used and match(field, word, h)),
                             None)
                if found is not None:
                    mapping[field.name] = found
                    break

    claim(lambda f, w, h: w in f.words()[:2] and normal[h] == w)
    claim(lambda f, w, h: normal[h] == w)
    claim(lambda f, w, h: len(w) >= SHORTEST_PART and f" {w} " in f" {normal[h]} ")
    return mapping


def missing_fields(target: Target | str, mapping: Mapping[str, str | None]) -> list[TargetField]:
    """The required fields of ``target`` the mapping leaves without a column."""
    return [f for f in target_named(target).fields if f.required and not mapping.get(f.name)]


def map_rows(db: Database, headers: Sequence[str], rows: Sequence[tuple[int, Sequence[Any]]],
             target: Target | str, mapping: Mapping[str, str | None], sheet: str = "",
             cancelled: Callable[[], bool] | None = None) -> list[MappedRow]:
    """Each row in cspdesk's words, with its look-ups done and its problems (for a preview
    and for the import). Writes nothing; stops with Cancelled once ``cancelled()`` says so."""
    target = target_named(target)
    chosen = {name: header for name, header in mapping.items() if header}
    position = {header: index for index, header in enumerate(headers)}
    build = ROW_BUILDERS[target.name]
    lookups = Lookups(db)
    seen: dict[tuple[Any, ...], int] = {}
    result = []
    for count, (number, values) in enumerate(rows):
        if count % 500 == 0:
            stop_if_cancelled(cancelled)
        cells = {field: _cell(values, position.get(header)) for field, header in chosen.items()}
        reader = RowReader(target, chosen, sheet, number, cells)
        result.append(build(reader, lookups, seen))
    return result


def _cell(values: Sequence[Any], index: int | None) -> Any:
    return values[index] if index is not None and index < len(values) else None


@dataclass(frozen=True)
class MappedPlan(ImportPlan):
    """A plan in the terms of the user's sheet (its name, rows and headers).

    ``workbook_plan`` is the plan of the temporary workbook in the partner layout that the
    rows were turned into: ``apply_mapped_import`` writes that one (``apply_import`` reads
    its file again and checks everything again). ``discard`` removes the temporary file."""

    workbook_plan: ImportPlan | None = None

    def discard(self) -> None:
        folder = self.workbook_plan.path.parent if self.workbook_plan else None
        if folder is not None and folder.name.startswith(TEMP_PREFIX):  # never another folder
            shutil.rmtree(folder, ignore_errors=True)


def plan_mapped_import(db: Database, path: Path | str, sheet: str | None, target: Target | str,
                       mapping: Mapping[str, str | None],
                       progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> MappedPlan:
    """What importing the sheet through ``mapping`` would add and change, or its problems,
    at the original rows and under the original headers. Writes nothing to the database."""
    target = target_named(target)
    missing = missing_fields(target, mapping)
    if missing:
        names = ", ".join(f.label for f in missing)
        raise InputError(f"Choose a column for every required field: {names}.")
    table = read_rows(path, sheet)
    mapped = map_rows(db, table.headers, table.rows, target, mapping, table.sheet, cancelled)
    problems = [p for m in mapped for p in m.problems]
    good = [m for m in mapped if not m.problems]
    allocate_new_ids(db, target, good)
    plan = _plan_of(db, target, good, progress, cancelled) if good else None
    mapped_plan = _in_original_terms(plan, Path(path), table.sheet, target, mapping, good,
                                     problems)
    if not mapped_plan.ok or not mapped_plan.changes:
        mapped_plan.discard()  # nothing can be applied: the temporary workbook goes now
        mapped_plan = replace(mapped_plan, workbook_plan=None)
    return mapped_plan


def apply_mapped_import(db: Database, plan: ImportPlan,
                        progress: Callable[[int, int], None] | None = None,
                        cancelled: Callable[[], bool] | None = None) -> None:
    """Write a plan made by ``plan_mapped_import`` in one transaction, as ``apply_import``
    (which refuses a plan with problems); the temporary workbook is removed once written."""
    inner = getattr(plan, "workbook_plan", None)
    if not plan.ok or inner is None:
        return apply_import(db, inner or plan, progress, cancelled)
    apply_import(db, inner, progress, cancelled)
    if isinstance(plan, MappedPlan):
        plan.discard()


def allocate_new_ids(db: Database, target: Target, rows: Sequence[MappedRow]) -> None:
    """Give each new record of a target whose rows carry records of another sheet (an
    action and its progress update) an id of its own, so that the second can point at it."""
    sheet, link = target.linked_sheet, target.link_column
    if sheet is None or link is None:
        return
    table = SHEETS_BY_NAME[target.name].table
    next_id = int(db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]) + 1
    for row in rows:
        if row.values.get("id") is None:
            row.values["id"] = next_id
            for extra in row.extra.get(sheet, []):
                extra[link] = next_id
            next_id += 1


def _plan_of(db: Database, target: Target, rows: Sequence[MappedRow],
             progress: Callable[[int, int], None] | None,
             cancelled: Callable[[], bool] | None) -> ImportPlan:
    """``plan_import`` on the rows written to a temporary workbook in the partner layout;
    the plan's row numbers are those of the temporary workbook."""
    folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))  # readable by this user only
    try:
        workbook = folder / "mapped.xlsx"
        _write_layout_workbook(workbook, target, rows)
        return plan_import(db, workbook, progress, cancelled)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _write_layout_workbook(path: Path, target: Target, rows: Sequence[MappedRow]) -> None:
    wb = new_workbook()
    for sheet_name, records in _records_by_sheet(target, rows).items():
        layout = SHEETS_BY_NAME[sheet_name]
        present = [c for c in layout.columns
                   if any(c.column in values or c.header in values for _, values in records)]
        columns = [Column(c.header, kind=XLSX_KINDS.get(c.kind.split(":")[0], "text"))
                   for c in present]
        table = [[values.get(c.header, values.get(c.column)) for c in present]
                 for _, values in records]
        write_table(wb.create_sheet(sheet_name), columns, table)
    wb.save(path)


def _records_by_sheet(target: Target, rows: Sequence[MappedRow],
                      ) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """Each layout sheet's records as (original row, values), in the sheet's order."""
    sheets: dict[str, list[tuple[int, dict[str, Any]]]] = {target.name: []}
    for row in rows:
        sheets[target.name].append((row.row, row.values))
        for sheet_name, extras in row.extra.items():
            sheets.setdefault(sheet_name, []).extend((row.row, e) for e in extras)
    return {name: records for name, records in sheets.items() if records}


def _in_original_terms(plan: ImportPlan | None, path: Path, sheet: str, target: Target,
                       mapping: Mapping[str, str | None], rows: Sequence[MappedRow],
                       problems: list[Problem]) -> MappedPlan:
    """The plan with the temporary workbook's rows and columns turned back into the
    user's sheet's rows and headers."""
    records = _records_by_sheet(target, rows)
    original = {name: {i: number for i, (number, _) in enumerate(recs, start=2)}
                for name, recs in records.items()}

    def row_of(sheet_name: str, row: int) -> int:
        return original.get(sheet_name, {}).get(row, row)

    changes: list[RecordChange] = []
    if plan is not None:
        changes = [replace(c, row=row_of(c.sheet, c.row)) for c in plan.changes]
        problems = problems + [
            replace(p, sheet=sheet, row=row_of(p.sheet, p.row),
                    column=target.header_for(p.sheet, p.column, mapping))
            for p in plan.problems]
    problems.sort(key=lambda p: (p.row, p.column))
    return MappedPlan(path=path, sheets=(sheet,), changes=tuple(changes),
                      problems=tuple(problems), workbook_plan=plan)
