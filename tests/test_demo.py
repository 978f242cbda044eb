"""The demo database: the BNS CSP of the June 2023 committee report, figures computed."""

import pytest

from cspdesk.demo import spread_total
from cspdesk.performance.comparison import compare
from cspdesk.performance.periods import parse_period
from cspdesk.priorities.priorities import list_priorities
from cspdesk.programmes.programmes import list_actions, list_programmes
from cspdesk.store.database import check_database

# Section 2.2 of the committee report: 2022/23 against 2021/22, rounded to whole percent.
REPORT_TABLE = {
    "All crime": {"Nottinghamshire Police": 6, "Nottinghamshire": 7,
                  "Bassetlaw and Newark and Sherwood CSP": 5, "Newark and Sherwood": 9},
    "Anti-social behaviour": {"Nottinghamshire Police": -13, "Nottinghamshire": -11,
                              "Bassetlaw and Newark and Sherwood CSP": -5,
                              "Newark and Sherwood": -2},
}


@pytest.mark.parametrize("measure", sorted(REPORT_TABLE))
def test_financial_year_changes_are_the_reports(demo_db, measure):
    rows = {r.area: r for r in compare(demo_db, measure, parse_period("fy:2022/23"))}
    for area, expected in REPORT_TABLE[measure].items():
        assert round(rows[area].change_pct) == expected, area


def test_county_and_csp_figures_are_sums_of_their_districts(demo_db):
    rows = {r.area: r for r in compare(demo_db, "All crime", parse_period("fy:2022/23"))}
    assert rows["Bassetlaw and Newark and Sherwood CSP"].count == (
        rows["Bassetlaw"].count + rows["Newark and Sherwood"].count)
    csps = [a for a in rows if a.endswith("CSP")]
    assert rows["Nottinghamshire"].count == sum(rows[c].count for c in csps)
    # The force counts records with no location too, so it exceeds county plus city.
    assert rows["Nottinghamshire Police"].count > (
        rows["Nottinghamshire"].count + rows["Nottingham"].count)


def test_a_year_without_counts_is_missing_not_zero(demo_db):
    rows = compare(demo_db, "All crime", parse_period("fy:2021/22"))
    assert all(r.previous is None and r.change_pct is None for r in rows)
    assert all(r.count is not None for r in rows)


def test_the_areas_are_nottinghamshires(demo_db):
    levels = dict(demo_db.execute("SELECT name, level FROM areas").fetchall())
    assert levels["Nottinghamshire Police"] == "force"
    assert levels["Nottingham"] == "city"
    parent = dict(demo_db.execute(
        "SELECT a.name, p.name FROM areas a LEFT JOIN areas p ON p.id = a.parent_id").fetchall())
    assert parent["Nottingham"] == "Nottinghamshire Police"  # in the force, not the county
    assert {a for a, p in parent.items() if p == "South Nottinghamshire CSP"} == {
        "Broxtowe", "Gedling", "Rushcliffe"}
    assert {a for a, p in parent.items() if p == "Nottinghamshire"} == {
        "Bassetlaw and Newark and Sherwood CSP", "Mansfield and Ashfield CSP",
        "South Nottinghamshire CSP"}


def test_the_five_responsible_authorities_are_represented(demo_db):
    kinds = {r[0] for r in demo_db.execute(
        "SELECT responsible_authority FROM organisations WHERE responsible_authority IS NOT NULL")}
    assert kinds == {"district council", "county council", "police", "fire and rescue",
                     "integrated care board"}
    groups = dict(demo_db.execute("SELECT short_name, tier FROM groups").fetchall())
    assert groups["JSG"] == "strategic" and groups["PDG"] == "delivery"
    assert "operational" in groups.values()


def test_a_year_of_meetings_with_registers(demo_db):
    first, last = demo_db.execute(
        "SELECT MIN(date), MAX(date) FROM meetings WHERE status = 'held'").fetchone()
    assert first <= "2022-04-30" and last >= "2023-03-01"
    marks = dict(demo_db.execute("SELECT mark, COUNT(*) FROM attendance GROUP BY mark"))
    assert marks["present"] > marks.get("absent", 0)
    assert marks["apologies"] > 0 and marks["substitute"] > 0
    unmarked = demo_db.execute(
        "SELECT COUNT(*) FROM meetings m WHERE status = 'held' AND NOT EXISTS "
        "(SELECT 1 FROM attendance a WHERE a.meeting_id = m.id)").fetchone()[0]
    assert unmarked == 0


def test_the_reports_eight_priorities_for_2023_24(demo_db):
    priorities = list_priorities(demo_db, "2023/24")
    assert [p.title for p in priorities] == [
        "Domestic Violence", "Burglary", "Rural Crime", "Area based work/Town Centre Issues (ASB)",
        "Gypsy and Travellers (Newark)", "Community Cohesion", "Serious Violent Crime",
        "Exclusions (Bassetlaw)"]
    by_title = {p.title: p for p in priorities}
    assert by_title["Gypsy and Travellers (Newark)"].districts == ["Newark and Sherwood"]
    assert by_title["Exclusions (Bassetlaw)"].districts == ["Bassetlaw"]
    assert by_title["Serious Violent Crime"].basis == "statutory duty"
    assert "approx. 50%" in by_title["Domestic Violence"].evidence
    assert "travelling gangs" in by_title["Burglary"].evidence
    assert by_title["Exclusions (Bassetlaw)"].evidence is None  # the report's table is silent


def test_safer_streets_4_and_the_asb_review(demo_db):
    programmes = {p.name: p for p in list_programmes(demo_db)}
    ss4 = programmes["Safer Streets 4"]
    assert ss4.award_pence == 750_000_00
    assert ss4.end_date == "2023-09-30"
    assert ss4.themes == ["Anti-social behaviour", "Violence against women and girls",
                          "Perceptions of safety"]
    actions = list_actions(demo_db, ss4.id)
    assert len(actions) == 10
    assert sum(a.budget_pence or 0 for a in actions) <= ss4.award_pence
    assert any("Gym Safe" in a.title for a in actions)
    review = next(p for p in programmes.values() if p.kind == "action plan")
    review_actions = list_actions(demo_db, review.id)
    assert len(review_actions) == 17
    assert {a.heading for a in review_actions} == {
        "Improve Communications", "Community Protection Officers", "Partnership Working",
        "The Community Safety Charter", "CCTV"}


def test_spend_stays_within_each_years_limit(demo_db):
    rows = demo_db.execute(
        """SELECT l.financial_year, l.limit_pence, COALESCE(SUM(s.amount_pence), 0)
           FROM programme_year_limits l JOIN actions a ON a.programme_id = l.programme_id
           LEFT JOIN action_spend s
             ON s.action_id = a.id AND substr(s.quarter, 1, 7) = l.financial_year
           GROUP BY l.programme_id, l.financial_year""").fetchall()
    assert rows
    for year, limit, spent in rows:
        assert spent <= limit, year


def test_the_demo_database_is_healthy(demo_db):
    assert check_database(demo_db).healthy


def test_demo_is_the_same_every_time(demo_db, tmp_path):
    from cspdesk.demo import build_demo_database

    again = build_demo_database(tmp_path / "again.sqlite")
    query = "SELECT meeting_id, person_id, mark, substitute_id FROM attendance ORDER BY id"
    assert again.execute(query).fetchall() == demo_db.execute(query).fetchall()
    again.close()


@pytest.mark.parametrize("total, weights", [(10900, [8.1, 8.6, 8.7] * 4), (7, [1, 1, 1]),
                                            (0, [2, 3])])
def test_spread_total_keeps_the_exact_total(total, weights):
    parts = spread_total(total, weights)
    assert sum(parts) == total and len(parts) == len(weights)
    assert all(p >= 0 for p in parts)


def test_settings_name_the_partnership(demo_db):
    from cspdesk.store.settings import get_setting

    assert get_setting(demo_db, "partnership_short_name") == "BNS CSP"
