"""Financial years (April to March, written 2023/24) and their quarters (2023/24 Q1)."""

import datetime as dt

import pytest

from cspdesk.dates import (
    financial_quarter_of,
    financial_year_bounds,
    financial_year_label,
    financial_year_months,
    financial_year_of,
    financial_year_start,
    long_date,
    next_financial_year,
    parse_financial_quarter,
    parse_financial_year,
    parse_uk_date,
    previous_financial_year,
    quarter_bounds,
    quarters_between,
)
from cspdesk.errors import InputError
from cspdesk.records import date_value

D = dt.date


@pytest.mark.parametrize(("start", "label"), [(2023, "2023/24"), (1999, "1999/00"),
                                              (2009, "2009/10")])
def test_a_financial_year_is_written_with_two_digits_of_its_second_year(start, label):
    assert financial_year_label(start) == label
    assert financial_year_start(label) == start


@pytest.mark.parametrize(("day", "year"), [
    (D(2023, 4, 1), "2023/24"), (D(2024, 3, 31), "2023/24"), (D(2023, 3, 31), "2022/23"),
    ("2023-04", "2023/24"), ("2024-01", "2023/24"), ("2024-03-31", "2023/24"),
    ("2000-02", "1999/00")])
def test_the_financial_year_of_a_day_or_month_runs_april_to_march(day, year):
    assert financial_year_of(day) == year


def test_a_financial_years_neighbours_bounds_and_months():
    assert previous_financial_year("2000/01") == "1999/00"
    assert next_financial_year("1999/00") == "2000/01"
    assert financial_year_bounds("2023/24") == (D(2023, 4, 1), D(2024, 3, 31))
    months = financial_year_months("2023/24")
    assert (months[0], months[8], months[9], months[-1], len(months)) == (
        "2023-04", "2023-12", "2024-01", "2024-03", 12)


def test_a_typed_financial_year_is_written_as_cspdesk_writes_it():
    assert parse_financial_year(" 2023/24 ") == "2023/24"


@pytest.mark.parametrize("typed", ["2023/25", "2023-24", "2023/2024", "23/24", "", None])
def test_anything_else_is_not_a_financial_year(typed):
    with pytest.raises(InputError, match="is not a financial year written like 2023/24") as no:
        parse_financial_year(typed, "financial_year")
    assert no.value.field == "financial_year"


@pytest.mark.parametrize(("day", "quarter"), [
    (D(2023, 4, 1), "2023/24 Q1"), (D(2023, 6, 30), "2023/24 Q1"), ("2023-07", "2023/24 Q2"),
    ("2023-12", "2023/24 Q3"), ("2024-01", "2023/24 Q4"), (D(2024, 3, 31), "2023/24 Q4"),
    ("1999-12", "1999/00 Q3")])
def test_the_financial_quarter_of_a_day_or_month(day, quarter):
    assert financial_quarter_of(day) == quarter


def test_quarters_have_bounds_and_run_in_order():
    assert quarter_bounds("2023/24 Q1") == (D(2023, 4, 1), D(2023, 6, 30))
    assert quarter_bounds("2023/24 Q4") == (D(2024, 1, 1), D(2024, 3, 31))
    assert quarters_between(D(2022, 10, 1), D(2023, 9, 30)) == [
        "2022/23 Q3", "2022/23 Q4", "2023/24 Q1", "2023/24 Q2"]


def test_a_typed_quarter_is_written_as_cspdesk_writes_it():
    assert parse_financial_quarter(" 2023/24  q2 ") == "2023/24 Q2"


@pytest.mark.parametrize("typed", ["2023/25 Q1", "2023 Q1", "2023/24 Q5", "Q1 2023/24"])
def test_anything_else_is_not_a_quarter(typed):
    with pytest.raises(InputError, match="not a financial quarter") as no:
        parse_financial_quarter(typed)
    assert no.value.field == "quarter"


# Typed dates: the one reader behind every date field -------------------------------------


@pytest.mark.parametrize(("typed", "day"), [
    ("01/07/2023", D(2023, 7, 1)), ("30/09/2023", D(2023, 9, 30)), ("1/7/2023", D(2023, 7, 1)),
    ("1/7/23", D(2023, 7, 1)), (" 31 / 08 / 2023 ", D(2023, 8, 31)), ("31-08-2023", D(2023, 8, 31)),
    ("31.08.23", D(2023, 8, 31)), ("12 March 2021", D(2021, 3, 12)),
    ("12 mar 2021", D(2021, 3, 12)),
    ("1st Sept 2023", D(2023, 9, 1)), ("Thursday 20 July 2023", D(2023, 7, 20)),
    ("thu, 20 jul 23", D(2023, 7, 20)), ("29/02/2024", D(2024, 2, 29))])
def test_a_date_is_read_day_first_in_figures_or_words(typed, day):
    assert parse_uk_date(typed) == day


@pytest.mark.parametrize(("typed", "message"), [
    ("31082023", "The due date '31082023' is not a date written dd/mm/yyyy (for example "
                 "11/04/2023 or 11 April 2023)."),
    ("2023-07-20", "The due date '2023-07-20' is not a date written dd/mm/yyyy"),
    ("07/31/2023", "The due date '07/31/2023' is not a date: there is no month 31 (the day "
                   "comes first, dd/mm/yyyy)."),
    ("31/02/2023", "The due date '31/02/2023' is not a date: February 2023 has 28 days."),
    ("29/02/2023", "February 2023 has 28 days"),
    ("31 June 2023", "June 2023 has 30 days"),
    ("Friday 20 July 2023", "is not a date: 20/07/2023 is a Thursday."),
    ("20 Jly 2023", "is not a date written dd/mm/yyyy"),
    ("20/07/1066", "cspdesk takes years from 1900 to 2099"),
    ("20/07", "is not a date written dd/mm/yyyy"), ("", "The due date '' is not a date")])
def test_what_cannot_be_read_is_refused_saying_why(typed, message):
    with pytest.raises(InputError) as refused:
        parse_uk_date(typed, "due date", "due_date")
    assert message in str(refused.value)
    assert refused.value.field == "due_date"


def test_a_day_is_shown_in_words_to_confirm_what_was_read():
    assert long_date(D(2023, 7, 20)) == "Thursday 20 July 2023"
    assert long_date("2024-02-29") == "Thursday 29 February 2024"
    assert parse_uk_date(long_date(D(2023, 12, 25))) == D(2023, 12, 25)


def test_a_record_takes_the_same_typed_dates_and_refuses_at_the_field():
    assert date_value({"due": "12 March 2021"}, "due", "due date") == "2021-03-12"
    assert date_value({"due": "2021-03-12"}, "due", "due date") == "2021-03-12"
    assert date_value({"due": " "}, "due", "due date") is None
    for typed, words in (("2023-02-30", "The due date '2023-02-30' is not a date."),
                         ("30/02/2023", "February 2023 has 28 days")):
        with pytest.raises(InputError, match=words) as refused:
            date_value({"due": typed}, "due", "due date")
        assert refused.value.field == "due"
