"""``cspdesk quality``: the flagged months as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from cspdesk.cli.main import main
from cspdesk.performance.monthly import set_count
from cspdesk.store.database import open_database

FAR = "far below the months either side"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), obj={})


@pytest.fixture
def path(demo_path):
    """The demo with Bassetlaw's ASB in August 2022 cut to 40 and its All crime in
    November 2022 left out."""
    db = open_database(demo_path)
    ids = dict(db.execute("SELECT name, id FROM areas").fetchall())
    set_count(db, ids["Bassetlaw"], "Anti-social behaviour", "2022-08", 40)
    set_count(db, ids["Bassetlaw"], "All crime", "2022-11", None)
    db.close()
    return demo_path


def test_the_table_shows_months_in_words(path):
    result = run("quality", "--db", path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["area", "measure", "month", "reason"]
    assert "Bassetlaw  All crime              November 2022  missing" in lines[2]
    assert lines[3].startswith("Bassetlaw  Anti-social behaviour  August 2022    " + FAR)
    assert "(40 against about " in lines[3]
    assert len(lines) == 4


def test_csv_and_json_give_months_as_yyyy_mm(path):
    rows = list(csv.DictReader(io.StringIO(run("quality", "--db", path, "--format",
                                               "csv").output)))
    assert [(r["area"], r["measure"], r["month"]) for r in rows] == [
        ("Bassetlaw", "All crime", "2022-11"), ("Bassetlaw", "Anti-social behaviour", "2022-08")]
    assert rows[0]["reason"] == "missing" and rows[1]["reason"].startswith(FAR)
    data = json.loads(run("quality", "--db", path, "--format", "json").output)
    assert [{k: v for k, v in d.items() if k != "reason"} for d in data] == [
        {"area": "Bassetlaw", "measure": "All crime", "month": "2022-11"},
        {"area": "Bassetlaw", "measure": "Anti-social behaviour", "month": "2022-08"}]


def test_one_measure_and_the_global_db_option(path):
    result = run("--db", path, "quality", "--measure", "Anti-social behaviour",
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    assert [r["month"] for r in csv.DictReader(io.StringIO(result.output))] == ["2022-08"]


def test_no_flags(demo_path):
    result = run("quality", "--db", demo_path)
    assert result.exit_code == 0
    assert result.output == "No data-quality flags.\n"
    result = run("quality", "--db", demo_path, "--format", "json")
    assert json.loads(result.stdout) == []
    assert "No data-quality flags." in result.stderr
    result = run("quality", "--db", demo_path, "--format", "csv")
    assert result.stdout == "area,measure,month,reason\n"


def test_an_unknown_measure_or_no_database_is_a_clear_error(path):
    result = run("quality", "--db", path, "--measure", "ASB")
    assert result.exit_code == 2
    assert "There is no measure called 'ASB'" in result.output
    result = run("quality")
    assert result.exit_code == 2
    assert "--db PATH" in result.output
