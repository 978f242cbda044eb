"""Retention: what is past each period, and anonymising it; attendance figures by
organisation stay exactly as they were."""

from __future__ import annotations

import datetime as dt

import pytest

from cspdesk import audit
from cspdesk.errors import InputError
from cspdesk.meetings.attendance import attendance_statistics
from cspdesk.privacy.retention import RULES, anonymise, past_retention, set_years_kept

LATER = dt.date(2040, 1, 1)  # every demo record is long past six years by then


def test_nothing_is_due_today_in_the_demo_but_all_of_it_in_2040(demo_db):
    today = {d.rule.key: len(d.ids) for d in past_retention(demo_db)}
    later = {d.rule.key: len(d.ids) for d in past_retention(demo_db, LATER)}
    assert today["retention_action_updates_years"] < later["retention_action_updates_years"]
    assert later["retention_action_updates_years"] == demo_db.execute(
        "SELECT count(*) FROM action_updates").fetchone()[0]


def test_anonymising_keeps_attendance_by_organisation_exactly(demo_db):
    with demo_db.atomic():
        demo_db.execute("UPDATE people SET active = 0 WHERE id IN (SELECT id FROM people "
                        "ORDER BY id LIMIT 5)")
        demo_db.execute("UPDATE memberships SET end_date = '2030-01-01' WHERE person_id IN "
                        "(SELECT id FROM people WHERE active = 0) AND end_date IS NULL")
        demo_db.execute("UPDATE attendance SET mark = 'apologies', reason = 'on leave' "
                        "WHERE id = (SELECT min(id) FROM attendance)")
    by_organisation = attendance_statistics(demo_db, "organisation")
    left = demo_db.execute("SELECT count(*) FROM people WHERE active = 0").fetchone()[0]
    due = past_retention(demo_db, LATER)
    people = next(d for d in due if d.rule.key == "retention_people_left_years")
    assert people.words == f"People who have left: {left} past 6 years" and left >= 5
    names = [demo_db.execute("SELECT name FROM people WHERE id = ?", [i]).fetchone()[0]
             for i in people.ids]
    assert anonymise(demo_db, due) > 5
    assert attendance_statistics(demo_db, "organisation") == by_organisation
    assert demo_db.execute("SELECT name FROM people WHERE id = ?",
                           [people.ids[0]]).fetchone()[0] == f"Former member {people.ids[0]}"
    assert demo_db.execute("SELECT count(*) FROM attendance WHERE reason IS NOT NULL"
                           ).fetchone()[0] == 0
    assert demo_db.execute("SELECT count(*) FROM action_updates WHERE author IS NOT NULL"
                           ).fetchone()[0] == 0
    data = demo_db.execute("SELECT group_concat(changes, ' ') FROM audit_log").fetchone()[0]
    assert not any(name in data for name in names)
    assert audit.entries(demo_db, kind="database")[0].action == "anonymised"
    assert [len(d.ids) for d in past_retention(demo_db, LATER)][0] == 0


def test_a_period_is_whole_years_or_none(db):
    rule = RULES[0]
    set_years_kept(db, rule, 3)
    assert past_retention(db)[0].words == "People who have left: 0 past 3 years"
    set_years_kept(db, rule, None)
    assert [d.rule for d in past_retention(db)] == list(RULES[1:])
    with pytest.raises(InputError, match="whole number of years from 1 to 100"):
        set_years_kept(db, rule, 0)
    assert audit.entries(db, kind="settings")[0].change_lines() == [
        "retention_people_left_years: 3 → (empty)"]


def test_anonymising_takes_reasons_and_authors_out_of_the_audit_log_too(demo_db, demo_path):
    """The register's and the update's own entries held the reason and the author: the log
    loses them with the records, and so do the file's bytes."""
    from cspdesk.meetings.register import MarkEntry, load_register, save_register
    from cspdesk.programmes.actions import add_update

    meeting = demo_db.execute("SELECT mt.id FROM meetings mt WHERE EXISTS (SELECT 1 FROM "
                              "attendance a WHERE a.meeting_id = mt.id) ORDER BY date"
                              ).fetchone()[0]
    marks = [MarkEntry(e.person_id, e.mark, e.reason, e.substitute_id)
             for e in load_register(demo_db, meeting) if e.mark]
    marks[0] = MarkEntry(marks[0].person_id, "apologies", "Hospital appointment (Dr Quayle)")
    save_register(demo_db, meeting, marks)
    update = add_update(demo_db, 1, {"date": "01/05/2023", "text": "Cameras ordered by Zed "
                                     "Okonkwo-Barnes.", "author": "Zed Okonkwo-Barnes"})
    assert "Okonkwo" in demo_db.execute(
        "SELECT changes FROM audit_log WHERE kind = 'action_updates' AND record_id = ?",
        [update]).fetchone()[0]
    anonymise(demo_db, past_retention(demo_db, LATER))
    register = audit.entries(demo_db, kind="meetings", record_id=meeting)[0]
    assert register.changes[f"person {marks[0].person_id}"][1] == "apologies"
    added = audit.entries(demo_db, kind="action_updates", record_id=update)[0]
    assert added.changes["author"] == [None, "[personal data removed]"]
    assert added.changes["text"] == [None, "Cameras ordered by [personal data removed]."]
    data = b"".join(demo_path.with_name(demo_path.name + s).read_bytes()
                    for s in ("", "-wal") if demo_path.with_name(demo_path.name + s).exists())
    assert b"Quayle" not in data and b"Hospital appointment" not in data
    assert b"Okonkwo" not in data
