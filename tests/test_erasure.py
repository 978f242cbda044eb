"""Erasure: a person's name, email and phone gone from every table, the audit log and the
file's raw bytes (and its -wal); attendance figures by organisation unchanged."""

from __future__ import annotations

import sqlite3

import pytest

from cspdesk import audit
from cspdesk.errors import InputError
from cspdesk.meetings.attendance import attendance_statistics
from cspdesk.meetings.structure_edits import save_person
from cspdesk.privacy.erasure import erase_person, find_person, plan_erasure
from cspdesk.store.backups import make_backup
from cspdesk.store.database import open_database

NAME, EMAIL, PHONE = "Imogen Farthingale", "imogen.farthingale@example.org", "01632 960777"


def secrets_in(path) -> list[str]:
    """Which of the name, email and phone (in their usual forms) the raw bytes hold."""
    found = []
    for suffix in ("", "-wal"):
        part = path.with_name(path.name + suffix)
        data = part.read_bytes().lower() if part.exists() else b""
        for secret in ("farthingale", "imogen", EMAIL, "960777", "960 777"):
            if secret.encode() in data:
                found.append(f"{secret} in {part.name}")
    return found


@pytest.fixture
def planted(demo_db):
    """Someone in the demo with attendance, named in free text in several forms."""
    person, org = demo_db.execute(
        "SELECT person_id, organisation_id FROM attendance JOIN people p ON p.id = person_id "
        "WHERE organisation_id IS NOT NULL GROUP BY person_id ORDER BY count(*) DESC").fetchone()
    save_person(demo_db, {"name": NAME, "email": EMAIL, "phone": PHONE}, person)
    save_person(demo_db, {"phone": "01632 960778"}, person)
    save_person(demo_db, {"phone": PHONE}, person)
    with demo_db.atomic():
        demo_db.execute("UPDATE meetings SET notes = ? WHERE id = (SELECT min(id) FROM "
                        "meetings)", ["FARTHINGALE, Imogen to ring +44 1632 960777."])
        demo_db.execute("UPDATE actions SET owner_officer = ? WHERE id = (SELECT min(id) "
                        "FROM actions)", ["Ms I. Farthingale"])
        demo_db.execute("UPDATE action_updates SET author = ? WHERE id = (SELECT min(id) "
                        "FROM action_updates)", [NAME])
    return person


def test_erasure_leaves_no_trace_in_the_files_raw_bytes(demo_db, demo_path, planted):
    by_organisation = attendance_statistics(demo_db, "organisation")
    assert secrets_in(demo_path) != []  # the search can find them
    plan = erase_person(demo_db, planted)
    assert plan.name == NAME
    assert attendance_statistics(demo_db, "organisation") == by_organisation
    assert demo_db.execute("SELECT name, email, phone FROM people WHERE id = ?",
                           [planted]).fetchone() == (f"Erased person {planted}", None, None)
    assert demo_db.execute("SELECT owner_officer FROM actions ORDER BY id").fetchone()[0] == \
        "[personal data removed]"
    assert secrets_in(demo_path) == []
    demo_db.close()
    assert secrets_in(demo_path) == []
    again = open_database(demo_path)
    assert audit.entries(again, kind="people", record_id=planted)[0].action == "erased"
    assert again.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again.close()


def test_the_plan_lists_what_will_go_and_the_older_backups(demo_db, planted):
    make_backup(demo_db, "manual")
    plan = plan_erasure(demo_db, planted)
    lines = plan.lines()
    assert lines[0] == "Their name, email and phone on their record: 1"
    assert any(line.startswith("Mentions in free text") and line.endswith(": 3")
               for line in lines), lines
    assert any(line.startswith("Audit log entries") for line in lines)
    assert len(plan.backups) == 1


def test_a_person_is_found_by_the_forms_the_importer_reads(demo_db, planted):
    assert find_person(demo_db, "farthingale, imogen") == planted
    with pytest.raises(InputError, match="No one called 'Nobody Here' is in the database"):
        find_person(demo_db, "Nobody Here")


def test_the_audit_log_stays_guarded_after_an_erasure(demo_db, planted):
    erase_person(demo_db, planted)
    with pytest.raises(sqlite3.IntegrityError):
        demo_db.execute("DELETE FROM audit_log")


def test_a_name_split_over_a_line_break_leaves_the_audit_log_too(demo_db, demo_path, planted):
    """The log keeps values as JSON, where a line break is written '\\n': the name is found
    in the values, not in the JSON text."""
    from cspdesk.meetings.meetings import save_meeting

    meeting = demo_db.execute("SELECT max(id) FROM meetings").fetchone()[0]
    save_meeting(demo_db, {"notes": "Ring Imogen\nFarthingale\tor I.  FARTHINGALE."}, meeting)
    save_meeting(demo_db, {"notes": "Done."}, meeting)
    assert "Imogen\\nFarthingale" in demo_db.execute(
        "SELECT group_concat(changes) FROM audit_log").fetchone()[0]
    erase_person(demo_db, planted)
    old = audit.entries(demo_db, kind="meetings", record_id=meeting)[0].changes["notes"][0]
    assert old == "Ring [personal data removed]\tor [personal data removed]."
    assert secrets_in(demo_path) == []
