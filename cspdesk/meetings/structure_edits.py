"""Saving the partnership's structure: organisations, people, groups, memberships and chair
terms, each checked before anything is written (the records themselves, and reading them,
are ``cspdesk.meetings.structure``).

Every save takes a dict keyed by the table's column names. On an update the values given
are laid over the stored row, so a form may send only what changed; the whole record is
then checked again. Bad input raises ``InputError`` naming its field before anything is
written, and each save is one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from cspdesk.dates import format_date
from cspdesk.errors import InputError
from cspdesk.meetings.structure import (
    ORGANISATION_KINDS,
    RESPONSIBLE_AUTHORITIES,
    ROLES,
    TIERS,
    quorum_rule_json,
)
from cspdesk.records import (
    article,
    choice,
    clean_text,
    date_value,
    merged_values,
    period,
    record_name,
    reference,
    required_text,
    save_row,
)
from cspdesk.store.connection import Database

_COLUMNS = {
    "organisations": ("name", "short_name", "kind", "responsible_authority", "notes"),
    "people": ("name", "job_title", "organisation_id", "email", "phone", "active"),
    "groups": ("name", "short_name", "tier", "parent_id", "quorum_rule", "notes"),
    "memberships": ("person_id", "group_id", "role", "deputy_for_id", "start_date",
                    "end_date"),
    "chair_terms": ("group_id", "organisation_id", "person_id", "start_date", "end_date"),
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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
