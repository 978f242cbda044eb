"""The one safe way to write a workbook: never a formula, no crash on control characters,
real dates and numbers, a styled header, and files written whole or not at all."""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cspdesk.disk import DiskError
from cspdesk.errors import InputError
from cspdesk.xlsx import writer as xlsx
from cspdesk.xlsx.writer import (
    Column,
    ExportResult,
    new_workbook,
    save_workbook,
    write_cell,
    write_table,
)

HOSTILE = ['=HYPERLINK("http://x","click")', "+1", "-2+3", "@SUM(A1)", "=1+1", "#N/A",
           "=cmd|' /C calc'!A0"]


def sheet_xml(path: Path) -> dict[str, str]:
    """Every worksheet part of the file, by name."""
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist()
                if n.startswith("xl/worksheets/") and n.endswith(".xml")}


def assert_no_formula(path: Path) -> None:
    for name, xml in sheet_xml(path).items():
        assert not re.search(r"<(\w+:)?f[ >/]", xml), f"a formula in {name}"


def save(wb, tmp_path: Path, name: str = "out.xlsx") -> Path:
    return save_workbook(wb, tmp_path / name)


def test_formula_like_text_stays_text(tmp_path):
    wb = new_workbook()
    ws = wb.create_sheet("People")
    warnings = write_table(ws, [Column("Name"), Column("Note")],
                           [[text, f"note {text}"] for text in HOSTILE])
    assert warnings == []
    path = save(wb, tmp_path)
    assert_no_formula(path)
    back = openpyxl.load_workbook(path)["People"]
    for row, text in enumerate(HOSTILE, start=2):
        assert back.cell(row, 1).value == text
        assert back.cell(row, 1).data_type == "s"


def test_formula_like_header_and_single_cell_stay_text(tmp_path):
    wb = new_workbook()
    ws = wb.create_sheet("S")
    write_table(ws, [Column("=SUM(A1:A9)")], [["x"]], start_row=3)
    write_cell(ws, 1, 1, '=HYPERLINK("http://x","click")')
    path = save(wb, tmp_path)
    assert_no_formula(path)
    back = openpyxl.load_workbook(path)["S"]
    assert back["A3"].value == "=SUM(A1:A9)"
    assert back["A1"].value == '=HYPERLINK("http://x","click")'


def test_control_characters_are_removed_with_a_warning_naming_the_place(tmp_path):
    wb = new_workbook()
    ws = wb.create_sheet("By person")
    warnings = write_table(ws, [Column("Name"), Column("Organisation")],
                           [["Ann", "BDC"], ["Bad\x08Na\x00me", "Tab\tand\nnewline"]])
    assert len(warnings) == 1
    assert "Sheet 'By person', row 3, column A (Name)" in warnings[0]
    assert "removed 2 control characters" in warnings[0]
    back = openpyxl.load_workbook(save(wb, tmp_path))["By person"]
    assert back["A3"].value == "BadName"
    assert back["B3"].value == "Tab\tand\nnewline"  # tab and newline are kept


def test_characters_xml_cannot_hold_never_crash(tmp_path):
    wb = new_workbook()
    ws = wb.create_sheet("S")
    warnings = write_cell(ws, 2, 3, "a\ud800b\uffffc\x1f")
    assert warnings and "row 2, column C" in warnings[0]
    assert openpyxl.load_workbook(save(wb, tmp_path))["S"]["C2"].value == "abc"


def test_text_longer_than_excel_allows_is_cut_with_a_warning(tmp_path):
    wb = new_workbook()
    ws = wb.create_sheet("S")
    warnings = write_cell(ws, 1, 1, "x" * 40_000)
    assert "32,767" in warnings[0]
    assert len(openpyxl.load_workbook(save(wb, tmp_path))["S"]["A1"].value) == 32_767


def test_dates_are_real_dates_shown_dd_mm_yyyy(tmp_path):
    wb = new_workbook()
    ws = wb.create_sheet("S")
    columns = [Column("Due", kind="date"), Column("Made", kind="datetime")]
    rows = [["2023-04-11", dt.datetime(2023, 4, 11, 9, 30)],
            [dt.date(2024, 2, 29), "2024-02-29T17:05:00"],
            [None, None], ["not a date", None]]
    warnings = write_table(ws, columns, rows)
    assert len(warnings) == 1 and "row 5, column A (Due)" in warnings[0]
    back = openpyxl.load_workbook(save(wb, tmp_path))["S"]
    assert back["A2"].is_date and back["A2"].value == dt.datetime(2023, 4, 11)
    assert back["A2"].number_format == "DD/MM/YYYY"
    assert back["A3"].value == dt.datetime(2024, 2, 29)
    assert back["B2"].value == dt.datetime(2023, 4, 11, 9, 30)
    assert back["B2"].number_format == "DD/MM/YYYY HH:MM"
    assert back["A4"].value is None
    assert back["A5"].value == "not a date" and back["A5"].data_type == "s"


def test_money_and_percentages_are_numbers_with_formats(tmp_path):
    wb = new_workbook()
    ws = wb.create_sheet("S")
    columns = [Column("Award", kind="pounds"), Column("Spent", kind="pence"),
               Column("Share", kind="percent"), Column("Count", kind="int")]
    assert write_table(ws, columns, [[750000, 123450, 0.8333, 7], [None, None, None, None]]) == []
    back = openpyxl.load_workbook(save(wb, tmp_path))["S"]
    assert back["A2"].value == 750000 and back["A2"].number_format == xlsx.POUNDS_FORMAT
    assert back["B2"].value == pytest.approx(1234.50)
    assert back["B2"].number_format == xlsx.POUNDS_FORMAT
    assert back["C2"].value == pytest.approx(0.8333) and back["C2"].number_format == "0.0%"
    assert back["D2"].value == 7
    assert all(back.cell(3, c).value is None for c in range(1, 5))


def test_a_value_that_is_not_a_number_is_written_as_text_with_a_warning(tmp_path):
    wb = new_workbook()
    ws = wb.create_sheet("S")
    warnings = write_table(ws, [Column("Spent", kind="pence")], [[12.5], ["=1+2"]])
    assert len(warnings) == 2
    path = save(wb, tmp_path)
    assert_no_formula(path)
    assert openpyxl.load_workbook(path)["S"]["A3"].value == "=1+2"


def test_header_is_styled_with_frozen_panes_filter_and_widths(tmp_path):
    wb = new_workbook()
    ws = wb.create_sheet("S")
    columns = [Column("Name"), Column("Notes"), Column("Signature", width=40),
               Column("Due", kind="date")]
    write_table(ws, columns, [["Ann", "n" * 500, None, "2023-04-11"]], start_row=2)
    back = openpyxl.load_workbook(save(wb, tmp_path))["S"]
    header = back["A2"]
    assert header.value == "Name" and header.font.b
    assert header.fill.fill_type == "solid" and header.border.bottom.style
    assert back.freeze_panes == "A3"
    assert back.auto_filter.ref == "A2:D3"
    widths = {c: back.column_dimensions[c].width for c in "ABCD"}
    assert widths["B"] == xlsx.MAX_AUTO_WIDTH
    assert widths["C"] == 40
    assert xlsx.MIN_AUTO_WIDTH <= widths["A"] < 20
    assert widths["D"] >= 10


def test_rows_of_the_wrong_length_and_unknown_kinds_are_programming_errors():
    ws = new_workbook().create_sheet("S")
    with pytest.raises(ValueError):
        write_table(ws, [Column("A")], [["a", "b"]])
    with pytest.raises(ValueError):
        Column("A", kind="money")


def test_save_refuses_an_existing_file_unless_told(tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"the officer's only copy")
    wb = new_workbook()
    write_cell(wb.create_sheet("S"), 1, 1, "new")
    with pytest.raises(InputError, match="already exists") as caught:
        save_workbook(wb, target)
    assert caught.value.field == "path"
    assert target.read_bytes() == b"the officer's only copy"
    assert save_workbook(wb, target, overwrite=True) == target
    assert openpyxl.load_workbook(target)["S"]["A1"].value == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]  # no temporary file left


def test_save_refuses_a_missing_folder_and_a_folder_as_target(tmp_path):
    wb = new_workbook()
    wb.create_sheet("S")
    with pytest.raises(InputError, match="does not exist"):
        save_workbook(wb, tmp_path / "nowhere" / "out.xlsx")
    with pytest.raises(InputError, match="is a folder"):
        save_workbook(wb, tmp_path)


def test_save_refuses_a_folder_it_may_not_write_in(tmp_path, monkeypatch):
    wb = new_workbook()
    wb.create_sheet("S")
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # root may write anywhere
    with pytest.raises(InputError, match="not allowed to write"):
        save_workbook(wb, tmp_path / "out.xlsx")


def test_a_failed_save_leaves_the_old_file_and_no_partial_file(tmp_path, full_disk,
                                                                monkeypatch):
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    wb = new_workbook()
    wb.create_sheet("S")
    with pytest.raises(DiskError) as caught:
        save_workbook(wb, target, overwrite=True)
    assert str(caught.value) == (f"The disk holding {target} is full, so nothing was written; "
                                 "free some space on it and try again.")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    del caught
    gc.collect()
    assert unraisable == []  # no second error, later, from a file left open


def test_export_result_defaults():
    result = ExportResult(Path("x.xlsx"), [])
    assert result.warnings == [] and result.count == 0


def test_the_formula_check_would_see_a_formula(tmp_path):
    """The trap is real: a plain openpyxl assignment writes a formula, and the check sees it."""
    wb = new_workbook()
    wb.create_sheet("S")["A1"] = "=1+1"
    path = save(wb, tmp_path)
    with pytest.raises(AssertionError, match="a formula"):
        assert_no_formula(path)


def test_a_wrapped_column_wraps_its_header_and_cells(tmp_path):
    wb = new_workbook()
    ws = wb.create_sheet("S")
    write_table(ws, [Column("Name"), Column("Reason", width=20, wrap=True)],
                [["Ann", "a long reason " * 5]], auto_filter=False)
    back = openpyxl.load_workbook(save(wb, tmp_path))["S"]
    assert back["B1"].alignment.wrap_text and back["B2"].alignment.wrap_text
    assert not back["A2"].alignment.wrap_text
    assert back.auto_filter.ref is None
    assert back.column_dimensions["A"].width == xlsx.MIN_AUTO_WIDTH  # no filter button room
