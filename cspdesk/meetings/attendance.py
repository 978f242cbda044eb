"""Attendance statistics: who turns up, by person and by organisation, and the trend by quarter.

Only held meetings count. A member is expected at a held meeting when one of their
memberships of its group (other than as a named deputy) is in force on its date; an expected
member with no mark is counted absent. Everything is computed in SQL over the indexes on
meetings(group_id, date), memberships(group_id) and attendance(meeting_id, person_id).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cspdesk.dates import financial_quarter_of, format_date
from cspdesk.errors import InputError
from cspdesk.meetings.register import iso_date
from cspdesk.meetings.structure import find_group
from cspdesk.store.connection import Database

BY = ("organisation", "person")
NO_ORGANISATION = "(no organisation)"


@dataclass(frozen=True)
class AttendanceRow:
    name: str  # person name (by person) or organisation name (by organisation)
    organisation: str | None  # by person: their organisation's short name or name
    expected: int
    present: int  # present + present online
    apologies: int
    absent: int  # includes expected members with no mark at a held meeting
    substitute: int
    attendance_pct: float | None  # by ``attendance_percent``; None when expected == 0


# Every (held meeting, expected member) pair with the member's mark, NULL when unmarked.
_MARKED = """
held AS (SELECT id, group_id, date FROM meetings WHERE {where}),
expected AS (
    SELECT DISTINCT h.id AS meeting_id, h.date, ms.person_id
    FROM held h JOIN memberships ms ON ms.group_id = h.group_id
    WHERE ms.role <> 'deputy'
      AND (ms.start_date IS NULL OR ms.start_date <= h.date)
      AND (ms.end_date IS NULL OR ms.end_date >= h.date)),
marked AS (
    SELECT e.meeting_id, e.date, e.person_id, a.mark
    FROM expected e
    LEFT JOIN attendance a ON a.meeting_id = e.meeting_id AND a.person_id = e.person_id)
"""

# 'in attendance' on an expected member (possible when a membership was dated after the
# register was taken) is counted present, so the four columns always add up to expected.
_COUNTS = """
    COUNT(mk.person_id),
    COUNT(CASE WHEN mk.mark IN ('present', 'present online', 'in attendance') THEN 1 END),
    COUNT(CASE WHEN mk.mark = 'apologies' THEN 1 END),
    COUNT(CASE WHEN mk.person_id IS NOT NULL AND (mk.mark IS NULL OR mk.mark = 'absent')
          THEN 1 END),
    COUNT(CASE WHEN mk.mark = 'substitute' THEN 1 END)
"""

_BY_PERSON = """
SELECT p.name, coalesce(o.short_name, o.name), {counts}
FROM marked mk JOIN people p ON p.id = mk.person_id
LEFT JOIN organisations o ON o.id = p.organisation_id
GROUP BY mk.person_id
ORDER BY p.name COLLATE NOCASE, mk.person_id
"""

_BY_ORGANISATION = """
SELECT coalesce(o.name, '{none}'), NULL, {counts}
FROM marked mk JOIN people p ON p.id = mk.person_id
LEFT JOIN organisations o ON o.id = p.organisation_id
GROUP BY p.organisation_id
ORDER BY 1 COLLATE NOCASE
"""

# Months with held meetings, each with its totals; a month whose meetings expected nobody
# comes from the second part alone. Driven from `marked` so no join back to `held` is needed.
_BY_MONTH = """
SELECT substr(mk.date, 1, 7), {counts} FROM marked mk GROUP BY 1
UNION ALL
SELECT DISTINCT substr(date, 1, 7), 0, 0, 0, 0, 0 FROM held
"""


def attendance_statistics(db: Database, by: str, group_short_name: str | None = None,
                          start: str | None = None, end: str | None = None
                          ) -> list[AttendanceRow]:
    """Attendance at held meetings, one row per person or per organisation, ordered by name.

    ``by`` is 'organisation' or 'person'. ``group_short_name`` (e.g. JSG) limits it to one
    group; ``start`` and ``end`` (ISO dates, inclusive, None for open) to a date range. A
    substitute counts for the absent member's organisation but not for the member: by
    organisation the % is (present + substitute) / expected, by person present / expected.
    Raises InputError for an unknown ``by``, an unknown group or a range that ends before it
    starts.
    """
    if by not in BY:
        raise InputError(f"Attendance can be shown by organisation or by person, not by '{by}'.",
                         field="by")
    where, params = _held_where(db, group_short_name, start, end)
    query = _BY_PERSON if by == "person" else _BY_ORGANISATION
    sql = "WITH " + _MARKED.format(where=where) + query.format(
        counts=_COUNTS, none=NO_ORGANISATION)
    return [_row(r, by) for r in db.execute(sql, params).fetchall()]


def _row(r: tuple[Any, ...], by: str) -> AttendanceRow:
    name, organisation, expected, present, apologies, absent, substitute = r
    attended = present + substitute if by == "organisation" else present
    return AttendanceRow(name, organisation, expected, present, apologies, absent, substitute,
                         attendance_percent(attended, expected))


def attendance_percent(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` as a percentage to one decimal place, rounded half up on the
    exact fraction: 13 of 16 is 81.25%, which is 81.3%; 1 of 3 is 33.3%. None when
    ``whole`` is 0.

    The one rounding of an attendance % wherever it is shown: the Meetings tab, the
    ``cspdesk attendance`` command and the workbooks all show this figure as it is.
    """
    if not whole:
        return None
    tenths = (part * 2000 + whole) // (2 * whole)  # whole integers: no binary fraction
    return tenths / 10


def attendance_trend(db: Database, group_short_name: str | None = None,
                     start: str | None = None, end: str | None = None
                     ) -> list[tuple[str, float | None]]:
    """Attendance % per financial quarter that has held meetings, oldest first.

    Each item is like ("2022/23 Q1", 83.3), Q1 being April to June; the % is
    (present + substitute) / expected across all members, by ``attendance_percent``, None
    when nobody was expected.
    Filters and errors as for ``attendance_statistics``.
    """
    where, params = _held_where(db, group_short_name, start, end)
    sql = "WITH " + _MARKED.format(where=where) + _BY_MONTH.format(counts=_COUNTS)
    quarters: dict[str, list[int]] = {}
    rows = sorted(db.execute(sql, params).fetchall())  # by month
    for month, expected, present, _apologies, _absent, substitute in rows:
        totals = quarters.setdefault(financial_quarter_of(month), [0, 0])
        totals[0] += expected
        totals[1] += present + substitute
    return [(quarter, attendance_percent(came, expected))
            for quarter, (expected, came) in quarters.items()]


def _held_where(db: Database, group_short_name: str | None, start: str | None,
                end: str | None) -> tuple[str, list[Any]]:
    """The WHERE clause choosing the held meetings, and its parameters."""
    where: list[str] = ["status = 'held'"]
    params: list[Any] = []
    if group_short_name is not None:
        where.append("group_id = ?")
        params.append(find_group(db, group_short_name).id)
    start, end = checked_period(start, end)
    if start is not None:
        where.append("date >= ?")
        params.append(start)
    if end is not None:
        where.append("date <= ?")
        params.append(end)
    return " AND ".join(where), params


def checked_period(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """The period of the statistics, checked: ``start`` and ``end`` are ISO dates (both
    inclusive, None for open) and the start is not after the end; InputError (field start or
    end) otherwise."""
    start = iso_date(start, "start date", "start") if start is not None else None
    end = iso_date(end, "end date", "end") if end is not None else None
    if start is not None and end is not None and start > end:
        raise InputError(
            f"The start date {format_date(start)} is after the end date {format_date(end)}; "
            "give the earlier date first.", field="start")
    return start, end
