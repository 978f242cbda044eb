"""Funded programmes (Safer Streets) and action plans, with their actions and progress updates.

A review's action plan is a programme of kind 'action plan': it has no money. Saves take a
dict keyed like the table's columns, except money, which is given in pounds (a number or
text such as "£1,250.50") under ``award``, ``match_funding`` and ``budget``. Bad input raises
``InputError`` naming its field before anything is written; each save is one transaction.
Actions and their progress updates are saved by ``cspdesk.programmes.actions``; spend per
quarter and the money checks are in ``cspdesk.programmes.spend``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from cspdesk import audit
from cspdesk.dates import financial_quarter_of, format_date
from cspdesk.errors import InputError
from cspdesk.money import format_pounds
from cspdesk.programmes.rag import RagResult, rag_for
from cspdesk.programmes.values import (
    YearLimit,
    parse_year_limits,
    stored_pounds,
    text_lines,
)
from cspdesk.records import (
    choice,
    clean_text,
    date_value,
    merged_values,
    required_text,
    save_row,
)
from cspdesk.store.connection import Database
from cspdesk.store.settings import get_setting

KINDS = ("funded", "action plan")
STATUSES = ("not started", "in progress", "complete", "cancelled")
INTERVENTIONS = ("CCTV", "lighting", "gating", "target hardening", "guardianship and wardens",
                 "education and awareness", "night of action", "environmental", "other")
_PROGRAMME_COLUMNS = ("name", "kind", "funder", "round", "award", "match_funding",
                      "start_date", "end_date", "themes", "areas", "notes", "year_limits")


@dataclass(frozen=True)
class Programme:
    id: int
    name: str
    kind: str
    funder: str | None
    award_pence: int | None
    start_date: str | None
    end_date: str | None
    themes: list[str]
    areas: list[str]
    spent_pence: int
    actions: int
    complete: int
    round: str | None = None
    match_funding_pence: int | None = None
    notes: str | None = None
    budget_pence: int = 0  # the actions' budgets added up
    year_limits: list[YearLimit] = field(default_factory=list)


@dataclass(frozen=True)
class ActionRow:
    id: int
    programme_id: int
    position: int
    title: str
    theme: str | None
    heading: str | None
    intervention: str | None
    location: str | None
    district_id: int | None
    district: str | None
    owner_organisation_id: int | None
    owner: str | None  # the owner organisation's short name, or its name
    owner_officer: str | None
    status: str
    planned_start: str | None
    planned_end: str | None
    completed_on: str | None
    budget_pence: int | None
    spent_pence: int  # spend recorded in quarters begun by the "as at" day
    output_count: int | None
    output_unit: str | None
    evidence: str | None
    rag_override: str | None
    rag_override_reason: str | None
    priority_id: int | None
    priority: str | None
    latest_update: str | None
    latest_update_date: str | None
    rag: RagResult

    @property
    def output(self) -> str:
        """'4 CCTV cameras replaced', or what there is of it."""
        count = "" if self.output_count is None else f"{self.output_count:,}"
        return f"{count} {self.output_unit or ''}".strip()


@dataclass(frozen=True)
class ActionUpdate:
    id: int
    action_id: int
    date: str
    text: str
    author: str | None


# The columns of the queries below, in the order of each dataclass's fields.
_FIELDS = {cls: [f.name for f in fields(cls)] for cls in (Programme, ActionRow)}


# Reading ---------------------------------------------------------------------------------

_PROGRAMME_SQL = """
    SELECT p.id, p.name, p.kind, p.funder, p.award_pence, p.start_date, p.end_date,
           p.themes, p.areas,
           (SELECT COALESCE(SUM(s.amount_pence), 0) FROM action_spend s
              JOIN actions a ON a.id = s.action_id WHERE a.programme_id = p.id),
           (SELECT COUNT(*) FROM actions a WHERE a.programme_id = p.id),
           (SELECT COUNT(*) FROM actions a WHERE a.programme_id = p.id
              AND a.status = 'complete'),
           p.round, p.match_funding_pence, p.notes,
           (SELECT COALESCE(SUM(a.budget_pence), 0) FROM actions a
              WHERE a.programme_id = p.id)
    FROM programmes p"""


def _programme(db: Database, row: Sequence[Any]) -> Programme:
    values = list(row)
    values[7] = json.loads(values[7]) if values[7] else []
    values[8] = json.loads(values[8]) if values[8] else []
    limits = [YearLimit(*r) for r in db.execute(
        "SELECT financial_year, limit_pence, spend_by FROM programme_year_limits "
        "WHERE programme_id = ? ORDER BY financial_year", [values[0]])]
    return Programme(**dict(zip(_FIELDS[Programme], values, strict=False)), year_limits=limits)


def list_programmes(db: Database) -> list[Programme]:
    """Funded programmes (newest first), then action plans, each with its totals."""
    rows = db.execute(_PROGRAMME_SQL + " ORDER BY p.kind = 'action plan', p.start_date DESC, "
                      "p.name").fetchall()
    return [_programme(db, row) for row in rows]


def get_programme(db: Database, programme_id: int) -> Programme:
    """One programme with its totals and year limits; InputError when there is none."""
    row = db.execute(_PROGRAMME_SQL + " WHERE p.id = ?", [programme_id]).fetchone()
    if row is None:
        raise InputError(f"There is no programme number {programme_id} (it may have been "
                         "deleted).", field="programme_id")
    return _programme(db, row)


def find_programme(db: Database, name: str) -> Programme:
    """The programme with this name (case ignored), or InputError listing the names there are."""
    programmes = list_programmes(db)
    for programme in programmes:
        if programme.name.casefold() == name.strip().casefold():
            return programme
    known = "; ".join(p.name for p in programmes) or "none has been recorded yet"
    raise InputError(f"There is no programme called '{name}'; the programmes are: {known}.",
                     field="programme")


_ACTION_SQL = """
    SELECT a.id, a.programme_id, a.position, a.title, a.theme, a.heading, a.intervention,
           a.location, a.district_id, ar.name, a.owner_organisation_id,
           COALESCE(o.short_name, o.name), a.owner_officer, a.status, a.planned_start,
           a.planned_end, a.completed_on, a.budget_pence,
           (SELECT COALESCE(SUM(amount_pence), 0) FROM action_spend
              WHERE action_id = a.id AND quarter <= :quarter),
           a.output_count, a.output_unit, a.evidence, a.rag_override, a.rag_override_reason,
           a.priority_id, pr.title,
           (SELECT text FROM action_updates WHERE action_id = a.id
              ORDER BY date DESC, id DESC LIMIT 1),
           (SELECT date FROM action_updates WHERE action_id = a.id
              ORDER BY date DESC, id DESC LIMIT 1)
    FROM actions a
    LEFT JOIN areas ar ON ar.id = a.district_id
    LEFT JOIN organisations o ON o.id = a.owner_organisation_id
    LEFT JOIN priorities pr ON pr.id = a.priority_id"""


def list_actions(db: Database, programme_id: int, district_id: int | None = None,
                 priority_id: int | None = None, as_at: dt.date | None = None) -> list[ActionRow]:
    """A programme's actions in order, each with its RAG status on ``as_at`` (today by default).

    ``district_id`` or ``priority_id`` keeps only the actions with it; 0 keeps those with
    none (joint actions; actions linked to no priority). Spend counts the quarters begun by
    ``as_at``."""
    day = as_at or dt.date.today()
    where, params = ["a.programme_id = :programme"], {"programme": programme_id,
                                                       "quarter": financial_quarter_of(day)}
    for column, wanted in (("district_id", district_id), ("priority_id", priority_id)):
        if wanted == 0:
            where.append(f"a.{column} IS NULL")
        elif wanted is not None:
            where.append(f"a.{column} = :{column}")
            params[column] = wanted
    rows = db.execute(_ACTION_SQL + f" WHERE {' AND '.join(where)} ORDER BY a.position, a.id",
                      params).fetchall()
    return [_action_row(row, day) for row in rows]


def _action_row(row: Sequence[Any], day: dt.date) -> ActionRow:
    values = dict(zip(_FIELDS[ActionRow], row, strict=False))
    partial = ActionRow(**values, rag=RagResult("green", ""))
    return replace(partial, rag=rag_for(partial, day))


def list_updates(db: Database, action_id: int) -> list[ActionUpdate]:
    """An action's progress updates, the newest first: the whole history, never overwritten."""
    rows = db.execute("SELECT id, action_id, date, text, author FROM action_updates "
                      "WHERE action_id = ? ORDER BY date DESC, id DESC", [action_id])
    return [ActionUpdate(*row) for row in rows.fetchall()]


def default_as_at(db: Database, programme_id: int, today: dt.date) -> dt.date:
    """The day a programme is shown as at when the officer has chosen none: the day of its
    latest progress update (when its record was last brought up to date, so its open
    actions are judged on what was known then, not all overdue since), else ``today``;
    never after ``today``."""
    row = db.execute("SELECT MAX(u.date) FROM action_updates u JOIN actions a ON "
                     "a.id = u.action_id WHERE a.programme_id = ?", [programme_id]).fetchone()
    latest = dt.date.fromisoformat(row[0]) if row and row[0] else today
    return min(latest, today)


def district_choices(db: Database, keep: Sequence[int] = ()) -> list[tuple[str, int]]:
    """(name, id) of the districts an action can be in: those of the partnership's home area
    (setting 'home_area') when it has any, else every district; ``keep`` adds these ids."""
    home = get_setting(db, "home_area")
    rows = db.execute(
        """SELECT d.name, d.id FROM areas d LEFT JOIN areas p ON p.id = d.parent_id
           WHERE d.level = 'district' AND (p.name = :home OR d.id IN (SELECT value FROM
                 json_each(:keep)) OR NOT EXISTS (SELECT 1 FROM areas c JOIN areas h
                 ON h.id = c.parent_id WHERE c.level = 'district' AND h.name = :home))
           ORDER BY d.position, d.name""", {"home": home, "keep": json.dumps(list(keep))})
    return [(name, area_id) for name, area_id in rows.fetchall()]


def priority_choices(db: Database) -> list[tuple[str, int]]:
    """('2023/24: Burglary', id) of every priority, the newest year first."""
    rows = db.execute("SELECT financial_year || ': ' || title, id FROM priorities "
                      "ORDER BY financial_year DESC, position, title").fetchall()
    return [(text, priority_id) for text, priority_id in rows]


def organisation_choices(db: Database) -> list[tuple[str, int]]:
    """(short name or name, id) of every organisation, for an action's owner."""
    rows = db.execute("SELECT COALESCE(short_name, name), id FROM organisations "
                      "ORDER BY COALESCE(short_name, name) COLLATE NOCASE").fetchall()
    return [(text, org_id) for text, org_id in rows]


def headings(db: Database, programme_id: int) -> list[str]:
    """The action-plan headings already used in a programme, in the order they first appear."""
    rows = db.execute("SELECT heading FROM actions WHERE programme_id = ? AND heading IS NOT "
                      "NULL GROUP BY heading ORDER BY MIN(position)", [programme_id])
    return [row[0] for row in rows.fetchall()]


# Saving ----------------------------------------------------------------------------------


def save_programme(db: Database, values: Mapping[str, Any],
                   programme_id: int | None = None) -> int:
    """Add (or update) a programme and its year limits; returns its id.

    Needs a unique name; refuses an end before the start, a negative award, money on an
    action plan, and a year limit that is not a financial year, is negative, is above the
    award or whose spend-by date falls outside its year. The year limits given replace
    the stored ones."""
    with db.atomic():
        v = merged_values(db, "programmes", _programme_values(db, values, programme_id),
                          programme_id, "programme", (*_PROGRAMME_COLUMNS, "award_pence",
                                                       "match_funding_pence"))
        row = _programme_row(v)
        _refuse_same_name(db, row["name"], programme_id)
        limits = parse_year_limits(v.get("year_limits"))
        _check_limits(row, limits)
        programme_id = save_row(db, "programmes", row, programme_id)
        _audit_limits(db, programme_id, limits)
        db.execute("DELETE FROM programme_year_limits WHERE programme_id = ?", [programme_id])
        for limit in limits:
            db.execute("INSERT INTO programme_year_limits (programme_id, financial_year, "
                       "spend_by, limit_pence) VALUES (?, ?, ?, ?)",
                       [programme_id, limit.financial_year, limit.spend_by, limit.limit_pence])
        return programme_id


def _audit_limits(db: Database, programme_id: int, limits: Sequence[YearLimit]) -> None:
    """The year limits that changed, in an entry on the programme: 'limit 2023/24' as
    '£40,000.00, spend by 31/03/2024'."""
    def words(pence: int, spend_by: str | None) -> str:
        return format_pounds(pence) + (f", spend by {format_date(spend_by)}" if spend_by else "")
    before = {f"limit {year}": words(pence, by) for year, pence, by in db.execute(
        "SELECT financial_year, limit_pence, spend_by FROM programme_year_limits "
        "WHERE programme_id = ?", [programme_id])}
    after = {f"limit {x.financial_year}": words(x.limit_pence, x.spend_by) for x in limits}
    audit.record_cells(db, "programmes", programme_id, "changed", before, after)


def _programme_values(db: Database, values: Mapping[str, Any],
                      programme_id: int | None) -> dict[str, Any]:
    """The values given; on an update, the stored themes, areas and year limits (as lists)
    where none are given."""
    v = dict(values)
    if programme_id is not None:
        stored = get_programme(db, programme_id)
        v.setdefault("themes", stored.themes)
        v.setdefault("areas", stored.areas)
        v.setdefault("year_limits", stored.year_limits)
    return v


def _programme_row(v: Mapping[str, Any]) -> dict[str, Any]:
    kind = choice(v, "kind", KINDS, "kind of programme") or "funded"
    award = stored_pounds(v, "award", "award_pence", "award")
    match = stored_pounds(v, "match_funding", "match_funding_pence", "match funding")
    if kind == "action plan":
        for key, amount in (("award", award), ("match_funding", match)):
            if amount:
                raise InputError("An action plan has no money: clear this amount or make "
                                 "it a funded programme.", field=key)
        award = match = None
    row: dict[str, Any] = {
        "name": required_text(v, "name", "the programme's name"), "kind": kind,
        "funder": clean_text(v.get("funder")), "round": clean_text(v.get("round")),
        "award_pence": award, "match_funding_pence": match,
        "start_date": date_value(v, "start_date", "start date"),
        "end_date": date_value(v, "end_date", "end date"),
        "themes": json.dumps(text_lines(v.get("themes"))),
        "areas": json.dumps(text_lines(v.get("areas"))), "notes": clean_text(v.get("notes"))}
    if row["start_date"] and row["end_date"] and row["end_date"] < row["start_date"]:
        raise InputError("The programme cannot end before it starts: the end date is "
                         "before the start date.", field="end_date")
    return row


def _check_limits(row: Mapping[str, Any], limits: Sequence[YearLimit]) -> None:
    if limits and row["kind"] == "action plan":
        raise InputError("An action plan has no money, so no spending limits by year; "
                         "clear them or make it a funded programme.", field="year_limits")
    award = row["award_pence"]
    for limit in limits:
        if award is not None and limit.limit_pence > award:
            raise InputError(f"The limit for {limit.financial_year} is more than the whole "
                             "award.", field="year_limits")


def _refuse_same_name(db: Database, name: str, own_id: int | None) -> None:
    found = db.execute("SELECT name FROM programmes WHERE name = ? COLLATE NOCASE AND "
                       "id IS NOT ?", [name, own_id]).fetchone()
    if found is not None:
        raise InputError(f"There is already a programme called '{found[0]}'; choose "
                         "another name.", field="name")
