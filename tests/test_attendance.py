"""Attendance statistics by person and by organisation, and the trend by financial quarter."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from cspdesk.errors import InputError
from cspdesk.meetings.attendance import (
    AttendanceRow,
    attendance_statistics,
    attendance_trend,
)


def add(db, table: str, **row) -> int:
    cols, marks = ", ".join(row), ", ".join("?" * len(row))
    sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
    return db.execute(sql, list(row.values())).lastrowid


@pytest.fixture
def csp(db):
    """Three held JSG meetings across a year end, one PDG meeting, and meetings that don't count.

    JSG 06/12/2022: Ann present, Bob sends Hal as substitute, Dan apologies (Cat not yet a member)
    JSG 07/02/2023: Ann present online, Bob absent, Cat present, Dan not marked
    JSG 18/04/2023: Ann present, Bob present, Cat apologies (Dan's membership has ended)
    (Cat's membership starts and Dan's ends on 07/02/2023.)
    PDG 19/01/2023: Ann apologies, Nia (no organisation) present
    """
    ids = SimpleNamespace(db=db)
    with db.atomic():
        bdc = add(db, "organisations", name="Bassetlaw District Council", short_name="BDC",
                  kind="district council", responsible_authority="district council")
        police = add(db, "organisations", name="Nottinghamshire Police", short_name="Police",
                     kind="police", responsible_authority="police")
        probation = add(db, "organisations", name="Probation Service", kind="probation")
        for key, name, org in [("ann", "Ann Chair", bdc), ("bob", "Bob Officer", police),
                               ("cat", "Cat Member", probation), ("dan", "Dan Leaver", bdc),
                               ("hal", "Hal Standin", police), ("gus", "Gus Guest", probation),
                               ("nia", "Nia Nobody", None)]:
            setattr(ids, key, add(db, "people", name=name, organisation_id=org))
        jsg = add(db, "groups", name="Joint Strategic Group", short_name="JSG", tier="strategic")
        pdg = add(db, "groups", name="Partnership Delivery Group", short_name="PDG",
                  tier="delivery")
        ids.empty = add(db, "groups", name="Safer Streets Board", short_name="SSB",
                        tier="operational")
        for person, group, role, start, end in [
            (ids.ann, jsg, "chair", None, None), (ids.bob, jsg, "member", None, None),
            # Cat joins and Dan leaves on the day of the February meeting: both expected at it.
            (ids.cat, jsg, "member", "2023-02-07", None),
            (ids.dan, jsg, "member", None, "2023-02-07"),
            (ids.ann, pdg, "member", None, None), (ids.nia, pdg, "member", None, None),
        ]:
            add(db, "memberships", person_id=person, group_id=group, role=role,
                start_date=start, end_date=end)
        add(db, "memberships", person_id=ids.hal, group_id=jsg, role="deputy",
            deputy_for_id=ids.bob)
        _meetings(db, ids, jsg, pdg)
    return ids


def _meetings(db, ids, jsg: int, pdg: int) -> None:
    registers = {
        (jsg, "2022-12-06"): [(ids.ann, "present", None), (ids.bob, "substitute", ids.hal),
                              (ids.dan, "apologies", None), (ids.gus, "in attendance", None)],
        (jsg, "2023-02-07"): [(ids.ann, "present online", None), (ids.bob, "absent", None),
                              (ids.cat, "present", None)],
        (jsg, "2023-04-18"): [(ids.ann, "present", None), (ids.bob, "present", None),
                              (ids.cat, "apologies", None)],
        (pdg, "2023-01-19"): [(ids.ann, "apologies", None), (ids.nia, "present", None)],
        (ids.empty, "2022-08-01"): [],
    }
    for (group, date), marks in registers.items():
        meeting = add(db, "meetings", group_id=group, date=date, status="held")
        for person, mark, sub in marks:
            add(db, "attendance", meeting_id=meeting, person_id=person, mark=mark,
                substitute_id=sub)
    # Neither a scheduled nor a cancelled meeting counts, whatever it holds.
    add(db, "meetings", group_id=jsg, date="2023-06-13", status="scheduled")
    cancelled = add(db, "meetings", group_id=jsg, date="2023-03-07", status="cancelled")
    add(db, "attendance", meeting_id=cancelled, person_id=ids.ann, mark="present")


def by_name(rows: list[AttendanceRow]) -> dict[str, tuple]:
    return {r.name: (r.expected, r.present, r.apologies, r.absent, r.substitute,
                     None if r.attendance_pct is None else round(r.attendance_pct, 1))
            for r in rows}


def test_by_person_a_substitute_does_not_count_for_the_member(csp):
    rows = attendance_statistics(csp.db, "person", "JSG")
    assert [r.name for r in rows] == ["Ann Chair", "Bob Officer", "Cat Member", "Dan Leaver"]
    # expected, present, apologies, absent, substitute, %
    assert by_name(rows) == {
        "Ann Chair": (3, 3, 0, 0, 0, 100.0),
        "Bob Officer": (3, 1, 0, 1, 1, 33.3),
        "Cat Member": (2, 1, 1, 0, 0, 50.0),
        "Dan Leaver": (2, 0, 1, 1, 0, 0.0),  # not marked at a held meeting: absent
    }
    assert [r.organisation for r in rows] == ["BDC", "Police", "Probation Service", "BDC"]


def test_by_organisation_a_substitute_counts_for_the_members_organisation(csp):
    rows = attendance_statistics(csp.db, "organisation", "JSG")
    assert by_name(rows) == {
        "Bassetlaw District Council": (5, 3, 1, 1, 0, 60.0),
        "Nottinghamshire Police": (3, 1, 0, 1, 1, 66.7),
        "Probation Service": (2, 1, 1, 0, 0, 50.0),
    }
    assert [r.name for r in rows] == sorted(by_name(rows))
    assert all(r.organisation is None for r in rows)


def test_every_group_when_none_is_given(csp):
    people = by_name(attendance_statistics(csp.db, "person"))
    assert people["Ann Chair"] == (4, 3, 1, 0, 0, 75.0)
    assert people["Nia Nobody"] == (1, 1, 0, 0, 0, 100.0)
    organisations = by_name(attendance_statistics(csp.db, "organisation"))
    assert organisations["(no organisation)"] == (1, 1, 0, 0, 0, 100.0)
    assert organisations["Bassetlaw District Council"] == (6, 3, 2, 1, 0, 50.0)


def test_group_short_name_filters_and_ignores_case(csp):
    assert by_name(attendance_statistics(csp.db, "person", "pdg")) == {
        "Ann Chair": (1, 0, 1, 0, 0, 0.0), "Nia Nobody": (1, 1, 0, 0, 0, 100.0)}


def test_date_range_is_inclusive(csp):
    rows = by_name(attendance_statistics(csp.db, "person", "JSG", "2023-02-07", "2023-04-18"))
    assert rows["Ann Chair"] == (2, 2, 0, 0, 0, 100.0)
    assert rows["Dan Leaver"] == (1, 0, 0, 1, 0, 0.0)
    only_first = by_name(attendance_statistics(csp.db, "person", "JSG", end="2022-12-06"))
    assert set(only_first) == {"Ann Chair", "Bob Officer", "Dan Leaver"}
    assert attendance_statistics(csp.db, "person", start="2023-04-19") == []


def test_a_member_marked_in_attendance_counts_present(csp):
    # Cat's membership was backdated after she had been recorded as a guest.
    with csp.db.atomic():
        csp.db.execute("UPDATE memberships SET start_date = '2022-12-06' WHERE person_id = ?",
                       [csp.cat])
        csp.db.execute("UPDATE attendance SET person_id = ? WHERE person_id = ?",
                       [csp.cat, csp.gus])
    assert by_name(attendance_statistics(csp.db, "person", "JSG"))["Cat Member"] == (
        3, 2, 1, 0, 0, 66.7)


def test_unknown_group_is_refused_naming_the_groups(csp):
    with pytest.raises(InputError) as err:
        attendance_statistics(csp.db, "person", "CSP")
    assert err.value.field == "group"
    assert "'CSP'" in str(err.value) and "JSG, PDG, SSB" in str(err.value)
    with pytest.raises(InputError):
        attendance_trend(csp.db, "CSP")


@pytest.mark.parametrize(("args", "field"), [
    (("team",), "by"),
    (("person", None, "2023-05-01", "2023-04-01"), "start"),
    (("person", None, "01/04/2023"), "start"),
    (("person", None, None, "2023-02-30"), "end"),
])
def test_bad_arguments_are_refused(csp, args, field):
    with pytest.raises(InputError) as err:
        attendance_statistics(csp.db, *args)
    assert err.value.field == field


def test_statistics_are_indexed_queries(csp):
    """A check that stays instant on ten years of meetings: no full scan of the big tables."""
    plans = []

    def explain(sql: str) -> None:
        if sql.lstrip().startswith("WITH"):
            plans.extend(r[3] for r in csp.db.conn.execute("EXPLAIN QUERY PLAN " + sql))

    csp.db.conn.set_trace_callback(explain)
    try:
        attendance_statistics(csp.db, "organisation", "JSG", "2022-04-01", "2023-03-31")
        attendance_trend(csp.db, "JSG")
    finally:
        csp.db.conn.set_trace_callback(None)
    assert plans
    assert any("USING INDEX sqlite_autoindex_attendance" in p for p in plans)
    assert not [p for p in plans if p.startswith("SCAN") and
                any(t in p for t in ("attendance", "memberships", "meetings", " a", " ms", " mk"))]


def test_trend_by_financial_quarter_across_a_year_end(csp):
    trend = [(q, None if p is None else round(p, 1)) for q, p in attendance_trend(csp.db)]
    # Q3 06/12: Ann + Hal for Bob of 3; Q4 JSG 07/02 (2 of 4) with PDG 19/01 (1 of 2); Q1 2 of 3.
    # The empty group's meeting in August has nobody expected.
    assert trend == [("2022/23 Q2", None), ("2022/23 Q3", 66.7), ("2022/23 Q4", 50.0),
                     ("2023/24 Q1", 66.7)]


def test_trend_filters(csp):
    assert attendance_trend(csp.db, "PDG") == [("2022/23 Q4", 50.0)]
    assert [q for q, _ in attendance_trend(csp.db, "JSG", "2023-01-01", "2023-12-31")] == [
        "2022/23 Q4", "2023/24 Q1"]
    assert attendance_trend(csp.db, "JSG", "2024-01-01") == []
