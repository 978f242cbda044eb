"""The priority register as a workbook, read back: the report's layout, its text, printing."""

import datetime as dt
import zipfile

import pytest
from openpyxl import load_workbook

from cspdesk.errors import InputError
from cspdesk.priorities.exports import REGISTER_COLUMNS, export_register_xlsx
from cspdesk.priorities.priorities import list_priorities, save_priority

YEAR = "2023/24"
# The report's table, section 2.5, word for word.
BURGLARY_EVIDENCE = ("Locally we will experience spikes and are vulnerable to travelling gangs "
                     "and known individuals so remains a priority at a local level and a "
                     "Police priority.")
GRT_CONCERNS = ("Concern in N&S around unauthorised development on Tolney Lane and other "
                "sites. Public perception that the GRT community are not subject to the same "
                "level of enforcement as other sections of society. Lack of services for the "
                "GRT community causing a feeling of disconnect in the community.")


@pytest.fixture
def workbook(demo_db, tmp_path):
    result = export_register_xlsx(demo_db, YEAR, tmp_path / "register.xlsx")
    assert result.count == 8 and result.warnings == []
    return load_workbook(result.path)


def test_the_first_sheet_is_the_reports_table(workbook):
    assert workbook.sheetnames == ["Register", "Full register"]
    ws = workbook["Register"]
    assert [c.value for c in ws[1]] == ["Priority", "Evidence", "Current structure",
                                        "Local concerns/response"]
    assert ws.max_row == 9
    titles = [ws.cell(r, 1).value.split("\n")[0] for r in range(2, 10)]
    assert titles == ["Domestic Violence", "Burglary", "Rural Crime",
                      "Area based work/Town Centre Issues (ASB)",
                      "Gypsy and Travellers (Newark)", "Community Cohesion",
                      "Serious Violent Crime", "Exclusions (Bassetlaw)"]
    assert ws["A3"].value == ("Burglary\n(not specifically mentioned in the P&C Plan but "
                              "covered under All Crime)")
    assert ws["A4"].value == "Rural Crime\n(specifically mentioned in the P&C Plan)"
    assert ws["B3"].value == BURGLARY_EVIDENCE
    assert ws["D6"].value == GRT_CONCERNS
    assert ws["D3"].value.startswith("BNS has some specific vulnerabilities:\nHigh quality")
    assert ws["B9"].value is None  # the report's table is silent on Exclusions


def test_the_register_wraps_and_prints_landscape_one_page_wide(workbook):
    ws = workbook["Register"]
    for row in ws.iter_rows(min_row=1, max_row=9):
        for cell in row:
            assert cell.alignment.wrap_text, cell.coordinate
    assert ws["A1"].font.bold
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"  # the header row on every page
    assert ws.freeze_panes == "A2"
    widths = [ws.column_dimensions[c].width for c in "ABCD"]
    assert widths == [c.width for c in REGISTER_COLUMNS]
    # Rows tall enough for their longest text: Burglary's concerns are four lines.
    assert ws.row_dimensions[3].height >= 4 * 15
    assert "priority register 2023/24" in ws.oddHeader.center.text


def test_the_second_sheet_has_every_field(workbook):
    ws = workbook["Full register"]
    headers = [c.value for c in ws[1]]
    assert headers == [
        "Year", "Order", "Priority", "Evidence", "Current structure",
        "Local concerns and response", "Police and Crime Plan",
        "Police and Crime Plan heading", "Districts", "Lead organisation", "Lead officer",
        "Status", "Agreed at", "Agreed on", "Review date", "Why a priority", "Measures",
        "Carried forward from", "Notes"]
    rows = {r[2]: dict(zip(headers, r, strict=True))
            for r in ws.iter_rows(min_row=2, values_only=True)}
    burglary = rows["Burglary"]
    assert burglary["Police and Crime Plan heading"] == "All Crime"
    assert burglary["Measures"] == "Burglary"
    assert burglary["Agreed at"] == "JSG"
    assert burglary["Agreed on"] == dt.datetime(2023, 4, 18)
    assert burglary["Review date"] == dt.datetime(2024, 3, 15)
    assert rows["Gypsy and Travellers (Newark)"]["Districts"] == "Newark and Sherwood"
    assert rows["Serious Violent Crime"]["Why a priority"] == "Statutory duty"
    assert "Domestic and Sexual Abuse" in rows["Domestic Violence"]["Notes"]
    assert ws["N2"].number_format == "DD/MM/YYYY"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"


def test_no_cell_is_ever_a_formula(demo_db, tmp_path):
    first = list_priorities(demo_db, YEAR)[0]
    save_priority(demo_db, {"title": "=SUM(A1:A9)", "evidence": "=1+1",
                            "local_concerns": "+cmd|' /C calc'!A0"}, first.id)
    path = export_register_xlsx(demo_db, YEAR, tmp_path / "r.xlsx").path
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 2
        for name in sheets:
            assert "<f>" not in archive.read(name).decode()
    ws = load_workbook(path)["Register"]
    assert ws["A2"].value.startswith("=SUM(A1:A9)") and ws["A2"].data_type == "s"
    assert ws["B2"].value == "=1+1" and ws["B2"].data_type == "s"


def test_an_empty_year_and_an_existing_file_are_refused(demo_db, tmp_path):
    with pytest.raises(InputError, match="no priorities"):
        export_register_xlsx(demo_db, "2030/31", tmp_path / "none.xlsx")
    target = tmp_path / "kept.xlsx"
    target.write_bytes(b"keep")
    with pytest.raises(InputError, match="already exists"):
        export_register_xlsx(demo_db, YEAR, target)
    assert target.read_bytes() == b"keep"
    export_register_xlsx(demo_db, YEAR, target, overwrite=True)
    assert load_workbook(target)["Register"].max_row == 9


def test_carried_priorities_name_the_year_they_came_from(demo_db, tmp_path):
    from cspdesk.priorities.history import carry_forward

    carry_forward(demo_db, YEAR)
    ws = load_workbook(export_register_xlsx(demo_db, "2024/25", tmp_path / "n.xlsx").path)[
        "Full register"]
    assert {r[17] for r in ws.iter_rows(min_row=2, values_only=True)} == {YEAR}
    assert {r[11] for r in ws.iter_rows(min_row=2, values_only=True)} == {"Proposed"}
