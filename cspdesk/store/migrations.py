"""Forward-only schema migrations: one function per step, each recorded in its own transaction.

A step that has shipped is never edited. To change the schema, append a new function to
``MIGRATIONS``; ``migrate`` backs the file up with SQLite's backup API before running any
step on a database that already holds data.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cspdesk.errors import MigrationError, NewerDatabaseError
from cspdesk.store.connection import Database
from cspdesk.store.schema_v1 import SCHEMA_V1

# "CSPD" in ASCII: marks a SQLite file as a cspdesk database (PRAGMA application_id).
APPLICATION_ID = 0x43535044


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


def _v1_initial_schema(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE cspdesk_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        ) STRICT"""
    )
    for statement in _split_sql(SCHEMA_V1):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _split_sql(script: str) -> list[str]:
    """Split a schema script into statements (executescript would commit our transaction)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete SQL statement: {current[:60]}")
    return statements


def _v2_lsoa_counts(conn: sqlite3.Connection) -> None:
    """Counts per LSOA, month and crime type from police.uk imports, for hotspots."""
    conn.execute(
        """CREATE TABLE lsoa_counts (
            lsoa_code TEXT NOT NULL,
            lsoa_name TEXT NOT NULL,
            month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
            crime_type TEXT NOT NULL,
            count INTEGER NOT NULL CHECK (count >= 0),
            source_file TEXT,
            PRIMARY KEY (lsoa_code, month, crime_type)
        ) STRICT"""
    )
    conn.execute("CREATE INDEX lsoa_counts_month ON lsoa_counts(month, crime_type)")


def _v3_priority_measures(conn: sqlite3.Connection) -> None:
    """Which performance measures track each priority (Burglary, Anti-social behaviour)."""
    conn.execute(
        """CREATE TABLE priority_measures (
            priority_id INTEGER NOT NULL REFERENCES priorities(id) ON DELETE CASCADE,
            measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
            PRIMARY KEY (priority_id, measure_id)
        ) STRICT"""
    )
    conn.execute("CREATE INDEX priority_measures_measure ON priority_measures(measure_id)")


def _v4_lsoa_month_counts(conn: sqlite3.Connection) -> None:
    """Counts per LSOA kept compactly: each LSOA's name once, the counts keyed month first.

    Replaces v2's ``lsoa_counts`` (a name and a file on every row, in a table, its key and
    an index), whose writes took half of a police.uk import (bench/README.md). Its rows move
    to the new tables: an LSOA keeps the name of its latest month, a month the files its
    rows came from.
    """
    month_check = "CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]')"
    conn.execute(
        """CREATE TABLE lsoas (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL
        ) STRICT, WITHOUT ROWID"""
    )
    conn.execute(
        f"""CREATE TABLE lsoa_imports (
            month TEXT PRIMARY KEY {month_check},
            source_file TEXT
        ) STRICT, WITHOUT ROWID"""
    )
    conn.execute(
        f"""CREATE TABLE lsoa_month_counts (
            month TEXT NOT NULL {month_check},
            lsoa_code TEXT NOT NULL,
            crime_type TEXT NOT NULL,
            count INTEGER NOT NULL CHECK (count >= 0),
            PRIMARY KEY (month, lsoa_code, crime_type)
        ) STRICT, WITHOUT ROWID"""
    )
    # A bare column beside max() takes its value from the row holding the maximum.
    conn.execute(
        "INSERT INTO lsoas (code, name) SELECT lsoa_code, lsoa_name FROM "
        "(SELECT lsoa_code, lsoa_name, max(month) FROM lsoa_counts GROUP BY lsoa_code)"
    )
    conn.execute(
        "INSERT INTO lsoa_imports (month, source_file) "
        "SELECT month, group_concat(source_file, '; ') FROM "
        "(SELECT DISTINCT month, source_file FROM lsoa_counts ORDER BY month, source_file) "
        "GROUP BY month"
    )
    conn.execute(
        "INSERT INTO lsoa_month_counts (month, lsoa_code, crime_type, count) "
        "SELECT month, lsoa_code, crime_type, count FROM lsoa_counts "
        "ORDER BY month, lsoa_code, crime_type"
    )
    conn.execute("DROP TABLE lsoa_counts")


def _v5_agenda_items(conn: sqlite3.Connection) -> None:
    """Each meeting's agenda: its items in order, with what was noted and decided under
    each and the papers that go with it (one a line). ``kind`` marks the standing items a
    new agenda carries from the group's last one and the minutes fill from the register."""
    kinds = ("'item', 'apologies', 'minutes', 'actions', 'performance', 'priorities', "
             "'any other business', 'next meeting'")
    conn.execute(
        f"""CREATE TABLE agenda_items (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            title TEXT NOT NULL CHECK (trim(title) <> ''),
            kind TEXT NOT NULL DEFAULT 'item' CHECK (kind IN ({kinds})),
            standing INTEGER NOT NULL DEFAULT 0 CHECK (standing IN (0, 1)),
            lead TEXT,
            notes TEXT,
            decisions TEXT,
            papers TEXT
        ) STRICT"""
    )
    conn.execute("CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position)")


def _v6_audit_log(conn: sqlite3.Connection) -> None:
    """Who changed what: the audit log (its columns and guards live in ``cspdesk.audit``,
    written here as they shipped so later changes there do not alter this step)."""
    conn.execute(
        """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            via TEXT NOT NULL,
            kind TEXT NOT NULL,
            record_id INTEGER,
            action TEXT NOT NULL CHECK (action IN ('added', 'changed', 'deleted',
                'imported', 'register saved', 'anonymised', 'erased')),
            changes TEXT CHECK (changes IS NULL OR json_valid(changes))
        ) STRICT""")
    _audit_log_indexes_and_guards(conn)


def _audit_log_indexes_and_guards(conn: sqlite3.Connection) -> None:
    """The audit log's two indexes and the triggers refusing UPDATE and DELETE, as step 6
    made them and step 7 makes them again after rebuilding the log."""
    conn.execute("CREATE INDEX audit_log_record ON audit_log(kind, record_id)")
    conn.execute("CREATE INDEX audit_log_at ON audit_log(at)")
    for verb, trigger in (("UPDATE", "audit_log_kept"), ("DELETE", "audit_log_not_deleted")):
        conn.execute(f"CREATE TRIGGER {trigger} BEFORE {verb} ON audit_log BEGIN SELECT "
                     "RAISE(ABORT, 'the audit log cannot be edited'); END")


def _v7_restored_and_marks_index(conn: sqlite3.Connection) -> None:
    """The audit log's actions gain 'restored' (a restore from backup was logged as
    'imported'); the meetings list counts each meeting's marks from an index alone.

    SQLite cannot change a CHECK, so the log is rebuilt: a new table with the wider CHECK,
    every row copied with its id, the old one dropped (its indexes and the triggers that
    refuse UPDATE and DELETE with it) and the new one renamed; then its indexes and
    triggers again, as step 6 made them. Nothing else in the schema names the log. Entries
    are copied as they were written: an old restore stays 'imported'.
    """
    conn.execute(
        """CREATE TABLE audit_log_new (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            via TEXT NOT NULL,
            kind TEXT NOT NULL,
            record_id INTEGER,
            action TEXT NOT NULL CHECK (action IN ('added', 'changed', 'deleted',
                'imported', 'register saved', 'anonymised', 'erased', 'restored')),
            changes TEXT CHECK (changes IS NULL OR json_valid(changes))
        ) STRICT""")
    columns = "id, at, user, via, kind, record_id, action, changes"
    conn.execute(f"INSERT INTO audit_log_new ({columns}) SELECT {columns} FROM audit_log "
                 "ORDER BY id")
    for trigger in ("audit_log_kept", "audit_log_not_deleted"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DROP TABLE audit_log")
    conn.execute("ALTER TABLE audit_log_new RENAME TO audit_log")
    _audit_log_indexes_and_guards(conn)
    # list_meetings counts marks by meeting: (meeting_id, mark) answers it without the table.
    conn.execute("CREATE INDEX attendance_meeting_mark ON attendance(meeting_id, mark)")


MIGRATIONS: list[Migration] = [
    Migration(1, "initial schema", _v1_initial_schema),
    Migration(2, "counts per LSOA for hotspots", _v2_lsoa_counts),
    Migration(3, "measures linked to priorities", _v3_priority_measures),
    Migration(4, "counts per LSOA keyed by month, LSOA names kept once", _v4_lsoa_month_counts),
    Migration(5, "agenda items of each meeting", _v5_agenda_items),
    Migration(6, "audit log of every change", _v6_audit_log),
    Migration(7, "audit log records a restore; index of marks by meeting",
              _v7_restored_and_marks_index),
]


def latest_version() -> int:
    return MIGRATIONS[-1].version


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def pending(db: Database) -> list[Migration]:
    current = schema_version(db)
    if current > latest_version():
        raise NewerDatabaseError(
            f"{describe(db)} was written by a newer cspdesk (schema version {current}; "
            f"this cspdesk knows up to version {latest_version()}). "
            "Install the newer cspdesk to open it."
        )
    return [m for m in MIGRATIONS if m.version > current]


def describe(db: Database) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    return f"The database {row[2]}" if row and row[2] else "The database"


def migrate(db: Database) -> None:
    """Bring ``db`` up to the latest schema (``database.open_database`` backs it up first).

    Each step runs in one transaction together with its record in ``cspdesk_migrations``
    and the new ``PRAGMA user_version``: a step that fails leaves the file exactly as the
    previous step left it.
    """
    for step in pending(db):
        _run_step(db.conn, step)


def db_stem(db: Database) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]).stem if row and row[2] else "memory"


def _run_step(conn: sqlite3.Connection, step: Migration) -> None:
    try:
        conn.execute("BEGIN IMMEDIATE")
        step.apply(conn)
        conn.execute(
            "INSERT INTO cspdesk_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (step.version, step.name, dt.datetime.now().isoformat(timespec="seconds")),
        )
        conn.execute(f"PRAGMA user_version = {int(step.version)}")
        conn.execute("COMMIT")
    except Exception as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise MigrationError(
            f"Upgrading the database to schema version {step.version} ({step.name}) failed: "
            f"{exc}. The database was left as it was before this step."
        ) from exc
