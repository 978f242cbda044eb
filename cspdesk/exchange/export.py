"""The partner workbook: every record of the database in one Excel file, a sheet per kind.

The sheets and their columns are those of ``workbook_layout`` (the contract with partners),
after a first "About" sheet (``about``) saying what the workbook holds, when and from which
database it was made, and whether personal data is in it. Every cell goes through
``cspdesk.xlsx.writer``, so none is ever a formula and characters Excel cannot hold are
removed with a warning; the rows are streamed in openpyxl's write-only mode
(bench/xlsx_export_bench.py).

With ``no_personal_data`` the workbook holds no person's name, email or phone number: the
columns marked personal are left out, the Attendance sheet is replaced by figures per
meeting and organisation, every known name, email and phone number is taken out of free
text, and file paths are cut to the file name (a folder may carry a user's name).
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any

from openpyxl import Workbook

from cspdesk.errors import stop_if_cancelled
from cspdesk.exchange.about import left_out, write_about
from cspdesk.exchange.layout import (
    ABOUT_SHEET,
    ATTENDANCE_BY_ORGANISATION,
    LEFT_OUT,
    SHEETS,
    Sheet,
    SheetColumn,
)
from cspdesk.meetings.attendance import (  # the statistics' counting rules
    _COUNTS,
    _MARKED,
    NO_ORGANISATION,
)
from cspdesk.privacy import redaction
from cspdesk.store.connection import Database
from cspdesk.xlsx.stream import StreamingSheet, discard_streaming, new_streaming_workbook
from cspdesk.xlsx.writer import Column, ExportResult, save_openpyxl, write_file_safely

Progress = Callable[[int, int], None]
REMOVED = redaction.REMOVED
TICK_ROWS = 1000  # report progress and look for a cancel this often
_FILE_NAME_ONLY = {("Monthly counts", "source_file"), ("LSOA imports", "source_file")}


@dataclass
class _Plan:
    """One sheet to write: its layout, the columns kept, its query and its size."""

    sheet: Sheet
    columns: list[SheetColumn]
    sql: str  # without ORDER BY
    order: str
    rows: int = 0
    longest: list[int] | None = None


def export_workbook(db: Database, path: Path | str, no_personal_data: bool = False,
                    overwrite: bool = False, progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None) -> ExportResult:
    """Write the partner workbook to ``path``; returns the path, warnings and row counts.

    Refuses an existing file unless ``overwrite``. ``progress(done, total)`` is called as
    rows are written; once ``cancelled()`` is true the export stops with Cancelled
    and leaves no file. ``count`` is the number of records written, ``sheets`` the rows of
    each sheet (About excepted).
    """
    plans = [_measure(db, plan) for plan in _plans(no_personal_data)]
    ticker = _Ticker(progress, cancelled, sum(p.rows for p in plans))
    result = ExportResult(Path(path))
    ticker.tick(0)

    def write(target: Path) -> None:
        wb = new_streaming_workbook()
        try:
            _fill_workbook(db, wb, plans, no_personal_data, result, ticker)
            ticker.tick(0)
            save_openpyxl(wb, target)
        except BaseException:
            discard_streaming(wb)
            raise

    result.path = write_file_safely(path, write, overwrite, what="workbook")
    result.count = sum(result.sheets.values())
    return result


class _Ticker:
    def __init__(self, progress: Progress | None, cancelled: Callable[[], bool] | None,
                 total: int) -> None:
        self.progress, self.cancelled, self.total, self.done = progress, cancelled, total, 0

    def tick(self, rows: int) -> None:
        self.done += rows
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)
        stop_if_cancelled(self.cancelled)


def _plans(no_personal_data: bool) -> list[_Plan]:
    plans = []
    for sheet in SHEETS:
        if no_personal_data and sheet.table == "attendance":
            plans.append(_attendance_by_organisation())
            continue
        columns = [c for c in sheet.columns if not (no_personal_data and c.personal)]
        select = ", ".join(f'"{c.column}"' for c in columns)
        key = ", ".join(f'"{k}"' for k in sheet.key)
        plans.append(_Plan(sheet, columns, f'SELECT {select} FROM "{sheet.table}"',
                           f" ORDER BY {key}"))
    return plans


def _attendance_by_organisation() -> _Plan:
    sql = ("WITH " + _MARKED.format(where="status = 'held'") +
           f"""SELECT mk.meeting_id, mk.date, g.short_name, coalesce(o.name, ?), {_COUNTS}
               FROM marked mk JOIN people p ON p.id = mk.person_id
               LEFT JOIN organisations o ON o.id = p.organisation_id
               JOIN meetings m ON m.id = mk.meeting_id JOIN groups g ON g.id = m.group_id
               GROUP BY mk.meeting_id, p.organisation_id""")
    sheet = ATTENDANCE_BY_ORGANISATION
    return _Plan(sheet, list(sheet.columns), sql, " ORDER BY 1, 4 COLLATE NOCASE")


def _params(plan: _Plan) -> list[Any]:
    return [NO_ORGANISATION] if plan.sheet is ATTENDANCE_BY_ORGANISATION else []


def _measure(db: Database, plan: _Plan) -> _Plan:
    """Count the rows and find each column's longest value in characters (one query)."""
    parts = ["COUNT(*)"]
    for i, c in enumerate(plan.columns):
        parts.append(f"MAX(ABS(c{i}))" if c.kind == "pounds" else f"MAX(LENGTH(c{i}))")
    names = ", ".join(f"c{i}" for i in range(len(plan.columns)))
    sql = f"WITH t({names}) AS ({plan.sql}) SELECT {', '.join(parts)} FROM t"
    row = db.execute(sql, _params(plan)).fetchone()
    plan.rows = int(row[0])
    plan.longest = [_shown_chars(c.kind, v) for c, v in zip(plan.columns, row[1:], strict=True)]
    return plan


def _shown_chars(kind: str, value: Any) -> int:
    if value is None:
        return 0
    if kind == "date":
        return 10
    if kind == "bool":
        return 3
    if kind == "pounds":
        return len(f"£{value / 100:,.2f}")
    return int(value)


def _stream_kind(kind: str) -> str:
    """How ``cspdesk.xlsx.writer`` writes a column of this layout kind."""
    if kind in ("id", "int") or kind.startswith("ref:"):
        return "int"
    return {"date": "date", "pounds": "pence"}.get(kind, "text")


def _fill_workbook(db: Database, wb: Workbook, plans: list[_Plan], no_personal_data: bool,
                   result: ExportResult, ticker: _Ticker) -> None:
    about = wb.create_sheet(ABOUT_SHEET)  # first, though filled last: it counts the rest
    redactor = _Redactor(db) if no_personal_data else None
    for plan in plans:
        sheet = StreamingSheet(wb, plan.sheet.name,
                               [Column(c.header, kind=_stream_kind(c.kind)) for c in plan.columns],
                               plan.longest, expected_rows=plan.rows)
        fixes = _fixes(plan, redactor)
        for count, row in enumerate(db.execute(plan.sql + plan.order, _params(plan)), start=1):
            if fixes:
                row = list(row)
                for index, fix in fixes:
                    row[index] = fix(row[index])
            sheet.append(row)
            if count % TICK_ROWS == 0:
                ticker.tick(TICK_ROWS)
        ticker.tick(sheet.rows % TICK_ROWS)
        sheet.finish()
        result.sheets[plan.sheet.name] = sheet.rows
        result.warnings += sheet.warnings
    if redactor is not None:
        result.warnings += redactor.warnings()
    result.warnings += [f"The table {name} is not in the workbook: it is {why}."
                        for name, why in left_out(db).items() if name not in LEFT_OUT]
    write_about(db, about, result, no_personal_data,
                redactor.clean if redactor else None)


def _fixes(plan: _Plan, redactor: _Redactor | None) -> list[tuple[int, Callable[[Any], Any]]]:
    """The changes each column's values need before they are written, by column index."""
    fixes: list[tuple[int, Callable[[Any], Any]]] = []
    for index, column in enumerate(plan.columns):
        fix: Callable[[Any], Any] | None = {"bool": _yes_no, "list": _joined}.get(column.kind)
        if redactor is not None and (plan.sheet.name, column.header) in _FILE_NAME_ONLY:
            fix = _file_name
        if redactor is not None and _stream_kind(column.kind) == "text":
            fix = redactor.for_column(plan.sheet.name, column.header, fix)
        if fix is not None:
            fixes.append((index, fix))
    return fixes


def _yes_no(value: Any) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _joined(value: Any) -> Any:
    """A JSON list as "a; b; c" (anything else is left as it is)."""
    if not isinstance(value, str):
        return value
    try:
        items = json.loads(value)
    except ValueError:
        return value
    if not isinstance(items, list):
        return value
    return "; ".join(str(item) for item in items)


@functools.lru_cache(maxsize=4096)
def _file_name(value: Any) -> Any:
    """A path cut to its file name (either kind of slash); the same few paths repeat."""
    return PureWindowsPath(value).name if isinstance(value, str) else value


class _Redactor:
    """Takes every name, email and phone number the database knows out of free text
    (``cspdesk.privacy.redaction`` says the forms)."""

    def __init__(self, db: Database) -> None:
        # Every form the importer reads as a person, and any email or UK phone number.
        self.pattern = redaction.pattern_for(redaction.known_people(db))
        self.cache: dict[str, str] = {}
        self.changed: Counter[tuple[str, str]] = Counter()

    def for_column(self, sheet: str, header: str,
                   before: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
        def fix(value: Any) -> Any:
            if before is not None:
                value = before(value)
            cleaned = self.clean(value)
            if cleaned is not value and cleaned != value:
                self.changed[(sheet, header)] += 1
            return cleaned
        return fix

    def clean(self, value: Any) -> Any:
        if self.pattern is None or not isinstance(value, str):
            return value
        cleaned = self.cache.get(value)
        if cleaned is None:
            cleaned = self.cache[value] = self.pattern.sub(REMOVED, value)
        return cleaned

    def warnings(self) -> list[str]:
        return [f"Sheet '{sheet}', column {header}: a person's name, email or phone number "
                f"was replaced by {REMOVED} in {n} cell{'s' if n > 1 else ''}."
                for (sheet, header), n in self.changed.items()]
