"""The committee report drafted from the demo database: the June 2023 report's figures, its
priorities, its money, its numbering, and the fields the officer fills in once."""

from __future__ import annotations

import struct
import zlib

import pytest

from cspdesk.errors import InputError
from cspdesk.performance.comparison import ComparisonLine, report_percent_text
from cspdesk.reports.charts import ChartSpec
from cspdesk.reports.committee import build_committee_report
from cspdesk.reports.document import Document, Heading, ItemList, Paragraph, Table, as_text
from cspdesk.reports.fields import IMPLICATION_KEYS, checked_fields, load_fields, save_fields


def tiny_png() -> bytes:
    """A real one-pixel PNG, for a chart drawer that draws nothing."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


class Drawer:
    def __init__(self) -> None:
        self.specs: list[ChartSpec] = []

    def __call__(self, spec: ChartSpec) -> bytes:
        self.specs.append(spec)
        return tiny_png()


def table_after(doc: Document, starts: str) -> Table:
    """The first table after the paragraph whose text starts with ``starts``."""
    found = False
    for block in doc.blocks:
        if isinstance(block, Paragraph) and block.text.startswith(starts):
            found = True
        elif found and isinstance(block, Table):
            return block
    raise AssertionError(f"no table after {starts!r}")


def list_after(doc: Document, starts: str) -> tuple[str, ...]:
    blocks = doc.blocks
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and block.text.startswith(starts):
            following = blocks[index + 1]
            assert isinstance(following, ItemList)
            return following.items
    raise AssertionError(f"no list after {starts!r}")


def column(table: Table, header: str) -> dict[str, str]:
    index = table.header.index(header)
    return {row[0].text: row[index].text for row in table.rows}


@pytest.fixture
def report(demo_db) -> Document:
    return build_committee_report(demo_db, draw_chart=Drawer())


def test_the_performance_tables_read_the_reports_figures(report):
    crime = table_after(report, "The performance for Crime for 2022/23")
    asb = table_after(report, "The performance for ASB for 2022/23")
    assert column(crime, "Performance") == {"Force": "6%", "County": "7%", "BNS CSP": "5%",
                                            "NSDC": "9%"}
    assert column(asb, "Performance") == {"Force": "-13%", "County": "-11%", "BNS CSP": "-5%",
                                          "NSDC": "-2%"}
    assert crime.header[1:3] == ("2021/22", "2022/23")
    assert column(crime, "2022/23")["NSDC"] == "10,900"
    assert column(asb, "Significance")["NSDC"] == "not significant"


def test_each_change_is_said_in_plain_words_with_its_counts(report):
    text = as_text(report)
    assert ("NSDC: 2,940 in 2022/23 against 3,000 in 2021/22, a fall of 2%, not statistically "
            "significant: within what chance alone gives.") in text
    assert ("Force: 108,120 in 2022/23 against 102,000 in 2021/22, a rise of 6%, "
            "statistically significant: larger than chance alone would give.") in text
    assert text.count("Data quality: no months behind these figures are flagged") == 2


def test_the_chart_is_the_csps_months_this_year_against_last(demo_db):
    drawer = Drawer()
    doc = build_committee_report(demo_db, draw_chart=drawer)
    assert [s.title for s in drawer.specs] == [
        "All crime in BNS CSP by month: 2022/23 against 2021/22",
        "Anti-social behaviour in BNS CSP by month: 2022/23 against 2021/22"]
    crime = drawer.specs[0]
    assert crime.categories[0] == "Apr" and crime.categories[-1] == "Mar"
    assert [s.name for s in crime.series] == ["2022/23", "2021/22"]
    assert sum(crime.series[0].values) == 21_000 and sum(crime.series[1].values) == 20_000
    assert [i.description for i in doc.images()] == [s.title for s in drawer.specs]


def test_without_a_drawer_the_report_has_no_chart(demo_db):
    assert build_committee_report(demo_db).images() == []


def test_the_eight_priorities_and_their_rationale(report):
    listed = list_after(report, "The priorities that have been agreed for 2023/24 are:")
    assert len(listed) == 8
    assert listed[0] == "Domestic Violence" and listed[-1] == "Exclusions (Bassetlaw)"
    rationale = table_after(report, "The table below sets out the rationale")
    assert rationale.header == ("Priority", "Evidence", "Current Structure",
                                "Local Concerns/Response")
    assert len(rationale.rows) == 8
    assert rationale.rows[1][0].text == ("Burglary\n(not specifically mentioned in the P&C "
                                         "Plan but covered under All Crime)")
    assert rationale.rows[2][0].text == "Rural Crime\n(specifically mentioned in the P&C Plan)"


def test_safer_streets_award_themes_spend_and_actions(report):
    text = as_text(report)
    assert ("The bid was successful and funding of £750,000 across Bassetlaw and Newark and "
            "Sherwood was provided, which has been focussed on:") in text
    assert list_after(report, "A submission by the CSP for Safer Streets 4") == (
        "Anti-social behaviour", "Violence against women and girls", "Perceptions of safety")
    assert ("The project is due for completion on 30/09/2023. As at 26/06/2023, £589,500 of "
            "the £750,000 has been spent (79%)") in text
    done = list_after(report, "To date the following have been completed:")
    assert done[0] == ("Replace 4 town centre CCTV cameras, Newark town centre: 4 CCTV cameras "
                       "replaced, completed 20/02/2023.")
    assert len(done) == 5 and len(list_after(report, "In progress:")) == 5


def test_the_reviews_action_plan_by_area_and_status(report):
    assert "3.0 ASB Working Group Review action plan" in report.headings()
    assert list_after(report, "There were 17 actions split into the following areas:") == (
        "Improve Communications", "Community Protection Officers", "Partnership Working",
        "The Community Safety Charter", "CCTV")
    counts = table_after(report, "As at 26/06/2023, of the 17 actions")
    totals = column(counts, "Total")
    assert sum(int(n) for n in totals.values()) == 17
    assert totals["Improve Communications"] == "4"


def test_the_background_is_read_from_the_meetings_data(report):
    text = as_text(report)
    assert "  i. The District Council(s): Bassetlaw District Council and Newark and Sherwood " \
           "District Council" in text
    assert ("1.3 The BNS CSP has three layers to its structure: a single strategic group "
            "(Joint Strategic Group; “the JSG”), a single delivery group (Partnership Delivery "
            "Group; “the PDG”) and three operational groups") in text
    assert ("The Chair of the JSG is Helen Ashworth (NSDC), from 01/04/2023. The chair has "
            "been held by Andrew Keeling (BDC) from 01/04/2021 to 31/03/2023 and Helen "
            "Ashworth (NSDC) from 01/04/2023. The chair alternates between BDC and NSDC every "
            "two years.") in text
    schedule = table_after(report, "The CSP has a well-established schedule of meetings")
    assert column(schedule, "Meetings in 2022/23")["Partnership Delivery Group (PDG)"] == \
        "6 held, 1 cancelled"


def test_attendance_at_the_strategic_and_delivery_groups(report):
    jsg = table_after(report, "Attendance at the Joint Strategic Group (JSG)")
    assert column(jsg, "Attendance")["Nottinghamshire Fire and Rescue Service"] == "50%"
    pdg = table_after(report, "Attendance at the Partnership Delivery Group (PDG)")
    assert "Nottinghamshire Youth Justice Service" in column(pdg, "Expected")
    assert "4.2 Attendance at the Partnership Delivery Group (PDG) by organisation in " \
           "2022/23 (6 meetings held)." in as_text(report)


def test_headings_and_paragraphs_are_numbered_as_the_report_numbers_them(report):
    assert report.headings() == [
        "1.0 Background", "2.0 Proposal/Options Considered",
        "3.0 ASB Working Group Review action plan", "4.0 Attendance at the partnership's "
        "meetings", "5.0 Implications", "5.1 Financial Implications FIN23-24/1539",
        "Background Papers and Published Documents"]
    numbers = [b.number for b in report.blocks if isinstance(b, Paragraph) and b.number]
    assert numbers[:6] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]
    assert numbers[6:9] == ["2.1", "2.2", "2.3"]


def test_the_summary_table_and_implications_are_the_officers_fields(report):
    summary = report.tables()[0]
    assert summary.header == ("Report Summary", "")
    assert column(summary, "")["Recommendations"] == (
        "That Policy & Performance Improvement Committee review Community Safety Partnership "
        "performance and priorities.")
    text = as_text(report)
    assert "Report to: Policy & Performance Improvement Committee Meeting - 26 June 2023" in text
    assert "The posts that support the work of the CSP are fully budgeted." in text
    assert ("There are no Data Protection, Digital and Cyber Security, Equality and Diversity, "
            "Human Resources, Human Rights, Legal, Safeguarding and Sustainability "
            "implications.") in text
    assert "  • ASB Review Paper Cabinet Report Recommendations - 21 February 2023" in text


def test_the_areas_chosen_are_the_areas_shown(demo_db):
    fields = checked_fields(demo_db, {"areas": ["Bassetlaw and Newark and Sherwood CSP",
                                                "Bassetlaw", "Newark and Sherwood"]})
    doc = build_committee_report(demo_db, fields)
    crime = table_after(doc, "The performance for Crime")
    assert column(crime, "Performance") == {"BNS CSP": "5%", "BDC": "1%", "NSDC": "9%"}


def test_fields_are_remembered_and_checked(demo_db):
    saved = save_fields(demo_db, {"report_to": " Cabinet ", "meeting_date": "11/07/2023",
                                  "implications": {"legal": "Section 6 of the Act applies."},
                                  "financial_year": "2024/25"})
    assert saved.meeting_date == "2023-07-11" and saved.report_to == "Cabinet"
    again = load_fields(demo_db)
    assert again == saved
    assert again.implication("legal") == "Section 6 of the Act applies."
    assert again.implication("financial") == ""  # replaced as a whole, as the dialog sends it
    with pytest.raises(InputError, match="no area called 'Atlantis'") as caught:
        save_fields(demo_db, {"areas": ["Atlantis"]})
    assert caught.value.field == "areas"
    with pytest.raises(InputError, match="'2024-25' is not a financial year"):
        save_fields(demo_db, {"financial_year": "2024-25"})
    with pytest.raises(InputError, match="meeting date '31/02/2024' is not a date"):
        save_fields(demo_db, {"meeting_date": "31/02/2024"})
    assert load_fields(demo_db) == saved  # nothing refused was remembered


def test_a_new_database_starts_from_worded_defaults(db):
    fields = load_fields(db)
    assert fields.title == ("Community Safety Partnership Progress and Performance Update and "
                            "Review of Priorities.")
    assert fields.areas == () and set(fields.implications) <= set(IMPLICATION_KEYS)
    doc = build_committee_report(db, fields)
    text = as_text(doc)
    assert "cspdesk holds no all crime figures for the areas chosen." in text
    assert "No priorities are recorded for" in text
    assert any(isinstance(b, Heading) and b.text == "Implications" for b in doc.blocks)


@pytest.mark.parametrize(("count", "previous", "words"), [
    (1_125, 1_000, "13%"), (875, 1_000, "-13%"), (1_004, 1_000, "0%"), (996, 1_000, "0%"),
    (1_060, 1_000, "6%"), (4, 0, "from 0"), (None, 10, "missing")])
def test_the_report_writes_a_change_in_whole_percent(count, previous, words):
    line = ComparisonLine("Area", None, "district", 0, count, previous, None, None, None, ())
    assert report_percent_text(line) == words
