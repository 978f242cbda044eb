"""The store: creation, migrations, refusal of newer and foreign files, backups, foreign keys."""

import sqlite3

import pytest

from cspdesk.errors import (
    Cancelled,
    DatabaseExistsError,
    DatabaseLockedError,
    DatabaseMissingError,
    MigrationError,
    NewerDatabaseError,
    NotACspdeskDatabaseError,
)
from cspdesk.performance.hotspots import hotspots, months_with_lsoa_counts
from cspdesk.store import migrations
from cspdesk.store.backup import backup_file, backup_to
from cspdesk.store.database import check_database, create_database, open_database
from cspdesk.store.migrations import Migration


def test_new_database_has_latest_schema_wal_and_foreign_keys(db):
    assert migrations.schema_version(db) == migrations.latest_version()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    for table in ("organisations", "people", "groups", "memberships", "meetings", "attendance",
                  "areas", "measures", "monthly_counts", "priorities", "programmes", "actions",
                  "action_updates", "settings"):
        assert table in db.table_names()
    recorded = db.execute("SELECT version, name FROM cspdesk_migrations").fetchall()
    assert recorded == [(m.version, m.name) for m in migrations.MIGRATIONS]


def test_create_refuses_to_overwrite(db_path):
    before = db_path.read_bytes()
    with pytest.raises(DatabaseExistsError, match="will not overwrite"):
        create_database(db_path)
    assert db_path.read_bytes() == before


def test_open_missing_file_says_how_to_create(tmp_path):
    with pytest.raises(DatabaseMissingError, match="cspdesk new"):
        open_database(tmp_path / "nope.sqlite")


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), db.atomic():
        db.execute("INSERT INTO people (name, organisation_id) VALUES ('A Person', 999)")
    assert db.execute("SELECT COUNT(*) FROM people").fetchone()[0] == 0


def test_strict_tables_refuse_a_number_where_a_date_should_be(db):
    db.execute("INSERT INTO groups (name, short_name, tier) VALUES ('Joint Strategic Group', "
               "'JSG', 'strategic')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO meetings (group_id, date) VALUES (1, 20230411)")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO meetings (group_id, date) VALUES (1, '11/04/2023')")


def test_newer_database_is_refused_and_left_alone(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.latest_version() + 1}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer cspdesk"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "minutes.sqlite"
    path.write_text("Minutes of the JSG meeting\n" * 20)
    with pytest.raises(NotACspdeskDatabaseError, match="not an SQLite file"):
        open_database(path)
    assert path.read_text().startswith("Minutes")


def test_another_programs_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotACspdeskDatabaseError, match="another program.*invoices"):
        open_database(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "other.sqlite-wal").exists()


def test_an_empty_sqlite_file_is_not_taken_for_a_cspdesk_database(tmp_path):
    path = tmp_path / "empty.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.commit()
    conn.close()
    with pytest.raises(NotACspdeskDatabaseError, match="empty SQLite file"):
        open_database(path)


def test_a_locked_database_gets_a_clear_message(db_path, monkeypatch):
    monkeypatch.setattr("cspdesk.store.connection.BUSY_TIMEOUT_SECONDS", 0.1)
    holder = sqlite3.connect(db_path)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLockedError, match="locked by another program"):
            open_database(db_path)
    finally:
        holder.rollback()
        holder.close()


def _add_step(monkeypatch, apply):
    step = Migration(migrations.latest_version() + 1, "test step", apply)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    return step


def test_migration_backs_up_first_and_records_the_step(db_path, tmp_path, monkeypatch):
    db = open_database(db_path)
    db.execute("INSERT INTO settings VALUES ('partnership_name', 'BNS CSP')")
    db.conn.commit()
    db.close()
    old_version = migrations.latest_version()
    step = _add_step(monkeypatch, lambda conn: conn.execute("ALTER TABLE people ADD COLUMN x TEXT"))
    backups = tmp_path / "backups"
    db = open_database(db_path, backup_dir=backups)
    assert migrations.schema_version(db) == step.version
    assert "x" in db["people"].columns_dict
    assert db.execute("SELECT name FROM cspdesk_migrations WHERE version = ?",
                      [step.version]).fetchone()[0] == "test step"
    db.close()
    [backup] = list(backups.iterdir())
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == old_version
    assert copy.execute("SELECT value FROM settings").fetchone()[0] == "BNS CSP"
    copy.close()


def test_a_cancelled_copy_leaves_no_file(db_path, tmp_path):
    target = tmp_path / "copy.sqlite"

    def cancel(done, total):
        raise Cancelled()

    with pytest.raises(Cancelled):
        backup_file(db_path, target, cancel)
    assert list(tmp_path.glob("copy.sqlite*")) == []  # neither the copy nor its .partial


def test_a_failing_migration_leaves_the_database_as_it_was(db_path, tmp_path, monkeypatch):
    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk full")

    _add_step(monkeypatch, broken)
    with pytest.raises(MigrationError, match="left as it was"):
        open_database(db_path, backup_dir=tmp_path / "backups")
    monkeypatch.undo()
    db = open_database(db_path)
    assert migrations.schema_version(db) == migrations.latest_version()
    assert "half_done" not in db.table_names()
    db.close()


V2_LSOA_COUNTS = [  # lsoa_code, lsoa_name, month, crime_type, count, source_file
    ("E01000001", "Bassetlaw 001A", "2023-01", "Burglary", 3, "a-street.csv"),
    ("E01000001", "Bassetlaw 001A", "2023-01", "Anti-social behaviour", 2, "a-street.csv"),
    ("E01000001", "Bassetlaw 001Z", "2023-02", "Burglary", 1, "b-street.csv"),  # renamed
    ("E01000002", "Mansfield 002B", "2023-02", "Drugs", 4, "c-street.csv"),  # a second file
    ("E01000003", "Gedling 003C", "2022-12", "Drugs", 5, None),
]


def test_v4_moves_the_counts_per_lsoa_of_a_v3_database(tmp_path, monkeypatch):
    path = tmp_path / "v3.sqlite"
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:3])
    db = create_database(path)
    assert migrations.schema_version(db) == 3
    db.conn.executemany("INSERT INTO lsoa_counts VALUES (?, ?, ?, ?, ?, ?)", V2_LSOA_COUNTS)
    db.conn.commit()
    db.close()
    monkeypatch.undo()

    backups = tmp_path / "backups"
    db = open_database(path, backup_dir=backups)
    assert migrations.schema_version(db) == migrations.latest_version()
    assert db.execute("SELECT name FROM cspdesk_migrations WHERE version = 4").fetchone()
    assert "lsoa_counts" not in db.table_names()
    assert db.execute("SELECT * FROM lsoas ORDER BY code").fetchall() == [
        ("E01000001", "Bassetlaw 001Z"),  # the name of its latest month
        ("E01000002", "Mansfield 002B"), ("E01000003", "Gedling 003C")]
    assert db.execute("SELECT * FROM lsoa_month_counts ORDER BY 1, 2, 3").fetchall() == [
        ("2022-12", "E01000003", "Drugs", 5),
        ("2023-01", "E01000001", "Anti-social behaviour", 2),
        ("2023-01", "E01000001", "Burglary", 3),
        ("2023-02", "E01000001", "Burglary", 1),
        ("2023-02", "E01000002", "Drugs", 4)]
    assert db.execute("SELECT * FROM lsoa_imports ORDER BY month").fetchall() == [
        ("2022-12", None), ("2023-01", "a-street.csv"), ("2023-02", "b-street.csv; c-street.csv")]
    most, _rises = hotspots(db, "Bassetlaw", ["2023-01", "2023-02"], ["2022-01"])
    assert [(h.lsoa_name, h.count) for h in most] == [("Bassetlaw 001Z", 4)]
    assert months_with_lsoa_counts(db, ["2022-12", "2023-03"]) == ["2022-12"]
    assert check_database(db).healthy
    db.close()

    [backup] = list(backups.iterdir())
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 3
    assert copy.execute("SELECT * FROM lsoa_counts ORDER BY rowid").fetchall() == V2_LSOA_COUNTS
    copy.close()


def test_backup_holds_commits_still_in_the_wal(db, tmp_path):
    for n in range(200):
        db.execute("INSERT INTO organisations (name) VALUES (?)", [f"Organisation {n}"])
        db.conn.commit()
    target = backup_to(db, tmp_path / "copy.sqlite")
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT COUNT(*) FROM organisations").fetchone()[0] == 200
    copy.close()
    with pytest.raises(DatabaseExistsError):
        backup_to(db, target)


def test_check_finds_broken_foreign_keys(db):
    assert check_database(db).healthy
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("INSERT INTO people (name, organisation_id) VALUES ('Orphan', 42)")
    db.conn.commit()
    report = check_database(db)
    assert not report.healthy
    assert report.foreign_key_problems == ["people row 1 refers to a missing row in organisations"]
