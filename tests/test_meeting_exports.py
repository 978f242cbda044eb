"""One meeting's register as a sign-in sheet, and the attendance statistics, as workbooks:
read back with openpyxl and checked as the officer would see them."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cspdesk.errors import InputError
from cspdesk.meetings import exports as meeting_exports
from cspdesk.meetings.attendance import AttendanceRow, attendance_statistics
from cspdesk.meetings.exports import export_register_xlsx, export_statistics_xlsx
from cspdesk.meetings.register import load_register, quorum

FORMULA = '=HYPERLINK("http://x","click")'
HEADER_ROW = 7
REGISTER_HEADERS = ["Name", "Organisation", "Role", "Attendance",
                    "Apologies reason / substitute", "Signature"]


def jsg_meeting(db, status: str = "held") -> int:
    return db.execute(
        "SELECT m.id FROM meetings m JOIN groups g ON g.id = m.group_id "
        "WHERE g.short_name = 'JSG' AND m.status = ? ORDER BY m.date", [status]).fetchone()[0]


def add_hostile_members(db) -> tuple[int, int]:
    """Two JSG members with hostile names, the first marked present at the first meeting."""
    org = db.execute("SELECT id FROM organisations WHERE short_name = 'NSDC'").fetchone()[0]
    group = db.execute("SELECT id FROM groups WHERE short_name = 'JSG'").fetchone()[0]
    ids = []
    for name in (FORMULA, "Back\x08space Person"):
        cur = db.execute("INSERT INTO people (name, organisation_id) VALUES (?, ?)", [name, org])
        ids.append(cur.lastrowid)
        db.execute("INSERT INTO memberships (person_id, group_id) VALUES (?, ?)",
                   [cur.lastrowid, group])
    db.execute("INSERT INTO attendance (meeting_id, person_id, mark) VALUES (?, ?, 'present')",
               [jsg_meeting(db), ids[0]])
    return ids[0], ids[1]


def assert_no_formula(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = [n for n in zf.namelist() if n.startswith("xl/worksheets/")]
        assert parts
        for name in parts:
            assert not re.search(r"<(\w+:)?f[ >/]", zf.read(name).decode()), name


def rows_of(ws, first: int, last: int | None = None) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first, max_row=last)]


# The register ----------------------------------------------------------------------------


def test_register_sheet_shows_the_meeting_and_every_line(demo_db, tmp_path):
    meeting = jsg_meeting(demo_db)
    path = tmp_path / "register.xlsx"
    result = export_register_xlsx(demo_db, meeting, path)
    lines = load_register(demo_db, meeting)
    assert result.path == path and result.warnings == [] and result.count == len(lines)
    ws = openpyxl.load_workbook(path)["Register"]
    assert ws["A1"].value == "Joint Strategic Group (JSG): attendance register"
    assert ws["A2"].value == "Date" and ws["B2"].is_date
    assert ws["B2"].value == dt.datetime(2022, 4, 19) and ws["B2"].number_format == "DD/MM/YYYY"
    assert rows_of(ws, 3, 5) == [["Time", "10:00 to 12:00"] + [None] * 4,
                                 ["Venue", "Castle House, Newark (hybrid)"] + [None] * 4,
                                 ["Status", "Held"] + [None] * 4]
    assert rows_of(ws, HEADER_ROW, HEADER_ROW) == [REGISTER_HEADERS]
    body = rows_of(ws, HEADER_ROW + 1, HEADER_ROW + len(lines))
    assert [r[0] for r in body] == [line.name for line in lines]
    assert [r[1] for r in body] == [line.organisation for line in lines]
    assert body[0][2] == "Chair"
    assert all(r[5] is None for r in body)  # signatures are left for pen and paper
    words = {"present": "Present", "present online": "Present (online)",
             "apologies": "Apologies", "absent": "Absent", "substitute": "Substitute"}
    for line, row in zip(lines, body, strict=True):
        assert row[3] == words[line.mark]
        if line.mark == "substitute":
            assert row[4] == f"Substitute: {line.substitute_name}"
        elif line.mark == "apologies":
            assert row[4] == line.reason


def test_register_sheet_ends_with_the_quorum_and_authorities_not_represented(demo_db,
                                                                              tmp_path):
    meeting = jsg_meeting(demo_db)
    path = tmp_path / "register.xlsx"
    export_register_xlsx(demo_db, meeting, path)
    ws = openpyxl.load_workbook(path)["Register"]
    result = quorum(demo_db, meeting)
    texts = [c.value for c in ws["A"] if isinstance(c.value, str)]
    (line,) = [t for t in texts if t.startswith("Quorum:")]
    verdict = "quorate" if result.quorate else "not quorate"
    assert line.startswith(f"Quorum: {verdict} ({result.detail}).")
    (missing,) = [t for t in texts if t.startswith("Responsible authorities not represented")]
    expected = ", ".join(result.missing_authorities) or "none (all were represented)"
    assert missing == f"Responsible authorities not represented: {expected}"
    assert texts.index(line) == len(texts) - 2


def test_register_sheet_print_setup(demo_db, tmp_path):
    path = tmp_path / "register.xlsx"
    export_register_xlsx(demo_db, jsg_meeting(demo_db), path)
    ws = openpyxl.load_workbook(path)["Register"]
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.print_options.gridLines is True
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.column_dimensions["F"].width >= 25  # room to sign
    assert ws.row_dimensions[HEADER_ROW + 1].height >= 24
    assert ws.cell(HEADER_ROW + 1, 5).alignment.wrap_text
    assert ws["A7"].font.b


def test_register_of_a_meeting_not_yet_held_is_a_blank_sign_in_sheet(demo_db, tmp_path):
    meeting = demo_db.execute("SELECT id FROM meetings WHERE status = 'scheduled'").fetchone()[0]
    path = tmp_path / "sign-in.xlsx"
    result = export_register_xlsx(demo_db, meeting, path)
    assert result.count > 0
    ws = openpyxl.load_workbook(path)["Register"]
    body = rows_of(ws, HEADER_ROW + 1, HEADER_ROW + result.count)
    assert all(row[3] is None and row[4] is None for row in body)
    texts = [c.value for c in ws["A"] if isinstance(c.value, str)]
    assert any(t.startswith("Quorum: not known") for t in texts)
    assert ("Responsible authorities not represented: not known until the register is taken"
            in texts)
    assert ws["B5"].value == "Scheduled"


def test_register_with_hostile_names_stays_text_and_warns(demo_db, tmp_path):
    add_hostile_members(demo_db)
    meeting = jsg_meeting(demo_db)
    path = tmp_path / "register.xlsx"
    result = export_register_xlsx(demo_db, meeting, path)
    assert_no_formula(path)
    ws = openpyxl.load_workbook(path)["Register"]
    names = [c.value for c in ws["A"]]
    assert FORMULA in names and "Backspace Person" in names
    formula_row = names.index(FORMULA) + 1
    assert ws.cell(formula_row, 1).data_type == "s"
    assert ws.cell(formula_row, 4).value == "Present"
    clean_row = names.index("Backspace Person") + 1
    (warning,) = result.warnings
    assert f"Sheet 'Register', row {clean_row}, column A (Name)" in warning
    assert "control character" in warning


def test_register_of_a_missing_meeting_and_refusing_to_overwrite(demo_db, tmp_path):
    with pytest.raises(InputError, match="no meeting number 9999") as caught:
        export_register_xlsx(demo_db, 9999, tmp_path / "x.xlsx")
    assert caught.value.field == "meeting_id"
    path = tmp_path / "register.xlsx"
    path.write_bytes(b"keep me")
    with pytest.raises(InputError, match="already exists"):
        export_register_xlsx(demo_db, jsg_meeting(demo_db), path)
    assert path.read_bytes() == b"keep me"
    export_register_xlsx(demo_db, jsg_meeting(demo_db), path, overwrite=True)
    assert openpyxl.load_workbook(path).sheetnames == ["Register"]


# Attendance statistics -------------------------------------------------------------------

STAT_NUMBERS = ["Expected", "Present", "Apologies", "Absent", "Substitute", "Attendance %"]


def test_statistics_workbook_sheets_and_about(demo_db, tmp_path):
    path = tmp_path / "stats.xlsx"
    before = dt.datetime.now().replace(microsecond=0)
    export_statistics_xlsx(demo_db, path, group_short_name="jsg", start="2022-04-01",
                           end="2023-03-31")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["About", "By organisation", "By person"]
    about = {row[0]: row[1] for row in rows_of(wb["About"], 1) if row[0]}
    assert about["Group"] == "Joint Strategic Group (JSG)"
    assert about["Period"] == "01/04/2022 to 31/03/2023"
    assert about["Partnership"].startswith("Bassetlaw and Newark & Sherwood")
    made = about["Made"]
    assert isinstance(made, dt.datetime) and before <= made <= dt.datetime.now()
    assert wb["About"]["B6"].number_format == "DD/MM/YYYY HH:MM"
    assert "How attendance % is worked out" in about
    assert about["By organisation"].startswith("(present + substitute) / expected")
    assert about["By person"].startswith("present / expected")


@pytest.mark.parametrize(("sheet", "by", "first"), [
    ("By organisation", "organisation", ["Organisation"]),
    ("By person", "person", ["Name", "Organisation"]),
])
def test_statistics_sheets_hold_the_statistics_rows(demo_db, tmp_path, sheet, by, first):
    path = tmp_path / "stats.xlsx"
    result = export_statistics_xlsx(demo_db, path, group_short_name="PDG")
    ws = openpyxl.load_workbook(path)[sheet]
    expected = attendance_statistics(demo_db, by, "PDG")
    assert rows_of(ws, 1, 1) == [first + STAT_NUMBERS]
    body = rows_of(ws, 2)
    assert len(body) == len(expected) > 3
    assert result.warnings == []
    for row, stat in zip(body, expected, strict=True):
        organisation = [stat.organisation] if by == "person" else []
        assert row[:-1] == [stat.name, *organisation, stat.expected, stat.present,
                            stat.apologies, stat.absent, stat.substitute]
        assert row[-1] == pytest.approx(stat.attendance_pct / 100)
    pct = ws.cell(2, len(first) + 6)
    assert pct.number_format == "0.0%" and isinstance(pct.value, float)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")


def test_statistics_for_all_groups_and_all_time(demo_db, tmp_path):
    path = tmp_path / "stats.xlsx"
    result = export_statistics_xlsx(demo_db, path)
    wb = openpyxl.load_workbook(path)
    about = {row[0]: row[1] for row in rows_of(wb["About"], 1) if row[0]}
    assert about["Group"] == "All groups" and about["Period"] == "all meetings"
    people = attendance_statistics(demo_db, "person")
    organisations = attendance_statistics(demo_db, "organisation")
    assert result.count == len(people) + len(organisations)
    assert wb["By person"].max_row == len(people) + 1


def test_a_row_without_a_percentage_leaves_the_cell_empty(demo_db, tmp_path, monkeypatch):
    def statistics(db, by, group_short_name=None, start=None, end=None):
        return [AttendanceRow("Nobody Expected", "BDC" if by == "person" else None,
                              0, 0, 0, 0, 0, None)]

    monkeypatch.setattr(meeting_exports, "attendance_statistics", statistics)
    path = tmp_path / "stats.xlsx"
    export_statistics_xlsx(demo_db, path)
    wb = openpyxl.load_workbook(path)
    assert rows_of(wb["By person"], 2) == [["Nobody Expected", "BDC", 0, 0, 0, 0, 0, None]]
    assert rows_of(wb["By organisation"], 2) == [["Nobody Expected", 0, 0, 0, 0, 0, None]]


def test_statistics_with_hostile_names(demo_db, tmp_path):
    add_hostile_members(demo_db)
    path = tmp_path / "stats.xlsx"
    result = export_statistics_xlsx(demo_db, path, group_short_name="JSG")
    assert_no_formula(path)
    ws = openpyxl.load_workbook(path)["By person"]
    names = [c.value for c in ws["A"]]
    assert FORMULA in names and "Backspace Person" in names
    assert ws.cell(names.index(FORMULA) + 1, 1).data_type == "s"
    (warning,) = result.warnings
    assert warning.startswith(f"Sheet 'By person', row {names.index('Backspace Person') + 1}, "
                              "column A (Name)")


@pytest.mark.parametrize(("kwargs", "message", "field"), [
    ({"group_short_name": "XYZ"}, "no group with the short name 'XYZ'; the groups are", "group"),
    ({"start": "01/04/2022"}, "not a date", "start"),
    ({"end": "2023-02-30"}, "not a date", "end"),
    ({"start": "2023-04-01", "end": "2023-03-31"}, "after the end date", "start"),
])
def test_statistics_refuse_bad_input(demo_db, tmp_path, kwargs, message, field):
    path = tmp_path / "stats.xlsx"
    with pytest.raises(InputError, match=message) as caught:
        export_statistics_xlsx(demo_db, path, **kwargs)
    assert caught.value.field == field
    assert not path.exists()


def test_statistics_refuse_to_overwrite(demo_db, tmp_path):
    path = tmp_path / "stats.xlsx"
    export_statistics_xlsx(demo_db, path)
    first = path.read_bytes()
    with pytest.raises(InputError, match="already exists"):
        export_statistics_xlsx(demo_db, path)
    assert path.read_bytes() == first
    assert export_statistics_xlsx(demo_db, path, overwrite=True).path == path
