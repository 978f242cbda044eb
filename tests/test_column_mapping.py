"""Old spreadsheets of another layout brought in through a column mapping (issue 7, point 6)."""

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from cspdesk.errors import Cancelled, InputError
from cspdesk.exchange.mapping.columns import (
    TARGETS,
    apply_mapped_import,
    guess_mapping,
    map_rows,
    missing_fields,
    plan_mapped_import,
    read_sheet,
)
from cspdesk.exchange.mapping.values import as_date, as_mark, as_number, as_pounds, as_status

ATTENDANCE_HEADERS = ["Date", "Meeting/Group", "Name", "Organisation", "Attended/Apologies"]
ACTION_HEADERS = ["Programme", "Action", "Owner", "Lead agency", "Status", "Due date",
                  "Budget", "Update"]
PDG_MEETING = dt.datetime(2023, 5, 25)  # a PDG meeting of the demo database


def workbook(path: Path, headers, rows, title="Sheet1", above=()) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for line in above:
        ws.append(line)
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def mark_of(db, person, meeting_date="2023-05-25", group="PDG"):
    found = db.execute(
        "SELECT a.mark, a.reason FROM attendance a JOIN people p ON p.id = a.person_id "
        "JOIN meetings m ON m.id = a.meeting_id JOIN groups g ON g.id = m.group_id "
        "WHERE p.name = ? AND m.date = ? AND g.short_name = ?",
        [person, meeting_date, group]).fetchone()
    return tuple(found) if found else None


def attendance_plan(db, path):
    headers = read_sheet(path).headers
    return plan_mapped_import(db, path, None, "Attendance", guess_mapping(headers, "Attendance"))


# Guessing the mapping ------------------------------------------------------------------------


def test_an_attendance_list_is_mapped_by_its_headers():
    assert guess_mapping(ATTENDANCE_HEADERS, "Attendance") == {
        "group": "Meeting/Group", "date": "Date", "person": "Name",
        "organisation": "Organisation", "mark": "Attended/Apologies"}


def test_an_action_tracker_is_mapped_by_its_headers():
    mapping = guess_mapping(ACTION_HEADERS, "Actions")
    assert mapping == {"programme": "Programme", "title": "Action", "owner_officer": "Owner",
                       "owner_organisation": "Lead agency", "status": "Status",
                       "planned_end": "Due date", "budget": "Budget", "update": "Update"}


@pytest.mark.parametrize(("header", "field"), [
    ("STATUS", "mark"), ("Mark", "mark"), ("attended", "mark"), ("Date of meeting", "date"),
    ("Meeting", "group"), ("Attendee", "person"), ("Agency", "organisation")])
def test_attendance_synonyms_ignore_case(header, field):
    assert guess_mapping([header], "Attendance") == {field: header}


@pytest.mark.parametrize(("header", "field"), [
    ("Due", "planned_end"), ("deadline", "planned_end"), ("Due date (dd/mm/yyyy)", "planned_end"),
    ("Date completed", "completed_on"), ("Cost £", "budget"), ("Latest update", "update"),
    ("Lead officer", "owner_officer"), ("Start date", "planned_start")])
def test_action_synonyms(header, field):
    assert guess_mapping([header], "Actions") == {field: header}


def test_each_header_is_used_once_and_the_closest_match_wins():
    mapping = guess_mapping(["Status", "Attended"], "Attendance")
    assert mapping == {"mark": "Attended"}  # "Attended" is nearer the mark than "Status"


def test_required_fields_without_a_column_are_named():
    missing = missing_fields("Attendance", {"group": "Meeting", "date": "Date"})
    assert [f.name for f in missing] == ["person", "mark"]
    with pytest.raises(InputError, match="Name, Mark"):
        plan_mapped_import(None, "unused.xlsx", None, "Attendance", {"group": "G"})


def test_targets_take_their_kinds_from_the_workbook_layout():
    actions = TARGETS["Actions"]
    assert actions.field("planned_end").kind == "date"
    assert actions.field("budget").kind == "pounds"
    assert actions.field("programme").kind == "lookup:Programmes"
    assert TARGETS["Attendance"].field("mark").required


# Translating values ------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "mark"), [
    ("Yes", "present"), ("Present", "present"), ("Y", "present"), ("Apols", "apologies"),
    ("Apologies", "apologies"), ("No", "absent"), ("Absent", "absent"), ("DNA", "absent"),
    ("online", "present online"), ("Sub", "substitute"), (True, "present"),
    ("Maybe", "Maybe"), (None, None)])
def test_marks_in_other_words(value, mark):
    assert as_mark(value) == mark


@pytest.mark.parametrize(("value", "status"), [
    ("Done", "complete"), ("Completed", "complete"), ("Ongoing", "in progress"),
    ("In Progress", "in progress"), ("Not started", "not started"), ("Dropped", "cancelled"),
    ("Unknown", "Unknown")])
def test_statuses_in_other_words(value, status):
    assert as_status(value) == status


@pytest.mark.parametrize("text", ["12/03/2021", "12/03/21", "2021-03-12", "12 March 2021",
                                  "12th March 2021", "12-Mar-21", "12.03.2021"])
def test_dates_in_the_forms_people_type(text):
    assert as_date(text) == dt.date(2021, 3, 12)


def test_money_and_numbers_from_text():
    assert as_pounds(" £1,200.5") == "£1,200.50"
    assert as_pounds(750) == "£750"
    assert as_pounds("lots") == "lots"
    assert as_number("1,200.5") == 1200.5
    assert as_number("lots") == "lots"
    assert as_number(3.0, whole=True) == 3


# Reading sheets ------------------------------------------------------------------------------


def test_a_title_above_the_headers_is_skipped_and_rows_keep_their_numbers(tmp_path):
    path = workbook(tmp_path / "old.xlsx", ATTENDANCE_HEADERS,
                    [[PDG_MEETING, "PDG", f"Person {n}", "BDC", "Y"] for n in range(30)],
                    title="Register", above=[["PDG attendance 2023"], []])
    preview = read_sheet(path)
    assert preview.sheets == ("Register",)
    assert preview.headers == tuple(ATTENDANCE_HEADERS)
    assert preview.total_rows == 30
    assert len(preview.rows) == 20
    assert preview.rows[0][0] == 4  # below the title, a blank row and the headers


def test_a_csv_in_windows_1252_keeps_pounds_and_accents(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_bytes("Action,Owner,Budget\nCafé lighting,Zoë Brontë,£1,200\n"
                     .replace("£1,200", '"£1,200"').encode("cp1252"))
    preview = read_sheet(path)
    assert preview.headers == ("Action", "Owner", "Budget")
    assert preview.rows == ((2, ("Café lighting", "Zoë Brontë", "£1,200")),)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "utf-16"])
def test_csv_in_the_other_encodings_excel_writes(tmp_path, encoding):
    path = tmp_path / "list.csv"
    separator = "\t" if encoding == "utf-16" else ","
    text = separator.join(["Name", "Organisation"]) + "\r\n" + \
        separator.join(["Zoë Brontë", "Women’s Aid £"]) + "\r\n"
    path.write_bytes(text.encode(encoding))
    assert read_sheet(path).rows == ((2, ("Zoë Brontë", "Women’s Aid £")),)


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(InputError, match="not an Excel workbook"):
        read_sheet(path)


# Importing an attendance list -----------------------------------------------------------------


def test_an_attendance_list_comes_in_at_its_rows(demo_db, tmp_path):
    path = workbook(tmp_path / "old.xlsx", ATTENDANCE_HEADERS, [
        [PDG_MEETING, "PDG", "Louise Barraclough", "BDC", "Apols"],
        ["25/05/2023", "Partnership Delivery Group", "Whitmore, Sarah", "NSDC", "N"]],
        above=[["Attendance kept by hand"]])
    plan = attendance_plan(demo_db, path)
    assert plan.ok, plan.problems
    assert [c.row for c in plan.changes] == [3, 4]
    first = plan.changes[0]
    assert first.sheet == "Attendance" and first.action == "update"
    assert ("mark", "present online", "apologies") in [(f.column, f.old, f.new)
                                                       for f in first.changes]
    assert mark_of(demo_db, "Louise Barraclough")[0] == "present online"  # nothing written yet
    apply_mapped_import(demo_db, plan)
    assert mark_of(demo_db, "Louise Barraclough")[0] == "apologies"
    assert mark_of(demo_db, "Sarah Whitmore")[0] == "absent"
    assert not plan.workbook_plan.path.exists()  # the temporary workbook is gone


def test_a_cancelled_check_stops_at_once(demo_db, tmp_path):
    path = workbook(tmp_path / "old.xlsx", ATTENDANCE_HEADERS,
                    [[PDG_MEETING, "PDG", "Louise Barraclough", "BDC", "Apols"]])
    mapping = guess_mapping(ATTENDANCE_HEADERS, "Attendance")
    with pytest.raises(Cancelled):
        plan_mapped_import(demo_db, path, None, "Attendance", mapping, cancelled=lambda: True)
    assert mark_of(demo_db, "Louise Barraclough")[0] == "present online"


def test_an_unknown_name_is_reported_at_its_original_row(demo_db, tmp_path):
    path = workbook(tmp_path / "old.xlsx", ATTENDANCE_HEADERS, [
        [PDG_MEETING, "PDG", "Louise Barraclough", "BDC", "Apols"],
        [PDG_MEETING, "PDG", "Joe Nobody", "BDC", "Y"],
        [dt.datetime(2023, 5, 26), "PDG", "Sarah Whitmore", "NSDC", "Y"],
        [PDG_MEETING, "XYZ", "Sarah Whitmore", "NSDC", "Y"]], title="Old register",
        above=[["Title"], []])
    plan = attendance_plan(demo_db, path)
    assert not plan.ok
    where = [(p.sheet, p.row, p.column) for p in plan.problems]
    assert where == [("Old register", 5, "Name"), ("Old register", 6, "Meeting/Group + Date"),
                     ("Old register", 7, "Meeting/Group")]
    assert "Joe Nobody" in plan.problems[0].message
    assert "no meeting on 26/05/2023" in plan.problems[1].message
    with pytest.raises(InputError):
        apply_mapped_import(demo_db, plan)
    assert mark_of(demo_db, "Louise Barraclough")[0] == "present online"


def test_the_importers_own_checks_are_reported_under_the_users_header(demo_db, tmp_path):
    path = workbook(tmp_path / "old.xlsx", ATTENDANCE_HEADERS, [
        [PDG_MEETING, "PDG", "Louise Barraclough", "BDC", "Y"],
        [PDG_MEETING, "PDG", "Sarah Whitmore", "NSDC", "Maybe"]])
    plan = attendance_plan(demo_db, path)
    assert [(p.sheet, p.row, p.column) for p in plan.problems] == [
        ("Sheet1", 3, "Attended/Apologies")]
    assert "Maybe" in plan.problems[0].message


def test_the_same_person_twice_at_one_meeting_is_a_problem(demo_db, tmp_path):
    path = workbook(tmp_path / "old.xlsx", ATTENDANCE_HEADERS, [
        [PDG_MEETING, "PDG", "Louise Barraclough", "BDC", "Y"],
        [PDG_MEETING, "PDG", "louise barraclough", "BDC", "N"]])
    plan = attendance_plan(demo_db, path)
    assert [(p.row, p.column) for p in plan.problems] == [(3, "Name")]
    assert "row 2" in plan.problems[0].message


def test_an_organisation_tells_apart_two_people_of_the_same_name(demo_db, tmp_path):
    police = demo_db.execute("SELECT id FROM organisations WHERE short_name = 'Police'")
    demo_db["people"].insert({"name": "Sarah Whitmore", "organisation_id": police.fetchone()[0]})
    rows = [[PDG_MEETING, "PDG", "Sarah Whitmore", "NSDC", "Apologies"]]
    path = workbook(tmp_path / "old.xlsx", ATTENDANCE_HEADERS, rows)
    plan = attendance_plan(demo_db, path)
    assert plan.ok and plan.workbook_plan.path.exists()
    plan.discard()  # a plan not applied leaves no temporary workbook behind
    assert not plan.workbook_plan.path.parent.exists()
    path = workbook(tmp_path / "no-org.xlsx", ATTENDANCE_HEADERS[:3] + ["Mark"],
                    [rows[0][:3] + ["Y"]])
    plan = attendance_plan(demo_db, path)
    assert "2 people are called 'Sarah Whitmore'" in plan.problems[0].message


def test_a_csv_attendance_list_imports(demo_db, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(b"Date,Group,Name,Attended\r\n25/05/2023,PDG,Louise Barraclough,Apols\r\n"
                     .decode().encode("cp1252"))
    plan = attendance_plan(demo_db, path)
    assert plan.ok and len(plan.changes) == 1
    apply_mapped_import(demo_db, plan)
    assert mark_of(demo_db, "Louise Barraclough")[0] == "apologies"


def test_the_preview_shows_how_rows_come_in(demo_db):
    headers = ATTENDANCE_HEADERS
    rows = [(2, ("25/05/2023", "PDG", "Whitmore, Sarah", "NSDC", "Apols"))]
    [mapped] = map_rows(demo_db, headers, rows, "Attendance",
                        guess_mapping(headers, "Attendance"), "Sheet1")
    assert mapped.shown == {"group": "PDG", "date": "25/05/2023", "person": "Sarah Whitmore",
                            "organisation": "NSDC", "mark": "apologies"}
    assert not mapped.problems


# Importing an action tracker ---------------------------------------------------------------


def test_an_action_tracker_updates_matching_actions_and_adds_new_ones(demo_db, tmp_path):
    updates_before = demo_db.execute("SELECT COUNT(*) FROM action_updates").fetchone()[0]
    path = workbook(tmp_path / "tracker.xlsx", ACTION_HEADERS, [
        ["ASB Working Group Review action plan",
         "publish a quarterly ASB newsletter for residents", "J Smith", "NSDC", "Done",
         "31/03/2024", "£1,200", "Third issue out"],
        ["ASB Working Group Review action plan", "Run a residents' survey", "A Patel", "BDC",
         "Ongoing", dt.datetime(2024, 6, 30), 500, "Questions drafted"]])
    mapping = guess_mapping(read_sheet(path).headers, "Actions")
    plan = plan_mapped_import(demo_db, path, None, "Actions", mapping)
    assert plan.ok, plan.problems
    kinds = [(c.sheet, c.row, c.action) for c in plan.changes]
    assert kinds == [("Actions", 2, "update"), ("Actions", 3, "add"),
                     ("Action updates", 2, "add"), ("Action updates", 3, "add")]
    status = next(f for f in plan.changes[0].changes if f.column == "status")
    assert (status.old, status.new) == ("in progress", "complete")
    apply_mapped_import(demo_db, plan)
    row = demo_db.execute("SELECT status, budget_pence, planned_end, owner_officer FROM actions "
                          "WHERE id = 11").fetchone()
    assert tuple(row) == ("complete", 120000, "2024-03-31", "J Smith")
    new = demo_db.execute("SELECT id, status FROM actions WHERE title = ?",
                          ["Run a residents' survey"]).fetchone()
    assert new[1] == "in progress"
    texts = demo_db.execute("SELECT action_id, text FROM action_updates WHERE id > ?",
                            [updates_before]).fetchall()
    assert sorted(map(tuple, texts)) == [(11, "Third issue out"), (new[0], "Questions drafted")]
    again = plan_mapped_import(demo_db, path, None, "Actions", mapping)
    assert again.ok and again.changes == ()  # importing it twice changes nothing more


def test_an_unknown_programme_is_reported_with_the_known_ones(demo_db, tmp_path):
    path = workbook(tmp_path / "tracker.xlsx", ["Programme", "Action"],
                    [["Safer Streets 9", "CCTV"]])
    plan = plan_mapped_import(demo_db, path, None, "Actions",
                              {"programme": "Programme", "title": "Action"})
    [problem] = plan.problems
    assert (problem.row, problem.column) == (2, "Programme")
    assert "Safer Streets 4" in problem.message
