"""Schema version 7: the audit log's actions gain 'restored' (the log rebuilt, every entry
kept as written, still guarded), and the meetings list counts marks from an index alone."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from test_erasure import EMAIL, NAME, PHONE, secrets_in
from test_retention import LATER

from cspdesk import audit
from cspdesk.demo import build_demo_database
from cspdesk.meetings import meetings
from cspdesk.meetings.structure_edits import save_person
from cspdesk.privacy.erasure import erase_person
from cspdesk.privacy.retention import anonymise, past_retention
from cspdesk.store import migrations
from cspdesk.store.backup import backup_file
from cspdesk.store.connection import Database
from cspdesk.store.database import create_database, open_database
from cspdesk.store.restore import restore_backup

# Each column as its bytes (hex) and its type: what "kept byte for byte" compares.
ROWS = ("SELECT id, hex(at), hex(user), hex(via), hex(kind), typeof(record_id), record_id, "
        "hex(action), typeof(changes), hex(changes) FROM audit_log ORDER BY id")
OLD_RESTORE = {"restored from backup": "csp-20260101-090000-daily.sqlite", "kept as": None}


def at_version_6(make: Callable[[], Database]) -> Database:
    """Run ``make`` with cspdesk knowing schema steps 1 to 6 only."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:6])
        return make()


@pytest.fixture
def v6_path(tmp_path: Path) -> Path:
    """The demo at schema version 6, its log holding changes (a name, an email, a phone,
    non-ASCII text), an entry without values, one with no record, an old restore and one
    whose id leaves a gap."""
    path = tmp_path / "csp.sqlite"
    db = at_version_6(lambda: build_demo_database(path))
    assert migrations.schema_version(db) == 6
    person = db.execute("SELECT person_id FROM attendance GROUP BY person_id "
                        "ORDER BY count(*) DESC").fetchone()[0]
    save_person(db, {"name": NAME, "email": EMAIL, "phone": PHONE}, person)
    save_person(db, {"job_title": "Community safety lead – Mansfield £"}, person)
    with db.conn:
        audit.record_entry(db, "meetings", 1, "register saved", None)
        audit.record_entry(db, "database", None, "imported", OLD_RESTORE, way="restore")
        db.execute("INSERT INTO audit_log (id, at, user, via, kind, record_id, action, changes) "
                   "VALUES (9001, '2026-11-02T09:15:00', 'jsmith', 'form', 'areas', 7, "
                   "'changed', ?)", ['{"name": ["Bassetlaw", "Bassetlaw \u2013 North"]}'])
    db.close()
    return path


def upgraded(path: Path) -> Database:
    return open_database(path, backup_dir=path.parent / "backups")


def person_named(db: Database, name: str) -> int:
    return db.execute("SELECT id FROM people WHERE name = ?", [name]).fetchone()[0]


def test_a_version_6_file_upgrades_keeping_every_entry_byte_for_byte(v6_path: Path):
    conn = sqlite3.connect(v6_path)
    before = conn.execute(ROWS).fetchall()
    conn.close()
    assert len(before) >= 5
    db = upgraded(v6_path)
    assert migrations.schema_version(db) == 7 == migrations.latest_version()
    assert db.execute(ROWS).fetchall() == before
    old_restore = audit.entries(db, kind="database")[0]
    assert (old_restore.action, old_restore.changes) == ("imported", OLD_RESTORE)
    assert db.execute("SELECT sql FROM sqlite_master WHERE name = 'attendance_meeting_mark'"
                      ).fetchone()[0] == ("CREATE INDEX attendance_meeting_mark ON "
                                          "attendance(meeting_id, mark)")
    db.close()
    backups = list((v6_path.parent / "backups").iterdir())
    assert [b.name.startswith("csp-schema-v6-") for b in backups] == [True]
    kept = sqlite3.connect(backups[0])
    assert kept.execute("PRAGMA user_version").fetchone()[0] == 6
    assert kept.execute(ROWS).fetchall() == before
    kept.close()


def test_the_upgraded_log_takes_restored_refuses_other_words_and_stays_guarded(v6_path):
    db = upgraded(v6_path)
    with db.conn:
        audit.record_entry(db, "database", None, "restored", {"restored from backup": "b"})
    assert audit.entries(db, limit=1)[0].action == "restored"
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"), db.conn:
        audit.record_entry(db, "database", None, "moved", None)
    for sql in ("UPDATE audit_log SET action = 'changed'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.IntegrityError, match="the audit log cannot be edited"):
            db.execute(sql)
    assert audit.entries(db, limit=1)[0].action == "restored"
    db.close()


def test_nothing_else_of_the_schema_names_the_log_and_its_guards_are_audits_own(v6_path):
    db = upgraded(v6_path)
    named = db.execute("SELECT type, name, sql FROM sqlite_master WHERE name LIKE "
                       "'%audit_log%' OR sql LIKE '%audit_log%' ORDER BY type, name").fetchall()
    db.close()
    assert [(kind, name) for kind, name, _ in named] == [
        ("index", "audit_log_at"), ("index", "audit_log_record"), ("table", "audit_log"),
        ("trigger", "audit_log_kept"), ("trigger", "audit_log_not_deleted")]
    # erasure and retention put back audit.TRIGGERS: the same guards the step made
    assert sorted(sql for kind, _, sql in named if kind == "trigger") == sorted(audit.TRIGGERS)


def test_a_new_database_has_the_same_log_as_an_upgraded_one(v6_path, tmp_path):
    schema = "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? ORDER BY name"
    db = upgraded(v6_path)
    new = create_database(tmp_path / "new.sqlite")
    for table in ("audit_log", "attendance"):
        assert db.execute(schema, [table]).fetchall() == new.execute(schema, [table]).fetchall()
    db.close()
    new.close()


def test_erasure_still_works_on_the_upgraded_file(v6_path: Path):
    db = upgraded(v6_path)
    person = person_named(db, NAME)
    erase_person(db, person)
    assert audit.entries(db, kind="people", record_id=person)[0].action == "erased"
    assert NAME not in db.execute("SELECT group_concat(changes) FROM audit_log").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="the audit log cannot be edited"):
        db.execute("DELETE FROM audit_log")
    db.close()
    assert secrets_in(v6_path) == []


def test_retention_still_works_on_the_upgraded_file(v6_path: Path):
    db = upgraded(v6_path)
    person = person_named(db, NAME)
    with db.atomic():
        db.execute("UPDATE people SET active = 0 WHERE id = ?", [person])
        db.execute("UPDATE memberships SET end_date = '2030-01-01' WHERE person_id = ?",
                   [person])
    assert anonymise(db, past_retention(db, LATER)) >= 1
    assert db.execute("SELECT name FROM people WHERE id = ?", [person]).fetchone()[0] == \
        f"Former member {person}"
    assert audit.entries(db, kind="database")[0].action == "anonymised"
    assert NAME not in db.execute("SELECT group_concat(changes) FROM audit_log").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="the audit log cannot be edited"):
        db.execute("UPDATE audit_log SET user = 'someone else'")
    db.close()


def test_restoring_a_version_6_backup_writes_imported_which_its_log_accepts(v6_path, tmp_path):
    backup = backup_file(v6_path, tmp_path / "before.sqlite")
    upgraded(v6_path).close()
    restore_backup(backup, v6_path)
    db = upgraded(v6_path)  # the restored version 6 file, upgraded again
    entry = audit.entries(db, limit=1)[0]
    db.close()
    assert (entry.action, entry.via) == ("imported", "restore")
    assert entry.changes["restored from backup"] == "before.sqlite"


def query_plan(path: Path, sql: str, params: list) -> list[str]:
    """SQLite's plan for ``sql``, on a connection of its own (an EXPLAIN kept in a
    connection's statement cache is not prepared again after the schema changes)."""
    conn = sqlite3.connect(path)
    try:
        return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
    finally:
        conn.close()


def test_the_meetings_list_counts_marks_from_the_covering_index(demo_db, demo_path):
    run: list[tuple[str, list]] = []
    execute = demo_db.execute
    demo_db.execute = lambda sql, params=(): run.append((sql, params)) or execute(sql, params)
    summaries = meetings.list_meetings(demo_db)
    del demo_db.execute
    assert sum(s.present for s in summaries) > 0  # the marks were counted
    sql, params = run[-1]
    assert "SEARCH a USING COVERING INDEX attendance_meeting_mark (meeting_id=?) LEFT-JOIN" \
        in query_plan(demo_path, sql, params)
    demo_db.execute("DROP INDEX attendance_meeting_mark")  # without it: the table, each mark
    plan = query_plan(demo_path, sql, params)
    assert not any("COVERING INDEX" in step for step in plan), plan
