"""Data-quality flags: months far below their neighbours, and missing months."""

from __future__ import annotations

import pytest

from cspdesk.errors import InputError
from cspdesk.performance.areas import add_area, ensure_standard_measures
from cspdesk.performance.quality import QualityFlag, flags_for, quality_flags
from cspdesk.store.database import open_database


@pytest.fixture
def tree(db) -> dict[str, int]:
    """A small force: county > CSP > Bassetlaw and Newark and Sherwood, and a city."""
    ensure_standard_measures(db)
    ids = {"force": add_area(db, "Nottinghamshire Police", "force", None)}
    ids["county"] = add_area(db, "Nottinghamshire", "county", ids["force"])
    ids["city"] = add_area(db, "Nottingham", "city", ids["force"])
    ids["csp"] = add_area(db, "BNS CSP", "csp", ids["county"])
    ids["bassetlaw"] = add_area(db, "Bassetlaw", "district", ids["csp"])
    ids["newark"] = add_area(db, "Newark and Sherwood", "district", ids["csp"])
    return ids


def store(db, area_id: int, measure: str, counts: dict[str, int]) -> None:
    mid = db.execute("SELECT id FROM measures WHERE name = ?", [measure]).fetchone()[0]
    with db.atomic():
        for month, count in counts.items():
            db.execute("INSERT INTO monthly_counts VALUES (?, ?, ?, ?, 'imported', "
                       "'2023.zip', '2023-10-01T09:00:00')", [area_id, mid, month, count])


def month_range(start: str, end: str) -> list[str]:
    """Every month from ``start`` to ``end`` inclusive ('YYYY-MM')."""
    first = int(start[:4]) * 12 + int(start[5:7]) - 1
    last = int(end[:4]) * 12 + int(end[5:7]) - 1
    return [f"{index // 12:04d}-{index % 12 + 1:02d}" for index in range(first, last + 1)]


def series(start: str, counts: list[int | None]) -> dict[str, int]:
    """Counts for consecutive months from ``start``; None leaves a month out."""
    months = month_range(start, "2099-12")[:len(counts)]
    return {m: c for m, c in zip(months, counts, strict=True) if c is not None}


def test_a_month_at_a_quarter_of_its_neighbours_is_flagged(db, tree):
    store(db, tree["bassetlaw"], "Anti-social behaviour",
          series("2023-01", [100, 104, 96, 100, 25, 98, 102, 100, 99]))
    assert quality_flags(db) == [QualityFlag(
        "Bassetlaw", "Anti-social behaviour", "2023-05",
        "far below the months either side (25 against about 100)")]


def test_a_month_at_half_its_neighbours_is_not_flagged(db, tree):
    store(db, tree["bassetlaw"], "Anti-social behaviour",
          series("2023-01", [100, 104, 96, 100, 50, 98, 102, 100, 99]))
    assert quality_flags(db) == []


def test_thousands_are_written_with_commas(db, tree):
    store(db, tree["force"], "Anti-social behaviour",
          series("2023-01", [1230, 1210, 1250, 41, 1240, 1220, 1230]))
    (flag,) = quality_flags(db)
    assert (flag.area, flag.month) == ("Nottinghamshire Police", "2023-04")
    assert flag.reason == "far below the months either side (41 against about 1,230)"


def test_small_counts_are_not_flagged(db, tree):
    store(db, tree["bassetlaw"], "Robbery", series("2023-01", [6, 8, 7, 0, 9, 6, 7]))
    assert quality_flags(db) == []


def test_a_median_of_ten_is_judged(db, tree):
    store(db, tree["bassetlaw"], "Robbery", series("2023-01", [10, 10, 10, 3, 10, 10, 10]))
    assert [f.month for f in quality_flags(db)] == ["2023-04"]


def test_a_gap_is_flagged_missing_but_not_the_months_outside_the_counts(db, tree):
    store(db, tree["newark"], "All crime",
          series("2023-01", [900, 910, None, None, 905, 899]))
    assert quality_flags(db, "All crime") == [
        QualityFlag("Newark and Sherwood", "All crime", "2023-03", "missing"),
        QualityFlag("Newark and Sherwood", "All crime", "2023-04", "missing")]


def test_a_month_needs_two_neighbours_with_counts_to_be_judged(db, tree):
    store(db, tree["bassetlaw"], "All crime", series("2023-01", [100, 20]))
    # 2024: the last month's only neighbour in reach is two months back, past a gap.
    store(db, tree["newark"], "All crime", series("2024-01", [100, None, 20]))
    assert quality_flags(db) == [
        QualityFlag("Newark and Sherwood", "All crime", "2024-02", "missing")]


def test_a_first_month_is_judged_on_the_months_after_it(db, tree):
    store(db, tree["bassetlaw"], "All crime", series("2023-01", [20, 100, 100, 100]))
    assert [(f.month, f.reason[:32]) for f in quality_flags(db)] == [
        ("2023-01", "far below the months either side")]


def test_flags_are_ordered_by_measure_area_and_month(db, tree):
    gap = series("2023-01", [100, None, 100, None, 100])
    for area in ("newark", "bassetlaw", "force"):
        for measure in ("Anti-social behaviour", "All crime"):
            store(db, tree[area], measure, gap)
    flags = quality_flags(db)
    assert [(f.measure, f.area, f.month) for f in flags][:6] == [
        ("All crime", "Nottinghamshire Police", "2023-02"),
        ("All crime", "Nottinghamshire Police", "2023-04"),
        ("All crime", "Bassetlaw", "2023-02"), ("All crime", "Bassetlaw", "2023-04"),
        ("All crime", "Newark and Sherwood", "2023-02"),
        ("All crime", "Newark and Sherwood", "2023-04")]
    assert {f.measure for f in flags[6:]} == {"Anti-social behaviour"}
    assert len(quality_flags(db, "Anti-social behaviour")) == 6


def test_an_unknown_measure_is_refused(db, tree):
    with pytest.raises(InputError, match="no measure called 'Burglaries'") as info:
        quality_flags(db, "Burglaries")
    assert info.value.field == "measure"


def test_the_demo_has_no_flags_until_a_month_is_cut_to_a_third(demo_db):
    assert quality_flags(demo_db) == []
    force = demo_db.execute("SELECT id FROM areas WHERE level = 'force'").fetchone()[0]
    demo_db.execute("UPDATE monthly_counts SET count = count / 4 WHERE area_id = ? AND "
                    "month = '2022-08' AND measure_id = (SELECT id FROM measures "
                    "WHERE name = 'Anti-social behaviour')", [force])
    (flag,) = quality_flags(demo_db)
    assert (flag.area, flag.measure, flag.month) == (
        "Nottinghamshire Police", "Anti-social behaviour", "2022-08")


def test_a_districts_flag_shows_on_its_csp_and_county(db, tree):
    store(db, tree["bassetlaw"], "Anti-social behaviour",
          series("2023-01", [300, 310, 290, 300, 80, 305, 295]))
    store(db, tree["newark"], "Anti-social behaviour",
          series("2023-01", [200, 200, None, 200, 200, 200, 200]))
    flags = flags_for(db, "Anti-social behaviour", ["2023-04", "2023-05", "2023-06"])
    far = "May 2023: far below the months either side (80 against about 300)"
    assert flags == {
        "Bassetlaw": [far],
        "BNS CSP": [f"Bassetlaw: {far}"],
        "Nottinghamshire": [f"Bassetlaw: {far}"],
        # The force has no counts of its own here, so it is the sum of its parts.
        "Nottinghamshire Police": [f"Bassetlaw: {far}"],
    }
    # Newark and Sherwood's gap is in March, outside the months asked about.
    assert flags_for(db, "Anti-social behaviour", ["2023-03"])["BNS CSP"] == [
        "Newark and Sherwood: March 2023: missing"]


def test_a_force_with_its_own_counts_keeps_only_its_own_flags(db, tree):
    store(db, tree["force"], "All crime", series("2023-01", [9000] * 7))
    store(db, tree["bassetlaw"], "All crime", series("2023-01", [300, 300, 300, 50, 300]))
    flags = flags_for(db, "All crime", ["2023-04"])
    assert "Nottinghamshire Police" not in flags
    assert flags["Nottinghamshire"] == [
        "Bassetlaw: April 2023: far below the months either side (50 against about 300)"]


def test_among_a_quarter_of_a_million_counts_the_one_low_month_is_found(db, tree):
    # Its speed is a benchmark's business (bench/), not a test's.
    mid = db.execute("SELECT id FROM measures WHERE name = 'All crime'").fetchone()[0]
    months = month_range("2000-01", "2020-10")  # 250 months
    rows = []
    with db.atomic():
        for n in range(1000):
            area = db.execute("INSERT INTO areas (name, level, parent_id) VALUES "
                              "(?, 'district', ?)", [f"District {n}", tree["csp"]]).lastrowid
            rows += [(area, mid, m, 400 + (i * 7 + n) % 50) for i, m in enumerate(months)]
        rows[123_456] = (*rows[123_456][:3], 40)
        db.conn.executemany("INSERT INTO monthly_counts VALUES (?, ?, ?, ?, 'imported', "
                            "NULL, 'now')", rows)
    flags = quality_flags(db)
    assert [(f.area, f.month) for f in flags] == [
        (f"District {123_456 // 250}", months[123_456 % 250])]


def test_flags_follow_a_count_written_on_this_or_another_connection(db, db_path, tree):
    """The counts read once serve the flags while nothing is written; a count written on
    this connection, or committed by another cspdesk, is seen at once."""
    store(db, tree["bassetlaw"], "Anti-social behaviour",
          series("2023-01", [100, 104, 96, 100, 25, 98, 102, 100, 99]))
    assert [f.month for f in quality_flags(db)] == ["2023-05"]
    db.execute("UPDATE monthly_counts SET count = 97 WHERE month = '2023-05'")
    assert quality_flags(db) == []
    other = open_database(db_path)
    try:
        store(other, tree["bassetlaw"], "Anti-social behaviour", {"2023-10": 10,
                                                                 "2023-11": 100})
    finally:
        other.close()
    assert [f.month for f in quality_flags(db)] == ["2023-10"]
