"""What a priority is linked to: the performance measures that track it, with their latest
change against last year, and the Safer Streets actions that deliver it (read-only here).

The figure is the partnership's home area (setting 'home_area'), over the latest financial
year held: to date when it is not complete (April to the latest month, against the same
months a year before), else the whole year against the year before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cspdesk.dates import financial_year_months, financial_year_of, previous_financial_year
from cspdesk.performance.totals import area_totals, percent_change
from cspdesk.store.connection import Database
from cspdesk.store.settings import get_setting


@dataclass(frozen=True)
class Period:
    months: tuple[str, ...]  # 'YYYY-MM'
    previous: tuple[str, ...]  # the same months a year before
    label: str  # '2022/23 against 2021/22'


@dataclass(frozen=True)
class MeasureChange:
    measure_id: int
    measure: str
    area: str | None  # the home area's name; None when not set
    period: Period | None
    count: int | None
    previous: int | None
    note: str | None = None  # why there is no figure

    @property
    def change_pct(self) -> float | None:
        return percent_change(self.count, self.previous)

    @property
    def change_text(self) -> str:
        """'-5%' or '+12%', rounded as the monthly report rounds; empty when unknown."""
        pct = self.change_pct
        return "" if pct is None else f"{pct:+.0f}%"


@dataclass(frozen=True)
class LinkedAction:
    id: int
    programme: str
    position: int
    title: str
    status: str
    planned_end: str | None
    owner: str | None


def measure_choices(db: Database) -> list[tuple[int, str]]:
    """(id, name) of every measure, in the Performance tab's order."""
    return [(r[0], r[1]) for r in db.execute("SELECT id, name FROM measures "
                                             "ORDER BY position, id")]


def latest_period(db: Database, measure_id: int) -> Period | None:
    """The latest financial year (to date, or complete) holding counts of the measure."""
    row = db.execute("SELECT MAX(month) FROM monthly_counts WHERE measure_id = ?",
                     [measure_id]).fetchone()
    if row is None or row[0] is None:
        return None
    latest = row[0]
    year = financial_year_of(latest)
    months = financial_year_months(year)
    months = months[: months.index(latest) + 1]
    previous = [f"{int(m[:4]) - 1}{m[4:]}" for m in months]
    earlier = previous_financial_year(year)
    if len(months) == 12:
        label = f"{year} against {earlier}"
    else:
        last = dt.date(int(latest[:4]), int(latest[5:7]), 1).strftime("%B %Y")
        label = (f"{year} to date (April to {last}) against the same months of {earlier}"
                 if len(months) > 1 else f"April {latest[:4]} against April {int(latest[:4]) - 1}")
    return Period(tuple(months), tuple(previous), label)


def measure_changes(db: Database, priority_id: int) -> list[MeasureChange]:
    """Each measure linked to the priority, with its latest change in the home area."""
    home = get_setting(db, "home_area") or None
    area = db.execute("SELECT id FROM areas WHERE name = ?", [home]).fetchone() if home else None
    rows = db.execute("SELECT m.id, m.name FROM priority_measures pm "
                      "JOIN measures m ON m.id = pm.measure_id WHERE pm.priority_id = ? "
                      "ORDER BY m.position, m.id", [priority_id]).fetchall()
    return [_change(db, measure_id, name, home if area else None, area[0] if area else None)
            for measure_id, name in rows]


def _change(db: Database, measure_id: int, name: str, area: str | None,
            area_id: int | None) -> MeasureChange:
    if area_id is None:
        return MeasureChange(measure_id, name, None, None, None, None,
                             "no home area is set for the partnership, so there is no figure")
    period = latest_period(db, measure_id)
    if period is None:
        return MeasureChange(measure_id, name, area, None, None, None,
                             "no figures have been recorded for this measure")
    count = area_totals(db, name, list(period.months)).get(area_id)
    previous = area_totals(db, name, list(period.previous)).get(area_id)
    note = None
    if count is None or previous is None:
        note = f"some months of {period.label} are missing for {area}"
    elif not previous:
        note = "the year before was zero, so there is no % change"
    return MeasureChange(measure_id, name, area, period, count, previous, note)


def linked_actions(db: Database, priority_id: int) -> list[LinkedAction]:
    """The programme actions that deliver the priority (``actions.priority_id``)."""
    rows = db.execute(
        """SELECT a.id, p.name, a.position, a.title, a.status, a.planned_end,
                  COALESCE(a.owner_officer || ' (' || COALESCE(o.short_name, o.name) || ')',
                           a.owner_officer, o.short_name, o.name)
           FROM actions a JOIN programmes p ON p.id = a.programme_id
           LEFT JOIN organisations o ON o.id = a.owner_organisation_id
           WHERE a.priority_id = ? ORDER BY p.name, a.position, a.id""",
        [priority_id]).fetchall()
    return [LinkedAction(*row) for row in rows]
