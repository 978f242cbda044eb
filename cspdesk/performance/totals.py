"""Monthly performance: the area tree in order, and each area's total over some months (the
change against a year earlier is cspdesk.performance.comparison's).

The rule for an area's figure: a district (or a city with no districts of its own) uses its
stored monthly counts; the force uses its own stored counts, because they include records
with no location; every other area (county, CSP, a city made of districts) is the sum of
its children. A period with any month missing is missing, never a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from cspdesk.dates import financial_year_of
from cspdesk.errors import InputError
from cspdesk.store.connection import Database


@dataclass(frozen=True)
class Area:
    id: int
    name: str
    short_name: str | None
    level: str
    parent_id: int | None
    depth: int


def area_tree(db: Database) -> list[Area]:
    """Every area, parents before children, in tree order."""
    rows = db.execute(
        "SELECT id, name, short_name, level, parent_id FROM areas ORDER BY position, id"
    ).fetchall()
    children: dict[int | None, list[tuple]] = {}
    for row in rows:
        children.setdefault(row[4], []).append(row)
    ordered: list[Area] = []

    def walk(parent: int | None, depth: int) -> None:
        for row in children.get(parent, []):
            ordered.append(Area(row[0], row[1], row[2], row[3], row[4], depth))
            walk(row[0], depth + 1)

    walk(None, 0)
    return ordered


def measure_id(db: Database, name: str) -> int:
    row = db.execute("SELECT id FROM measures WHERE name = ?", [name]).fetchone()
    if row is None:
        known = [r[0] for r in db.execute("SELECT name FROM measures ORDER BY position, id")]
        raise InputError(f"There is no measure called '{name}'. Known: {', '.join(known)}.")
    return int(row[0])


def area_totals(db: Database, measure: str, months: list[str]) -> dict[int, int | None]:
    """Each area's total over ``months``; None where any month's count is missing."""
    mid = measure_id(db, measure)
    marks = ",".join("?" * len(months))
    stored: dict[int, tuple[int, int]] = {
        row[0]: (row[1], row[2])
        for row in db.execute(
            f"SELECT area_id, SUM(count), COUNT(*) FROM monthly_counts "
            f"WHERE measure_id = ? AND month IN ({marks}) GROUP BY area_id",
            [mid, *months],
        )
    }
    tree = area_tree(db)
    kids: dict[int, list[int]] = {}
    for area in tree:
        if area.parent_id is not None:
            kids.setdefault(area.parent_id, []).append(area.id)
    totals: dict[int, int | None] = {}

    def own(area_id: int) -> int | None:
        total, months_held = stored.get(area_id, (0, 0))
        return int(total) if months_held == len(months) else None

    def figure(area: Area) -> int | None:
        if area.id in totals:
            return totals[area.id]
        children = kids.get(area.id, [])
        if not children or (area.level == "force" and area.id in stored):
            value = own(area.id)
        else:
            parts = [figure(by_id[c]) for c in children]
            known = [p for p in parts if p is not None]
            value = sum(known) if len(known) == len(parts) else None
        totals[area.id] = value
        return value

    by_id = {a.id: a for a in tree}
    for area in tree:
        figure(area)
    return totals


def measures(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM measures ORDER BY position, id")]


def short_names(db: Database) -> dict[str, str]:
    """Each area's name -> the name a narrow table or chart shows: its short name, or its
    name when it has none."""
    return {area.name: area.short_name or area.name for area in area_tree(db)}


def months_with_counts(db: Database) -> list[str]:
    """Every month ('YYYY-MM') holding any monthly count, oldest first.

    Each measure's months are stepped through on the measure-and-month index, one look-up
    a month (5,000 on the ten-year database: 10 ms), rather than reading every count for
    its month (250,000: 55 ms)."""
    return [r[0] for r in db.execute(
        "WITH RECURSIVE held(measure_id, month) AS ("
        " SELECT id, (SELECT MIN(month) FROM monthly_counts WHERE measure_id = measures.id)"
        " FROM measures"
        " UNION ALL SELECT measure_id, (SELECT MIN(month) FROM monthly_counts AS c"
        " WHERE c.measure_id = held.measure_id AND c.month > held.month)"
        " FROM held WHERE month IS NOT NULL)"
        " SELECT DISTINCT month FROM held WHERE month IS NOT NULL ORDER BY month")]


def has_counts(db: Database) -> bool:
    """True when the database holds any monthly count."""
    return db.execute("SELECT EXISTS (SELECT 1 FROM monthly_counts)").fetchone()[0] == 1


def financial_years_with_counts(db: Database) -> list[str]:
    """Financial years holding any monthly count, newest first."""
    years = {financial_year_of(m) for m in months_with_counts(db)}
    return sorted(years, reverse=True)


def percent_change(count: int | None, previous: int | None) -> float | None:
    """The change in % from ``previous`` to ``count``, unrounded: (C − P) / P × 100.

    None when either count is missing, and when ``previous`` is 0 (a change from 0 has no
    percentage).
    """
    if count is None or not previous:
        return None
    return (count - previous) / previous * 100
