"""Meetings and attendance: the partnership's groups, meetings and registers."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cspdesk import audit
from cspdesk.dates import format_date
from cspdesk.errors import InputError
from cspdesk.meetings.structure import group_title
from cspdesk.records import (
    choice,
    clean_text,
    date_value,
    merged_values,
    reference,
    save_row,
)
from cspdesk.store.connection import Database

MODES = ("in person", "online", "hybrid")
STATUSES = ("scheduled", "held", "cancelled", "postponed")


@dataclass(frozen=True)
class Meeting:
    """One meeting as stored, with its group's name and short name."""

    id: int
    group_id: int
    group: str  # the group's name
    group_short_name: str
    date: str
    start_time: str | None
    end_time: str | None
    venue: str | None
    mode: str
    status: str
    notes: str | None

    @property
    def label(self) -> str:
        """The meeting in a sentence: 'the JSG meeting on 18/04/2023'."""
        return f"the {self.group_short_name} meeting on {format_date(self.date)}"

    @property
    def group_title(self) -> str:
        """Its group in a heading: 'Joint Strategic Group (JSG)'."""
        return group_title(self.group, self.group_short_name)


@dataclass(frozen=True)
class MeetingSummary(Meeting):
    """A meeting with its register's totals, for the list of meetings."""

    present: int  # present and present online
    apologies: int
    absent: int
    substitutes: int


_MEETING_SQL = """SELECT m.id, m.group_id, g.name, g.short_name, m.date, m.start_time,
                         m.end_time, m.venue, m.mode, m.status, m.notes{totals}
                  FROM meetings m JOIN groups g ON g.id = m.group_id"""


def get_meeting(db: Database, meeting_id: int) -> Meeting:
    """The meeting with this id; an unknown id is an InputError (field meeting_id)."""
    row = db.execute(_MEETING_SQL.format(totals="") + " WHERE m.id = ?",
                     [meeting_id]).fetchone()
    if row is None:
        raise InputError(f"There is no meeting number {meeting_id}; it may have been deleted.",
                         field="meeting_id")
    return Meeting(*row)


def list_meeting_records(db: Database, group_id: int | None = None) -> list[Meeting]:
    """Meetings (of one group, or all) in calendar order: by date, start time, group name."""
    where = " WHERE m.group_id = ?" if group_id is not None else ""
    rows = db.execute(_MEETING_SQL.format(totals="") + where +
                      " ORDER BY m.date, m.start_time, g.name, m.id",
                      [] if group_id is None else [group_id]).fetchall()
    return [Meeting(*row) for row in rows]


def list_meetings(db: Database, group_id: int | None = None) -> list[MeetingSummary]:
    """Meetings, newest first, with the register's totals (one indexed query)."""
    where = "WHERE m.group_id = ?" if group_id is not None else ""
    totals = """,
        COUNT(CASE WHEN a.mark IN ('present', 'present online') THEN 1 END),
        COUNT(CASE WHEN a.mark = 'apologies' THEN 1 END),
        COUNT(CASE WHEN a.mark = 'absent' THEN 1 END),
        COUNT(CASE WHEN a.mark = 'substitute' THEN 1 END)"""
    rows = db.execute(
        _MEETING_SQL.format(totals=totals) + f"""
            LEFT JOIN attendance a ON a.meeting_id = m.id {where}
            GROUP BY m.id ORDER BY m.date DESC, m.start_time DESC, g.name""",
        [] if group_id is None else [group_id],
    ).fetchall()
    return [MeetingSummary(*row) for row in rows]


def known_venues(db: Database) -> list[str]:
    """Every venue meetings have had, the most used first, for choosing a venue again."""
    return [row[0] for row in db.execute(
        "SELECT venue FROM meetings WHERE venue IS NOT NULL GROUP BY venue "
        "ORDER BY COUNT(*) DESC, venue")]


def meeting_place(venue: str | None, mode: str) -> str:
    """Where a meeting is held, in one line, the same on every screen and export.

    In person: the venue as entered. Online or hybrid: the venue followed by '(online)' or
    '(hybrid)' (an online meeting's venue is often the link or the platform), or 'Online' /
    'Hybrid' alone when no venue is given. Empty when an in-person meeting has no venue yet.
    """
    venue = (venue or "").strip()
    if mode in ("online", "hybrid"):
        return f"{venue} ({mode})" if venue else mode.capitalize()
    return venue


def meeting_time_span(start_time: str | None, end_time: str | None) -> str:
    """When a meeting is held on its day, in UK style: 24-hour HH:MM times as they are
    entered, a span written with 'to' rather than a dash: '10:00 to 12:00'; 'from 10:00'
    when there is no end time; empty when there is no start time."""
    if start_time and end_time:
        return f"{start_time} to {end_time}"
    return f"from {start_time}" if start_time else ""


# What a new meeting starts with ---------------------------------------------------------

DEFAULT_TIMES = ("10:00", "12:00")
_RECENT = 6  # a group's usual times are the most used among its last six meetings


@dataclass(frozen=True)
class MeetingDefaults:
    start_time: str
    end_time: str
    mode: str
    venue: str | None


def meeting_defaults(db: Database, group_id: int | None) -> MeetingDefaults:
    """What a new meeting of a group is offered, from the group's own last meetings.

    Times: the start and end most used among its last six meetings (the latest on a tie).
    Mode: that of its latest meeting. Venue: the one it last used in that mode
    (``usual_venue``), so an in-person meeting is never offered an online platform. A group
    with no meetings yet (or none chosen): 10:00 to 12:00, in person, no venue."""
    rows = [] if group_id is None else db.execute(
        "SELECT start_time, end_time, mode FROM meetings WHERE group_id = ? "
        "ORDER BY date DESC, start_time DESC, id DESC LIMIT ?", [group_id, _RECENT]).fetchall()
    timed = [(r[0], r[1]) for r in rows if r[0] and r[1]]
    times = max(timed, key=lambda pair: (timed.count(pair), -timed.index(pair))) \
        if timed else DEFAULT_TIMES
    mode = rows[0][2] if rows else "in person"
    return MeetingDefaults(times[0], times[1], mode, usual_venue(db, group_id, mode))


def usual_venue(db: Database, group_id: int | None, mode: str) -> str | None:
    """The venue of the group's latest meeting held in ``mode`` that had one; None if none."""
    if group_id is None:
        return None
    row = db.execute(
        "SELECT venue FROM meetings WHERE group_id = ? AND mode = ? AND venue IS NOT NULL "
        "ORDER BY date DESC, id DESC LIMIT 1", [group_id, mode]).fetchone()
    return row[0] if row else None


# Planning meetings -----------------------------------------------------------------------

_MEETING_COLUMNS = ("group_id", "date", "start_time", "end_time", "venue", "mode", "status",
                    "notes")
_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")


def save_meeting(db: Database, values: Mapping[str, Any], meeting_id: int | None = None) -> int:
    """Add (or update) a meeting; returns its id.

    Needs a group and a date; times are HH:MM and the end must be after the start; mode
    and status are among MODES and STATUSES (default in person, scheduled). A venue is
    kept whatever the mode (an online meeting's link may go there)."""
    with db.atomic():
        merged = merged_values(db, "meetings", values, meeting_id, "meeting", _MEETING_COLUMNS)
        return save_row(db, "meetings", _meeting_row(db, merged), meeting_id)


def delete_meeting(db: Database, meeting_id: int) -> None:
    """Delete a meeting with its register and actions arising, in one transaction."""
    with db.atomic():
        get_meeting(db, meeting_id)
        audit.record_delete(db, "meetings", meeting_id)
        db.execute("DELETE FROM meetings WHERE id = ?", [meeting_id])


def _meeting_row(db: Database, v: Mapping[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "group_id": reference(db, v, "group_id", "groups", "group", required=True),
        "date": date_value(v, "date", "meeting date"),
        "start_time": _time(v, "start_time", "start time"),
        "end_time": _time(v, "end_time", "end time"),
        "venue": clean_text(v.get("venue")),
        "mode": choice(v, "mode", MODES, "meeting mode") or "in person",
        "status": choice(v, "status", STATUSES, "meeting status") or "scheduled",
        "notes": clean_text(v.get("notes"))}
    if row["date"] is None:
        raise InputError("Enter the date of the meeting.", field="date")
    start, end = row["start_time"], row["end_time"]
    if start and end and end <= start:
        raise InputError(f"The end time {end} is not after the start time {start}.",
                         field="end_time")
    return row


def _time(v: Mapping[str, Any], field: str, label: str) -> str | None:
    text = clean_text(v.get(field))
    if text is None:
        return None
    match = _TIME.match(text)
    if not match:
        raise InputError(f"The {label} '{text}' is not a time written HH:MM "
                         "(for example 10:00 or 14:30).", field=field)
    return f"{int(match.group(1)):02d}:{match.group(2)}"


# Series of meetings ----------------------------------------------------------------------

SERIES_KINDS = ("every n weeks", "nth weekday of quarter", "nth weekday of month")
MAX_SERIES = 500
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
# Financial quarters start in April, July, October and January.
_QUARTER_MONTHS = (1, 4, 7, 10)


@dataclass(frozen=True)
class SeriesRule:
    kind: str  # one of SERIES_KINDS
    start: dt.date
    end: dt.date
    weekday: int  # 0 = Monday ... 6 = Sunday
    weeks: int = 1  # for 'every n weeks'
    nth: int = 1  # 1..4, or -1 for the last, for the two 'nth' kinds


def series_dates(rule: SeriesRule) -> list[dt.date]:
    """The dates of a series, in order, all within [start, end].

    'every n weeks': the first such weekday on or after the start, then every n weeks.
    'nth weekday of quarter' / 'of month': that weekday of each quarter's first month
    (April, July, October, January) or of each month. More than MAX_SERIES dates, or a
    rule that makes no sense, is an InputError."""
    _check_rule(rule)
    if rule.kind == "every n weeks":
        candidates = _weekly(rule)
    else:
        candidates = _monthly(rule, quarterly=rule.kind == "nth weekday of quarter")
    dates: list[dt.date] = []
    for day in candidates:
        if len(dates) == MAX_SERIES:
            raise InputError(f"That series would make more than {MAX_SERIES} meetings; "
                             "choose a nearer end date.", field="end")
        dates.append(day)
    return dates


def describe_series(rule: SeriesRule) -> str:
    """The rule in the officer's words: 'every 8 weeks on Tuesday from 11/04/2023 to
    31/03/2024', 'first Thursday of each quarter from 01/04/2023 to 31/03/2024'."""
    _check_rule(rule)
    span = f"from {format_date(rule.start)} to {format_date(rule.end)}"
    day = WEEKDAYS[rule.weekday]
    if rule.kind == "every n weeks":
        every = "every week" if rule.weeks == 1 else f"every {rule.weeks} weeks"
        return f"{every} on {day} {span}"
    period = "quarter" if rule.kind == "nth weekday of quarter" else "month"
    return f"{_ORDINALS[rule.nth]} {day} of each {period} {span}"


def create_series(db: Database, group_id: int, rule: SeriesRule,
                  template: Mapping[str, Any]) -> list[int]:
    """Add a meeting of the group on each date of the series, in one transaction.

    ``template`` gives start_time, end_time, venue, mode, notes (and optionally status),
    checked as save_meeting does. Dates on which the group already has a meeting are
    skipped. Returns the new meetings' ids, in date order."""
    unknown = set(template) - {"start_time", "end_time", "venue", "mode", "notes", "status"}
    if unknown:
        raise ValueError(f"a series template has no {', '.join(sorted(unknown))}")
    dates = series_dates(rule)
    with db.atomic():
        row = _meeting_row(db, {**template, "group_id": group_id, "date": rule.start})
        taken = {r[0] for r in db.execute(
            "SELECT date FROM meetings WHERE group_id = ? AND date BETWEEN ? AND ?",
            [group_id, rule.start.isoformat(), rule.end.isoformat()])}
        return [save_row(db, "meetings", {**row, "date": day.isoformat()}, None)
                for day in dates if day.isoformat() not in taken]


def _check_rule(rule: SeriesRule) -> None:
    if rule.kind not in SERIES_KINDS:
        raise InputError(f"'{rule.kind}' is not a kind of series cspdesk knows; choose one "
                         f"of: {', '.join(SERIES_KINDS)}.", field="kind")
    for name in ("start", "end"):
        if not isinstance(getattr(rule, name), dt.date):
            raise InputError(f"Enter the date the series {name}s.", field=name)
    if rule.end < rule.start:
        raise InputError(f"The series ends ({format_date(rule.end)}) before it starts "
                         f"({format_date(rule.start)}).", field="end")
    if rule.weekday not in range(7):
        raise InputError("Choose the day of the week, Monday to Sunday.", field="weekday")
    if rule.kind == "every n weeks" and (not isinstance(rule.weeks, int) or rule.weeks < 1):
        raise InputError("A series repeats every 1 week or more.", field="weeks")
    if rule.kind != "every n weeks" and rule.nth not in _ORDINALS:
        raise InputError("Choose the first, second, third, fourth or last weekday.",
                         field="nth")


def _weekly(rule: SeriesRule) -> Iterator[dt.date]:
    day = rule.start + dt.timedelta(days=(rule.weekday - rule.start.weekday()) % 7)
    while day <= rule.end:
        yield day
        day += dt.timedelta(weeks=rule.weeks)


def _monthly(rule: SeriesRule, quarterly: bool) -> Iterator[dt.date]:
    year, month = rule.start.year, rule.start.month
    while (year, month) <= (rule.end.year, rule.end.month):
        if not quarterly or month in _QUARTER_MONTHS:
            day = nth_weekday(year, month, rule.weekday, rule.nth)
            if rule.start <= day <= rule.end:
                yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The nth (1..4) or last (-1) given weekday (0 = Monday) of a month."""
    if nth == -1:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
