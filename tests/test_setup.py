"""Setting up a new partnership from the ONS lookup: the tree, organisations, measures and
settings, `cspdesk new` with the same choices, and a police.uk import straight away."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cspdesk.cli.main import main
from cspdesk.errors import InputError
from cspdesk.meetings.structure import list_organisations
from cspdesk.performance.police_uk.importer import import_police_uk
from cspdesk.performance.totals import area_tree
from cspdesk.setup.ons import all_districts, districts_of, forces
from cspdesk.setup.partnership import (
    PartnershipChoice,
    add_districts,
    build_partnership,
    districts_to_offer,
)
from cspdesk.store.database import create_database, open_database
from cspdesk.store.settings import get_setting
from tests.test_cli_import import street_file

ROOT = Path(__file__).resolve().parent.parent
BNS = PartnershipChoice("Nottinghamshire Police", ["Bassetlaw", "Newark and Sherwood"])


def tree_lines(db) -> list[str]:
    return [f"{a.level} {a.name}" for a in area_tree(db)]


def test_the_lookup_has_every_district_of_england_and_wales_once():
    codes = [d.code for d in all_districts()]
    assert len(codes) == len(set(codes)) == 339
    assert len(forces()) == 43
    assert "Nottinghamshire Police" in forces()
    assert [d.name for d in districts_of("nottinghamshire")] == [
        "Ashfield", "Bassetlaw", "Broxtowe", "Gedling", "Mansfield", "Newark and Sherwood",
        "Nottingham", "Rushcliffe"]


def test_the_lookup_is_shipped_with_its_attribution():
    readme = (ROOT / "resources" / "ons" / "README.md").read_text(encoding="utf-8")
    assert "Open Government Licence" in readme and "Office for National Statistics" in readme


def test_a_partnership_is_set_up_with_its_force_tree(db):
    summary = build_partnership(db, BNS)
    assert summary.sentence() == ("Set up Bassetlaw and Newark and Sherwood CSP: 14 areas in "
                                  "the tree, 6 organisations and 17 measures.")
    lines = tree_lines(db)
    assert lines[:5] == ["force Nottinghamshire Police", "county Nottinghamshire",
                         "csp Bassetlaw and Newark and Sherwood CSP", "district Bassetlaw",
                         "district Newark and Sherwood"]
    assert "csp South Nottinghamshire CSP" in lines and "city Nottingham" in lines
    assert get_setting(db, "home_area") == "Bassetlaw and Newark and Sherwood CSP"
    assert get_setting(db, "partnership_short_name") == "BNS CSP"


def test_the_responsible_authorities_are_filled_in(db):
    build_partnership(db, BNS)
    found = {(o.name, o.responsible_authority) for o in list_organisations(db)}
    assert found == {
        ("Bassetlaw District Council", "district council"),
        ("Newark and Sherwood District Council", "district council"),
        ("Nottinghamshire County Council", "county council"),
        ("Nottinghamshire Police", "police"),
        ("Nottinghamshire Fire and Rescue Service", "fire and rescue"),
        ("NHS Nottinghamshire Integrated Care Board", "integrated care board")}


def test_a_unitary_council_is_its_own_area_and_has_no_county_council(db):
    build_partnership(db, PartnershipChoice("Derbyshire Constabulary", ["Derby"]))
    assert get_setting(db, "home_area") == "Derby"
    assert "city Derby" in tree_lines(db)
    names = {o.name for o in list_organisations(db)}
    assert "Derby Council" in names and not any("County Council" in n for n in names)


def test_names_changed_since_2019_are_used_as_given_and_merged(db):
    old = ["Aylesbury Vale", "Chiltern", "South Bucks", "Wycombe"]
    build_partnership(db, PartnershipChoice(
        "Thames Valley Police", old, "Buckinghamshire CSP", "Oxfordshire and Buckinghamshire",
        dict.fromkeys(old, "Buckinghamshire")))
    lines = tree_lines(db)
    assert lines.count("district Buckinghamshire") == 1
    assert not any(name in line for name in old for line in lines)


def test_every_district_of_a_split_partnership_still_has_a_csp(db):
    build_partnership(db, PartnershipChoice("Devon & Cornwall Police", ["North Devon"]))
    lines = tree_lines(db)
    assert "csp North Devon CSP" in lines and "csp Torridge CSP" in lines


def test_a_district_of_another_force_is_refused_with_the_nearest(db):
    with pytest.raises(InputError, match="no district called 'Basetlaw'. Did you mean "
                                         "Bassetlaw?"):
        build_partnership(db, PartnershipChoice("Nottinghamshire Police", ["Basetlaw"]))
    assert tree_lines(db) == []


def test_a_second_set_up_is_refused_and_changes_nothing(db):
    build_partnership(db, BNS)
    before = tree_lines(db)
    with pytest.raises(InputError, match="already has an area tree"):
        build_partnership(db, BNS)
    assert tree_lines(db) == before


def test_police_uk_files_import_straight_away_and_name_the_missing_districts(db, tmp_path):
    build_partnership(db, BNS)
    path = street_file(tmp_path / "2023-01-nottinghamshire-street.csv",
                       [("2023-01", "Bassetlaw 001A", "Burglary")] * 3
                       + [("2023-01", "Newshire 004B", "Burglary")] * 2)
    report = import_police_uk(db, [path])
    assert report.months[0].all_crime["Bassetlaw"] == 3
    assert report.months[0].all_crime["Nottinghamshire Police"] == 5
    assert report.outside_districts == ["Newshire"]
    assert add_districts(db, report.outside_districts) == ["Newshire"]
    assert "district Newshire" in tree_lines(db)
    again = import_police_uk(db, [path])
    assert again.months[0].all_crime["Newshire"] == 2 and again.outside_districts == []


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), obj={})


def test_only_districts_that_may_be_the_forces_are_offered(db):
    build_partnership(db, BNS)
    found = ["Bolsover", "Doncaster", "North Northamptonshire", "Newshire", "Kingston upon Hull"]
    assert districts_to_offer(db, found) == ["Newshire"]


def test_a_partnership_of_a_council_formed_since_2019_is_offered_it(db):
    build_partnership(db, PartnershipChoice("Northamptonshire Police", ["Corby"]))
    assert districts_to_offer(db, ["North Northamptonshire", "Leicester"]) == [
        "North Northamptonshire"]


def test_the_lookup_names_districts_as_police_uk_does():
    names = {d.name for d in all_districts()}
    assert {"Kingston upon Hull", "Herefordshire", "Bristol", "City of London"} <= names


def test_cspdesk_new_sets_a_partnership_up_from_its_csp(tmp_path):
    path = tmp_path / "notts.sqlite"
    result = run("new", path, "--force", "Nottinghamshire Police", "--csp",
                 "South Nottinghamshire")
    assert result.exit_code == 0, result.output
    assert result.output == (f"Created {path}. Set up South Nottinghamshire CSP: 15 areas in "
                             "the tree, 7 organisations and 17 measures.\n")
    db = open_database(path)
    assert "district Gedling" in tree_lines(db)
    db.close()


def test_cspdesk_new_with_districts_and_a_rename(tmp_path):
    path = tmp_path / "bucks.sqlite"
    result = run("new", path, "--force", "Thames Valley", "--district", "Aylesbury Vale",
                 "--rename", "Aylesbury Vale=Buckinghamshire", "--name", "Bucks CSP")
    assert result.exit_code == 0, result.output
    db = open_database(path)
    assert "district Buckinghamshire" in tree_lines(db)
    assert get_setting(db, "home_area") == "Bucks CSP"
    db.close()


def test_cspdesk_new_refuses_a_wrong_district_and_leaves_no_file(tmp_path):
    path = tmp_path / "x.sqlite"
    result = run("new", path, "--force", "Nottinghamshire", "--district", "Derby")
    assert result.exit_code == 2
    assert result.output == "cspdesk: Nottinghamshire Police has no district called 'Derby'.\n"
    assert not path.exists()


def test_cspdesk_new_without_a_force_is_still_an_empty_database(tmp_path):
    result = run("new", tmp_path / "empty.sqlite")
    assert result.exit_code == 0 and "Created an empty cspdesk database" in result.output


def test_cspdesk_forces_lists_a_forces_districts_and_csps():
    result = run("forces", "Nottinghamshire Police")
    assert result.exit_code == 0
    assert "Broxtowe (South Nottinghamshire)" in result.output.splitlines()


def test_create_database_has_no_tree_until_set_up(tmp_path):
    db = create_database(tmp_path / "a.sqlite")
    assert tree_lines(db) == []
    db.close()
