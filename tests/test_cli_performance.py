"""``cspdesk performance``: the comparison as a table, CSV or JSON, and its errors."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from cspdesk.cli.main import main
from cspdesk.performance.comparison import LITTLE_POWER_NOTE
from cspdesk.store.database import open_database

# Section 2.2 of the committee report: 2022/23 against 2021/22, rounded to whole percent.
REPORT_TABLE = {
    "All crime": {"Nottinghamshire Police": 6, "Nottinghamshire": 7,
                  "Bassetlaw and Newark and Sherwood CSP": 5, "Newark and Sherwood": 9},
    "Anti-social behaviour": {"Nottinghamshire Police": -13, "Nottinghamshire": -11,
                              "Bassetlaw and Newark and Sherwood CSP": -5,
                              "Newark and Sherwood": -2},
}
HEADER = ["area", "short_name", "level", "count", "previous", "change", "change_pct",
          "significant", "p_value", "z", "flags", "little_power"]


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), obj={})


def table_lines(output: str) -> dict[str, str]:
    """The table's lines by area name (names are indented by depth)."""
    lines = {}
    for line in output.splitlines():
        match = re.match(r"^\s*(\S.*?)\s{2,}(Force|County|City|CSP|District)\s", line)
        if match:
            lines[match.group(1)] = line
    return lines


@pytest.mark.parametrize("measure", sorted(REPORT_TABLE))
def test_the_table_prints_the_reports_figures(demo_path, measure):
    result = run("performance", "--db", demo_path, "--measure", measure, "--period", "fy:2022/23")
    assert result.exit_code == 0, result.output
    assert f"{measure}: 2022/23 against 2021/22" in result.output
    assert "exact conditional binomial test" in result.output
    lines = table_lines(result.output)
    assert len(lines) == 13
    for area, expected in REPORT_TABLE[measure].items():
        pct = re.search(r"\(([+-]\d+\.\d)%\)", lines[area])
        assert pct and round(float(pct.group(1))) == expected, lines[area]


def test_the_table_shows_counts_with_the_percentage(demo_path):
    result = run("performance", "--db", demo_path, "--measure", "All crime",
                 "--period", "fy:2022/23")
    force = table_lines(result.output)["Nottinghamshire Police"]
    assert "102,000" in force and "108,120" in force and "+6,120 (+6.0%)" in force
    assert "significant (p < 0.001)" in force
    assert "not significant (p = 0.485)" in table_lines(result.output)["Bassetlaw"]
    # Each area is indented under its parent.
    assert table_lines(result.output)["Bassetlaw"].startswith("      Bassetlaw ")
    assert force.startswith("Nottinghamshire Police ")


def test_a_year_to_date_table_has_short_headings(demo_path):
    result = run("performance", "--db", demo_path, "--measure", "All crime",
                 "--period", "fytd:2022-12")
    assert result.exit_code == 0, result.output
    assert ("Financial year to date 2022/23 (April to December 2022) against Financial year "
            "to date 2021/22 (April to December 2021)") in result.output
    header = next(line for line in result.output.splitlines() if line.startswith("Area"))
    assert "FYTD 2021/22" in header and "FYTD 2022/23" in header


def test_the_table_says_which_test_and_marks_missing(demo_path):
    result = run("performance", "--db", demo_path, "--measure", "All crime",
                 "--period", "fy:2021/22", "--method", "poisson")
    assert result.exit_code == 0, result.output
    assert ("Significance: Poisson z = (2√C − 2√P) / √2 = √2(√C − √P), two-sided, 5%: "
            "significant when |z| > 1.96 (poisson).") in result.output
    force = table_lines(result.output)["Nottinghamshire Police"]
    assert force.count("missing") == 3  # previous count, change, significance


def test_csv_has_one_row_per_area(demo_path):
    result = run("performance", "--db", demo_path, "--measure", "Anti-social behaviour",
                 "--period", "fy:2022/23", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == HEADER
    by_area = {row[0]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    assert len(by_area) == 13
    force = by_area["Nottinghamshire Police"]
    assert (force["level"], force["count"], force["previous"]) == ("force", "26100", "30000")
    assert force["change_pct"] == "-13.0" and force["significant"] == "yes"
    assert force["z"] == "" and float(force["p_value"]) < 0.05
    assert by_area["Newark and Sherwood"]["change_pct"] == "-2.0"
    assert by_area["Newark and Sherwood"]["significant"] == "no"
    for area, expected in REPORT_TABLE["Anti-social behaviour"].items():
        assert round(float(by_area[area]["change_pct"])) == expected


def test_csv_leaves_missing_values_empty(demo_path):
    result = run("performance", "--db", demo_path, "--measure", "All crime",
                 "--period", "fy:2021/22", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and all(r["previous"] == "" and r["change_pct"] == "" and
                        r["significant"] == "" and r["count"] != "" for r in rows)


def test_json_with_the_top_level_db_option(demo_path):
    result = run("--db", demo_path, "performance", "--measure", "All crime",
                 "--period", "fy:2022/23", "--format", "json", "--method", "poisson")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [list(r) for r in rows] == [HEADER] * 13
    force = rows[0]
    assert force["area"] == "Nottinghamshire Police" and force["change_pct"] == 6.0
    assert force["significant"] == "yes" and force["p_value"] is None and force["z"] > 2
    missing = json.loads(run("--db", demo_path, "performance", "--measure", "All crime",
                             "--period", "fy:2021/22", "--format", "json").output)
    assert all(r["previous"] is None and r["change_pct"] is None and r["significant"] is None
               for r in missing)


def test_a_zero_a_year_earlier_leaves_change_pct_empty(db_path):
    db = open_database(db_path)
    with db.atomic():
        area = db.execute("INSERT INTO areas (name, level) VALUES ('Test Police', 'force')")
        measure = db.execute("INSERT INTO measures (name) VALUES ('Hate crime')")
        for month, count in (("2023-05", 0), ("2024-05", 4)):
            db.execute("INSERT INTO monthly_counts (area_id, measure_id, month, count, entry, "
                       "updated_at) VALUES (?, ?, ?, ?, 'typed', '2024-06-01')",
                       [area.lastrowid, measure.lastrowid, month, count])
    db.close()
    result = run("performance", "--db", db_path, "--measure", "Hate crime", "--period",
                 "2024-05", "--format", "csv")
    row = next(csv.DictReader(io.StringIO(result.output)))
    assert (row["count"], row["previous"], row["change_pct"]) == ("4", "0", "")
    assert row["significant"] == "no"  # p = 2/16
    assert row["little_power"] == "yes"  # 0 and 4: too few to tell
    table = run("performance", "--db", db_path, "--measure", "Hate crime", "--period", "2024-05")
    assert "+4 (from 0)" in table.output
    force = table_lines(table.output)["Test Police"]
    assert force.endswith("not significant (p = 0.125; little power: a count under 10)")
    assert LITTLE_POWER_NOTE in " ".join(table.output.split())


def test_small_counts_are_said_to_have_little_power_by_either_test(db_path):
    db = open_database(db_path)
    with db.atomic():
        measure = db.execute("INSERT INTO measures (name) VALUES ('Arson')").lastrowid
        for name, before, now in (("Test Police", 500, 520), ("Small Town", 6, 3)):
            area = db.execute("INSERT INTO areas (name, level) VALUES (?, 'district')",
                              [name]).lastrowid
            for month, count in (("2023-05", before), ("2024-05", now)):
                db.execute("INSERT INTO monthly_counts (area_id, measure_id, month, count, "
                           "entry, updated_at) VALUES (?, ?, ?, ?, 'typed', '2024-06-01')",
                           [area, measure, month, count])
    db.close()
    for method, evidence in (("binomial", "p = 0.508"), ("poisson", "z = -1.01")):
        args = ("performance", "--db", db_path, "--measure", "Arson", "--period", "2024-05",
                "--method", method)
        table = run(*args).output
        lines = table_lines(table)
        assert lines["Small Town"].endswith(
            f"not significant ({evidence}; little power: a count under 10)")
        assert "not significant" in lines["Test Police"]  # 520 against 500
        assert "little power" not in lines["Test Police"]
        assert LITTLE_POWER_NOTE in " ".join(table.split())
        rows = {r["area"]: r for r in json.loads(run(*args, "--format", "json").output)}
        assert rows["Small Town"]["significant"] == "no"
        assert rows["Small Town"]["little_power"] == "yes"
        assert rows["Test Police"]["little_power"] == "no"


def test_flags_are_listed(db_path):
    db = open_database(db_path)
    with db.atomic():
        area = db.execute("INSERT INTO areas (name, level) VALUES ('Test Police', 'force')")
        measure = db.execute("INSERT INTO measures (name) VALUES ('Anti-social behaviour')")
        counts = {f"2023-{m:02d}": 900 for m in range(1, 13)} | {"2023-06": 250}
        for month, count in counts.items():
            if month != "2023-09":
                db.execute("INSERT INTO monthly_counts (area_id, measure_id, month, count, "
                           "entry, updated_at) VALUES (?, ?, ?, ?, 'typed', '2024-06-01')",
                           [area.lastrowid, measure.lastrowid, month, count])
    db.close()
    args = ("performance", "--db", db_path, "--measure", "Anti-social behaviour",
            "--period", "r12:2024-03")
    row = next(csv.DictReader(io.StringIO(run(*args, "--format", "csv").output)))
    assert "June 2023: far below" in row["flags"] and "September 2023: missing" in row["flags"]
    assert "; " in row["flags"]
    table = run(*args).output
    assert "Data-quality flags" in table and "Test Police: September 2023: missing" in table
    assert "No area has a count for every month of 12 months to March 2024" in table
    assert "the latest month with counts is December 2023" in table


def test_an_unknown_measure_lists_the_measures(demo_path):
    result = run("performance", "--db", demo_path, "--measure", "Crimes", "--period", "2023-03")
    assert result.exit_code == 2
    assert "Crimes" in result.output and "All crime" in result.output
    assert "Anti-social behaviour" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("period", ["2023", "fy:2022-23", "q1:2023", "2023-13"])
def test_a_bad_period_names_the_four_forms(demo_path, period):
    result = run("performance", "--db", demo_path, "--measure", "All crime", "--period", period)
    assert result.exit_code == 2
    assert "fytd:2024-12" in result.output and "fy:2023/24" in result.output


def test_a_bad_method_and_no_database_are_refused(demo_path):
    result = run("performance", "--db", demo_path, "--measure", "All crime", "--period",
                 "2023-03", "--method", "chi")
    assert result.exit_code == 2 and "binomial" in result.output
    result = run("performance", "--measure", "All crime", "--period", "2023-03")
    assert result.exit_code == 2 and "--db" in result.output
