"""The area tree and the measures as the user edits them."""

from __future__ import annotations

import pytest

from cspdesk.errors import InputError
from cspdesk.performance.areas import (
    LEVELS,
    add_area,
    add_measure,
    delete_area,
    ensure_standard_measures,
    level_heading,
    level_word,
    rename_measure,
    standard_measures,
    update_area,
)
from cspdesk.performance.monthly import set_count, set_hotspot_notes
from cspdesk.performance.totals import area_tree, short_names


@pytest.fixture
def derbyshire(db) -> dict[str, int]:
    """Another force, built by hand: nothing is particular to Nottinghamshire."""
    ids = {"force": add_area(db, "Derbyshire Constabulary", "force", None, "Force")}
    ids["county"] = add_area(db, "Derbyshire", "county", ids["force"])
    ids["city"] = add_area(db, "Derby", "city", ids["force"])
    ids["csp"] = add_area(db, "Derbyshire Dales and High Peak CSP", "csp", ids["county"])
    ids["dales"] = add_area(db, "Derbyshire Dales", "district", ids["csp"], " DDDC ")
    ids["peak"] = add_area(db, "High Peak", "district", ids["csp"])
    return ids


def names_and_parents(db) -> list[tuple[str, str, str | None]]:
    names = {a.id: a.name for a in area_tree(db)}
    return [(a.name, a.level, names.get(a.parent_id)) for a in area_tree(db)]


def test_a_tree_is_built_by_hand(db, derbyshire):
    assert names_and_parents(db) == [
        ("Derbyshire Constabulary", "force", None),
        ("Derbyshire", "county", "Derbyshire Constabulary"),
        ("Derbyshire Dales and High Peak CSP", "csp", "Derbyshire"),
        ("Derbyshire Dales", "district", "Derbyshire Dales and High Peak CSP"),
        ("High Peak", "district", "Derbyshire Dales and High Peak CSP"),
        ("Derby", "city", "Derbyshire Constabulary"),
    ]
    assert {a.name: a.short_name for a in area_tree(db)}["Derbyshire Dales"] == "DDDC"


def test_a_district_can_sit_under_a_county_or_a_city(db, derbyshire):
    add_area(db, "Amber Valley", "district", derbyshire["county"])
    add_area(db, "Derby North", "district", derbyshire["city"])
    assert ("Amber Valley", "district", "Derbyshire") in names_and_parents(db)


@pytest.mark.parametrize("name, level, parent, field, words", [
    ("Leicestershire Police", "force", None, "level", "already has its force"),
    ("Chesterfield CSP", "csp", "force", "parent_id", "A CSP sits under a county"),
    ("Matlock", "district", "force", "parent_id", "but Derbyshire Constabulary is a force"),
    ("Erewash", "district", None, "parent_id", "Choose the area this district sits under"),
    ("Derby Rural", "city", "county", "parent_id", "A city sits under a force"),
    ("Bolsover", "borough", "csp", "level", "'borough' is not a level"),
    ("Bassetlaw 012C", "district", "csp", "name", "ends in an LSOA code.*'Bassetlaw'"),
    ("derbyshire dales", "district", "csp", "name", "already an area called 'Derbyshire Dales'"),
    ("  ", "district", "csp", "name", "Enter the area's name"),
    ("South Derbyshire", "district", "missing", "parent_id", "not in the database"),
])
def test_the_tree_rules(db, derbyshire, name, level, parent, field, words):
    before = names_and_parents(db)
    parent_id = {**derbyshire, "missing": 999}.get(parent) if parent else None
    with pytest.raises(InputError, match=words) as info:
        add_area(db, name, level, parent_id)
    assert info.value.field == field
    assert names_and_parents(db) == before


def test_each_level_has_one_word_capitalised_only_as_a_heading():
    assert [level_word(level) for level in LEVELS] == [
        "force", "county", "city", "CSP", "district"]
    assert [level_heading(level) for level in LEVELS] == [
        "Force", "County", "City", "CSP", "District"]  # a city is "City", never "(unitary)"


def test_an_area_without_a_short_name_is_shown_by_its_name(db, derbyshire):
    names = short_names(db)
    assert names["Derbyshire Dales"] == "DDDC" and names["High Peak"] == "High Peak"
    assert names["Derbyshire Constabulary"] == "Force"


def test_the_force_cannot_sit_under_another_area(db, derbyshire):
    with pytest.raises(InputError, match="root of the tree") as info:
        update_area(db, derbyshire["force"], parent_id=derbyshire["county"])
    assert info.value.field == "parent_id"


def test_an_area_is_renamed_and_moved(db, derbyshire):
    other = add_area(db, "Amber Valley and Erewash CSP", "csp", derbyshire["county"])
    update_area(db, derbyshire["peak"], name="High Peak Borough", parent_id=other)
    update_area(db, derbyshire["dales"], short_name="")
    assert ("High Peak Borough", "district", "Amber Valley and Erewash CSP") in (
        names_and_parents(db))
    assert {a.name: a.short_name for a in area_tree(db)}["Derbyshire Dales"] is None
    update_area(db, derbyshire["peak"], name="high peak borough")  # its own name, recased
    with pytest.raises(InputError, match="already an area called 'Derby'") as info:
        update_area(db, derbyshire["peak"], name="DERBY")
    assert info.value.field == "name"
    with pytest.raises(InputError, match="LSOA code"):
        update_area(db, derbyshire["peak"], name="High Peak 001A")
    with pytest.raises(InputError, match="sits under a CSP, a county or a city"):
        update_area(db, derbyshire["peak"], parent_id=derbyshire["force"])


def test_an_area_with_districts_counts_or_notes_is_not_deleted(demo_db):
    ids = dict(demo_db.execute("SELECT name, id FROM areas").fetchall())
    with pytest.raises(InputError, match="other areas sit under it.*Bassetlaw"):
        delete_area(demo_db, ids["Bassetlaw and Newark and Sherwood CSP"])
    with pytest.raises(InputError, match="Bassetlaw cannot be deleted: it has 48 monthly "
                                         "counts"):
        delete_area(demo_db, ids["Bassetlaw"])
    new = add_area(demo_db, "Newark", "district", ids["Nottinghamshire"])
    set_hotspot_notes(demo_db, new, "2023-03", "Market place")
    with pytest.raises(InputError, match="hotspot notes"):
        delete_area(demo_db, new)
    set_hotspot_notes(demo_db, new, "2023-03", "")
    set_count(demo_db, new, "Hate crime", "2023-03", 4)
    with pytest.raises(InputError, match="1 monthly counts"):
        delete_area(demo_db, new)
    set_count(demo_db, new, "Hate crime", "2023-03", None)
    delete_area(demo_db, new)
    assert "Newark" not in {a.name for a in area_tree(demo_db)}


def test_measures_are_added_and_renamed(db):
    assert ensure_standard_measures(db) == 17
    assert ensure_standard_measures(db) == 0
    mid = add_measure(db, "Knife crime", "Offences involving a knife (force reports)")
    assert db.execute("SELECT source, crime_type, description FROM measures WHERE id = ?",
                      [mid]).fetchone() == ("manual", None,
                                            "Offences involving a knife (force reports)")
    with pytest.raises(InputError, match="already a measure called 'Knife crime'") as info:
        add_measure(db, "knife crime")
    assert info.value.field == "name"
    rename_measure(db, mid, "Knife crime offences")
    hate = db.execute("SELECT id FROM measures WHERE name = 'Hate crime'").fetchone()[0]
    with pytest.raises(InputError, match="already a measure"):
        rename_measure(db, hate, "Knife Crime Offences")
    names = [r[0] for r in db.execute("SELECT name FROM measures ORDER BY position, id")]
    assert names[0] == "All crime" and names[-1] == "Knife crime offences"


def test_a_police_uk_measure_keeps_its_name(db):
    ensure_standard_measures(db)
    asb = db.execute("SELECT id FROM measures WHERE name = 'Anti-social behaviour'").fetchone()
    with pytest.raises(InputError, match="comes from police.uk") as info:
        rename_measure(db, asb[0], "ASB")
    assert info.value.field == "name"


def test_the_standard_measures(db):
    measures = standard_measures()
    assert len(measures) == 17
    assert measures[0][:3] == ("All crime", "police.uk", None)
    assert ("Anti-social behaviour", "police.uk", "Anti-social behaviour") in [
        m[:3] for m in measures]
    assert sum(1 for m in measures if m[1] == "manual") == 2
    add_measure(db, "hate crime")  # already there under another case: not added again
    assert ensure_standard_measures(db) == 16


def test_a_new_database_can_start_from_the_nottinghamshire_tree(db):
    from cspdesk.performance.areas import load_default_area_tree
    from cspdesk.performance.totals import area_tree

    assert load_default_area_tree(db) == 13
    tree = {a.name: a for a in area_tree(db)}
    assert tree["Nottinghamshire Police"].level == "force"
    assert tree["Newark and Sherwood"].depth == 3
    with pytest.raises(InputError, match="already has an area tree"):
        load_default_area_tree(db)
