"""Meeting papers and printed screens from the demo database: the agenda, the minutes (their
attendance exactly the register's), the register, the sign-in sheet, the comparison, the
priority register and the action tracker."""

from __future__ import annotations

import datetime as dt

import pytest

from cspdesk.meetings.agenda import find_meeting, save_agenda
from cspdesk.meetings.meetings import list_meeting_records, save_meeting
from cspdesk.meetings.register import load_register, quorum
from cspdesk.meetings.structure import find_group
from cspdesk.performance.periods import parse_period
from cspdesk.programmes.programmes import district_choices, find_programme
from cspdesk.reports import prints
from cspdesk.reports.agenda_paper import build_agenda
from cspdesk.reports.document import Document, Heading, Paragraph, Table, as_text
from cspdesk.reports.minutes_paper import build_minutes


def section(doc: Document, heading: str) -> list:
    """The blocks under a heading, up to the next heading."""
    blocks, inside = [], False
    for block in doc.blocks:
        if isinstance(block, Heading):
            if inside:
                break
            inside = block.text == heading
        elif inside:
            blocks.append(block)
    return blocks


def names_in(blocks: list) -> set[str]:
    """Names in a section: a table's first column, or a paragraph's 'Name (Org)' list."""
    found: set[str] = set()
    for block in blocks:
        if isinstance(block, Table):
            found |= {row[0].text for row in block.rows}
        elif isinstance(block, Paragraph):
            for part in block.text.rstrip(".").replace(" and ", ", ").split(", "):
                found.add(part.split(" (")[0])
    return found


@pytest.fixture
def jsg_april(demo_db) -> int:
    return find_meeting(demo_db, "JSG", "18/04/2023").id


def test_the_minutes_attendance_is_the_registers(demo_db):
    jsg, pdg = find_group(demo_db, "JSG").id, find_group(demo_db, "PDG").id
    held = [m for m in list_meeting_records(demo_db) if m.status == "held" and
            m.group_id in (jsg, pdg)]
    assert len(held) > 8
    for meeting in held:
        lines = load_register(demo_db, meeting.id)
        minutes = build_minutes(demo_db, meeting.id)

        def marked(*marks: str, lines=lines) -> set[str]:
            return {line.name for line in lines if line.mark in marks}

        assert names_in(section(minutes, "Present")) == marked("present", "present online")
        assert names_in(section(minutes, "Apologies")) == marked("apologies")
        assert names_in(section(minutes, "Absent")) == marked("absent")
        assert names_in(section(minutes, "In attendance")) == marked("in attendance")
        subs = section(minutes, "Substitutes")
        assert {row[0].text for b in subs for row in b.rows} == {
            line.substitute_name for line in lines if line.mark == "substitute"}


def test_the_minutes_of_the_jsg_that_agreed_the_priorities(demo_db, jsg_april):
    minutes = build_minutes(demo_db, jsg_april)
    text = as_text(minutes)
    assert "Minutes of the meeting held on Tuesday 18 April 2023, 10:00 to 12:00, Castle " \
           "House, Newark (hybrid)" in text
    present = section(minutes, "Present")[0]
    assert present.header == ("Name", "Organisation", "Role")
    assert ("Helen Ashworth", "NSDC", "Chair") in [tuple(c.text for c in r) for r in present.rows]
    assert ("Joanne Birch | ICB | Fiona Radcliffe (ICB)") in text
    result = quorum(demo_db, jsg_april)
    assert result.quorate is True
    assert "The meeting was quorate: district council, police and county council " \
           "represented." in text
    assert "Responsible authorities not represented: fire and rescue." in text
    assert "Decided: The eight priorities for 2023/24 were agreed: Domestic Violence;" in text
    assert "Apologies were received from Fiona Radcliffe (ICB), Martin Oakley (Probation) " \
           "and Simon Ridley (NFRS)." in text
    last = section(minutes, "Actions arising")
    assert as_text(Document("x", last)).splitlines()[-1] == (
        "Circulate the draft strategic assessment to all responsible authorities for comment"
        " | Joanne Birch | 28/02/2023 | Done on 20/02/2023")
    arising = [b for b in minutes.blocks if isinstance(b, Table)][-1]
    assert [r[0].text for r in arising.rows] == [
        "Report the agreed 2023/24 priorities to the Policy & Performance Improvement "
        "Committee", "Scope a single Community Safety Strategy with a separate action plan "
        "for each district"]
    assert "8. Date of next meeting" in minutes.headings()
    assert "The date of the next meeting is to be arranged." in text


def test_minutes_without_an_agenda_still_report_actions_and_next_meeting(demo_db):
    meeting = find_meeting(demo_db, "PDG", "30/03/2023").id
    minutes = build_minutes(demo_db, meeting)
    assert minutes.headings()[-2:] == ["7. Date of next meeting", "Actions arising"]
    text = as_text(minutes)
    assert "Confirm the Integrated Care Board's named deputy for the PDG" in text
    assert "The next meeting is on Thursday 25 May 2023, 14:00 to 16:00, Queen's Buildings, " \
           "Worksop (hybrid)." in text


def test_a_cancelled_meeting_has_no_minutes(demo_db):
    meeting = find_meeting(demo_db, "PDG", "18/08/2022").id
    assert "This meeting was cancelled, so it has no minutes." in as_text(
        build_minutes(demo_db, meeting))


def test_the_agenda_lists_items_leads_and_papers(demo_db, jsg_april):
    agenda = build_agenda(demo_db, jsg_april)
    text = as_text(agenda)
    assert "Date | Tuesday 18 April 2023" in text
    assert "Venue or joining details | Castle House, Newark (hybrid)" in text
    assert "Chair | Helen Ashworth (NSDC)" in text
    items = agenda.tables()[1]
    assert items.header == ("Item", "Title", "Lead", "Papers")
    assert [r[1].text for r in items.rows][:3] == [
        "Welcome, introductions and apologies", "Minutes of the last meeting",
        "Actions arising"]
    assert items.rows[1][3].text == "Minutes of the meeting of 17/01/2023"
    assert items.rows[4][3].text == "Strategic assessment 2022\nPriority register 2023/24 " \
                                    "(proposed)"
    assert "Item 6: ASB Review Paper Cabinet Report Recommendations - 21 February 2023" in text


def test_a_new_meetings_agenda_carries_the_standing_items(demo_db):
    group = find_group(demo_db, "JSG").id
    july = save_meeting(demo_db, {"group_id": group, "date": "2023-07-18",
                                  "start_time": "10:00", "venue": "Castle House, Newark"})
    titles = [r[1].text for r in build_agenda(demo_db, july).tables()[1].rows]
    assert titles == ["Welcome, introductions and apologies", "Minutes of the last meeting",
                      "Actions arising", "Performance", "Priorities for 2023/24",
                      "Any other business", "Date of next meeting"]
    save_agenda(demo_db, july, [{"title": "Serious violence plan"}])
    assert [r[1].text for r in build_agenda(demo_db, july).tables()[1].rows] == [
        "Serious violence plan"]


def test_the_printed_register_and_sign_in_sheet(demo_db, jsg_april):
    lines = load_register(demo_db, jsg_april)
    register = prints.register_document(demo_db, jsg_april)
    rows = register.tables()[-1].rows
    assert [r[0].text for r in rows] == [line.name for line in lines]
    assert ("Fiona Radcliffe", "Substitute", "Substitute: Joanne Birch") in [
        (r[0].text, r[3].text, r[4].text) for r in rows]
    sheet = prints.sign_in_sheet(demo_db, jsg_april)
    signing = sheet.tables()[-1]
    members = [line.name for line in lines if line.member]
    assert [r[0].text for r in signing.rows] == members + [""] * prints.SPARE_SIGN_IN_LINES
    assert signing.header[-1] == "Signature" and all(r[-1].text == "" for r in signing.rows)
    assert signing.row_height_mm


def test_the_printed_comparison_priority_register_and_tracker(demo_db):
    comparison = prints.comparison_document(demo_db, "All crime", parse_period("fy:2022/23"))
    assert comparison.landscape
    rows = {r[0].text.strip("\u00a0"): r for r in comparison.tables()[0].rows}
    assert rows["Newark and Sherwood"][4].text == "+900 (+9.0%)"
    assert rows["Newark and Sherwood"][4].fill == prints.RISE
    assert rows["Bassetlaw"][4].fill is None  # not significant, not shaded
    register = prints.priority_register_document(demo_db, "2023/24")
    assert len(register.tables()[0].rows) == 8
    programme = find_programme(demo_db, "Safer Streets 4")
    newark = dict(district_choices(demo_db))["Newark and Sherwood"]
    tracker = prints.action_tracker_document(demo_db, programme.id, district_id=newark,
                                             as_at=dt.date(2023, 6, 26))
    rows = tracker.tables()[0].rows
    assert rows and all(r[2].text == "Newark and Sherwood" for r in rows)
    rag = tracker.tables()[0].header.index("RAG")
    assert {r[rag].text for r in rows} <= {"Red", "Amber", "Green"}
    assert all(r[rag].fill == prints.RAG_FILLS[r[rag].text.lower()] for r in rows)
