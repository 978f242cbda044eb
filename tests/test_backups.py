"""Backups made without anyone asking: daily, before an import, checked, thinned as Anki
thins; what each holds; a restore that keeps the database as it was aside."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from cspdesk.errors import DatabaseError, NewerDatabaseError, NotACspdeskDatabaseError
from cspdesk.store.backups import (
    STAMP,
    Backup,
    backup_before_import,
    backup_if_due,
    backups_folder,
    list_backups,
    make_backup,
    obsolete,
)
from cspdesk.store.database import check_database, open_database
from cspdesk.store.restore import newest_backup, read_contents, restore_backup

DEMO_HOLDS = "45 meetings, 344 attendance marks, 432 monthly counts, 8 priorities, 27 actions"


def at(text: str, kind: str = "daily") -> Backup:
    made = dt.datetime.fromisoformat(text)
    return Backup(Path(f"test-{kind}-{made.strftime(STAMP)}.sqlite"), kind, made, 1)


def test_thinning_keeps_today_yesterday_then_days_weeks_and_months():
    today = dt.date(2026, 3, 18)  # a Wednesday
    kept = [at("2026-03-18 10:00"), at("2026-03-18 09:00", "import"), at("2026-03-17 08:00"),
            at("2026-03-16 18:00"), at("2026-03-14 12:00"), at("2026-03-10 12:00"),  # 3 days
            at("2026-03-08 20:00"), at("2026-02-20 12:00"),  # 2 weeks (Monday to Sunday)
            at("2026-01-15 12:00"), at("2025-12-31 12:00"),  # 2 months
            at("2019-05-01 12:00", "schema-v3")]  # before an upgrade: never thinned
    gone = [at("2026-03-16 08:00", "import"),  # that day's newest is kept
            at("2026-03-09 12:00"),  # Monday of the week whose Tuesday is kept
            at("2026-03-08 07:00"), at("2026-02-02 12:00"),  # week, month already kept
            at("2025-11-30 12:00")]  # past every limit
    assert obsolete(kept + gone, today, daily=3, weekly=2, monthly=2) == \
        sorted(gone, key=lambda b: b.made, reverse=True)


def test_a_year_and_more_of_daily_backups_thins_to_26():
    today = dt.date(2026, 3, 18)
    backups = [at(f"{today - dt.timedelta(days=n)} 09:00") for n in range(500)]
    gone = obsolete(backups, today)
    assert len(backups) - len(gone) == 2 + 7 + 5 + 12  # today and yesterday; the limits


def test_the_first_open_of_the_day_makes_one_backup(demo_db, demo_path):
    first = backup_if_due(demo_db)
    assert first is not None and first.parent == demo_path.parent / "backups"
    assert first.name.startswith("demo-daily-")
    assert backup_if_due(demo_db) is None  # the day's backup exists
    assert read_contents(first).describe() == DEMO_HOLDS
    assert read_contents(first).latest_month == "2023-03"
    yesterday = dt.datetime.now() - dt.timedelta(days=1)
    first.rename(first.with_name(f"demo-daily-{yesterday.strftime(STAMP)}.sqlite"))
    assert backup_if_due(demo_db) is not None  # a new day


def _break_an_index(path: Path) -> None:
    """Rows added behind an index's back: SQLite reads the file, the integrity check fails."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE scratch (x)")
    conn.execute("CREATE INDEX scratch_x ON scratch (x)")
    conn.commit()
    sql, root = conn.execute(
        "SELECT sql, rootpage FROM sqlite_master WHERE name = 'scratch_x'").fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("DELETE FROM sqlite_master WHERE name = 'scratch_x'")
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO scratch VALUES (?)", [(n,) for n in range(50)])
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("INSERT INTO sqlite_master VALUES ('index', 'scratch_x', 'scratch', ?, ?)",
                 [root, sql])
    conn.commit()
    conn.close()


def test_a_copy_that_fails_the_integrity_check_replaces_nothing(demo_path):
    db = open_database(demo_path)
    older = make_backup(db, "manual")
    db.close()
    _break_an_index(demo_path)
    db = open_database(demo_path)
    try:
        with pytest.raises(DatabaseError, match="failed SQLite's integrity check.*not kept"):
            make_backup(db, "import")
    finally:
        db.close()
    assert [b.path for b in list_backups(demo_path)] == [older]
    assert sorted(p.name for p in older.parent.iterdir()) == [older.name]  # no half file


def test_a_new_backup_thins_the_older_ones(demo_db, demo_path):
    folder = backups_folder(demo_path)
    seed = make_backup(demo_db, "manual", thin=False)
    day = dt.datetime.now() - dt.timedelta(days=5)
    names = [f"demo-daily-{day.replace(hour=h).strftime(STAMP)}.sqlite" for h in (8, 18)]
    names.append("demo-schema-v2-20190501-120000.sqlite")
    for name in names:
        shutil.copyfile(seed, folder / name)
    seed.unlink()
    made = backup_before_import(demo_db)
    assert made.name.startswith("demo-import-")
    assert sorted(p.name for p in folder.iterdir()) == sorted([made.name, *names[1:]])


def test_backups_of_another_database_in_the_folder_are_left_alone(demo_db, demo_path):
    folder = backups_folder(demo_path)
    folder.mkdir()
    other = folder / "demo-copy-daily-20190501-120000.sqlite"
    other.write_bytes(b"")
    backup_before_import(demo_db)
    assert other.exists()
    assert [b.kind for b in list_backups(demo_path)] == ["import"]


def _priorities(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM priorities").fetchone()[0]
    finally:
        conn.close()


def test_restore_puts_the_backup_back_and_keeps_the_database_aside(demo_db, demo_path):
    backup = make_backup(demo_db, "manual")
    demo_db.execute("DELETE FROM priority_measures")
    demo_db.execute("DELETE FROM priorities")
    demo_db.conn.commit()
    demo_db.close()
    aside = restore_backup(backup, demo_path)
    assert _priorities(demo_path) == 8
    assert aside is not None and _priorities(aside) == 0  # the file as it was
    assert list_backups(demo_path)[0].reason == "before a restore (the file as it was)"
    db = open_database(demo_path)
    assert check_database(db).healthy
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_restore_over_a_file_with_its_first_page_zeroed(demo_db, demo_path):
    backup = make_backup(demo_db, "manual")
    demo_db.close()
    with demo_path.open("r+b") as fh:
        fh.write(bytes(4096))
    damaged = demo_path.read_bytes()
    aside = restore_backup(backup, demo_path)
    assert aside is not None and aside.read_bytes() == damaged  # kept as it was
    assert _priorities(demo_path) == 8
    db = open_database(demo_path)
    assert check_database(db).healthy
    db.close()


def test_a_damaged_backup_is_refused_and_nothing_changes(demo_db, demo_path):
    backup = make_backup(demo_db, "manual")
    demo_db.close()
    _break_an_index(backup)
    before = demo_path.read_bytes()
    with pytest.raises(DatabaseError, match=r"fails SQLite's integrity check \(row 1 missing "
                       r"from index scratch_x\); choose another"):
        restore_backup(backup, demo_path)
    assert demo_path.read_bytes() == before
    assert [b.path for b in list_backups(demo_path)] == [backup]  # nothing put aside


def test_a_backup_from_a_newer_cspdesk_is_refused(demo_db, demo_path):
    backup = make_backup(demo_db, "manual")
    demo_db.close()
    conn = sqlite3.connect(backup)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(NewerDatabaseError, match="made by a newer cspdesk.*update cspdesk"):
        restore_backup(backup, demo_path)


def test_no_restore_over_a_file_that_is_not_a_cspdesk_database(demo_db, tmp_path):
    backup = make_backup(demo_db, "manual")
    notes = tmp_path / "notes.sqlite"
    notes.write_text("The JSG minutes, typed up.\n")
    with pytest.raises(NotACspdeskDatabaseError, match="notes.sqlite is not a cspdesk database"):
        restore_backup(backup, notes)
    assert notes.read_text() == "The JSG minutes, typed up.\n"


def test_restore_where_there_is_no_database(demo_db, tmp_path):
    backup = make_backup(demo_db, "manual")
    target = tmp_path / "gone.sqlite"
    assert restore_backup(backup, target) is None
    assert _priorities(target) == 8


def test_a_half_copy_left_by_a_kill_goes_once_it_is_an_hour_old(demo_db, demo_path):
    folder = backups_folder(demo_path)
    folder.mkdir()
    old, fresh = folder / "demo-import-20260101-090000.sqlite.partial", \
        folder / "demo-import-20260318-090000.sqlite.partial"
    for path in (old, fresh):
        path.write_bytes(b"half")
    two_hours_ago = dt.datetime.now().timestamp() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    made = backup_before_import(demo_db)
    assert sorted(p.name for p in folder.iterdir()) == sorted([made.name, fresh.name])


def test_the_newest_backup_that_passes_the_checks(demo_db, demo_path):
    older = make_backup(demo_db, "manual")
    newer = make_backup(demo_db, "import")
    assert newest_backup(demo_path) == newer
    _break_an_index(newer)
    assert newest_backup(demo_path) == older


def test_a_backups_folder_that_cannot_be_made_is_said_and_nothing_is_restored(demo_db,
                                                                                demo_path,
                                                                                tmp_path):
    backup = make_backup(demo_db, "manual", folder=tmp_path / "usb")
    (tmp_path / "backups").write_text("a file where the folder should be")
    with pytest.raises(DatabaseError, match=r"The folder .*backups cannot be made \(File "
                                            r"exists\), so no copy was written\."):
        backup_if_due(demo_db)
    demo_db.close()
    before = demo_path.read_bytes()
    with pytest.raises(DatabaseError, match=r"could not be kept aside in .*backups \(File "
                                            r"exists\), so nothing was restored\."):
        restore_backup(backup, demo_path)
    assert demo_path.read_bytes() == before


def test_two_upgrades_in_one_second_keep_both_backups(demo_db, demo_path, tmp_path,
                                                      monkeypatch):
    """A backup restored and upgraded in the second its database was upgraded: the second
    copy is numbered, not refused as already there."""
    from types import SimpleNamespace

    from cspdesk.store import backup, migrations

    when = dt.datetime(2026, 11, 30, 14, 0, 0)
    monkeypatch.setattr(backup, "dt", SimpleNamespace(datetime=SimpleNamespace(
        now=lambda: when)))
    folder = tmp_path / "upgrades"
    backup.backup_before_upgrade(demo_db, folder)
    backup.backup_before_upgrade(demo_db, folder)
    name = f"demo-schema-v{migrations.latest_version()}-20261130-140000"
    assert sorted(b.path.name for b in list_backups(demo_path, folder)) == [
        f"{name}-2.sqlite", f"{name}.sqlite"]
