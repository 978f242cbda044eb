"""Programmes, actions, updates and spend: saves, refusals at the field, filters, year limits
and the forecast against them, and the dashboard figures."""

import datetime as dt
import tomllib

import pytest

from cspdesk.errors import InputError
from cspdesk.programmes.actions import add_update, save_action
from cspdesk.programmes.exports import return_quarters
from cspdesk.programmes.programmes import (
    default_as_at,
    district_choices,
    find_programme,
    get_programme,
    list_actions,
    list_programmes,
    list_updates,
    save_programme,
)
from cspdesk.programmes.spend import (
    NeedsConfirmation,
    check_spend,
    list_spend,
    programme_dashboard,
    save_spend,
    spend_warnings,
    year_forecasts,
)
from cspdesk.programmes.values import parse_year_limits
from cspdesk.resources import resource_path

REPORT_DAY = dt.date(2023, 6, 26)


def ss4(db):
    return find_programme(db, "Safer Streets 4")


def action_id(db, title_start):
    return db.execute("SELECT id FROM actions WHERE title LIKE ?", [title_start + "%"]
                      ).fetchone()[0]


def listed(db, action_id, as_at=None):
    """The action as its programme's list shows it (the list the Safer Streets tab shows)."""
    [programme] = db.execute("SELECT programme_id FROM actions WHERE id = ?", [action_id]
                             ).fetchone()
    return next(a for a in list_actions(db, programme, as_at=as_at) if a.id == action_id)


def count(db, table):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def new_programme(db, **values):
    base = {"name": "Safer Streets 5", "funder": "Home Office", "award": "100,000",
            "start_date": "01/04/2024", "end_date": "31/03/2025",
            "year_limits": "2024/25: £100,000 by 31/03/2025", "themes": "ASB\nVAWG"}
    return save_programme(db, {**base, **values})


# Values --------------------------------------------------------------------------------


def test_year_limits_are_read_from_lines():
    limits = parse_year_limits("2023/24: £250,000 by 30/09/2023\n2022/23, 500000")
    assert [(y.financial_year, y.limit_pence, y.spend_by) for y in limits] == [
        ("2022/23", 50_000_000, None), ("2023/24", 25_000_000, "2023-09-30")]
    assert limits[1].describe() == "2023/24: £250,000 by 30/09/2023"


# Programmes ------------------------------------------------------------------------------


def test_the_demo_programmes_have_every_field(demo_db):
    programme = ss4(demo_db)
    assert (programme.funder, programme.round, programme.match_funding_pence) == (
        "Home Office", "4", 0)
    assert [(y.financial_year, y.limit_pence, y.spend_by) for y in programme.year_limits] == [
        ("2022/23", 50_000_000, "2023-03-31"), ("2023/24", 25_000_000, "2023-09-30")]
    assert programme.budget_pence == programme.award_pence == 75_000_000
    assert programme.areas == ["Bassetlaw", "Newark and Sherwood"]


def test_add_and_edit_a_programme_with_its_year_limits(db):
    programme_id = new_programme(db)
    saved = get_programme(db, programme_id)
    assert saved.award_pence == 10_000_000 and saved.themes == ["ASB", "VAWG"]
    assert saved.year_limits[0].spend_by == "2025-03-31"
    save_programme(db, {"round": "5", "year_limits": "2024/25: £60,000\n2025/26: £40,000"},
                   programme_id)
    edited = get_programme(db, programme_id)
    assert edited.round == "5" and edited.themes == ["ASB", "VAWG"]
    assert [y.limit_pence for y in edited.year_limits] == [6_000_000, 4_000_000]
    assert count(db, "programme_year_limits") == 2


@pytest.mark.parametrize(("values", "field"), [
    ({"name": "  "}, "name"),
    ({"end_date": "01/03/2024"}, "end_date"),
    ({"award": "-1"}, "award"),
    ({"kind": "action plan", "award": "100"}, "award"),
    ({"year_limits": "next year £5"}, "year_limits"),
    ({"year_limits": "2024/25: £100 by 01/04/2025"}, "year_limits"),
    ({"year_limits": "2024/25: £100,001"}, "year_limits"),
    ({"year_limits": "2024/25: £1\n2024/25: £2"}, "year_limits"),
])
def test_a_bad_programme_is_refused_at_the_field_and_nothing_is_written(db, values, field):
    with pytest.raises(InputError) as refused:
        new_programme(db, **values)
    assert refused.value.field == field
    assert count(db, "programmes") == 0 and count(db, "programme_year_limits") == 0


def test_two_programmes_cannot_share_a_name(demo_db):
    with pytest.raises(InputError) as refused:
        new_programme(demo_db, name="safer streets 4")
    assert refused.value.field == "name"


# Actions ----------------------------------------------------------------------------------


def test_add_an_action_with_every_field(demo_db):
    programme = ss4(demo_db)
    district = dict(district_choices(demo_db))["Bassetlaw"]
    new_id = save_action(demo_db, {
        "programme_id": programme.id, "title": "Alley gates in Worksop", "theme": "ASB",
        "intervention": "gating", "location": "Worksop", "district_id": district,
        "owner_officer": "Paul Danby", "status": "in progress",
        "planned_start": dt.date(2023, 5, 1), "planned_end": "30/09/2023", "budget": "1,000",
        "output_count": 6, "output_unit": "alley gates", "evidence": "https://example.org/x",
    })
    action = listed(demo_db, new_id)
    assert action.position == 11 and action.district == "Bassetlaw"
    assert action.budget_pence == 100_000 and action.output == "6 alley gates"
    assert action.planned_end == "2023-09-30"


@pytest.mark.parametrize(("values", "field"), [
    ({"title": ""}, "title"),
    ({"planned_start": "01/05/2023", "planned_end": "30/04/2023"}, "planned_end"),
    ({"planned_start": "01/05/2023", "status": "complete", "completed_on": "30/04/2023"},
     "completed_on"),
    ({"status": "complete"}, "completed_on"),
    ({"completed_on": "01/06/2023"}, "completed_on"),
    ({"budget": "-250"}, "budget"),
    ({"output_count": -1}, "output_count"),
    ({"intervention": "drones"}, "intervention"),
])
def test_a_bad_action_is_refused_at_the_field(demo_db, values, field):
    before = count(demo_db, "actions")
    with pytest.raises(InputError) as refused:
        save_action(demo_db, {"programme_id": ss4(demo_db).id, "title": "New action",
                              **values})
    assert refused.value.field == field
    assert count(demo_db, "actions") == before


def test_an_action_plan_has_no_budget(demo_db):
    review = next(p for p in list_programmes(demo_db) if p.kind == "action plan")
    with pytest.raises(InputError) as refused:
        save_action(demo_db, {"programme_id": review.id, "title": "x", "budget": "10"})
    assert refused.value.field == "budget"


def test_actions_filter_by_district_and_priority(demo_db):
    programme = ss4(demo_db)
    districts = dict(district_choices(demo_db))
    bassetlaw = list_actions(demo_db, programme.id, district_id=districts["Bassetlaw"])
    assert [a.title for a in bassetlaw] == [
        "Reduce vehicle crime: target hardening measures and advice"]
    joint = list_actions(demo_db, programme.id, district_id=0)
    assert {a.title for a in joint} == {
        "Three nights of action on the effects of mixing cocaine and alcohol",
        "Develop a Gym Safe Scheme"}
    dv = demo_db.execute("SELECT id FROM priorities WHERE title = 'Domestic Violence'"
                         ).fetchone()[0]
    assert len(list_actions(demo_db, programme.id, priority_id=dv)) == 2
    no_priority = list_actions(demo_db, programme.id, priority_id=0)
    assert [a.position for a in no_priority] == [9]
    both = list_actions(demo_db, programme.id, district_id=districts["Newark and Sherwood"],
                        priority_id=dv)
    assert both == []


# Progress updates --------------------------------------------------------------------------


def test_updates_are_a_history_never_overwritten(demo_db):
    lighting = action_id(demo_db, "Lighting scheme")
    before = [u.text for u in list_updates(demo_db, lighting)]
    add_update(demo_db, lighting, {"date": "2023-07-04", "text": "Church Walks relit.",
                                   "author": "Helen Ashworth"})
    add_update(demo_db, lighting, {"date": dt.date(2023, 7, 20), "text": "Market Square next."})
    texts = [u.text for u in list_updates(demo_db, lighting)]
    assert texts == ["Market Square next.", "Church Walks relit.", *before]
    assert listed(demo_db, lighting).latest_update == "Market Square next."


@pytest.mark.parametrize(("values", "field"), [
    ({"date": "2023-07-04", "text": "   "}, "text"),
    ({"date": None, "text": "Done"}, "date"),
    ({"date": dt.date.today() + dt.timedelta(days=1), "text": "Done"}, "date"),
])
def test_a_bad_update_is_refused_at_the_field(demo_db, values, field):
    before = count(demo_db, "action_updates")
    with pytest.raises(InputError) as refused:
        add_update(demo_db, action_id(demo_db, "Lighting scheme"), values)
    assert refused.value.field == field
    assert count(demo_db, "action_updates") == before


# Spend and limits --------------------------------------------------------------------------


def test_record_spend_in_a_quarter_and_remove_it(demo_db):
    gym = action_id(demo_db, "Develop a Gym Safe")
    save_spend(demo_db, gym, {"quarter": "2023/24 Q2", "amount": "5,000"})
    assert list_spend(demo_db, gym)[-1].amount_pence == 500_000
    save_spend(demo_db, gym, {"quarter": "2023/24 Q2", "amount": "6000"})  # replaces it
    assert [s.amount_pence for s in list_spend(demo_db, gym)] == [1_200_000, 1_100_000,
                                                                  600_000]
    save_spend(demo_db, gym, {"quarter": "2023/24 Q2", "amount": "0"})
    assert [s.quarter for s in list_spend(demo_db, gym)] == ["2022/23 Q4", "2023/24 Q1"]


@pytest.mark.parametrize(("values", "field"), [
    ({"quarter": "2023/24 Q1", "amount": "-10"}, "amount"),
    ({"quarter": "2023/24 Q1", "amount": ""}, "amount"),
    ({"quarter": "Q1 2023", "amount": "10"}, "quarter"),
])
def test_bad_spend_is_refused_at_the_field(demo_db, values, field):
    gym = action_id(demo_db, "Develop a Gym Safe")
    with pytest.raises(InputError) as refused:
        save_spend(demo_db, gym, values)
    assert refused.value.field == field
    assert [s.amount_pence for s in list_spend(demo_db, gym)] == [1_200_000, 1_100_000]


def test_spend_above_a_years_limit_needs_confirming(demo_db):
    gym = action_id(demo_db, "Develop a Gym Safe")
    # 2023/24 has £105,500 spent of its £250,000 limit: £150,000 more takes it £5,500 over.
    warnings = check_spend(demo_db, gym, "2023/24 Q2", 15_000_000)
    assert any("above the year's limit of £250,000" in w and "£5,500" in w for w in warnings)
    with pytest.raises(NeedsConfirmation) as asked:
        save_spend(demo_db, gym, {"quarter": "2023/24 Q2", "amount": "150,000"})
    assert asked.value.field == "amount" and asked.value.warnings == warnings
    assert len(list_spend(demo_db, gym)) == 2  # nothing written before confirming
    save_spend(demo_db, gym, {"quarter": "2023/24 Q2", "amount": "150,000"}, confirmed=True)
    assert list_spend(demo_db, gym)[-1].amount_pence == 15_000_000


def test_spend_just_within_the_limit_is_not_warned_about_the_year(demo_db):
    gym = action_id(demo_db, "Develop a Gym Safe")
    warnings = check_spend(demo_db, gym, "2023/24 Q2", 14_450_000)  # to exactly £250,000
    assert not any("limit" in w for w in warnings)
    assert any("above its budget" in w for w in warnings)


def test_spend_above_the_award_needs_confirming(demo_db):
    lighting = action_id(demo_db, "Lighting scheme")
    # £589,500 spent of £750,000: £160,000.01 more is a penny over the award.
    warnings = check_spend(demo_db, lighting, "2023/24 Q2", 16_050_001)
    assert any("£0.01 above its award of £750,000" in w for w in warnings)
    assert not any("award" in w for w in check_spend(demo_db, lighting, "2023/24 Q2",
                                                     16_050_000))


def test_spend_after_the_years_spend_by_date_is_warned_about(demo_db):
    lighting = action_id(demo_db, "Lighting scheme")
    warnings = check_spend(demo_db, lighting, "2023/24 Q3", 100)
    assert any("had to be spent (by 30/09/2023)" in w for w in warnings)
    assert any("after the programme ends" in w for w in warnings)


def test_spend_on_an_action_plan_is_refused(demo_db):
    action = action_id(demo_db, "Publish a quarterly ASB newsletter")
    with pytest.raises(InputError) as refused:
        save_spend(demo_db, action, {"quarter": "2023/24 Q1", "amount": "10"})
    assert refused.value.field == "amount"


def demo_toml():
    with (resource_path("demo") / "programmes.toml").open("rb") as fh:
        return next(p for p in tomllib.load(fh)["programmes"] if p["name"] == "Safer Streets 4")


def test_the_forecast_misses_the_2023_24_limit_on_the_report_day(demo_db):
    data = demo_toml()
    spent_2023 = sum(s["amount"] for a in data["actions"] for s in a.get("spend", [])
                     if s["quarter"].startswith("2023/24"))
    left = sum(a["budget"] - sum(s["amount"] for s in a.get("spend", []))
               for a in data["actions"] if a["status"] in ("in progress", "not started"))
    years = {y.financial_year: y for y in year_forecasts(demo_db, ss4(demo_db).id, REPORT_DAY)}
    this_year = years["2023/24"]
    assert this_year.spent_pence == round(spent_2023 * 100) == 10_550_000
    assert this_year.forecast_pence == round((spent_2023 + left) * 100) == 26_600_000
    assert not this_year.closed and this_year.difference_pence == 1_600_000
    assert "£16,000 above the limit of £250,000" in this_year.warning
    last_year = years["2022/23"]
    assert last_year.closed and last_year.forecast_pence == last_year.spent_pence == 48_400_000
    assert "the £16,000 left was not spent by 31/03/2023" in last_year.warning


def test_the_forecast_below_a_limit_warns_that_money_is_lost(db):
    programme_id = new_programme(db)
    save_action(db, {"programme_id": programme_id, "title": "Wardens", "budget": "80,000",
                     "status": "in progress", "planned_start": "2024-04-01",
                     "planned_end": "2025-03-31"})
    (year,) = year_forecasts(db, programme_id, dt.date(2024, 6, 1))
    assert year.forecast_pence == 8_000_000
    assert "£20,000 below the limit of £100,000; money not spent by 31/03/2025 is lost" in \
        year.warning
    save_action(db, {"budget": "100,000"}, list_actions(db, programme_id)[0].id)
    assert year_forecasts(db, programme_id, dt.date(2024, 6, 1))[0].warning is None


def test_the_dashboard_on_the_report_day(demo_db):
    d = programme_dashboard(demo_db, ss4(demo_db).id, REPORT_DAY)
    assert d.days_left == 96
    assert d.by_status == {"not started": 0, "in progress": 5, "complete": 5, "cancelled": 0}
    assert d.by_rag == {"red": 0, "amber": 3, "green": 7}
    assert d.overdue == []
    assert (d.budget_pence, d.spent_pence) == (75_000_000, 58_950_000)
    themes = {line.name: line for line in d.by_theme}
    assert themes["Violence against women and girls"].budget_pence == 6_200_000
    quarters = {line.quarter: line for line in d.by_quarter}
    assert quarters["2023/24 Q1"].spent_pence == 10_550_000
    assert sum(q.profile_pence for q in d.by_quarter) == 75_000_000
    assert len(d.warnings) == 2


def test_the_dashboard_after_the_end_lists_the_overdue_actions(demo_db):
    d = programme_dashboard(demo_db, ss4(demo_db).id, dt.date(2023, 10, 2))
    assert d.days_left == -2
    assert [a.position for a in d.overdue] == [2, 3, 5, 9, 10]
    assert all("Overdue" in a.rag.reason for a in d.overdue)


def test_a_programme_is_shown_as_at_its_last_update_never_after_today(demo_db):
    ss4_id = ss4(demo_db).id
    assert default_as_at(demo_db, ss4_id, dt.date(2026, 11, 30)) == dt.date(2023, 6, 13)
    assert default_as_at(demo_db, ss4_id, dt.date(2023, 6, 1)) == dt.date(2023, 6, 1)
    fresh = new_programme(demo_db)  # no update yet: today
    assert default_as_at(demo_db, fresh, dt.date(2024, 5, 2)) == dt.date(2024, 5, 2)


def test_the_return_offers_the_latest_quarter_complete_by_the_as_at_day(demo_db):
    programme = ss4(demo_db)  # 01/10/2022 to 30/09/2023
    quarters = ["2022/23 Q3", "2022/23 Q4", "2023/24 Q1", "2023/24 Q2"]
    assert return_quarters(programme, dt.date(2023, 6, 29)) == (quarters, "2022/23 Q4")
    assert return_quarters(programme, dt.date(2023, 6, 30)) == (quarters, "2023/24 Q1")
    assert return_quarters(programme, dt.date(2022, 10, 3)) == (quarters, "2022/23 Q3")
    assert return_quarters(programme, dt.date(2030, 1, 1)) == (quarters, "2023/24 Q2")
    undated = get_programme(demo_db, new_programme(demo_db, start_date="", end_date=""))
    assert return_quarters(undated, dt.date(2024, 8, 1)) == (["2024/25 Q2"], "2024/25 Q2")


def test_spend_warnings_are_those_a_save_would_give(demo_db):
    gym = action_id(demo_db, "Develop a Gym Safe")
    values = {"quarter": "2023/24 Q2", "amount": "150,000"}
    warnings = spend_warnings(demo_db, gym, values)
    with pytest.raises(NeedsConfirmation) as refused:
        save_spend(demo_db, gym, values)
    assert refused.value.warnings == warnings and len(warnings) == 2
    assert spend_warnings(demo_db, gym, {**values, "amount": "10,000"}) == []
    with pytest.raises(InputError, match="cannot be negative"):
        spend_warnings(demo_db, gym, {**values, "amount": "-5"})
