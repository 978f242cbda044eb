"""The comparison against the same period last year: significance, the demo's report figures,
missing periods, data-quality flags and the xlsx export."""

from __future__ import annotations

import math
import zipfile
from fractions import Fraction
from functools import cache
from math import comb

import numpy as np
import pytest
from openpyxl import load_workbook

from cspdesk.errors import InputError
from cspdesk.performance.comparison import (
    DECREASE_COLOUR,
    HEADER_ROW,
    INCREASE_COLOUR,
    LITTLE_POWER,
    LITTLE_POWER_NOTE,
    SIGNIFICANCE_METHODS,
    Z_LIMIT,
    ComparisonLine,
    binomial_p_value,
    change_text,
    compare,
    count_text,
    export_comparison_xlsx,
    percent_change,
    percent_text,
    poisson_z,
    significance,
    verdict,
)
from cspdesk.performance.periods import parse_period, shift_month
from cspdesk.performance.totals import area_tree

# Section 2.2 of the committee report: 2022/23 against 2021/22, rounded to whole percent.
REPORT_TABLE = {
    "All crime": {"Nottinghamshire Police": 6, "Nottinghamshire": 7,
                  "Bassetlaw and Newark and Sherwood CSP": 5, "Newark and Sherwood": 9},
    "Anti-social behaviour": {"Nottinghamshire Police": -13, "Nottinghamshire": -11,
                              "Bassetlaw and Newark and Sherwood CSP": -5,
                              "Newark and Sherwood": -2},
}


def brute_force_p(count: int, previous: int) -> Fraction:
    """The textbook two-sided exact p-value: the probability, under Binomial(n, 1/2), of every
    outcome no more likely than the one observed. Exact fractions, no symmetry shortcut."""
    n = count + previous
    observed = comb(n, count)
    return Fraction(sum(comb(n, i) for i in range(n + 1) if comb(n, i) <= observed), 2 ** n)


# Significance ----------------------------------------------------------------------------


def test_no_counts_at_all_are_no_evidence_of_change():
    assert binomial_p_value(0, 0) == 1.0


def test_equal_counts_give_a_p_value_of_one():
    assert binomial_p_value(10, 10) == 1.0
    assert binomial_p_value(5000, 5000) == 1.0


@pytest.mark.parametrize("count, previous", [(15, 5), (3, 12), (27, 40), (0, 7), (1, 0),
                                             (11, 10), (150, 120), (0, 1)])
def test_binomial_p_value_matches_the_brute_force_sum(count, previous):
    assert binomial_p_value(count, previous) == pytest.approx(
        float(brute_force_p(count, previous)), rel=1e-9)


def test_sixty_against_forty_is_not_significant():
    p = binomial_p_value(60, 40)
    assert p == pytest.approx(0.0569, abs=5e-5)
    assert significance(60, 40) == (False, p, None)


def test_seventy_against_forty_is_significant():
    significant, p, z = significance(70, 40)
    assert significant is True and p is not None and p < 0.01 and z is None


def test_the_test_is_symmetric():
    assert binomial_p_value(40, 70) == binomial_p_value(70, 40)


def test_a_forces_yearly_counts_do_not_overflow():
    p = binomial_p_value(108_120, 102_000)
    assert 0.0 < p < 1e-30
    # A small difference in large counts: the normal approximation gives about 0.0258.
    assert binomial_p_value(100_000, 101_000) == pytest.approx(0.0258, abs=5e-4)
    assert binomial_p_value(300_000, 0) == 0.0


def test_poisson_z_at_known_values():
    # (2√C − 2√P) / √2 = √2(√C − √P)
    assert poisson_z(100, 81) == pytest.approx(math.sqrt(2))  # (20 - 18) / √2
    assert poisson_z(64, 100) == pytest.approx(-4 / math.sqrt(2))  # (16 - 20) / √2
    assert poisson_z(100, 64) == pytest.approx(2 * math.sqrt(2))
    assert poisson_z(0, 0) == 0.0


def test_the_poisson_z_is_significant_beyond_1_96_either_way():
    assert Z_LIMIT == 1.96  # two-sided 5%
    # Against 100 a year earlier, 130 is the least count significant: √2(√130 − 10) = 1.98.
    assert significance(130, 100, "poisson") == (True, None, pytest.approx(1.982, abs=1e-3))
    assert significance(129, 100, "poisson") == (False, None, pytest.approx(1.920, abs=1e-3))
    assert significance(100, 130, "poisson")[0] is True
    assert significance(100, 129, "poisson")[0] is False


def test_the_poisson_option_no_longer_takes_two_as_its_limit():
    # The old rule, |2(√C − √P)| > 2, called 125 against 100 significant (2.36); it is
    # not: z = √2(√125 − 10) = 1.67.
    significant, _, z = significance(125, 100, "poisson")
    assert significant is False and z == pytest.approx(1.669, abs=1e-3)


def test_a_missing_count_has_no_significance():
    assert significance(None, 10) == (None, None, None)
    assert significance(10, None, "poisson") == (None, None, None)


def test_negative_counts_and_unknown_methods_are_refused():
    with pytest.raises(InputError):
        binomial_p_value(-1, 3)
    with pytest.raises(InputError):
        poisson_z(3, -1)
    with pytest.raises(InputError, match="binomial, poisson"):
        significance(3, 4, "chi-squared")


def test_the_methods_say_what_they_are():
    assert set(SIGNIFICANCE_METHODS) == {"binomial", "poisson"}
    assert "Binomial(C + P, 0.5)" in SIGNIFICANCE_METHODS["binomial"]
    assert "(2√C − 2√P) / √2 = √2(√C − √P)" in SIGNIFICANCE_METHODS["poisson"]
    assert "|z| > 1.96" in SIGNIFICANCE_METHODS["poisson"]
    assert "|z| > 2" not in SIGNIFICANCE_METHODS["poisson"]


# The level of each test: how often it calls a change significant when nothing changed ------

PAIRS = 6_000  # pairs of counts per mean: a level of 5% is measured to within about 0.3%
MEANS = (5, 10, 50, 500, 5_000, 50_000)  # a month in one district to a year of a force


@cache
def null_level(method: str, mean: int) -> float:
    """The share of PAIRS pairs of counts of one mean (no real change) that ``method`` calls
    significant. Seeded: the same pairs every run, and for both methods."""
    rng = np.random.default_rng([16, mean])
    counts, previous = rng.poisson(mean, (2, PAIRS)).tolist()
    return sum(bool(significance(c, p, method)[0]) for c, p in zip(counts, previous,
                                                                    strict=True)) / PAIRS


@cache
def power(method: str, mean: int, rise: float) -> float:
    """The share of 2,000 pairs, this period's mean ``rise`` above last year's, called
    significant."""
    rng = np.random.default_rng([16, mean, 1])
    counts = rng.poisson(mean * (1 + rise), 2_000).tolist()
    previous = rng.poisson(mean, 2_000).tolist()
    return sum(bool(significance(c, p, method)[0]) for c, p in zip(counts, previous,
                                                                    strict=True)) / 2_000


@pytest.mark.parametrize("method, mean", [
    # Exact levels (the module's docstring): binomial 4.65%, 4.88%, 4.96%;
    # Poisson 5.44%, 5.05%, 5.01%, 5.00%, 5.00%.
    *[("binomial", mean) for mean in (500, 5_000, 50_000)],
    *[("poisson", mean) for mean in (10, 50, 500, 5_000, 50_000)],
])
def test_each_test_calls_about_5_percent_of_no_changes_significant(method, mean):
    assert 0.04 <= null_level(method, mean) <= 0.06


@pytest.mark.parametrize("mean", [5, 10, 50])
def test_the_exact_test_is_conservative_where_counts_are_small(mean):
    # Being discrete, the exact test cannot reach 5% on small counts: its exact levels at
    # means 5, 10 and 50 are 2.19%, 2.93% and 3.95%, below the 4% to 6% band. It never calls
    # more than 5% of no-changes significant; at most 6% in a simulation of PAIRS pairs.
    assert null_level("binomial", mean) <= 0.06
    assert null_level("binomial", mean) < null_level("binomial", 50_000)


def test_the_poisson_z_calls_too_many_at_a_mean_of_5():
    # The square root steadies the variance only approximately on counts this small: the
    # exact level at a mean of 5 is 7.24%, above 5%. The truth, stated in the module's
    # docstring, not hidden: this test fails if it changes, so the docstring is kept true.
    assert 0.06 < null_level("poisson", 5) < 0.09


def test_no_test_calls_one_no_change_in_six_significant_at_any_mean():
    # The old Poisson rule, |2(√C − √P)| > 2, did: about 16% at every mean.
    for mean in MEANS:
        for method in SIGNIFICANCE_METHODS:
            assert 0.0 < null_level(method, mean) < 0.09, (method, mean)


@pytest.mark.parametrize("method", ["binomial", "poisson"])
def test_a_ten_percent_rise_on_ten_thousand_is_nearly_always_significant(method):
    # 11,000 against 10,000 is about 6.9 standard deviations: both tests see it.
    assert power(method, 10_000, 0.10) >= 0.99


@pytest.mark.parametrize("method", ["binomial", "poisson"])
def test_a_ten_percent_rise_on_small_counts_is_seldom_seen(method):
    # Why a count under 10 is marked "little power": a real 10% rise on a mean of 5 is
    # called significant no more often than a change that is not there.
    assert power(method, 5, 0.10) < 0.10


# The comparison on the demo: the committee report's table --------------------------------


@pytest.mark.parametrize("measure", sorted(REPORT_TABLE))
@pytest.mark.parametrize("method", ["binomial", "poisson"])
def test_the_demos_2022_23_changes_are_the_reports(demo_db, measure, method):
    lines = {line.area: line for line in compare(demo_db, measure, parse_period("fy:2022/23"),
                                                 method)}
    for area, expected in REPORT_TABLE[measure].items():
        assert round(lines[area].change_pct) == expected, area


def test_every_area_in_tree_order_with_both_counts(demo_db):
    lines = compare(demo_db, "All crime", parse_period("fy:2022/23"))
    assert [(a.name, a.depth, a.level) for a in area_tree(demo_db)] == [
        (line.area, line.depth, line.level) for line in lines]
    force = lines[0]
    assert (force.count, force.previous, force.change) == (108_120, 102_000, 6_120)
    assert force.short_name == "Force"
    assert force.significant is True and force.p_value is not None and force.z is None
    csp = next(line for line in lines if line.level == "csp")
    districts = [line for line in lines if line.depth == csp.depth + 1][:2]
    assert csp.count == sum(d.count for d in districts)


def test_the_poisson_method_gives_z_not_p(demo_db):
    lines = compare(demo_db, "Anti-social behaviour", parse_period("fy:2022/23"), "poisson")
    assert all(line.p_value is None and line.z is not None for line in lines)
    by_area = {line.area: line for line in lines}
    assert by_area["Newark and Sherwood"].significant is False  # -2%: within chance
    assert by_area["Nottinghamshire Police"].significant is True


def test_a_missing_previous_year_is_missing_not_zero(demo_db):
    lines = compare(demo_db, "All crime", parse_period("fy:2021/22"))
    for line in lines:
        assert line.count is not None and line.previous is None
        assert line.change is None and line.change_pct is None
        assert line.significant is None and line.p_value is None and line.z is None


def test_a_partial_period_is_missing(demo_db):
    # The demo's counts end in March 2023: a year to date into 2023/24 is incomplete.
    lines = compare(demo_db, "All crime", parse_period("r12:2023-05"))
    assert all(line.count is None and line.change_pct is None for line in lines)


def test_a_measure_with_no_counts_is_missing_everywhere(demo_db):
    lines = compare(demo_db, "Hate crime", parse_period("2023-03"))
    assert lines and all(line.count is None and line.previous is None for line in lines)


def test_unknown_measure_and_method_are_refused(demo_db):
    with pytest.raises(InputError, match="Anti-social behaviour"):
        compare(demo_db, "Crime", parse_period("fy:2022/23"))
    with pytest.raises(InputError, match="binomial"):
        compare(demo_db, "All crime", parse_period("fy:2022/23"), "t-test")


# A small tree of our own: flags, a zero a year earlier ------------------------------------


def add(db, table: str, **row) -> int:
    cols, marks = ", ".join(row), ", ".join("?" * len(row))
    sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
    return db.execute(sql, list(row.values())).lastrowid


def build_small(db, counts: dict[str, dict[str, int]]) -> None:
    """Test Police > Shire > North, South; "All crime" with the given counts per area."""
    with db.atomic():
        force = add(db, "areas", name="Test Police", level="force", position=0)
        shire = add(db, "areas", name="Shire", level="county", parent_id=force, position=1)
        ids = {"Test Police": force, "Shire": shire,
               "North": add(db, "areas", name="North", level="district", parent_id=shire,
                            position=2),
               "South": add(db, "areas", name="South", level="district", parent_id=shire,
                            position=3)}
        measure = add(db, "measures", name="All crime", source="police.uk", position=0)
        for area, by_month in counts.items():
            for month, count in by_month.items():
                add(db, "monthly_counts", area_id=ids[area], measure_id=measure, month=month,
                    count=count, entry="typed", updated_at="2024-05-01T09:00:00")


def two_years(value: int) -> dict[str, int]:
    return {shift_month("2022-04", i): value for i in range(24)}


@pytest.fixture
def small(db):
    north, south = two_years(100), two_years(120)
    del north["2023-06"]  # missing this year
    south["2023-01"] = 5  # far below, last year
    build_small(db, {"North": north, "South": south, "Test Police": two_years(300)})
    return db


def test_flags_of_both_periods_are_on_the_line(small):
    lines = {line.area: line for line in compare(small, "All crime", parse_period("fy:2023/24"))}
    assert any("June 2023" in flag and "missing" in flag for flag in lines["North"].flags)
    assert any("January 2023" in flag for flag in lines["South"].flags)  # the previous year
    assert lines["Test Police"].flags == ()  # the force has counts of its own
    assert lines["North"].count is None and lines["North"].previous == 1200
    assert lines["Shire"].count is None  # a sum with a missing part is missing
    assert lines["South"].count == 1440 and lines["South"].previous == 11 * 120 + 5


def test_flags_outside_the_period_are_not_shown(small):
    lines = {line.area: line for line in compare(small, "All crime", parse_period("2024-03"))}
    assert lines["North"].flags == () and lines["South"].flags == ()


def test_a_zero_a_year_earlier_has_no_percentage_but_is_tested(db):
    build_small(db, {"North": {"2023-05": 6, "2024-05": 6}, "South": {"2023-05": 0,
                                                                       "2024-05": 6},
                     "Test Police": {"2023-05": 0, "2024-05": 0}})
    lines = {line.area: line for line in compare(db, "All crime", parse_period("2024-05"))}
    assert lines["South"].change_pct is None and lines["South"].change == 6
    assert lines["South"].significant is True  # p = 2/64
    assert lines["Test Police"].change_pct is None and lines["Test Police"].significant is False
    assert lines["North"].change_pct == 0.0 and lines["North"].p_value == 1.0


# The comparison in words (the screen, the command line and the workbook) -----------------


def line_of(count, previous, method="binomial") -> ComparisonLine:
    significant, p, z = significance(count, previous, method)
    return ComparisonLine("North", None, "district", 1, count, previous, significant, p, z, ())


def test_the_change_in_percent_is_missing_from_zero_or_a_missing_count():
    assert percent_change(10_612, 10_000) == pytest.approx(6.12)
    assert percent_change(4, 0) is None
    assert percent_change(None, 10) is None and percent_change(10, None) is None
    assert line_of(10_612, 10_000).change_pct == percent_change(10_612, 10_000)


def test_a_change_is_worded_as_its_count_then_its_percentage():
    assert change_text(line_of(10_612, 10_000)) == "+612 (+6.1%)"
    assert change_text(line_of(9_388, 10_000)) == "-612 (-6.1%)"
    assert change_text(line_of(4, 0)) == "+4 (from 0)"
    assert percent_text(line_of(4, 0)) == "from 0"
    assert percent_text(line_of(10_612, 10_000)) == "+6.1%"


def test_a_missing_value_is_the_word_missing_everywhere():
    line = line_of(None, 10_000)
    assert count_text(None) == "missing" and count_text(12_345) == "12,345"
    assert change_text(line) == percent_text(line) == verdict(line) == "missing"
    assert verdict(line, evidence=True) == "missing"


def test_the_verdict_with_its_evidence():
    assert verdict(line_of(70, 40)) == "significant"
    assert verdict(line_of(70, 40), evidence=True) == "significant (p = 0.005)"
    assert verdict(line_of(60, 40), evidence=True) == "not significant (p = 0.057)"
    assert verdict(line_of(300, 100), evidence=True) == "significant (p < 0.001)"
    assert verdict(line_of(100, 64, "poisson"), evidence=True) == "significant (z = 2.83)"
    assert verdict(line_of(129, 100, "poisson"), evidence=True) == "not significant (z = 1.92)"


def test_a_small_count_that_is_not_significant_says_the_test_has_little_power():
    assert LITTLE_POWER == "little power: a count under 10"
    for method in SIGNIFICANCE_METHODS:
        assert verdict(line_of(3, 8, method)) == "not significant (little power: a count under 10)"
        assert verdict(line_of(12, 9, method)).endswith(f"({LITTLE_POWER})")
        assert verdict(line_of(0, 0, method)).endswith(f"({LITTLE_POWER})")
        assert verdict(line_of(10, 14, method)) == "not significant"  # both counts 10 or more
    assert verdict(line_of(3, 8), evidence=True) == (
        f"not significant (p = 0.227; {LITTLE_POWER})")
    assert verdict(line_of(3, 8, "poisson"), evidence=True) == (
        f"not significant (z = -1.55; {LITTLE_POWER})")
    # A small count can still show a significant change, and a missing one shows nothing.
    assert verdict(line_of(0, 9)) == "significant" and line_of(0, 9).little_power
    assert verdict(line_of(None, 3)) == "missing" and not line_of(None, 3).little_power


# The workbook ----------------------------------------------------------------------------


def rows_by_area(ws, header_row: int) -> dict[str, list]:
    return {ws.cell(r, 1).value: [ws.cell(r, c) for c in range(1, ws.max_column + 1)]
            for r in range(header_row + 1, ws.max_row + 1) if ws.cell(r, 1).value}


def header_row_of(ws) -> int:
    return next(r for r in range(1, 20) if ws.cell(r, 1).value == "Area")


def test_export_writes_counts_changes_and_colours(demo_db, tmp_path):
    result = export_comparison_xlsx(demo_db, tmp_path / "c.xlsx", "All crime",
                                    parse_period("fy:2022/23"))
    assert result.count == 13 and result.warnings == []
    ws = load_workbook(result.path)["Comparison"]
    titles = " ".join(str(ws.cell(r, 1).value) for r in range(1, 5))
    assert "All crime: 2022/23 against 2021/22" in titles
    assert "exact conditional binomial test" in titles and "Made on" in titles
    top = header_row_of(ws)
    assert [c.value for c in ws[top]][:7] == ["Area", "Level", "2021/22", "2022/23", "Change",
                                              "Change %", "Significant"]
    rows = rows_by_area(ws, top)
    force = rows["Nottinghamshire Police"]
    assert [c.value for c in force[1:5]] == ["Force", 102_000, 108_120, 6_120]
    assert force[5].value == pytest.approx(0.06)
    assert force[6].value == "significant"
    assert force[4].fill.start_color.rgb == INCREASE_COLOUR
    assert force[5].fill.start_color.rgb == INCREASE_COLOUR
    bassetlaw = rows["Bassetlaw"]  # +1%: within chance
    assert bassetlaw[6].value == "not significant"
    assert bassetlaw[4].fill.fill_type is None and bassetlaw[5].fill.fill_type is None
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_export_reads_as_the_screen_numbers_and_indentation(demo_db, tmp_path):
    """30,000 where the screen shows 30,000 (not 30000), the change with its sign, and each
    area indented by its level as on screen (an indent LibreOffice shows too: it needs the
    left alignment with it)."""
    result = export_comparison_xlsx(demo_db, tmp_path / "c.xlsx", "All crime",
                                    parse_period("fy:2022/23"))
    rows = rows_by_area(load_workbook(result.path)["Comparison"], HEADER_ROW)
    lines = compare(demo_db, "All crime", parse_period("fy:2022/23"))
    assert list(rows) == [line.area for line in lines]
    for line in lines:
        area, _level, before, now, change, percent = rows[line.area][:6]
        assert (area.alignment.horizontal, area.alignment.indent) == ("left", line.depth)
        assert (before.value, now.value, change.value) == (line.previous, line.count,
                                                           line.change)
        assert before.number_format == now.number_format == "#,##0"  # shown 102,000
        assert change.number_format == "+#,##0;-#,##0;0"  # shown +6,120 or -3,900
        assert percent.number_format == "+0.0%;-0.0%;0.0%"  # shown +6.0%
    assert [rows[a][0].alignment.indent for a in (
        "Nottinghamshire Police", "Nottinghamshire", "Bassetlaw and Newark and Sherwood CSP",
        "Newark and Sherwood", "Nottingham")] == [0, 1, 2, 3, 1]


def test_export_shades_decreases_green(demo_db, tmp_path):
    result = export_comparison_xlsx(demo_db, tmp_path / "asb.xlsx", "Anti-social behaviour",
                                    parse_period("fy:2022/23"), method="poisson")
    ws = load_workbook(result.path)["Comparison"]
    assert "Poisson z = (2√C − 2√P) / √2 = √2(√C − √P)" in str(ws.cell(2, 1).value)
    assert "|z| > 1.96" in str(ws.cell(2, 1).value)
    assert LITTLE_POWER_NOTE not in str(ws.cell(2, 1).value)  # no count under 10 here
    rows = rows_by_area(ws, header_row_of(ws))
    force = rows["Nottinghamshire Police"]
    assert force[4].value == -3_900 and force[5].value == pytest.approx(-0.13)
    assert force[5].fill.start_color.rgb == DECREASE_COLOUR
    assert rows["Newark and Sherwood"][6].value == "not significant"
    assert rows["Newark and Sherwood"][5].fill.fill_type is None


def test_export_writes_missing_as_a_word(demo_db, tmp_path):
    result = export_comparison_xlsx(demo_db, tmp_path / "m.xlsx", "All crime",
                                    parse_period("fy:2021/22"))
    ws = load_workbook(result.path)["Comparison"]
    force = rows_by_area(ws, header_row_of(ws))["Nottinghamshire Police"]
    assert force[2].value == "missing" and isinstance(force[3].value, int)
    assert [c.value for c in force[4:7]] == ["missing", "missing", "missing"]
    assert force[4].fill.fill_type is None


def test_export_writes_a_change_from_zero_as_the_screen_does(db, tmp_path):
    build_small(db, {"North": {"2023-05": 6, "2024-05": 6}, "South": {"2023-05": 0,
                                                                       "2024-05": 6},
                     "Test Police": {"2023-05": 0, "2024-05": 0}})
    result = export_comparison_xlsx(db, tmp_path / "z.xlsx", "All crime",
                                    parse_period("2024-05"))
    ws = load_workbook(result.path)["Comparison"]
    south = rows_by_area(ws, header_row_of(ws))["South"]
    assert [c.value for c in south[2:6]] == [0, 6, 6, "from 0"]


def test_export_has_no_formula_and_keeps_flags(small, tmp_path):
    small.execute("UPDATE areas SET name = '=SUM(A1:A2)' WHERE name = 'South'")
    result = export_comparison_xlsx(small, tmp_path / "f.xlsx", "All crime",
                                    parse_period("fy:2023/24"))
    with zipfile.ZipFile(result.path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any("<f>" in archive.read(n).decode() or "<f " in
                                  archive.read(n).decode() for n in sheets)
    ws = load_workbook(result.path)["Comparison"]
    rows = rows_by_area(ws, header_row_of(ws))
    assert "=SUM(A1:A2)" in rows
    assert "June 2023" in rows["North"][7].value and rows["North"][3].value == "missing"


def test_export_refuses_an_existing_file(demo_db, tmp_path):
    target = tmp_path / "c.xlsx"
    target.write_bytes(b"keep")
    with pytest.raises(InputError, match="already exists"):
        export_comparison_xlsx(demo_db, target, "All crime", parse_period("fy:2022/23"))
    assert target.read_bytes() == b"keep"
    export_comparison_xlsx(demo_db, target, "All crime", parse_period("fy:2022/23"),
                           overwrite=True)
    assert target.read_bytes() != b"keep"


@pytest.mark.parametrize("method", ["binomial", "poisson"])
def test_export_says_a_small_count_has_little_power(db, tmp_path, method):
    build_small(db, {"North": {"2023-05": 3, "2024-05": 8}, "South": {"2023-05": 4,
                                                                       "2024-05": 40},
                     "Test Police": {"2023-05": 300, "2024-05": 310}})
    result = export_comparison_xlsx(db, tmp_path / "s.xlsx", "All crime",
                                    parse_period("2024-05"), method=method)
    ws = load_workbook(result.path)["Comparison"]
    assert LITTLE_POWER_NOTE in str(ws.cell(2, 1).value)
    rows = rows_by_area(ws, header_row_of(ws))
    assert rows["North"][6].value == "not significant (little power: a count under 10)"
    assert rows["South"][6].value == "significant"  # 40 against 4: small, yet clear
    assert rows["Test Police"][6].value == "not significant"
