"""A meeting's minutes as a paper, the attendance taken straight from its register.

Present (with organisation and role), in attendance, apologies, substitutes and absent;
quorate or not by the group's rule and which responsible authorities were not represented;
each agenda item's notes and decisions (apologies, the last meeting's actions and the date
of the next meeting filled from the data); the actions arising with owner and due date; the
status of the last meeting's actions as they stood on the day.
"""

from __future__ import annotations

from cspdesk.dates import format_date
from cspdesk.meetings.actions import MeetingAction, list_meeting_actions
from cspdesk.meetings.agenda import AgendaItem, next_meeting, previous_meeting, proposed_agenda
from cspdesk.meetings.meetings import Meeting, get_meeting, meeting_place, meeting_time_span
from cspdesk.meetings.register import RegisterLine, load_register, quorum
from cspdesk.meetings.structure import list_people
from cspdesk.records import and_list
from cspdesk.reports.agenda_paper import meeting_heading
from cspdesk.reports.document import Block, Document, Heading, Paragraph, Run, table
from cspdesk.reports.words import long_date, paragraphs_of
from cspdesk.store.connection import Database

PRESENT = ("present", "present online")


def build_minutes(db: Database, meeting_id: int) -> Document:
    """The minutes of a meeting, from its register, agenda and actions."""
    meeting = get_meeting(db, meeting_id)
    lines = load_register(db, meeting_id)
    when = ", ".join(p for p in (long_date(meeting.date, weekday=True),
                                 meeting_time_span(meeting.start_time, meeting.end_time),
                                 meeting_place(meeting.venue, meeting.mode)) if p)
    doc = Document(f"{meeting.group_short_name} minutes {format_date(meeting.date)}")
    doc.add(*meeting_heading(db, meeting, f"Minutes of the meeting held on {when}"))
    if meeting.status == "cancelled":
        doc.add(Paragraph.of("This meeting was cancelled, so it has no minutes."))
        return doc
    doc.add(*attendance_blocks(db, lines), *quorum_blocks(db, meeting_id, lines))
    items = proposed_agenda(db, meeting_id)
    for item in items:
        doc.add(Heading(item.title, 2, f"{item.position}."), *_item_blocks(db, item, lines))
    kinds = {item.kind for item in items}
    if "actions" not in kinds:
        doc.add(Heading("Actions from the last meeting", 2), *last_actions(db, meeting))
    doc.add(Heading("Actions arising", 2), *actions_arising(list_meeting_actions(db, meeting_id)))
    if "next meeting" not in kinds:
        doc.add(Heading("Date of next meeting", 2), Paragraph.of(_next(db, meeting_id)))
    return doc


def _who(line: RegisterLine) -> str:
    return f"{line.name} ({line.organisation})" if line.organisation else line.name


def attendance_blocks(db: Database, lines: list[RegisterLine]) -> list[Block]:
    """Present, in attendance, apologies, substitutes and absent, from the register."""
    present = [line for line in lines if line.mark in PRESENT]
    blocks: list[Block] = [Heading("Present", 2)]
    blocks.append(table(("Name", "Organisation", "Role"), [
        (line.name, line.organisation or "",
         line.role.capitalize() + (" (online)" if line.mark == "present online" else ""))
        for line in present], widths=(2, 2, 1.5)) if present else
        Paragraph.of("Nobody is marked present in the register."))
    guests = [line for line in lines if line.mark == "in attendance"]
    if guests:
        blocks += [Heading("In attendance", 2), table(
            ("Name", "Organisation"), [(g.name, g.organisation or "") for g in guests],
            widths=(2, 3.5))]
    organisations = {p.id: p.organisation for p in list_people(db)}
    subs = [line for line in lines if line.mark == "substitute"]
    if subs:
        blocks += [Heading("Substitutes", 2), table(
            ("Name", "Organisation", "In place of"),
            [(s.substitute_name or "", organisations.get(s.substitute_id or 0) or "",
              _who(s)) for s in subs], widths=(2, 2, 2.5))]
    for mark, heading in (("apologies", "Apologies"), ("absent", "Absent")):
        marked = [_who(line) for line in lines if line.mark == mark]
        if marked:
            blocks += [Heading(heading, 2), Paragraph.of(f"{and_list(marked)}.")]
    unmarked = [_who(line) for line in lines if line.member and not line.mark]
    if unmarked:
        blocks.append(Paragraph.of(f"Not marked in the register: {and_list(unmarked)}.",
                                   style="small"))
    return blocks


def quorum_blocks(db: Database, meeting_id: int, lines: list[RegisterLine]) -> list[Block]:
    result = quorum(db, meeting_id)
    rule = f" (rule: {result.rule})" if result.rule != result.detail else ""
    if result.quorate is None:
        said = f"Quorum: not known ({result.detail}){rule}."
    else:
        said = f"The meeting was {'quorate' if result.quorate else 'not quorate'}: " \
               f"{result.detail}{rule}."
    if not any(line.mark for line in lines):
        missing = "Which responsible authorities were represented is not known until the " \
                  "register is taken."
    elif result.missing_authorities:
        missing = "Responsible authorities not represented: " \
                  f"{and_list(result.missing_authorities)}."
    else:
        missing = "Every responsible authority was represented."
    return [Heading("Quorum", 2), Paragraph((Run(said, bold=True),)), Paragraph.of(missing)]


def _item_blocks(db: Database, item: AgendaItem, lines: list[RegisterLine]) -> list[Block]:
    blocks: list[Block] = []
    meeting = get_meeting(db, item.meeting_id)
    if item.kind == "apologies":
        sent = [_who(line) for line in lines if line.mark in ("apologies", "substitute")]
        blocks.append(Paragraph.of(f"Apologies were received from {and_list(sent)}." if sent
                                   else "No apologies were received."))
    elif item.kind == "minutes":
        before = previous_meeting(db, item.meeting_id)
        if before is not None:
            blocks.append(Paragraph.of(
                f"The minutes of the meeting held on {format_date(before.date)} were "
                "considered."))
    elif item.kind == "actions":
        blocks += last_actions(db, meeting)
    elif item.kind == "next meeting":
        blocks.append(Paragraph.of(_next(db, item.meeting_id)))
    blocks += [Paragraph.of(part) for part in paragraphs_of(item.notes)]
    decisions = paragraphs_of(item.decisions)
    if decisions:
        blocks.append(Paragraph((Run("Decided: ", bold=True), Run(decisions[0]))))
        blocks += [Paragraph.of(part) for part in decisions[1:]]
    if item.papers:
        blocks.append(Paragraph.of(f"Papers: {'; '.join(item.papers)}.", style="small"))
    return blocks


def last_actions(db: Database, meeting: Meeting) -> list[Block]:
    """The last meeting's actions, each with its status as it stood on this meeting's day."""
    before = previous_meeting(db, meeting.id)
    actions = list_meeting_actions(db, before.id) if before is not None else []
    if not actions:
        return [Paragraph.of("There were no actions from the last meeting.")]
    rows = [(a.description, a.owner or "", format_date(a.due_date), _status_on(a, meeting.date))
            for a in actions]
    return [Paragraph.of(f"The actions from the meeting of {format_date(before.date)}:"),  # type: ignore[union-attr]
            table(("Action", "Owner", "Due", "Status"), rows, widths=(4, 1.6, 1.4, 1.6))]


def _status_on(action: MeetingAction, day: str) -> str:
    """'Done on 20/02/2023', 'Dropped', 'Overdue' or 'Open', as on ``day`` (ISO)."""
    if action.status == "done" and action.completed_on and action.completed_on <= day:
        return f"Done on {format_date(action.completed_on)}"
    if action.status == "dropped":
        return "Dropped"
    return "Overdue" if action.due_date and action.due_date < day else "Open"


def actions_arising(actions: list[MeetingAction]) -> list[Block]:
    if not actions:
        return [Paragraph.of("No actions arose from this meeting.")]
    return [table(("Action", "Owner", "Due date"),
                  [(a.description, a.owner or "", format_date(a.due_date)) for a in actions],
                  widths=(4.5, 1.8, 1.4))]


def _next(db: Database, meeting_id: int) -> str:
    following = next_meeting(db, meeting_id)
    if following is None:
        return "The date of the next meeting is to be arranged."
    parts = [long_date(following.date, weekday=True),
             meeting_time_span(following.start_time, following.end_time),
             meeting_place(following.venue, following.mode)]
    return f"The next meeting is on {', '.join(p for p in parts if p)}."
