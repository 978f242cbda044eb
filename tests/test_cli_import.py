"""``cspdesk import police-uk``: what it prints, and one sentence with exit 2 on bad files."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from cspdesk.cli.imports import report_lines
from cspdesk.cli.main import main
from cspdesk.performance.police_uk.importer import STREET_HEADER, ImportedMonth, ImportReport

NOTTS = "Nottinghamshire Police"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), obj={})


def street_file(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A street-level file of (month, LSOA name, crime type) records of the force."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(STREET_HEADER)
        for n, (month, lsoa, crime) in enumerate(rows):
            out.writerow([f"{n:064x}", month, NOTTS, NOTTS, "-1.1", "53.3", "On or near X",
                          f"E01{n:06d}", lsoa, crime, "Under investigation", ""])
    return path


def test_import_prints_each_month(demo_path, tmp_path):
    path = street_file(tmp_path / "2023-01-nottinghamshire-street.csv",
                       [("2023-01", "Bassetlaw 001A", "Burglary")] * 3
                       + [("2023-01", "Gedling 001A", "Anti-social behaviour")])
    result = run("import", "police-uk", "--db", demo_path, path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Read 1 police.uk file; imported 1 month (2023-01)."
    assert lines[3].split() == ["2023-01", "3", "1", "0", "0", "0", "0"]
    assert "BDC" in result.output and "NSDC" in result.output  # the areas' short names
    by_area = lines[lines.index("All crime by area (the force first):") + 2]
    assert by_area.split() == ["2023-01", "3", "3", "0", "0", "0", "0", "0", "0", "0"]
    conn = sqlite3.connect(demo_path)
    assert conn.execute("SELECT COUNT(*) FROM lsoa_month_counts").fetchone()[0] == 4
    conn.close()


def test_db_may_come_before_the_command(demo_path, tmp_path):
    path = street_file(tmp_path / "x-street.csv", [("2023-01", "Bassetlaw 001A", "Drugs")])
    assert run("--db", demo_path, "import", "police-uk", path).exit_code == 0


def test_data_quality_warnings_of_the_months_imported(demo_path, tmp_path):
    """Three records for the whole force, in a month between two of the demo's full years'
    months, is far below the months either side, as an incomplete police.uk month is."""
    path = street_file(tmp_path / "x-street.csv",
                       [("2023-01", "Bassetlaw 001A", "Anti-social behaviour")] * 3)
    result = run("import", "police-uk", "--db", demo_path, path)
    assert result.exit_code == 0, result.output
    quality = " ".join(result.output[result.output.index("Data-quality warnings:"):].split())
    assert ("- Nottinghamshire Police, Anti-social behaviour, 2023-01: far below the months "
            "either side (3 against about") in quality
    assert "2022-" not in quality  # only the months just imported


def test_warnings_are_printed(demo_path, tmp_path):
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE monthly_counts SET entry = 'typed', count = 42 WHERE month = "
                 "'2023-01' AND area_id = (SELECT id FROM areas WHERE name = 'Gedling') AND "
                 "measure_id = (SELECT id FROM measures WHERE name = 'All crime')")
    conn.commit()
    conn.close()
    path = street_file(tmp_path / "x-street.csv", [("2023-01", "Gedling 001A", "Drugs")])
    result = run("import", "police-uk", "--db", demo_path, path)
    assert result.exit_code == 0, result.output
    assert ("Warnings:\n  - The typed count for Gedling, All crime, 2023-01 (42) was kept; the "
            "files count 1.") in result.output


def test_a_file_that_is_not_police_uk_data_exits_2(demo_path, tmp_path):
    wrong = tmp_path / "attendance.csv"
    wrong.write_text("Name,Organisation\nA Person,NSDC\n")
    result = run("import", "police-uk", "--db", demo_path, wrong)
    assert result.exit_code == 2
    assert result.stderr.startswith("cspdesk: attendance.csv is not a police.uk street-level "
                                    "file: its first line lacks the columns Crime ID, Month")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_missing_source_exits_2(demo_path, tmp_path):
    result = run("import", "police-uk", "--db", demo_path, tmp_path / "none.zip")
    assert result.exit_code == 2
    assert "none.zip does not exist." in result.stderr


def test_without_a_database_it_says_which_option(tmp_path):
    result = run("import", "police-uk", tmp_path / "x.csv")
    assert result.exit_code == 2
    assert "--db PATH" in result.output


def test_many_areas_are_listed_line_by_line():
    names = [NOTTS] + [f"A district with a long name {n}" for n in range(12)]
    month = ImportedMonth("2023-01", 100, 0, 0, 0, 0, dict.fromkeys(names, 7),
                          dict.fromkeys(names, 1))
    lines = report_lines(ImportReport(["x.csv"], [month], []))
    area_lines = lines[lines.index("All crime by area (the force first):") + 1:]
    assert area_lines[0].startswith("  - 2023-01: Nottinghamshire Police 7; A district with")
    assert all(len(line) <= 100 for line in lines)
