"""``cspdesk attendance``: the statistics as a table, CSV or JSON, and its errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from cspdesk.cli import meetings as cli_attendance
from cspdesk.cli.main import main
from cspdesk.meetings.attendance import AttendanceRow
from cspdesk.store.database import open_database

HEADER = ["name", "organisation", "expected", "present", "apologies", "absent", "substitute",
          "attendance_pct"]


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), obj={})


def add(db, table: str, **row) -> int:
    cols, marks = ", ".join(row), ", ".join("?" * len(row))
    sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
    return db.execute(sql, list(row.values())).lastrowid


@pytest.fixture
def path(db_path):
    """JSG with Ann (BDC) and Bob (Police); three held meetings in 2023.

    07/02: Ann present, Bob sends Hal;  18/04: Ann present, Bob absent;
    16/05: Ann apologies, Bob present online.
    """
    db = open_database(db_path)
    with db.atomic():
        bdc = add(db, "organisations", name="Bassetlaw District Council", short_name="BDC")
        police = add(db, "organisations", name="Nottinghamshire Police", short_name="Police")
        ann = add(db, "people", name="Ann Chair", organisation_id=bdc)
        bob = add(db, "people", name="Bob Officer", organisation_id=police)
        hal = add(db, "people", name="Hal Standin", organisation_id=police)
        jsg = add(db, "groups", name="Joint Strategic Group", short_name="JSG", tier="strategic")
        add(db, "groups", name="Partnership Delivery Group", short_name="PDG", tier="delivery")
        for person in (ann, bob):
            add(db, "memberships", person_id=person, group_id=jsg)
        for date, marks in [("2023-02-07", [(ann, "present", None), (bob, "substitute", hal)]),
                            ("2023-04-18", [(ann, "present", None), (bob, "absent", None)]),
                            ("2023-05-16", [(ann, "apologies", None),
                                            (bob, "present online", None)])]:
            meeting = add(db, "meetings", group_id=jsg, date=date, status="held")
            for person, mark, sub in marks:
                add(db, "attendance", meeting_id=meeting, person_id=person, mark=mark,
                    substitute_id=sub)
    db.close()
    return db_path


def rows_of_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_by_person(path):
    result = run("attendance", "--db", path, "--by", "person", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == ",".join(HEADER)
    assert rows_of_csv(result.output) == [
        dict(zip(HEADER, ["Ann Chair", "BDC", "3", "2", "1", "0", "0", "66.7"], strict=True)),
        # Hal came in Bob's place: not counted for Bob himself.
        dict(zip(HEADER, ["Bob Officer", "Police", "3", "1", "0", "1", "1", "33.3"],
                 strict=True)),
    ]


def test_json_by_organisation_counts_the_substitute(path):
    result = run("attendance", "--db", path, "--by", "organisation", "--format", "json",
                 "--group", "JSG")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"name": "Bassetlaw District Council", "expected": 3, "present": 2, "apologies": 1,
         "absent": 0, "substitute": 0, "attendance_pct": 66.7},
        {"name": "Nottinghamshire Police", "expected": 3, "present": 1, "apologies": 0,
         "absent": 1, "substitute": 1, "attendance_pct": 66.7},
    ]


def test_table_is_the_default_and_accepts_db_before_the_command(path):
    result = run("--db", path, "attendance", "--by", "organisation", "--from", "01/04/2023",
                 "--to", "30/04/2023")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("Attendance by organisation at meetings of every group held from "
                        "01/04/2023 to 30/04/2023")
    assert lines[2].split() == HEADER[:1] + HEADER[2:]
    assert lines[4].split() == ["Bassetlaw", "District", "Council", "1", "1", "0", "0", "0",
                                "100.0"]
    assert lines[5].split() == ["Nottinghamshire", "Police", "1", "0", "0", "1", "0", "0.0"]


def test_dates_limit_the_meetings(path):
    result = run("attendance", "--db", path, "--by", "person", "--format", "csv",
                 "--from", "16/05/2023")
    assert [(r["name"], r["expected"], r["present"]) for r in rows_of_csv(result.output)] == [
        ("Ann Chair", "1", "0"), ("Bob Officer", "1", "1")]
    result = run("attendance", "--db", path, "--by", "person", "--to", "06/02/2023")
    assert result.exit_code == 0
    assert "No held meetings match." in result.output


def test_no_expected_members_gives_an_empty_percentage(path, monkeypatch):
    nobody = [AttendanceRow("Nottinghamshire Police", None, 0, 0, 0, 0, 0, None)]
    monkeypatch.setattr(cli_attendance, "attendance_statistics", lambda *a: nobody)
    as_csv = run("attendance", "--db", path, "--by", "organisation", "--format", "csv")
    assert as_csv.output.splitlines()[1] == "Nottinghamshire Police,0,0,0,0,0,"
    as_json = run("attendance", "--db", path, "--by", "organisation", "--format", "json")
    assert json.loads(as_json.output)[0]["attendance_pct"] is None


@pytest.mark.parametrize(("args", "words"), [
    (["--from", "31/02/2023"], "The --from date '31/02/2023' is not a date: February 2023 has"),
    (["--to", "2023-04-30"], "The --to date '2023-04-30' is not a date written dd/mm/yyyy"),
    (["--from", "01/05/2023", "--to", "01/04/2023"], "--from 01/05/2023 is after --to 01/04/2023"),
    (["--group", "CSP"], "There is no group with the short name 'CSP'; the groups are JSG, PDG."),
])
def test_bad_input_is_one_sentence_and_exit_2(path, args, words):
    result = run("attendance", "--db", path, "--by", "person", *args)
    assert result.exit_code == 2
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_by_and_the_database_are_required(path, tmp_path):
    no_by = run("attendance", "--db", path)
    assert no_by.exit_code == 2 and "--by" in no_by.stderr
    no_db = run("attendance", "--by", "person")
    assert no_db.exit_code == 2 and "--db PATH" in no_db.stderr
    missing = run("attendance", "--db", tmp_path / "nowhere.sqlite", "--by", "person")
    assert missing.exit_code == 2 and "There is no database" in missing.stderr


def test_demo_jsg_by_organisation_lists_the_councils_and_police(demo_path):
    result = run("attendance", "--db", demo_path, "--group", "JSG", "--by", "organisation",
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in rows_of_csv(result.output)}
    for name in ("Bassetlaw District Council", "Newark and Sherwood District Council",
                 "Nottinghamshire County Council", "Nottinghamshire Police"):
        assert int(rows[name]["expected"]) > 0
    for r in rows.values():
        counts = [int(r[c]) for c in ("present", "apologies", "absent", "substitute")]
        assert sum(counts) == int(r["expected"])
        came = (counts[0] + counts[3]) / int(r["expected"]) * 100
        assert r["attendance_pct"] == f"{came:.1f}"


def test_demo_by_person_table_and_json_agree(demo_path):
    table = run("attendance", "--db", demo_path, "--by", "person", "--group", "PDG")
    as_json = run("attendance", "--db", demo_path, "--by", "person", "--group", "PDG",
                  "--format", "json")
    assert table.exit_code == 0 and as_json.exit_code == 0
    people = json.loads(as_json.output)
    assert people and [p["name"] for p in people] == sorted(p["name"] for p in people)
    for person in people:
        assert person["name"] in table.output
        assert person["organisation"]
        assert person["attendance_pct"] == round(person["present"] / person["expected"] * 100, 1)
