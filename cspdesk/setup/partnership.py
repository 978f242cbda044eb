"""A new partnership in one go: the area tree of its force, its responsible authorities'
organisations, the standard measures and the partnership's name and home area.

The tree holds every district of the force, so the comparison shows the partnership
beside its neighbours and a police.uk import works straight away: the force (named as
police.uk names it), the county over the two-tier districts, a CSP for each of the
lookup's partnerships there, and each unitary council as a city. The officer's own
districts form one CSP, the home area. Names are the lookup's of 2019 unless the officer
gives the name police.uk uses now (``renames``); everything stays editable afterwards.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cspdesk import audit
from cspdesk.errors import InputError
from cspdesk.meetings.structure_edits import save_organisation
from cspdesk.performance.areas import add_area, ensure_standard_measures
from cspdesk.records import clean_text
from cspdesk.setup.ons import (
    District,
    all_districts,
    county_name,
    districts_of,
    force_area_of_district,
    force_name,
)
from cspdesk.store.connection import Database
from cspdesk.store.database import create_database
from cspdesk.store.settings import set_setting


@dataclass(frozen=True)
class PartnershipChoice:
    """What the officer chose: the force, the partnership's districts (the lookup's
    names), and optionally the partnership's and county's names and newer district names."""

    force: str
    districts: list[str]
    partnership: str | None = None
    county: str | None = None
    renames: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SetupSummary:
    home_area: str
    areas: int
    organisations: list[str]
    measures: int

    def sentence(self) -> str:
        return (f"Set up {self.home_area}: {self.areas} areas in the tree, "
                f"{len(self.organisations)} organisations and {self.measures} measures.")


def chosen_districts(choice: PartnershipChoice) -> tuple[list[District], list[District]]:
    """The force's districts split into (the partnership's, the others); InputError for
    no district or one the force does not have, naming the nearest."""
    every = districts_of(choice.force)
    by_name = {d.name.casefold(): d for d in every}
    if not choice.districts:
        raise InputError("Choose at least one district of the partnership.", field="districts")
    mine = []
    for name in choice.districts:
        found = by_name.get(name.strip().casefold())
        if found is None:
            near = difflib.get_close_matches(name, [d.name for d in every], 1, 0.5)
            hint = f" Did you mean {near[0]}?" if near else ""
            raise InputError(f"{force_name(every[0].force_area)} has no district called "
                             f"'{name}'.{hint}", field="districts")
        if found not in mine:
            mine.append(found)
    return mine, [d for d in every if d not in mine]


def partnership_name(districts: Iterable[District], given: str | None = None) -> str:
    """The partnership's name as typed, or its districts' names joined: 'Bassetlaw and
    Newark and Sherwood CSP'."""
    text = clean_text(given)
    if text:
        return text
    return " and ".join(d.name for d in districts) + " CSP"


def short_name(name: str) -> str:
    """A short name for the window's title: the initials of a long name ('Bassetlaw and
    Newark and Sherwood CSP' -> 'BNS CSP'); a name of 20 letters or fewer stays whole."""
    if len(name) <= 20:
        return name
    words = [w for w in name.replace(",", " ").split() if w[:1].isupper() and w != "CSP"]
    return "".join(w[0] for w in words) + " CSP"


def build_partnership(db: Database, choice: PartnershipChoice) -> SetupSummary:
    """Build the tree, organisations, measures and settings of a new partnership in one
    transaction; refused when the database already has an area tree."""
    mine, others = chosen_districts(choice)
    if db.execute("SELECT COUNT(*) FROM areas").fetchone()[0]:
        raise InputError("This database already has an area tree; edit it in Performance > "
                         "Areas and measures instead.")
    name = partnership_name(mine, choice.partnership)
    county = clean_text(choice.county) or county_name(choice.force)
    with db.atomic():
        with audit.one_entry():
            tree = _TreeBuilder(db, force_name(mine[0].force_area), county, choice.renames)
            home = tree.home(mine, name)
            tree.others(others)
            organisations = _add_organisations(db, mine, tree, county)
            measures = ensure_standard_measures(db)
            set_setting(db, "partnership_name", name)
            set_setting(db, "partnership_short_name", short_name(name))
            set_setting(db, "home_area", home)
        audit.record_entry(db, "database", None, "added", {
            "partnership": name, "areas": tree.count, "organisations": len(organisations),
            "measures": measures}, way="set-up")
    return SetupSummary(home, tree.count, organisations, measures)


def new_partnership_database(path: Path, choice: PartnershipChoice) -> SetupSummary:
    """Create a database at ``path`` and set the partnership up in it; when anything is
    refused, no file is left behind."""
    chosen_districts(choice)  # refuse a wrong choice before any file is made
    db = create_database(path)
    try:
        return build_partnership(db, choice)
    except BaseException:
        db.close()
        path.unlink(missing_ok=True)
        raise
    finally:
        db.close()


class _TreeBuilder:
    """Adds the areas, making the county only when a two-tier district needs it."""

    def __init__(self, db: Database, force: str, county: str,
                 renames: Mapping[str, str]) -> None:
        self.db, self.county_name, self.renames = db, county, renames
        self.force_id = add_area(db, force, "force", None, "Force")
        self.county_id: int | None = None
        self.count = 1

    def name(self, district: District) -> str:
        return clean_text(self.renames.get(district.name)) or district.name

    def add(self, name: str, level: str, parent: int | None, short: str | None = None) -> int:
        """Add an area; districts renamed to one name (the four of Buckinghamshire, now
        one council) become one area."""
        if level in ("district", "city"):
            row = self.db.execute("SELECT id FROM areas WHERE name = ? AND level = ?",
                                  [name, level]).fetchone()
            if row is not None:
                return int(row[0])
        self.count += 1
        return add_area(self.db, name, level, parent, short)

    def county(self) -> int:
        if self.county_id is None:
            self.county_id = self.add(self.county_name, "county", self.force_id, "County")
        return self.county_id

    def home(self, mine: list[District], name: str) -> str:
        if len(mine) == 1 and mine[0].unitary:  # a unitary council's own partnership
            return self.city(mine[0])
        csp = self.add(name, "csp", self.county(), short_name(name))
        for district in mine:
            self.add(self.name(district), "district", csp)
        return name

    def city(self, district: District) -> str:
        name = self.name(district)
        self.add(name, "city", self.force_id)
        return name

    def others(self, others: list[District]) -> None:
        groups: dict[str, list[District]] = {}
        for district in others:
            if district.unitary:
                self.city(district)
            else:
                groups.setdefault(district.csp_name, []).append(district)
        taken = {r[0].casefold() for r in self.db.execute("SELECT name FROM areas")}
        for csp_name, members in groups.items():
            name = f"{csp_name} CSP"
            if name.casefold() in taken:  # the rest of a partnership the officer split
                name = " and ".join(self.name(d) for d in members) + " CSP"
            csp = self.add(name, "csp", self.county())
            for district in members:
                self.add(self.name(district), "district", csp)


def _add_organisations(db: Database, mine: list[District], tree: _TreeBuilder,
                       county: str) -> list[str]:
    """The five responsible authorities for the partnership's districts, each added unless
    an organisation of that name exists."""
    wanted = [(f"{tree.name(d)} {'Council' if d.unitary else 'District Council'}",
               "district council") for d in mine]
    if any(not d.unitary for d in mine):
        wanted.append((f"{county} County Council", "county council"))
    area = county if tree.county_id is not None else tree.name(mine[0])
    wanted += [(force_name(mine[0].force_area), "police"),
               (f"{area} Fire and Rescue Service", "fire and rescue"),
               (f"NHS {area} Integrated Care Board", "integrated care board")]
    have = {r[0].casefold() for r in db.execute("SELECT name FROM organisations")}
    added = []
    for name, kind in wanted:
        if name.casefold() not in have:
            save_organisation(db, {"name": name, "kind": kind, "responsible_authority": kind})
            added.append(name)
            have.add(name.casefold())
    return added


def add_districts(db: Database, names: Iterable[str]) -> list[str]:
    """Add districts police.uk files hold but the tree lacks (a council formed since 2019,
    such as North Northamptonshire): under the county when the tree has one, else as a
    city under the force; in one transaction. Returns the names added."""
    with db.atomic():
        county = db.execute("SELECT id FROM areas WHERE level = 'county' "
                            "ORDER BY position, id").fetchone()
        force = db.execute("SELECT id FROM areas WHERE level = 'force'").fetchone()
        if county is None and force is None:
            raise InputError("The area tree has no force to add districts under; add the "
                             "force first.")
        added = []
        for name in names:
            if county is not None:
                add_area(db, name, "district", county[0])
            else:
                add_area(db, name, "city", force[0])
            added.append(name)
    return added


def districts_to_offer(db: Database, names: Iterable[str]) -> list[str]:
    """Of the districts an import found outside the tree, those that may be the force's:
    not a district of another force (records over the border), by the lookup and the
    councils formed since."""
    row = db.execute("SELECT name FROM areas WHERE level = 'force'").fetchone()
    if row is None:
        return []
    ours = {a for a in {d.force_area for d in all_districts()} if force_name(a) == row[0]}
    return [n for n in names if force_area_of_district(n) in ours | {None}]
