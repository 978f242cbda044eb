"""The attendance statistics as the officer reads them: each % on screen, the charts behind
them, and one rounding of a % on screen, on the command line and in Excel."""

from __future__ import annotations

import json

import openpyxl
import pyqtgraph as pg
import pytest
from click.testing import CliRunner

from cspdesk.cli.main import main
from cspdesk.meetings.attendance import attendance_percent, attendance_statistics
from cspdesk.meetings.exports import export_statistics_xlsx
from ui.meetings.statistics_page import StatisticsPage


def add(db, table: str, **row) -> int:
    cols, marks = ", ".join(row), ", ".join("?" * len(row))
    return db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                      list(row.values())).lastrowid


def held(db, group: int, date: str, marks) -> None:
    meeting = add(db, "meetings", group_id=group, date=date, status="held")
    for person, mark, substitute in marks:
        add(db, "attendance", meeting_id=meeting, person_id=person, mark=mark,
            substitute_id=substitute)


@pytest.fixture
def jsg(db):
    """JSG: Ann (BDC) and Bob (Police), four meetings in 2023/24 Q1 and Q2.

    Ann comes to three and sends apologies to one (75%). Bob comes to one, sends Hal (also
    Police) to two and is absent from one: 25% for Bob himself, 75% for the Police.
    Cat (Probation) joins for the last meeting and comes: 100% by person and organisation.
    """
    with db.atomic():
        bdc = add(db, "organisations", name="Bassetlaw District Council", short_name="BDC")
        police = add(db, "organisations", name="Nottinghamshire Police", short_name="Police")
        probation = add(db, "organisations", name="Probation Service")
        ann = add(db, "people", name="Ann Chair", organisation_id=bdc)
        bob = add(db, "people", name="Bob Officer", organisation_id=police)
        hal = add(db, "people", name="Hal Standin", organisation_id=police)
        cat = add(db, "people", name="Cat Member", organisation_id=probation)
        group = add(db, "groups", name="Joint Strategic Group", short_name="JSG",
                    tier="strategic")
        for person, start in ((ann, None), (bob, None), (cat, "2023-09-01")):
            add(db, "memberships", person_id=person, group_id=group, start_date=start)
        held(db, group, "2023-04-18", [(ann, "present", None), (bob, "substitute", hal)])
        held(db, group, "2023-05-16", [(ann, "present", None), (bob, "substitute", hal)])
        held(db, group, "2023-07-11", [(ann, "apologies", None), (bob, "present", None)])
        held(db, group, "2023-09-12", [(ann, "present online", None), (bob, "absent", None),
                                       (cat, "present", None)])
    return db


@pytest.fixture
def page(qtbot, jsg):
    widget = StatisticsPage()
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    widget.set_database(jsg)
    return widget


def shown(page) -> dict[str, str]:
    """Each row's first column and its Attendance %, as the table shows them."""
    view = page.view.model()
    last = view.columnCount() - 1
    assert view.headerData(last, pg.QtCore.Qt.Orientation.Horizontal) == "Attendance"
    return {view.index(r, 0).data(): view.index(r, last).data() for r in range(view.rowCount())}


def bars(page) -> dict[str, float]:
    """The bar chart's data: each organisation's label and the length of its bar."""
    [item] = [i for i in page.bars.getPlotItem().items if isinstance(i, pg.BarGraphItem)]
    ticks = dict(page.bars.getAxis("left")._tickLevels[0])
    return {ticks[y]: width for y, width in zip(item.opts["y"], item.opts["width"],
                                                strict=True)}


def test_by_organisation_the_percent_counts_substitutes(page):
    assert page.by_organisation.isChecked()
    assert shown(page) == {"Bassetlaw District Council": "75.0%",
                           "Nottinghamshire Police": "75.0%",  # Bob once, Hal twice
                           "Probation Service": "100.0%"}


def test_by_person_the_percent_is_the_persons_own(page):
    page.by_person.setChecked(True)
    assert shown(page) == {"Ann Chair": "75.0%", "Bob Officer": "25.0%",
                           "Cat Member": "100.0%"}
    view = page.view.model()
    assert [view.headerData(c, pg.QtCore.Qt.Orientation.Horizontal)
            for c in range(view.columnCount())] == [
        "Name", "Organisation", "Expected", "Present", "Apologies", "Absent", "Substitute",
        "Attendance"]
    bob = next(r for r in range(view.rowCount()) if view.index(r, 0).data() == "Bob Officer")
    assert [view.index(bob, c).data() for c in range(1, 7)] == [
        "Police", "4", "1", "0", "1", "2"]


def test_the_charts_show_the_organisations_and_the_quarters(page):
    for by_person in (False, True):  # the bars are by organisation either way
        page.by_person.setChecked(by_person)
        assert bars(page) == {"Bassetlaw District Council": 75.0,
                              "Nottinghamshire Police": 75.0, "Probation Service": 100.0}
    [line] = page.trend.getPlotItem().listDataItems()
    xs, ys = line.getData()
    ticks = dict(page.trend.getAxis("bottom")._tickLevels[0])
    # Q1: 4 of 4 expected came (Hal for Bob twice); Q2: 3 of 5 (Ann online, Bob, Cat).
    assert {ticks[x]: y for x, y in zip(xs, ys, strict=True)} == {"2023/24 Q1": 100.0,
                                                                  "2023/24 Q2": 60.0}


@pytest.mark.parametrize(("part", "whole", "percent"), [
    (13, 16, 81.3), (1, 16, 6.3), (1, 8, 12.5), (1, 3, 33.3), (2, 3, 66.7), (0, 7, 0.0),
    (7, 7, 100.0), (3, 0, None)])
def test_a_percent_is_rounded_half_up_on_the_exact_fraction(part, whole, percent):
    assert attendance_percent(part, whole) == percent


@pytest.fixture
def thirteen_of_sixteen(jsg):
    """Dee (no organisation) at sixteen PDG meetings, present at thirteen: 81.25%."""
    with jsg.atomic():
        dee = add(jsg, "people", name="Dee Sixteen")
        pdg = add(jsg, "groups", name="Partnership Delivery Group", short_name="PDG",
                  tier="delivery")
        add(jsg, "memberships", person_id=dee, group_id=pdg)
        for month in range(1, 17):
            year, month = 2021 + (month - 1) // 12, (month - 1) % 12 + 1
            held(jsg, pdg, f"{year}-{month:02}-10",
                 [(dee, "present" if month > 3 or year > 2021 else "apologies", None)])
    return jsg


def test_13_of_16_is_81_3_percent_on_screen_on_the_command_line_and_in_excel(
        qtbot, thirteen_of_sixteen, db_path, tmp_path):
    db = thirteen_of_sixteen
    [row] = attendance_statistics(db, "person", "PDG")
    assert (row.expected, row.present, row.attendance_pct) == (16, 13, 81.3)
    widget = StatisticsPage()
    qtbot.addWidget(widget)
    widget.show()
    widget.set_database(db)
    widget.group.setCurrentIndex(widget.group.findData("PDG"))
    widget.by_person.setChecked(True)
    assert shown(widget) == {"Dee Sixteen": "81.3%"}
    cli = CliRunner().invoke(main, ["attendance", "--db", str(db_path), "--by", "person",
                                    "--group", "PDG", "--format", "json"], obj={})
    assert json.loads(cli.output)[0]["attendance_pct"] == 81.3
    table = CliRunner().invoke(main, ["attendance", "--db", str(db_path), "--by", "person",
                                      "--group", "PDG"], obj={})
    assert table.output.splitlines()[-1].split()[-1] == "81.3"
    target = export_statistics_xlsx(db, tmp_path / "stats.xlsx", "PDG").path
    cell = openpyxl.load_workbook(target)["By person"]["H2"]
    assert (cell.value, cell.number_format) == (pytest.approx(0.813, abs=1e-12), "0.0%")
