"""A catalogue of bad inputs (issue 11, item 17), one case each: every importer and form fed
empty, truncated, binary, wrong-encoding, wrong-column, huge, zip-bomb, entity-expansion,
wrong-date, text-for-number, formula and control-character input. Each is refused in one
sentence saying what and where (or taken in with a warning that says so), and a refusal
leaves the database's dump as it was. The police.uk and workbook readers are fuzzed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kill_harness import dump  # tests/kill_harness.py
from test_workbook_bounds import with_part

from cspdesk.cli.main import main
from cspdesk.errors import CspdeskError, InputError
from cspdesk.exchange import safety
from cspdesk.exchange.importer import plan_import
from cspdesk.meetings.meetings import save_meeting
from cspdesk.money import pounds_to_pence
from cspdesk.performance.monthly import set_count
from cspdesk.performance.police_uk.importer import STREET_HEADER, import_police_uk

HEADER = ",".join(STREET_HEADER)
ROW = ("abc,2023-01,Nottinghamshire Police,Nottinghamshire Police,-1.1,53.3,On or near X,"
       "E01000001,Bassetlaw 001A,Burglary,Under investigation,")




def street(*lines: str, encoding: str = "utf-8") -> bytes:
    return "".join(line + "\n" for line in lines).encode(encoding)


def police_bomb() -> bytes:
    """A zip of under 100 KB whose street file unpacks to 20 MB: one line of 'A's."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("2023-01/2023-01-x-street.csv", "w") as fh:
        fh.write(street(HEADER))
        for _ in range(20):
            fh.write(b"A" * 1024 * 1024)
    return out.getvalue()


# (case, file name, bytes, the sentence the officer reads)
POLICE_UK_REFUSED = [
    ("empty", "e-street.csv", b"",
     "e-street.csv is not a police.uk street-level file: it is empty."),
    ("header only", "h-street.csv", street(HEADER), "There are no records in h-street.csv."),
    ("truncated", "t-street.csv", street(HEADER, ROW[:40]),
     "t-street.csv, line 2: the row has no Crime type."),
    ("binary", "b-street.csv", bytes(range(256)) * 4,
     "b-street.csv is not a police.uk street-level file: it is not a text file."),
    ("wrong encoding", "l-street.csv",
     street(HEADER, ROW.replace("Bassetlaw", "Bassétlaw"), encoding="latin-1"),
     "l-street.csv cannot be read: it is not UTF-8 text."),
    ("carriage return and nul", "r-street.csv", b"\r\x00",  # found by the fuzzing below
     "r-street.csv is not a police.uk street-level file: it is not a text file."),
    ("wrong column", "c-street.csv", b"a,b,c\n1,2,3\n",
     "c-street.csv is not a police.uk street-level file: its first line lacks the columns "
     "Crime ID, Month, Reported by, Falls within, Longitude, Latitude, Location, LSOA code, "
     "LSOA name, Crime type, Last outcome category, Context."),
    ("wrong date", "d-street.csv", street(HEADER, ROW.replace("2023-01", "31/01/2023")),
     "d-street.csv, line 2: the Month '31/01/2023' is not a month written YYYY-MM (such as "
     "2023-01)."),
    ("not a zip", "z.zip", b"PK\x03\x04garbage",
     "{folder}/z.zip is not a zip archive cspdesk can read (File is not a zip file)."),
    ("zip bomb", "bomb.zip", police_bomb(),
     "2023-01/2023-01-x-street.csv in bomb.zip, line 2: the Month '' is not a month written "
     "YYYY-MM (such as 2023-01)."),
]
POLICE_IDS = [case[0] for case in POLICE_UK_REFUSED]


@pytest.mark.parametrize("case, name, data, message", POLICE_UK_REFUSED, ids=POLICE_IDS)
def test_the_police_uk_importer_refuses(demo_db, demo_path, tmp_path, case, name, data,
                                        message):
    path = tmp_path / name
    path.write_bytes(data)
    before = dump(demo_path)
    with pytest.raises(InputError) as caught:
        import_police_uk(demo_db, [path])
    assert str(caught.value) == message.format(folder=tmp_path)
    assert dump(demo_path) == before


@pytest.mark.parametrize("case, name, data, message", POLICE_UK_REFUSED, ids=POLICE_IDS)
def test_the_police_uk_command_refuses(demo_path, tmp_path, case, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    before = dump(demo_path)
    result = CliRunner().invoke(main, ["import", "police-uk", "--db", str(demo_path),
                                       str(path)], obj={})
    assert result.exit_code == 2, result.output
    assert result.stderr == f"cspdesk: {message.format(folder=tmp_path)}\n"
    assert dump(demo_path) == before


@pytest.mark.parametrize("case, row, warning", [
    ("formula", ROW.replace("Burglary", '"=HYPERLINK(""x"")"'),
     "'=HYPERLINK(\"x\")' is not a police.uk crime type (1 record in w-street.csv): it was "
     "counted in All crime, and in no other measure."),
    ("control character", ROW.replace("Bassetlaw", "Bass\x00etlaw"),
     "w-street.csv: control characters were taken out of 1 LSOA name or crime type (such "
     "as 'Bassetlaw 001A')."),
], ids=["formula", "control character"])
def test_the_police_uk_importer_takes_in_odd_text_as_text_and_says_so(
        demo_db, tmp_path, case, row, warning):
    path = tmp_path / "w-street.csv"
    path.write_bytes(street(HEADER, row))
    report = import_police_uk(demo_db, [path])
    assert report.warnings[0] == warning
    held = demo_db.execute("SELECT name FROM lsoas UNION ALL SELECT crime_type FROM "
                           "lsoa_month_counts").fetchall()
    assert not any(ord(c) < 32 for (value,) in held for c in value)


def workbook(tmp_path: Path, name: str, sheet: str, header: list, row: list) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    ws.append(row)
    wb.save(tmp_path / name)
    return tmp_path / name


def refused_file(tmp_path: Path, case: str) -> Path:
    """A file named .xlsx that is refused before any row is read."""
    path = tmp_path / f"{case.replace(' ', '-')}.xlsx"
    plain = workbook(tmp_path, "plain.xlsx", "Organisations", ["name"], ["Notts Police"])
    if case == "empty":
        path.write_bytes(b"")
    elif case == "truncated":
        path.write_bytes(plain.read_bytes()[:plain.stat().st_size // 2])
    elif case == "binary":
        path.write_bytes(bytes(range(256)) * 8)
    elif case == "wrong encoding":  # a CSV in Windows-1252, renamed
        path.write_bytes("name,notes\nCafé Nero,x\n".encode("cp1252"))
    elif case == "zip bomb":
        with_part(plain, path, "xl/worksheets/sheet1.xml", (b"A" * 1024 * 1024
                                                            for _ in range(40)))
    elif case == "entity expansion":  # a billion laughs, declared in the sheet
        with zipfile.ZipFile(plain) as archive:
            body = archive.read("xl/worksheets/sheet1.xml").split(b"?>", 1)[-1]
        laughs = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "lol"><!ENTITY b "&a;&a;">]>'
        with_part(plain, path, "xl/worksheets/sheet1.xml", [laughs, body])
    return path


REFUSED_FILES = [
    ("empty", "empty.xlsx is not an Excel workbook (.xlsx)."),
    ("truncated", "truncated.xlsx is not an Excel workbook (.xlsx)."),
    ("binary", "binary.xlsx is not an Excel workbook (.xlsx)."),
    ("wrong encoding", "wrong-encoding.xlsx is not an Excel workbook (.xlsx)."),
    ("zip bomb", "zip-bomb.xlsx was refused: its part xl/worksheets/sheet1.xml would unpack "
                 "from {packed} KB to 40 MB, as only a 'zip bomb' does (a workbook packs "
                 "about ten to one)."),
    ("entity expansion", "entity-expansion.xlsx was refused: its XML declares entities or a "
                         "DTD, which no Excel workbook needs"),
]


def expected(path: Path, message: str) -> str:
    if "{packed}" in message:
        with zipfile.ZipFile(path) as archive:
            packed = archive.getinfo("xl/worksheets/sheet1.xml").compress_size
        return message.format(packed=f"{packed / 1024:,.0f}")
    return message


@pytest.mark.parametrize("case, message", REFUSED_FILES, ids=[c for c, _ in REFUSED_FILES])
def test_the_workbook_importer_refuses_the_file(demo_db, demo_path, tmp_path, case, message):
    path = refused_file(tmp_path, case)
    before = dump(demo_path)
    with pytest.raises(InputError) as caught:
        plan_import(demo_db, path)
    assert str(caught.value).startswith(expected(path, message))
    assert dump(demo_path) == before


@pytest.mark.parametrize("case, message", REFUSED_FILES, ids=[c for c, _ in REFUSED_FILES])
def test_the_workbook_command_refuses_the_file(demo_path, tmp_path, case, message):
    path = refused_file(tmp_path, case)
    before = dump(demo_path)
    result = CliRunner().invoke(main, ["import", "xlsx", "--db", str(demo_path), str(path)],
                                obj={})
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"cspdesk: {expected(path, message)}")
    assert len(result.stderr.splitlines()) == 1
    assert dump(demo_path) == before


def test_a_huge_workbook_is_refused_saying_where_reading_stopped(demo_db, demo_path, tmp_path,
                                                                 monkeypatch):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Organisations"
    ws.append(["name"])
    for n in range(200):
        ws.append([f"Partner {n}"])
    wb.save(tmp_path / "huge.xlsx")
    monkeypatch.setattr(safety, "MAX_CELLS", 100)  # a real one would take minutes to write
    before = dump(demo_path)
    with pytest.raises(InputError) as caught:
        plan_import(demo_db, tmp_path / "huge.xlsx")
    assert str(caught.value) == ("huge.xlsx was refused: it holds more than 100 cells "
                                 "(reading stopped at sheet Organisations, row 101), more than "
                                 "cspdesk reads from one workbook.")
    assert dump(demo_path) == before


MEETING = ["id", "group_id", "date", "start_time", "end_time", "venue", "mode", "status",
           "notes"]
COUNT = ["area_id", "measure_id", "month", "count", "entry", "source_file", "updated_at"]
ORGANISATION = ["id", "name", "short_name", "kind", "responsible_authority", "notes"]


def meeting(date: object) -> list:
    return [None, 1, date, "10:00", "12:00", "Castle House", "in person", "scheduled", None]


# (case, sheet, header, row, the problem at row 2 unless the column is of the header, row 1)
ROW_PROBLEMS = [
    ("wrong column", "Meetings", ["id", "group", "date"], [None, 1, "11/04/2023"],
     (1, "group", "The Meetings sheet has no column called 'group'; its columns are: id, "
                  "group_id, date, start_time, end_time, venue, mode, status, notes.")),
    ("wrong date", "Meetings", MEETING, meeting("31/02/2023"),
     (2, "date", "'31/02/2023' is not a date written dd/mm/yyyy (for example 11/04/2023).")),
    ("number for a date", "Meetings", MEETING, meeting(12),
     (2, "date", "12 is a number where a date should be; write the date as dd/mm/yyyy (for "
                 "example 11/04/2023).")),
    ("text for a number", "Monthly counts", COUNT, [3, 1, "2023-02", "many", "typed", None,
                                                     None],
     (2, "count", "'many' is not a whole number.")),
    ("text for money", "Action spend", ["action_id", "quarter", "amount"],
     [1, "2022/23 Q4", "lots"],
     (2, "amount", "The amount 'lots' is not an amount in pounds (for example 12,500 or "
                   "1,250.50).")),
    ("formula", "Organisations", ORGANISATION, [None, "=1+1", None, "voluntary", None, None],
     (2, "name", "The name must be filled in.")),  # a formula has no value until Excel runs it
]


@pytest.mark.parametrize("case, sheet, header, row, problem", ROW_PROBLEMS,
                         ids=[c[0] for c in ROW_PROBLEMS])
def test_the_workbook_importer_names_the_sheet_row_and_column(demo_db, demo_path, tmp_path,
                                                              case, sheet, header, row,
                                                              problem):
    path = workbook(tmp_path, "w.xlsx", sheet, header, row)
    before = dump(demo_path)
    plan = plan_import(demo_db, path)
    assert not plan.ok
    assert (plan.problems[0].sheet, plan.problems[0].row, plan.problems[0].column,
            plan.problems[0].message) == (sheet, *problem)
    result = CliRunner().invoke(main, ["import", "xlsx", "--db", str(demo_path), str(path)],
                                obj={})
    assert result.exit_code == 2, result.output
    row_number, column, message = problem
    assert f"Sheet {sheet}, row {row_number}, column {column}: {message}" in \
        result.stdout.splitlines()
    count = len(plan.problems)
    assert result.stderr == (f"cspdesk: w.xlsx has {count} problem{'s' if count > 1 else ''}; "
                             "nothing was imported.\n")
    assert dump(demo_path) == before


def test_control_characters_in_a_workbook_are_taken_out_and_reported(demo_db, tmp_path):
    path = workbook(tmp_path, "w.xlsx", "Organisations", ORGANISATION,
                    [None, "Notts_x0007_ Fire", None, "voluntary", None, None])
    plan = plan_import(demo_db, path)
    assert plan.ok
    assert plan.warnings == ("Sheet Organisations, column name: control characters were "
                             "taken out of 1 cell.",)


# Forms: the core functions the forms call, fed what a form could hand them.
FORMS = [
    ("meeting date as a number", lambda db: save_meeting(db, {"group_id": 1, "date": 12}),
     "date"),
    ("meeting date that is not a day", lambda db: save_meeting(
        db, {"group_id": 1, "date": "31/02/2023"}), "date"),
    ("meeting time of words", lambda db: save_meeting(
        db, {"group_id": 1, "date": "11/04/2023", "start_time": "ten"}), "start_time"),
    ("count of words", lambda db: set_count(db, 3, "All crime", "2023-02", "many"), "count"),
    ("count of a formula", lambda db: set_count(db, 3, "All crime", "2023-02", "=1+1"),
     "count"),
    ("count too big", lambda db: set_count(db, 3, "All crime", "2023-02", "9" * 40), "count"),
    ("count with a control character", lambda db: set_count(db, 3, "All crime", "2023-02",
                                                            "1\x002"), "count"),
    ("month as a date", lambda db: set_count(db, 3, "All crime", "01/02/2023", 4), "month"),
    ("money of words", lambda db: pounds_to_pence("lots", "budget", "award"), "award"),
    ("money as a formula", lambda db: pounds_to_pence("=SUM(A1:A9)", "budget", "award"),
     "award"),
]


@pytest.mark.parametrize("case, save, field", FORMS, ids=[c[0] for c in FORMS])
def test_a_form_refuses_naming_the_field(demo_db, demo_path, case, save, field):
    before = dump(demo_path)
    with pytest.raises(InputError) as caught:
        save(demo_db)
    assert caught.value.field == field
    message = str(caught.value)
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message
    assert dump(demo_path) == before


FUZZ = settings(max_examples=50, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
CSVISH = st.lists(st.text(alphabet=st.sampled_from(list(',"\n\r\t;=-. aZ019é\x00\x1b')),
                          max_size=40), max_size=6)


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000),
                      CSVISH.map(lambda lines: "\n".join([HEADER, *lines]).encode())))
def test_the_police_uk_reader_refuses_or_reads_whatever_it_is_given(demo_db, demo_path,
                                                                    tmp_path, data):
    path = tmp_path / "fuzz-street.csv"
    path.write_bytes(data)
    before = dump(demo_path)
    try:
        import_police_uk(demo_db, [path])
    except CspdeskError:
        assert dump(demo_path) == before


@FUZZ
@given(parts=st.dictionaries(st.sampled_from(["[Content_Types].xml", "xl/workbook.xml",
                                              "xl/worksheets/sheet1.xml", "_rels/.rels",
                                              "xl/_rels/workbook.xml.rels"]),
                             st.binary(max_size=500), max_size=5))
def test_the_workbook_reader_refuses_or_reads_whatever_zip_it_is_given(demo_db, demo_path,
                                                                       tmp_path, parts):
    path = tmp_path / "fuzz.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    before = dump(demo_path)
    try:
        plan_import(demo_db, path)
    except CspdeskError:
        assert dump(demo_path) == before
