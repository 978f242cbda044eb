"""Finding records by the names people wrote in old spreadsheets.

An old attendance list names a group ("PDG" or "Partnership Delivery Group") and a person
("Sarah Whitmore", "Whitmore, Sarah", "Cllr Sarah Whitmore"); an action tracker names a
programme, an organisation, a district. Each look-up returns the record's id or raises
``InputError`` with a sentence saying what was not found and what to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from cspdesk.dates import format_date
from cspdesk.errors import InputError
from cspdesk.exchange.mapping.values import as_text, norm
from cspdesk.store.connection import Database

TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "cllr", "councillor", "insp", "inspector",
          "ch", "chief", "supt", "superintendent", "sgt", "sergeant", "pc", "pcso", "di", "ds",
          "dc", "ci", "prof", "rev", "sir", "dame", "lord", "lady"}
LISTED = 8  # names listed in a message about an unknown one


def _index(rows: Iterable[tuple[Any, ...]]) -> dict[str, set[int]]:
    """Each normalised name and short name -> the ids that carry it."""
    found: dict[str, set[int]] = {}
    for row_id, *names in rows:
        for name in names:
            if name:
                found.setdefault(norm(name), set()).add(row_id)
    return found


class Lookups:
    """The look-ups one import needs, each table read once."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.groups = _index(db.execute("SELECT id, short_name, name FROM groups"))
        self.group_names = dict(db.execute("SELECT id, short_name FROM groups").fetchall())
        self.organisations = _index(db.execute(
            "SELECT id, short_name, name FROM organisations"))
        self.programmes = _index(db.execute("SELECT id, name FROM programmes"))
        self.areas = _index(db.execute("SELECT id, short_name, name FROM areas"))
        self.people: dict[str, list[tuple[int, int | None]]] = {}
        for person_id, name, organisation_id in db.execute(
                "SELECT id, name, organisation_id FROM people ORDER BY id"):
            self.people.setdefault(norm(name), []).append((person_id, organisation_id))
        self._meetings: dict[tuple[int, dt.date], list[int]] = {}
        self._actions: dict[int, list[tuple[int, str, str]]] = {}

    def _one(self, index: dict[str, set[int]], value: Any, what: str, table: str) -> int:
        text = as_text(value) or ""
        ids = index.get(norm(text), set())
        if len(ids) == 1:
            return next(iter(ids))
        if ids:
            raise InputError(f"More than one {what} is called '{text}'.")
        names = [r[0] for r in self.db.execute(f"SELECT name FROM {table} ORDER BY name")]
        known = "; ".join(names[:LISTED]) + ("; …" if len(names) > LISTED else "")
        listing = f" (the database has: {known})" if names else " (the database has none yet)"
        raise InputError(f"No {what} called '{text}'{listing}.")

    def group(self, value: Any) -> int:
        return self._one(self.groups, value, "group", "groups")

    def organisation(self, value: Any) -> int:
        return self._one(self.organisations, value, "organisation", "organisations")

    def programme(self, value: Any) -> int:
        return self._one(self.programmes, value, "programme", "programmes")

    def area(self, value: Any) -> int:
        return self._one(self.areas, value, "district or area", "areas")

    def meeting(self, group_id: int, day: dt.date) -> int:
        key = (group_id, day)
        if key not in self._meetings:
            self._meetings[key] = [r[0] for r in self.db.execute(
                "SELECT id FROM meetings WHERE group_id = ? AND date = ? ORDER BY start_time",
                [group_id, day.isoformat()])]
        ids = self._meetings[key]
        group = self.group_names.get(group_id, "The group")
        if not ids:
            raise InputError(f"{group} has no meeting on {format_date(day)}: add the meeting "
                             "in cspdesk first, then import again.")
        if len(ids) > 1:
            raise InputError(f"{group} has {len(ids)} meetings on {format_date(day)}: "
                             "cspdesk cannot tell which one this row is about.")
        return ids[0]

    def person(self, value: Any, organisation: Any = None) -> int:
        """A person by name; an organisation tells apart two people of the same name."""
        text = as_text(value) or ""
        matches = self._people_named(text)
        if len(matches) > 1 and as_text(organisation):
            try:
                organisation_id = self.organisation(organisation)
            except InputError:
                organisation_id = None
            matches = [m for m in matches if m[1] == organisation_id] or matches
        if len(matches) == 1:
            return matches[0][0]
        if matches:
            raise InputError(f"{len(matches)} people are called '{text}': map an "
                             "organisation column to tell them apart.")
        raise InputError(f"No one called '{text}' is in the database: add them (with their "
                         "organisation) first, or correct the name.")

    def _people_named(self, text: str) -> list[tuple[int, int | None]]:
        """Exact name first; then 'Surname, First'; then without a title (Cllr, Insp, Dr)."""
        name = norm(text)
        if name in self.people:
            return self.people[name]
        if "," in text:
            last, _, first = text.partition(",")
            swapped = norm(f"{first} {last}")
            if swapped in self.people:
                return self.people[swapped]
            name = swapped
        words = name.split()
        while words and words[0] in TITLES:
            words = words[1:]
        return self.people.get(" ".join(words), [])

    def attendance_id(self, meeting_id: int, person_id: int) -> int | None:
        found = self.db.execute("SELECT id FROM attendance WHERE meeting_id = ? AND "
                                "person_id = ?", [meeting_id, person_id]).fetchone()
        return found[0] if found else None

    def action_id(self, programme_id: int, title: str, location: str | None) -> int | None:
        """The action of this programme with this title (and location), if there is one."""
        if programme_id not in self._actions:
            self._actions[programme_id] = [
                (r[0], norm(r[1]), norm(r[2] or "")) for r in self.db.execute(
                    "SELECT id, title, location FROM actions WHERE programme_id = ?",
                    [programme_id])]
        key = (norm(title), norm(location or ""))
        same = [i for i, *names in self._actions[programme_id] if tuple(names) == key]
        return same[0] if len(same) == 1 else None

    def has_update(self, action_id: int, text: str) -> bool:
        """Whether the action has a progress update with this text already."""
        rows = self.db.execute("SELECT text FROM action_updates WHERE action_id = ?",
                               [action_id])
        return any(norm(r[0]) == norm(text) for r in rows)

    def name_of(self, table: str, row_id: int | None) -> str:
        if row_id is None:
            return ""
        column = "short_name" if table in ("groups",) else "name"
        found = self.db.execute(f"SELECT {column} FROM {table} WHERE id = ?", [row_id]).fetchone()
        return str(found[0]) if found else ""
