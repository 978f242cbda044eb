"""RAG status of an action: red, amber or green, worked out from its dates, spend and status.

The rules, checked on a given day (``today``, the "as at" date):

* **red** when the action is *overdue* (its planned end has passed and it is neither complete
  nor cancelled) or *over budget* (spend to date above its budget, by a penny or more);
* **amber** when it is *due within 30 days* (planned end today or in the next 30 days, the
  30th day included) with work left, or its *spend is behind profile*;
* **green** otherwise.

The spend profile spreads the budget evenly over the days from the planned start to the
planned end (both included): by a given day the action should have spent
``budget x days elapsed / days planned`` (rounded down to the penny). Spend to date below
that is behind profile. An action without a budget or without both planned dates has no
profile.

Every rule that applies is named in the reason, so the officer sees what made it red. A
colour set by hand (an override) wins, but only with a reason; the worked-out colour is kept
beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from cspdesk.dates import format_date
from cspdesk.money import format_pounds

RED, AMBER, GREEN = "red", "amber", "green"
COLOURS = (RED, AMBER, GREEN)
DUE_SOON_DAYS = 30
WORK_LEFT = ("not started", "in progress")


class RagFacts(Protocol):
    """What the rules read from an action (an ``ActionRow`` has all of it)."""

    @property
    def status(self) -> str: ...
    @property
    def planned_start(self) -> str | None: ...
    @property
    def planned_end(self) -> str | None: ...
    @property
    def completed_on(self) -> str | None: ...
    @property
    def budget_pence(self) -> int | None: ...
    @property
    def spent_pence(self) -> int: ...
    @property
    def rag_override(self) -> str | None: ...
    @property
    def rag_override_reason(self) -> str | None: ...


@dataclass(frozen=True)
class RagResult:
    """The colour, why, whether it was set by hand, and the colour the rules give."""

    colour: str
    reason: str
    overridden: bool = False
    worked_out: str = ""
    rules: tuple[str, ...] = ()  # the rules that applied: overdue, over budget, due soon, ...
    worked_reason: str = ""  # why the rules give ``worked_out``

    @property
    def label(self) -> str:
        """'Red', 'Amber' or 'Green', with '(set by hand)' after an override."""
        return self.colour.capitalize() + (" (set by hand)" if self.overridden else "")


def status_on(action: RagFacts, today: dt.date) -> str:
    """The action's status on ``today``: one completed after that day was still in progress."""
    if action.status == "complete" and action.completed_on and \
            dt.date.fromisoformat(action.completed_on) > today:
        return "in progress"
    return action.status


def spend_profile(budget_pence: int, start: dt.date, end: dt.date, today: dt.date) -> int:
    """What should have been spent by ``today`` with the budget spread evenly from ``start``
    to ``end`` (both days included): nothing before the start, all of it from the end."""
    days = (end - start).days + 1
    elapsed = min(max((today - start).days + 1, 0), days)
    return budget_pence * elapsed // days


def rag_for(action: RagFacts, today: dt.date) -> RagResult:
    """The action's RAG status on ``today`` (see the module's docstring for the rules)."""
    worked = _worked_out(action, today)
    if action.rag_override in COLOURS and (action.rag_override_reason or "").strip():
        reason = (f"Set by hand: {action.rag_override_reason.strip()} "  # type: ignore[union-attr]
                  f"(the rules give {worked.colour}: {worked.reason})")
        return RagResult(action.rag_override, reason, True, worked.colour, worked.rules,
                         worked.reason)
    return worked


def _worked_out(action: RagFacts, today: dt.date) -> RagResult:
    status = status_on(action, today)
    red = _red_reasons(action, status, today)
    if red:
        return _result(RED, "; ".join(red.values()), tuple(red))
    amber = _amber_reasons(action, status, today)
    if amber:
        return _result(AMBER, "; ".join(amber.values()), tuple(amber))
    return _result(GREEN, _green_reason(action, status, today), ())


def _result(colour: str, reason: str, rules: tuple[str, ...]) -> RagResult:
    return RagResult(colour, reason, False, colour, rules, reason)


def _red_reasons(action: RagFacts, status: str, today: dt.date) -> dict[str, str]:
    reasons: dict[str, str] = {}
    end = _day(action.planned_end)
    if status in WORK_LEFT and end is not None and today > end:
        days = (today - end).days
        reasons["overdue"] = (f"Overdue: due {format_date(end)} ({days:,} day"
                              f"{'s' if days != 1 else ''} ago) and still {status}")
    budget = action.budget_pence
    if budget is not None and action.spent_pence > budget:
        reasons["over budget"] = (
            f"Over budget: {format_pounds(action.spent_pence)} spent against a budget of "
            f"{format_pounds(budget)} ({format_pounds(action.spent_pence - budget)} over)")
    return reasons


def _amber_reasons(action: RagFacts, status: str, today: dt.date) -> dict[str, str]:
    reasons: dict[str, str] = {}
    if status not in WORK_LEFT:
        return reasons
    start, end = _day(action.planned_start), _day(action.planned_end)
    if end is not None and 0 <= (end - today).days <= DUE_SOON_DAYS:
        days = (end - today).days
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        reasons["due soon"] = f"Due {when} ({format_date(end)}) and still {status}"
    budget = action.budget_pence
    if budget and start is not None and end is not None and today >= start:
        expected = spend_profile(budget, start, end, today)
        if action.spent_pence < expected:
            reasons["behind profile"] = (
                f"Spend behind profile: {format_pounds(action.spent_pence)} spent by "
                f"{format_date(today)} against {format_pounds(expected)} expected (the "
                f"budget of {format_pounds(budget)} spread evenly from {format_date(start)} "
                f"to {format_date(end)})")
    return reasons


def _green_reason(action: RagFacts, status: str, today: dt.date) -> str:
    if status == "complete":
        return f"Complete ({format_date(action.completed_on)})" if action.completed_on \
            else "Complete"
    if status == "cancelled":
        return "Cancelled"
    start, end = _day(action.planned_start), _day(action.planned_end)
    if status == "not started" and start is not None and start > today:
        return f"On track: due to start {format_date(start)}"
    return f"On track: due {format_date(end)}" if end else "On track: no planned end set"


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
