"""The priority register: saving with refusals at the field, order, search, carrying a year
forward, one priority's history, its links to measures and actions, and schema v3."""

import sqlite3
from contextlib import contextmanager

import pytest

from cspdesk.errors import InputError
from cspdesk.priorities.history import (
    carry_forward,
    lineage,
    priority_history,
    word_diff,
)
from cspdesk.priorities.links import latest_period, linked_actions, measure_changes
from cspdesk.priorities.priorities import (
    delete_priority,
    financial_years,
    get_priority,
    list_priorities,
    reorder_priorities,
    save_priority,
    search_priorities,
)
from cspdesk.store import migrations
from cspdesk.store.database import create_database, open_database
from cspdesk.store.settings import set_setting

YEAR = "2023/24"


@contextmanager
def refused(field, match=None):
    """Expects an InputError, shown at ``field``."""
    with pytest.raises(InputError, match=match) as info:
        yield info
    assert info.value.field == field, str(info.value)


def by_title(db, year=YEAR):
    return {p.title: p for p in list_priorities(db, year)}


def count(db, table="priorities"):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def measure(db, name):
    return db.execute("SELECT id FROM measures WHERE name = ?", [name]).fetchone()[0]


# Schema v3 ---------------------------------------------------------------------------------


def test_a_version_2_database_upgrades_to_3_keeping_its_priorities(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite"
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:2])
    old = create_database(path)
    old.execute("INSERT INTO priorities (financial_year, title) VALUES ('2022/23', 'Burglary')")
    old.conn.commit()
    assert migrations.schema_version(old) == 2
    old.close()
    monkeypatch.undo()
    db = open_database(path, backup_dir=tmp_path / "backups")
    assert migrations.schema_version(db) == migrations.latest_version()
    assert "priority_measures" in db.table_names()
    assert [p.title for p in list_priorities(db, "2022/23")] == ["Burglary"]
    assert list((tmp_path / "backups").iterdir())  # backed up before the step
    db.close()


def test_links_to_measures_go_with_their_priority(demo_db):
    burglary = by_title(demo_db)["Burglary"]
    assert burglary.measure_ids == (measure(demo_db, "Burglary"),)
    delete_priority(demo_db, burglary.id)
    assert demo_db.execute("SELECT COUNT(*) FROM priority_measures WHERE priority_id = ?",
                           [burglary.id]).fetchone()[0] == 0
    with pytest.raises(sqlite3.IntegrityError):  # the pair is the key
        area = by_title(demo_db)["Area based work/Town Centre Issues (ASB)"]
        demo_db.execute("INSERT INTO priority_measures VALUES (?, ?)",
                        [area.id, area.measure_ids[0]])


# Saving and refusals -----------------------------------------------------------------------


def test_a_new_priority_goes_to_the_end_of_its_year(demo_db):
    new_id = save_priority(demo_db, {"financial_year": YEAR, "title": "Shoplifting",
                                     "districts": ["Newark and Sherwood"],
                                     "measure_ids": [measure(demo_db, "Shoplifting")]})
    saved = get_priority(demo_db, new_id)
    assert saved.position == 9 and saved.status == "proposed"
    assert saved.districts == ["Newark and Sherwood"]
    assert saved.measure_ids == (measure(demo_db, "Shoplifting"),)


def test_an_update_keeps_links_unless_told(demo_db):
    area = by_title(demo_db)["Area based work/Town Centre Issues (ASB)"]
    save_priority(demo_db, {"lead_officer": "A. N. Other"}, area.id)
    assert get_priority(demo_db, area.id).measure_ids == area.measure_ids
    save_priority(demo_db, {"measure_ids": []}, area.id)
    assert get_priority(demo_db, area.id).measure_ids == ()


def test_a_priority_without_a_title_is_refused_at_the_title(demo_db):
    before = count(demo_db)
    with refused("title", "title"):
        save_priority(demo_db, {"financial_year": YEAR, "title": "   ", "evidence": "x"})
    assert count(demo_db) == before


def test_a_second_priority_with_the_same_title_in_a_year_is_refused(demo_db):
    with refused("title", "already has a priority called 'Burglary'"):
        save_priority(demo_db, {"financial_year": YEAR, "title": "burglary"})
    rural = by_title(demo_db)["Rural Crime"]
    with refused("title"):
        save_priority(demo_db, {"title": "Burglary"}, rural.id)
    assert get_priority(demo_db, rural.id).title == "Rural Crime"
    save_priority(demo_db, {"financial_year": "2024/25", "title": "Burglary"})  # another year


def test_a_review_date_before_the_agreed_meeting_is_refused(demo_db):
    burglary = by_title(demo_db)["Burglary"]
    with refused("review_date", "before the JSG meeting of 18/04/2023"):
        save_priority(demo_db, {"review_date": "01/04/2023"}, burglary.id)
    assert get_priority(demo_db, burglary.id).review_date == "2024-03-15"
    save_priority(demo_db, {"review_date": "18/04/2023"}, burglary.id)  # the same day is fine


def test_other_bad_values_are_refused_at_their_field(demo_db):
    with refused("pcp_heading"):
        save_priority(demo_db, {"financial_year": YEAR, "title": "Fraud",
                                "pcp_coverage": "covered under a heading"})
    with refused("financial_year"):
        save_priority(demo_db, {"financial_year": "2023/25", "title": "Fraud"})
    with refused("measure_ids"):
        save_priority(demo_db, {"financial_year": YEAR, "title": "Fraud", "measure_ids": [999]})
    with refused("status"):
        save_priority(demo_db, {"financial_year": YEAR, "title": "Fraud", "status": "maybe"})
    assert "Fraud" not in by_title(demo_db)


def test_a_heading_is_kept_only_when_the_plan_covers_it_under_one(demo_db):
    new_id = save_priority(demo_db, {"financial_year": YEAR, "title": "Fraud",
                                     "pcp_coverage": "named", "pcp_heading": "All Crime"})
    assert get_priority(demo_db, new_id).pcp_heading is None


# Order and search ----------------------------------------------------------------------------


def test_reorder_numbers_the_year_in_one_go(demo_db):
    ids = [p.id for p in list_priorities(demo_db, YEAR)]
    reorder_priorities(demo_db, YEAR, list(reversed(ids)))
    assert [p.id for p in list_priorities(demo_db, YEAR)] == list(reversed(ids))
    assert [p.position for p in list_priorities(demo_db, YEAR)] == list(range(1, 9))
    with pytest.raises(InputError, match="once"):
        reorder_priorities(demo_db, YEAR, ids[:-1])
    assert [p.id for p in list_priorities(demo_db, YEAR)] == list(reversed(ids))


def test_delete_renumbers_the_rest(demo_db):
    ids = [p.id for p in list_priorities(demo_db, YEAR)]
    delete_priority(demo_db, ids[1])
    left = list_priorities(demo_db, YEAR)
    assert [p.id for p in left] == [ids[0], *ids[2:]]
    assert [p.position for p in left] == list(range(1, 8))


def test_search_finds_every_word_in_any_text_case_ignored(demo_db):
    hits = search_priorities(demo_db, "TRAVELLING gangs", YEAR)
    assert [h.priority.title for h in hits] == ["Burglary"]
    assert hits[0].fields == ("evidence",)
    hits = {h.priority.title: h.fields for h in search_priorities(demo_db, "tolney")}
    assert hits == {"Gypsy and Travellers (Newark)": ("local concerns and response",)}
    assert "Rural Crime" in {h.priority.title for h in search_priorities(demo_db, "rural crime")}
    assert search_priorities(demo_db, "   ") == []
    # The notes, the lead organisation and the plan's heading are searched too.
    assert search_priorities(demo_db, "domestic and sexual abuse")[0].fields == ("notes",)
    assert "lead organisation" in search_priorities(demo_db, "county council")[0].fields
    found = {h.priority.title: h.fields for h in search_priorities(demo_db, "all crime", YEAR)}
    assert "Police and Crime Plan" in found["Burglary"]


# Carrying forward ----------------------------------------------------------------------------


def test_carry_forward_some_keeps_the_lineage(demo_db):
    chosen = by_title(demo_db)
    picked = [chosen["Burglary"].id, chosen["Rural Crime"].id]
    new_ids = carry_forward(demo_db, YEAR, picked)
    assert financial_years(demo_db) == ["2024/25", YEAR]
    copies = list_priorities(demo_db, "2024/25")
    assert [p.id for p in copies] == new_ids
    assert [(p.title, p.position, p.carried_from_id) for p in copies] == [
        ("Burglary", 1, picked[0]), ("Rural Crime", 2, picked[1])]
    burglary = copies[0]
    assert burglary.evidence == chosen["Burglary"].evidence
    assert burglary.measure_ids == chosen["Burglary"].measure_ids
    assert burglary.status == "proposed"  # the JSG agrees it again
    assert burglary.agreed_meeting_id is None and burglary.review_date is None
    assert burglary.pcp_heading == "All Crime" and burglary.lead_officer == "James Rowland"


def test_carry_forward_all_leaves_out_the_retired(demo_db):
    exclusions = by_title(demo_db)["Exclusions (Bassetlaw)"]
    save_priority(demo_db, {"status": "retired"}, exclusions.id)
    new_ids = carry_forward(demo_db, YEAR)
    assert len(new_ids) == 7
    assert "Exclusions (Bassetlaw)" not in by_title(demo_db, "2024/25")


def test_carrying_one_already_carried_copies_nothing(demo_db):
    chosen = by_title(demo_db)
    carry_forward(demo_db, YEAR, [chosen["Burglary"].id])
    with refused("priority_ids", "'Burglary' is already in the 2024/25 register"):
        carry_forward(demo_db, YEAR, [chosen["Rural Crime"].id, chosen["Burglary"].id])
    assert list(by_title(demo_db, "2024/25")) == ["Burglary"]  # Rural Crime not half-copied
    with refused("priority_ids"):
        carry_forward(demo_db, YEAR, [])


def test_carry_forward_refuses_a_title_next_year_already_has(demo_db):
    save_priority(demo_db, {"financial_year": "2024/25", "title": "Burglary"})
    with refused("priority_ids", "already has a priority called 'Burglary'"):
        carry_forward(demo_db, YEAR, [by_title(demo_db)["Burglary"].id])


# History -------------------------------------------------------------------------------------


def diff_text(segments):
    """A diff as plain text, to read in an assertion: [-removed words-] and {+added words+}."""
    marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
    return "".join(marks[s.kind].format(s.text) for s in segments)


def test_word_diff_marks_removed_and_added_words():
    segments = word_diff("approx. 50% of violence", "approx. 60% of all violence")
    assert diff_text(segments) == "approx. [-50%-]{+60%+} of {+all +}violence"
    assert word_diff(None, "new") == (word_diff("", "new"))
    assert diff_text(word_diff("same text", "same text")) == "same text"


def test_history_across_three_years(demo_db):
    dv = by_title(demo_db)["Domestic Violence"]
    [second] = carry_forward(demo_db, YEAR, [dv.id])
    new_evidence = dv.evidence.replace("approx. 50%", "approx. 60%")
    save_priority(demo_db, {"evidence": new_evidence, "status": "agreed"}, second)
    [third] = carry_forward(demo_db, "2024/25", [second])
    save_priority(demo_db, {"status": "retired"}, third)
    assert [p.id for p in lineage(demo_db, second)] == [dv.id, second, third]
    history = priority_history(demo_db, third)
    assert history.entered == YEAR
    assert history.ended == "Retired in 2025/26"
    years = history.years
    assert [y.event for y in years] == ["Entered the register", "Carried forward from 2023/24",
                                        "Carried forward from 2024/25"]
    evidence = next(c for c in years[1].changes if c.label == "Evidence")
    assert "(approx. [-50%)-]{+60%)+} of violence" in diff_text(evidence.diff)
    assert [c.label for c in years[1].changes] == ["Evidence"]  # agreed again, as before
    assert [(c.label, c.before, c.after) for c in years[2].changes] == [
        ("Status", "agreed", "retired")]


def test_history_says_when_a_priority_was_not_carried(demo_db):
    chosen = by_title(demo_db)
    carry_forward(demo_db, YEAR, [chosen["Burglary"].id])
    assert priority_history(demo_db, chosen["Rural Crime"].id).ended == "Not carried into 2024/25"
    assert priority_history(demo_db, chosen["Burglary"].id).ended is None
    assert priority_history(demo_db, 99999) is None


# Links ---------------------------------------------------------------------------------------


def test_a_linked_measure_shows_its_latest_change_for_the_home_area(demo_db):
    area = by_title(demo_db)["Area based work/Town Centre Issues (ASB)"]
    [asb] = measure_changes(demo_db, area.id)
    assert asb.measure == "Anti-social behaviour"
    assert asb.area == "Bassetlaw and Newark and Sherwood CSP"
    assert asb.period.label == "2022/23 against 2021/22"
    assert (asb.count, asb.previous) == (2760 + 2940, 3000 + 3000)  # Bassetlaw + N&S
    assert asb.change_text == "-5%"


def test_the_latest_financial_year_to_date_is_used_when_not_complete(demo_db):
    asb = measure(demo_db, "Anti-social behaviour")
    for district in ("Bassetlaw", "Newark and Sherwood"):
        area_id = demo_db.execute("SELECT id FROM areas WHERE name = ?", [district]).fetchone()[0]
        for month in ("2023-04", "2023-05"):
            demo_db.execute("INSERT INTO monthly_counts VALUES (?, ?, ?, 100, 'typed', NULL, "
                            "'2023-06-01')", [area_id, asb, month])
    period = latest_period(demo_db, asb)
    assert period.months == ("2023-04", "2023-05")
    assert period.previous == ("2022-04", "2022-05")
    assert period.label == ("2023/24 to date (April to May 2023) against the same months of "
                            "2022/23")
    area = by_title(demo_db)["Area based work/Town Centre Issues (ASB)"]
    [change] = measure_changes(demo_db, area.id)
    assert change.count == 400 and change.previous is not None


def test_a_measure_without_figures_or_home_area_says_so(demo_db):
    [burglary] = measure_changes(demo_db, by_title(demo_db)["Burglary"].id)
    assert burglary.count is None and "no figures" in burglary.note
    set_setting(demo_db, "home_area", "")
    area = by_title(demo_db)["Area based work/Town Centre Issues (ASB)"]
    [asb] = measure_changes(demo_db, area.id)
    assert asb.count is None and "no home area" in asb.note


def test_linked_actions_are_listed_with_their_status(demo_db):
    chosen = by_title(demo_db)
    actions = linked_actions(demo_db, chosen["Area based work/Town Centre Issues (ASB)"].id)
    assert len(actions) == 23
    assert {a.programme for a in actions} == {"Safer Streets 4",
                                              "ASB Working Group Review action plan"}
    assert {a.status for a in actions} <= {"not started", "in progress", "complete", "cancelled"}
    assert len(linked_actions(demo_db, chosen["Domestic Violence"].id)) == 2
    assert linked_actions(demo_db, chosen["Rural Crime"].id) == []
    delete_priority(demo_db, chosen["Domestic Violence"].id)  # the actions stay, unlinked
    assert demo_db.execute("SELECT COUNT(*) FROM actions WHERE priority_id IS NULL"
                           ).fetchone()[0] >= 2
