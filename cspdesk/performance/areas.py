"""The area tree and the measures, as the user edits them.

The tree has exactly one force at its root; a county and a unitary city sit under the
force, a CSP under a county, and a district under a CSP, a county or a city. A district is
named exactly as its local authority appears in police.uk LSOA names ("Newark and
Sherwood"), because the importer finds a district's records by that name. Nothing here is
particular to Nottinghamshire: another force is its own tree.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from cspdesk import audit
from cspdesk.errors import InputError
from cspdesk.performance.lsoa import district_of
from cspdesk.records import clean_text, save_row
from cspdesk.resources import resource_path
from cspdesk.store.connection import Database

LEVELS = ("force", "county", "city", "csp", "district")
# The levels an area of each level may sit under.
PARENT_LEVELS: dict[str, tuple[str, ...]] = {
    "force": (), "county": ("force",), "city": ("force",), "csp": ("county",),
    "district": ("csp", "county", "city"),
}
# The one word for each level, as a sentence says it ("a CSP", "a county"): CSP is an
# abbreviation and keeps its capitals. A heading or a table cell says the same word with a
# capital first letter (level_heading).
LEVEL_WORDS = {"force": "force", "county": "county", "city": "city", "csp": "CSP",
               "district": "district"}


def level_word(level: str) -> str:
    """A level as a sentence says it: 'csp' -> 'CSP', 'county' -> 'county'.

    Every screen, command and export names a level with this word (or level_heading); a
    city is "city", never "city (unitary)" or "unitary city".
    """
    return LEVEL_WORDS.get(level, level)


def level_heading(level: str) -> str:
    """A level as a heading or a table cell says it: the word of level_word with a capital
    first letter ('csp' -> 'CSP', 'county' -> 'County')."""
    word = level_word(level)
    return word[:1].upper() + word[1:]


@dataclass(frozen=True)
class _Stored:
    id: int
    name: str
    level: str
    parent_id: int | None


def add_area(db: Database, name: str, level: str, parent_id: int | None,
             short_name: str | None = None) -> int:
    """Add an area to the tree; returns its id.

    Refuses (InputError naming 'name', 'level' or 'parent_id') an empty or duplicate name
    (names differ regardless of case), a level not in LEVELS, a second force or a force
    under another area, a parent of the wrong level, and a district named like an LSOA
    ("Bassetlaw 012C" rather than "Bassetlaw"). The new area comes last among its siblings.
    """
    if level not in LEVELS:
        raise InputError(f"'{level}' is not a level of the area tree; choose one of: "
                         f"{', '.join(LEVELS)}.", field="level")
    with db.atomic():
        text = _checked_name(db, name, level, None)
        if level == "force":
            _check_single_force(db)
        _check_parent(db, level, parent_id)
        position = db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM areas").fetchone()[0]
        row = {"name": text, "short_name": clean_text(short_name), "level": level,
               "parent_id": parent_id, "position": position}
        return save_row(db, "areas", row, None)


def update_area(db: Database, area_id: int, name: str | None = None,
                short_name: str | None = None, parent_id: int | None = None) -> None:
    """Rename an area, change its short name or move it under another area.

    None leaves a value as it is; an empty short name clears it. The same rules as
    ``add_area`` apply to the new name and parent (its level does not change).
    """
    area = _stored(db, area_id)
    row: dict[str, object] = {}
    with db.atomic():
        if name is not None:
            row["name"] = _checked_name(db, name, area.level, area.id)
        if short_name is not None:
            row["short_name"] = clean_text(short_name)
        if parent_id is not None and parent_id != area.parent_id:
            _check_parent(db, area.level, parent_id)
            row["parent_id"] = parent_id
        if row:
            save_row(db, "areas", row, area.id)


def delete_area(db: Database, area_id: int) -> None:
    """Delete an area; refused while other areas sit under it, or it has monthly counts,
    hotspot notes or Safer Streets actions."""
    area = _stored(db, area_id)
    children = [r[0] for r in db.execute(
        "SELECT name FROM areas WHERE parent_id = ? ORDER BY position, id", [area.id])]
    if children:
        raise InputError(f"{area.name} cannot be deleted while other areas sit under it "
                         f"({', '.join(children)}); move or delete them first.")
    held = [(_count(db, "monthly_counts", area.id, "area_id"), "monthly counts",
             "clear them in the monthly grid first"),
            (_count(db, "hotspot_notes", area.id, "area_id"), "months of hotspot notes",
             "empty the notes first"),
            (_count(db, "actions", area.id, "district_id"), "Safer Streets actions",
             "choose another district for them first")]
    for number, what, remedy in held:
        if number:
            raise InputError(f"{area.name} cannot be deleted: it has {number:,} {what}; "
                             f"{remedy}.")
    with db.atomic():
        audit.record_delete(db, "areas", area.id)
        db.execute("DELETE FROM areas WHERE id = ?", [area.id])


def _count(db: Database, table: str, area_id: int, column: str) -> int:
    return int(db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?",
                          [area_id]).fetchone()[0])


def _stored(db: Database, area_id: int) -> _Stored:
    row = db.execute("SELECT id, name, level, parent_id FROM areas WHERE id = ?",
                     [area_id]).fetchone()
    if row is None:
        raise InputError(f"There is no area number {area_id} (it may have been deleted).")
    return _Stored(*row)


def _checked_name(db: Database, name: str | None, level: str, area_id: int | None) -> str:
    text = clean_text(name)
    if text is None:
        raise InputError("Enter the area's name.", field="name")
    if level == "district" and district_of(text) is not None:
        raise InputError(
            f"'{text}' ends in an LSOA code: name the district as its local authority "
            f"appears in police.uk LSOA names, without the code ('{district_of(text)}').",
            field="name")
    for other_id, other in db.execute("SELECT id, name FROM areas"):
        if other_id != area_id and other.casefold() == text.casefold():
            raise InputError(f"There is already an area called '{other}'; choose another "
                             "name.", field="name")
    return text


def _check_single_force(db: Database) -> None:
    row = db.execute("SELECT name FROM areas WHERE level = 'force'").fetchone()
    if row is not None:
        raise InputError(f"The tree already has its force, {row[0]}: there is exactly one, "
                         "at the root.", field="level")


def _check_parent(db: Database, level: str, parent_id: int | None) -> None:
    allowed = PARENT_LEVELS[level]
    if not allowed:
        if parent_id is not None:
            raise InputError("The force is the root of the tree: it cannot sit under "
                             "another area.", field="parent_id")
        return
    words = [_a(level_word(a)) for a in allowed]
    within = " or ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)
    if parent_id is None:
        raise InputError(f"Choose the area this {level_word(level)} sits under: "
                         f"{within}.", field="parent_id")
    row = db.execute("SELECT name, level FROM areas WHERE id = ?", [parent_id]).fetchone()
    if row is None:
        raise InputError("The area chosen to hold it is not in the database (it may have "
                         "been deleted); choose again.", field="parent_id")
    if row[1] not in allowed:
        raise InputError(f"{_a(level_word(level), capital=True)} sits under {within}, but "
                         f"{row[0]} is {_a(level_word(row[1]))}.", field="parent_id")


def _a(word: str, capital: bool = False) -> str:
    article = "an" if word[0] in "aeiou" else "a"
    return f"{article.capitalize() if capital else article} {word}"


# Measures ----------------------------------------------------------------------------------


def add_measure(db: Database, name: str, description: str | None = None) -> int:
    """Add a measure the analyst fills by hand (domestic abuse crimes, hate crime); returns
    its id. The name is required and differs from every other measure's, regardless of
    case."""
    with db.atomic():
        text = _checked_measure_name(db, name, None)
        position = db.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM measures").fetchone()[0]
        return save_row(db, "measures", {"name": text, "source": "manual",
                                         "description": clean_text(description),
                                         "position": position}, None)


def rename_measure(db: Database, measure_id: int, name: str) -> None:
    """Rename a measure filled by hand. A police.uk measure keeps its name, because the
    importer finds it by that name."""
    row = db.execute("SELECT name, source FROM measures WHERE id = ?", [measure_id]).fetchone()
    if row is None:
        raise InputError(f"There is no measure number {measure_id} (it may have been "
                         "deleted).")
    if row[1] == "police.uk":
        raise InputError(f"'{row[0]}' comes from police.uk and keeps its name: the importer "
                         "finds it by that name.", field="name")
    with db.atomic():
        save_row(db, "measures", {"name": _checked_measure_name(db, name, measure_id)},
                 measure_id)


def _checked_measure_name(db: Database, name: str | None, measure_id: int | None) -> str:
    text = clean_text(name)
    if text is None:
        raise InputError("Enter the measure's name.", field="name")
    for other_id, other in db.execute("SELECT id, name FROM measures"):
        if other_id != measure_id and other.casefold() == text.casefold():
            raise InputError(f"There is already a measure called '{other}'; choose another "
                             "name.", field="name")
    return text


def standard_measures() -> list[tuple[str, str, str | None, str | None]]:
    """The standard measures, (name, source, crime type, description): All crime, ASB, the
    13 police.uk crime types and the two usually filled by hand."""
    path = resource_path("demo", "measures.csv")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    return [(r["name"], r["source"], clean_text(r["crime_type"]), clean_text(r["description"]))
            for r in rows]


def ensure_standard_measures(db: Database) -> int:
    """Add every standard measure the database lacks (by name, regardless of case), after
    the existing ones, in one transaction; returns how many were added."""
    with db.atomic():
        have = {r[0].casefold() for r in db.execute("SELECT name FROM measures")}
        position = db.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM measures").fetchone()[0]
        added = 0
        for name, source, crime_type, description in standard_measures():
            if name.casefold() in have:
                continue
            save_row(db, "measures", {"name": name, "source": source, "crime_type": crime_type,
                                      "description": description,
                                      "position": position + added}, None)
            added += 1
        return added


def load_default_area_tree(db: Database) -> int:
    """Give a database with no areas the Nottinghamshire tree of the demo (force, county and
    city, three CSPs, seven districts), to edit for another force. Returns how many areas
    were added; refused when the database already has areas."""
    if db.execute("SELECT COUNT(*) FROM areas").fetchone()[0]:
        raise InputError("This database already has an area tree; edit it instead.")
    with open(resource_path("demo", "areas.csv"), newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    ids: dict[str, int] = {}
    with db.atomic(), audit.one_entry():
        for row in rows:
            parent = ids[row["parent"]] if row["parent"] else None
            ids[row["name"]] = add_area(db, row["name"], row["level"], parent,
                                        row["short_name"] or None)
        audit.record_entry(db, "areas", None, "added", {"areas": len(ids)})
    return len(ids)
