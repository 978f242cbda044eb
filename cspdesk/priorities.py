"""The priority register: the partnership's priorities for each financial year."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database


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
    lead_organisation: str | None
    lead_officer: str | None
    status: str
    agreed_meeting: str | None
    review_date: str | None
    basis: str
    notes: str | None


def financial_years(db: Database) -> list[str]:
    """Years that have a register, newest first."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT financial_year FROM priorities ORDER BY financial_year DESC")]


def list_priorities(db: Database, financial_year: str) -> list[Priority]:
    rows = db.execute(
        """SELECT p.id, p.financial_year, p.position, p.title, p.evidence, p.current_structure,
                  p.local_concerns, p.pcp_coverage, p.pcp_heading, p.districts, o.name,
                  p.lead_officer, p.status,
                  CASE WHEN m.id IS NULL THEN NULL ELSE g.short_name || ' ' || m.date END,
                  p.review_date, p.basis, p.notes
           FROM priorities p
           LEFT JOIN organisations o ON o.id = p.lead_organisation_id
           LEFT JOIN meetings m ON m.id = p.agreed_meeting_id
           LEFT JOIN groups g ON g.id = m.group_id
           WHERE p.financial_year = ? ORDER BY p.position, p.id""",
        [financial_year],
    ).fetchall()
    result = []
    for row in rows:
        values = list(row)
        values[9] = json.loads(values[9]) if values[9] else []
        result.append(Priority(*values))
    return result
