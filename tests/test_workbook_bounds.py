"""Reading a workbook never runs away (issue 11, item 4): a zip bomb, a part too big to
read whole and a DTD are refused before openpyxl parses anything, and reading stops, saying
where, at the most cells and characters a workbook may hold. Control characters in cells are
taken out and reported (item 12)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cspdesk.cli.main import main
from cspdesk.errors import InputError
from cspdesk.exchange import safety
from cspdesk.exchange.importer import check_workbook_file, plan_import
from cspdesk.exchange.mapping.sheets import read_sheet

BOMB_MB = 40


def valid(path: Path, rows: int = 1, width: int = 1, text: str = "A") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Organisations"
    ws.append(["name", *[f"c{i}" for i in range(1, width)]])
    for n in range(rows):
        ws.append([f"{text}{n}", *[n] * (width - 1)])
    wb.save(path)
    return path


def with_part(source: Path, path: Path, part: str, chunks) -> Path:
    """``source`` with ``part`` replaced by the bytes ``chunks`` yields, streamed."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w",
                                                           zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename != part:
                out.writestr(item, src.read(item))
        info = zipfile.ZipInfo(part)
        info.compress_type = zipfile.ZIP_DEFLATED
        with out.open(info, "w") as fh:
            for chunk in chunks:
                fh.write(chunk)
    return path


def one_cell(tmp_path: Path, name: str, chunks) -> Path:
    """A workbook whose sheet holds one text cell in its second row, of the bytes given."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" '
            b't="inlineStr"><is><t>name</t></is></c></row><row r="2"><c r="A2" '
            b't="inlineStr"><is><t>')
    tail = b"</t></is></c></row></sheetData></worksheet>"
    return with_part(valid(tmp_path / "plain.xlsx"), tmp_path / name,
                     "xl/worksheets/sheet1.xml", [head, *chunks, tail])


def bomb(tmp_path: Path) -> Path:
    """A workbook of under 100 KB whose one sheet unpacks to 40 MB: one cell of 'A's."""
    return one_cell(tmp_path, "bomb.xlsx", (b"A" * (1024 * 1024) for _ in range(BOMB_MB)))


@pytest.fixture
def never_parsed(monkeypatch):
    """Fail the test if openpyxl is asked to parse anything."""
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl parsed a file that should have been refused")
    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    monkeypatch.setattr("cspdesk.exchange.mapping.sheets.load_workbook", refuse)


def test_a_small_zip_bomb_is_refused_before_it_is_parsed(db, tmp_path, never_parsed):
    path = bomb(tmp_path)
    assert path.stat().st_size < 100 * 1024
    with zipfile.ZipFile(path) as archive:
        packed = archive.getinfo("xl/worksheets/sheet1.xml").compress_size
    expected = (f"bomb.xlsx was refused: its part xl/worksheets/sheet1.xml would unpack from "
                f"{packed / 1024:,.0f} KB to {BOMB_MB} MB, as only a 'zip bomb' does (a "
                "workbook packs about ten to one).")
    dump = list(db.conn.iterdump())
    for read in (check_workbook_file, lambda p: plan_import(db, p), read_sheet):
        with pytest.raises(InputError) as caught:
            read(path)
        assert str(caught.value) == expected
    assert list(db.conn.iterdump()) == dump


def test_the_command_line_refuses_a_zip_bomb_in_one_sentence(db_path, tmp_path):
    result = CliRunner().invoke(main, ["import", "xlsx", "--db", str(db_path),
                                       str(bomb(tmp_path))], obj={})
    assert result.exit_code == 2
    assert "cspdesk: bomb.xlsx was refused: its part xl/worksheets/sheet1.xml would unpack " \
           "from" in result.output
    assert "Traceback" not in result.output


def test_a_part_read_whole_is_refused_when_too_big(tmp_path, monkeypatch, never_parsed):
    path = valid(tmp_path / "w.xlsx")
    with zipfile.ZipFile(path) as archive:
        size = archive.getinfo("xl/theme/theme1.xml").file_size  # the biggest part
    monkeypatch.setattr(safety, "MAX_WHOLE_PART_BYTES", size - 1)
    with pytest.raises(InputError, match=r"w.xlsx was refused: its part xl/theme/theme1.xml "
                                         r"would unpack to \d+ KB, and cspdesk reads such a "
                                         r"part whole \(up to \d+ KB\)."):
        check_workbook_file(path)
    monkeypatch.setattr(safety, "MAX_WHOLE_PART_BYTES", size)
    check_workbook_file(path)


@pytest.mark.parametrize("prolog", [
    b'<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY a "b">]>',
    b'<?xml version="1.0"?><!-- a note -->\n<!DOCTYPE Types SYSTEM "http://x/t.dtd">',
    b'<?xml version="1.0"?>' + b" " * (70 * 1024),  # no element in the first 64 KB
])
def test_a_dtd_anywhere_is_refused_whatever_parser_openpyxl_has(db, tmp_path, prolog,
                                                                  never_parsed):
    source = valid(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(source) as archive:
        body = archive.read("[Content_Types].xml").split(b"?>", 1)[-1]
    path = with_part(source, tmp_path / "dtd.xlsx", "[Content_Types].xml", [prolog, body])
    with pytest.raises(InputError, match="dtd.xlsx was refused: its XML declares entities or "
                                         "a DTD, which no Excel workbook needs"):
        plan_import(db, path)


def test_reading_stops_at_the_most_cells_saying_where(db, tmp_path, monkeypatch):
    path = valid(tmp_path / "w.xlsx", rows=1000, width=2)
    monkeypatch.setattr(safety, "MAX_CELLS", 40)
    dump = list(db.conn.iterdump())
    with pytest.raises(InputError) as caught:
        plan_import(db, path)
    assert str(caught.value) == ("w.xlsx was refused: it holds more than 40 cells (reading "
                                 "stopped at sheet Organisations, row 21), more than cspdesk "
                                 "reads from one workbook.")
    assert list(db.conn.iterdump()) == dump
    with pytest.raises(InputError, match=r"stopped at sheet Organisations, row 21\)"):
        read_sheet(path)


def test_reading_stops_at_the_most_characters(db, tmp_path, monkeypatch):
    path = valid(tmp_path / "w.xlsx", rows=100, text="Bassetlaw District Council ")
    monkeypatch.setattr(safety, "MAX_CHARACTERS", 500)
    with pytest.raises(InputError, match=r"w.xlsx was refused: it holds more than 500 "
                                         r"characters of text \(reading stopped at sheet "
                                         r"Organisations, row 19\)."):
        plan_import(db, path)


def test_a_cell_longer_than_excel_allows_is_refused(db, tmp_path):
    path = one_cell(tmp_path, "w.xlsx", [b"x" * 40_000])  # Excel and openpyxl write no such
    with pytest.raises(InputError) as caught:
        plan_import(db, path)
    assert str(caught.value) == ("w.xlsx was refused: sheet Organisations, row 2 has a cell of "
                                 "40,000 characters, more than Excel's 32,767.")


def test_the_bounds_let_a_real_workbook_through(demo_db, tmp_path):
    from cspdesk.exchange.export import export_workbook
    path = export_workbook(demo_db, tmp_path / "demo.xlsx").path
    check_workbook_file(path)
    assert plan_import(demo_db, path).ok


def test_control_characters_in_cells_are_taken_out_and_reported(db, db_path, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Organisations"
    ws.append(["name", "notes"])
    ws.append(["Notts_x0008_ Police", "Line one_x000D_\nline two\tend_x001B_"])  # as Excel
    ws.append(["Notts Fire", "Keeps\ttabs"])
    wb.save(tmp_path / "w.xlsx")
    plan = plan_import(db, tmp_path / "w.xlsx")
    assert plan.warnings == (
        "Sheet Organisations, column name: control characters were taken out of 1 cell.",
        "Sheet Organisations, column notes: control characters were taken out of 1 cell.")
    result = CliRunner().invoke(main, ["import", "xlsx", "--db", str(db_path),
                                       str(tmp_path / "w.xlsx")], obj={})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:4] == [
        "Warnings:",
        "  - Sheet Organisations, column name: control characters were taken out of 1 cell.",
        "  - Sheet Organisations, column notes: control characters were taken out of 1 cell."]
    held = db.execute("SELECT name, notes FROM organisations ORDER BY id").fetchall()
    assert held == [("Notts Police", "Line one\nline two\tend"), ("Notts Fire", "Keeps\ttabs")]
