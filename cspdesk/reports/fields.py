"""The committee report's fields the officer fills in once: remembered in the database.

The report summary table (report to, meeting date, director lead, lead officer, title,
purpose, recommendations, reason for recommendation), the report's financial year, the areas
its performance tables show, the implications paragraphs and the background papers. They
are kept as one JSON business setting (``committee_report``); a field never filled takes
its default, worded from the partnership's name.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from cspdesk.dates import financial_year_of, parse_financial_year
from cspdesk.errors import InputError
from cspdesk.performance.totals import Area, area_tree
from cspdesk.records import date_value
from cspdesk.store.connection import Database
from cspdesk.store.settings import get_setting, set_setting

SETTING = "committee_report"

# The implications a council report considers, in its order: (key, the report's words).
IMPLICATIONS = (
    ("data_protection", "Data Protection"),
    ("digital", "Digital and Cyber Security"),
    ("equality", "Equality and Diversity"),
    ("financial", "Financial"),
    ("human_resources", "Human Resources"),
    ("human_rights", "Human Rights"),
    ("legal", "Legal"),
    ("safeguarding", "Safeguarding"),
    ("sustainability", "Sustainability"),
)
IMPLICATION_KEYS = tuple(key for key, _ in IMPLICATIONS)
TEXT_FIELDS = ("report_to", "director_lead", "lead_officer", "title", "purpose",
               "recommendations", "reason", "financial_reference")


@dataclass(frozen=True)
class ReportFields:
    financial_year: str  # the report's year, '2023/24'; performance shows the year before
    report_to: str = ""
    meeting_date: str | None = None  # ISO
    director_lead: str = ""
    lead_officer: str = ""
    title: str = ""
    purpose: str = ""
    recommendations: str = ""
    reason: str = ""
    areas: tuple[str, ...] = ()  # area names, in the order the tables show them
    implications: dict[str, str] = field(default_factory=dict)  # key -> text; "" is none
    financial_reference: str = ""  # such as FIN23-24/1539
    background_papers: tuple[str, ...] = ()

    def implication(self, key: str) -> str:
        return self.implications.get(key, "").strip()


def default_fields(db: Database, today: dt.date | None = None) -> ReportFields:
    """The fields of a report never drafted before, worded from the partnership's name."""
    name = get_setting(db, "partnership_name") or "Community Safety Partnership"
    return ReportFields(
        financial_year=financial_year_of(today or dt.date.today()),
        title=f"{name} Progress and Performance Update and Review of Priorities.",
        purpose=f"To provide an update on the work undertaken by the {name}. The report will "
                "set out the current performance and explain the choice of priorities for "
                "the current year.",
        recommendations="That the committee review Community Safety Partnership performance "
                        "and priorities.",
        reason="To ensure that the Community Safety Partnership is addressing the right "
               "priorities in the right way.",
        areas=tuple(a.name for a in default_areas(db)))


def default_areas(db: Database) -> list[Area]:
    """The areas a report shows unless told: the force, the county, the partnership's home
    area and its districts (the force and county alone when no home area is set)."""
    tree = area_tree(db)
    home = next((a for a in tree if a.name == get_setting(db, "home_area")), None)
    chosen = [a for a in tree if a.level in ("force", "county")]
    if home is not None:
        chosen += [home] + [a for a in tree if a.parent_id == home.id]
    return [a for a in tree if a in chosen]


def load_fields(db: Database) -> ReportFields:
    """The remembered fields, each laid over its default; a stored value that no longer
    makes sense (an area since deleted) is dropped rather than refused."""
    defaults = default_fields(db)
    stored = _stored(db)
    known = {a.name for a in area_tree(db)}
    if "areas" in stored:
        stored["areas"] = [a for a in stored["areas"] if a in known]
    try:
        return checked_fields(db, stored, defaults)
    except InputError:
        return defaults


def _stored(db: Database) -> dict[str, Any]:
    text = get_setting(db, SETTING)
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def checked_fields(db: Database, values: Mapping[str, Any],
                   base: ReportFields | None = None) -> ReportFields:
    """``values`` (keyed like ReportFields; a date as dd/mm/yyyy or ISO) laid over ``base``
    (the remembered fields by default) and checked: InputError naming the field for a year
    not written like 2023/24, a date that is not one, or an area the database does not
    have."""
    base = base or load_fields(db)
    unknown = set(values) - set(asdict(base))
    if unknown:
        raise ValueError(f"a committee report has no field(s) {', '.join(sorted(unknown))}")
    merged = {**asdict(base), **values}
    known = {a.name for a in area_tree(db)}
    areas = tuple(str(a) for a in merged["areas"] or ())
    missing = [a for a in areas if a not in known]
    if missing:
        raise InputError(f"There is no area called '{missing[0]}'; choose the areas from the "
                         "area tree.", field="areas")
    implications = {key: str(text or "").strip()
                    for key, text in dict(merged["implications"] or {}).items()
                    if key in IMPLICATION_KEYS}
    return replace(
        base, financial_year=parse_financial_year(merged["financial_year"], "financial_year"),
        meeting_date=date_value(merged, "meeting_date", "meeting date"), areas=areas,
        implications=implications,
        background_papers=tuple(p.strip() for p in merged["background_papers"] or ()
                                if str(p).strip()),
        **{name: str(merged[name] or "").strip() for name in TEXT_FIELDS})


def save_fields(db: Database, values: Mapping[str, Any]) -> ReportFields:
    """Check ``values`` as ``checked_fields`` does and remember the result."""
    fields = checked_fields(db, values)
    stored = asdict(fields)
    stored["areas"], stored["background_papers"] = list(fields.areas), list(
        fields.background_papers)
    set_setting(db, SETTING, json.dumps(stored, ensure_ascii=False))
    return fields
