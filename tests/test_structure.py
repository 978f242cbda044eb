"""The partnership's structure: organisations, people, groups, memberships, chair terms."""

import datetime as dt
import json
import sqlite3
from contextlib import contextmanager
from types import SimpleNamespace

import pytest

from cspdesk.errors import InputError
from cspdesk.meetings import structure, structure_edits
from cspdesk.meetings.structure import (
    ORGANISATION_KINDS,
    ROLES,
    TIERS,
    QuorumRule,
    find_group,
    list_chair_terms,
    list_group_records,
    list_memberships,
    list_organisations,
    list_people,
)
from cspdesk.meetings.structure_edits import (
    end_membership,
    save_chair_term,
    save_group,
    save_membership,
    save_organisation,
    save_person,
)

D = dt.date


def count(db, table):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def row(db, table, row_id):
    cur = db.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id])
    return dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))


@contextmanager
def refused(field, match=None):
    """Expects an InputError, shown at ``field``."""
    with pytest.raises(InputError, match=match) as info:
        yield info
    assert info.value.field == field, str(info.value)


@pytest.fixture
def p(db):
    """A small partnership: two councils and the police, four people, the JSG and PDG."""
    ids = SimpleNamespace(db=db)
    ids.bdc = save_organisation(db, {"name": "Bassetlaw District Council", "short_name": "BDC",
                                     "kind": "district council",
                                     "responsible_authority": "district council"})
    ids.nsdc = save_organisation(db, {"name": "Newark and Sherwood District Council",
                                      "short_name": "NSDC", "kind": "district council",
                                      "responsible_authority": "district council"})
    ids.police = save_organisation(db, {"name": "Nottinghamshire Police", "kind": "police",
                                        "responsible_authority": "police"})
    ids.andrew = save_person(db, {"name": "Andrew Keeling", "organisation_id": ids.bdc})
    ids.helen = save_person(db, {"name": "Helen Ashworth", "organisation_id": ids.nsdc})
    ids.james = save_person(db, {"name": "James Rowland", "organisation_id": ids.police})
    ids.naomi = save_person(db, {"name": "Naomi Fairbrother", "organisation_id": ids.police})
    ids.jsg = save_group(db, {"name": "Joint Strategic Group", "short_name": "JSG",
                              "tier": "strategic"})
    ids.pdg = save_group(db, {"name": "Partnership Delivery Group", "short_name": "PDG",
                              "tier": "delivery", "parent_id": ids.jsg})
    return ids


def test_the_choice_lists_match_the_schema(db):
    for kind in ORGANISATION_KINDS:
        save_organisation(db, {"name": f"An organisation ({kind})", "kind": kind})
    for tier in TIERS:
        save_group(db, {"name": f"Group {tier}", "short_name": tier.upper(), "tier": tier})
    assert count(db, "organisations") == len(ORGANISATION_KINDS)
    assert ROLES == ("chair", "vice-chair", "member", "deputy")
    assert structure.RESPONSIBLE_AUTHORITIES == (
        "district council", "county council", "police", "fire and rescue",
        "integrated care board")


# Organisations ---------------------------------------------------------------------------


def test_organisation_text_is_trimmed_and_kind_defaults_to_other(db):
    org = save_organisation(db, {"name": "  Probation Service ", "short_name": "   "})
    assert row(db, "organisations", org) | {"id": 0} == {
        "id": 0, "name": "Probation Service", "short_name": None, "kind": "other",
        "responsible_authority": None, "notes": None}


def test_organisations_are_listed_by_name_with_short_names(p):
    names = [(o.name, o.short_name, o.responsible_authority) for o in list_organisations(p.db)]
    assert names == [("Bassetlaw District Council", "BDC", "district council"),
                     ("Newark and Sherwood District Council", "NSDC", "district council"),
                     ("Nottinghamshire Police", None, "police")]


@pytest.mark.parametrize("values, field", [
    ({"name": "   "}, "name"),
    ({"short_name": "X"}, "name"),
    ({"name": "A Trust", "kind": "hospital"}, "kind"),
    ({"name": "Probation Service", "responsible_authority": "probation"},
     "responsible_authority"),
])
def test_bad_organisations_are_refused_at_their_field(db, values, field):
    with refused(field):
        save_organisation(db, values)
    assert count(db, "organisations") == 0


@pytest.mark.parametrize("name", ["Bassetlaw District Council", " bassetlaw district council"])
def test_a_duplicate_organisation_name_is_refused_plainly(p, name):
    with refused("name", "already an organisation with the name 'Bassetlaw District Council'"):
        save_organisation(p.db, {"name": name})
    assert count(p.db, "organisations") == 3


def test_a_unique_clash_the_checks_miss_is_still_an_input_error(p, monkeypatch):
    monkeypatch.setattr(structure_edits, "_refuse_duplicate", lambda *args: None)
    with refused("name", "already has this name") as info:
        save_organisation(p.db, {"name": "Bassetlaw District Council"})
    assert isinstance(info.value.__cause__, sqlite3.IntegrityError)
    assert count(p.db, "organisations") == 3


def test_an_update_changes_only_what_is_given_and_a_refused_one_nothing(p):
    save_organisation(p.db, {"short_name": "Notts Police"}, p.police)
    assert row(p.db, "organisations", p.police)["name"] == "Nottinghamshire Police"
    assert row(p.db, "organisations", p.police)["short_name"] == "Notts Police"
    before = row(p.db, "organisations", p.police)
    with refused("name"):
        save_organisation(p.db, {"name": "Newark and Sherwood District Council",
                                 "short_name": "changed"}, p.police)
    assert row(p.db, "organisations", p.police) == before


def test_updating_a_missing_record_or_an_unknown_column_is_refused(p):
    with pytest.raises(InputError, match="no organisation number 99"):
        save_organisation(p.db, {"name": "X"}, 99)
    with pytest.raises(ValueError, match="colour"):
        save_organisation(p.db, {"name": "X", "colour": "red"})


# People ------------------------------------------------------------------------------------


def test_people_show_their_organisations_short_name_or_name(p):
    save_person(p.db, {"name": "Gemma Lowe", "organisation_id": p.bdc, "active": False,
                       "job_title": " ASB Officer ", "email": "gemma.lowe@bassetlaw.gov.uk"})
    people = {x.name: x for x in list_people(p.db)}
    assert people["Andrew Keeling"].organisation == "BDC"
    assert people["James Rowland"].organisation == "Nottinghamshire Police"
    gemma = people["Gemma Lowe"]
    assert (gemma.job_title, gemma.active, gemma.email) == (
        "ASB Officer", False, "gemma.lowe@bassetlaw.gov.uk")
    assert people["Andrew Keeling"].active is True
    assert [x.name for x in list_people(p.db, include_inactive=False)] == [
        "Andrew Keeling", "Helen Ashworth", "James Rowland", "Naomi Fairbrother"]


def test_a_person_can_be_made_inactive_and_active_again(p):
    save_person(p.db, {"active": False}, p.james)
    assert row(p.db, "people", p.james)["active"] == 0
    save_person(p.db, {"active": True}, p.james)
    assert row(p.db, "people", p.james)["active"] == 1


@pytest.mark.parametrize("values, field", [
    ({"name": ""}, "name"),
    ({"name": "A Person", "organisation_id": 999}, "organisation_id"),
    ({"name": "A Person", "email": "a.person at council"}, "email"),
])
def test_bad_people_are_refused(p, values, field):
    with refused(field):
        save_person(p.db, values)
    assert count(p.db, "people") == 4


def test_two_people_may_share_a_name(p):
    save_person(p.db, {"name": "Andrew Keeling", "organisation_id": p.police})
    assert [x.name for x in list_people(p.db)].count("Andrew Keeling") == 2


# Groups ------------------------------------------------------------------------------------


def test_groups_are_listed_by_tier_then_name(p):
    save_group(p.db, {"name": "Domestic Abuse Forum", "short_name": "DAF",
                      "tier": "operational", "parent_id": p.pdg})
    save_group(p.db, {"name": "ASB Case Panel", "short_name": "ASBCP", "tier": "operational",
                      "parent_id": p.pdg})
    assert [(g.short_name, g.tier) for g in list_group_records(p.db)] == [
        ("JSG", "strategic"), ("PDG", "delivery"), ("ASBCP", "operational"),
        ("DAF", "operational")]
    assert list_group_records(p.db)[1].parent_id == p.jsg


def test_people_and_groups_are_worded_one_way_everywhere(p):
    andrew = next(x for x in list_people(p.db) if x.id == p.andrew)
    assert andrew.label == "Andrew Keeling (BDC)"
    loner = save_person(p.db, {"name": "Sam Hill"})
    assert next(x for x in list_people(p.db) if x.id == loner).label == "Sam Hill"
    jsg = find_group(p.db, "JSG")
    assert (jsg.title, jsg.label) == ("Joint Strategic Group (JSG)", "JSG – Joint Strategic Group")


def test_a_group_is_found_by_its_short_name_case_ignored_when_unambiguous(p):
    assert find_group(p.db, " JSG ").id == p.jsg
    assert find_group(p.db, "pdg").id == p.pdg
    with refused("group", "no group with the short name 'CSP'; the groups are JSG, PDG."):
        find_group(p.db, "CSP")


@pytest.mark.parametrize("values, field", [
    ({"name": "Domestic Abuse Forum", "short_name": " ", "tier": "operational"}, "short_name"),
    ({"short_name": "DAF", "tier": "operational"}, "name"),
    ({"name": "Domestic Abuse Forum", "short_name": "DAF"}, "tier"),
    ({"name": "Domestic Abuse Forum", "short_name": "DAF", "tier": "local"}, "tier"),
    ({"name": "Domestic Abuse Forum", "short_name": "DAF", "tier": "operational",
      "parent_id": 99}, "parent_id"),
    ({"name": "joint strategic group", "short_name": "JSG2", "tier": "strategic"}, "name"),
    ({"name": "Joint Strategic Group 2", "short_name": "jsg", "tier": "strategic"},
     "short_name"),
])
def test_bad_groups_are_refused(p, values, field):
    with refused(field):
        save_group(p.db, values)
    assert count(p.db, "groups") == 2


def test_a_duplicate_short_name_message_names_it(p):
    with pytest.raises(InputError, match="already a group with the short name 'JSG'"):
        save_group(p.db, {"name": "Another group", "short_name": "JSG", "tier": "delivery"})


def test_a_group_cannot_report_to_itself_or_its_own_sub_group(p):
    daf = save_group(p.db, {"name": "Domestic Abuse Forum", "short_name": "DAF",
                            "tier": "operational", "parent_id": p.pdg})
    for parent in (p.jsg, p.pdg, daf):
        with refused("parent_id", "cannot report to itself"):
            save_group(p.db, {"parent_id": parent}, p.jsg)
    assert row(p.db, "groups", p.jsg)["parent_id"] is None
    save_group(p.db, {"parent_id": p.jsg}, daf)  # moving a group up a tier is fine
    assert row(p.db, "groups", daf)["parent_id"] == p.jsg


@pytest.mark.parametrize("rule", [
    None,
    {"kind": "count", "count": 5},
    {"kind": "share", "share": 0.5, "minimum": 4},
    {"kind": "share", "share": 1, "minimum": 1},
    {"kind": "authorities", "authorities": ["district council", "police", "county council"]},
])
def test_good_quorum_rules_are_kept(p, rule):
    save_group(p.db, {"quorum_rule": rule}, p.pdg)
    assert stored_rule(p, 1) == rule


def stored_rule(p, index: int) -> dict | None:
    """The quorum rule of the index-th group, as the JSON stored."""
    stored = list_group_records(p.db)[index].quorum_rule
    return None if stored is None else json.loads(stored)


def test_a_share_quorum_without_a_minimum_is_kept_with_a_minimum_of_one(p):
    # The rule chosen: a share's minimum is optional and is 1 when left out.
    save_group(p.db, {"quorum_rule": {"kind": "share", "share": 0.5}}, p.pdg)
    assert stored_rule(p, 1) == {"kind": "share", "share": 0.5, "minimum": 1}
    save_group(p.db, {"quorum_rule": {"kind": "share", "share": 0.5, "minimum": None}}, p.pdg)
    assert stored_rule(p, 1) == {"kind": "share", "share": 0.5, "minimum": 1}
    assert QuorumRule.parse('{"kind": "share", "share": 0.5}').needed(0) == 1


def test_the_form_s_quorum_rule_is_saved_as_it_is_given(p):
    save_group(p.db, {"quorum_rule": QuorumRule("count", count=4)}, p.pdg)
    assert stored_rule(p, 1) == {"kind": "count", "count": 4}
    with refused("quorum_rule", "whole number of 1 or more"):
        QuorumRule("count", count=0)


@pytest.mark.parametrize("rule", [
    {"kind": "count", "count": 0},
    {"kind": "count", "count": 2.5},
    {"kind": "count", "count": True},
    {"kind": "count"},
    {"kind": "share", "share": 0, "minimum": 3},
    {"kind": "share", "share": 1.5, "minimum": 3},
    {"kind": "share", "share": 0.5, "minimum": 0},
    {"kind": "share", "share": "half", "minimum": 3},
    {"kind": "authorities", "authorities": []},
    {"kind": "authorities", "authorities": ["police", "probation"]},
    {"kind": "authorities", "authorities": "police"},
    {"kind": "majority"},
    {"count": 5},
    [5],
    5,
    "not json",
])
def test_bad_quorum_rules_are_refused_and_the_old_one_kept(p, rule):
    save_group(p.db, {"quorum_rule": {"kind": "count", "count": 5}}, p.pdg)
    with refused("quorum_rule"):
        save_group(p.db, {"quorum_rule": rule}, p.pdg)
    assert stored_rule(p, 1) == {"kind": "count", "count": 5}


def test_an_update_keeps_the_stored_quorum_rule(p):
    rule = {"kind": "authorities", "authorities": ["police", "police", "district council"]}
    save_group(p.db, {"quorum_rule": rule}, p.jsg)
    save_group(p.db, {"name": "Joint Strategic Group (BNS CSP)"}, p.jsg)
    assert list_group_records(p.db)[0].name == "Joint Strategic Group (BNS CSP)"
    assert stored_rule(p, 0) == {"kind": "authorities",
                                 "authorities": ["police", "district council"]}


# Memberships -------------------------------------------------------------------------------


APRIL_2022 = D(2022, 4, 1)


def member(p, person, role="member", start=APRIL_2022, end=None, group=None, **extra):
    return save_membership(p.db, {"person_id": person, "group_id": group or p.jsg,
                                  "role": role, "start_date": start, "end_date": end, **extra})


def test_a_membership_is_saved_with_iso_dates(p):
    mid = member(p, p.andrew, "chair", D(2021, 4, 1), D(2023, 3, 31))
    saved = row(p.db, "memberships", mid)
    assert (saved["role"], saved["start_date"], saved["end_date"]) == (
        "chair", "2021-04-01", "2023-03-31")


@pytest.mark.parametrize("values, field", [
    ({"group_id": "jsg"}, "person_id"),
    ({"person_id": "andrew"}, "group_id"),
    ({"person_id": "andrew", "group_id": 99}, "group_id"),
    ({"person_id": "andrew", "group_id": "jsg", "role": "secretary"}, "role"),
    ({"person_id": "andrew", "group_id": "jsg", "start_date": "31/02/2023"}, "start_date"),
])
def test_a_membership_needs_a_person_and_a_group(p, values, field):
    values = {k: getattr(p, v) if isinstance(v, str) and hasattr(p, v) else v
              for k, v in values.items()}
    with refused(field):
        save_membership(p.db, values)
    assert count(p.db, "memberships") == 0


def test_a_membership_ending_before_it_starts_is_refused_with_uk_dates(p):
    with refused("end_date", "end date 31/03/2022 is before the start date 01/04/2022"):
        member(p, p.andrew, start=D(2022, 4, 1), end=D(2022, 3, 31))
    assert count(p.db, "memberships") == 0


def test_a_deputy_needs_the_member_they_stand_in_for(p):
    with refused("deputy_for_id", "Choose the member"):
        member(p, p.naomi, "deputy")
    with refused("deputy_for_id", "James Rowland is not a member of the Joint Strategic Group"):
        member(p, p.naomi, "deputy", deputy_for_id=p.james)
    member(p, p.james, start=D(2022, 4, 1), end=D(2023, 3, 31))
    with refused("deputy_for_id", "at that time"):
        member(p, p.naomi, "deputy", start=D(2023, 4, 1), deputy_for_id=p.james)
    with refused("deputy_for_id", "own deputy"):
        member(p, p.james, "deputy", start=D(2024, 1, 1), deputy_for_id=p.james)
    assert count(p.db, "memberships") == 1
    deputy = member(p, p.naomi, "deputy", deputy_for_id=p.james)
    shown = next(m for m in list_memberships(p.db, p.jsg) if m.id == deputy)
    assert (shown.role, shown.deputy_for, shown.organisation) == (
        "deputy", "James Rowland", "Nottinghamshire Police")


def test_a_deputy_of_another_group_does_not_count(p):
    member(p, p.james, group=p.pdg)
    with refused("deputy_for_id"):
        member(p, p.naomi, "deputy", deputy_for_id=p.james)


def test_only_a_deputy_keeps_deputy_for(p):
    member(p, p.james)
    mid = member(p, p.naomi, "deputy", deputy_for_id=p.james)
    save_membership(p.db, {"role": "member"}, mid)
    assert row(p.db, "memberships", mid)["deputy_for_id"] is None


def test_overlapping_memberships_of_one_group_are_refused(p):
    first = member(p, p.andrew, "chair", D(2021, 4, 1), D(2023, 3, 31))
    with refused("person_id", "Andrew Keeling is already in the Joint Strategic Group "
                              r"\(from 01/04/2021 to 31/03/2023\)"):
        member(p, p.andrew, "vice-chair", D(2023, 3, 31))
    with refused("person_id"):
        member(p, p.andrew, "member", start=None, end=None)
    # The next day is fine (the chair becomes vice-chair), and so is another group.
    second = member(p, p.andrew, "vice-chair", D(2023, 4, 1))
    member(p, p.andrew, group=p.pdg)
    with refused("person_id"):  # moving the first to overlap the second
        save_membership(p.db, {"end_date": D(2023, 4, 1)}, first)
    assert row(p.db, "memberships", first)["end_date"] == "2023-03-31"
    save_membership(p.db, {"role": "chair"}, second)  # an edit does not clash with itself
    assert row(p.db, "memberships", second)["role"] == "chair"


def test_end_membership(p):
    mid = member(p, p.james, start=D(2022, 4, 1))
    with refused("end_date", "before the start date 01/04/2022"):
        end_membership(p.db, mid, D(2022, 3, 1))
    assert row(p.db, "memberships", mid)["end_date"] is None
    end_membership(p.db, mid, D(2023, 1, 31))
    assert row(p.db, "memberships", mid)["end_date"] == "2023-01-31"
    with pytest.raises(InputError, match="no membership number 99"):
        end_membership(p.db, 99, D(2023, 1, 31))


def test_memberships_list_current_first_then_by_role_and_name(p):
    today = dt.date.today()
    zoe = save_person(p.db, {"name": "Zoe Adams"})
    member(p, p.andrew, "chair", D(2021, 4, 1), today - dt.timedelta(days=1))
    member(p, p.andrew, "vice-chair", today)
    member(p, p.helen, "chair", D(2021, 4, 1))
    member(p, zoe, "member", D(2021, 4, 1), today)  # ends today: still current
    member(p, p.james)
    member(p, p.naomi, "deputy", deputy_for_id=p.james)
    shown = [(m.person, m.role) for m in list_memberships(p.db, p.jsg)]
    assert shown == [("Helen Ashworth", "chair"), ("Andrew Keeling", "vice-chair"),
                     ("James Rowland", "member"), ("Zoe Adams", "member"),
                     ("Naomi Fairbrother", "deputy"), ("Andrew Keeling", "chair")]
    assert list_memberships(p.db, p.pdg) == []


# Chair terms -------------------------------------------------------------------------------


def term(p, org, person, start, end=None, term_id=None):
    return save_chair_term(p.db, {"group_id": p.jsg, "organisation_id": org,
                                  "person_id": person, "start_date": start,
                                  "end_date": end}, term_id)


def test_chair_terms_are_listed_newest_first(p):
    term(p, p.bdc, p.andrew, D(2021, 4, 1), D(2023, 3, 31))
    term(p, p.nsdc, p.helen, D(2023, 4, 1))
    assert [(t.organisation, t.person, t.start_date, t.end_date)
            for t in list_chair_terms(p.db, p.jsg)] == [
        ("NSDC", "Helen Ashworth", "2023-04-01", None),
        ("BDC", "Andrew Keeling", "2021-04-01", "2023-03-31")]
    assert list_chair_terms(p.db, p.pdg) == []


def test_bad_chair_terms_are_refused(p):
    term(p, p.bdc, p.andrew, D(2021, 4, 1), D(2023, 3, 31))
    with refused("end_date", "before the start date"):
        term(p, p.nsdc, p.helen, D(2023, 4, 1), D(2023, 3, 1))
    with refused("start_date", r"already has a chair term \(Bassetlaw District Council, "
                               "from 01/04/2021 to 31/03/2023"):
        term(p, p.nsdc, p.helen, D(2023, 3, 31))
    with refused("start_date", "Enter the date"):
        term(p, p.nsdc, p.helen, None)
    with refused("organisation_id"):
        term(p, None, p.helen, D(2023, 4, 1))
    with refused("group_id"):
        save_chair_term(p.db, {"organisation_id": p.nsdc, "start_date": D(2023, 4, 1)})
    assert count(p.db, "chair_terms") == 1
    term(p, p.nsdc, None, D(2023, 4, 1))  # the next day, no one named yet
    assert count(p.db, "chair_terms") == 2


def test_the_jsg_chair_alternates_between_the_district_councils(demo_db):
    jsg = next(g.id for g in list_group_records(demo_db) if g.short_name == "JSG")

    def terms():
        return [(t.organisation, t.person, t.start_date, t.end_date)
                for t in list_chair_terms(demo_db, jsg)]

    assert terms() == [("NSDC", "Helen Ashworth", "2023-04-01", None),
                       ("BDC", "Andrew Keeling", "2021-04-01", "2023-03-31")]
    # Two years on the chair passes back to Bassetlaw: end NSDC's term, then add BDC's.
    orgs = {o.short_name: o.id for o in list_organisations(demo_db)}
    bdc = {"group_id": jsg, "organisation_id": orgs["BDC"], "start_date": D(2025, 4, 1)}
    with refused("start_date", "Newark and Sherwood District Council, from 01/04/2023"):
        save_chair_term(demo_db, bdc)
    save_chair_term(demo_db, {"end_date": D(2025, 3, 31)}, list_chair_terms(demo_db, jsg)[0].id)
    save_chair_term(demo_db, bdc)
    assert terms() == [("BDC", None, "2025-04-01", None),
                       ("NSDC", "Helen Ashworth", "2023-04-01", "2025-03-31"),
                       ("BDC", "Andrew Keeling", "2021-04-01", "2023-03-31")]
