"""A meeting's agenda as a paper: the group, date, time, venue or joining details, the chair,
and the items with their leads and the papers attached to each."""

from __future__ import annotations

from cspdesk.dates import format_date
from cspdesk.meetings.agenda import AgendaItem, next_meeting, previous_meeting, proposed_agenda
from cspdesk.meetings.meetings import Meeting, get_meeting, meeting_place, meeting_time_span
from cspdesk.meetings.register import load_register
from cspdesk.reports.document import Block, Cell, Document, Paragraph, Run, Table
from cspdesk.reports.words import long_date
from cspdesk.store.connection import Database
from cspdesk.store.settings import get_setting


def meeting_heading(db: Database, meeting: Meeting, paper: str) -> list[Block]:
    """The top of a meeting's paper: the partnership, the group, what the paper is."""
    partnership = get_setting(db, "partnership_name")
    blocks: list[Block] = [Paragraph.of(partnership, style="subtitle")] if partnership else []
    return blocks + [Paragraph.of(meeting.group_title, style="title"),
                     Paragraph.of(paper, style="subtitle")]


def meeting_facts(db: Database, meeting: Meeting) -> Table:
    """Date, time, venue or joining details and chair, as a table without a header."""
    chair = next((line for line in load_register(db, meeting.id) if line.role == "chair"),
                 None)
    facts = [("Date", long_date(meeting.date, weekday=True)),
             ("Time", meeting_time_span(meeting.start_time, meeting.end_time) or "to be set"),
             ("Venue" if meeting.mode == "in person" else "Venue or joining details",
              meeting_place(meeting.venue, meeting.mode) or "to be set")]
    if chair is not None:
        facts.append(("Chair", f"{chair.name} ({chair.organisation})" if chair.organisation
                      else chair.name))
    if meeting.status in ("cancelled", "postponed"):
        facts.append(("Status", f"This meeting was {meeting.status}."))
    return Table((), tuple((Cell(label, bold=True), Cell(value)) for label, value in facts),
                 widths=(1, 4))


def build_agenda(db: Database, meeting_id: int) -> Document:
    """The meeting's agenda (its saved items, or those it would carry from the group's last
    agenda), numbered, with each item's lead and papers."""
    meeting = get_meeting(db, meeting_id)
    items = proposed_agenda(db, meeting_id)
    doc = Document(f"{meeting.group_short_name} agenda {format_date(meeting.date)}")
    doc.add(*meeting_heading(db, meeting, "Agenda"), meeting_facts(db, meeting))
    rows = tuple((Cell(f"{item.position}.", bold=True), Cell(_item_title(db, item)),
                  Cell(item.lead or ""), Cell("\n".join(_papers(db, item))))
                 for item in items)
    doc.add(Table(("Item", "Title", "Lead", "Papers"), rows, widths=(0.8, 4, 1.8, 3)))
    papers = [(item.position, paper) for item in items for paper in _papers(db, item)]
    if papers:
        doc.add(Paragraph((Run("Papers attached", bold=True),)))
        doc.add(*(Paragraph.of(f"Item {number}: {paper}") for number, paper in papers))
    return doc


def _item_title(db: Database, item: AgendaItem) -> str:
    if item.kind == "next meeting":
        following = next_meeting(db, item.meeting_id)
        if following is not None:
            return f"{item.title}: {format_date(following.date)}"
    return item.title


def _papers(db: Database, item: AgendaItem) -> list[str]:
    """The item's papers; the minutes item always has the last meeting's minutes."""
    papers = list(item.papers)
    if item.kind == "minutes" and not papers:
        before = previous_meeting(db, item.meeting_id)
        if before is not None:
            papers.append(f"Minutes of the meeting of {format_date(before.date)}")
    return papers
