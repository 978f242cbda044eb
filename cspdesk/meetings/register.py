"""The register of one meeting: who was expected, how each was marked, and whether it was quorate.

A member is expected at a meeting when one of their memberships of its group (other than as a
named deputy) is in force on the meeting's date. Everyone else who came is "in attendance".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cspdesk import audit
from cspdesk.dates import format_date
from cspdesk.errors import InputError
from cspdesk.meetings.meetings import Meeting, get_meeting
from cspdesk.meetings.structure import (
    RESPONSIBLE_AUTHORITIES,
    describe_quorum_rule,
    group_quorum_rule,
)
from cspdesk.records import and_list, plural
from cspdesk.store.connection import Database

MARKS = ("present", "present online", "apologies", "absent", "substitute", "in attendance")

# Marks only a member expected at the meeting can have; anyone else is 'in attendance'.
MEMBER_MARKS = ("present", "present online", "apologies", "absent", "substitute")
# Marks that count a member as present for the quorum (a substitute stands for their member).
QUORUM_MARKS = ("present", "present online", "substitute")
_ROLES = ("chair", "vice-chair", "member")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class RegisterLine:
    person_id: int
    name: str
    organisation: str | None  # organisation short_name, else name
    organisation_id: int | None
    role: str  # 'chair' | 'vice-chair' | 'member' for members; 'in attendance' for others
    member: bool  # True for a member expected at this meeting
    mark: str | None  # None = not marked yet
    reason: str | None
    substitute_id: int | None
    substitute_name: str | None


@dataclass(frozen=True)
class MarkEntry:
    person_id: int
    mark: str
    reason: str | None = None
    substitute_id: int | None = None


@dataclass(frozen=True)
class QuorumResult:
    quorate: bool | None  # None when the group has no rule or nothing is marked yet
    rule: str
    detail: str
    missing_authorities: list[str]


def iso_date(value: str, what: str = "date", field: str | None = None) -> str:
    """Return ``value`` if it is an ISO date (YYYY-MM-DD); otherwise raise InputError."""
    try:
        if not _ISO.match(value):
            raise ValueError(value)
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(f"The {what} '{value}' is not a date.", field=field) from None
    return value


# Expected members and the register -----------------------------------------------------


def expected_members(db: Database, group_id: int, on: str) -> list[tuple[int, str]]:
    """(person_id, role) of everyone expected at a meeting of the group on ISO date ``on``.

    A membership counts when it has started by ``on`` and not ended before it; named deputies
    are left out. One row per person with their highest role (chair, vice-chair, member),
    ordered chair, vice-chair, then members by name.
    """
    return [(row[0], row[1]) for row in _expected_rows(db, group_id, iso_date(on))]


def _expected_rows(db: Database, group_id: int, on: str) -> list[tuple[Any, ...]]:
    """(person_id, role, name, organisation, organisation_id) of the expected members."""
    rows = db.execute(
        """SELECT ms.person_id,
                  MIN(CASE ms.role WHEN 'chair' THEN 0 WHEN 'vice-chair' THEN 1 ELSE 2 END)
                      AS rank,
                  p.name, coalesce(o.short_name, o.name), p.organisation_id
           FROM memberships ms
           JOIN people p ON p.id = ms.person_id
           LEFT JOIN organisations o ON o.id = p.organisation_id
           WHERE ms.group_id = ? AND ms.role <> 'deputy'
             AND (ms.start_date IS NULL OR ms.start_date <= ?)
             AND (ms.end_date IS NULL OR ms.end_date >= ?)
           GROUP BY ms.person_id
           ORDER BY rank, p.name COLLATE NOCASE, ms.person_id""",
        [group_id, on, on],
    ).fetchall()
    return [(r[0], _ROLES[r[1]], r[2], r[3], r[4]) for r in rows]


def load_register(db: Database, meeting_id: int) -> list[RegisterLine]:
    """The register of a meeting as the officer sees it.

    First every member expected on the meeting's date, marked or not (chair, vice-chair, then
    by name); then everyone else with a mark at the meeting, by name, as 'in attendance'.
    """
    meeting = get_meeting(db, meeting_id)
    marks = {row[0]: row for row in db.execute(
        """SELECT a.person_id, p.name, coalesce(o.short_name, o.name), p.organisation_id,
                  a.mark, a.reason, a.substitute_id, s.name
           FROM attendance a
           JOIN people p ON p.id = a.person_id
           LEFT JOIN organisations o ON o.id = p.organisation_id
           LEFT JOIN people s ON s.id = a.substitute_id
           WHERE a.meeting_id = ?
           ORDER BY p.name COLLATE NOCASE, a.person_id""",
        [meeting_id],
    )}
    lines = []
    for person_id, role, name, organisation, organisation_id in _expected_rows(
            db, meeting.group_id, meeting.date):
        mark = marks.pop(person_id, None)
        tail = tuple(mark[4:8]) if mark else (None, None, None, None)
        lines.append(RegisterLine(person_id, name, organisation, organisation_id, role, True,
                                  *tail))
    for row in marks.values():
        lines.append(RegisterLine(row[0], row[1], row[2], row[3], "in attendance", False,
                                  *row[4:8]))
    return lines


# Saving the register -------------------------------------------------------------------


def save_register(db: Database, meeting_id: int, entries: list[MarkEntry]) -> None:
    """Replace the meeting's whole register with ``entries``, in one transaction.

    Everything is checked first and nothing is written if any entry is refused (InputError
    naming the field). A reason is kept only with apologies and a substitute only with
    'substitute'. Saving a non-empty register for a scheduled meeting marks it held.
    """
    meeting = get_meeting(db, meeting_id)
    if meeting.status == "cancelled":
        raise InputError(
            f"T{meeting.label[1:]} was cancelled, so it has no register; "
            "change its status first if it did take place.", field="status")
    entries = [_clean(entry) for entry in entries]
    names = _names(db, entries)
    expected = {row[0] for row in _expected_rows(db, meeting.group_id, meeting.date)}
    _check_once(entries, names, meeting)
    _check_membership(entries, names, expected, meeting)
    _check_substitutes(entries, names, expected, meeting)
    with db.atomic():
        _audit_register(db, meeting_id, entries,
                        bool(entries) and meeting.status == "scheduled")
        db.execute("DELETE FROM attendance WHERE meeting_id = ?", [meeting_id])
        for e in entries:
            db.execute(
                "INSERT INTO attendance (meeting_id, person_id, mark, reason, substitute_id) "
                "VALUES (?, ?, ?, ?, ?)",
                [meeting_id, e.person_id, e.mark, e.reason, e.substitute_id])
        if entries and meeting.status == "scheduled":
            db.execute("UPDATE meetings SET status = 'held' WHERE id = ?", [meeting_id])


def _audit_register(db: Database, meeting_id: int, entries: list[MarkEntry],
                    now_held: bool) -> None:
    """One audit entry for the register: each person whose mark changed, as 'person 12'
    (a name would outlive its erasure in the log), old and new mark; and the meeting's
    status when the register marks it held."""
    old = {pid: [mark, reason, sub] for pid, mark, reason, sub in db.execute(
        "SELECT person_id, mark, reason, substitute_id FROM attendance WHERE meeting_id = ?",
        [meeting_id])}
    new = {e.person_id: [e.mark, e.reason, e.substitute_id] for e in entries}
    changes = {f"person {pid}": [_mark_words(old.get(pid)), _mark_words(new.get(pid))]
               for pid in sorted(old.keys() | new.keys()) if old.get(pid) != new.get(pid)}
    if now_held:
        changes["status"] = ["scheduled", "held"]
    if changes:
        audit.record_entry(db, "meetings", meeting_id, "register saved", changes,
                           way="register")


def _mark_words(mark: list[Any] | None) -> str | None:
    if mark is None:
        return None
    words, reason, substitute = mark
    if reason:
        words += f" ({reason})"
    return words + (f", substitute person {substitute}" if substitute else "")


def _clean(entry: MarkEntry) -> MarkEntry:
    """The entry with a known mark, a reason only for apologies, a substitute only for one."""
    mark = entry.mark.strip().lower() if isinstance(entry.mark, str) else entry.mark
    if mark not in MARKS:
        raise InputError(
            f"'{entry.mark}' is not an attendance mark; use one of: {', '.join(MARKS)}.",
            field="mark")
    reason = (entry.reason or "").strip() or None
    return MarkEntry(
        person_id=entry.person_id, mark=mark,
        reason=reason if mark == "apologies" else None,
        substitute_id=entry.substitute_id if mark == "substitute" else None)


def _names(db: Database, entries: list[MarkEntry]) -> dict[int, str]:
    """Names of everyone the entries mention; refuses a person who is not in the database."""
    wanted = {e.person_id for e in entries} | {
        e.substitute_id for e in entries if e.substitute_id is not None}
    marks = ", ".join("?" * len(wanted))  # a register is tens of people, far below SQLite's limit
    names: dict[int, str] = dict(db.execute(
        f"SELECT id, name FROM people WHERE id IN ({marks})", sorted(wanted)).fetchall())
    for e in entries:
        for field, pid in (("person_id", e.person_id), ("substitute_id", e.substitute_id)):
            if pid is not None and pid not in names:
                raise InputError(
                    f"Person number {pid} is not in the list of people; add them under "
                    "People first.", field=field)
    return names


def _check_once(entries: list[MarkEntry], names: dict[int, str], meeting: Meeting) -> None:
    seen: set[int] = set()
    for e in entries:
        if e.person_id in seen:
            raise InputError(
                f"{names[e.person_id]} is marked twice in the register of {meeting.label}; "
                "give each person one mark.", field="person_id")
        seen.add(e.person_id)


def _check_membership(entries: list[MarkEntry], names: dict[int, str], expected: set[int],
                      meeting: Meeting) -> None:
    on, group = format_date(meeting.date), meeting.group_short_name
    for e in entries:
        name = names[e.person_id]
        if e.mark == "in attendance" and e.person_id in expected:
            raise InputError(
                f"{name} is a member of {group} on {on}, so is marked present, present "
                "online, apologies, absent or substitute, not 'in attendance'.", field="mark")
        if e.mark in MEMBER_MARKS and e.person_id not in expected:
            raise InputError(
                f"{name} is not a member of {group} on {on}, so can only be marked "
                f"'in attendance', not '{e.mark}'.", field="mark")


def _check_substitutes(entries: list[MarkEntry], names: dict[int, str], expected: set[int],
                       meeting: Meeting) -> None:
    marked = {e.person_id for e in entries}
    stood_in: dict[int, int] = {}  # substitute -> the member they stood in for
    for e in entries:
        if e.mark != "substitute":
            continue
        name, sub = names[e.person_id], e.substitute_id
        if sub is None:
            raise InputError(
                f"{name} is marked 'substitute' but nobody is named as coming in their place; "
                "choose who came.", field="substitute_id")
        if sub == e.person_id:
            raise InputError(
                f"{name} cannot be their own substitute; mark them present instead.",
                field="substitute_id")
        sub_name = names[sub]
        if sub in marked:
            raise InputError(
                f"{sub_name} is marked in their own right at {meeting.label}, so cannot also "
                f"be the substitute for {name}.", field="substitute_id")
        if sub in expected:
            raise InputError(
                f"{sub_name} is a member of {meeting.group_short_name} themselves, so cannot "
                f"be the substitute for {name}; mark {sub_name} in their own right.",
                field="substitute_id")
        if sub in stood_in:
            raise InputError(
                f"{sub_name} is named as the substitute for both {names[stood_in[sub]]} and "
                f"{name}; one person can stand in for only one member.", field="substitute_id")
        stood_in[sub] = e.person_id


# Quorum --------------------------------------------------------------------------------


def quorum(db: Database, meeting_id: int) -> QuorumResult:
    """Whether the meeting was quorate by its saved register (``register_quorum``)."""
    entries = [MarkEntry(*row) for row in db.execute(
        "SELECT person_id, mark, reason, substitute_id FROM attendance WHERE meeting_id = ?",
        [meeting_id])]
    return register_quorum(db, meeting_id, entries)


def register_quorum(db: Database, meeting_id: int,
                    entries: Sequence[MarkEntry]) -> QuorumResult:
    """Whether the meeting is quorate by its group's rule with these marks, saved or still
    being taken (the chair asks mid-meeting), and which authorities are not represented.

    Members present are those marked present, present online or substitute. An authority is
    represented when anyone who came (a substitute included, 'in attendance' too) belongs to an
    organisation that is that responsible authority. ``quorate`` is None when the group has no
    usable rule or nothing is marked yet.
    """
    meeting = get_meeting(db, meeting_id)
    expected = {row[0] for row in _expected_rows(db, meeting.group_id, meeting.date)}
    present = sum(1 for e in entries if e.person_id in expected and e.mark in QUORUM_MARKS)
    represented = _represented(db, entries)
    missing = [a for a in RESPONSIBLE_AUTHORITIES if a not in represented]
    try:
        rule = group_quorum_rule(db, meeting.group_id)
    except InputError as exc:
        return QuorumResult(None, "quorum rule not understood", _unusable(meeting, exc), missing)
    words = describe_quorum_rule(rule)
    if not entries:
        return QuorumResult(None, words, "nothing marked yet", missing)
    counted = f"{present} of {plural(len(expected), 'member')} present"
    if rule is None:
        return QuorumResult(None, words, counted, missing)
    if rule.kind == "authorities":
        absent = [a for a in rule.authorities if a not in represented]
        detail = f"{and_list(absent)} not represented" if absent else words
        return QuorumResult(not absent, words, detail, missing)
    needed = rule.needed(len(expected))
    return QuorumResult(present >= needed, words, f"{counted}; {needed} needed", missing)


def _unusable(meeting: Meeting, exc: InputError) -> str:
    """Why the group's stored quorum rule cannot be applied, and what to do about it."""
    reason = str(exc).rstrip(".")
    return (f"the {meeting.group_short_name} quorum rule cannot be applied "
            f"({reason[:1].lower()}{reason[1:]}); set it again on the Partnership page")


def _represented(db: Database, entries: Sequence[MarkEntry]) -> set[str]:
    """The responsible authorities of everyone who came (for a substitute, who came in the
    member's place)."""
    came = sorted({e.substitute_id if e.mark == "substitute" else e.person_id
                   for e in entries if e.mark in (*QUORUM_MARKS, "in attendance")} - {None})
    if not came:
        return set()
    marks = ", ".join("?" * len(came))  # a register is tens of people, far below the limit
    rows = db.execute(
        f"""SELECT DISTINCT o.responsible_authority
            FROM people p JOIN organisations o ON o.id = p.organisation_id
            WHERE p.id IN ({marks}) AND o.responsible_authority IS NOT NULL""", came).fetchall()
    return {row[0] for row in rows}
