"""Subject access and erasure from the command line: cspdesk person export / erase."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from cspdesk.cli.main import main
from cspdesk.meetings.structure_edits import save_person
from cspdesk.store.database import open_database


def plant(demo_path):
    db = open_database(demo_path)
    person = db.execute("SELECT person_id FROM attendance GROUP BY person_id "
                        "ORDER BY count(*) DESC").fetchone()[0]
    save_person(db, {"name": "Imogen Farthingale", "email": "imogen@example.org",
                     "phone": "01632 960777"}, person)
    with db.atomic():
        db.execute("UPDATE meetings SET notes = 'Farthingale, Imogen to report back.' "
                   "WHERE id = (SELECT min(id) FROM meetings)")
    marks = db.execute("SELECT count(*) FROM attendance WHERE person_id = ? "
                       "OR substitute_id = ?", [person, person]).fetchone()[0]
    db.close()
    return person, marks


def test_person_export_writes_everything_held_in_one_workbook(demo_path, tmp_path):
    person, marks = plant(demo_path)
    out = tmp_path / "sar.xlsx"
    result = CliRunner().invoke(main, ["person", "export", "--db", str(demo_path),
                                       "FARTHINGALE, Imogen", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out} (Record 1, " in result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Record", "Memberships", "Attendance", "Meeting actions",
                             "Mentions", "Audit log"]
    assert [c.value for c in wb["Record"][2]][::3] == ["Imogen Farthingale", "imogen@example.org"]
    assert wb["Attendance"].max_row - 1 == marks
    mentions = [row[3] for row in wb["Mentions"].iter_rows(min_row=2, values_only=True)]
    assert mentions == ["Farthingale, Imogen to report back."]
    changes = [row[5] for row in wb["Audit log"].iter_rows(min_row=2, values_only=True)]
    assert any("Imogen Farthingale" in (c or "") for c in changes)


def test_person_erase_lists_what_will_go_and_asks(demo_path):
    plant(demo_path)
    runner = CliRunner()
    refused = runner.invoke(main, ["person", "erase", "--db", str(demo_path),
                                   "Imogen Farthingale"], input="n\n")
    assert "Erasing Imogen Farthingale will remove:" in refused.output
    assert "Their name, email and phone on their record: 1" in refused.output
    assert "Nothing was erased." in refused.output
    done = runner.invoke(main, ["person", "erase", "--db", str(demo_path),
                                "Imogen Farthingale", "--yes"])
    assert done.exit_code == 0, done.output
    assert "Imogen Farthingale was erased: " in done.output
    assert b"farthingale" not in demo_path.read_bytes().lower()


def test_an_unknown_name_is_one_sentence(demo_path, tmp_path):
    result = CliRunner().invoke(main, ["person", "export", "--db", str(demo_path),
                                       "Nobody Here", "--out", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert result.output.startswith("cspdesk: No one called 'Nobody Here' is in the database")


def test_the_audit_sheet_lists_entries_naming_them_across_a_line_break(demo_path, tmp_path):
    from cspdesk.meetings.meetings import save_meeting

    plant(demo_path)
    db = open_database(demo_path)
    meeting = db.execute("SELECT max(id) FROM meetings").fetchone()[0]
    save_meeting(db, {"notes": "Ring Imogen\nFarthingale about the CCTV."}, meeting)
    db.close()
    out = tmp_path / "sar.xlsx"
    result = CliRunner().invoke(main, ["person", "export", "--db", str(demo_path),
                                       "Imogen Farthingale", "--out", str(out)])
    assert result.exit_code == 0, result.output
    changes = [row[5] for row in openpyxl.load_workbook(out)["Audit log"].iter_rows(
        min_row=2, values_only=True)]
    assert "notes: (empty) → Ring Imogen\nFarthingale about the CCTV." in changes


def test_each_sheet_of_the_person_export_prints_one_page_wide_and_headed(demo_path, tmp_path):
    plant(demo_path)
    out = tmp_path / "sar.xlsx"
    result = CliRunner().invoke(main, ["person", "export", "--db", str(demo_path),
                                       "Imogen Farthingale", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for ws in openpyxl.load_workbook(out).worksheets:
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"  # the headings on every page
        assert ws.oddHeader.center.text == f"Data held about Imogen Farthingale: {ws.title}"
