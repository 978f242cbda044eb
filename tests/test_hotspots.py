"""Hotspots: a district's LSOAs with the most incidents and the biggest rises."""

from __future__ import annotations

import pytest

from cspdesk.performance.hotspots import Hotspot, hotspots, months_with_lsoa_counts

NOW = ["2023-01", "2023-02", "2023-03"]
BEFORE = ["2022-01", "2022-02", "2022-03"]


def lsoa(db, code: str, name: str, month: str, crime_type: str, count: int) -> None:
    db.execute("INSERT INTO lsoas (code, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
               [code, name])
    db.execute("INSERT INTO lsoa_imports (month, source_file) VALUES (?, 'x.zip') "
               "ON CONFLICT DO NOTHING", [month])
    db.execute("INSERT INTO lsoa_month_counts (month, lsoa_code, crime_type, count) "
               "VALUES (?, ?, ?, ?)", [month, code, crime_type, count])


@pytest.fixture
def counts(db):
    """Derby and Derbyshire Dales LSOAs over two years; Derbyshire Dales' names start with
    "Derby" too, and must never count as Derby's."""
    rows = [
        ("E01033291", "Derby 001A", "Violence and sexual offences", [30, 20, 10], [10, 10, 10]),
        ("E01033291", "Derby 001A", "Anti-social behaviour", [50, 50, 50], [0, 0, 0]),
        ("E01033292", "Derby 002B", "Shoplifting", [5, 5, 5], [2, 2, 1]),
        ("E01033292", "Derby 002B", "Burglary", [5, 0, 0], [1, 0, 0]),
        ("E01033293", "Derby 003C", "Burglary", [4, 4, 4], [10, 10, 10]),
        ("E01019780", "Derbyshire Dales 001A", "Burglary", [90, 90, 90], [0, 0, 0]),
        ("E01019781", "Derbyshire Dales 002A", "Shoplifting", [3, 3, 3], [3, 3, 3]),
    ]
    with db.atomic():
        for code, name, crime_type, now, before in rows:
            for months, values in ((NOW, now), (BEFORE, before)):
                for month, count in zip(months, values, strict=True):
                    lsoa(db, code, name, month, crime_type, count)
    return db


def test_all_crime_leaves_out_asb_and_other_districts(counts):
    most, rises = hotspots(counts, "Derby", NOW, BEFORE)
    assert most == [
        Hotspot("E01033291", "Derby 001A", 60, 30, 30),
        Hotspot("E01033292", "Derby 002B", 20, 6, 14),
        Hotspot("E01033293", "Derby 003C", 12, 30, -18),
    ]
    assert [(h.lsoa_name, h.change) for h in rises] == [("Derby 001A", 30), ("Derby 002B", 14)]


def test_derbyshire_dales_is_not_derby(counts):
    most, rises = hotspots(counts, "Derbyshire Dales", NOW, BEFORE)
    assert [(h.lsoa_name, h.count) for h in most] == [
        ("Derbyshire Dales 001A", 270), ("Derbyshire Dales 002A", 9)]
    assert [h.lsoa_name for h in rises] == ["Derbyshire Dales 001A"]  # 002A did not rise
    assert hotspots(counts, "Derbyshire", NOW, BEFORE) == ([], [])


def test_one_crime_type_or_asb(counts):
    most, _ = hotspots(counts, "Derby", NOW, BEFORE, "Burglary")
    assert [(h.lsoa_name, h.count, h.previous) for h in most] == [
        ("Derby 003C", 12, 30), ("Derby 002B", 5, 1)]
    most, rises = hotspots(counts, "Derby", NOW, BEFORE, "Anti-social behaviour")
    assert most == rises == [Hotspot("E01033291", "Derby 001A", 150, 0, 150)]


def test_the_limit_and_a_single_month(counts):
    most, rises = hotspots(counts, "Derby", ["2023-01"], ["2022-01"], limit=1)
    assert most == [Hotspot("E01033291", "Derby 001A", 30, 10, 20)]
    assert rises == most


def test_an_lsoa_with_nothing_now_is_not_among_the_most(counts):
    most, rises = hotspots(counts, "Derby", ["2023-03"], ["2023-02"], "Burglary")
    assert [h.lsoa_name for h in most] == ["Derby 003C"]  # 002B had 0 in March 2023
    assert rises == []


def test_no_lsoa_counts(db):
    assert hotspots(db, "Bassetlaw", NOW, BEFORE) == ([], [])


def test_months_with_lsoa_counts(counts):
    assert months_with_lsoa_counts(counts, ["2023-02", "2021-12", "2023-01", "2023-02"]) == [
        "2023-01", "2023-02"]
    assert months_with_lsoa_counts(counts, []) == []
