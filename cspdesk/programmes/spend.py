"""A programme's money: spend per quarter, the checks against its award and year limits, the
forecast for each financial year and the figures of the programme dashboard.

Money cannot move between financial years: each year has its own limit and a date by which
it must be spent. The forecast for a year is the spend recorded in its quarters plus what
is left of the budget of every action not yet complete or cancelled that is planned to end
in that year. An action already past its planned end counts in the current year (it will be
finished now); once a year's spend-by date (or 31 March) has passed its forecast is simply
what was spent, and an unfinished action's remaining budget cannot count in it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cspdesk import audit
from cspdesk.dates import (
    financial_quarter_of,
    financial_year_bounds,
    financial_year_of,
    format_date,
    parse_financial_quarter,
    quarter_bounds,
    quarters_between,
    year_of_quarter,
)
from cspdesk.errors import InputError
from cspdesk.money import format_pounds, pounds_to_pence
from cspdesk.programmes.programmes import (
    STATUSES,
    ActionRow,
    Programme,
    get_programme,
    list_actions,
)
from cspdesk.programmes.rag import WORK_LEFT, spend_profile, status_on
from cspdesk.store.connection import Database


class NeedsConfirmation(InputError):
    """A save the user must confirm (``confirmed=True``) after reading the warnings."""

    def __init__(self, message: str, field: str | None, warnings: list[str]) -> None:
        super().__init__(message, field=field)
        self.warnings = warnings


@dataclass(frozen=True)
class SpendRow:
    quarter: str
    amount_pence: int


@dataclass(frozen=True)
class YearForecast:
    financial_year: str
    limit_pence: int
    spend_by: str | None
    spent_pence: int
    forecast_pence: int
    closed: bool  # the spend-by date (or the year's end) has passed
    warning: str | None

    @property
    def difference_pence(self) -> int:
        """Forecast minus limit: above 0 over the limit, below 0 money that would be lost."""
        return self.forecast_pence - self.limit_pence


@dataclass(frozen=True)
class MoneyLine:
    name: str
    budget_pence: int
    spent_pence: int


@dataclass(frozen=True)
class QuarterLine:
    quarter: str
    profile_pence: int  # the actions' budgets spread evenly over their planned dates
    spent_pence: int


@dataclass(frozen=True)
class Dashboard:
    programme: Programme
    as_at: dt.date
    actions: list[ActionRow]
    by_status: dict[str, int]
    by_rag: dict[str, int]
    by_theme: list[MoneyLine]
    by_quarter: list[QuarterLine]
    by_heading: list[tuple[str, dict[str, int]]]  # actions by status under each heading
    days_left: int | None  # to the programme's end; below 0 once it has ended
    overdue: list[ActionRow]
    years: list[YearForecast]
    budget_pence: int
    spent_pence: int
    warnings: list[str]


# Spend -----------------------------------------------------------------------------------


def list_spend(db: Database, action_id: int) -> list[SpendRow]:
    """An action's spend, quarter by quarter, in order."""
    rows = db.execute("SELECT quarter, amount_pence FROM action_spend WHERE action_id = ? "
                      "ORDER BY quarter", [action_id]).fetchall()
    return [SpendRow(*row) for row in rows]


def spend_in_quarter(db: Database, action_id: int, quarter: str) -> int:
    """What an action spent in one quarter, in pence (0 when nothing is recorded)."""
    row = db.execute("SELECT amount_pence FROM action_spend WHERE action_id = ? AND "
                     "quarter = ?", [action_id, quarter]).fetchone()
    return int(row[0]) if row else 0


def _programme_of(db: Database, action_id: int) -> Programme:
    row = db.execute("SELECT programme_id FROM actions WHERE id = ?", [action_id]).fetchone()
    if row is None:
        raise InputError(f"There is no action number {action_id} (it may have been deleted).")
    return get_programme(db, row[0])


def check_spend(db: Database, action_id: int, quarter: str, amount_pence: int) -> list[str]:
    """Warnings about setting an action's spend in ``quarter`` to ``amount_pence``: the
    programme above its award, the year above its limit, spend after the year's spend-by
    date or outside the programme's dates, the action above its budget. Empty when none."""
    programme = _programme_of(db, action_id)
    change = amount_pence - spend_in_quarter(db, action_id, quarter)
    warnings = []
    total = programme.spent_pence + change
    if programme.award_pence is not None and total > programme.award_pence:
        warnings.append(f"This brings the programme's spend to {format_pounds(total)}, "
                        f"{format_pounds(total - programme.award_pence)} above its award of "
                        f"{format_pounds(programme.award_pence)}.")
    warnings += _year_warnings(db, programme, quarter, change)
    start, end = quarter_bounds(quarter)
    if programme.end_date and start > dt.date.fromisoformat(programme.end_date):
        warnings.append(f"{quarter} begins after the programme ends "
                        f"({format_date(programme.end_date)}).")
    if programme.start_date and end < dt.date.fromisoformat(programme.start_date):
        warnings.append(f"{quarter} ends before the programme starts "
                        f"({format_date(programme.start_date)}).")
    budget, spent = db.execute("SELECT budget_pence, (SELECT COALESCE(SUM(amount_pence), 0) "
                               "FROM action_spend WHERE action_id = a.id) FROM actions a "
                               "WHERE id = ?", [action_id]).fetchone()
    if budget is not None and spent + change > budget:
        warnings.append(f"This action's spend becomes {format_pounds(spent + change)}, above "
                        f"its budget of {format_pounds(budget)} (it will show red).")
    return warnings


def _year_warnings(db: Database, programme: Programme, quarter: str, change: int) -> list[str]:
    year = year_of_quarter(quarter)
    limit = next((y for y in programme.year_limits if y.financial_year == year), None)
    if limit is None:
        return []
    warnings = []
    spent = _spent_by_year(db, programme.id).get(year, 0) + change
    if spent > limit.limit_pence:
        warnings.append(f"This brings spend in {year} to {format_pounds(spent)}, "
                        f"{format_pounds(spent - limit.limit_pence)} above the year's limit of "
                        f"{format_pounds(limit.limit_pence)}; money cannot move between "
                        "years.")
    if limit.spend_by and quarter_bounds(quarter)[0] > dt.date.fromisoformat(limit.spend_by):
        warnings.append(f"{quarter} begins after {year}'s money had to be spent "
                        f"(by {format_date(limit.spend_by)}).")
    return warnings


def _spent_by_year(db: Database, programme_id: int, up_to: str = "9999") -> dict[str, int]:
    rows = db.execute(
        "SELECT substr(s.quarter, 1, 7), SUM(s.amount_pence) FROM action_spend s JOIN actions a "
        "ON a.id = s.action_id WHERE a.programme_id = ? AND s.quarter <= ? GROUP BY 1",
        [programme_id, up_to]).fetchall()
    return {year: int(total) for year, total in rows}


def spend_warnings(db: Database, action_id: int, values: Mapping[str, Any]) -> list[str]:
    """The warnings of ``check_spend`` about a spend as the form holds it (``quarter``
    '2023/24 Q1', ``amount`` in pounds), so a form can show them as they change; InputError
    for values ``save_spend`` refuses."""
    quarter, amount = _spend_values(values)
    return check_spend(db, action_id, quarter, amount)


def confirmation_text(warnings: list[str]) -> str:
    """The warnings about a spend as one message asking for confirmation."""
    return " ".join(warnings) + " Save anyway to confirm."


def _spend_values(values: Mapping[str, Any]) -> tuple[str, int]:
    quarter = parse_financial_quarter(values.get("quarter"))
    amount = pounds_to_pence(values.get("amount"), "amount spent", "amount")
    if amount is None:
        raise InputError("Enter the amount spent in the quarter, in pounds.", field="amount")
    return quarter, amount


def save_spend(db: Database, action_id: int, values: Mapping[str, Any],
               confirmed: bool = False) -> None:
    """Set an action's spend in a quarter (``quarter`` '2023/24 Q1', ``amount`` in pounds; 0
    removes it). Refuses a quarter not written so, an amount that is missing or negative and
    spend on an action plan; raises ``NeedsConfirmation`` with the warnings of
    ``check_spend`` unless ``confirmed``."""
    quarter, amount = _spend_values(values)
    with db.atomic():
        if _programme_of(db, action_id).kind == "action plan":
            raise InputError("This action is in an action plan, which has no money; spend "
                             "cannot be recorded against it.", field="amount")
        warnings = check_spend(db, action_id, quarter, amount)
        if warnings and not confirmed:
            raise NeedsConfirmation(confirmation_text(warnings), "amount", warnings)
        old = db.execute("SELECT amount_pence FROM action_spend WHERE action_id = ? AND "
                         "quarter = ?", [action_id, quarter]).fetchone()
        audit.record_cells(db, "actions", action_id, "changed",
                           {f"spend {quarter}": format_pounds(old[0]) if old else None},
                           {f"spend {quarter}": format_pounds(amount) if amount else None})
        db.execute("DELETE FROM action_spend WHERE action_id = ? AND quarter = ?",
                   [action_id, quarter])
        if amount:
            db.execute("INSERT INTO action_spend (action_id, quarter, amount_pence) "
                       "VALUES (?, ?, ?)", [action_id, quarter, amount])


# Forecast by financial year --------------------------------------------------------------


def _closed(year: str, spend_by: str | None, as_at: dt.date) -> bool:
    last = dt.date.fromisoformat(spend_by) if spend_by else financial_year_bounds(year)[1]
    return as_at > last


def year_forecasts(db: Database, programme_id: int, as_at: dt.date | None = None,
                   actions: list[ActionRow] | None = None) -> list[YearForecast]:
    """Spend and forecast for each financial year with a limit (rule in the module's
    docstring), with a warning when the forecast is above or below the limit."""
    as_at = as_at or dt.date.today()
    programme = get_programme(db, programme_id)
    if actions is None:
        actions = list_actions(db, programme_id, as_at=as_at)
    closed = {y.financial_year: _closed(y.financial_year, y.spend_by, as_at)
              for y in programme.year_limits}
    spent = _spent_by_year(db, programme_id, financial_quarter_of(as_at))
    remaining: Counter[str] = Counter()
    for action in actions:
        if status_on(action, as_at) not in WORK_LEFT or not action.budget_pence:
            continue
        end = action.planned_end or programme.end_date or as_at.isoformat()
        year = financial_year_of(dt.date.fromisoformat(end))
        if closed.get(year, year < financial_year_of(as_at)):
            year = financial_year_of(as_at)
        if not closed.get(year, False):
            remaining[year] += max(action.budget_pence - action.spent_pence, 0)
    result = []
    for limit in programme.year_limits:
        year, done = limit.financial_year, spent.get(limit.financial_year, 0)
        forecast = done + (0 if closed[year] else remaining[year])
        result.append(YearForecast(year, limit.limit_pence, limit.spend_by, done, forecast,
                                   closed[year], _forecast_warning(limit.limit_pence,
                                   limit.spend_by, year, done, forecast, closed[year])))
    return result


def _forecast_warning(limit: int, spend_by: str | None, year: str, spent: int, forecast: int,
                      closed: bool) -> str | None:
    by = format_date(spend_by or financial_year_bounds(year)[1])
    gap = format_pounds(abs(forecast - limit))
    if forecast > limit:
        if closed:
            return (f"{year}: {format_pounds(spent)} was spent, {gap} above the limit of "
                    f"{format_pounds(limit)}.")
        return (f"{year}: the forecast of {format_pounds(forecast)} is {gap} above the limit "
                f"of {format_pounds(limit)}. Money cannot move between years: spend less in "
                f"{year} or agree a change with the funder.")
    if forecast < limit:
        if closed:
            return (f"{year}: {format_pounds(spent)} of the {format_pounds(limit)} limit was "
                    f"spent; the {gap} left was not spent by {by} and cannot move to "
                    "another year.")
        return (f"{year}: the forecast of {format_pounds(forecast)} is {gap} below the limit "
                f"of {format_pounds(limit)}; money not spent by {by} is lost (it cannot move "
                "to another year).")
    return None


# The dashboard ---------------------------------------------------------------------------


def programme_dashboard(db: Database, programme_id: int,
                        as_at: dt.date | None = None) -> Dashboard:
    """Everything the programme dashboard shows, worked out on ``as_at`` (today by default)."""
    as_at = as_at or dt.date.today()
    programme = get_programme(db, programme_id)
    actions = list_actions(db, programme_id, as_at=as_at)
    statuses = Counter(status_on(a, as_at) for a in actions)
    rags = Counter(a.rag.colour for a in actions)
    days_left = None
    if programme.end_date:
        days_left = (dt.date.fromisoformat(programme.end_date) - as_at).days
    years = year_forecasts(db, programme_id, as_at, actions)
    budget = sum(a.budget_pence or 0 for a in actions)
    spent = sum(a.spent_pence for a in actions)
    return Dashboard(
        programme, as_at, actions, {s: statuses.get(s, 0) for s in STATUSES},
        {c: rags.get(c, 0) for c in ("red", "amber", "green")}, _by_theme(actions),
        _by_quarter(db, programme, actions, as_at), _by_heading(actions, as_at), days_left,
        [a for a in actions if "overdue" in a.rag.rules], years, budget, spent,
        _warnings(programme, years, budget, spent))


def _warnings(programme: Programme, years: list[YearForecast], budget: int,
              spent: int) -> list[str]:
    warnings = [y.warning for y in years if y.warning]
    award = programme.award_pence
    if award is not None and budget > award:
        warnings.append(f"The actions' budgets add up to {format_pounds(budget)}, "
                        f"{format_pounds(budget - award)} more than the award of "
                        f"{format_pounds(award)}.")
    if award is not None and spent > award:
        warnings.append(f"Spend of {format_pounds(spent)} is above the award of "
                        f"{format_pounds(award)}.")
    return warnings


def _by_theme(actions: list[ActionRow]) -> list[MoneyLine]:
    budget: Counter[str] = Counter()
    spent: Counter[str] = Counter()
    for action in actions:
        if action.budget_pence is None and not action.spent_pence:
            continue
        name = action.theme or "No theme"
        budget[name] += action.budget_pence or 0
        spent[name] += action.spent_pence
    return [MoneyLine(name, budget[name], spent[name]) for name in budget]


def _by_heading(actions: list[ActionRow], as_at: dt.date) -> list[tuple[str, dict[str, int]]]:
    """Actions by status under each heading (or theme), in the order the headings appear."""
    groups: dict[str, Counter[str]] = {}
    for action in actions:
        name = action.heading or action.theme or "No heading"
        groups.setdefault(name, Counter())[status_on(action, as_at)] += 1
    return [(name, {s: counts.get(s, 0) for s in STATUSES}) for name, counts in groups.items()]


def _by_quarter(db: Database, programme: Programme, actions: list[ActionRow],
                as_at: dt.date) -> list[QuarterLine]:
    profile: Counter[str] = Counter()
    for action in actions:
        if not action.budget_pence or not action.planned_start or not action.planned_end:
            continue
        start = dt.date.fromisoformat(action.planned_start)
        end = dt.date.fromisoformat(action.planned_end)
        before = 0
        for quarter in quarters_between(start, end):
            upto = spend_profile(action.budget_pence, start, end, quarter_bounds(quarter)[1])
            profile[quarter] += upto - before
            before = upto
    spent = dict(db.execute(
        "SELECT s.quarter, SUM(s.amount_pence) FROM action_spend s JOIN actions a ON "
        "a.id = s.action_id WHERE a.programme_id = ? AND s.quarter <= ? GROUP BY s.quarter",
        [programme.id, financial_quarter_of(as_at)]).fetchall())
    quarters = set(profile) | set(spent)
    if programme.start_date and programme.end_date:
        quarters |= set(quarters_between(dt.date.fromisoformat(programme.start_date),
                                         dt.date.fromisoformat(programme.end_date)))
    return [QuarterLine(q, profile.get(q, 0), int(spent.get(q, 0))) for q in sorted(quarters)]
