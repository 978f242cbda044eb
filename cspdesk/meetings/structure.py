"""The partnership's structure: organisations, people, groups, memberships and chair terms,
as records and as read from the database, and the groups' quorum rules. Saving them, with
their checks, is ``cspdesk.meetings.structure_edits``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any

from cspdesk.errors import InputError
from cspdesk.records import (
    and_list,
    plural,
    with_last,
)
from cspdesk.store.connection import Database

ORGANISATION_KINDS = (
    "district council", "county council", "police", "fire and rescue",
    "integrated care board", "probation", "youth justice", "OPCC", "housing", "voluntary",
    "other",
)
# The five kinds of responsible authority of the Crime and Disorder Act 1998, s5.
RESPONSIBLE_AUTHORITIES = ORGANISATION_KINDS[:5]
TIERS = ("strategic", "delivery", "operational")
ROLES = ("chair", "vice-chair", "member", "deputy")



@dataclass(frozen=True)
class Organisation:
    id: int
    name: str
    short_name: str | None
    kind: str
    responsible_authority: str | None


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    job_title: str | None
    organisation_id: int | None
    organisation: str | None  # the organisation's short name, or its name
    email: str | None
    phone: str | None
    active: bool

    @property
    def label(self) -> str:
        """The person in a list to choose from: 'Ann Lee (NSDC)', or the name alone."""
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


@dataclass(frozen=True)
class Group:
    id: int
    name: str
    short_name: str
    tier: str
    parent_id: int | None
    quorum_rule: str | None  # as stored (JSON text); read it with QuorumRule.parse

    @property
    def title(self) -> str:
        """The group in a heading: 'Joint Strategic Group (JSG)'."""
        return group_title(self.name, self.short_name)

    @property
    def label(self) -> str:
        """The group in a list to choose from: 'JSG – Joint Strategic Group'."""
        return f"{self.short_name} – {self.name}"


def group_title(name: str, short_name: str) -> str:
    """A group in a heading or a calendar entry: its name, then its short name in brackets."""
    return f"{name} ({short_name})"


@dataclass(frozen=True)
class Membership:
    id: int
    person_id: int
    person: str
    organisation: str | None  # the person's organisation, short name or name
    group_id: int
    role: str
    deputy_for_id: int | None
    deputy_for: str | None
    start_date: str | None
    end_date: str | None


@dataclass(frozen=True)
class ChairTerm:
    id: int
    group_id: int
    organisation_id: int
    organisation: str  # short name, or name
    person_id: int | None
    person: str | None
    start_date: str
    end_date: str | None


# Quorum rules ------------------------------------------------------------------------------

_KINDS_MESSAGE = ("The quorum rule must be a number of members, a share of the members (with "
                  "a minimum if wanted), or a set of responsible authorities.")
_SHARES = ((0.5, "half the members"), (1.0, "all the members"),
           (1 / 3, "a third of the members"), (2 / 3, "two thirds of the members"),
           (0.25, "a quarter of the members"), (0.75, "three quarters of the members"))


@dataclass(frozen=True)
class QuorumRule:
    """A group's quorum rule from its terms of reference. Every QuorumRule is checked when
    made, so the same rule applies when a rule is saved and when a stored one is read.

    - 'count': at least ``count`` members present, a whole number of 1 or more.
    - 'share': at least ``share`` of the members present (above 0 and at most 1; 0.5 is
      half), rounded up, and never fewer than ``minimum``, a whole number of 1 or more.
      The minimum may be left out: it is then 1, which adds nothing to the share of a group
      with members but means a meeting of a group with none is never quorate.
    - 'authorities': each of ``authorities`` (one or more responsible authorities, each kept
      once) represented by someone who came.

    A bad rule raises InputError (field quorum_rule) saying what is wrong. Stored as JSON in
    groups.quorum_rule: {"kind": "count", "count": 5}, {"kind": "share", "share": 0.5,
    "minimum": 4}, {"kind": "authorities", "authorities": ["police", "district council"]}.
    """

    kind: str
    count: int = 0
    share: float = 0.0
    minimum: int = 1
    authorities: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind == "count":
            _check_whole(self.count, "a number")
        elif self.kind == "share":
            _check_share(self.share)
            _check_whole(self.minimum, "a minimum number")
            object.__setattr__(self, "share", float(self.share))
        elif self.kind == "authorities":
            object.__setattr__(self, "authorities", _checked_authorities(self.authorities))
        else:
            raise InputError(_KINDS_MESSAGE, field="quorum_rule")

    @classmethod
    def parse(cls, value: object) -> QuorumRule | None:
        """The rule in ``value``: a QuorumRule, a dict like the stored JSON, that JSON as
        text, or None (or empty text) for no rule. InputError when it cannot be applied."""
        if isinstance(value, str):
            value = _decoded(value)
        if value is None or isinstance(value, QuorumRule):
            return value
        if not isinstance(value, dict):
            raise InputError(_KINDS_MESSAGE, field="quorum_rule")
        kind = value.get("kind")
        if kind == "share":
            minimum = value.get("minimum")
            return cls("share", share=value.get("share"),
                       minimum=1 if minimum is None else minimum)
        if kind == "authorities":
            return cls("authorities", authorities=value.get("authorities"))
        return cls(kind, count=value.get("count"))  # refuses a kind it does not know

    def as_dict(self) -> dict[str, Any]:
        """The rule as stored: only the keys of its kind, the minimum of a share always."""
        if self.kind == "count":
            return {"kind": "count", "count": self.count}
        if self.kind == "share":
            return {"kind": "share", "share": self.share, "minimum": self.minimum}
        return {"kind": "authorities", "authorities": list(self.authorities)}

    def to_json(self) -> str:
        """The JSON text groups.quorum_rule stores."""
        return json.dumps(self.as_dict())

    def describe(self) -> str:
        """The rule in the officer's words: 'at least 5 members present', 'half the members
        (at least 4) present' (a minimum of 1 is not mentioned), 'police represented'."""
        if self.kind == "count":
            return f"at least {plural(self.count, 'member')} present"
        if self.kind == "share":
            words = next((w for v, w in _SHARES if math.isclose(v, self.share)),
                         f"{self.share * 100:g}% of the members")
            minimum = f" (at least {self.minimum})" if self.minimum > 1 else ""
            return f"{words}{minimum} present"
        return f"{and_list(self.authorities)} represented"

    def needed(self, members: int) -> int:
        """How many members must be present, of ``members`` expected (count and share)."""
        if self.kind == "count":
            return self.count
        # round() first, so that 0.1 * 30 = 3.0000000000000004 does not make 4 needed.
        return max(self.minimum, math.ceil(round(self.share * members, 9)))


def quorum_rule_json(value: object) -> str | None:
    """``value`` (anything QuorumRule.parse reads) checked and written as the JSON text
    groups.quorum_rule stores; None for no rule. InputError for a rule that cannot apply."""
    rule = QuorumRule.parse(value)
    return None if rule is None else rule.to_json()


def describe_quorum_rule(stored: object) -> str:
    """A group's quorum rule (as stored, or anything QuorumRule.parse reads) in the officer's
    words; 'no quorum rule set', or 'quorum rule not understood' for one that cannot apply."""
    try:
        rule = QuorumRule.parse(stored)
    except InputError:
        return "quorum rule not understood"
    return "no quorum rule set" if rule is None else rule.describe()


def group_quorum_rule(db: Database, group_id: int) -> QuorumRule | None:
    """The group's stored quorum rule, read by QuorumRule.parse (None: the group has none).

    InputError (field quorum_rule) when the stored rule cannot be applied."""
    row = db.execute("SELECT quorum_rule FROM groups WHERE id = ?", [group_id]).fetchone()
    return QuorumRule.parse(row[0] if row else None)


def _decoded(text: str) -> object:
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        raise InputError(_KINDS_MESSAGE, field="quorum_rule") from None


def _check_whole(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"A quorum needs {what} of members, a whole number of 1 or more.",
                         field="quorum_rule")


def _check_share(share: object) -> None:
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 1:
        raise InputError("A quorum by share needs a share of the members above 0 and at "
                         "most 1 (0.5 is half).", field="quorum_rule")


def _checked_authorities(found: object) -> tuple[str, ...]:
    if not isinstance(found, list | tuple) or not found:
        raise InputError("Choose at least one responsible authority that must be "
                         "represented for a meeting to be quorate.", field="quorum_rule")
    for item in found:
        if item not in RESPONSIBLE_AUTHORITIES:
            raise InputError(f"'{item}' is not a responsible authority; choose from: "
                             f"{', '.join(RESPONSIBLE_AUTHORITIES)}.", field="quorum_rule")
    return tuple(dict.fromkeys(found))


# Reading ---------------------------------------------------------------------------------


def list_organisations(db: Database) -> list[Organisation]:
    """Every organisation, by name."""
    rows = db.execute("SELECT id, name, short_name, kind, responsible_authority "
                      "FROM organisations ORDER BY name COLLATE NOCASE, id").fetchall()
    return [Organisation(*row) for row in rows]


def list_people(db: Database, include_inactive: bool = True) -> list[Person]:
    """Every person (or only the active ones), by name, with their organisation's short name."""
    where = "" if include_inactive else "WHERE p.active = 1"
    rows = db.execute(
        f"""SELECT p.id, p.name, p.job_title, p.organisation_id,
                   COALESCE(o.short_name, o.name), p.email, p.phone, p.active = 1
            FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id
            {where} ORDER BY p.name COLLATE NOCASE, p.id""").fetchall()
    return [Person(*with_last(row, bool(row[-1]))) for row in rows]


def list_group_records(db: Database) -> list[Group]:
    """Every group: strategic, then delivery, then operational tier, then by name."""
    rows = db.execute(
        "SELECT id, name, short_name, tier, parent_id, quorum_rule FROM groups ORDER BY "
        "CASE tier WHEN 'strategic' THEN 0 WHEN 'delivery' THEN 1 ELSE 2 END, name").fetchall()
    return [Group(*row) for row in rows]


def find_group(db: Database, short_name: str) -> Group:
    """The group with this short name (such as JSG), as typed on the command line: the exact
    match, else the only match ignoring case. InputError (field group) listing the groups
    there are when none matches."""
    groups = sorted(list_group_records(db), key=lambda g: g.short_name)
    wanted = short_name.strip()
    exact = [g for g in groups if g.short_name == wanted]
    loose = [g for g in groups if g.short_name.casefold() == wanted.casefold()]
    if exact or len(loose) == 1:
        return (exact or loose)[0]
    known = ", ".join(g.short_name for g in groups)
    there = f"the groups are {known}." if known else "no groups have been set up yet."
    raise InputError(f"There is no group with the short name '{short_name}'; {there}",
                     field="group")


def list_memberships(db: Database, group_id: int) -> list[Membership]:
    """A group's memberships: current ones first (no end, or ending today or later),
    then by role (chair, vice-chair, member, deputy) and person's name."""
    rows = db.execute(
        """SELECT m.id, m.person_id, p.name, COALESCE(o.short_name, o.name), m.group_id,
                  m.role, m.deputy_for_id, d.name, m.start_date, m.end_date
           FROM memberships m JOIN people p ON p.id = m.person_id
           LEFT JOIN organisations o ON o.id = p.organisation_id
           LEFT JOIN people d ON d.id = m.deputy_for_id
           WHERE m.group_id = ?
           ORDER BY m.end_date IS NOT NULL AND m.end_date < ?,
                    CASE m.role WHEN 'chair' THEN 0 WHEN 'vice-chair' THEN 1
                                WHEN 'member' THEN 2 ELSE 3 END,
                    p.name COLLATE NOCASE, m.start_date DESC""",
        [group_id, dt.date.today().isoformat()]).fetchall()
    return [Membership(*row) for row in rows]


_CHAIR_SQL = """SELECT t.id, t.group_id, t.organisation_id, COALESCE(o.short_name, o.name),
                       t.person_id, p.name, t.start_date, t.end_date
                FROM chair_terms t JOIN organisations o ON o.id = t.organisation_id
                LEFT JOIN people p ON p.id = t.person_id WHERE t.group_id = ?"""


def list_chair_terms(db: Database, group_id: int) -> list[ChairTerm]:
    """A group's chair terms, the newest first."""
    rows = db.execute(_CHAIR_SQL + " ORDER BY t.start_date DESC, t.id DESC", [group_id])
    return [ChairTerm(*row) for row in rows.fetchall()]
