"""What the measures are: their names, and which police.uk crime types All crime counts.

Editing the measures (add, rename, the standard set) is cspdesk.performance.areas's; this
module says what the standard police.uk measures mean, and lists the measures as stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cspdesk.store.connection import Database

ALL_CRIME = "All crime"
# The police.uk crime type of anti-social behaviour, and the name of its measure.
ASB = "Anti-social behaviour"
POLICE_UK = "police.uk"  # the source of a measure the police.uk import fills
# Every crime type police.uk street-level files use (data.police.uk/about, since 2013).
POLICE_UK_CRIME_TYPES: frozenset[str] = frozenset({
    ASB, "Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs", "Other crime",
    "Other theft", "Possession of weapons", "Public order", "Robbery", "Shoplifting",
    "Theft from the person", "Vehicle crime", "Violence and sexual offences"})
# The police.uk crime types All crime leaves out: ASB incidents are not crimes.
NOT_IN_ALL_CRIME: frozenset[str] = frozenset({ASB})


@dataclass(frozen=True)
class Measure:
    """One measure as stored."""

    id: int
    name: str
    source: str  # 'police.uk' or 'manual'
    crime_type: str | None  # the police.uk crime type it counts; None for All crime, manual
    description: str | None


def in_all_crime(crime_type: str) -> bool:
    """The All crime rule: every police.uk crime type counts in All crime except
    anti-social behaviour (NOT_IN_ALL_CRIME), whose incidents are not crimes."""
    return crime_type not in NOT_IN_ALL_CRIME


def all_crime_count(by_crime_type: Mapping[str, int]) -> int:
    """All crime from records counted by police.uk crime type: the sum of the types
    ``in_all_crime`` keeps."""
    return sum(n for crime_type, n in by_crime_type.items() if in_all_crime(crime_type))


def list_measures(db: Database) -> list[Measure]:
    """Every measure, in the Performance tab's order."""
    return [Measure(*row) for row in db.execute(
        "SELECT id, name, source, crime_type, description FROM measures "
        "ORDER BY position, id")]

