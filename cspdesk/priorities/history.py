"""One priority across the years: next year's register started from this year's (each copy
remembering, in ``carried_from_id``, the priority it came from), and a priority's history
along that line: when it entered the register, what changed in its evidence and the rest
of its entry from year to year, and when it was retired or dropped.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from cspdesk.dates import next_financial_year
from cspdesk.errors import InputError
from cspdesk.priorities.priorities import (
    Priority,
    financial_years,
    get_priority,
    list_priorities,
    pcp_sentence,
    save_priority,
)
from cspdesk.store.connection import Database

# The text fields compared word by word, then the fields compared as a whole.
TEXT_FIELDS = (("title", "Title"), ("evidence", "Evidence"),
               ("current_structure", "Current structure"),
               ("local_concerns", "Local concerns and response"))
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    """A run of words in a diff: kept ('same'), 'added' or 'removed'."""

    kind: str
    text: str


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None
    after: str | None
    diff: tuple[Segment, ...] = ()  # for text compared word by word


@dataclass(frozen=True)
class HistoryYear:
    priority: Priority
    event: str  # 'Entered the register' or 'Carried forward from 2023/24'
    changes: tuple[Change, ...]  # against the year before; none for the first


@dataclass(frozen=True)
class PriorityHistory:
    years: tuple[HistoryYear, ...]
    ended: str | None  # 'Retired in 2025/26', 'Not carried into 2025/26', or None

    @property
    def entered(self) -> str:
        return self.years[0].priority.financial_year


# Carrying forward ----------------------------------------------------------------------------


def carried_into(db: Database, financial_year: str) -> dict[int, int]:
    """{priority id of the year before: its copy in ``financial_year``}."""
    return {row[0]: row[1] for row in db.execute(
        "SELECT carried_from_id, id FROM priorities WHERE financial_year = ? "
        "AND carried_from_id IS NOT NULL", [financial_year])}


def carry_forward(db: Database, from_year: str, priority_ids: Sequence[int] | None = None,
                  to_year: str | None = None) -> list[int]:
    """Start the next year's register from ``from_year``'s: copy the chosen priorities (all
    but the retired ones when none are chosen) with their text, leads and measures, as
    proposed (the JSG agrees them again), each remembering the one it came from.

    Returns the new ids in order. Refuses a priority already carried into that year, or
    whose title that year already has; nothing is copied then."""
    to_year = to_year or next_financial_year(from_year)
    source = list_priorities(db, from_year)
    if priority_ids is None:
        chosen = [p for p in source if p.status != "retired"]
    else:
        unknown = set(priority_ids) - {p.id for p in source}
        if unknown:
            raise InputError(f"Only priorities of {from_year} can be carried from it.",
                             field="priority_ids")
        chosen = [p for p in source if p.id in set(priority_ids)]
    if not chosen:
        raise InputError("Choose at least one priority to carry forward.", field="priority_ids")
    with db.atomic():
        return [_copy(db, p, to_year) for p in chosen]


def _copy(db: Database, p: Priority, to_year: str) -> int:
    if p.id in carried_into(db, to_year):
        raise InputError(f"'{p.title}' is already in the {to_year} register.",
                         field="priority_ids")
    values = {"financial_year": to_year, "title": p.title, "evidence": p.evidence,
              "current_structure": p.current_structure, "local_concerns": p.local_concerns,
              "pcp_coverage": p.pcp_coverage, "pcp_heading": p.pcp_heading,
              "districts": p.districts, "lead_organisation_id": p.lead_organisation_id,
              "lead_officer": p.lead_officer, "status": "proposed", "basis": p.basis,
              "notes": p.notes, "carried_from_id": p.id, "measure_ids": list(p.measure_ids)}
    try:
        return save_priority(db, values)
    except InputError as exc:
        if exc.field != "title":
            raise
        raise InputError(str(exc), field="priority_ids") from None


# History -------------------------------------------------------------------------------------


def word_diff(before: str | None, after: str | None) -> tuple[Segment, ...]:
    """The words of ``after`` against ``before``: runs kept, removed and added, in order."""
    old, new = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("removed", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("added", "".join(new[j1:j2])))
    return tuple(s for s in segments if s.text)


def lineage(db: Database, priority_id: int) -> list[Priority]:
    """The priority in every year it was carried through, oldest first."""
    current = get_priority(db, priority_id)
    if current is None:
        return []
    chain = [current]
    seen = {current.id}
    while chain[0].carried_from_id is not None and chain[0].carried_from_id not in seen:
        earlier = get_priority(db, chain[0].carried_from_id)
        if earlier is None:
            break
        chain.insert(0, earlier)
        seen.add(earlier.id)
    while True:
        row = db.execute("SELECT id FROM priorities WHERE carried_from_id = ? "
                         "ORDER BY financial_year, id LIMIT 1", [chain[-1].id]).fetchone()
        if row is None or row[0] in seen:
            return chain
        later = get_priority(db, row[0])
        assert later is not None
        chain.append(later)
        seen.add(later.id)


def priority_history(db: Database, priority_id: int) -> PriorityHistory | None:
    """The priority's years with what changed in each, and how its run ended (if it did)."""
    chain = lineage(db, priority_id)
    if not chain:
        return None
    years = [HistoryYear(chain[0], "Entered the register", ())]
    for before, after in zip(chain, chain[1:], strict=False):
        years.append(HistoryYear(after, f"Carried forward from {before.financial_year}",
                                 tuple(changes(before, after))))
    return PriorityHistory(tuple(years), _ended(db, chain))


def _ended(db: Database, chain: list[Priority]) -> str | None:
    retired = next((p for p in chain if p.status == "retired"), None)
    if retired is not None:
        return f"Retired in {retired.financial_year}"
    last = chain[-1].financial_year
    later = [y for y in financial_years(db) if y > last]
    if later:
        return f"Not carried into {next_financial_year(last)}"
    return None


def changes(before: Priority, after: Priority) -> list[Change]:
    """What differs between two years of one priority."""
    found = [Change(label, getattr(before, name), getattr(after, name),
                    word_diff(getattr(before, name), getattr(after, name)))
             for name, label in TEXT_FIELDS
             if (getattr(before, name) or "") != (getattr(after, name) or "")]
    for label, old, new in (
            ("Status", before.status, after.status),
            ("Why a priority", before.basis, after.basis),
            ("Police and Crime Plan", pcp_sentence(before.pcp_coverage, before.pcp_heading),
             pcp_sentence(after.pcp_coverage, after.pcp_heading)),
            ("Districts", ", ".join(before.districts), ", ".join(after.districts)),
            ("Lead", _lead(before), _lead(after))):
        if old != new:
            found.append(Change(label, old or None, new or None))
    return found


def _lead(p: Priority) -> str:
    return ", ".join(x for x in (p.lead_officer, p.lead_organisation) if x)
