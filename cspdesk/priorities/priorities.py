"""The priority register: the partnership's priorities for each financial year.

The Joint Strategic Group sets the priorities each year from the strategic assessment; the
register holds, for each, its evidence, the current structure that delivers it, the local
concerns and response, and how the Police and Crime Plan covers it.

A save takes a dict keyed by the table's column names, plus ``measure_ids`` (the measures
that track the priority). On an update the values given are laid over the stored row.
Bad input raises ``InputError`` naming its field before anything is written, and every
write (a save with its links, a reorder) is one transaction. Starting next year's register
from this year's, and a priority's history across years, are in ``priority_history``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cspdesk import audit
from cspdesk.dates import format_date, parse_financial_year
from cspdesk.errors import InputError
from cspdesk.records import (
    choice,
    clean_text,
    date_value,
    merged_values,
    reference,
    required_text,
    save_row,
)
from cspdesk.store.connection import Database

STATUSES = ("proposed", "agreed", "retired")
BASES = ("strategic assessment", "local determination", "statutory duty")
PCP_COVERAGE = ("named", "covered under a heading", "not mentioned")

_COLUMNS = ("financial_year", "position", "title", "evidence", "current_structure",
            "local_concerns", "pcp_coverage", "pcp_heading", "districts",
            "lead_organisation_id", "lead_officer", "status", "agreed_meeting_id",
            "review_date", "basis", "notes", "carried_from_id")

# The text a search looks through, with the words the officer knows each field by.
SEARCH_FIELDS = {
    "title": "title", "evidence": "evidence", "current_structure": "current structure",
    "local_concerns": "local concerns and response", "pcp_heading": "Police and Crime Plan",
    "districts": "districts", "lead_organisation": "lead organisation",
    "lead_officer": "lead officer", "notes": "notes",
}


@dataclass(frozen=True)
class Priority:
    id: int
    financial_year: str
    position: int
    title: str
    evidence: str | None
    current_structure: str | None
    local_concerns: str | None
    pcp_coverage: str
    pcp_heading: str | None
    districts: list[str]
    lead_organisation_id: int | None
    lead_organisation: str | None  # the organisation's name
    lead_officer: str | None
    status: str
    agreed_meeting_id: int | None
    agreed_group: str | None  # short name of the group whose meeting agreed it
    agreed_on: str | None  # that meeting's date (ISO)
    review_date: str | None
    basis: str
    notes: str | None
    carried_from_id: int | None
    measure_ids: tuple[int, ...]


@dataclass(frozen=True)
class SearchHit:
    priority: Priority
    fields: tuple[str, ...]  # the officer's words for the fields that matched


def pcp_sentence(coverage: str, heading: str | None) -> str:
    """How the Police and Crime Plan covers a priority, as a sentence."""
    if coverage == "named":
        return "Named in the Police and Crime Plan"
    if coverage == "covered under a heading":
        return f"Covered in the Police and Crime Plan under “{heading or '?'}”"
    return "Not mentioned in the Police and Crime Plan"


# Reading ---------------------------------------------------------------------------------

_SELECT = """
    SELECT p.id, p.financial_year, p.position, p.title, p.evidence, p.current_structure,
           p.local_concerns, p.pcp_coverage, p.pcp_heading, p.districts,
           p.lead_organisation_id, o.name, p.lead_officer, p.status, p.agreed_meeting_id,
           g.short_name, m.date, p.review_date, p.basis, p.notes, p.carried_from_id,
           (SELECT group_concat(measure_id) FROM priority_measures WHERE priority_id = p.id)
    FROM priorities p
    LEFT JOIN organisations o ON o.id = p.lead_organisation_id
    LEFT JOIN meetings m ON m.id = p.agreed_meeting_id
    LEFT JOIN groups g ON g.id = m.group_id"""


def _priority(row: Sequence[Any]) -> Priority:
    values = list(row)
    values[9] = json.loads(values[9]) if values[9] else []
    values[-1] = tuple(sorted(int(x) for x in values[-1].split(","))) if values[-1] else ()
    return Priority(*values)


def financial_years(db: Database) -> list[str]:
    """Years that have a register, newest first."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT financial_year FROM priorities ORDER BY financial_year DESC")]


def list_priorities(db: Database, financial_year: str) -> list[Priority]:
    """The year's register in its order."""
    rows = db.execute(_SELECT + " WHERE p.financial_year = ? ORDER BY p.position, p.id",
                      [financial_year]).fetchall()
    return [_priority(row) for row in rows]


def get_priority(db: Database, priority_id: int) -> Priority | None:
    row = db.execute(_SELECT + " WHERE p.id = ?", [priority_id]).fetchone()
    return _priority(row) if row else None


def search_priorities(db: Database, text: str,
                      financial_year: str | None = None) -> list[SearchHit]:
    """Priorities (of one year, or all years, newest first) whose text holds every word of
    ``text``, case ignored, in any of their fields; empty text finds nothing."""
    words = text.casefold().split()
    if not words:
        return []
    where, params = ("WHERE p.financial_year = ?", [financial_year]) if financial_year \
        else ("", [])
    rows = db.execute(_SELECT + f" {where} ORDER BY p.financial_year DESC, p.position, p.id",
                      params).fetchall()
    hits = []
    for priority in map(_priority, rows):
        texts = {label: _searchable(priority, name).casefold()
                 for name, label in SEARCH_FIELDS.items()}
        everything = "\n".join(texts.values())
        if all(word in everything for word in words):
            hits.append(SearchHit(priority, _matched(texts, words)))
    return hits


def _matched(texts: dict[str, str], words: list[str]) -> tuple[str, ...]:
    """The fields holding the whole phrase, or failing that any of its words."""
    phrase = " ".join(words)
    found = tuple(label for label, text in texts.items() if phrase in " ".join(text.split()))
    return found or tuple(label for label, text in texts.items()
                          if any(word in text for word in words))


def _searchable(priority: Priority, name: str) -> str:
    value = getattr(priority, name)
    if isinstance(value, list):
        return " ".join(value)
    return value or ""


def partnership_districts(db: Database) -> list[str]:
    """The districts a priority may cover: those of the partnership's home area (setting
    'home_area'), or every district when no home area is set."""
    from cspdesk.store.settings import get_setting

    home = get_setting(db, "home_area")
    rows = db.execute("SELECT a.name FROM areas a JOIN areas h ON h.id = a.parent_id "
                      "WHERE h.name = ? AND a.level = 'district' ORDER BY a.position, a.id",
                      [home]).fetchall()
    if not rows:
        rows = db.execute("SELECT name FROM areas WHERE level = 'district' "
                          "ORDER BY position, id").fetchall()
    return [r[0] for r in rows]


def agreed_meeting_choices(db: Database, include_id: int | None = None
                           ) -> list[tuple[int, str]]:
    """(id, 'JSG 18/04/2023') of the meetings of strategic groups that were not cancelled,
    newest first, with ``include_id`` kept whatever its group or status."""
    rows = db.execute(
        """SELECT m.id, g.short_name, m.date FROM meetings m JOIN groups g ON g.id = m.group_id
           WHERE (g.tier = 'strategic' AND m.status <> 'cancelled') OR m.id IS ?
           ORDER BY m.date DESC, m.id DESC""", [include_id]).fetchall()
    return [(row[0], f"{row[1]} {format_date(row[2])}") for row in rows]


# Saving ------------------------------------------------------------------------------------


def save_priority(db: Database, values: Mapping[str, Any],
                  priority_id: int | None = None) -> int:
    """Add (or, given its id, update) a priority with its linked measures; returns its id.

    Refused at the field: no title; a title another priority of the same year has (case
    ignored); 'covered under a heading' without the heading; a review date before the date
    of the meeting that agreed it; an unknown organisation, meeting or measure. A new
    priority goes to the end of its year's register."""
    values = dict(values)
    measure_ids = values.pop("measure_ids", None)
    with db.atomic():
        v = merged_values(db, "priorities", values, priority_id, "priority", _COLUMNS)
        row = _checked_row(db, v, priority_id)
        if priority_id is None and not v.get("position"):
            row["position"] = _next_position(db, row["financial_year"])
        saved = save_row(db, "priorities", row, priority_id)
        if measure_ids is not None:
            _set_measures(db, saved, measure_ids)
        return saved


def _checked_row(db: Database, v: Mapping[str, Any], own_id: int | None) -> dict[str, Any]:
    financial_year = parse_financial_year(v.get("financial_year"), "financial_year")
    title = required_text(v, "title", "the priority's title")
    _refuse_duplicate_title(db, financial_year, title, own_id)
    coverage = choice(v, "pcp_coverage", PCP_COVERAGE,
                      "way the Police and Crime Plan covers a priority") or "not mentioned"
    heading = clean_text(v.get("pcp_heading")) if coverage == PCP_COVERAGE[1] else None
    if coverage == PCP_COVERAGE[1] and heading is None:
        raise InputError("Enter the heading of the Police and Crime Plan that covers this "
                         "priority (for example All Crime).", field="pcp_heading")
    meeting_id = reference(db, v, "agreed_meeting_id", "meetings", "meeting that agreed it")
    review_date = date_value(v, "review_date", "review date")
    _check_review_date(db, meeting_id, review_date)
    return {
        "financial_year": financial_year, "position": int(v.get("position") or 0),
        "title": title, "evidence": clean_text(v.get("evidence")),
        "current_structure": clean_text(v.get("current_structure")),
        "local_concerns": clean_text(v.get("local_concerns")),
        "pcp_coverage": coverage, "pcp_heading": heading,
        "districts": json.dumps(_districts(v.get("districts"))),
        "lead_organisation_id": reference(db, v, "lead_organisation_id", "organisations",
                                          "lead organisation"),
        "lead_officer": clean_text(v.get("lead_officer")),
        "status": choice(v, "status", STATUSES, "status") or "proposed",
        "agreed_meeting_id": meeting_id, "review_date": review_date,
        "basis": choice(v, "basis", BASES, "reason for a priority") or BASES[0],
        "notes": clean_text(v.get("notes")),
        "carried_from_id": v.get("carried_from_id")}


def _refuse_duplicate_title(db: Database, financial_year: str, title: str,
                            own_id: int | None) -> None:
    found = db.execute("SELECT title FROM priorities WHERE financial_year = ? AND "
                       "title = ? COLLATE NOCASE AND id IS NOT ?",
                       [financial_year, title, own_id]).fetchone()
    if found is not None:
        raise InputError(f"The {financial_year} register already has a priority called "
                         f"'{found[0]}'; choose another title.", field="title")


def _check_review_date(db: Database, meeting_id: int | None, review_date: str | None) -> None:
    if meeting_id is None or review_date is None:
        return
    agreed_on, group = db.execute(
        "SELECT m.date, g.short_name FROM meetings m JOIN groups g ON g.id = m.group_id "
        "WHERE m.id = ?", [meeting_id]).fetchone()
    if review_date < agreed_on:
        raise InputError(f"The review date {format_date(review_date)} is before the {group} "
                         f"meeting of {format_date(agreed_on)} that agreed this priority; "
                         "choose a later review date.", field="review_date")


def _districts(value: object) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value) if value.strip().startswith("[") else [value]
    names = [clean_text(v) for v in value or []] if isinstance(value, list | tuple) else []
    return list(dict.fromkeys(n for n in names if n))


def _next_position(db: Database, financial_year: str) -> int:
    row = db.execute("SELECT MAX(position) FROM priorities WHERE financial_year = ?",
                     [financial_year]).fetchone()
    return int(row[0] or 0) + 1


def _set_measures(db: Database, priority_id: int, measure_ids: Iterable[int]) -> None:
    wanted = list(dict.fromkeys(measure_ids))
    for measure_id in wanted:
        reference(db, {"measure_ids": measure_id}, "measure_ids", "measures", "measure")
    _audit_measures(db, priority_id, wanted)
    db.execute("DELETE FROM priority_measures WHERE priority_id = ?", [priority_id])
    for measure_id in wanted:
        db.execute("INSERT INTO priority_measures (priority_id, measure_id) VALUES (?, ?)",
                   [priority_id, measure_id])


def _audit_measures(db: Database, priority_id: int, wanted: list[int]) -> None:
    """The priority's measures, old and new, by name, in its audit entry of their own."""
    names = {r[0]: r[1] for r in db.execute("SELECT id, name FROM measures")}
    before = [names[r[0]] for r in db.execute(
        "SELECT measure_id FROM priority_measures WHERE priority_id = ? ORDER BY measure_id",
        [priority_id])]
    after = sorted(names[m] for m in wanted)
    if sorted(before) != after:
        audit.record_cells(db, "priorities", priority_id, "changed",
                           {"measures": ", ".join(sorted(before)) or None},
                           {"measures": ", ".join(after) or None})


def delete_priority(db: Database, priority_id: int) -> None:
    """Remove a priority; its actions stay, unlinked, and the year is numbered again."""
    with db.atomic():
        row = db.execute("SELECT financial_year FROM priorities WHERE id = ?",
                         [priority_id]).fetchone()
        if row is None:
            return
        audit.record_delete(db, "priorities", priority_id)
        db.execute("DELETE FROM priorities WHERE id = ?", [priority_id])
        remaining = [p.id for p in list_priorities(db, row[0])]
        reorder_priorities(db, row[0], remaining)


# Order -------------------------------------------------------------------------------------


def reorder_priorities(db: Database, financial_year: str, ordered_ids: Sequence[int]) -> None:
    """Number the year's priorities 1, 2, 3... in the order given (every one, once each)."""
    with db.atomic():
        current = {r[0] for r in db.execute(
            "SELECT id FROM priorities WHERE financial_year = ?", [financial_year])}
        if set(ordered_ids) != current or len(ordered_ids) != len(current):
            raise InputError(f"The new order must list each priority of {financial_year} "
                             "once; the register may have changed, so look again.")
        stored = {r[0]: r[1:] for r in db.execute(
            "SELECT id, title, position FROM priorities WHERE financial_year = ?",
            [financial_year])}
        audit.record_cells(db, "priorities", None, "changed",
                           {stored[i][0]: stored[i][1] for i in ordered_ids},
                           {stored[i][0]: n for n, i in enumerate(ordered_ids, start=1)})
        for position, priority_id in enumerate(ordered_ids, start=1):
            db.execute("UPDATE priorities SET position = ? WHERE id = ?",
                       [position, priority_id])
