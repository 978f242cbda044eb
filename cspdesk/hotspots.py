"""Hotspots: the LSOAs of a district with the most incidents and the biggest rises.

Read from the counts per LSOA, month and crime type that police.uk imports keep. An LSOA
belongs to a district when its name, less the final code, is the district's name exactly
("Derbyshire Dales 001A" is Derbyshire Dales, never Derby).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from .lsoa import district_of

ASB = "Anti-social behaviour"


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

    ``crime_type`` None is all crime (every police.uk type except anti-social behaviour);
    otherwise 'Anti-social behaviour' or one crime type. Most incidents: LSOAs with a count
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


def _lsoa_totals(db: Database, district: str, months: set[str], previous: set[str],
                 crime_type: str | None) -> dict[str, tuple[str, int, int]]:
    """LSOA code -> (name, count in ``months``, count in ``previous``)."""
    wanted = sorted(months | previous)
    if not wanted or not district.strip():
        return {}
    marks = ",".join("?" * len(wanted))
    if crime_type is None:
        kind, args = "crime_type <> ?", [ASB]
    else:
        kind, args = "crime_type = ?", [crime_type]
    # The prefix narrows the rows in SQL; district_of then checks the name exactly.
    rows = db.execute(
        f"SELECT lsoa_code, lsoa_name, month, SUM(count) FROM lsoa_counts "
        f"WHERE month IN ({marks}) AND {kind} AND substr(lsoa_name, 1, ?) = ? "
        f"GROUP BY lsoa_code, lsoa_name, month",
        [*wanted, *args, len(district) + 1, district + " "]).fetchall()
    totals: dict[str, tuple[str, int, int]] = {}
    for code, name, month, count in rows:
        if district_of(name) != district:
            continue
        old_name, now, before = totals.get(code, (name, 0, 0))
        now += count if month in months else 0
        before += count if month in previous else 0
        totals[code] = (max(old_name, name), now, before)
    return totals


def months_with_lsoa_counts(db: Database, months: Sequence[str]) -> list[str]:
    """Which of ``months`` hold counts by LSOA (only police.uk imports give them)."""
    if not months:
        return []
    marks = ", ".join("?" * len(months))
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT month FROM lsoa_counts WHERE month IN ({marks}) ORDER BY month",
        list(months))]
