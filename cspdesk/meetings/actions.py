"""Actions arising from meetings: what was agreed, who owns it, when it is due, and whether
it is done.

An action is open, done or dropped. Done without a completion date is completed today; an
open action has no completion date, so reopening one (undoing 'Mark done') clears it. An
action is overdue when it is open and due before today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cspdesk.dates import format_date
from cspdesk.errors import InputError
from cspdesk.meetings.meetings import get_meeting
from cspdesk.records import (
    choice,
    date_value,
    merged_values,
    reference,
    required_text,
    save_row,
    with_last,
)
from cspdesk.store.connection import Database

ACTION_STATUSES = ("open", "done", "dropped")
# Which actions a list shows: the open ones, those done, those dropped, or all of them.
ACTION_LISTS = ("outstanding", "done", "dropped", "all")
_ACTION_COLUMNS = ("meeting_id", "description", "owner_id", "due_date", "status",
                   "completed_on")


@dataclass(frozen=True)
class MeetingAction:
    id: int
    meeting_id: int
    meeting_date: str
    group_short_name: str
    description: str
    owner_id: int | None
    owner: str | None
    due_date: str | None
    status: str
    completed_on: str | None
    overdue: bool  # open, and due before today


def save_meeting_action(db: Database, values: Mapping[str, Any],
                        action_id: int | None = None) -> int:
    """Add (or update) an action arising from a meeting; returns its id.

    Needs the meeting and a description; the due date and completion date may not be
    before the meeting. Status 'done' without a completion date is completed today; an
    'open' action has no completion date."""
    with db.atomic():
        v = merged_values(db, "meeting_actions", values, action_id, "action", _ACTION_COLUMNS)
        row: dict[str, Any] = {
            "meeting_id": reference(db, v, "meeting_id", "meetings", "meeting", required=True),
            "description": required_text(v, "description", "what the action is"),
            "owner_id": reference(db, v, "owner_id", "people", "owner"),
            "due_date": date_value(v, "due_date", "due date"),
            "status": choice(v, "status", ACTION_STATUSES, "action status") or "open",
            "completed_on": date_value(v, "completed_on", "completion date")}
        if row["status"] == "open":
            row["completed_on"] = None
        elif row["status"] == "done" and row["completed_on"] is None:
            row["completed_on"] = dt.date.today().isoformat()
        _check_action_dates(row, get_meeting(db, row["meeting_id"]).date)
        return save_row(db, "meeting_actions", row, action_id)


def set_action_status(db: Database, action_id: int, status: str,
                      completed_on: dt.date | str | None = None) -> MeetingAction:
    """'Mark done' (completed today unless a day is given), 'drop' or 'reopen' one action,
    leaving the rest of it as it is; returns the action as it was before, so the change can
    be undone by setting its status and completion date back."""
    before = get_meeting_action(db, action_id)
    save_meeting_action(db, {"status": status, "completed_on": completed_on}, action_id)
    return before


def _check_action_dates(row: dict[str, Any], meeting_date: str) -> None:
    for field, label in (("due_date", "due date"), ("completed_on", "completion date")):
        if row[field] is not None and row[field] < meeting_date:
            raise InputError(f"The {label} {format_date(row[field])} is before the meeting "
                             f"of {format_date(meeting_date)} that set the action.",
                             field=field)


_ACTION_SQL = """SELECT a.id, a.meeting_id, m.date, g.short_name, a.description, a.owner_id,
                        p.name, a.due_date, a.status, a.completed_on,
                        a.status = 'open' AND a.due_date IS NOT NULL AND a.due_date < ?
                 FROM meeting_actions a JOIN meetings m ON m.id = a.meeting_id
                 JOIN groups g ON g.id = m.group_id
                 LEFT JOIN people p ON p.id = a.owner_id"""


def get_meeting_action(db: Database, action_id: int) -> MeetingAction:
    """The action with this id; an unknown id is an InputError."""
    row = db.execute(_ACTION_SQL + " WHERE a.id = ?",
                     [dt.date.today().isoformat(), action_id]).fetchone()
    if row is None:
        raise InputError(f"There is no action number {action_id}; it may have been deleted.",
                         field="action_id")
    return MeetingAction(*with_last(row, bool(row[-1])))


def list_meeting_actions(db: Database, meeting_id: int) -> list[MeetingAction]:
    """A meeting's actions arising, in the order they were recorded."""
    rows = db.execute(_ACTION_SQL + " WHERE a.meeting_id = ? ORDER BY a.id",
                      [dt.date.today().isoformat(), meeting_id]).fetchall()
    return [MeetingAction(*with_last(row, bool(row[-1]))) for row in rows]


def outstanding_actions(db: Database, today: dt.date | None = None,
                        group_id: int | None = None) -> list[MeetingAction]:
    """Open actions across meetings (of one group, or all), by due date with undated ones
    last; ``overdue`` marks those due before ``today`` (default: the real today)."""
    return list_actions_arising(db, "outstanding", today, group_id)


def list_actions_arising(db: Database, show: str = "outstanding", today: dt.date | None = None,
                         group_id: int | None = None) -> list[MeetingAction]:
    """The actions of one of ACTION_LISTS across meetings (of one group, or all).

    Outstanding (open) ones by due date, undated last; done and dropped ones most recently
    completed first; 'all' lists the open ones first, then the rest as done ones are."""
    if show not in ACTION_LISTS:
        raise InputError(f"'{show}' is not a list of actions; choose one of: "
                         f"{', '.join(ACTION_LISTS)}.", field="show")
    where = {"outstanding": ["a.status = 'open'"], "done": ["a.status = 'done'"],
             "dropped": ["a.status = 'dropped'"], "all": []}[show]
    params: list[Any] = [(today or dt.date.today()).isoformat()]
    if group_id is not None:
        where.append("m.group_id = ?")
        params.append(group_id)
    order = (" ORDER BY a.status <> 'open', CASE WHEN a.status = 'open' THEN a.due_date IS NULL"
             " END, CASE WHEN a.status = 'open' THEN a.due_date END, a.completed_on DESC, "
             "m.date, a.id")
    sql = _ACTION_SQL + (" WHERE " + " AND ".join(where) if where else "") + order
    return [MeetingAction(*with_last(row, bool(row[-1])))
            for row in db.execute(sql, params).fetchall()]
