"""The monthly grid: counts typed or imported, sums of districts, flags, hotspot notes."""

from __future__ import annotations

import datetime as dt

import pytest

from cspdesk.errors import InputError
from cspdesk.performance.monthly import (
    GridCell,
    grid_years,
    hotspot_notes,
    monthly_grid,
    set_count,
    set_counts,
    set_hotspot_notes,
)
from cspdesk.performance.totals import financial_years_with_counts, months_with_counts

CSP = "Bassetlaw and Newark and Sherwood CSP"


@pytest.fixture
def ids(demo_db) -> dict[str, int]:
    return dict(demo_db.execute("SELECT name, id FROM areas").fetchall())


def stored(db, area_id: int, measure: str, month: str) -> tuple | None:
    return db.execute(
        "SELECT count, entry, source_file FROM monthly_counts WHERE area_id = ? AND month = ? "
        "AND measure_id = (SELECT id FROM measures WHERE name = ?)",
        [area_id, month, measure]).fetchone()


def test_the_grid_shows_imported_counts_and_sums_of_districts(demo_db, ids):
    grid = monthly_grid(demo_db, "All crime", ["2022-04", "2022-05"])
    assert len(grid) == 2 * len(ids)  # every area, every month
    bassetlaw = grid[(ids["Bassetlaw"], "2022-04")]
    assert bassetlaw.entry == "imported" and not bassetlaw.derived
    assert bassetlaw.source_file == "resources/demo/annual_counts.csv"
    newark = grid[(ids["Newark and Sherwood"], "2022-04")]
    csp = grid[(ids[CSP], "2022-04")]
    assert csp.derived and csp.entry is None
    assert csp.count == bassetlaw.count + newark.count
    csps = [grid[(i, "2022-05")].count for n, i in ids.items() if n.endswith("CSP")]
    assert grid[(ids["Nottinghamshire"], "2022-05")].count == sum(csps)
    force = grid[(ids["Nottinghamshire Police"], "2022-05")]
    assert not force.derived and force.entry == "imported"  # the force keeps its own


def test_a_sum_with_a_part_missing_is_missing(demo_db, ids):
    set_count(demo_db, ids["Newark and Sherwood"], "All crime", "2022-06", None)
    grid = monthly_grid(demo_db, "All crime", ["2022-06", "2023-04"])
    assert grid[(ids[CSP], "2022-06")].count is None
    assert grid[(ids["Nottinghamshire"], "2022-06")].count is None
    assert grid[(ids["Bassetlaw"], "2023-04")] == GridCell(None, None, None, None, None, False)
    assert grid[(ids[CSP], "2023-04")].count is None


def test_the_grid_shows_flags_on_the_district_and_its_sums(demo_db, ids):
    set_count(demo_db, ids["Bassetlaw"], "Anti-social behaviour", "2022-09", 30)
    set_count(demo_db, ids["Newark and Sherwood"], "Anti-social behaviour", "2022-10", "")
    grid = monthly_grid(demo_db, "Anti-social behaviour", ["2022-09", "2022-10"])
    assert grid[(ids["Bassetlaw"], "2022-09")].flag.startswith(
        "far below the months either side (30 against about ")
    assert grid[(ids[CSP], "2022-09")].flag.startswith("Bassetlaw: far below")
    assert grid[(ids["Newark and Sherwood"], "2022-10")].flag == "missing"
    assert grid[(ids["Nottinghamshire"], "2022-10")].flag == "Newark and Sherwood: missing"
    assert grid[(ids["Mansfield"], "2022-09")].flag is None


def test_a_typed_count_replaces_the_imported_one(demo_db, ids):
    set_count(demo_db, ids["Bassetlaw"], "All crime", "2022-04", " 1,234 ")
    assert stored(demo_db, ids["Bassetlaw"], "All crime", "2022-04") == (1234, "typed", None)
    cell = monthly_grid(demo_db, "All crime", ["2022-04"])[(ids["Bassetlaw"], "2022-04")]
    assert (cell.count, cell.entry, cell.source_file) == (1234, "typed", None)
    assert cell.updated_at[:10] == dt.date.today().isoformat()
    # Emptying the cell removes the count: the imported one is not restored.
    set_count(demo_db, ids["Bassetlaw"], "All crime", "2022-04", "")
    assert stored(demo_db, ids["Bassetlaw"], "All crime", "2022-04") is None


def test_a_count_can_be_typed_where_there_was_none(demo_db, ids):
    set_count(demo_db, ids["Bassetlaw"], "Hate crime", "2023-03", " 12 ")
    set_count(demo_db, ids["Nottinghamshire Police"], "Hate crime", "2023-03", 0)
    assert stored(demo_db, ids["Bassetlaw"], "Hate crime", "2023-03") == (12, "typed", None)
    assert stored(demo_db, ids["Nottinghamshire Police"], "Hate crime", "2023-03")[0] == 0


@pytest.mark.parametrize("value, words", [
    ("12.5", "whole number"), ("-3", "cannot be negative"), ("abc", "not a count"),
    (-1, "cannot be negative"), (2.5, "whole number"), (True, "not a count"),
    ("12,34", "not a count")])
def test_a_count_that_is_not_a_whole_number_of_0_or_more_is_refused(demo_db, ids, value,
                                                                    words):
    before = stored(demo_db, ids["Bassetlaw"], "All crime", "2022-07")
    with pytest.raises(InputError, match=words) as info:
        set_count(demo_db, ids["Bassetlaw"], "All crime", "2022-07", value)
    assert info.value.field == "count"
    assert "Bassetlaw in July 2022" in str(info.value)
    assert stored(demo_db, ids["Bassetlaw"], "All crime", "2022-07") == before


@pytest.mark.parametrize("area", [CSP, "Nottinghamshire"])
def test_a_sum_of_districts_cannot_be_typed_into(demo_db, ids, area):
    with pytest.raises(InputError, match=f"{area} is the sum of its districts"):
        set_count(demo_db, ids[area], "All crime", "2022-07", 100)
    assert stored(demo_db, ids[area], "All crime", "2022-07") is None


def test_an_unknown_area_month_or_measure_is_refused(demo_db, ids):
    with pytest.raises(InputError) as info:
        set_count(demo_db, 9999, "All crime", "2022-07", 1)
    assert info.value.field == "area_id"
    with pytest.raises(InputError, match="'2022-13' is not a month") as info:
        set_count(demo_db, ids["Bassetlaw"], "All crime", "2022-13", 1)
    assert info.value.field == "month"
    with pytest.raises(InputError, match="no measure called 'Crime'"):
        set_count(demo_db, ids["Bassetlaw"], "Crime", "2022-07", 1)


def test_a_paste_is_all_or_nothing(demo_db, ids):
    cells = {(ids["Bassetlaw"], "2023-04"): "10", (ids["Newark and Sherwood"], "2023-04"): "11",
             (ids["Mansfield"], "2023-04"): "1O"}
    with pytest.raises(InputError, match="'1O' is not a count.*Mansfield in April 2023"):
        set_counts(demo_db, "Hate crime", cells)
    assert stored(demo_db, ids["Bassetlaw"], "Hate crime", "2023-04") is None
    cells[(ids["Mansfield"], "2023-04")] = "12"
    set_counts(demo_db, "Hate crime", cells)
    grid = monthly_grid(demo_db, "Hate crime", ["2023-04"])
    assert grid[(ids[CSP], "2023-04")].count == 21
    assert grid[(ids["Mansfield"], "2023-04")].entry == "typed"


def test_a_paste_over_a_sum_is_refused_whole(demo_db, ids):
    cells = {(ids["Bassetlaw"], "2023-04"): 10, (ids[CSP], "2023-04"): 20}
    with pytest.raises(InputError, match="sum of its districts"):
        set_counts(demo_db, "Hate crime", cells)
    assert stored(demo_db, ids["Bassetlaw"], "Hate crime", "2023-04") is None


def test_hotspot_notes_are_kept_replaced_and_deleted(demo_db, ids):
    area = ids["Newark and Sherwood"]
    assert hotspot_notes(demo_db, area, "2023-03") == ""
    set_hotspot_notes(demo_db, area, "2023-03", "Newark town centre: shop thefts, evenings.\n")
    assert hotspot_notes(demo_db, area, "2023-03") == "Newark town centre: shop thefts, evenings."
    assert hotspot_notes(demo_db, area, "2023-02") == ""
    set_hotspot_notes(demo_db, area, "2023-03", "Ollerton: off-road bikes.")
    assert hotspot_notes(demo_db, area, "2023-03") == "Ollerton: off-road bikes."
    set_hotspot_notes(demo_db, area, "2023-03", "  ")
    assert demo_db.execute("SELECT COUNT(*) FROM hotspot_notes").fetchone()[0] == 0


def test_hotspot_notes_need_a_real_area_and_month(demo_db, ids):
    with pytest.raises(InputError):
        set_hotspot_notes(demo_db, 9999, "2023-03", "x")
    with pytest.raises(InputError, match="not a month"):
        set_hotspot_notes(demo_db, ids["Bassetlaw"], "March 2023", "x")


def test_the_months_and_years_with_counts(demo_db, db):
    months = months_with_counts(demo_db)
    assert months == sorted(months) and months[-1] == "2023-03"
    assert financial_years_with_counts(demo_db)[0] == "2022/23"
    assert months_with_counts(db) == [] and financial_years_with_counts(db) == []


def test_the_grid_offers_this_year_and_next_even_without_counts(demo_db, db):
    # On 2 April 2024 the officer types April's figures: 2024/25 has none yet.
    years, first = grid_years(demo_db, dt.date(2024, 4, 2))
    assert years == ["2025/26", "2024/25", "2022/23", "2021/22"]
    assert first == "2022/23"  # the grid opens on the newest year with counts
    assert grid_years(db, dt.date(2024, 3, 31)) == (["2024/25", "2023/24"], "2023/24")


def test_the_months_with_counts_of_every_measure_and_area_once_each(db):
    from cspdesk.performance.areas import add_area, ensure_standard_measures

    ensure_standard_measures(db)
    force = add_area(db, "Force", "force", None)
    city = add_area(db, "City", "city", force)
    ids = dict(db.execute("SELECT name, id FROM measures").fetchall())
    cells = [(force, "All crime", "2021-03"), (city, "All crime", "2020-12"),
             (city, "Anti-social behaviour", "2021-03"), (force, "Hate crime", "2024-01"),
             (city, "Hate crime", "2019-07")]
    for area, measure, month in cells:
        db.execute("INSERT INTO monthly_counts VALUES (?, ?, ?, 5, 'typed', NULL, 'now')",
                   [area, ids[measure], month])
    assert months_with_counts(db) == ["2019-07", "2020-12", "2021-03", "2024-01"]
    assert financial_years_with_counts(db) == ["2023/24", "2020/21", "2019/20"]
