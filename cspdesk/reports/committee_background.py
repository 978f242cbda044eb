"""The committee report's background (section 1.0): the partnership's responsible authorities,
its groups in their tiers, the chair of its strategic group and the rotation, and the
schedule of meetings, all read from the Meetings data."""

from __future__ import annotations

import datetime as dt

from cspdesk.dates import financial_year_bounds, format_date
from cspdesk.meetings.meetings import (
    Meeting,
    list_meeting_records,
    meeting_place,
    meeting_time_span,
)
from cspdesk.meetings.structure import (
    RESPONSIBLE_AUTHORITIES,
    ChairTerm,
    Group,
    list_chair_terms,
    list_group_records,
    list_organisations,
)
from cspdesk.records import and_list
from cspdesk.reports.document import Block, Heading, ItemList, Numbering, Paragraph, table
from cspdesk.reports.words import number_word
from cspdesk.store.connection import Database

# How the Crime and Disorder Act's responsible authorities are named in a report.
AUTHORITY_WORDS = {
    "district council": "The District Council(s)",
    "county council": "The County Council",
    "police": "The Chief Officer of Police",
    "fire and rescue": "The Fire and Rescue Authority",
    "integrated care board": "The Integrated Care Board (formerly the Clinical Commissioning "
                             "Group)",
}
TIER_WORDS = {"strategic": "strategic", "delivery": "delivery", "operational": "operational"}

STATUTE = (
    "The existence of a Community Safety Partnership (CSP) is a statutory requirement under "
    "Section 5 of the Crime & Disorder Act 1998 (\u201cthe Act\u201d), as amended by the "
    "Police Reform Act 2002 and the Police & Justice Act 2006. There are a number of "
    "\u2018Responsible Authorities\u2019 that form the partnership. They are:")
AIMS = (
    "In the practical process of operating, the CSP needs to create a functioning local "
    "partnership that develops and promotes multi-agency working with the aims of reducing "
    "crime and disorder, misuse of drugs, alcohol and other substances and reducing "
    "reoffending in its area.")
INTELLIGENCE_LED = (
    "The priorities of the CSP are intelligence led but need to reserve the right to include "
    "its own priorities as a matter of local determination for the benefit of the "
    "communities it serves. The CSP needs to be capable of responding to what elected "
    "Members and communities feed back about what is concerning them at any point in time.")


def background(db: Database, numbers: Numbering, name: str, previous_year: str,
               on: dt.date) -> list[Block]:
    """Section 1.0 for the partnership called ``name`` (its short name), with the meetings
    held in ``previous_year`` and the next ones after ``on``."""
    groups = list_group_records(db)
    blocks: list[Block] = [Heading("Background", 1, numbers.section()),
                           Paragraph.of(STATUTE, numbers.next()),
                           ItemList(tuple(_authorities(db)), "roman"),
                           Paragraph.of(AIMS, numbers.next())]
    if groups:
        blocks.append(Paragraph.of(_tiers(name, groups), numbers.next()))
    for group in (g for g in groups if g.tier == "strategic"):
        chair = _chair(group, list_chair_terms(db, group.id))
        if chair:
            blocks.append(Paragraph.of(chair, numbers.next()))
    if groups:
        blocks += _schedule(db, numbers, groups, previous_year, on)
    blocks.append(Paragraph.of(INTELLIGENCE_LED, numbers.next()))
    return blocks


def _authorities(db: Database) -> list[str]:
    """Each kind of responsible authority with the partnership's organisations of that kind."""
    organisations = list_organisations(db)
    lines = []
    for kind in RESPONSIBLE_AUTHORITIES:
        names = [o.name for o in organisations if o.responsible_authority == kind]
        held = and_list(names) if names else "none recorded in cspdesk"
        lines.append(f"{AUTHORITY_WORDS[kind]}: {held}")
    return lines


def _tiers(name: str, groups: list[Group]) -> str:
    """'The BNS CSP has three layers to its structure: a single strategic group (Joint
    Strategic Group; “the JSG”), ... and 3 operational groups (...).'"""
    parts = []
    for tier in TIER_WORDS:
        in_tier = [g for g in groups if g.tier == tier]
        if len(in_tier) == 1:
            g = in_tier[0]
            parts.append(f"a single {tier} group ({g.name}; \u201cthe {g.short_name}\u201d)")
        elif in_tier:
            parts.append(f"{number_word(len(in_tier))} {tier} groups "
                         f"({and_list([g.name for g in in_tier])})")
    layers = number_word(len(parts))
    noun = "layer" if len(parts) == 1 else "layers"
    return f"The {name} has {layers} {noun} to its structure: {and_list(parts)}."


def _chair(group: Group, terms: list[ChairTerm]) -> str:
    """Who chairs the group now, who did before, and how the chair rotates."""
    if not terms:
        return ""
    terms = sorted(terms, key=lambda t: t.start_date)
    current = terms[-1]
    text = f"The Chair of the {group.short_name} is {_holder(current)}, from " \
           f"{format_date(current.start_date)}."
    if len(terms) > 1:
        held = [f"{_holder(t)} " + (f"from {format_date(t.start_date)} to "
                                    f"{format_date(t.end_date)}" if t.end_date else
                                    f"from {format_date(t.start_date)}") for t in terms]
        text += f" The chair has been held by {and_list(held)}."
        rotation = _rotation(terms)
        if rotation:
            text += f" {rotation}"
    return text


def _holder(term: ChairTerm) -> str:
    return f"{term.person} ({term.organisation})" if term.person else term.organisation


def _rotation(terms: list[ChairTerm]) -> str:
    """'The chair alternates between BDC and NSDC every two years.' when the terms pass
    between organisations in turn; the span when every finished term was as long."""
    organisations = list(dict.fromkeys(t.organisation for t in terms))
    turns = all(a.organisation != b.organisation for a, b in zip(terms, terms[1:], strict=False))
    if len(organisations) < 2 or not turns:
        return ""
    years = {round((dt.date.fromisoformat(t.end_date) - dt.date.fromisoformat(t.start_date))
                   .days / 365.25) for t in terms if t.end_date}
    every = ""
    if len(years) == 1 and (span := years.pop()) >= 1:
        every = " every year" if span == 1 else f" every {number_word(span)} years"
    verb = "alternates" if len(organisations) == 2 else "rotates"
    return f"The chair {verb} between {and_list(organisations)}{every}."


def _schedule(db: Database, numbers: Numbering, groups: list[Group], previous_year: str,
              on: dt.date) -> list[Block]:
    first, last = (d.isoformat() for d in financial_year_bounds(previous_year))
    rows = []
    for group in groups:
        meetings = list_meeting_records(db, group.id)
        held = [m for m in meetings if m.status == "held" and first <= m.date <= last]
        cancelled = [m for m in meetings if m.status == "cancelled" and first <= m.date <= last]
        upcoming = [m for m in meetings if m.date > on.isoformat()
                    and m.status in ("scheduled", "postponed")]
        count = f"{len(held)} held" + (f", {len(cancelled)} cancelled" if cancelled else "")
        rows.append((group.title, TIER_WORDS[group.tier].capitalize(),
                     _when_and_where(meetings), count,
                     format_date(upcoming[0].date) if upcoming else "none planned yet"))
    text = ("The CSP has a well-established schedule of meetings that are administered by the "
            "CSP Support Officer. The groups, how they meet and how often they met in "
            f"{previous_year} are:")
    return [Paragraph.of(text, numbers.next()),
            table(("Group", "Tier", "When and where", f"Meetings in {previous_year}",
                   "Next meeting"), rows, widths=(3, 1.4, 3, 1.6, 1.6), small=True)]


def _when_and_where(meetings: list[Meeting]) -> str:
    """The time and place of the group's latest meeting that has them."""
    for meeting in reversed(meetings):
        parts = [meeting_time_span(meeting.start_time, meeting.end_time),
                 meeting_place(meeting.venue, meeting.mode)]
        if any(parts):
            return ", ".join(p for p in parts if p)
    return "not set"
