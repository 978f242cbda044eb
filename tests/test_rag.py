"""RAG rules at their boundaries: 30 days against 31, a penny over budget, spend a penny behind
profile, the status on the day, and a colour set by hand that needs a reason."""

import datetime as dt
from dataclasses import dataclass, replace

import pytest

from cspdesk.errors import InputError
from cspdesk.programmes.actions import save_action, set_rag_override
from cspdesk.programmes.programmes import list_actions
from cspdesk.programmes.rag import rag_for, spend_profile, status_on

TODAY = dt.date(2023, 6, 26)


@dataclass(frozen=True)
class Facts:
    status: str = "in progress"
    planned_start: str | None = None
    planned_end: str | None = None
    completed_on: str | None = None
    budget_pence: int | None = None
    spent_pence: int = 0
    rag_override: str | None = None
    rag_override_reason: str | None = None


def due_in(days: int, **kw) -> Facts:
    return Facts(planned_end=(TODAY + dt.timedelta(days=days)).isoformat(), **kw)


def test_due_in_exactly_30_days_with_work_left_is_amber():
    result = rag_for(due_in(30), TODAY)
    assert result.colour == "amber"
    assert result.rules == ("due soon",)
    assert "Due in 30 days (26/07/2023)" in result.reason


def test_due_in_31_days_is_green():
    result = rag_for(due_in(31), TODAY)
    assert result.colour == "green"
    assert result.reason == "On track: due 27/07/2023"


def test_due_today_is_amber_and_due_yesterday_is_red():
    assert rag_for(due_in(0), TODAY).reason.startswith("Due today (26/06/2023)")
    overdue = rag_for(due_in(-1), TODAY)
    assert overdue.colour == "red"
    assert overdue.rules == ("overdue",)
    assert overdue.reason == "Overdue: due 25/06/2023 (1 day ago) and still in progress"


@pytest.mark.parametrize("status", ["complete", "cancelled"])
def test_no_work_left_is_never_overdue_or_due_soon(status):
    done = "2023-06-01" if status == "complete" else None
    assert rag_for(due_in(-100, status=status, completed_on=done), TODAY).colour == "green"
    assert rag_for(due_in(10, status=status, completed_on=done), TODAY).colour == "green"


def test_over_budget_by_a_penny_is_red_and_exactly_on_budget_is_not():
    on_budget = Facts(status="complete", completed_on="2023-05-01", budget_pence=4_800_000,
                      spent_pence=4_800_000)
    assert rag_for(on_budget, TODAY).colour == "green"
    over = rag_for(replace(on_budget, spent_pence=4_800_001), TODAY)
    assert over.colour == "red"
    assert over.rules == ("over budget",)
    assert over.reason == ("Over budget: £48,000.01 spent against a budget of £48,000 "
                           "(£0.01 over)")


def test_every_red_rule_is_named():
    result = rag_for(due_in(-3, budget_pence=100, spent_pence=200), TODAY)
    assert result.rules == ("overdue", "over budget")
    assert "Overdue" in result.reason and "Over budget" in result.reason


def test_spend_a_penny_behind_profile_is_amber():
    # 270 days from 01/04/2023 to 26/12/2023 at £1 a day: 87 days in, £87 should be spent.
    facts = Facts(planned_start="2023-04-01", planned_end="2023-12-26", budget_pence=27_000)
    assert spend_profile(27_000, dt.date(2023, 4, 1), dt.date(2023, 12, 26), TODAY) == 8_700
    assert rag_for(replace(facts, spent_pence=8_700), TODAY).colour == "green"
    behind = rag_for(replace(facts, spent_pence=8_699), TODAY)
    assert behind.colour == "amber"
    assert behind.rules == ("behind profile",)
    assert "£86.99 spent by 26/06/2023 against £87 expected" in behind.reason


def test_the_profile_is_nothing_before_the_start_and_everything_from_the_end():
    start, end = dt.date(2023, 4, 1), dt.date(2023, 4, 10)
    assert spend_profile(1000, start, end, dt.date(2023, 3, 31)) == 0
    assert spend_profile(1000, start, end, start) == 100
    assert spend_profile(1000, start, end, end) == 1000
    assert spend_profile(1000, start, end, dt.date(2024, 1, 1)) == 1000


def test_no_profile_before_the_start_or_without_dates_or_budget():
    future = Facts(status="not started", planned_start="2023-09-01",
                   planned_end="2024-03-31", budget_pence=10_000)
    assert rag_for(future, TODAY).reason == "On track: due to start 01/09/2023"
    assert rag_for(Facts(budget_pence=10_000), TODAY).colour == "green"


def test_an_action_completed_after_the_day_was_in_progress_on_it():
    facts = Facts(status="complete", planned_start="2023-01-01", planned_end="2023-06-30",
                  completed_on="2023-07-10")
    assert status_on(facts, TODAY) == "in progress"
    assert rag_for(facts, TODAY).colour == "amber"  # due in 4 days, not yet done then
    assert rag_for(facts, dt.date(2023, 7, 10)).colour == "green"


def test_an_override_wins_only_with_a_reason_and_keeps_the_worked_out_colour():
    overdue = due_in(-5)
    no_reason = rag_for(replace(overdue, rag_override="green", rag_override_reason=" "), TODAY)
    assert no_reason.colour == "red" and not no_reason.overridden
    set_by_hand = rag_for(replace(overdue, rag_override="green",
                                  rag_override_reason="Extension agreed by the Home Office"),
                          TODAY)
    assert set_by_hand.colour == "green" and set_by_hand.overridden
    assert set_by_hand.worked_out == "red"
    assert set_by_hand.label == "Green (set by hand)"
    assert set_by_hand.reason.startswith("Set by hand: Extension agreed by the Home Office")
    assert "the rules give red: Overdue" in set_by_hand.reason


def test_saving_an_override_needs_a_reason(demo_db):
    action_id, programme_id = demo_db.execute(
        "SELECT id, programme_id FROM actions WHERE title LIKE 'Install CCTV%'").fetchone()

    def listed(as_at=None):  # the action as the Safer Streets tab lists it
        return next(a for a in list_actions(demo_db, programme_id, as_at=as_at)
                    if a.id == action_id)

    with pytest.raises(InputError) as refused:
        set_rag_override(demo_db, action_id, "green", "  ")
    assert refused.value.field == "rag_override_reason"
    with pytest.raises(InputError) as refused:
        save_action(demo_db, {"rag_override": "amber"}, action_id)
    assert refused.value.field == "rag_override_reason"
    assert listed().rag_override is None
    set_rag_override(demo_db, action_id, "green", "Extension to 31/12/2023 agreed")
    action = listed(as_at=dt.date(2023, 10, 1))
    assert action.rag.colour == "green" and action.rag.worked_out == "red"
    set_rag_override(demo_db, action_id, None, None)
    assert listed(as_at=dt.date(2023, 10, 1)).rag.colour == "red"
