"""Hotspots: the LSOAs of a district with the most incidents and the biggest rises.

Read from the counts per LSOA, month and crime type that police.uk imports keep
(``lsoa_month_counts``, each LSOA's name once in ``lsoas``). An LSOA belongs to a district
when its name, less the final code, is the district's name exactly ("Derbyshire Dales 001A"
is Derbyshire Dales, never Derby).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cspdesk.performance.lsoa import district_of
from cspdesk.performance.measures import (
    ALL_CRIME,
    ASB,
    NOT_IN_ALL_CRIME,
    POLICE_UK,
    in_all_crime,
    list_measures,
)
from cspdesk.store.connection import Database


@dataclass(frozen=True)
class Hotspot:
    """One LSOA's count over a period against the same period a year earlier."""

    lsoa_code: str
    lsoa_name: str
    count: int
    previous: int
    change: int  # count - previous


def hotspots(db: Database, district: str, months: Sequence[str],
             previous_months: Sequence[str], crime_type: str | None = None,
             limit: int = 10) -> tuple[list[Hotspot], list[Hotspot]]:
    """(most incidents, biggest rises) among the district's LSOAs, each at most ``limit``.

    ``crime_type`` None is All crime (the crime types ``in_all_crime`` keeps); otherwise
    'Anti-social behaviour' or one crime type. Most incidents: LSOAs with a count
    in ``months``, largest first. Biggest rises: LSOAs whose count rose against
    ``previous_months``, largest rise first. Ties go by LSOA name.
    """
    totals = _lsoa_totals(db, district, set(months), set(previous_months), crime_type)
    spots = [Hotspot(code, name, now, before, now - before)
             for code, (name, now, before) in totals.items()]
    most = sorted((h for h in spots if h.count > 0),
                  key=lambda h: (-h.count, -h.change, h.lsoa_name, h.lsoa_code))
    rises = sorted((h for h in spots if h.change > 0),
                   key=lambda h: (-h.change, -h.count, h.lsoa_name, h.lsoa_code))
    return most[:max(limit, 0)], rises[:max(limit, 0)]


def crime_type_choices(db: Database) -> list[tuple[str, str | None]]:
    """What hotspots can be looked for by, as (name, crime type for ``hotspots``): All crime
    (None), anti-social behaviour, then the police.uk crime types of the measures that All
    crime counts, alphabetically."""
    types = sorted(m.crime_type for m in list_measures(db) if m.source == POLICE_UK
                   and m.crime_type is not None and in_all_crime(m.crime_type))
    return [(ALL_CRIME, None), (ASB, ASB), *((t, t) for t in types)]


def _lsoa_totals(db: Database, district: str, months: set[str], previous: set[str],
                 crime_type: str | None) -> dict[str, tuple[str, int, int]]:
    """LSOA code -> (name, count in ``months``, count in ``previous``)."""
    wanted = sorted(months | previous)
    if not wanted or not district.strip():
        return {}
    marks = ",".join("?" * len(wanted))
    if crime_type is None:
        left_out = sorted(NOT_IN_ALL_CRIME)
        kind, args = f"crime_type NOT IN ({','.join('?' * len(left_out))})", left_out
    else:
        kind, args = "crime_type = ?", [crime_type]
    # The prefix narrows the LSOAs in SQL; district_of then checks the name exactly. CROSS
    # JOIN keeps SQLite to that order: the district's LSOAs, then their counts by key.
    rows = db.execute(
        f"SELECT c.lsoa_code, l.name, c.month, SUM(c.count) FROM lsoas l "
        f"CROSS JOIN lsoa_month_counts c ON c.lsoa_code = l.code "
        f"WHERE c.month IN ({marks}) AND c.{kind} AND substr(l.name, 1, ?) = ? "
        f"GROUP BY c.lsoa_code, c.month",
        [*wanted, *args, len(district) + 1, district + " "]).fetchall()
    totals: dict[str, tuple[str, int, int]] = {}
    for code, name, month, count in rows:
        if district_of(name) != district:
            continue
        _, now, before = totals.get(code, (name, 0, 0))
        now += count if month in months else 0
        before += count if month in previous else 0
        totals[code] = (name, now, before)
    return totals


def has_lsoa_counts(db: Database) -> bool:
    """True when any police.uk import has left counts by LSOA."""
    return bool(db.execute("SELECT EXISTS (SELECT 1 FROM lsoa_month_counts)").fetchone()[0])


def months_with_lsoa_counts(db: Database, months: Sequence[str]) -> list[str]:
    """Which of ``months`` hold counts by LSOA (only police.uk imports give them)."""
    if not months:
        return []
    wanted = sorted(set(months))
    marks = ", ".join(["(?)"] * len(wanted))
    return [r[0] for r in db.execute(  # a look-up per month in the key, not a scan
        f"WITH wanted (month) AS (VALUES {marks}) SELECT month FROM wanted w WHERE EXISTS "
        "(SELECT 1 FROM lsoa_month_counts c WHERE c.month = w.month) ORDER BY month", wanted)]
