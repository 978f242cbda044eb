"""The partner workbook: every sheet of the layout, real dates and money, never a formula,
no personal data when asked, written whole or not at all; and the write-only path under it."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cspdesk.cli.main import main
from cspdesk.disk import DiskError
from cspdesk.errors import Cancelled, InputError
from cspdesk.exchange.export import REMOVED, export_workbook
from cspdesk.exchange.layout import ABOUT_SHEET, ATTENDANCE_BY_ORGANISATION, SHEETS
from cspdesk.meetings.attendance import attendance_statistics
from cspdesk.xlsx import writer as xlsx
from cspdesk.xlsx.stream import StreamingSheet, new_streaming_workbook
from cspdesk.xlsx.writer import Column

HOSTILE = ['=HYPERLINK("http://x","click")', "+1", "-2+3", "@SUM(A1)", "#N/A", "=1+1"]
PARTNER_SHEETS = [ABOUT_SHEET] + [
    ATTENDANCE_BY_ORGANISATION.name if s.name == "Attendance" else s.name for s in SHEETS]


def parts(path: Path) -> dict[str, str]:
    """Every part of the xlsx package, as text."""
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist()}


def assert_no_formula(path: Path) -> None:
    for name, xml in parts(path).items():
        if name.startswith("xl/worksheets/"):
            assert not re.search(r"<(\w+:)?f[ >/]", xml), f"a formula in {name}"


def headers(ws) -> list:
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]


def export(db, tmp_path: Path, name: str = "out.xlsx", **options):
    result = export_workbook(db, tmp_path / name, **options)
    return result, openpyxl.load_workbook(result.path)


# Sheets, headers and layout ------------------------------------------------------------------


def test_every_sheet_of_the_layout_with_its_headers_in_order(demo_db, tmp_path):
    result, wb = export(demo_db, tmp_path)
    assert wb.sheetnames == [ABOUT_SHEET] + [s.name for s in SHEETS]
    for sheet in SHEETS:
        ws = wb[sheet.name]
        assert headers(ws) == sheet.headers, sheet.name
        table_rows = demo_db.execute(f"SELECT COUNT(*) FROM {sheet.table}").fetchone()[0]
        assert ws.max_row == table_rows + 1 == result.sheets[sheet.name] + 1, sheet.name
    assert result.count == sum(result.sheets.values()) > 1000
    assert result.warnings == []


def test_header_styled_panes_frozen_filter_on_and_columns_readable(demo_db, tmp_path):
    _, wb = export(demo_db, tmp_path)
    for sheet in SHEETS:
        ws = wb[sheet.name]
        assert ws.freeze_panes == "A2"
        last = openpyxl.utils.get_column_letter(len(sheet.columns))
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}"
        assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb == "FFD9E1F2"
        widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width
                  for i in range(1, len(sheet.columns) + 1)]
        assert all(xlsx.MIN_AUTO_WIDTH <= w <= xlsx.MAX_AUTO_WIDTH for w in widths), sheet.name
    programmes = wb["Programmes"]
    assert programmes.column_dimensions["L"].width == xlsx.MAX_AUTO_WIDTH  # long notes, capped
    assert programmes.column_dimensions["A"].width == xlsx.MIN_AUTO_WIDTH  # "id"


def test_rows_are_in_id_order_and_monthly_counts_by_area_measure_month(demo_db, tmp_path):
    _, wb = export(demo_db, tmp_path)
    for sheet in SHEETS:
        ws = wb[sheet.name]
        keys = [tuple(row[: len(sheet.key)]) for row in ws.iter_rows(min_row=2, values_only=True)]
        assert keys == sorted(keys), sheet.name
    ids = [r[0] for r in wb["People"].iter_rows(min_row=2, values_only=True)]
    assert ids == [r[0] for r in demo_db.execute("SELECT id FROM people ORDER BY id")]


def test_dates_money_yes_no_lists_and_json_read_back(demo_db, tmp_path):
    demo_db.execute("UPDATE people SET active = 0 WHERE id = 2")
    demo_db.conn.commit()
    _, wb = export(demo_db, tmp_path)
    meeting = wb["Meetings"]["C2"]
    first = demo_db.execute("SELECT date, start_time FROM meetings ORDER BY id").fetchone()
    assert meeting.is_date and meeting.value == dt.datetime.fromisoformat(first[0])
    assert meeting.number_format == "DD/MM/YYYY"
    assert wb["Meetings"]["D2"].value == first[1] and wb["Meetings"]["D2"].data_type == "s"
    award = wb["Programmes"]["F2"]
    assert award.value == 750_000 and award.number_format == xlsx.POUNDS_FORMAT
    budget = demo_db.execute("SELECT budget_pence FROM actions WHERE id = 1").fetchone()[0]
    assert wb["Actions"]["P2"].value == pytest.approx(budget / 100)
    assert wb["Actions"]["P2"].number_format == xlsx.POUNDS_FORMAT
    assert [wb["People"]["G2"].value, wb["People"]["G3"].value] == ["yes", "no"]
    assert wb["Programmes"]["K2"].value == "Bassetlaw; Newark and Sherwood"
    rule = demo_db.execute("SELECT quorum_rule FROM groups WHERE id = 1").fetchone()[0]
    assert json.loads(wb["Groups"]["F2"].value) == json.loads(rule)
    assert wb["Monthly counts"]["C2"].value == demo_db.execute(
        "SELECT month FROM monthly_counts ORDER BY area_id, measure_id, month").fetchone()[0]
    assert isinstance(wb["Monthly counts"]["D2"].value, int)


def test_about_sheet_says_what_when_where_and_with_personal_data(demo_db, tmp_path):
    before = dt.datetime.now().replace(second=0, microsecond=0)
    result, wb = export(demo_db, tmp_path)
    about = {row[0]: row[1:] for row in wb[ABOUT_SHEET].iter_rows(values_only=True) if row[0]}
    assert before <= about["Made on"][0] <= dt.datetime.now()
    assert wb[ABOUT_SHEET]["B3"].number_format == "DD/MM/YYYY HH:MM"
    assert about["From the database"][0] == "demo.sqlite"
    assert about["Personal data"][0].startswith("Included")
    for name, rows in result.sheets.items():
        assert about[name][0] == rows
    assert wb[ABOUT_SHEET]["A1"].font.b


def test_an_empty_database_gives_every_sheet_with_headers_only(db, tmp_path):
    result, wb = export(db, tmp_path)
    assert wb.sheetnames == [ABOUT_SHEET] + [s.name for s in SHEETS]
    assert result.count == 0
    assert all(wb[s.name].max_row == 1 for s in SHEETS)
    assert wb["People"].auto_filter.ref == "A1:G1"


# Never a formula; control characters removed and reported ------------------------------


def seed_hostile(db, people: list[str] = HOSTILE) -> None:
    db.conn.executemany("INSERT INTO organisations (name, notes) VALUES (?, ?)",
                        [(text, text) for text in HOSTILE])
    bad = "Bad\x08Name"
    db.conn.executemany("INSERT INTO people (name, job_title, organisation_id) VALUES (?, ?, 1)",
                        list(zip(people + [bad], HOSTILE + [bad], strict=True)))
    db.execute("INSERT INTO programmes (name) VALUES ('P')")
    db.execute("INSERT INTO actions (programme_id, title) VALUES (1, '=1+2')")
    db.conn.executemany("INSERT INTO action_updates (action_id, date, text, author) "
                        "VALUES (1, '2024-01-02', ?, ?)",
                        [(text, text) for text in HOSTILE + ["Ring\x08 me\x00"]])
    db.conn.commit()


def test_formula_like_text_stays_text_and_control_characters_are_reported(db, tmp_path):
    seed_hostile(db)
    result, wb = export(db, tmp_path)
    assert_no_formula(result.path)
    people, updates = wb["People"], wb["Action updates"]
    for row, text in enumerate(HOSTILE, start=2):
        for cell in (wb["Organisations"].cell(row, 2), people.cell(row, 2),
                     updates.cell(row, 4), updates.cell(row, 5)):
            assert cell.value == text and cell.data_type == "s"
    assert people.cell(len(HOSTILE) + 2, 2).value == "BadName"
    assert updates.cell(len(HOSTILE) + 2, 4).value == "Ring me"
    assert wb["Actions"]["D2"].value == "=1+2"
    assert [w.split(": ")[0] for w in result.warnings] == [
        "Sheet 'People', row 8, column B (name)", "Sheet 'People', row 8, column C (job_title)",
        "Sheet 'Action updates', row 8, column D (text)",
        "Sheet 'Action updates', row 8, column E (author)"]
    assert "removed 1 control character Excel cannot hold" in result.warnings[0]
    assert "removed 2 control characters Excel cannot hold" in result.warnings[2]


def test_formula_like_text_stays_text_without_personal_data_too(db, tmp_path):
    seed_hostile(db, people=[f"Person {i}" for i in range(len(HOSTILE))])
    db.execute("UPDATE action_updates SET author = 'Ann Author'")  # authors are names too
    result, wb = export(db, tmp_path, no_personal_data=True)
    assert_no_formula(result.path)
    for column in ("B", "F"):  # name, notes
        assert [c.value for c in wb["Organisations"][column][1:]] == HOSTILE
        assert all(c.data_type == "s" for c in wb["Organisations"][column][1:])
    assert [c.value for c in wb["Action updates"]["D"][1:]] == HOSTILE + ["Ring me"]
    assert len(result.warnings) == 2  # People's name column (and its control character) is gone


# No personal data --------------------------------------------------------------------------


def personal_values(db) -> set[str]:
    """Every name, email and phone number the database holds, in any column."""
    values: set[str] = set()
    for sql in ("SELECT name, email, phone FROM people", "SELECT lead_officer FROM priorities",
                "SELECT owner_officer FROM actions", "SELECT author FROM action_updates"):
        for row in db.execute(sql):
            values.update(v for v in row if v)
    return values


def seed_personal(db) -> None:
    """Give everyone an email and a phone, and mention people in free text."""
    db.execute("UPDATE people SET email = lower(replace(name, ' ', '.')) || '@example.org' "
               "WHERE email IS NULL")
    db.execute("UPDATE people SET phone = '07700 900' || printf('%03d', id) WHERE phone IS NULL")
    name, email, phone = db.execute("SELECT name, email, phone FROM people "
                                    "ORDER BY id").fetchone()
    db.execute("UPDATE meetings SET notes = ? WHERE id = 1",
               [f"Chaired by {name.upper()}; contact {email} or {phone}."])
    db.execute("UPDATE action_updates SET text = text || ? WHERE id = 1",
               [f" Spoke to {name}."])
    db.execute("UPDATE monthly_counts SET source_file = ? WHERE rowid = 1",
               [r"C:\Users\swhitmore\Downloads\2023-04-street.csv"])
    db.conn.commit()


def test_no_personal_data_anywhere_in_the_package(demo_db, tmp_path):
    seed_personal(demo_db)
    secrets = personal_values(demo_db)
    assert len(secrets) > 60
    full, _ = export(demo_db, tmp_path, "full.xlsx")
    result, wb = export(demo_db, tmp_path, "partners.xlsx", no_personal_data=True)
    full_text = "\n".join(parts(full.path).values())
    package = parts(result.path)
    assert {n for n in package if n.startswith("docProps/")} == {"docProps/core.xml",
                                                                 "docProps/app.xml"}
    for secret in secrets:
        forms = {secret, html.escape(secret), html.escape(secret, quote=False)}
        assert any(f in full_text for f in forms), secret  # the search can find it
        for name, text in package.items():
            assert not any(f.lower() in text.lower() for f in forms), (secret, name)
    assert "swhitmore" in full_text
    assert "swhitmore" not in "\n".join(package.values())


def test_no_personal_data_sheets_and_columns(demo_db, tmp_path):
    seed_personal(demo_db)
    result, wb = export(demo_db, tmp_path, no_personal_data=True)
    assert wb.sheetnames == PARTNER_SHEETS
    for sheet in SHEETS:
        if sheet.name != "Attendance":
            assert headers(wb[sheet.name]) == [c.header for c in sheet.columns
                                               if not c.personal], sheet.name
    assert headers(wb["People"]) == ["id", "job_title", "organisation_id", "active"]
    assert "author" not in headers(wb["Action updates"])
    assert wb["Meetings"]["I2"].value == f"Chaired by {REMOVED}; contact {REMOVED} or {REMOVED}."
    assert wb["Monthly counts"]["F2"].value == "2023-04-street.csv"
    assert any("Sheet 'Meetings', column notes" in w and "1 cell." in w for w in result.warnings)
    about = {row[0]: row[1:] for row in wb[ABOUT_SHEET].iter_rows(values_only=True) if row[0]}
    assert about["Personal data"][0].startswith("Left out: no names, emails or phone numbers")
    assert "organisation and job title" in about["People"][1]
    assert about[ATTENDANCE_BY_ORGANISATION.name][0] == result.sheets[
        ATTENDANCE_BY_ORGANISATION.name]


def test_document_properties_name_cspdesk_in_both_modes(demo_db, tmp_path):
    for personal in (False, True):
        result, wb = export(demo_db, tmp_path, f"{personal}.xlsx", no_personal_data=personal)
        assert wb.properties.creator == "cspdesk"
        assert wb.properties.lastModifiedBy == "cspdesk"
        assert not wb.defined_names and all(ws.sheet_state == "visible" for ws in wb)


def test_attendance_by_organisation_adds_up_like_the_statistics(demo_db, tmp_path):
    _, wb = export(demo_db, tmp_path, no_personal_data=True)
    ws = wb[ATTENDANCE_BY_ORGANISATION.name]
    assert headers(ws) == ATTENDANCE_BY_ORGANISATION.headers == [
        "meeting_id", "meeting_date", "group", "organisation", "expected", "present",
        "apologies", "absent", "substitute"]
    totals: dict[str, list[int]] = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        assert isinstance(row[1], dt.datetime) and row[2] and row[3]
        sums = totals.setdefault(row[3], [0] * 5)
        for i, figure in enumerate(row[4:]):
            sums[i] += figure
        assert row[4] == sum(row[5:])  # every expected member is counted once
    expected = {r.name: [r.expected, r.present, r.apologies, r.absent, r.substitute]
                for r in attendance_statistics(demo_db, "organisation")}
    assert totals == expected
    assert ws["B2"].number_format == "DD/MM/YYYY"


# Files, progress and cancel ---------------------------------------------------------------------


def test_refuses_to_overwrite_unless_asked(demo_db, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "out.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(InputError, match="already exists"):
        export_workbook(demo_db, target)
    assert target.read_bytes() == b"old"
    export_workbook(demo_db, target, overwrite=True)
    assert openpyxl.load_workbook(target).sheetnames[0] == ABOUT_SHEET
    assert [p.name for p in folder.iterdir()] == ["out.xlsx"]


def test_progress_reaches_the_total(demo_db, tmp_path):
    seen: list[tuple[int, int]] = []
    result = export_workbook(demo_db, tmp_path / "out.xlsx",
                             progress=lambda done, total: seen.append((done, total)))
    assert seen[0][0] == 0 and seen[-1] == (result.count, result.count)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cancel_stops_and_leaves_no_file(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr("cspdesk.exchange.export.TICK_ROWS", 10)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 3

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(Cancelled):
        export_workbook(demo_db, folder / "out.xlsx", cancelled=cancelled)
    assert len(calls) == 4 and list(folder.iterdir()) == []


# The command line --------------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), obj={})


def test_cli_writes_the_workbook_and_lists_the_sheets(demo_path, tmp_path):
    out = tmp_path / "partners.xlsx"
    result = run("export", "xlsx", "--db", demo_path, "--out", out, "--no-personal-data")
    assert result.exit_code == 0, result.output
    assert f"Wrote {out} (personal data left out):" in result.stdout
    assert re.search(r"Attendance by organisation +248 rows", result.stdout)
    assert re.search(r"Monthly counts +432 rows", result.stdout)
    assert openpyxl.load_workbook(out).sheetnames == PARTNER_SHEETS
    again = run("export", "xlsx", "--db", demo_path, "--out", out)
    assert again.exit_code == 2 and "already exists" in again.stderr
    full = run("export", "xlsx", "--db", demo_path, "--out", out, "--overwrite")
    assert full.exit_code == 0 and "personal data included" in full.stdout
    assert "Attendance" in openpyxl.load_workbook(out).sheetnames


def test_cli_prints_warnings(db_path, tmp_path):
    from cspdesk.store.database import open_database

    db = open_database(db_path)
    db.execute("INSERT INTO organisations (name) VALUES ('Bell\x07 Trust')")
    db.conn.commit()
    db.close()
    result = run("--db", db_path, "export", "xlsx", "--out", tmp_path / "o.xlsx")
    assert result.exit_code == 0
    assert "cspdesk: warning: Sheet 'Organisations', row 2, column B (name)" in result.stderr


# The write-only path in cspdesk.xlsx.writer ------------------------------------------


def stream(tmp_path, columns, rows):
    wb = new_streaming_workbook()
    sheet = StreamingSheet(wb, "S", columns, [0] * len(columns))
    for row in rows:
        sheet.append(row)
    sheet.finish()
    path = tmp_path / "s.xlsx"
    wb.save(path)
    return sheet, openpyxl.load_workbook(path)["S"], path


def test_streaming_keeps_each_rows_own_values_in_the_reused_cells(tmp_path):
    columns = [Column("Due", kind="date"), Column("Award", kind="pence"),
               Column("Text"), Column("Share", kind="percent"), Column("When", kind="datetime")]
    rows = [[f"2024-01-{d:02d}", d * 100, f"=A{d}", d / 10, dt.datetime(2024, 1, d, 9, d)]
            for d in range(1, 6)]
    sheet, ws, path = stream(tmp_path, columns, rows)
    assert sheet.warnings == []
    assert_no_formula(path)
    for d in range(1, 6):
        assert ws.cell(d + 1, 1).value == dt.datetime(2024, 1, d)
        assert ws.cell(d + 1, 2).value == pytest.approx(d)
        assert ws.cell(d + 1, 3).value == f"=A{d}" and ws.cell(d + 1, 3).data_type == "s"
        assert ws.cell(d + 1, 4).value == pytest.approx(d / 10)
        assert ws.cell(d + 1, 5).value == dt.datetime(2024, 1, d, 9, d)
    assert [ws.cell(2, c).number_format for c in range(1, 6)] == [
        "DD/MM/YYYY", xlsx.POUNDS_FORMAT, "General", "0.0%", "DD/MM/YYYY HH:MM"]


def test_streaming_text_error_codes_long_text_and_bad_values(tmp_path):
    columns = [Column("=Head"), Column("Due", kind="date"), Column("N", kind="int")]
    rows = [["#N/A", "not a date", 2.0], ["x" * 40_000, None, "=3"], ["\x01", "", None]]
    sheet, ws, path = stream(tmp_path, columns, rows)
    assert_no_formula(path)
    assert ws["A1"].value == "=Head" and ws["A2"].value == "#N/A" and ws["A2"].data_type == "s"
    assert ws["B2"].value == "not a date" and ws["C2"].value == 2
    assert len(ws["A3"].value) == 32_767 and ws["C3"].value == "=3"
    assert ws["A4"].value is None and ws["B4"].value is None
    assert [w.split(":")[0] for w in sheet.warnings] == [
        "Sheet 'S', row 2, column B (Due)", "Sheet 'S', row 3, column A (=Head)",
        "Sheet 'S', row 3, column C (N)", "Sheet 'S', row 4, column A (=Head)"]
    with pytest.raises(ValueError, match="2 values for 3 columns"):
        sheet.append([1, 2])


def test_a_failed_export_leaves_no_temporary_files(demo_db, tmp_path, full_disk):
    from openpyxl.worksheet import _writer

    before = set(_writer.ALL_TEMP_FILES)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(DiskError, match="is full, so nothing was written"):
        export_workbook(demo_db, folder / "out.xlsx")
    assert list(folder.iterdir()) == []
    left = set(_writer.ALL_TEMP_FILES) - before
    assert not [p for p in left if Path(p).exists()]
