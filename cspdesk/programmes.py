"""Funded programmes (Safer Streets) and action plans, with their actions and spend."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database


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


@dataclass(frozen=True)
class ActionRow:
    id: int
    position: int
    title: str
    theme: str | None
    heading: str | None
    intervention: str | None
    district: str | None
    owner: str | None
    status: str
    planned_end: str | None
    budget_pence: int | None
    spent_pence: int
    latest_update: str | None


def list_programmes(db: Database) -> list[Programme]:
    rows = db.execute(
        """SELECT p.id, p.name, p.kind, p.funder, p.award_pence, p.start_date, p.end_date,
                  p.themes, p.areas,
                  (SELECT COALESCE(SUM(s.amount_pence), 0) FROM action_spend s
                     JOIN actions a ON a.id = s.action_id WHERE a.programme_id = p.id),
                  (SELECT COUNT(*) FROM actions a WHERE a.programme_id = p.id),
                  (SELECT COUNT(*) FROM actions a
                     WHERE a.programme_id = p.id AND a.status = 'complete')
           FROM programmes p ORDER BY p.kind = 'action plan', p.start_date DESC, p.name"""
    ).fetchall()
    result = []
    for row in rows:
        values = list(row)
        values[7] = json.loads(values[7]) if values[7] else []
        values[8] = json.loads(values[8]) if values[8] else []
        result.append(Programme(*values))
    return result


def list_actions(db: Database, programme_id: int) -> list[ActionRow]:
    rows = db.execute(
        """SELECT a.id, a.position, a.title, a.theme, a.heading, a.intervention, ar.name,
                  COALESCE(o.short_name, o.name), a.status, a.planned_end, a.budget_pence,
                  (SELECT COALESCE(SUM(amount_pence), 0) FROM action_spend
                     WHERE action_id = a.id),
                  (SELECT text FROM action_updates WHERE action_id = a.id
                     ORDER BY date DESC, id DESC LIMIT 1)
           FROM actions a
           LEFT JOIN areas ar ON ar.id = a.district_id
           LEFT JOIN organisations o ON o.id = a.owner_organisation_id
           WHERE a.programme_id = ? ORDER BY a.position, a.id""",
        [programme_id],
    ).fetchall()
    return [ActionRow(*row) for row in rows]
