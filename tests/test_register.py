"""The register of one meeting: expected members, taking the register, refusals, quorum."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from cspdesk.errors import InputError
from cspdesk.meetings.register import (
    MarkEntry,
    expected_members,
    load_register,
    quorum,
    save_register,
)
from cspdesk.meetings.structure import RESPONSIBLE_AUTHORITIES, describe_quorum_rule


def add(db, table: str, **row) -> int:
    cols, marks = ", ".join(row), ", ".join("?" * len(row))
    sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
    return db.execute(sql, list(row.values())).lastrowid


@pytest.fixture
def jsg(db):
    """A small JSG: a chair, a vice-chair, two members, a leaver, a joiner and a deputy."""
    ids = SimpleNamespace(db=db)
    with db.atomic():
        bdc = add(db, "organisations", name="Bassetlaw District Council", short_name="BDC",
                  kind="district council", responsible_authority="district council")
        police = add(db, "organisations", name="Nottinghamshire Police", short_name="Police",
                     kind="police", responsible_authority="police")
        ncc = add(db, "organisations", name="Nottinghamshire County Council",
                  kind="county council", responsible_authority="county council")
        probation = add(db, "organisations", name="Probation Service", short_name="Probation",
                        kind="probation")
        fire = add(db, "organisations", name="Nottinghamshire Fire and Rescue Service",
                   short_name="NFRS", kind="fire and rescue",
                   responsible_authority="fire and rescue")
        for key, name, org in [
            ("zoe", "Zoe Member", ncc), ("ann", "Ann Chair", bdc), ("bob", "Bob Vice", police),
            ("cat", "Cat Member", probation), ("dan", "Dan Leaver", bdc),
            ("eve", "Eve Joiner", police), ("fay", "Fay Deputy", police),
            ("ivy", "Ivy Fire", fire), ("gus", "Gus Guest", probation),
            ("hal", "Hal Standin", ncc),
        ]:
            setattr(ids, key, add(db, "people", name=name, organisation_id=org))
        ids.group = add(db, "groups", name="Joint Strategic Group", short_name="JSG",
                        tier="strategic")
        for person, role, start, end in [
            (ids.ann, "member", "2021-04-01", None), (ids.ann, "chair", "2022-04-01", None),
            (ids.bob, "vice-chair", None, None), (ids.zoe, "member", "2022-04-01", None),
            (ids.cat, "member", None, None), (ids.dan, "member", "2021-04-01", "2023-03-31"),
            (ids.eve, "member", "2023-06-01", None),
        ]:
            add(db, "memberships", person_id=person, group_id=ids.group, role=role,
                start_date=start, end_date=end)
        add(db, "memberships", person_id=ids.fay, group_id=ids.group, role="deputy",
            deputy_for_id=ids.bob, start_date="2022-04-01")
        ids.meeting = add(db, "meetings", group_id=ids.group, date="2023-04-18")
        ids.cancelled = add(db, "meetings", group_id=ids.group, date="2023-01-10",
                            status="cancelled")
    return ids


def marks_of(lines) -> dict[str, str | None]:
    return {line.name: line.mark for line in lines}


def status_of(db, meeting_id: int) -> str:
    return db.execute("SELECT status FROM meetings WHERE id = ?", [meeting_id]).fetchone()[0]


# Expected members ------------------------------------------------------------------------


def test_expected_members_chair_first_then_by_name_without_deputies(jsg):
    assert expected_members(jsg.db, jsg.group, "2023-04-18") == [
        (jsg.ann, "chair"), (jsg.bob, "vice-chair"), (jsg.cat, "member"), (jsg.zoe, "member")]


def test_expected_members_follow_the_membership_dates(jsg):
    last_day = [p for p, _ in expected_members(jsg.db, jsg.group, "2023-03-31")]
    assert jsg.dan in last_day and jsg.eve not in last_day  # ends on its end date
    first_day = [p for p, _ in expected_members(jsg.db, jsg.group, "2023-06-01")]
    assert jsg.eve in first_day and jsg.dan not in first_day  # starts on its start date
    # Before Ann's chairmanship began she was an ordinary member, and Zoe not yet one.
    assert expected_members(jsg.db, jsg.group, "2022-01-01") == [
        (jsg.bob, "vice-chair"), (jsg.ann, "member"), (jsg.cat, "member"), (jsg.dan, "member")]


def test_expected_members_refuses_a_date_that_is_not_iso(jsg):
    with pytest.raises(InputError):
        expected_members(jsg.db, jsg.group, "18/04/2023")


# Loading the register --------------------------------------------------------------------


def test_load_register_lists_unmarked_members_then_guests_by_name(jsg):
    db = jsg.db
    with db.atomic():
        for person, mark, reason, sub in [
            (jsg.ivy, "in attendance", None, None), (jsg.bob, "present online", None, None),
            (jsg.cat, "apologies", "Annual leave", None), (jsg.zoe, "substitute", None, jsg.hal),
            (jsg.gus, "in attendance", None, None),
        ]:
            add(db, "attendance", meeting_id=jsg.meeting, person_id=person, mark=mark,
                reason=reason, substitute_id=sub)
    lines = load_register(db, jsg.meeting)
    assert [line.name for line in lines] == [
        "Ann Chair", "Bob Vice", "Cat Member", "Zoe Member", "Gus Guest", "Ivy Fire"]
    ann, bob, cat, zoe, gus, _ivy = lines
    assert (ann.role, ann.member, ann.mark, ann.organisation) == ("chair", True, None, "BDC")
    assert (bob.role, bob.mark) == ("vice-chair", "present online")
    assert (cat.mark, cat.reason) == ("apologies", "Annual leave")
    assert (zoe.substitute_id, zoe.substitute_name) == (jsg.hal, "Hal Standin")
    # An organisation without a short name is shown by its name.
    assert zoe.organisation == "Nottinghamshire County Council"
    assert (gus.role, gus.member, gus.mark, gus.organisation) == (
        "in attendance", False, "in attendance", "Probation")


def test_load_register_of_an_unknown_meeting_is_refused(jsg):
    with pytest.raises(InputError) as err:
        load_register(jsg.db, 999)
    assert err.value.field == "meeting_id"


# Saving the register ---------------------------------------------------------------------


def test_save_register_writes_marks_and_makes_a_scheduled_meeting_held(jsg):
    save_register(jsg.db, jsg.meeting, [
        MarkEntry(jsg.ann, "present", reason="not kept"),
        MarkEntry(jsg.bob, "apologies", reason="  Court  "),
        MarkEntry(jsg.cat, "absent", substitute_id=jsg.hal),
        MarkEntry(jsg.zoe, "substitute", substitute_id=jsg.hal),
        MarkEntry(jsg.gus, "in attendance"),
    ])
    lines = {line.name: line for line in load_register(jsg.db, jsg.meeting)}
    assert marks_of(lines.values()) == {
        "Ann Chair": "present", "Bob Vice": "apologies", "Cat Member": "absent",
        "Zoe Member": "substitute", "Gus Guest": "in attendance"}
    assert lines["Ann Chair"].reason is None  # a reason is kept only with apologies
    assert lines["Bob Vice"].reason == "Court"
    assert lines["Cat Member"].substitute_id is None  # a substitute only with 'substitute'
    assert lines["Zoe Member"].substitute_name == "Hal Standin"
    assert status_of(jsg.db, jsg.meeting) == "held"


def test_save_register_replaces_the_whole_register(jsg):
    save_register(jsg.db, jsg.meeting, [MarkEntry(jsg.ann, "present"),
                                        MarkEntry(jsg.gus, "in attendance")])
    save_register(jsg.db, jsg.meeting, [MarkEntry(jsg.bob, "present")])
    assert marks_of(load_register(jsg.db, jsg.meeting)) == {
        "Ann Chair": None, "Bob Vice": "present", "Cat Member": None, "Zoe Member": None}


def test_saving_an_empty_register_leaves_a_meeting_scheduled(jsg):
    save_register(jsg.db, jsg.meeting, [])
    assert status_of(jsg.db, jsg.meeting) == "scheduled"


def _refusals(j) -> dict[str, tuple[list[MarkEntry], str, str]]:
    """Each bad register (a good mark first, so a half-save would show), field, and words."""
    E, ok = MarkEntry, MarkEntry(j.cat, "present")
    return {
        "unknown mark": ([ok, E(j.ann, "late")], "mark", "'late' is not an attendance mark"),
        "unknown person": ([ok, E(999, "present")], "person_id", "Person number 999"),
        "unknown substitute": ([ok, E(j.zoe, "substitute", substitute_id=998)],
                               "substitute_id", "Person number 998"),
        "marked twice": ([E(j.ann, "present"), ok, E(j.ann, "apologies")],
                         "person_id", "Ann Chair is marked twice"),
        "substitute without anyone": ([ok, E(j.zoe, "substitute")], "substitute_id",
                                      "Zoe Member is marked 'substitute' but nobody"),
        "own substitute": ([ok, E(j.zoe, "substitute", substitute_id=j.zoe)], "substitute_id",
                           "Zoe Member cannot be their own substitute"),
        "substitute also marked": (
            [ok, E(j.zoe, "substitute", substitute_id=j.hal), E(j.hal, "in attendance")],
            "substitute_id", "Hal Standin is marked in their own right"),
        "substitute for two": (
            [E(j.zoe, "substitute", substitute_id=j.hal),
             E(j.cat, "substitute", substitute_id=j.hal)],
            "substitute_id", "Hal Standin is named as the substitute for both"),
        "member as substitute": ([ok, E(j.zoe, "substitute", substitute_id=j.bob)],
                                 "substitute_id", "Bob Vice is a member of JSG themselves"),
        "member in attendance": ([ok, E(j.ann, "in attendance")], "mark",
                                 "Ann Chair is a member of JSG on 18/04/2023"),
        "guest marked present": ([ok, E(j.gus, "present")], "mark",
                                 "Gus Guest is not a member of JSG on 18/04/2023"),
        "deputy marked present": ([ok, E(j.fay, "present online")], "mark",
                                  "Fay Deputy is not a member"),
        "former member apologies": ([ok, E(j.dan, "apologies")], "mark",
                                    "Dan Leaver is not a member"),
    }


REFUSALS = list(_refusals(SimpleNamespace(ann=1, bob=2, cat=3, zoe=4, dan=5, fay=6, gus=7,
                                          hal=8)))


@pytest.mark.parametrize("case", REFUSALS)
def test_save_register_refuses_bad_entries_and_writes_nothing(jsg, case):
    with jsg.db.atomic():  # the previous register, written without save_register
        add(jsg.db, "attendance", meeting_id=jsg.meeting, person_id=jsg.cat, mark="apologies",
            reason="Leave")
    before = load_register(jsg.db, jsg.meeting)
    entries, field, words = _refusals(jsg)[case]
    with pytest.raises(InputError) as err:
        save_register(jsg.db, jsg.meeting, entries)
    assert err.value.field == field
    assert words in str(err.value)
    assert load_register(jsg.db, jsg.meeting) == before
    assert marks_of(before)["Cat Member"] == "apologies"
    assert status_of(jsg.db, jsg.meeting) == "scheduled"


def test_save_register_refuses_a_cancelled_meeting(jsg):
    with pytest.raises(InputError) as err:
        save_register(jsg.db, jsg.cancelled, [MarkEntry(jsg.ann, "present")])
    assert err.value.field == "status"
    assert "JSG meeting on 10/01/2023 was cancelled" in str(err.value)
    assert jsg.db.execute("SELECT COUNT(*) FROM attendance").fetchone()[0] == 0


def test_save_register_refuses_an_unknown_meeting(jsg):
    with pytest.raises(InputError) as err:
        save_register(jsg.db, 999, [MarkEntry(jsg.ann, "present")])
    assert err.value.field == "meeting_id"


# Quorum ----------------------------------------------------------------------------------


def set_rule(j, rule) -> None:
    with j.db.atomic():
        j.db.execute("UPDATE groups SET quorum_rule = ? WHERE id = ?",
                     [json.dumps(rule) if rule else None, j.group])


def take(j, present: int) -> None:
    """The first ``present`` members (Ann, Bob, Cat, Zoe) present, the others apologies."""
    members = [j.ann, j.bob, j.cat, j.zoe]
    save_register(j.db, j.meeting, [
        MarkEntry(p, "present" if i < present else "apologies") for i, p in enumerate(members)])


@pytest.mark.parametrize(("rule", "present", "quorate", "detail"), [
    ({"kind": "count", "count": 3}, 3, True, "3 of 4 members present; 3 needed"),
    ({"kind": "count", "count": 3}, 2, False, "2 of 4 members present; 3 needed"),
    ({"kind": "share", "share": 0.5, "minimum": 2}, 2, True, "2 of 4 members present; 2 needed"),
    ({"kind": "share", "share": 0.5, "minimum": 2}, 1, False, "1 of 4 members present; 2 needed"),
    # The minimum wins over a smaller share.
    ({"kind": "share", "share": 0.5, "minimum": 3}, 2, False, "2 of 4 members present; 3 needed"),
    # A share is rounded up: 60% of 4 is 2.4, so 3 are needed.
    ({"kind": "share", "share": 0.6, "minimum": 1}, 3, True, "3 of 4 members present; 3 needed"),
    ({"kind": "share", "share": 0.6, "minimum": 1}, 2, False, "2 of 4 members present; 3 needed"),
])
def test_quorum_by_count_and_share_at_the_boundary(jsg, rule, present, quorate, detail):
    set_rule(jsg, rule)
    take(jsg, present)
    result = quorum(jsg.db, jsg.meeting)
    assert (result.quorate, result.detail) == (quorate, detail)


def test_quorum_counts_online_and_substitutes_as_present(jsg):
    set_rule(jsg, {"kind": "count", "count": 3})
    save_register(jsg.db, jsg.meeting, [
        MarkEntry(jsg.ann, "present online"), MarkEntry(jsg.bob, "absent"),
        MarkEntry(jsg.cat, "apologies"), MarkEntry(jsg.zoe, "substitute", substitute_id=jsg.hal),
        MarkEntry(jsg.gus, "in attendance"), MarkEntry(jsg.ivy, "in attendance"),
    ])
    result = quorum(jsg.db, jsg.meeting)
    assert (result.quorate, result.detail) == (False, "2 of 4 members present; 3 needed")
    assert result.rule == "at least 3 members present"


AUTHORITIES = {"kind": "authorities", "authorities": ["district council", "police",
                                                      "county council"]}


def test_quorum_by_authorities_counts_a_substitute_from_the_authority(jsg):
    set_rule(jsg, AUTHORITIES)
    save_register(jsg.db, jsg.meeting, [
        MarkEntry(jsg.ann, "present"), MarkEntry(jsg.bob, "present online"),
        MarkEntry(jsg.cat, "absent"), MarkEntry(jsg.zoe, "substitute", substitute_id=jsg.hal),
    ])
    result = quorum(jsg.db, jsg.meeting)
    assert result.quorate is True
    assert result.rule == "district council, police and county council represented"
    assert result.missing_authorities == ["fire and rescue", "integrated care board"]


def test_quorum_by_authorities_one_short(jsg):
    set_rule(jsg, AUTHORITIES)
    # Bob (police) sends a substitute from Probation: the police are not there.
    save_register(jsg.db, jsg.meeting, [
        MarkEntry(jsg.ann, "present"), MarkEntry(jsg.bob, "substitute", substitute_id=jsg.gus),
        MarkEntry(jsg.zoe, "present"), MarkEntry(jsg.ivy, "in attendance"),
    ])
    result = quorum(jsg.db, jsg.meeting)
    assert (result.quorate, result.detail) == (False, "police not represented")
    assert result.missing_authorities == ["police", "integrated care board"]


def test_quorum_by_authorities_counts_people_in_attendance(jsg):
    set_rule(jsg, AUTHORITIES)
    # Zoe (county council) sends apologies; a county council officer comes as a guest.
    save_register(jsg.db, jsg.meeting, [
        MarkEntry(jsg.ann, "present"), MarkEntry(jsg.bob, "present"),
        MarkEntry(jsg.zoe, "apologies"), MarkEntry(jsg.hal, "in attendance"),
    ])
    assert quorum(jsg.db, jsg.meeting).quorate is True


def test_quorum_without_a_rule_or_without_marks_is_undecided(jsg):
    result = quorum(jsg.db, jsg.meeting)
    assert (result.quorate, result.rule, result.detail) == (
        None, "no quorum rule set", "nothing marked yet")
    assert result.missing_authorities == list(RESPONSIBLE_AUTHORITIES)
    take(jsg, 4)
    result = quorum(jsg.db, jsg.meeting)
    assert (result.quorate, result.detail) == (None, "4 of 4 members present")
    set_rule(jsg, {"kind": "count", "count": 2})
    save_register(jsg.db, jsg.meeting, [])
    assert quorum(jsg.db, jsg.meeting).quorate is None


def test_a_share_without_a_minimum_needs_at_least_one_member_present(jsg):
    # The rule chosen: a share's minimum may be left out and is then 1.
    set_rule(jsg, {"kind": "share", "share": 0.5})
    take(jsg, 2)
    result = quorum(jsg.db, jsg.meeting)
    assert (result.quorate, result.rule, result.detail) == (
        True, "half the members present", "2 of 4 members present; 2 needed")


@pytest.mark.parametrize(("rule", "reason"), [
    ({"kind": "count", "count": 0},
     "a quorum needs a number of members, a whole number of 1 or more"),
    ({"kind": "share", "share": 0.5, "minimum": 0},
     "a quorum needs a minimum number of members, a whole number of 1 or more"),
    ({"kind": "share", "share": 0},
     "a quorum by share needs a share of the members above 0 and at most 1 (0.5 is half)"),
])
def test_a_stored_rule_that_cannot_apply_says_why(jsg, rule, reason):
    # Read as it is checked on saving: a count of 0 is refused, not taken as always quorate.
    set_rule(jsg, rule)
    take(jsg, 4)
    result = quorum(jsg.db, jsg.meeting)
    assert (result.quorate, result.rule) == (None, "quorum rule not understood")
    assert result.detail == (f"the JSG quorum rule cannot be applied ({reason}); "
                             "set it again on the Partnership page")


@pytest.mark.parametrize(("rule", "words"), [
    ({"kind": "count", "count": 5}, "at least 5 members present"),
    ({"kind": "count", "count": 1}, "at least 1 member present"),
    ({"kind": "share", "share": 0.5, "minimum": 4}, "half the members (at least 4) present"),
    ({"kind": "share", "share": 2 / 3}, "two thirds of the members present"),
    ({"kind": "share", "share": 0.5, "minimum": 1}, "half the members present"),
    ({"kind": "count", "count": 0}, "quorum rule not understood"),
    ('{"kind": "count", "count": 3}', "at least 3 members present"),
    ({"kind": "share", "share": 0.4, "minimum": 3}, "40% of the members (at least 3) present"),
    (AUTHORITIES, "district council, police and county council represented"),
    ({"kind": "authorities", "authorities": ["police"]}, "police represented"),
    (None, "no quorum rule set"),
    ({"kind": "majority"}, "quorum rule not understood"),
    ({"kind": "authorities", "authorities": ["the vicar"]}, "quorum rule not understood"),
])
def test_describe_quorum_rule(rule, words):
    assert describe_quorum_rule(rule) == words
