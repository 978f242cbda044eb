"""Retention: how long each kind of personal record is kept, what is past it, and
anonymising it on the officer's confirmation.

* people who have left (inactive, no membership or mark within the period): their record
  is anonymised as by erasure ("Former member 12"), kept with its organisation;
* attendance marks older than the period: the reason given with apologies is removed (the
  mark stays, so attendance figures by organisation are exactly as they were);
* action updates older than the period: the author and every name, email and phone in the
  text are removed (the update's date and what was done stay).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from cspdesk import audit
from cspdesk.errors import InputError, stop_if_cancelled
from cspdesk.privacy.erasure import Cancel, Progress, clean_free_pages, scrub_person
from cspdesk.privacy.redaction import REMOVED, known_people, pattern_for
from cspdesk.store.connection import Database
from cspdesk.store.settings import get_setting, set_setting

FORMER = "Former member"


@dataclass(frozen=True)
class Rule:
    key: str
    label: str


RULES = (Rule("retention_people_left_years", "People who have left"),
         Rule("retention_attendance_years", "Attendance marks (reasons for apologies)"),
         Rule("retention_action_updates_years", "Action updates (authors and names)"))


@dataclass(frozen=True)
class Due:
    rule: Rule
    years: int
    cutoff: str  # ISO date: records before it are past retention
    ids: tuple[int, ...]

    @property
    def words(self) -> str:
        return (f"{self.rule.label}: {len(self.ids):,} past {self.years} "
                f"year{'s' if self.years != 1 else ''}")


def years_kept(db: Database, rule: Rule) -> int | None:
    text = get_setting(db, rule.key).strip()
    return int(text) if text else None


def set_years_kept(db: Database, rule: Rule, years: int | None) -> None:
    if years is not None and (isinstance(years, bool) or not 1 <= years <= 100):
        raise InputError(f"Keep {rule.label.lower()} for a whole number of years from 1 to "
                         "100, or leave it empty to keep them for ever.", field=rule.key)
    set_setting(db, rule.key, "" if years is None else str(years))


_PEOPLE_LEFT = """
SELECT p.id FROM people p WHERE p.active = 0 AND p.name NOT LIKE 'Former member %'
  AND p.name NOT LIKE 'Erased person %'
  AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id
                  AND (m.end_date IS NULL OR m.end_date >= :cutoff))
  AND NOT EXISTS (SELECT 1 FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id
                  WHERE (a.person_id = p.id OR a.substitute_id = p.id) AND mt.date >= :cutoff)
ORDER BY p.id"""
_OLD_REASONS = """
SELECT a.id FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id
WHERE mt.date < :cutoff AND a.reason IS NOT NULL ORDER BY a.id"""
_OLD_UPDATES = """
SELECT id FROM action_updates WHERE date < :cutoff ORDER BY id"""
_QUERIES = dict(zip((r.key for r in RULES), (_PEOPLE_LEFT, _OLD_REASONS, _OLD_UPDATES),
                    strict=True))


def past_retention(db: Database, today: dt.date | None = None) -> list[Due]:
    """What each rule finds past its period today (rules kept for ever find nothing)."""
    today = today or dt.date.today()
    found = []
    for rule in RULES:
        years = years_kept(db, rule)
        if years is None:
            continue
        cutoff = _years_before(today, years).isoformat()
        ids = tuple(r[0] for r in db.execute(_QUERIES[rule.key], {"cutoff": cutoff}))
        if rule.key == "retention_action_updates_years":
            ids = _still_personal(db, ids)
        found.append(Due(rule, years, cutoff, ids))
    return found


def _still_personal(db: Database, ids: tuple[int, ...]) -> tuple[int, ...]:
    """The updates that still say who: an author, or a known person named in the text (an
    update anonymised already has neither, so it is not listed again)."""
    pattern = pattern_for(known_people(db))
    wanted = set(ids)
    return tuple(
        update_id for update_id, author, text
        in db.execute("SELECT id, author, text FROM action_updates ORDER BY id")
        if update_id in wanted
        and (author is not None or (pattern is not None and pattern.search(text or ""))))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def anonymise(db: Database, due: list[Due], progress: Progress = None,
              cancelled: Cancel = None) -> int:
    """Anonymise everything listed (``anonymise_records``), then clean the file's free
    pages; returns how many records were anonymised."""
    done = anonymise_records(db, due, progress, cancelled)
    clean_free_pages(db)
    return done


def anonymise_records(db: Database, due: list[Due], progress: Progress = None,
                      cancelled: Cancel = None) -> int:
    """Anonymise everything listed in one transaction, reporting ``progress(done, total)``
    a person at a time; Cancel before the commit leaves every record as it was."""
    done, total = 0, sum(len(item.ids) for item in due)
    with db.atomic():
        for item in due:
            if item.rule.key == "retention_people_left_years":
                for person_id in item.ids:
                    scrub_person(db, person_id, f"{FORMER} {person_id}", cancelled=cancelled)
                    done += 1
                    if progress is not None:
                        progress(done, total)
            elif item.rule.key == "retention_attendance_years":
                stop_if_cancelled(cancelled)
                _clear_reasons(db, item.ids, item.cutoff)
                done += len(item.ids)
            else:
                stop_if_cancelled(cancelled)
                _clean_updates(db, item.ids)
                done += len(item.ids)
            if item.ids:
                audit.record_entry(db, "database", None, "anonymised",
                                   {item.rule.label: len(item.ids), "before": item.cutoff},
                                   way="retention")
        stop_if_cancelled(cancelled)
    return done


def _clear_reasons(db: Database, ids: tuple[int, ...], cutoff: str) -> None:
    """The reasons off the marks, and off the register entries of every meeting before the
    cutoff in the audit log ('apologies (on leave)' becomes 'apologies')."""
    db.conn.executemany("UPDATE attendance SET reason = NULL WHERE id = ?",
                        [[i] for i in ids])
    meetings = [r[0] for r in db.execute("SELECT id FROM meetings WHERE date < ?", [cutoff])]
    audit.rewrite_entries(db, _json_rewriter(lambda key, value: _REASON.sub(r"\1", value)
                                             if key.startswith("person ") else value),
                          kind="meetings", record_ids=meetings)


# 'apologies (reason)', and after it ', substitute person 12' when there is one.
_REASON = re.compile(r"^(apologies) \(.*\)(?=(?:, substitute person \d+)?$)", re.DOTALL)


def _clean_updates(db: Database, ids: tuple[int, ...]) -> None:
    """Each update's author and the names in its text gone, from the update and from its
    entries in the audit log."""
    pattern = pattern_for(known_people(db))
    wanted = set(ids)
    rows = [(pattern.sub(REMOVED, text) if pattern else text, update_id)
            for update_id, text in db.execute("SELECT id, text FROM action_updates")
            if update_id in wanted]
    db.conn.executemany("UPDATE action_updates SET author = NULL, text = ? WHERE id = ?", rows)

    def clean(key: str, value: str) -> str:
        if key == "author":
            return REMOVED
        return pattern.sub(REMOVED, value) if pattern else value
    audit.rewrite_entries(db, _json_rewriter(clean), kind="action_updates", record_ids=wanted)


def _json_rewriter(change: Callable[[str, str], str]) -> Callable[[str], str]:
    """A rewrite of an entry's changes (JSON: field -> [old, new]) applying ``change(field,
    value)`` to each value that is text."""
    def rewrite(text: str) -> str:
        changes = json.loads(text)
        new = {key: [change(key, v) if isinstance(v, str) else v for v in pair]
               if isinstance(pair, list) else pair for key, pair in changes.items()}
        return text if new == changes else json.dumps(new, ensure_ascii=False)
    return rewrite
