"""Killed at a random moment, cspdesk loses nothing committed and tears nothing: after each
SIGKILL during a police.uk import, a workbook import, register saves or an export, the
database passes SQLite's checks and holds all of each change or none of it.

A few kills of each kind here; bench/kill_run.py runs many (see bench/README.md)."""

from __future__ import annotations

import kill_harness as harness  # tests/kill_harness.py

from cspdesk.exchange.export import export_workbook
from cspdesk.store.database import create_database

KILLS = 3


def check(report: harness.KillReport) -> None:
    assert report.problems == []
    assert report.kills + report.finished == KILLS
    assert report.kills >= 1  # the kills came while it was writing, not after


def test_killed_police_uk_imports(demo_path, tmp_path):
    months = ["2023-04", "2023-05", "2023-06", "2023-07"]
    files = harness.months_of_the_sample(tmp_path, months)
    check(harness.kill_many("police-uk", demo_path, files, tmp_path, KILLS))


def test_killed_register_saves(demo_path, tmp_path):
    check(harness.kill_many("register", demo_path, [], tmp_path, KILLS))


def test_killed_workbook_imports(demo_db, tmp_path):
    workbook = tmp_path / "partnership.xlsx"
    export_workbook(demo_db, workbook)
    empty = tmp_path / "empty.sqlite"
    create_database(empty).close()
    check(harness.kill_many("workbook", empty, [str(workbook)], tmp_path, KILLS))


def test_killed_exports_leave_the_database_alone(demo_path, tmp_path):
    check(harness.kill_many("export", demo_path, [], tmp_path, KILLS))


def test_a_torn_register_is_seen():
    before = {1: [(1, "present")], 2: [(1, "present")]}
    after = {1: [(1, "apologies")], 2: [(1, "apologies")]}
    assert harness.torn_registers(before, after, {1: [(1, "apologies")], 2: before[2]}) == []
    assert harness.torn_registers(before, after, {1: [], 2: before[2]}) == [1]


def test_an_unhealthy_file_is_seen(demo_path):
    data = bytearray(demo_path.read_bytes())
    data[4096 * 3:4096 * 4] = b"\x00" * 4096  # one page of a table zeroed
    demo_path.write_bytes(bytes(data))
    assert harness.health(demo_path) != []
