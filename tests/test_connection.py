"""cspdesk's Database (cspdesk/store/connection.py) does what sqlite-utils' Database did for
each of the methods cspdesk calls: every write lands once and only once, a failure leaves
nothing half written and no transaction open, and a nested block is a savepoint. Each
scenario runs on both, and what another connection then reads must be the same."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from cspdesk.store.connection import Database, connect

SCHEMA = """
CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE guarded (n INTEGER);
CREATE TRIGGER no_thirteen BEFORE INSERT ON guarded WHEN NEW.n = 13
BEGIN SELECT RAISE(ROLLBACK, 'thirteen refused'); END;
"""


def add(db, name: str) -> None:
    db.execute("INSERT INTO people (name) VALUES (?)", [name])


def write_outside_a_transaction(db) -> None:
    add(db, "Ann")
    db.execute("UPDATE people SET name = :new WHERE name = :old", {"new": "Anne", "old": "Ann"})


def failing_write_outside_a_transaction(db) -> None:
    add(db, "Ann")
    with pytest.raises(sqlite3.IntegrityError):
        add(db, "Ann")
    add(db, "Bob")  # not swallowed by a transaction the failure left open


def atomic_block(db) -> None:
    with db.atomic():
        add(db, "Ann")
        add(db, "Bob")


def atomic_block_that_fails(db) -> None:
    add(db, "Kept")
    with pytest.raises(RuntimeError), db.atomic():
        add(db, "Ann")
        raise RuntimeError("half way")


def nested_block_that_fails(db) -> None:
    with db.atomic():
        add(db, "Ann")
        with pytest.raises(sqlite3.IntegrityError), db.atomic():
            add(db, "Bob")
            add(db, "Ann")
        add(db, "Cy")


def trigger_that_ends_the_transaction(db) -> None:
    """RAISE(ROLLBACK) ends the outer transaction, savepoint and all: the trigger's own
    error reaches the caller, not 'no such savepoint'."""
    with pytest.raises(sqlite3.IntegrityError, match="thirteen refused"), db.atomic():
        add(db, "Ann")
        with db.atomic():
            db.execute("INSERT INTO guarded VALUES (13)")


def comment_before_a_write(db) -> None:
    db.execute("-- the officer's note\n/* and another */ INSERT INTO people (name) VALUES ('Di')")


def explicit_begin_is_left_open(db) -> None:
    db.execute("BEGIN")
    add(db, "Ann")
    assert db.conn.in_transaction
    db.rollback()
    db.rollback()  # none open: nothing happens


SCENARIOS = [write_outside_a_transaction, failing_write_outside_a_transaction, atomic_block,
             atomic_block_that_fails, nested_block_that_fails,
             trigger_that_ends_the_transaction, comment_before_a_write,
             explicit_begin_is_left_open]


def outcome(path: Path, make: Callable[[sqlite3.Connection], object],
            scenario: Callable[[object], None]) -> tuple[list[str], bool]:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    db = make(conn)
    scenario(db)
    still_open = conn.in_transaction
    other = sqlite3.connect(path)  # what everyone else now reads
    names = [name for (name,) in other.execute("SELECT name FROM people ORDER BY id")]
    other.close()
    conn.close()
    return names, still_open


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
def test_each_write_lands_as_it_did_with_sqlite_utils(tmp_path: Path, scenario) -> None:
    ours = outcome(tmp_path / "ours.sqlite", Database, scenario)
    theirs = outcome(tmp_path / "theirs.sqlite", lambda conn: sqlite_utils.Database(
        conn, execute_plugins=False, recursive_triggers=False), scenario)
    assert ours == theirs
    assert ours[1] is False  # nothing left open


def test_what_each_scenario_leaves(tmp_path: Path) -> None:
    """The outcomes themselves, so that both being wrong the same way fails too."""
    expected = {"write_outside_a_transaction": ["Anne"],
                "failing_write_outside_a_transaction": ["Ann", "Bob"],
                "atomic_block": ["Ann", "Bob"], "atomic_block_that_fails": ["Kept"],
                "nested_block_that_fails": ["Ann", "Cy"],
                "trigger_that_ends_the_transaction": [],
                "comment_before_a_write": ["Di"], "explicit_begin_is_left_open": []}
    for scenario in SCENARIOS:
        names, _ = outcome(tmp_path / f"{scenario.__name__}.sqlite", Database, scenario)
        assert names == expected[scenario.__name__], scenario.__name__


def test_a_block_waits_its_turn_as_a_writer_from_the_start(tmp_path: Path) -> None:
    """atomic() begins IMMEDIATE: while one block is open, another connection cannot start
    writing, even before the first block has written anything."""
    path = tmp_path / "one.sqlite"
    sqlite3.connect(path).executescript(SCHEMA)
    first = connect(path)
    second = sqlite3.connect(path, timeout=0)
    with first.atomic():
        first.execute("SELECT count(*) FROM people").fetchone()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            second.execute("BEGIN IMMEDIATE")
    second.execute("BEGIN IMMEDIATE")  # free once the block has ended
    second.rollback()
    second.close()
    first.close()


def test_table_names_and_closing(tmp_path: Path) -> None:
    path = tmp_path / "names.sqlite"
    with Database(sqlite3.connect(path)) as db:
        db.conn.executescript(SCHEMA)
        assert sorted(db.table_names()) == ["guarded", "people"]
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        db.execute("SELECT 1")


def test_sqlite_utils_tables_on_the_same_connection(tmp_path: Path) -> None:
    """sqlite-utils' table API is at hand, on the connection itself: what it writes the
    connection reads at once."""
    db = Database(sqlite3.connect(tmp_path / "t.sqlite"))
    db.conn.executescript(SCHEMA)
    db["people"].insert({"name": "Ann"})
    assert db["people"].columns_dict == {"id": int, "name": str}
    assert db.execute("SELECT name FROM people").fetchall() == [("Ann",)]
    db.close()


def test_two_threads_savepoints_do_not_clash(tmp_path: Path) -> None:
    """Savepoint names are unique in the process, whichever thread nests a block."""
    path = tmp_path / "threads.sqlite"
    sqlite3.connect(path).executescript(SCHEMA)
    failures: list[BaseException] = []

    def work(prefix: str) -> None:
        db = connect(path)
        try:
            for i in range(20):
                with db.atomic(), db.atomic():
                    add(db, f"{prefix}{i}")
        except BaseException as exc:  # noqa: BLE001 (reported below)
            failures.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=work, args=(p,)) for p in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    check = sqlite3.connect(path)
    assert check.execute("SELECT count(*) FROM people").fetchone() == (40,)
    check.close()
