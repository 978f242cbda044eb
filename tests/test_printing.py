"""Exports that can be printed: each sheet's page set-up read back as Excel and LibreOffice
read it (A4, landscape where wide, one page wide, headings on every page, titles on one
line, wrapped rows tall enough for their text)."""

from __future__ import annotations

import datetime as dt

import openpyxl
from openpyxl.utils import get_column_letter

from cspdesk.exchange.export import export_workbook
from cspdesk.meetings.exports import export_statistics_xlsx
from cspdesk.programmes.exports import export_action_tracker, export_monitoring_return
from cspdesk.programmes.programmes import find_programme
from cspdesk.xlsx.stream import new_streaming_workbook
from cspdesk.xlsx.writer import (
    LINE_POINTS,
    TITLE_SCALE,
    Column,
    fit_title,
    new_workbook,
    printed_width,
    set_print_layout,
    wrapped_lines,
    write_table,
)


def one_page_wide(ws, orientation: str, header_rows: str | None) -> None:
    assert ws.page_setup.orientation == orientation, ws.title
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == header_rows
    assert ws.oddFooter.center.text == "Page &P of &N"


def width_of(ws, columns: range) -> float:
    return sum(ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in columns)


def text_fits_its_row(ws, row: int, column: int) -> None:
    """The row is at least as tall as the cell's text wrapped at the column's width."""
    text = ws.cell(row, column).value
    lines = wrapped_lines(text, ws.column_dimensions[get_column_letter(column)].width)
    assert ws.cell(row, column).alignment.wrap_text
    assert lines > 1 and (ws.row_dimensions[row].height or 15) >= lines * LINE_POINTS, text


def test_the_action_tracker_prints_landscape_on_one_page_width(demo_db, tmp_path):
    programme = find_programme(demo_db, "Safer Streets 4")
    path = export_action_tracker(demo_db, programme.id, tmp_path / "t.xlsx",
                                 as_at=dt.date(2023, 6, 26)).path
    ws = openpyxl.load_workbook(path)["Action tracker"]
    one_page_wide(ws, "landscape", "$4:$4")  # the headings on every page
    assert ws.oddHeader.center.text == "Safer Streets 4: action tracker as at 26/06/2023"
    assert ws.max_column == 22 and width_of(ws, range(1, 23)) <= 360  # not four pages' worth
    headers = [c.value for c in ws[4]]
    lighting = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 2).value.startswith(
        "Lighting scheme for the Market Square"))
    for name in ("Action", "Location", "RAG reason", "Latest update text"):
        text_fits_its_row(ws, lighting, headers.index(name) + 1)
    assert ws.cell(lighting, headers.index("Budget") + 1).alignment.vertical == "top"
    text_fits_its_row(ws, 4, headers.index("Owner organisation") + 1)  # a heading wraps too


def test_the_monitoring_return_prints_each_sheet_one_page_wide(demo_db, tmp_path):
    programme = find_programme(demo_db, "Safer Streets 4")
    path = export_monitoring_return(demo_db, programme.id, "2023/24 Q1", tmp_path / "r.xlsx").path
    wb = openpyxl.load_workbook(path)
    summary = wb["Summary"]
    one_page_wide(summary, "portrait", None)
    assert summary.print_options.gridLines is not True
    title = summary["A1"].value
    assert title == "Safer Streets 4: quarterly monitoring return, 2023/24 Q1"
    assert width_of(summary, range(1, 3)) >= len(title) * TITLE_SCALE  # on one line
    one_page_wide(wb["Spend by intervention"], "landscape", "$1:$1")
    actions = wb["Actions"]
    one_page_wide(actions, "landscape", "$1:$1")
    assert actions.oddHeader.center.text == "Safer Streets 4: monitoring return, 2023/24 Q1"
    commentary = [c.value for c in actions[1]].index("Commentary") + 1
    longest = max(range(2, actions.max_row + 1),
                  key=lambda r: len(actions.cell(r, commentary).value))
    text_fits_its_row(actions, longest, commentary)


def test_attendance_statistics_print_on_three_pages_not_eight(demo_db, tmp_path):
    path = export_statistics_xlsx(demo_db, tmp_path / "s.xlsx", group_short_name="JSG").path
    wb = openpyxl.load_workbook(path)
    about = wb["About"]
    one_page_wide(about, "portrait", None)
    assert width_of(about, range(1, 3)) <= 100  # upright, at full size
    expected = next(r for r in range(1, about.max_row + 1) if about.cell(r, 1).value == "Expected")
    assert about.cell(expected, 2).value.startswith("one for each held meeting")
    text_fits_its_row(about, expected, 2)
    for name in ("By organisation", "By person"):
        one_page_wide(wb[name], "landscape", "$1:$1")
        assert wb[name].oddHeader.center.text == (
            "Attendance statistics: Joint Strategic Group (JSG), all meetings")


def test_the_partner_workbooks_about_sheet_prints_on_one_upright_page(demo_db, tmp_path):
    path = export_workbook(demo_db, tmp_path / "p.xlsx", no_personal_data=True).path
    about = openpyxl.load_workbook(path)["About"]
    one_page_wide(about, "portrait", None)
    labels = {about.cell(r, 1).value: r for r in range(1, about.max_row + 1)}
    personal = labels["Personal data"]
    assert f"B{personal}:C{personal}" in {str(m) for m in about.merged_cells.ranges}
    assert about.cell(personal, 2).value.startswith("Left out: no names")
    lines = wrapped_lines(about.cell(personal, 2).value, width_of(about, range(2, 4)))
    assert lines > 1 and about.row_dimensions[personal].height >= lines * LINE_POINTS
    last = about.max_row
    assert about.cell(last, 1).value.startswith("Row 1 of every sheet")
    assert f"A{last}:C{last}" in {str(m) for m in about.merged_cells.ranges}
    assert about.cell(last, 1).alignment.wrap_text


# The one print layout -------------------------------------------------------------------


def test_a_sheet_wider_than_a_portrait_page_is_printed_landscape():
    wb = new_workbook()
    narrow, wide = wb.create_sheet("Narrow"), wb.create_sheet("Wide")
    write_table(narrow, [Column("Name", width=30), Column("Count", kind="int")], [["a", 1]])
    write_table(wide, [Column("Name", width=60), Column("Notes", width=50)], [["a", "b"]])
    assert printed_width(narrow) < 100 < printed_width(wide)
    for ws in (narrow, wide):
        set_print_layout(ws, 1)
    assert (narrow.page_setup.orientation, wide.page_setup.orientation) == (
        "portrait", "landscape")
    set_print_layout(wide, 1, landscape=False)  # told, it obeys
    assert wide.page_setup.orientation == "portrait"


def test_wrapped_lines_wrap_whole_words():
    assert wrapped_lines("Newark and Sherwood", 11) == 2  # 'Newark and' / 'Sherwood'
    assert wrapped_lines("one\ntwo", 30) == 2
    assert wrapped_lines("", 10) == 1


def test_a_title_too_long_for_its_columns_widens_the_last(tmp_path):
    wb = new_workbook()
    ws = wb.create_sheet("S")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 10, 10
    fit_title(ws, "A title of forty characters, give or ta", 2)
    assert width_of(ws, range(1, 3)) >= 39 * TITLE_SCALE and ws.column_dimensions["A"].width == 10
    fit_title(ws, "Short", 2)
    assert width_of(ws, range(1, 3)) >= 39 * TITLE_SCALE  # never narrowed


def test_a_streamed_sheet_keeps_its_page_set_up(tmp_path):
    wb = new_streaming_workbook()
    ws = wb.create_sheet("About")
    ws.column_dimensions["A"].width = 40
    set_print_layout(ws, None, landscape=False, title="Notes & figures", gridlines=False)
    ws.append(["Title"])
    wb.save(tmp_path / "w.xlsx")
    back = openpyxl.load_workbook(tmp_path / "w.xlsx")["About"]
    one_page_wide(back, "portrait", None)
    assert back.oddHeader.center.text == "Notes && figures"  # '&' alone is a header code
    assert back.print_options.gridLines is not True
