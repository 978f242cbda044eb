"""iCalendar (RFC 5545) files that Outlook, Google and Apple calendars import.

Pure text building, no database: ``build_calendar`` turns a list of ``CalendarEvent`` into
the file's text with CRLF line endings, lines folded at 75 octets (never inside a UTF-8
character) and TEXT values escaped. Times are wall-clock times in Europe/London, with the
zone's GMT/BST rules included so any calendar places them correctly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//cspdesk//cspdesk//EN"
TZID = "Europe/London"
MAX_LINE_OCTETS = 75

# British Summer Time starts at 01:00 UTC on the last Sunday of March (01:00 GMT) and ends
# at 01:00 UTC on the last Sunday of October (02:00 BST). DTSTART is the local time of the
# first change under the rule.
VTIMEZONE_EUROPE_LONDON = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)

STATUSES = ("CONFIRMED", "TENTATIVE", "CANCELLED")

# Controls RFC 5545 does not allow in TEXT (tab is allowed; newlines are escaped).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_NEWLINES = re.compile("\r\n|\r|\n")


@dataclass(frozen=True)
class CalendarEvent:
    """One event. ``start``/``end`` are dates (all-day) or naive London wall-clock times."""

    uid: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None
    summary: str
    location: str | None = None
    description: str | None = None
    status: str = "CONFIRMED"

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown event status {self.status!r}")


def remove_controls(value: str) -> tuple[str, int]:
    """``value`` without the control characters a TEXT value may not hold, and how many."""
    cleaned, removed = _CONTROLS.subn("", value)
    return cleaned, removed


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 3.3.11).

    Control characters a TEXT value may not hold are dropped.
    """
    value = _CONTROLS.sub("", value)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _NEWLINES.sub("\\\\n", value)


def fold_line(line: str) -> str:
    """Fold one content line into physical lines of at most 75 octets, joined by CRLF.

    Each continuation line starts with a space (counted in its 75 octets); a multibyte
    UTF-8 character is never split between two lines.
    """
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, MAX_LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_LINE_OCTETS - 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def format_utc(moment: dt.datetime) -> str:
    """A UTC DATE-TIME value: 20230418T090000Z."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _date_property(name: str, value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        return f"{name};TZID={TZID}:{value.strftime('%Y%m%dT%H%M%S')}"
    return f"{name};VALUE=DATE:{value.strftime('%Y%m%d')}"


def event_lines(event: CalendarEvent, stamp: dt.datetime) -> list[str]:
    """The content lines (not yet folded) of one VEVENT."""
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{format_utc(stamp)}",
             _date_property("DTSTART", event.start)]
    end = event.end
    if end is None and not isinstance(event.start, dt.datetime):
        end = event.start + dt.timedelta(days=1)  # an all-day event ends the next day
    if end is not None:
        lines.append(_date_property("DTEND", end))
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    lines.append(f"STATUS:{event.status}")
    if event.status == "CANCELLED":
        lines.append("TRANSP:TRANSPARENT")  # a cancelled meeting does not make anyone busy
    lines.append("END:VEVENT")
    return lines


def build_calendar(events: Iterable[CalendarEvent], name: str | None = None,
                   stamp: dt.datetime | None = None) -> str:
    """The whole iCalendar file as text: CRLF line endings, folded lines, a final CRLF."""
    stamp = stamp or dt.datetime.now(dt.UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    lines += VTIMEZONE_EUROPE_LONDON
    for event in events:
        lines += event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
