"""The audit log: each change with its old and new values, who and through what, in the
change's own transaction; an import as one entry with its counts; no editing it."""

from __future__ import annotations

import getpass
import sqlite3

import pytest

from cspdesk import audit
from cspdesk.errors import InputError
from cspdesk.meetings.meetings import delete_meeting, save_meeting
from cspdesk.meetings.register import MarkEntry, save_register
from cspdesk.meetings.structure_edits import save_group, save_membership, save_person
from cspdesk.performance.police_uk.importer import import_police_uk


def test_a_change_is_logged_field_by_field_with_the_user(db):
    person = save_person(db, {"name": "Sarah Whitmore", "phone": "01632 960101"})
    save_person(db, {"phone": "01632 960102", "job_title": "ASB lead"}, person)
    save_person(db, {"phone": "01632 960102"}, person)  # nothing changed: no entry
    changed, added = audit.entries(db, kind="people", record_id=person)
    assert added.action == "added" and added.changes["name"] == [None, "Sarah Whitmore"]
    assert changed.action == "changed" and changed.user == getpass.getuser()
    assert changed.via == "form"
    assert changed.change_lines() == ["job_title: (empty) → ASB lead",
                                      "phone: 01632 960101 → 01632 960102"]


def test_a_refused_save_leaves_no_entry(db):
    person = save_person(db, {"name": "Sarah Whitmore"})
    with pytest.raises(InputError):
        save_person(db, {"email": "not an address"}, person)
    assert [e.action for e in audit.entries(db, kind="people")] == ["added"]


def test_the_log_cannot_be_edited_or_deleted(db):
    save_person(db, {"name": "Sarah Whitmore"})
    with pytest.raises(sqlite3.IntegrityError, match="the audit log cannot be edited"):
        db.execute("UPDATE audit_log SET user = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError, match="the audit log cannot be edited"):
        db.execute("DELETE FROM audit_log")


def test_the_register_is_one_entry_naming_each_changed_mark(db):
    group = save_group(db, {"name": "Joint Strategic Group", "short_name": "JSG",
                            "tier": "strategic"})
    ids = [save_person(db, {"name": n}) for n in ("Sarah Whitmore", "Daniel Pryce")]
    for pid in ids:
        save_membership(db, {"person_id": pid, "group_id": group})
    meeting = save_meeting(db, {"group_id": group, "date": "2024-05-01"})
    save_register(db, meeting, [MarkEntry(ids[0], "present"), MarkEntry(ids[1], "absent")])
    save_register(db, meeting, [MarkEntry(ids[0], "present"),
                                MarkEntry(ids[1], "apologies", reason="leave")])
    latest = audit.entries(db, kind="meetings", record_id=meeting)[0]
    assert (latest.action, latest.via) == ("register saved", "register")
    assert latest.change_lines() == [f"person {ids[1]}: absent → apologies (leave)"]


def test_a_deleted_meeting_keeps_what_it_held(db):
    group = save_group(db, {"name": "Joint Strategic Group", "short_name": "JSG",
                            "tier": "strategic"})
    meeting = save_meeting(db, {"group_id": group, "date": "2024-05-01", "venue": "Hall"})
    delete_meeting(db, meeting)
    deleted = audit.entries(db, kind="meetings", record_id=meeting)[0]
    assert deleted.action == "deleted" and deleted.changes["venue"] == ["Hall", None]


def test_a_police_uk_import_is_one_entry_with_its_counts(demo_db, police_uk_month):
    before = len(audit.entries(demo_db))
    import_police_uk(demo_db, [police_uk_month])
    after = audit.entries(demo_db)
    assert len(after) == before + 1
    entry = after[0]
    assert (entry.action, entry.via, entry.changes["months"]) == (
        "imported", "police.uk import", "2023-01")
    assert entry.changes["files"] == 1 and entry.changes["rows counted"] > 1000
