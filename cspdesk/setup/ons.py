"""The ONS lookup of every local authority district in England and Wales with its
Community Safety Partnership and police force area (December 2019, Open Government
Licence; ``resources/ons/README.md`` has the attribution).

The lookup names a force area ("Nottinghamshire"); police.uk files name the force
("Nottinghamshire Police") in their "Falls within" column, and the area tree's force must
be named that way: ``FORCE_NAMES`` (from the one table of forces, police_uk/forces.py)
gives police.uk's name for each force area.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache

from cspdesk.errors import InputError
from cspdesk.performance.police_uk.forces import FORCE_NAMES
from cspdesk.resources import resource_path

# Councils formed since the lookup, with their force area: police.uk LSOA names use them.
SUCCESSORS = {
    "Buckinghamshire": "Thames Valley", "North Northamptonshire": "Northamptonshire",
    "West Northamptonshire": "Northamptonshire", "Cumberland": "Cumbria",
    "Westmorland and Furness": "Cumbria", "North Yorkshire": "North Yorkshire",
    "Somerset": "Avon and Somerset",
}
# ONS district codes whose council is both district and county (unitary, metropolitan,
# London borough, Welsh principal area); E07 districts sit in a county.
_UNITARY_PREFIXES = ("E06", "E08", "E09", "W06")


@dataclass(frozen=True)
class District:
    """One local authority district of the lookup."""

    code: str  # 'E07000171'
    name: str  # 'Bassetlaw', as police.uk LSOA names began in 2019
    csp_code: str
    csp_name: str  # the CSP ONS codes it in ('Bassetlaw')
    force_area: str  # 'Nottinghamshire'

    @property
    def unitary(self) -> bool:
        """True for a council that is district and county at once (no county above it)."""
        return self.code.startswith(_UNITARY_PREFIXES)


@cache
def all_districts() -> tuple[District, ...]:
    """Every district of the lookup, once each, in the file's order. A district formed
    from several partnerships' areas (East Suffolk) is listed with the first of them."""
    path = resource_path("ons", "lad-csp-pfa-2019.csv")
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = {r["LAD19CD"]: r for r in reversed(list(csv.DictReader(fh)))}
    return tuple(District(r["LAD19CD"], police_uk_name(r["LAD19NM"]), r["CSP19CD"],
                          police_uk_name(r["CSP19NM"]), r["PFA19NM"])
                 for r in reversed(rows.values()))


def police_uk_name(ons_name: str) -> str:
    """A district as police.uk LSOA names have it: ONS's 'Kingston upon Hull, City of' is
    'Kingston upon Hull' there, 'Herefordshire, County of' is 'Herefordshire'."""
    for suffix in (", City of", ", County of"):
        if ons_name.endswith(suffix) and ons_name != "London, City of":
            return ons_name.removesuffix(suffix)
    return "City of London" if ons_name == "London, City of" else ons_name


def force_area_of_district(name: str) -> str | None:
    """The force area a district (2019, or a council formed since) lies in; None when the
    name is neither."""
    wanted = name.strip().casefold()
    for district in all_districts():
        if district.name.casefold() == wanted:
            return district.force_area
    return next((a for n, a in SUCCESSORS.items() if n.casefold() == wanted), None)


def forces() -> list[str]:
    """police.uk's name of every force in the lookup, A to Z."""
    return sorted(force_name(a) for a in {d.force_area for d in all_districts()})


def force_name(force_area: str) -> str:
    """police.uk's name for an ONS force area ('Nottinghamshire' -> 'Nottinghamshire
    Police'); an area not known keeps its own name."""
    return FORCE_NAMES.get(force_area, force_area)


def force_area_of(force: str) -> str:
    """The ONS force area of a force named either way ('Nottinghamshire Police' or
    'Nottinghamshire', any case); InputError naming the nearest when there is none."""
    wanted = force.strip().casefold()
    for area in {d.force_area for d in all_districts()}:
        if wanted in (area.casefold(), force_name(area).casefold()):
            return area
    near = difflib.get_close_matches(force.strip(), forces(), 1, 0.5)
    hint = f" Did you mean {near[0]}?" if near else ""
    raise InputError(f"There is no police force called '{force}' in England and Wales."
                     f"{hint}", field="force")


def districts_of(force: str) -> list[District]:
    """The districts of a force (named either way), A to Z."""
    area = force_area_of(force)
    return sorted((d for d in all_districts() if d.force_area == area), key=lambda d: d.name)


def county_name(force: str) -> str:
    """A name for the county holding a force's two-tier districts, to edit where it is not
    the force's own ('Nottinghamshire Police' -> 'Nottinghamshire')."""
    area = force_area_of(force)
    return area.replace(" & ", " and ")


def districts_of_csp(force: str, csp: str) -> list[District]:
    """The districts the lookup places in a CSP of the force ('South Nottinghamshire' or
    'South Nottinghamshire CSP'); InputError naming the force's CSPs when there is none."""
    every = districts_of(force)
    wanted = csp.strip().casefold().removesuffix(" csp")
    found = [d for d in every if d.csp_name.casefold() == wanted]
    if not found:
        names = sorted({d.csp_name for d in every})
        raise InputError(f"{force_name(every[0].force_area)} has no CSP called '{csp}'; "
                         f"its CSPs are {', '.join(names)}.", field="csp")
    return found
