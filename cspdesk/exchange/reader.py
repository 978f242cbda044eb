"""Reading a partner workbook: checked first (``safety``: hostile files are refused before
they are parsed, and reading is bounded), then every sheet of the export's layout read row
by row into the values the database stores.

Unknown sheets and the About sheet are passed over; on a known sheet every cell is checked
against its column's kind, each record may appear once, and every reference to another
record must find it in the database or among the workbook's own rows.
"""

from __future__ import annotations

import functools
import gc
import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, ParamSpec, TypeVar

import openpyxl
from openpyxl.utils import get_column_letter

from cspdesk.errors import stop_if_cancelled
from cspdesk.exchange.checks import (
    CellError,
    Problem,
    Skipped,
    cell_reader,
    holds_controls,
)
from cspdesk.exchange.layout import RENAMED, SHEETS, SHEETS_BY_NAME, Sheet, SheetColumn
from cspdesk.exchange.safety import CellBudget, bounded_rows, check_workbook_file, readable
from cspdesk.store.connection import Database

__all__ = ["THINGS", "SheetRow", "Ticker", "WorkbookRows", "check_references",
           "check_workbook_file", "cycles_left_alone", "file_digest", "read_file",
           "read_workbook"]
P = ParamSpec("P")
R = TypeVar("R")
# A record of each sheet, in words.
THINGS = {"Organisations": "organisation", "People": "person", "Groups": "group",
          "Memberships": "membership", "Meetings": "meeting", "Attendance": "attendance mark",
          "Agenda items": "agenda item",
          "Meeting actions": "meeting action", "Areas": "area", "Measures": "measure",
          "Monthly counts": "monthly count", "Priorities": "priority",
          "Programmes": "programme", "Actions": "action", "Action updates": "action update",
          "Chair terms": "chair term", "Hotspot notes": "hotspot note", "LSOA names": "LSOA",
          "LSOA imports": "month of counts per LSOA", "LSOA counts": "count per LSOA",
          "Priority measures": "measure of a priority", "Year limits": "year limit",
          "Action spend": "quarter's spend", "Settings": "setting"}


@dataclass(slots=True)
class SheetRow:
    """One row of a known sheet: the values read (by database column) and its key."""

    title: str          # the sheet's name in the workbook
    sheet: Sheet
    number: int         # the Excel row number
    values: dict[str, Any]
    key: tuple          # (id,), () for a new record without an id, or the monthly count's key


@dataclass
class WorkbookRows:
    """Everything read from a workbook, and the problems found so far."""

    titles: list[str] = field(default_factory=list)
    title_of: dict[str, str] = field(default_factory=dict)   # layout sheet -> its title
    rows: dict[str, list[SheetRow]] = field(default_factory=dict)          # by layout sheet
    columns: dict[str, dict[str, SheetColumn]] = field(default_factory=dict)  # present ones
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # rows left out on purpose
    cleaned: Counter[tuple[str, str]] = field(default_factory=Counter)
    # (sheet, column) -> cells whose control characters were taken out
    bad: set[tuple[str, int]] = field(default_factory=set)  # rows with a problem
    said: set[tuple[str, str]] = field(default_factory=set)  # (sheet, column) told once
    digest: str = ""  # SHA-256 of the file's bytes as read

    def copy(self) -> WorkbookRows:
        """The rows read (shared: checking and writing never change them) with the problems
        found so far, to be checked again: against the database, and by writing them."""
        return replace(self, problems=list(self.problems), skipped=list(self.skipped),
                       cleaned=Counter(self.cleaned), bad=set(self.bad), said=set(self.said))

    def warnings(self) -> list[str]:
        """What was changed in reading, for the review to say."""
        return [f"Sheet {sheet}, column {column}: control characters were taken out of "
                f"{n} cell{'s' if n != 1 else ''}." for (sheet, column), n in self.cleaned.items()]

    def problem(self, title: str, row: int, column: str, message: str) -> None:
        """Note a problem; a row with one is checked no further and never written."""
        self.problems.append(Problem(title, row, column, message[:1].upper() + message[1:]))
        self.bad.add((title, row))


class Ticker:
    """Counts rows for ``progress(done, total)`` and asks ``cancelled()`` every 500 rows."""

    EVERY = 500

    def __init__(self, progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None) -> None:
        self.progress, self.cancelled = progress, cancelled
        self.done, self.total = 0, 0

    def __call__(self) -> None:
        self.done += 1
        if self.done % self.EVERY == 0:
            stop_if_cancelled(self.cancelled)
            if self.progress is not None:
                self.progress(min(self.done, self.total), max(self.total, self.done))

    def finish(self) -> None:
        """The last look at ``cancelled()``, and progress at its end."""
        stop_if_cancelled(self.cancelled)
        if self.progress is not None:
            self.progress(self.total, self.total)


# Reading ------------------------------------------------------------------------------------------


def cycles_left_alone(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run with Python's collector of reference cycles paused. The rows read
    and the changes found are millions of objects and hold no cycles, yet the collector
    went through them again and again: 13 s of the ten-year workbook's 50 s (check and
    apply). Objects without cycles are freed as before; the collector runs again when it
    returns."""
    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


def read_workbook(db: Database, path: Path | str, tick: Ticker) -> WorkbookRows:
    """Read every known sheet of the workbook at ``path`` (checked first) into rows, and
    check their references against the database."""
    found = read_file(path, tick)
    check_references(db, found)
    return found


def read_file(path: Path | str, tick: Ticker) -> WorkbookRows:
    """Read every known sheet of the workbook at ``path`` (checked first) into rows, with
    the problems the file shows by itself."""
    path = Path(path)
    check_workbook_file(path)
    found = WorkbookRows()
    with path.open("rb") as fh:  # ours to close, also when openpyxl fails half way
        found.digest = file_digest(fh)
        fh.seek(0)
        with readable(path):
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True, keep_links=False)
        try:
            _read_sheets(wb, CellBudget(path), found, tick)
        finally:
            wb.close()
    return found


def file_digest(fh: BinaryIO) -> str:
    """SHA-256 of an open file's bytes, from where it stands."""
    return hashlib.file_digest(fh, "sha256").hexdigest()


def _read_sheets(wb: Any, budget: CellBudget, found: WorkbookRows, tick: Ticker) -> None:
    known = [(ws, sheet) for ws in wb.worksheets if (sheet := _sheet(ws.title))]
    tick.total = 2 * sum(max((ws.max_row or 1) - 1, 0) for ws, _ in known)
    for ws, sheet in known:
        if sheet.name in found.rows:
            found.problem(ws.title, 1, "", f"a second sheet of {sheet.name}; keep one.")
            continue
        found.titles.append(ws.title)
        found.title_of[sheet.name] = ws.title
        found.rows[sheet.name] = []
        ws.reset_dimensions()  # some programs write wrong ones, which would cut rows off
        _read_sheet(ws, sheet, budget, found, tick)


def _sheet(title: str) -> Sheet | None:
    name = title.strip().casefold()
    for old, new in RENAMED.items():
        if old.casefold() == name:
            name = new.casefold()
    return next((s for s in SHEETS if s.name.casefold() == name), None)


def _read_sheet(ws: Any, sheet: Sheet, budget: CellBudget, found: WorkbookRows,
                tick: Ticker) -> None:
    rows = bounded_rows(ws, budget)
    columns = _header(sheet, ws.title, next(rows, ()), found)
    found.columns[sheet.name] = {c.column: c for c in columns if c is not None}
    readers = [(c, cell_reader(c)) if c is not None else None for c in columns]
    seen: dict[tuple, int] = {}
    for number, cells in enumerate(rows, start=2):
        tick()
        if any(_filled(c) for c in cells):
            row = _read_row(sheet, ws.title, number, readers, cells, found)
            if row.key and row.key in seen:
                where = ", ".join(c for c in sheet.key)
                found.problem(ws.title, number, sheet.key[-1],
                              f"the same {where} as row {seen[row.key]}; a record may "
                              "appear only once.")
            elif row.key:
                seen[row.key] = number
            found.rows[sheet.name].append(row)


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _header(sheet: Sheet, title: str, cells: Sequence[Any],
            found: WorkbookRows) -> list[SheetColumn | None]:
    """The layout's column under each header cell (None under a blank one)."""
    by_name = {c.header.casefold(): c for c in sheet.columns}
    for old, new in RENAMED.items():
        if new.casefold() in by_name:
            by_name[old.casefold()] = by_name[new.casefold()]
    columns: list[SheetColumn | None] = []
    for index, cell in enumerate(cells):
        name = str(cell).strip() if _filled(cell) else ""
        column = by_name.get(name.casefold()) if name else None
        if name and column is None:
            found.said.add((title, f"#{index}"))  # its values need no second problem
            found.problem(title, 1, name, f"the {sheet.name} sheet has no column called "
                          f"'{name}'; its columns are: {', '.join(sheet.headers)}.")
        elif column is not None and column in columns:
            found.problem(title, 1, name, f"the column {name} appears twice.")
            column = None
        columns.append(column)
    return columns


def _read_row(sheet: Sheet, title: str, number: int,
              readers: Sequence[tuple[SheetColumn, Callable[[Any], Any]] | None],
              cells: Sequence[Any], found: WorkbookRows) -> SheetRow:
    """One row's values by database column (each column's ``reader`` turns a cell into
    the value stored), its problems noted in ``found``."""
    values: dict[str, Any] = {}
    for index, cell in enumerate(cells):
        read = readers[index] if index < len(readers) else None
        if read is None:
            if _filled(cell) and (title, f"#{index}") not in found.said:
                found.said.add((title, f"#{index}"))
                found.problem(title, number, "", f"column {get_column_letter(index + 1)} has "
                              "values but no name in row 1; name it or clear it.")
            continue
        column, reader = read
        if isinstance(cell, str) and holds_controls(cell):
            found.cleaned[title, column.header] += 1
        try:
            values[column.column] = reader(cell)
        except CellError as exc:
            found.problem(title, number, column.header, str(exc))
    if len(values) < len(found.columns[sheet.name]):  # a short row, or a cell refused
        for column, reader in filter(None, readers):
            values.setdefault(column.column, reader(None))
    return SheetRow(title, sheet, number, values, _key(sheet, title, number, values, found))


def _key(sheet: Sheet, title: str, number: int, values: dict[str, Any],
         found: WorkbookRows) -> tuple:
    if sheet.key == ("id",):
        return (values["id"],) if values.get("id") is not None else ()
    key = tuple(values.get(c) for c in sheet.key)
    missing = [c for c, v in zip(sheet.key, key, strict=True) if v is None]
    if not missing:
        return key
    needs = f"a record of {sheet.name} needs its {', '.join(sheet.key)}"
    if missing[0] not in found.columns[sheet.name]:  # said once, at the first row
        if (title, missing[0]) in found.said:
            found.bad.add((title, number))
            return ()
        found.said.add((title, missing[0]))
        found.problem(title, number, missing[0], f"{needs}, but the sheet has no "
                      f"{missing[0]} column.")
    elif (title, number) not in found.bad:
        found.problem(title, number, missing[0], f"{needs}; the {missing[0]} is missing.")
    return ()


def check_references(db: Database, found: WorkbookRows) -> None:
    """Every reference must find its record in the database or on the workbook's sheet."""
    known: dict[str, set[int]] = {}
    for name, rows in found.rows.items():
        for column in found.columns[name].values():
            if not column.kind.startswith("ref:"):
                continue
            target = column.kind.split(":", 1)[1]
            if target not in known:
                known[target] = _known_ids(db, target, found)
            for row in rows:
                value = row.values.get(column.column)
                if value is not None and value not in known[target]:
                    found.problem(row.title, row.number, column.header,
                                  f"there is no {THINGS.get(target, 'record')} with id "
                                  f"{value}, in the database or on the {target} sheet.")


def _known_ids(db: Database, sheet_name: str, found: WorkbookRows) -> set[int]:
    table = SHEETS_BY_NAME[sheet_name].table
    ids = {row[0] for row in db.execute(f"SELECT id FROM {table}")}
    return ids | {row.key[0] for row in found.rows.get(sheet_name, []) if row.key}
