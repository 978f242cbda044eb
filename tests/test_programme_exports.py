"""The monitoring return and the action tracker: figures worked out independently from the
demo's source file, the workbooks read back (values, £ formats, no formula anywhere)."""

import datetime as dt
import tomllib
import zipfile
from collections import defaultdict

import openpyxl
import pytest
from click.testing import CliRunner

from cspdesk.errors import InputError
from cspdesk.money import pounds_to_pence
from cspdesk.programmes.actions import save_action
from cspdesk.programmes.exports import (
    export_action_tracker,
    export_monitoring_return,
    monitoring_return,
)
from cspdesk.programmes.programmes import district_choices, find_programme, list_programmes
from cspdesk.resources import resource_path
from cspdesk.xlsx.writer import POUNDS_FORMAT

QUARTER = "2023/24 Q1"


def demo_actions():
    with (resource_path("demo") / "programmes.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return next(p for p in data["programmes"] if p["name"] == "Safer Streets 4")["actions"]


def expected_by_intervention():
    """(quarter, cumulative, budget) in pence per intervention, straight from the TOML."""
    sums = defaultdict(lambda: [0, 0, 0])
    for action in demo_actions():
        line = sums[action["intervention"]]
        for spend in action.get("spend", []):
            pence = pounds_to_pence(spend["amount"])
            if spend["quarter"] == QUARTER:
                line[0] += pence
            if spend["quarter"] <= QUARTER:
                line[1] += pence
        line[2] += pounds_to_pence(action["budget"])
    return {k: tuple(v) for k, v in sums.items()}


def test_the_2023_24_q1_return_of_safer_streets_4(demo_db):
    figures = monitoring_return(demo_db, find_programme(demo_db, "Safer Streets 4").id, QUARTER)
    assert (figures.start, figures.end) == (dt.date(2023, 4, 1), dt.date(2023, 6, 30))
    got = {line.intervention: (line.quarter_pence, line.cumulative_pence, line.budget_pence)
           for line in figures.lines}
    assert got == expected_by_intervention()
    assert figures.quarter_pence == 10_550_000  # £105,500 in Q1, as the demo file says
    assert figures.cumulative_pence == 58_950_000
    assert figures.year_pence == 10_550_000
    by_title = {a.title: a for a in figures.actions}
    lighting = by_title["Lighting scheme for the Market Square, Church Walks and the "
                        "Remembrance Gardens"]
    assert (lighting.quarter_pence, lighting.cumulative_pence) == (4_500_000, 16_500_000)
    assert lighting.rag.colour == "amber" and "behind profile" in lighting.rag.rules
    assert lighting.commentary.startswith("13/06/2023: Contractor appointed")
    gates = by_title["Security gates for St Marks Precinct"]
    assert gates.status == "complete" and gates.rag.colour == "green"
    assert gates.commentary == "No update recorded in the quarter."
    assert (gates.output_count, gates.output_unit) == (2, "sets of security gates")


def test_a_return_before_completion_shows_the_status_then(demo_db):
    programme = find_programme(demo_db, "Safer Streets 4")
    figures = monitoring_return(demo_db, programme.id, "2022/23 Q3")
    cameras = next(a for a in figures.actions if a.title.startswith("Replace 4"))
    assert cameras.status == "in progress"  # completed 20/02/2023, in the next quarter
    assert cameras.cumulative_pence == cameras.quarter_pence == 1_200_000


def formulas_in(path):
    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith("xl/worksheets/")
                and b"<f>" in z.read(n)]


def test_the_monitoring_return_workbook_reads_back(demo_db, tmp_path):
    programme = find_programme(demo_db, "Safer Streets 4")
    path = tmp_path / "return.xlsx"
    result = export_monitoring_return(demo_db, programme.id, QUARTER, path)
    assert result.count == 10 and result.warnings == []
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Spend by intervention", "Actions"]
    summary = {row[0]: row[1] for row in wb["Summary"].iter_rows(min_row=3, values_only=True)}
    assert summary["Spend in the quarter"] == 105_500
    assert summary["Cumulative spend"] == 589_500
    assert summary["Limit for 2023/24"] == 250_000
    spend = wb["Spend by intervention"]
    rows = {row[0]: row for row in spend.iter_rows(min_row=2, values_only=True) if row[0]}
    expected = expected_by_intervention()
    assert rows["CCTV"][3] == expected["CCTV"][0] / 100 == 18_000
    assert rows["Lighting"][4] == expected["lighting"][1] / 100 == 165_000
    assert rows["Total"][1:6] == (10, 750_000, 105_500, 589_500, 160_500)
    assert spend["D2"].number_format == POUNDS_FORMAT
    assert spend["G2"].number_format == "0.0%"
    actions = wb["Actions"]
    headers = [c.value for c in actions[1]]
    assert headers[12:15] == ["RAG", "RAG reason", "Commentary"]
    assert actions["G2"].number_format == "DD/MM/YYYY"
    assert actions["J4"].value == 165_000 and actions["J4"].number_format == POUNDS_FORMAT
    assert actions["M4"].value == "Amber"
    assert actions["M4"].fill.start_color.rgb == "FFFCE2A6"
    assert formulas_in(path) == []


def test_an_action_plan_has_no_monitoring_return(demo_db, tmp_path):
    review = next(p for p in list_programmes(demo_db) if p.kind == "action plan")
    with pytest.raises(InputError):
        export_monitoring_return(demo_db, review.id, QUARTER, tmp_path / "r.xlsx")
    assert not (tmp_path / "r.xlsx").exists()


def test_the_action_tracker_has_one_row_per_action_with_the_latest_update(demo_db, tmp_path):
    programme = find_programme(demo_db, "Safer Streets 4")
    save_action(demo_db, {"programme_id": programme.id, "title": "=HYPERLINK(\"x\")",
                          "budget": "0"})
    path = tmp_path / "tracker.xlsx"
    result = export_action_tracker(demo_db, programme.id, path, as_at=dt.date(2023, 6, 26))
    assert result.count == 11
    ws = openpyxl.load_workbook(path)["Action tracker"]
    assert ws["A1"].value == "Safer Streets 4: action tracker"
    assert "as at 26/06/2023" in ws["A2"].value
    headers = [c.value for c in ws[4]]
    rows = [dict(zip(headers, r, strict=True)) for r in ws.iter_rows(min_row=5, values_only=True)]
    assert len(rows) == 11
    shopwatch = rows[9]
    assert shopwatch["Action"] == "Promote ShopWatch to town centre businesses"
    assert shopwatch["Latest update"] == dt.datetime(2023, 6, 13)
    assert shopwatch["Latest update text"].startswith("23 businesses signed up")
    assert shopwatch["Budget"] == 30_000 and shopwatch["Spent"] == 16_500
    assert shopwatch["RAG"] == "Amber"
    assert rows[3]["District"] == "Joint"
    assert rows[10]["Action"] == "=HYPERLINK(\"x\")"  # text, never a formula
    budget_column = headers.index("Budget") + 1
    assert ws.cell(5, budget_column).number_format == POUNDS_FORMAT
    assert formulas_in(path) == []


def test_the_action_tracker_follows_the_district_filter(demo_db, tmp_path):
    programme = find_programme(demo_db, "Safer Streets 4")
    bassetlaw = dict(district_choices(demo_db))["Bassetlaw"]
    result = export_action_tracker(demo_db, programme.id, tmp_path / "t.xlsx",
                                   district_id=bassetlaw)
    assert result.count == 1


def test_the_command_line_refuses_an_unknown_programme(demo_path, tmp_path):
    from cspdesk.cli.main import main

    result = CliRunner().invoke(main, [
        "monitoring-return", "--db", str(demo_path), "--programme", "Safer Streets 9",
        "--quarter", QUARTER, "--out", str(tmp_path / "r.xlsx")], obj={})
    assert result.exit_code == 2
    assert "There is no programme called 'Safer Streets 9'" in result.output
    assert not (tmp_path / "r.xlsx").exists()


def test_the_command_line_writes_the_return(demo_path, tmp_path):
    from cspdesk.cli.programmes import monitoring_return as command

    out = tmp_path / "return.xlsx"
    runner = CliRunner()
    result = runner.invoke(command, ["--db", str(demo_path), "--programme", "safer streets 4",
                                     "--quarter", QUARTER, "--out", str(out)], obj={})
    assert result.exit_code == 0, result.output
    assert "Wrote the 2023/24 Q1 monitoring return of Safer Streets 4 (10 actions)" in \
        result.output
    assert openpyxl.load_workbook(out)["Summary"]["B8"].value == 105_500
