"""The monthly grid of one measure (months by areas): counts typed or imported, and the
analyst's hotspot notes per month and area.

A district, a city without districts and the force hold counts of their own; a CSP, the
county and a city made of districts are the sums of their parts and cannot be typed into.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cspdesk import audit
from cspdesk.dates import financial_year_of, next_financial_year
from cspdesk.errors import InputError
from cspdesk.performance.quality import (
    children_of,
    is_month,
    measure_id_of,
    month_flags,
    month_text,
)
from cspdesk.performance.totals import Area, area_tree, financial_years_with_counts
from cspdesk.store.connection import Database

# "1234" or "1,234" (commas between every three digits).
_WHOLE = re.compile(r"^(\d+|\d{1,3}(,\d{3})+)$")
# More than any monthly count could be, and well inside what SQLite stores.
MAX_COUNT = 10**12


@dataclass(frozen=True)
class GridCell:
    """One month of one area in the grid."""

    count: int | None
    entry: str | None  # 'typed' | 'imported'; None when empty or derived
    source_file: str | None
    updated_at: str | None
    flag: str | None  # the data-quality flag of this month, if any
    derived: bool  # a sum of other areas, not typed into


def monthly_grid(db: Database, measure: str,
                 months: Sequence[str]) -> dict[tuple[int, str], GridCell]:
    """(area id, month) -> cell, for every area in the tree and every month given.

    A derived area's count is the sum of its parts (None when a part is missing), its flag
    its parts' flags prefixed with their names; other areas show their stored counts.
    """
    mid = measure_id_of(db, measure)
    marks = ",".join("?" * len(months))
    stored = {(r[0], r[1]): r[2:] for r in db.execute(
        f"SELECT area_id, month, count, entry, source_file, updated_at FROM monthly_counts "
        f"WHERE measure_id = ? AND month IN ({marks})", [mid, *months])}
    flags = month_flags(db, mid, months)
    tree = area_tree(db)
    kids = children_of(tree)
    by_id = {a.id: a for a in tree}
    cells: dict[tuple[int, str], GridCell] = {}

    def cell(area: Area, month: str) -> GridCell:
        key = (area.id, month)
        if key not in cells:
            if _is_derived(area, kids):
                cells[key] = _sum_cell([(by_id[c], cell(by_id[c], month)) for c in kids[area.id]])
            else:
                count, entry, source, updated = stored.get(key, (None, None, None, None))
                flag = flags.get(area.id, {}).get(month)
                cells[key] = GridCell(count, entry, source, updated, flag, False)
        return cells[key]

    for area in tree:
        for month in months:
            cell(area, month)
    return cells


def grid_years(db: Database, today: dt.date) -> tuple[list[str], str]:
    """The financial years the grid offers, newest first, and the one it opens on.

    Every year holding a count, and the current and next financial years (of ``today``)
    even with no count yet, so that April of a new year can be typed. The grid opens on the
    newest year holding a count, or on the current year when none does.
    """
    held = financial_years_with_counts(db)
    current = financial_year_of(today)
    years = sorted({*held, current, next_financial_year(current)}, reverse=True)
    return years, held[0] if held else current


def _sum_cell(parts: list[tuple[Area, GridCell]]) -> GridCell:
    counts = [c.count for _, c in parts]
    total = None if any(c is None for c in counts) else sum(c for c in counts if c is not None)
    flags = [c.flag if c.derived else f"{a.name}: {c.flag}" for a, c in parts if c.flag]
    return GridCell(total, None, None, None, "; ".join(flags) or None, True)


def _is_derived(area: Area, kids: Mapping[int, list[int]]) -> bool:
    """A sum of other areas: any area with areas below it, except the force, which keeps
    its own counts (they include records with no location)."""
    return bool(kids.get(area.id)) and area.level != "force"


def set_count(db: Database, area_id: int, measure: str, month: str, count: object) -> None:
    """Store a count the officer typed for one area and month.

    The count is a whole number of 0 or more ("1,234" and " 12 " are read as numbers);
    anything else, an area that is the sum of its districts, an unknown area or a month not
    written 'YYYY-MM' is refused with an InputError before anything is written. The count
    is kept as typed (entry 'typed', no source file), replacing any imported count, and a
    later import never overwrites it. None or empty text removes the cell's count, typed
    or imported; an imported count a typed one had replaced is not restored (import that
    month again to get it back).
    """
    set_counts(db, measure, {(area_id, month): count})


def set_counts(db: Database, measure: str, cells: Mapping[tuple[int, str], object]) -> None:
    """Store several typed counts at once (a paste from Excel): every cell is checked
    first, as ``set_count`` would, and then all are written in one transaction; one bad
    cell refuses them all."""
    mid = measure_id_of(db, measure)
    tree = area_tree(db)
    kids = children_of(tree)
    by_id = {a.id: a for a in tree}
    checked = [(area_id, month, _checked_count(by_id, kids, area_id, month, value))
               for (area_id, month), value in cells.items()]
    now = dt.datetime.now().isoformat(timespec="seconds")
    with db.atomic():
        _audit_counts(db, mid, by_id, checked)
        for area_id, month, count in checked:
            if count is None:
                db.execute("DELETE FROM monthly_counts WHERE area_id = ? AND measure_id = ? "
                           "AND month = ?", [area_id, mid, month])
            else:
                db.execute(
                    "INSERT INTO monthly_counts (area_id, measure_id, month, count, entry, "
                    "source_file, updated_at) VALUES (?, ?, ?, ?, 'typed', NULL, ?) "
                    "ON CONFLICT (area_id, measure_id, month) DO UPDATE SET "
                    "count = excluded.count, entry = 'typed', source_file = NULL, "
                    "updated_at = excluded.updated_at", [area_id, mid, month, count, now])


def _audit_counts(db: Database, measure_id: int, by_id: Mapping[int, Area],
                  checked: Sequence[tuple[int, str, int | None]]) -> None:
    """One entry for the cells typed (a paste is one entry): each cell as 'Bassetlaw,
    March 2023', its count before (marked 'imported' when police.uk's) and after."""
    wanted = {(area_id, month) for area_id, month, _count in checked}
    before = {}
    for area_id, month, count, entry in db.execute(
            "SELECT area_id, month, count, entry FROM monthly_counts WHERE measure_id = ?",
            [measure_id]):
        if (area_id, month) in wanted:
            before[_cell_words(by_id, area_id, month)] = (
                f"{count} imported" if entry == "imported" else count)
    after = {_cell_words(by_id, area_id, month): count for area_id, month, count in checked}
    audit.record_cells(db, "monthly_counts", measure_id, "changed", before, after)


def _cell_words(by_id: Mapping[int, Area], area_id: int, month: str) -> str:
    return f"{by_id[area_id].name}, {month_text(month)}"


def _checked_count(by_id: Mapping[int, Area], kids: Mapping[int, list[int]], area_id: int,
                   month: str, value: object) -> int | None:
    area = _checked_area(by_id, area_id)
    _check_month(month)
    if _is_derived(area, kids):
        raise InputError(f"{area.name} is the sum of its districts: type the counts into "
                         "its districts instead.", field="count")
    return parse_count(value, f"{area.name} in {month_text(month)}")


def parse_count(value: object, where: str) -> int | None:
    """A typed count as a whole number of 0 or more; None for nothing typed. ``where``
    names the cell in the message ("Bassetlaw in March 2023")."""
    if value is None or isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if isinstance(value, bool) or not (isinstance(value, int) or _WHOLE.match(text)):
        if re.fullmatch(r"-\s*[\d,.]+", text):
            raise InputError(f"The count for {where} cannot be negative: '{text}' is not a "
                             "count.", field="count")
        if re.fullmatch(r"[\d,]*\.\d+", text):
            raise InputError(f"The count for {where} must be a whole number: '{text}' has "
                             "a fraction.", field="count")
        raise InputError(f"'{text}' is not a count: enter a whole number of 0 or more for "
                         f"{where}.", field="count")
    number = int(value) if isinstance(value, int) else int(text.replace(",", ""))
    if number < 0:
        raise InputError(f"The count for {where} cannot be negative: '{text}' is not a "
                         "count.", field="count")
    if number > MAX_COUNT:
        raise InputError(f"The count for {where}, {number:,}, is too large to be a "
                         "monthly count.", field="count")
    return number


def _checked_area(by_id: Mapping[int, Area], area_id: int) -> Area:
    area = by_id.get(area_id)
    if area is None:
        raise InputError(f"There is no area number {area_id} (it may have been deleted); "
                         "choose the area again.", field="area_id")
    return area


def _check_month(month: object) -> None:
    if not is_month(month):
        raise InputError(f"'{month}' is not a month written YYYY-MM (for example 2023-03).",
                         field="month")


def hotspot_notes(db: Database, area_id: int, month: str) -> str:
    """The analyst's notes on hotspots (locations and causes) for an area and month;
    empty text when there are none."""
    row = db.execute("SELECT notes FROM hotspot_notes WHERE area_id = ? AND month = ?",
                     [area_id, month]).fetchone()
    return row[0] if row else ""


def set_hotspot_notes(db: Database, area_id: int, month: str, text: str) -> None:
    """Keep the hotspot notes for an area and month; empty text deletes them."""
    _checked_area({a.id: a for a in area_tree(db)}, area_id)
    _check_month(month)
    notes = (text or "").strip()
    with db.atomic():
        audit.record_cells(db, "hotspot_notes", area_id, "changed",
                           {f"hotspot notes, {month_text(month)}":
                            hotspot_notes(db, area_id, month) or None},
                           {f"hotspot notes, {month_text(month)}": notes or None})
        if not notes:
            db.execute("DELETE FROM hotspot_notes WHERE area_id = ? AND month = ?",
                       [area_id, month])
        else:
            db.execute("INSERT INTO hotspot_notes (area_id, month, notes) VALUES (?, ?, ?) "
                       "ON CONFLICT (area_id, month) DO UPDATE SET notes = excluded.notes",
                       [area_id, month, notes])
