"""Dialogs for the partnership's structure: organisations, people, groups, members, chairs."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from cspdesk.errors import InputError
from cspdesk.meetings.structure import (
    ORGANISATION_KINDS,
    RESPONSIBLE_AUTHORITIES,
    ROLES,
    TIERS,
    ChairTerm,
    Group,
    Membership,
    Organisation,
    Person,
    QuorumRule,
    list_group_records,
    list_organisations,
    list_people,
)
from cspdesk.meetings.structure_edits import (
    save_chair_term,
    save_group,
    save_membership,
    save_organisation,
    save_person,
)
from cspdesk.store.connection import Database
from ui.widgets.forms import Field, FormDialog

QUORUM_KINDS = [("No rule set", None), ("A number of members", "count"),
                ("A share of the members, with a minimum", "share"),
                ("These responsible authorities represented", "authorities")]


def _choices(values: tuple[str, ...] | list[str]) -> list[tuple[str, Any]]:
    return [(v[:1].upper() + v[1:], v) for v in values]


def _people(db: Database) -> list[tuple[str, Any]]:
    return [(p.label, p.id) for p in list_people(db, include_inactive=False)]


def _organisations(db: Database) -> list[tuple[str, Any]]:
    return [(o.name, o.id) for o in list_organisations(db)]


def organisation_dialog(db: Database, parent: QWidget, org: Organisation | None = None
                        ) -> FormDialog:
    values = vars(org).copy() if org else {"kind": "other"}
    fields = [
        Field("name", "Name", required=True),
        Field("short_name", "Short name", placeholder="e.g. NSDC"),
        Field("kind", "Kind", "choice", _choices(ORGANISATION_KINDS)),
        Field("responsible_authority", "Responsible authority", "choice",
              [("Not a responsible authority", None), *_choices(RESPONSIBLE_AUTHORITIES)]),
    ]
    return FormDialog("Edit organisation" if org else "Add an organisation", fields, values,
                      lambda v: save_organisation(db, v, org.id if org else None), parent)


def person_dialog(db: Database, parent: QWidget, person: Person | None = None) -> FormDialog:
    values = vars(person).copy() if person else {"active": True}
    fields = [
        Field("name", "Name", required=True),
        Field("job_title", "Job title"),
        Field("organisation_id", "Organisation", "choice",
              [("None", None), *_organisations(db)]),
        Field("email", "Email"),
        Field("phone", "Phone"),
        Field("active", "Active", "bool"),
    ]
    return FormDialog("Edit person" if person else "Add a person", fields, values,
                      lambda v: save_person(db, v, person.id if person else None), parent)


def group_dialog(db: Database, parent: QWidget, group: Group | None = None) -> FormDialog:
    values: dict[str, Any] = vars(group).copy() if group else {"tier": "operational"}
    values.update(quorum_values(group.quorum_rule if group else None))
    others = [(g.label, g.id) for g in list_group_records(db)
              if not group or g.id != group.id]
    fields = [
        Field("name", "Name", required=True),
        Field("short_name", "Short name", required=True, placeholder="e.g. JSG"),
        Field("tier", "Tier", "choice", _choices(TIERS)),
        Field("parent_id", "Reports to", "choice", [("None", None), *others]),
        Field("quorum_rule", "Quorum", "choice", QUORUM_KINDS),
        Field("quorum_count", "Members needed", "int", extra={"minimum": 1, "maximum": 100}),
        Field("quorum_share", "Share of members (%)", "int",
              extra={"minimum": 1, "maximum": 100}),
        Field("quorum_minimum", "At least", "int", extra={"minimum": 1, "maximum": 100}),
        Field("quorum_authorities", "Authorities to be represented", "checks",
              _choices(RESPONSIBLE_AUTHORITIES)),
    ]

    def save(v: dict[str, Any]) -> int:
        v["quorum_rule"] = quorum_rule_from(v)
        record = {k: v[k] for k in ("name", "short_name", "tier", "parent_id", "quorum_rule")}
        return save_group(db, record, group.id if group else None)

    return FormDialog("Edit group" if group else "Add a group", fields, values, save, parent)


def quorum_values(stored: str | None) -> dict[str, Any]:
    """The form's quorum fields for a stored rule; one that cannot be read starts unset."""
    values: dict[str, Any] = {"quorum_rule": None, "quorum_count": 5, "quorum_share": 50,
                              "quorum_minimum": 3, "quorum_authorities": []}
    try:
        rule = QuorumRule.parse(stored)
    except InputError:
        rule = None
    if rule is not None:
        values.update(quorum_rule=rule.kind, quorum_count=rule.count or 5,
                      quorum_share=round((rule.share or 0.5) * 100),
                      quorum_minimum=rule.minimum if rule.kind == "share" else 3,
                      quorum_authorities=list(rule.authorities))
    return values


def quorum_rule_from(v: dict[str, Any]) -> QuorumRule | None:
    """The rule the form's quorum fields give ('quorum_rule' holds the kind chosen)."""
    kind = v.get("quorum_rule")
    if kind == "count":
        return QuorumRule("count", count=v["quorum_count"])
    if kind == "share":
        return QuorumRule("share", share=v["quorum_share"] / 100, minimum=v["quorum_minimum"])
    if kind == "authorities":
        return QuorumRule("authorities", authorities=tuple(v["quorum_authorities"]))
    return None


def membership_dialog(db: Database, parent: QWidget, group_id: int,
                      membership: Membership | None = None) -> FormDialog:
    values = vars(membership).copy() if membership else {"role": "member"}
    values["group_id"] = group_id
    fields = [
        Field("person_id", "Person", "choice", _people(db), required=True),
        Field("role", "Role", "choice", _choices(ROLES)),
        Field("deputy_for_id", "Deputy for", "choice", [("Nobody", None), *_people(db)]),
        Field("start_date", "From", "date"),
        Field("end_date", "To", "date"),
    ]

    def save(v: dict[str, Any]) -> int:
        v["group_id"] = group_id
        return save_membership(db, v, membership.id if membership else None)

    return FormDialog("Edit membership" if membership else "Add a member", fields, values,
                      save, parent)


def chair_term_dialog(db: Database, parent: QWidget, group_id: int,
                      term: ChairTerm | None = None) -> FormDialog:
    values = vars(term).copy() if term else {}
    fields = [
        Field("organisation_id", "Organisation", "choice", _organisations(db), required=True),
        Field("person_id", "Chair", "choice", [("Not named", None), *_people(db)]),
        Field("start_date", "From", "date", required=True, optional_date=False),
        Field("end_date", "To", "date"),
    ]

    def save(v: dict[str, Any]) -> int:
        v["group_id"] = group_id
        return save_chair_term(db, v, term.id if term else None)

    return FormDialog("Edit chair's term" if term else "Add a chair's term", fields, values,
                      save, parent)
