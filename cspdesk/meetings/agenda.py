"""Each meeting's agenda: its items in order, what was noted and decided under each, and the
papers that go with it.

A meeting whose agenda has not been written yet is offered the standing items of its
group's last agenda (the latest earlier meeting of the group that has one): their titles,
kinds and leads, without last time's notes, decisions or papers. A group's first agenda
starts from ``STANDING_ITEMS``. Items of a ``kind`` other than 'item' are filled from the
data in the minutes: apologies from the register, actions arising from the last meeting's
actions, the date of the next meeting from the schedule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cspdesk import audit
from cspdesk.dates import format_date
from cspdesk.errors import InputError
from cspdesk.meetings.meetings import Meeting, get_meeting, list_meeting_records
from cspdesk.meetings.structure import find_group
from cspdesk.records import choice, clean_text, date_value
from cspdesk.store.connection import Database

KINDS = ("item", "apologies", "minutes", "actions", "performance", "priorities",
         "any other business", "next meeting")
# A new group's agenda: (kind, title), in order. New items go before any other business.
STANDING_ITEMS = (
    ("apologies", "Welcome, introductions and apologies"),
    ("minutes", "Minutes of the last meeting"),
    ("actions", "Actions arising"),
    ("performance", "Performance"),
    ("priorities", "Priorities"),
    ("any other business", "Any other business"),
    ("next meeting", "Date of next meeting"),
)
_FIELDS = ("title", "kind", "standing", "lead", "notes", "decisions", "papers")


@dataclass(frozen=True)
class AgendaItem:
    id: int | None  # None for an item offered but not saved yet
    meeting_id: int
    position: int  # 1, 2, 3... as the agenda numbers them
    title: str
    kind: str = "item"
    standing: bool = False  # carried to the group's next agenda
    lead: str | None = None  # who presents it
    notes: str | None = None  # what was said, for the minutes
    decisions: str | None = None
    papers: tuple[str, ...] = ()  # the papers attached, one a line

    def values(self) -> dict[str, Any]:
        """The item as ``save_agenda`` takes it."""
        return {"title": self.title, "kind": self.kind, "standing": self.standing,
                "lead": self.lead, "notes": self.notes, "decisions": self.decisions,
                "papers": "\n".join(self.papers)}


def _item(row: Sequence[Any]) -> AgendaItem:
    papers = tuple(line.strip() for line in (row[9] or "").splitlines() if line.strip())
    return AgendaItem(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], row[7],
                      row[8], papers)


def list_agenda(db: Database, meeting_id: int) -> list[AgendaItem]:
    """The meeting's saved agenda, in order (empty when none has been written)."""
    rows = db.execute(
        "SELECT id, meeting_id, position, title, kind, standing, lead, notes, decisions, papers "
        "FROM agenda_items WHERE meeting_id = ? ORDER BY position, id", [meeting_id]).fetchall()
    return [_item(row) for row in rows]


def proposed_agenda(db: Database, meeting_id: int) -> list[AgendaItem]:
    """The meeting's agenda: the saved one, else the standing items carried from its group's
    last agenda, else ``STANDING_ITEMS``. Reading never writes."""
    saved = list_agenda(db, meeting_id)
    if saved:
        return saved
    meeting = get_meeting(db, meeting_id)
    for earlier in reversed(_before(db, meeting)):
        carried = [i for i in list_agenda(db, earlier.id) if i.standing]
        if carried:
            return [AgendaItem(None, meeting_id, n, i.title, i.kind, True, i.lead)
                    for n, i in enumerate(carried, start=1)]
    return [AgendaItem(None, meeting_id, n, title, kind, True)
            for n, (kind, title) in enumerate(STANDING_ITEMS, start=1)]


def save_agenda(db: Database, meeting_id: int,
                items: Sequence[Mapping[str, Any]]) -> list[int]:
    """Replace the meeting's whole agenda with ``items`` (dicts keyed like AgendaItem.values,
    papers as text, one a line), numbered in the order given, in one transaction. Every item
    is checked first: InputError naming the field, and nothing written, for an item without
    a title or of a kind cspdesk does not know."""
    get_meeting(db, meeting_id)
    rows = [_checked(item, number) for number, item in enumerate(items, start=1)]
    with db.atomic():
        _audit_agenda(db, meeting_id, rows)
        db.execute("DELETE FROM agenda_items WHERE meeting_id = ?", [meeting_id])
        return [int(db.execute(  # type: ignore[arg-type]
            "INSERT INTO agenda_items (meeting_id, position, title, kind, standing, lead, "
            "notes, decisions, papers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [meeting_id, number, *row]).lastrowid) for number, row in enumerate(rows, start=1)]


def _audit_agenda(db: Database, meeting_id: int, rows: Sequence[Sequence[Any]]) -> None:
    """One entry on the meeting for the agenda saved: each item's field that changed, as
    'item 2 title' (an item added or removed shows its fields from or to empty)."""
    def cells(items: Sequence[Sequence[Any]]) -> dict[str, Any]:
        return {f"item {number} {field}": value
                for number, item in enumerate(items, start=1)
                for field, value in zip(_FIELDS, item, strict=True)
                if value is not None and not (field == "standing" and not value)}
    before = [[i.title, i.kind, 1 if i.standing else 0, i.lead, i.notes, i.decisions,
               "\n".join(i.papers) or None] for i in list_agenda(db, meeting_id)]
    audit.record_cells(db, "meetings", meeting_id, "changed", cells(before), cells(rows))


def _checked(item: Mapping[str, Any], number: int) -> list[Any]:
    unknown = set(item) - set(_FIELDS)
    if unknown:
        raise ValueError(f"an agenda item has no {', '.join(sorted(unknown))}")
    title = clean_text(item.get("title"))
    if title is None:
        raise InputError(f"Item {number} of the agenda has no title; give it one or remove it.",
                         field="title")
    papers = "\n".join(line.strip() for line in str(item.get("papers") or "").splitlines()
                       if line.strip()) or None
    return [title, choice(item, "kind", KINDS, "kind of agenda item") or "item",
            1 if item.get("standing") else 0, clean_text(item.get("lead")),
            _text(item.get("notes")), _text(item.get("decisions")), papers]


def _text(value: object) -> str | None:
    """Typed text kept as typed (its lines and blank lines), less the space around it."""
    text = str(value or "").replace("\r\n", "\n").strip()
    return text or None


# The meetings either side ---------------------------------------------------------------------


def _before(db: Database, meeting: Meeting) -> list[Meeting]:
    return [m for m in list_meeting_records(db, meeting.group_id)
            if (m.date, m.id) < (meeting.date, meeting.id)]


def previous_meeting(db: Database, meeting_id: int) -> Meeting | None:
    """The group's last held meeting before this one, whose minutes and actions it takes."""
    meeting = get_meeting(db, meeting_id)
    held = [m for m in _before(db, meeting) if m.status == "held"]
    return held[-1] if held else None


def next_meeting(db: Database, meeting_id: int) -> Meeting | None:
    """The group's next meeting after this one that is not cancelled."""
    meeting = get_meeting(db, meeting_id)
    later = [m for m in list_meeting_records(db, meeting.group_id)
             if (m.date, m.id) > (meeting.date, meeting.id) and m.status != "cancelled"]
    return later[0] if later else None


def find_meeting(db: Database, group_short_name: str, day: str) -> Meeting:
    """The group's meeting on ``day`` (ISO, or dd/mm/yyyy as typed on the command line);
    InputError naming the group's nearest meeting dates when it has none that day."""
    group = find_group(db, group_short_name)
    iso = date_value({"date": day}, "date", "meeting date")
    if iso is None:
        raise InputError("Give the date of the meeting, written dd/mm/yyyy.", field="date")
    meetings = list_meeting_records(db, group.id)
    for meeting in meetings:
        if meeting.date == iso:
            return meeting
    if not meetings:
        raise InputError(f"The {group.short_name} has no meetings yet.", field="date")
    nearest = sorted(meetings, key=lambda m: abs(
        dt.date.fromisoformat(m.date) - dt.date.fromisoformat(iso)))[:3]
    dates = ", ".join(format_date(m.date) for m in sorted(nearest, key=lambda m: m.date))
    raise InputError(f"The {group.short_name} has no meeting on {format_date(iso)}; its "
                     f"nearest meetings are on {dates}.", field="date")
