"""Reporting periods: months, financial year to date, rolling 12 months, financial years."""

from __future__ import annotations

import pytest

from cspdesk.errors import InputError
from cspdesk.performance.periods import (
    latest_month,
    month_label,
    parse_period,
    period_ending,
    shift_month,
)


def months(first: str, last: str) -> tuple[str, ...]:
    """Every month from first to last, written out the slow way."""
    out, (year, month) = [], map(int, first.split("-"))
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(out)


def test_a_month_against_the_same_month_a_year_earlier():
    period = parse_period("2024-12")
    assert period.kind == "month"
    assert period.label == "December 2024"
    assert period.months == ("2024-12",)
    assert period.previous_months == ("2023-12",)
    assert period.previous_label == "December 2023"


def test_financial_year_to_date_in_the_winter_crosses_the_calendar_year():
    period = parse_period("fytd:2025-02")
    assert period.kind == "fytd"
    assert period.months == months("2024-04", "2025-02")
    assert period.previous_months == months("2023-04", "2024-02")
    assert period.label == "Financial year to date 2024/25 (April 2024 to February 2025)"
    assert period.previous_label == "Financial year to date 2023/24 (April 2023 to February 2024)"


def test_financial_year_to_date_in_april_is_one_month():
    period = parse_period("fytd:2024-04")
    assert period.months == ("2024-04",)
    assert period.previous_months == ("2023-04",)
    assert period.label == "Financial year to date 2024/25 (April 2024)"


def test_financial_year_to_date_in_march_is_the_whole_year():
    period = parse_period("fytd:2024-03")
    assert period.months == months("2023-04", "2024-03")
    assert period.label == "Financial year to date 2023/24 (April 2023 to March 2024)"


def test_financial_year_to_date_within_one_calendar_year():
    period = parse_period("fytd:2024-12")
    assert period.months == months("2024-04", "2024-12")
    assert period.label == "Financial year to date 2024/25 (April to December 2024)"
    assert period.previous_label == "Financial year to date 2023/24 (April to December 2023)"


@pytest.mark.parametrize("end, first", [("2024-12", "2024-01"), ("2025-02", "2024-03"),
                                        ("2024-01", "2023-02"), ("2024-03", "2023-04")])
def test_rolling_12_months_end_with_the_month(end, first):
    period = parse_period(f"r12:{end}")
    assert period.kind == "r12"
    assert period.months == months(first, end)
    assert len(period.months) == 12
    assert period.previous_months == tuple(shift_month(m, -12) for m in period.months)
    assert period.label == f"12 months to {month_label(end)}"
    assert period.previous_label == f"12 months to {month_label(shift_month(end, -12))}"


def test_a_financial_year_runs_april_to_march():
    period = parse_period("fy:2023/24")
    assert period.kind == "fy"
    assert period.label == "2023/24" and period.previous_label == "2022/23"
    assert period.months == months("2023-04", "2024-03")
    assert period.previous_months == months("2022-04", "2023-03")


def test_the_financial_year_across_a_century():
    period = parse_period("fy:1999/00")
    assert period.months[0] == "1999-04" and period.months[-1] == "2000-03"
    assert period.previous_label == "1998/99"


def test_each_previous_month_is_the_same_month_a_year_earlier_including_february():
    for text in ("2024-02", "fytd:2024-02", "r12:2024-02", "fy:2023/24"):
        period = parse_period(text)
        assert len(period.previous_months) == len(period.months)
        for now, before in zip(period.months, period.previous_months, strict=True):
            assert int(before[:4]) == int(now[:4]) - 1 and before[5:] == now[5:]


def test_month_arithmetic():
    assert shift_month("2024-01", -1) == "2023-12"
    assert shift_month("2023-12", 1) == "2024-01"
    assert shift_month("2024-02", -12) == "2023-02"
    assert shift_month("2024-03", -11) == "2023-04"
    assert shift_month("2024-06", 0) == "2024-06"
    assert shift_month("2000-02", 25) == "2002-03"


@pytest.mark.parametrize("month, words", [("2024-12", "December 2024"),
                                          ("2023-04", "April 2023"), ("2025-02", "February 2025")])
def test_month_labels(month, words):
    assert month_label(month) == words


def test_spaces_and_capitals_are_forgiven():
    assert parse_period(" FYTD:2024-12 ") == parse_period("fytd:2024-12")
    assert parse_period("fy: 2023/24") == parse_period("fy:2023/24")


@pytest.mark.parametrize("text", ["", "2024", "2024-13", "2024-00", "2024-1", "24-12",
                                  "December 2024", "fytd:2024", "fytd:", "r12:2024/25",
                                  "fy:2023/25", "fy:2023-24", "fy:2023", "ytd:2024-12",
                                  "month:2024-12", "2024-12-01", "0000-01"])
def test_bad_periods_name_the_four_forms(text):
    with pytest.raises(InputError) as caught:
        parse_period(text)
    message = str(caught.value)
    for form in ("2024-12", "fytd:2024-12", "r12:2024-12", "fy:2023/24"):
        assert form in message
    assert caught.value.field == "period"


@pytest.mark.parametrize("bad", ["2024-13", "Dec 2024", ""])
def test_a_bad_month_label_is_refused(bad):
    with pytest.raises(InputError):
        month_label(bad)


def test_period_ending_refuses_an_unknown_kind():
    with pytest.raises(InputError):
        period_ending("fy", "2024-12")


def test_latest_month(db, demo_db):
    assert latest_month(db) is None
    assert latest_month(demo_db) == "2023-03"
    assert latest_month(demo_db, "All crime") == "2023-03"
    assert latest_month(demo_db, "Hate crime") is None
    with pytest.raises(InputError, match="All crime"):
        latest_month(demo_db, "No such measure")
