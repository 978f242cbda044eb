"""What the measures mean: All crime is every police.uk crime type except ASB."""

from __future__ import annotations

from cspdesk.performance.areas import standard_measures
from cspdesk.performance.hotspots import crime_type_choices
from cspdesk.performance.measures import (
    ALL_CRIME,
    ASB,
    all_crime_count,
    in_all_crime,
    list_measures,
)


def test_all_crime_counts_every_crime_type_but_anti_social_behaviour():
    assert not in_all_crime(ASB) and ASB == "Anti-social behaviour"
    police_types = [t for _n, source, t, _d in standard_measures()
                    if source == "police.uk" and t]
    assert [t for t in police_types if not in_all_crime(t)] == [ASB]
    assert all_crime_count({"Burglary": 3, ASB: 50, "Drugs": 2}) == 5
    assert all_crime_count({}) == 0


def test_the_measures_are_listed_in_the_tabs_order(demo_db):
    measures = list_measures(demo_db)
    assert measures[0].name == ALL_CRIME and measures[0].crime_type is None
    assert measures[1].name == ASB and measures[1].source == "police.uk"


def test_hotspots_are_looked_for_by_all_crime_asb_then_each_crime_type(demo_db):
    choices = crime_type_choices(demo_db)
    assert choices[:2] == [(ALL_CRIME, None), (ASB, ASB)]
    names = [name for name, _type in choices[2:]]
    assert names == sorted(names) and "Burglary" in names and ASB not in names
    assert len(choices) == 15  # All crime, ASB and the 13 police.uk crime types
