"""The partnership's structure: organisations, people, groups, memberships and chair terms.

Every save takes a dict keyed by the table's column names. On an update the values given
are laid over the stored row, so a form may send only what changed; the whole record is
then checked again. Bad input raises ``InputError`` naming its field before anything is
written, and each save is one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from cspdesk.dates import format_date
from cspdesk.errors import InputError
from cspdesk.records import (
    and_list,
    article,
    choice,
    clean_text,
    date_value,
    merged_values,
    period,
    plural,
    record_name,
    reference,
    required_text,
    save_row,
    with_last,
)

ORGANISATION_KINDS = (
    "district council", "county council", "police", "fire and rescue",
    "integrated care board", "probation", "youth justice", "OPCC", "housing", "voluntary",
    "other",
)
# The five kinds of responsible authority of the Crime and Disorder Act 1998, s5.
RESPONSIBLE_AUTHORITIES = ORGANISATION_KINDS[:5]
TIERS = ("strategic", "delivery", "operational")
ROLES = ("chair", "vice-chair", "member", "deputy")

_COLUMNS = {
    "organisations": ("name", "short_name", "kind", "responsible_authority", "notes"),
    "people": ("name", "job_title", "organisation_id", "email", "phone", "active"),
    "groups": ("name", "short_name", "tier", "parent_id", "quorum_rule", "notes"),
    "memberships": ("person_id", "group_id", "role", "deputy_for_id", "start_date",
                    "end_date"),
    "chair_terms": ("group_id", "organisation_id", "person_id", "start_date", "end_date"),
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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


# Saving ------------------------------------------------------------------------------------


def save_organisation(db: Database, values: Mapping[str, Any],
                      organisation_id: int | None = None) -> int:
    """Add (or, given its id, update) an organisation; returns its id.

    Needs a name no other organisation has; the kind defaults to 'other'."""
    with db.atomic():
        v = merged_values(db, "organisations", values, organisation_id, "organisation",
                          _COLUMNS["organisations"])
        row: dict[str, Any] = {
            "name": required_text(v, "name", "the organisation's name"),
            "short_name": clean_text(v.get("short_name")),
            "kind": choice(v, "kind", ORGANISATION_KINDS, "kind") or "other",
            "responsible_authority": choice(v, "responsible_authority",
                                             RESPONSIBLE_AUTHORITIES,
                                             "responsible authority"),
            "notes": clean_text(v.get("notes"))}
        _refuse_duplicate(db, "organisations", row, "name", organisation_id)
        return save_row(db, "organisations", row, organisation_id)


def save_person(db: Database, values: Mapping[str, Any], person_id: int | None = None) -> int:
    """Add (or update) a person; returns their id. Needs a name; active unless told not."""
    with db.atomic():
        v = merged_values(db, "people", values, person_id, "person",
                          _COLUMNS["people"])
        email = clean_text(v.get("email"))
        if email is not None and not _EMAIL.match(email):
            raise InputError(f"The email address '{email}' is not complete "
                             "(for example name@council.gov.uk).", field="email")
        row: dict[str, Any] = {
            "name": required_text(v, "name", "the person's name"),
            "job_title": clean_text(v.get("job_title")),
            "organisation_id": reference(db, v, "organisation_id", "organisations",
                                    "organisation"),
            "email": email, "phone": clean_text(v.get("phone")),
            "active": 0 if v.get("active") is not None and not v["active"] else 1}
        return save_row(db, "people", row, person_id)


def save_group(db: Database, values: Mapping[str, Any], group_id: int | None = None) -> int:
    """Add (or update) a group; returns its id.

    Name and short name are required and unique; the tier is strategic, delivery or
    operational; the parent may not be the group itself or one of its sub-groups; the
    quorum rule (anything QuorumRule.parse reads; None for none) must pass its checks."""
    with db.atomic():
        v = merged_values(db, "groups", values, group_id, "group",
                          _COLUMNS["groups"])
        row: dict[str, Any] = {
            "name": required_text(v, "name", "the group's name"),
            "short_name": required_text(v, "short_name",
                                         "the group's short name (such as JSG)"),
            "tier": choice(v, "tier", TIERS, "tier"),
            "parent_id": reference(db, v, "parent_id", "groups", "parent group"),
            "quorum_rule": quorum_rule_json(v.get("quorum_rule")),
            "notes": clean_text(v.get("notes"))}
        if row["tier"] is None:
            raise InputError("Choose the group's tier: strategic, delivery or operational.",
                             field="tier")
        _check_parent(db, group_id, row["parent_id"])
        _refuse_duplicate(db, "groups", row, "name", group_id)
        _refuse_duplicate(db, "groups", row, "short_name", group_id)
        return save_row(db, "groups", row, group_id)


def save_membership(db: Database, values: Mapping[str, Any],
                    membership_id: int | None = None) -> int:
    """Add (or update) a person's membership of a group; returns its id.

    Refuses an end before the start; a deputy without the member they stand in for, who
    must be a member of the same group at the time; and a second membership of the same
    group by the same person over overlapping dates. Only a deputy keeps deputy_for_id."""
    with db.atomic():
        v = merged_values(db, "memberships", values, membership_id, "membership",
                          _COLUMNS["memberships"])
        row: dict[str, Any] = {
            "person_id": reference(db, v, "person_id", "people", "person", required=True),
            "group_id": reference(db, v, "group_id", "groups", "group", required=True),
            "role": choice(v, "role", ROLES, "role") or "member",
            "deputy_for_id": None,
            "start_date": date_value(v, "start_date", "start date"),
            "end_date": date_value(v, "end_date", "end date")}
        _check_order(row)
        if row["role"] == "deputy":
            row["deputy_for_id"] = reference(db, v, "deputy_for_id", "people",
                                             "member deputised for")
            _check_deputy(db, row)
        _check_membership_overlap(db, row, membership_id)
        return save_row(db, "memberships", row, membership_id)


def end_membership(db: Database, membership_id: int, on: dt.date) -> None:
    """End a membership with ``on`` as its last day; refused if that is before it started."""
    if on is None:
        raise InputError("Enter the date the membership ends.", field="end_date")
    save_membership(db, {"end_date": on}, membership_id)


def save_chair_term(db: Database, values: Mapping[str, Any], term_id: int | None = None) -> int:
    """Add (or update) a term as chair of a group; returns its id.

    Needs the group, the organisation holding the chair and a start date; refuses an end
    before the start and a term overlapping another of the same group."""
    with db.atomic():
        v = merged_values(db, "chair_terms", values, term_id, "chair term",
                          _COLUMNS["chair_terms"])
        row: dict[str, Any] = {
            "group_id": reference(db, v, "group_id", "groups", "group", required=True),
            "organisation_id": reference(db, v, "organisation_id", "organisations",
                                    "organisation holding the chair", required=True),
            "person_id": reference(db, v, "person_id", "people", "chair"),
            "start_date": date_value(v, "start_date", "start date"),
            "end_date": date_value(v, "end_date", "end date")}
        if row["start_date"] is None:
            raise InputError("Enter the date the chair term starts.", field="start_date")
        _check_order(row)
        clash = _overlap(db, "chair_terms", row, "group_id", term_id)
        if clash is not None:
            raise InputError(
                f"The {record_name(db, 'groups', row['group_id'])} already has a chair term "
                f"({record_name(db, 'organisations', clash[3])}, {period(clash[1], clash[2])}) "
                "overlapping these dates; end that term first or change the dates.",
                field="start_date")
        return save_row(db, "chair_terms", row, term_id)


# Checks ------------------------------------------------------------------------------------


def _check_parent(db: Database, group_id: int | None, parent_id: int | None) -> None:
    current, seen = parent_id, set()
    while group_id is not None and current is not None and current not in seen:
        if current == group_id:
            raise InputError("A group cannot report to itself or to one of its own "
                             "sub-groups; choose another parent group.", field="parent_id")
        seen.add(current)
        row = db.execute("SELECT parent_id FROM groups WHERE id = ?", [current]).fetchone()
        current = row[0] if row else None


def _check_deputy(db: Database, row: dict[str, Any]) -> None:
    deputy_for = row["deputy_for_id"]
    if deputy_for is None:
        raise InputError("Choose the member this named deputy stands in for.",
                         field="deputy_for_id")
    if deputy_for == row["person_id"]:
        raise InputError("A person cannot be their own deputy.", field="deputy_for_id")
    member = {**row, "person_id": deputy_for}
    if _overlap(db, "memberships", member, "person_id", None,
                "group_id = ? AND role <> 'deputy'", [row["group_id"]]) is None:
        when = " at that time" if row["start_date"] or row["end_date"] else ""
        raise InputError(
            f"{record_name(db, 'people', deputy_for)} is not a member of the "
            f"{record_name(db, 'groups', row['group_id'])}{when}, so nobody can deputise for "
            "them there.", field="deputy_for_id")


def _check_membership_overlap(db: Database, row: dict[str, Any], own_id: int | None) -> None:
    clash = _overlap(db, "memberships", row, "person_id", own_id, "group_id = ?",
                     [row["group_id"]])
    if clash is not None:
        raise InputError(
            f"{record_name(db, 'people', row['person_id'])} is already in the "
            f"{record_name(db, 'groups', row['group_id'])} ({period(clash[1], clash[2])}); "
            "end that membership first or change the dates.", field="person_id")


def _overlap(db: Database, table: str, row: dict[str, Any], key: str, own_id: int | None,
             extra: str = "1", extra_params: Sequence[Any] = ()) -> tuple | None:
    """The first other row of ``table`` with ``row``'s ``key`` whose dates meet row's:
    (id, start_date, end_date, organisation_id or None). A missing date is open-ended."""
    org = "organisation_id" if table == "chair_terms" else "NULL"
    return db.execute(
        f"""SELECT id, start_date, end_date, {org} FROM {table}
            WHERE {key} = ? AND id IS NOT ? AND {extra}
              AND COALESCE(start_date, '0000-01-01') <= ?
              AND ? <= COALESCE(end_date, '9999-12-31') ORDER BY start_date LIMIT 1""",
        [row[key], own_id, *extra_params, row["end_date"] or "9999-12-31",
         row["start_date"] or "0000-01-01"]).fetchone()


def _check_order(row: Mapping[str, Any]) -> None:
    start, end = row["start_date"], row["end_date"]
    if start and end and end < start:
        raise InputError(f"The end date {format_date(end)} is before the start date "
                         f"{format_date(start)}.", field="end_date")


def _refuse_duplicate(db: Database, table: str, row: Mapping[str, Any], column: str,
                      own_id: int | None) -> None:
    found = db.execute(f"SELECT {column} FROM {table} WHERE {column} = ? COLLATE NOCASE "
                       "AND id IS NOT ?", [row[column], own_id]).fetchone()
    if found is not None:
        label, thing = column.replace("_", " "), table[:-1].replace("_", " ")
        raise InputError(f"There is already {article(thing)} {thing} with the {label} "
                         f"'{found[0]}'; choose another {label}.", field=column)
