"""Importing a workbook in the export's layout: checks, the plan, applying it, hostile files,
and ``cspdesk import xlsx``. Test workbooks are written with openpyxl from the layout's
headers, as a partner's Excel would save them."""

from __future__ import annotations

import datetime as dt
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from cspdesk.cli.main import main
from cspdesk.errors import Cancelled, InputError
from cspdesk.exchange import safety as workbook_read
from cspdesk.exchange.importer import (
    FieldChange,
    ImportPlan,
    Problem,
    RecordChange,
    apply_import,
    check_workbook_file,
    plan_import,
)
from cspdesk.exchange.layout import SHEETS_BY_NAME
from cspdesk.exchange.refusals import refusal
from cspdesk.money import format_pounds


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook with one sheet per entry: its first list is the header row."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def dump(db) -> list[str]:
    return list(db.conn.iterdump())


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), obj={})


def one(db, sql: str, *params):
    return db.execute(sql, params).fetchone()


# Adding and updating ------------------------------------------------------------------------


def test_records_with_a_new_id_or_none_are_added_existing_ones_updated(db, tmp_path):
    db.execute("INSERT INTO organisations (id, name, kind) VALUES (3, 'Bassetlaw DC', "
               "'district council')")
    db.conn.commit()
    path = workbook(tmp_path / "w.xlsx", {"Organisations": [
        ["id", "name", "short_name", "kind"],
        [3, "Bassetlaw District Council", "BDC", "district council"],
        [50, "Notts Police", None, "police"],
        [None, "Notts Fire", "NFRS", "fire and rescue"]]})
    plan = plan_import(db, path)
    assert plan.ok and plan.sheets == ("Organisations",)
    assert plan.changes == (
        RecordChange("Organisations", 2, (3,), "update", (
            FieldChange("name", "Bassetlaw DC", "Bassetlaw District Council"),
            FieldChange("short_name", None, "BDC"))),
        RecordChange("Organisations", 3, (50,), "add", (
            FieldChange("id", None, 50), FieldChange("name", None, "Notts Police"),
            FieldChange("kind", None, "police"))),
        RecordChange("Organisations", 4, (), "add", (
            FieldChange("name", None, "Notts Fire"), FieldChange("short_name", None, "NFRS"),
            FieldChange("kind", None, "fire and rescue"))))
    assert plan.summary() == "Organisations: 2 added, 1 changed"
    assert one(db, "SELECT count(*) FROM organisations") == (1,)  # planning writes nothing
    apply_import(db, plan)
    assert db.execute("SELECT id, name, short_name FROM organisations ORDER BY id").fetchall() \
        == [(3, "Bassetlaw District Council", "BDC"), (50, "Notts Police", None),
            (51, "Notts Fire", "NFRS")]


def test_unchanged_rows_are_left_out(demo_db, tmp_path):
    rows = demo_db.execute("SELECT id, name, kind FROM organisations").fetchall()
    path = workbook(tmp_path / "w.xlsx", {"Organisations": [["id", "name", "kind"],
                                                            *map(list, rows)]})
    plan = plan_import(demo_db, path)
    assert plan.ok and plan.changes == () and plan.summary() == "No changes."


def test_summary_counts_each_sheet_in_order():
    change = RecordChange("People", 2, (), "add", ())
    plan = ImportPlan(Path("x.xlsx"), ("People", "Action updates"), (
        change, change, RecordChange("People", 3, (1,), "update", ()),
        RecordChange("People", 4, (2,), "update", ()),
        RecordChange("People", 5, (3,), "update", ()),
        *[RecordChange("Action updates", n, (), "add", ()) for n in range(2, 7)]), ())
    assert plan.summary() == "People: 2 added, 3 changed; Action updates: 5 added"


def test_values_of_every_kind_are_read_as_partners_type_them(demo_db, tmp_path):
    path = workbook(tmp_path / "w.xlsx", {
        "Programmes": [["name", "award", "match_funding", "start_date", "end_date", "themes",
                        "notes"],
                       ["  Safer Streets 9 ", "£1,234.50", 20.1, "01/04/2024",
                        dt.datetime(2025, 3, 31), "ASB;  VAWG\nburglary", "line 1\r\nline 2"]],
        "People": [["name", "active", "email"], ["Ann Example", "no", " ann@x.gov.uk "],
                   ["Bob Example", 1, None]],
        "Meetings": [["group_id", "date", "start_time", "end_time"],
                     [1, "2030-05-01", "9:30", dt.time(11, 0)]],
        "Monthly counts": [["area_id", "measure_id", "month", "count"],
                           [1, 1, "2030-01", 7], [1, 1, dt.datetime(2030, 2, 1), 8.0]]})
    plan = plan_import(demo_db, path)
    assert plan.ok, plan.problems
    apply_import(demo_db, plan)
    assert one(demo_db, "SELECT award_pence, match_funding_pence, start_date, end_date, themes, "
               "notes FROM programmes WHERE name = 'Safer Streets 9'") == (
        123450, 2010, "2024-04-01", "2025-03-31", '["ASB", "VAWG", "burglary"]',
        "line 1\nline 2")
    assert demo_db.execute("SELECT active, email FROM people WHERE name LIKE '% Example' "
                           "ORDER BY name").fetchall() == [(0, "ann@x.gov.uk"), (1, None)]
    assert one(demo_db, "SELECT start_time, end_time FROM meetings WHERE date = '2030-05-01'") \
        == ("09:30", "11:00")
    assert demo_db.execute("SELECT month, count, entry FROM monthly_counts WHERE month >= "
                           "'2030' ORDER BY month").fetchall() == [
        ("2030-01", 7, "typed"), ("2030-02", 8, "typed")]


def test_changes_are_shown_as_the_user_reads_them(demo_db, tmp_path):
    action = one(demo_db, "SELECT id, budget_pence, planned_end FROM actions "
                 "WHERE budget_pence IS NOT NULL AND planned_end IS NOT NULL LIMIT 1")
    path = workbook(tmp_path / "w.xlsx", {"Actions": [
        ["id", "budget", "planned_end"], [action[0], 1234.5, "31/12/2031"]]})
    (change,) = plan_import(demo_db, path).changes
    old = format_pounds(action[1])
    planned_end = dt.date.fromisoformat(action[2]).strftime("%d/%m/%Y")
    assert change.changes == (FieldChange("budget", old, "£1,234.50"),
                              FieldChange("planned_end", planned_end, "31/12/2031"))


def test_text_as_excel_writes_it_comes_in_unchanged(db, tmp_path):
    names = ["Cyngor Sir Ynys Môn", "Ōsaka 大阪 Ελλάδα Россия", "Café 😀 naïve"]
    path = workbook(tmp_path / "w.xlsx", {"Organisations": [
        ["name", "notes"], *[[n, "two\r\nlines _x000D_ and _x005F_x0041_"] for n in names]]})
    apply_import(db, plan_import(db, path))
    assert db.execute("SELECT name, notes FROM organisations ORDER BY id").fetchall() == [
        (n, "two\nlines \n and _x0041_") for n in names]


def test_text_in_a_workbook_saved_in_utf16_comes_in(db, tmp_path):
    plain = workbook(tmp_path / "plain.xlsx", {"Organisations": [["name"], ["Ynys Môn 大阪"]]})
    path = tmp_path / "utf16.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename in ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"):
                text = data.decode("utf-8")
                body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
                data = ('<?xml version="1.0" encoding="UTF-16"?>' + body).encode("utf-16")
            out.writestr(item, data)
    with zipfile.ZipFile(path) as archive:
        assert archive.read("xl/worksheets/sheet1.xml")[:2] == b"\xff\xfe"  # a BOM
    apply_import(db, plan_import(db, path))
    assert one(db, "SELECT name FROM organisations") == ("Ynys Môn 大阪",)


def test_references_may_point_at_the_workbooks_own_rows(db, tmp_path):
    path = workbook(tmp_path / "w.xlsx", {
        "Attendance": [["meeting_id", "person_id", "mark"], [7, 20, "present"]],
        "Groups": [["id", "name", "short_name", "tier", "parent_id"],
                   [4, "Delivery group", "DG", "delivery", 5],  # a parent on a later row
                   [5, "Board", "B", "strategic", None]],
        "Meetings": [["id", "group_id", "date"], [7, 4, dt.datetime(2030, 1, 9)]],
        "People": [["id", "name"], [20, "Ann"]]})
    plan = plan_import(db, path)
    assert plan.ok, plan.problems
    assert [c.sheet for c in plan.changes] == ["People", "Groups", "Groups", "Meetings",
                                               "Attendance"]
    apply_import(db, plan)
    assert one(db, "SELECT meeting_id, person_id, mark FROM attendance") == (7, 20, "present")


def test_unknown_sheets_and_the_about_sheet_are_passed_over(db, tmp_path):
    path = workbook(tmp_path / "w.xlsx", {
        "About": [["Made on", "yesterday"], ["anything", "at all"]],
        "My notes": [["whatever"], ["=1+1"]],
        "Attendance by organisation": [["meeting_id", "present"], [1, 5]],
        "Organisations": [["name"], ["Notts Police"]]})
    plan = plan_import(db, path)
    assert plan.ok and plan.sheets == ("Organisations",)
    assert plan.summary() == "Organisations: 1 added"


def test_an_unknown_column_is_a_problem(db, tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"Organisations": [["name", "Colour"], ["A", "red"]]})
    (problem,) = plan_import(db, path).problems
    assert (problem.sheet, problem.row, problem.column) == ("Organisations", 1, "Colour")
    assert "no column called 'Colour'" in problem.message


def test_a_missing_column_matters_only_to_rows_that_need_it(demo_db, tmp_path):
    person = one(demo_db, "SELECT id FROM people LIMIT 1")[0]
    path = workbook(tmp_path / "w.xlsx", {"People": [["id", "job_title"],
                                                     [person, "Analyst"]]})
    assert plan_import(demo_db, path).ok  # updates keep the name they have
    path = workbook(tmp_path / "w2.xlsx", {"People": [["id", "job_title"], [person, "Analyst"],
                                                      [None, "Analyst"], [None, "Clerk"]]})
    (problem,) = plan_import(demo_db, path).problems
    assert problem == Problem("People", 3, "name",
                              "A new person needs a name, but the sheet has no name column.")


# Bad rows: each reported at its sheet, row and column, and nothing written ------------------


def _free_mark(db) -> tuple[int, int]:
    return one(db, "SELECT m.id, p.id FROM meetings m, people p WHERE NOT EXISTS (SELECT 1 "
               "FROM attendance a WHERE a.meeting_id = m.id AND a.person_id = p.id) LIMIT 1")


BAD_ROWS = {
    "a number where a date should be": (
        "Meetings", ["group_id", "date"], lambda db: [1, 45000], "date",
        "45000 is a number where a date should be"),
    "an unknown mark": (
        "Attendance", ["meeting_id", "person_id", "mark"], lambda db: [*_free_mark(db), "late"],
        "mark", "'late' is not an allowed mark; use one of: present, present online"),
    "a negative count": (
        "Monthly counts", ["area_id", "measure_id", "month", "count"],
        lambda db: [1, 1, "2031-01", -3], "count", "The count cannot be negative."),
    "a reference to a missing person": (
        "Attendance", ["meeting_id", "person_id", "mark"], lambda db: [1, 999, "present"],
        "person_id", "There is no person with id 999, in the database or on the People sheet."),
    "a duplicate name": (
        "Organisations", ["name"], lambda db: [one(db, "SELECT name FROM organisations")[0]],
        "name", "Another organisation already has the name"),
    "an end before a start": (
        "Programmes", ["name", "start_date", "end_date"],
        lambda db: ["New", "01/04/2024", "31/03/2024"], "end_date",
        "The end date is before the start date."),
    "a text in an id column": (
        "People", ["id", "name"], lambda db: ["abc", "Ann"], "id",
        "'abc' is not an id (a whole number such as 12)."),
    "a time that is not a time": (
        "Meetings", ["group_id", "date", "start_time"], lambda db: [1, "01/01/2031", "25:00"],
        "start_time", "'25:00' is not a time written HH:MM"),
    "money with fractions of a penny": (
        "Programmes", ["name", "award"], lambda db: ["New", 10.005], "award",
        "10.005 has more than two decimals"),
    "negative money": (
        "Programmes", ["name", "award"], lambda db: ["New", "-£5"], "award",
        "The award cannot be negative; enter 0 or more."),
    "a substitute mark without the substitute": (
        "Attendance", ["meeting_id", "person_id", "mark"],
        lambda db: [*_free_mark(db), "substitute"], "substitute_id",
        "With the mark 'substitute', the substitute must be filled in."),
}


@pytest.mark.parametrize("case", BAD_ROWS, ids=list(BAD_ROWS))
def test_a_bad_row_is_reported_at_its_place_and_nothing_is_written(demo_db, tmp_path, case):
    sheet, headers, values, column, message = BAD_ROWS[case]
    path = workbook(tmp_path / "w.xlsx", {
        "Measures": [["name"], ["A good new measure"]],
        sheet: [headers, *([["Fine"]] if headers == ["name"] else []), values(demo_db)]})
    before = dump(demo_db)
    plan = plan_import(demo_db, path)
    assert len(plan.problems) == 1, plan.problems
    problem = plan.problems[0]
    assert (problem.sheet, problem.row, problem.column) == (
        sheet, 3 if headers == ["name"] else 2, column)
    assert message in problem.message
    with pytest.raises(InputError, match="1 problem; nothing was imported"):
        apply_import(demo_db, plan)
    assert dump(demo_db) == before


def test_the_same_record_twice_is_a_problem(demo_db, tmp_path):
    path = workbook(tmp_path / "w.xlsx", {
        "Organisations": [["id", "name"], [90, "X"], [None, "Y"], [90, "Z"], [None, "Y"]],
        "Monthly counts": [["area_id", "measure_id", "month", "count"],
                           [1, 1, "2031-01", 1], [1, 1, "2031-01", 2]]})
    assert [(p.sheet, p.row, p.column) for p in plan_import(demo_db, path).problems] == [
        ("Organisations", 4, "id"), ("Organisations", 5, "name"),
        ("Monthly counts", 3, "month")]


def test_every_problem_of_a_workbook_is_reported(demo_db, tmp_path):
    path = workbook(tmp_path / "w.xlsx", {
        "Meetings": [["group_id", "date", "status"], [1, "tomorrow", "held"],
                     [1, "01/01/2031", "maybe"], [77, "01/01/2031", "held"]],
        "Actions": [["programme_id", "title", "rag_override"], [1, "Lights", "red"]]})
    problems = plan_import(demo_db, path).problems
    assert [(p.row, p.column) for p in problems] == [(2, "date"), (3, "status"),
                                                     (4, "group_id"), (2, "rag_override_reason")]
    assert problems[-1].message == "The reason for the RAG override must be filled in."


@pytest.mark.parametrize(("message", "expected"), [
    ("NOT NULL constraint failed: people.name", ("name", "the name must be filled in.")),
    ("UNIQUE constraint failed: attendance.meeting_id, attendance.person_id",
     ("person_id", "another attendance mark already has the same meeting and person.")),
    ("CHECK constraint failed: end_time IS NULL OR start_time IS NULL OR end_time > start_time",
     ("end_time", "the end time is not after the start time.")),
    ("CHECK constraint failed: completed_on IS NULL OR planned_start IS NULL OR "
     "completed_on >= planned_start",
     ("completed_on", "the completion date is before the planned start.")),
    ("CHECK constraint failed: substitute_id IS NULL OR substitute_id <> person_id",
     ("substitute_id", "the substitute cannot be the same as the person.")),
    ("CHECK constraint failed: trim(title) <> ''", ("title", "the title is empty.")),
    ("CHECK constraint failed: financial_year GLOB '[0-9][0-9][0-9][0-9]/[0-9][0-9]'",
     ("financial_year", "'2024' is not written as a financial year such as 2023/24.")),
    ("something else entirely", ("", "the database refused this row (something else "
                                     "entirely).")),
])
def test_sqlite_refusals_read_as_sentences(message, expected):
    assert refusal(message, {"financial_year": "2024"}, "attendance mark") == expected


# Hostile files --------------------------------------------------------------------------------


def _valid(tmp_path: Path) -> Path:
    return workbook(tmp_path / "ok.xlsx", {"Organisations": [["name"], ["A"]]})


def test_a_text_file_renamed_xlsx_is_refused(db, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("name\nNotts Police\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes.xlsx is not an Excel workbook \(.xlsx\)"):
        plan_import(db, path)


def test_an_old_xls_file_is_refused_with_advice(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    with pytest.raises(InputError, match="save it from Excel as an .xlsx workbook"):
        check_workbook_file(path)


def test_a_zip_without_the_workbook_parts_is_refused(tmp_path):
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InputError, match="a zip file but not an Excel workbook"):
        check_workbook_file(path)


def test_a_missing_file_or_a_folder_is_refused(tmp_path):
    for path in (tmp_path / "none.xlsx", tmp_path):
        with pytest.raises(InputError, match="There is no workbook file at"):
            check_workbook_file(path)


def test_a_file_over_50_mb_is_refused_unread(tmp_path):
    path = tmp_path / "big.xlsx"
    with path.open("wb") as fh:  # sparse: takes no room on the disk
        fh.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(InputError, match="big.xlsx is 50.0 MB; cspdesk reads workbooks of up to "
                                         "50 MB"):
        check_workbook_file(path)


def test_the_size_limit_is_checked_before_anything_else(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook_read, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputError, match="reads workbooks of up to"):
        check_workbook_file(_valid(tmp_path))


def test_a_zip_that_would_unpack_to_too_much_is_refused(tmp_path, monkeypatch):
    path = _valid(tmp_path)
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())
    monkeypatch.setattr(workbook_read, "MAX_UNPACKED_BYTES", unpacked - 1)
    with pytest.raises(InputError, match="would unpack to .* MB; cspdesk refuses"):
        check_workbook_file(path)
    monkeypatch.setattr(workbook_read, "MAX_UNPACKED_BYTES", unpacked)
    check_workbook_file(path)


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_a_workbook_with_a_dtd_entity_is_refused(db, tmp_path, part):
    plain = _valid(tmp_path)
    path = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == part:
                body = data.decode("utf-8").split("?>", 1)[-1]
                data = (LAUGHS + body.replace("<v>", "<v>&lol3;", 1)).encode("utf-8")
            out.writestr(item, data)
    with pytest.raises(InputError, match="laughs.xlsx was refused: its XML declares entities"):
        plan_import(db, path)


def test_without_defusedxml_no_workbook_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(InputError, match="defusedxml is not installed"):
        check_workbook_file(_valid(tmp_path))


def test_a_damaged_workbook_is_refused_with_a_sentence(db, tmp_path):
    plain = _valid(tmp_path)
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            out.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml")
                         else data)
    with pytest.raises(InputError, match="damaged.xlsx could not be read as an Excel workbook"):
        plan_import(db, path)


# Progress, cancelling, applying a stale plan ------------------------------------------------------


def test_progress_is_reported_and_cancelling_writes_nothing(db, tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"Organisations": [["name"],
                                                            *[[f"Org {n}"] for n in range(1200)]]})
    seen: list[tuple[int, int]] = []
    plan = plan_import(db, path, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (2400, 2400) and len(seen) > 2
    with pytest.raises(Cancelled):
        apply_import(db, plan, cancelled=lambda: True)
    assert one(db, "SELECT count(*) FROM organisations") == (0,)


def test_a_plan_whose_workbook_changed_since_is_refused(db, tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"Organisations": [["name"], ["A"]]})
    plan = plan_import(db, path)
    workbook(path, {"Organisations": [["name"], ["B"]]})
    with pytest.raises(InputError, match="changed since the workbook was checked"):
        apply_import(db, plan)
    assert one(db, "SELECT count(*) FROM organisations") == (0,)


def test_planning_inside_a_transaction_leaves_it_open(db, tmp_path):
    db.conn.execute("BEGIN")
    db.execute("INSERT INTO organisations (name) VALUES ('Mine')")
    assert db.conn.in_transaction
    plan_import(db, workbook(tmp_path / "w.xlsx", {"Organisations": [["name"], ["A"]]}))
    assert db.conn.in_transaction
    db.conn.rollback()
    assert one(db, "SELECT count(*) FROM organisations") == (0,)
    with pytest.raises(sqlite3.IntegrityError):  # foreign keys are enforced again after
        db.execute("INSERT INTO people (name, organisation_id) VALUES ('X', 99)")


# The command ------------------------------------------------------------------------------------


def test_the_command_prints_the_changes_and_applies_them(db_path, tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"Organisations": [["id", "name"], [9, "Police"]]})
    result = run("import", "xlsx", "--db", db_path, path)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Organisations: 1 added", "Organisations, row 2 (9): added",
        "    id: (empty) → 9", "    name: (empty) → 'Police'", "Imported w.xlsx."]
    result = run("import", "xlsx", "--db", db_path, path)
    assert result.output.splitlines() == ["No changes."]


def test_dry_run_writes_nothing(db_path, tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"Organisations": [["name"], ["Police"]]})
    result = run("import", "xlsx", "--db", db_path, "--dry-run", path)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Organisations: 1 added"
    assert result.output.splitlines()[-1] == "Dry run: nothing was written."
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM organisations").fetchone() == (0,)
    con.close()


def test_problems_are_listed_and_the_command_exits_2_writing_nothing(db_path, tmp_path):
    path = workbook(tmp_path / "w.xlsx", {
        "Organisations": [["name", "kind"], ["Police", "police"], ["Fire", "brigade"]],
        "People": [["id", "name", "Shoe size"], ["x", "Ann", 9]]})
    result = run("import", "xlsx", "--db", db_path, path)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert "Sheet Organisations, row 3, column kind: 'brigade' is not an allowed kind; use " \
           "one of: district council, county council, police, fire and rescue, integrated " \
           "care board, probation, youth justice, OPCC, housing, voluntary, other." in lines
    assert "Sheet People, row 2, column id: 'x' is not an id (a whole number such as 12)." \
        in lines
    assert any(line.startswith("Sheet People, row 1, column Shoe size: The People sheet has "
                               "no column called 'Shoe size'") for line in lines)
    assert "w.xlsx has 3 problems; nothing was imported." in result.output
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM organisations").fetchone() == (0,)
    con.close()


def test_a_hostile_file_exits_2_with_one_sentence(db_path, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    result = run("import", "xlsx", "--db", db_path, path)
    assert result.exit_code == 2
    assert "cspdesk: x.xlsx is not an Excel workbook (.xlsx)." in result.output


def test_every_layout_sheet_can_be_read_from_its_headers_alone(db, tmp_path):
    path = workbook(tmp_path / "w.xlsx", {name: [sheet.headers]
                                          for name, sheet in SHEETS_BY_NAME.items()})
    plan = plan_import(db, path)
    assert plan.ok and plan.changes == () and len(plan.sheets) == len(SHEETS_BY_NAME)


def test_a_missing_key_column_is_one_problem_and_a_missing_key_one_per_row(demo_db, tmp_path):
    path = workbook(tmp_path / "w.xlsx", {
        "Monthly counts": [["area_id", "measure_id", "count"], [1, 1, 5], [1, 2, 6]]})
    assert plan_import(demo_db, path).problems == (Problem(
        "Monthly counts", 2, "month", "A record of Monthly counts needs its area_id, "
        "measure_id, month, but the sheet has no month column."),)
    path = workbook(tmp_path / "w2.xlsx", {"Monthly counts": [
        ["area_id", "measure_id", "month", "count"], [1, None, "2031-01", 5],
        [1, 1, "2031-01", 6], [None, 1, "2031-02", 7]]})
    assert [(p.row, p.column) for p in plan_import(demo_db, path).problems] == [
        (2, "measure_id"), (4, "area_id")]


def test_values_under_a_column_without_a_name_are_a_problem(db, tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"Organisations": [["name", None, "kind"],
                                                            ["A", "stray", "police"]]})
    assert plan_import(db, path).problems == (Problem(
        "Organisations", 2, "", "Column B has values but no name in row 1; name it or clear "
        "it."),)
