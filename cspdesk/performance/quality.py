"""Data quality of the monthly counts: months far below their neighbours, and missing months.

police.uk has months where a force's supply of a record type was incomplete (anti-social
behaviour at a third of the months either side, for example); a figure built on such a
month is wrong, so the grid, the comparison and the CLI show where they are. Two kinds of
flag, for every area with stored counts (districts, a city without districts, the force):

* far below: a month whose count is under a third of the median of up to three months
  either side, when at least two of those months have counts and their median is at
  least 10 (small counts swing too much to judge);
* missing: a month with no count between the area's first and last month with counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cspdesk.dates import MONTH_NAMES
from cspdesk.errors import InputError
from cspdesk.performance.totals import Area, area_tree
from cspdesk.store.connection import Database

if TYPE_CHECKING:  # numpy is imported when flags are first worked out, not at start-up
    import numpy as np

# Months either side that are compared, how many of them need counts, the share of their
# median below which a month is flagged, and the smallest median that is judged at all.
WINDOW = 3
MIN_NEIGHBOURS = 2
FAR_BELOW_SHARE = 1 / 3
MIN_MEDIAN = 10

FAR_BELOW = "far below the months either side"
MISSING = "missing"

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

# area id -> month ('YYYY-MM') -> reason
AreaFlags = dict[int, dict[str, str]]


@dataclass(frozen=True)
class QualityFlag:
    """One flagged month of one area's counts for one measure."""

    area: str
    measure: str
    month: str  # 'YYYY-MM'
    reason: str  # "far below the months either side (41 against about 1,230)" or "missing"


def month_text(month: str) -> str:
    """'2023-03' -> 'March 2023' (the text unchanged when it is not such a month)."""
    match = _MONTH.match(month)
    if not match:
        return month
    return f"{MONTH_NAMES[int(match.group(2)) - 1]} {match.group(1)}"


def is_month(text: object) -> bool:
    """True for a month written 'YYYY-MM' with a real month number."""
    return isinstance(text, str) and _MONTH.match(text) is not None


def quality_flags(db: Database, measure: str | None = None) -> list[QualityFlag]:
    """Every flagged month, for every measure or only the one named.

    Ordered by measure (in the measures' own order), area (in tree order) and month.
    The counts are read with one query and judged with numpy: 250,000 monthly counts take
    about 0.4 s. An unknown measure is an InputError.
    """
    if measure is None:
        chosen = db.execute("SELECT id, name FROM measures ORDER BY position, id").fetchall()
    else:
        chosen = [(measure_id_of(db, measure), measure)]
    tree = area_tree(db)
    order = {area.id: i for i, area in enumerate(tree)}
    names = {area.id: area.name for area in tree}
    flags: list[QualityFlag] = []
    data = _counts(db, None if measure is None else chosen[0][0])
    for mid, name in chosen:
        by_area = _flags_of(data[data[:, 0] == mid])
        for area_id in sorted(by_area, key=lambda a: (order.get(a, len(order)), a)):
            area = names.get(area_id) or _area_name(db, area_id)
            flags.extend(QualityFlag(area, name, month, reason)
                         for month, reason in sorted(by_area[area_id].items()))
    return flags


def flags_for(db: Database, measure: str, months: Sequence[str]) -> dict[str, list[str]]:
    """Per area name, the flags of ``months`` as text: "March 2023: missing".

    An area that is a sum of others (a CSP, the county, a city with districts, and the force
    when it has no counts of its own in these months) gets its parts' flags too, each
    prefixed with the name of the area it belongs to ("Bassetlaw: March 2023: missing").
    Areas without flags are absent.
    """
    mid = measure_id_of(db, measure)
    wanted = set(months)
    own = {area_id: [f"{month_text(m)}: {reason}" for m, reason in sorted(by_month.items())]
           for area_id, by_month in month_flags(db, mid, months).items()}
    tree = area_tree(db)
    kids = children_of(tree)
    with_counts = _areas_with_counts(db, mid, list(wanted))
    derived = {a.id for a in tree if kids.get(a.id) and (
        a.level != "force" or a.id not in with_counts)}
    names = {a.id: a.name for a in tree}

    def prefixed(area_id: int) -> list[str]:
        texts = [f"{names[area_id]}: {t}" for t in own.get(area_id, [])]
        if area_id in derived:
            texts += [t for child in kids[area_id] for t in prefixed(child)]
        return texts

    result: dict[str, list[str]] = {}
    for area in tree:
        texts = list(own.get(area.id, []))
        if area.id in derived:
            texts += [t for child in kids[area.id] for t in prefixed(child)]
        if texts:
            result[area.name] = texts
    return result


def area_flags(db: Database, measure_id: int) -> AreaFlags:
    """The flags of one measure's stored counts: area id -> month -> reason (every count of
    every measure is read: the Data quality page, the CLI and the importer's report)."""
    return _flags_of(_counts(db, measure_id))


def month_flags(db: Database, measure_id: int, months: Sequence[str]) -> AreaFlags:
    """The flags of one measure in ``months`` only: exactly ``area_flags`` kept to those
    months, without reading every count (the grid's year, a comparison's two periods).

    A month's "far below" looks no further than WINDOW months either side, so the counts
    read are those from WINDOW months before the first month asked to WINDOW after the
    last (through the measure-and-month index); "missing" needs each area's first and last
    month with counts, read per area through the primary key. So few counts are judged in
    plain Python: the window opens without numpy.
    """
    wanted = sorted({_index_of(m) for m in months if is_month(m)})
    spans = _spans(db, measure_id)
    if not wanted or not spans:
        return {}
    counts = {(area_id, index): count for area_id, index, count in db.execute(
        f"SELECT area_id, {_MONTH_INDEX}, count FROM monthly_counts WHERE measure_id = ? "
        f"AND month BETWEEN ? AND ? AND {_REAL_MONTH}",
        [measure_id, _month_of(wanted[0] - WINDOW), _month_of(wanted[-1] + WINDOW)])}
    flags: AreaFlags = {}
    for area_id, (first, last) in spans.items():
        for index in wanted:
            count = counts.get((area_id, index))
            if count is None:
                reason = MISSING if first <= index <= last else None
            else:
                near = [counts.get((area_id, index + k)) for k in range(-WINDOW, WINDOW + 1)]
                reason = _far_below(count, sorted(c for k, c in enumerate(near)
                                                  if c is not None and k != WINDOW))
            if reason:
                flags.setdefault(area_id, {})[_month_of(index)] = reason
    return flags


def _far_below(count: int, near: list[int]) -> str | None:
    """The reason a count is flagged against the counts ``near`` it (in order), if it is:
    the rule of ``_neighbour_median`` for one month."""
    if len(near) < MIN_NEIGHBOURS:
        return None
    median = (near[(len(near) - 1) // 2] + near[len(near) // 2]) / 2
    if not median >= MIN_MEDIAN or not count < median * FAR_BELOW_SHARE:
        return None
    return f"{FAR_BELOW} ({count:,} against about {int(round(median)):,})"


# A stored month as year * 12 + month - 1, and only months numbered 01 to 12 (the table's
# check lets '2023-00' and '2023-13' to '2023-19' by; no writer stores them).
_MONTH_INDEX = ("CAST(substr(month, 1, 4) AS INTEGER) * 12 "
                "+ CAST(substr(month, 6, 2) AS INTEGER) - 1")
_REAL_MONTH = "substr(month, 6, 2) BETWEEN '01' AND '12'"


def _spans(db: Database, measure_id: int) -> dict[int, tuple[int, int]]:
    """Area id -> (first, last) month index with counts of the measure, for every area
    holding any; each area's months are found through the primary key."""
    spans = {}
    for area_id, low, high in db.execute(
            f"SELECT id, (SELECT MIN(month) FROM monthly_counts WHERE area_id = areas.id "
            f"AND measure_id = ? AND {_REAL_MONTH}), (SELECT MAX(month) FROM monthly_counts "
            f"WHERE area_id = areas.id AND measure_id = ? AND {_REAL_MONTH}) FROM areas",
            [measure_id, measure_id]):
        if low is not None:
            spans[area_id] = (_index_of(low), _index_of(high))
    return spans


def _index_of(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


# The last scan of the counts: (the connection, its state then, the rows). The Data quality
# page, the CLI and the importer's report read every flag; while nothing has been written
# since, one scan serves them all.
_LAST_SCAN: list[tuple[object, tuple[int, int], np.ndarray]] = []


def _counts(db: Database, measure_id: int | None) -> np.ndarray:
    """Rows of (measure id, area id, month number, count); months as year * 12 + month - 1.

    The table is scanned rather than searched by its measure index: a scan of 250,000
    counts takes a tenth of a second, while fetching one measure's 250,000 rows through
    the index (a look-up in the table for each) takes half a second. The scan is kept
    while the database is unchanged: no write on this connection (``total_changes``) and
    no commit by another (``PRAGMA data_version``).
    """
    import numpy as np

    state = (db.conn.total_changes, db.execute("PRAGMA data_version").fetchone()[0])
    last = _LAST_SCAN[0] if _LAST_SCAN else None
    if last is not None and last[0] is db.conn and last[1] == state:
        data = last[2]
    else:
        rows = db.execute(f"SELECT measure_id, area_id, {_MONTH_INDEX}, count "
                          f"FROM monthly_counts WHERE {_REAL_MONTH}").fetchall()
        data = np.array(rows, dtype=np.int64).reshape(-1, 4)
        data.setflags(write=False)
        _LAST_SCAN[:] = [(db.conn, state, data)]
    return data if measure_id is None else data[data[:, 0] == measure_id]


def _flags_of(data: np.ndarray) -> AreaFlags:
    """Flags of one measure's counts, given as rows of ``_counts``."""
    import numpy as np

    if not len(data):
        return {}
    area_ids, area_index = np.unique(data[:, 1], return_inverse=True)
    first = int(data[:, 2].min())
    grid = np.full((len(area_ids), int(data[:, 2].max()) - first + 1), np.nan)
    grid[area_index, data[:, 2] - first] = data[:, 3]
    held = ~np.isnan(grid)
    start = held.argmax(axis=1)
    end = grid.shape[1] - 1 - held[:, ::-1].argmax(axis=1)
    return _judged(area_ids, first, grid, start, end)


def _judged(area_ids: np.ndarray, first: int, grid: np.ndarray, start: np.ndarray,
            end: np.ndarray) -> AreaFlags:
    """The flags of a grid of counts (a row an area of ``area_ids``, a column a month from
    month index ``first``, NaN where no count): far below, and missing between each row's
    ``start`` and ``end`` column (its first and last month with counts, which may lie
    outside the grid)."""
    import numpy as np

    flags: AreaFlags = {}
    median = _neighbour_median(grid)
    for row, col in zip(*np.nonzero(grid < median * FAR_BELOW_SHARE), strict=True):
        reason = (f"{FAR_BELOW} ({int(grid[row, col]):,} against about "
                  f"{int(round(median[row, col])):,})")
        flags.setdefault(int(area_ids[row]), {})[_month_of(first + int(col))] = reason
    cols = np.arange(grid.shape[1])
    missing = np.isnan(grid) & (cols >= start[:, None]) & (cols <= end[:, None])
    for row, col in zip(*np.nonzero(missing), strict=True):
        flags.setdefault(int(area_ids[row]), {})[_month_of(first + int(col))] = MISSING
    return flags


def _neighbour_median(grid: np.ndarray) -> np.ndarray:
    """Per cell, the median of the counts up to WINDOW months either side; NaN where fewer
    than MIN_NEIGHBOURS of them have counts or the median is below MIN_MEDIAN."""
    import numpy as np

    rows, cols = grid.shape
    pad = np.full((rows, WINDOW), np.nan)
    padded = np.hstack([pad, grid, pad])
    shifts = [k for k in range(-WINDOW, WINDOW + 1) if k]
    near = np.stack([padded[:, WINDOW + k:WINDOW + k + cols] for k in shifts], axis=2)
    held = (~np.isnan(near)).sum(axis=2)
    ordered = np.sort(near, axis=2)  # NaN sorts last, so the held counts come first
    low = np.take_along_axis(ordered, np.maximum(held - 1, 0)[..., None] // 2, axis=2)
    high = np.take_along_axis(ordered, held[..., None] // 2, axis=2)
    median = (low[..., 0] + high[..., 0]) / 2
    median[(held < MIN_NEIGHBOURS) | ~(median >= MIN_MEDIAN)] = np.nan
    return median


def _month_of(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def children_of(tree: Sequence[Area]) -> dict[int, list[int]]:
    """Each area's children in tree order: area id -> child ids."""
    kids: dict[int, list[int]] = {}
    for area in tree:
        if area.parent_id is not None:
            kids.setdefault(area.parent_id, []).append(area.id)
    return kids


def measure_id_of(db: Database, name: str) -> int:
    """The id of the measure called ``name``; an InputError naming the known ones if none."""
    row = db.execute("SELECT id FROM measures WHERE name = ?", [name]).fetchone()
    if row is None:
        known = [r[0] for r in db.execute("SELECT name FROM measures ORDER BY position, id")]
        raise InputError(f"There is no measure called '{name}'; the measures are: "
                         f"{', '.join(known) or 'none yet'}.", field="measure")
    return int(row[0])


def _areas_with_counts(db: Database, measure_id: int, months: list[str]) -> set[int]:
    marks = ",".join("?" * len(months))
    return {r[0] for r in db.execute(
        f"SELECT DISTINCT area_id FROM monthly_counts WHERE measure_id = ? "
        f"AND month IN ({marks})", [measure_id, *months])}


def _area_name(db: Database, area_id: int) -> str:
    row = db.execute("SELECT name FROM areas WHERE id = ?", [area_id]).fetchone()
    return row[0] if row else f"area {area_id}"
