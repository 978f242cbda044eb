"""Exports of the meetings and attendance records: the schedule as an iCalendar file, one
meeting's register as a sign-in sheet, and the attendance statistics as a workbook.

Every workbook goes through ``cspdesk.xlsx.writer``, so no cell is ever a formula and characters
Excel cannot hold are removed with a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from cspdesk.dates import format_date
from cspdesk.meetings import ics
from cspdesk.meetings.attendance import AttendanceRow, attendance_statistics, checked_period
from cspdesk.meetings.meetings import (
    Meeting,
    get_meeting,
    list_meeting_records,
    meeting_place,
    meeting_time_span,
)
from cspdesk.meetings.register import RegisterLine, load_register, quorum
from cspdesk.meetings.structure import Group, find_group
from cspdesk.store.connection import Database
from cspdesk.store.settings import get_setting
from cspdesk.xlsx.writer import (
    TITLE_FONT,
    Column,
    ExportResult,
    new_workbook,
    save_workbook,
    set_print_layout,
    wrap_cell,
    write_cell,
    write_file_safely,
    write_table,
)

STATUS_TO_ICS = {"scheduled": "CONFIRMED", "held": "CONFIRMED", "postponed": "TENTATIVE",
                 "cancelled": "CANCELLED"}
LABEL_FONT = Font(bold=True)
LEFT = Alignment(horizontal="left")
LEFT_WRAP = Alignment(horizontal="left", vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")
ABOUT_TEXT_WIDTH = 64  # characters: the About sheet prints upright at full size
MARK_WORDS = {"present": "Present", "present online": "Present (online)",
              "apologies": "Apologies", "absent": "Absent", "substitute": "Substitute",
              "in attendance": "In attendance"}


# The schedule as an iCalendar file -------------------------------------------------------


def export_ics(db: Database, path: Path | str, group_short_name: str | None = None,
               overwrite: bool = False) -> ExportResult:
    """Write the meetings (of one group, or all) as an iCalendar file Outlook imports.

    Every meeting is an event, whatever its status: cancelled ones are marked cancelled,
    postponed ones tentative. UIDs are stable, so importing a newer file updates the events.
    """
    name = get_setting(db, "partnership_short_name").strip() or "cspdesk"
    group = find_group(db, group_short_name) if group_short_name is not None else None
    if group is not None:
        name = f"{name} {group.short_name}"
    meetings = list_meeting_records(db, group.id if group else None)
    warnings: list[str] = []
    suffix = _uid_suffix(db)
    events = [_event(m, suffix, warnings) for m in meetings]
    if not meetings:
        warnings.append("There are no meetings to export; the calendar is empty.")
    text = ics.build_calendar(events, name=f"{name} meetings")
    target = write_file_safely(path, lambda tmp: tmp.write_bytes(text.encode("utf-8")),
                               overwrite, what="calendar")
    return ExportResult(target, warnings, count=len(events))


def _uid_suffix(db: Database) -> str:
    """A slug of the partnership's short name, so two partnerships' UIDs never clash."""
    short = get_setting(db, "partnership_short_name")
    slug = re.sub(r"[^a-z0-9]+", "-", short.casefold()).strip("-")
    return f".{slug}" if slug else ""


def _event(meeting: Meeting, uid_suffix: str, warnings: list[str]) -> ics.CalendarEvent:
    day = dt.date.fromisoformat(meeting.date)
    start: dt.date | dt.datetime = day
    end: dt.date | dt.datetime | None = None
    if meeting.start_time:
        start = dt.datetime.combine(day, dt.time.fromisoformat(meeting.start_time))
        if meeting.end_time:
            end = dt.datetime.combine(day, dt.time.fromisoformat(meeting.end_time))
    summary = meeting.group_title
    if meeting.status == "cancelled":
        summary = f"Cancelled: {summary}"  # Outlook shows no other sign of it on import
    description = f"Status: {meeting.status}"
    if meeting.notes:
        description += f"\n{meeting.notes}"
    texts = {"group name": summary, "venue": meeting_place(meeting.venue, meeting.mode),
             "notes": description}
    for what, text in texts.items():
        texts[what], removed = ics.remove_controls(text)
        if removed:
            warnings.append(f"The {what} of {meeting.label} had {removed} control "
                            "character(s) a calendar cannot hold; they were removed.")
    return ics.CalendarEvent(
        uid=f"meeting-{meeting.id}{uid_suffix}@cspdesk", start=start, end=end,
        summary=texts["group name"], location=texts["venue"] or None,
        description=texts["notes"], status=STATUS_TO_ICS[meeting.status])


# One meeting's register as a sign-in sheet -----------------------------------------------

REGISTER_COLUMNS = (
    Column("Name", kind="text"),
    Column("Organisation"),
    Column("Role"),
    Column("Attendance"),
    Column("Apologies reason / substitute", width=26, wrap=True),
    Column("Signature", width=28),
)


def export_register_xlsx(db: Database, meeting_id: int, path: Path | str,
                         overwrite: bool = False) -> ExportResult:
    """Write one meeting's register as a sign-in and attendance sheet, ready to print.

    Title rows (group, date, time, venue), a table of every line of the register with an
    empty Signature column, then the quorum and the responsible authorities not represented.
    Printed portrait, one page wide, the header row on every page, gridlines shown.
    """
    meeting = get_meeting(db, meeting_id)
    lines = load_register(db, meeting_id)
    wb = new_workbook()
    ws = wb.create_sheet("Register")
    warnings = _register_title(ws, meeting)
    header_row = 7
    warnings += write_table(ws, REGISTER_COLUMNS, [_register_row(line) for line in lines],
                            start_row=header_row, auto_filter=False)
    for number in range(header_row + 1, header_row + 1 + len(lines)):
        ws.row_dimensions[number].height = 30  # room to sign, or two lines of a reason
    warnings += _quorum_lines(db, ws, meeting_id, lines, header_row + len(lines) + 2)
    set_print_layout(ws, header_row, landscape=False)  # a sign-in sheet is upright
    target = save_workbook(wb, path, overwrite)
    return ExportResult(target, warnings, count=len(lines))


def _register_title(ws: Worksheet, meeting: Meeting) -> list[str]:
    warnings = write_cell(ws, 1, 1, f"{meeting.group_title}: attendance register")
    ws.cell(1, 1).font = TITLE_FONT
    facts: list[tuple[str, Any, str]] = [
        ("Date", meeting.date, "date"),
        ("Time", meeting_time_span(meeting.start_time, meeting.end_time) or "no time set",
         "text"),
        ("Venue", meeting_place(meeting.venue, meeting.mode) or "not set", "text"),
        ("Status", meeting.status.capitalize(), "text")]
    for number, (label, value, kind) in enumerate(facts, start=2):
        warnings += write_cell(ws, number, 1, label)
        ws.cell(number, 1).font = LABEL_FONT
        warnings += write_cell(ws, number, 2, value, kind, header=label)
        ws.cell(number, 2).alignment = LEFT
    return warnings


def _register_row(line: RegisterLine) -> list[Any]:
    if line.mark == "substitute" and line.substitute_name:
        note: str | None = f"Substitute: {line.substitute_name}"
    else:
        note = line.reason if line.mark == "apologies" else None
    role = line.role.capitalize() if line.role else ""
    return [line.name, line.organisation, role, MARK_WORDS.get(line.mark or "", line.mark),
            note, None]


def _quorum_lines(db: Database, ws: Worksheet, meeting_id: int, lines: list[RegisterLine],
                  row: int) -> list[str]:
    result = quorum(db, meeting_id)
    verdict = {True: "quorate", False: "not quorate", None: "not known"}[result.quorate]
    text = f"Quorum: {verdict} ({result.detail})."
    if result.rule != result.detail:
        text += f" Rule: {result.rule}."
    if not any(line.mark for line in lines):
        missing = "not known until the register is taken"
    else:
        missing = ", ".join(result.missing_authorities) or "none (all were represented)"
    warnings = write_cell(ws, row, 1, text)
    ws.cell(row, 1).font = LABEL_FONT
    warnings += write_cell(ws, row + 1, 1, f"Responsible authorities not represented: {missing}")
    return warnings


# Attendance statistics -------------------------------------------------------------------

ABOUT_PERCENT = (
    ("By organisation", "(present + substitute) / expected: a substitute counts for their "
                        "organisation."),
    ("By person", "present / expected: a substitute does not count toward the absent "
                  "member's own %."),
    ("Meetings counted", "held meetings only; scheduled, postponed and cancelled ones are "
                         "left out."),
    ("Expected", "one for each held meeting a person was a member of the group on its date "
                 "(named deputies are not expected); an organisation's is its members' total."),
    ("Present", "includes present online."),
    ("Absent", "includes a member expected at a held meeting with no mark in its register."),
)


def _stat_columns(first: str, with_organisation: bool) -> list[Column]:
    columns = [Column(first)] + ([Column("Organisation")] if with_organisation else [])
    return columns + [Column(h, kind="int") for h in
                      ("Expected", "Present", "Apologies", "Absent", "Substitute")] + [
        Column("Attendance %", kind="percent")]


def _stat_row(row: AttendanceRow, with_organisation: bool) -> list[Any]:
    pct = None if row.attendance_pct is None else row.attendance_pct / 100
    first = [row.name] + ([row.organisation] if with_organisation else [])
    return first + [row.expected, row.present, row.apologies, row.absent, row.substitute, pct]


def export_statistics_xlsx(db: Database, path: Path | str, group_short_name: str | None = None,
                           start: str | None = None, end: str | None = None,
                           overwrite: bool = False) -> ExportResult:
    """Write attendance statistics (ISO ``start``/``end`` dates, both optional) as a workbook:
    an "About" sheet, then "By organisation" and "By person"."""
    period = _period(start, end)
    group = find_group(db, group_short_name) if group_short_name is not None else None
    short = group.short_name if group else None
    wb = new_workbook()
    page_title = f"Attendance statistics: {group.title if group else 'all groups'}, {period}"
    about = wb.create_sheet("About")
    warnings = _about_sheet(about, db, group, period)
    set_print_layout(about, None, landscape=False, title=page_title, gridlines=False)
    count = 0
    for title, by, with_org in (("By organisation", "organisation", False),
                                ("By person", "person", True)):
        rows = attendance_statistics(db, by, short, start, end)
        first = "Organisation" if by == "organisation" else "Name"
        ws = wb.create_sheet(title)
        warnings += write_table(ws, _stat_columns(first, with_org),
                                [_stat_row(r, with_org) for r in rows])
        set_print_layout(ws, 1, title=page_title)
        count += len(rows)
    target = save_workbook(wb, path, overwrite)
    return ExportResult(target, warnings, count=count)


def _period(start: str | None, end: str | None) -> str:
    """The period in words (dd/mm/yyyy), refusing dates that are not ISO or out of order."""
    first, last = checked_period(start, end)
    if first and last:
        return f"{format_date(first)} to {format_date(last)}"
    if first:
        return f"from {format_date(first)}"
    return f"up to {format_date(last)}" if last else "all meetings"


def _about_sheet(ws: Worksheet, db: Database, group: Group | None,
                 period: str) -> list[str]:
    warnings = write_cell(ws, 1, 1, "Attendance statistics")
    ws.cell(1, 1).font = TITLE_FONT
    facts: list[tuple[str, Any, str]] = [
        ("Partnership", get_setting(db, "partnership_name") or None, "text"),
        ("Group", group.title if group else "All groups", "text"),
        ("Period", period, "text"),
        ("Made", dt.datetime.now().replace(microsecond=0), "datetime"),
        ("How attendance % is worked out", None, "text"),
    ] + [(label, text, "text") for label, text in ABOUT_PERCENT]
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = ABOUT_TEXT_WIDTH
    for number, (label, value, kind) in enumerate(facts, start=3):
        warnings += write_cell(ws, number, 1, label)
        ws.cell(number, 1).font = LABEL_FONT
        ws.cell(number, 1).alignment = TOP
        warnings += write_cell(ws, number, 2, value, kind, header=label)
        ws.cell(number, 2).alignment = LEFT_WRAP  # a long explanation wraps on the page
        if kind == "text" and value:
            wrap_cell(ws, number, 2, value)
    return warnings
