"""Meetings and attendance: the partnership's groups, meetings and registers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    date: str
    group: str
    group_short_name: str
    start_time: str | None
    end_time: str | None
    venue: str | None
    mode: str
    status: str
    present: int
    apologies: int
    absent: int
    substitutes: int


def list_groups(db: Database) -> list[tuple[int, str, str]]:
    """(id, short name, name) of every group, strategic tier first."""
    return [
        (r[0], r[1], r[2])
        for r in db.execute(
            "SELECT id, short_name, name FROM groups ORDER BY "
            "CASE tier WHEN 'strategic' THEN 0 WHEN 'delivery' THEN 1 ELSE 2 END, name"
        )
    ]


def list_meetings(db: Database, group_id: int | None = None) -> list[MeetingSummary]:
    """Meetings, newest first, with the register's totals (one indexed query)."""
    where = "WHERE m.group_id = ?" if group_id is not None else ""
    params = [group_id] if group_id is not None else []
    rows = db.execute(
        f"""SELECT m.id, m.date, g.name, g.short_name, m.start_time, m.end_time, m.venue,
                   m.mode, m.status,
                   COUNT(CASE WHEN a.mark IN ('present', 'present online') THEN 1 END),
                   COUNT(CASE WHEN a.mark = 'apologies' THEN 1 END),
                   COUNT(CASE WHEN a.mark = 'absent' THEN 1 END),
                   COUNT(CASE WHEN a.mark = 'substitute' THEN 1 END)
            FROM meetings m JOIN groups g ON g.id = m.group_id
            LEFT JOIN attendance a ON a.meeting_id = m.id
            {where}
            GROUP BY m.id ORDER BY m.date DESC, m.start_time DESC, g.name""",
        params,
    ).fetchall()
    return [MeetingSummary(*row) for row in rows]
