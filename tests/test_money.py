"""Money: one reader of amounts in pounds (to whole pence) and one way of writing them."""

from decimal import Decimal

import pytest

from cspdesk.errors import InputError
from cspdesk.money import format_pounds, pounds_text, pounds_to_pence


@pytest.mark.parametrize(("given", "pence"), [
    ("£1,250.50", 125_050), ("1250.5", 125_050), (1250.5, 125_050), ("£1,250", 125_000),
    (" £ 750,000 ", 75_000_000), (12, 1200), (0.01, 1), (Decimal("3.10"), 310), ("0", 0),
    ("", None), ("  ", None), (None, None)])
def test_an_amount_in_pounds_is_read_as_whole_pence(given, pence):
    assert pounds_to_pence(given) == pence


@pytest.mark.parametrize(("given", "pence"), [(0.1 + 0.2, 30), (1234.56 * 3, 370_368)])
def test_a_number_is_read_as_excel_shows_it_so_float_noise_is_not_a_fraction(given, pence):
    assert pounds_to_pence(given) == pence


@pytest.mark.parametrize(("given", "message"), [
    ("1.005", "The budget 1.005 has more than two decimals"),
    (10.005, "The budget 10.005 has more than two decimals"),
    ("-5", "The budget cannot be negative"), ("£-0.01", "The budget cannot be negative"),
    (-1, "The budget cannot be negative"),
    ("lots", "The budget 'lots' is not an amount in pounds"),
    ("1e3", "The budget '1e3' is not an amount in pounds"),
    (True, "is not an amount in pounds"), (float("nan"), "is not an amount in pounds"),
    (float("inf"), "is not an amount in pounds")])
def test_anything_else_is_refused_naming_what_and_where(given, message):
    with pytest.raises(InputError, match=message) as refused:
        pounds_to_pence(given, "budget", "budget_field")
    assert refused.value.field == "budget_field"


@pytest.mark.parametrize(("pence", "shown", "typed"), [
    (125_050, "£1,250.50", "1,250.50"), (75_000_000, "£750,000", "750,000"),
    (1, "£0.01", "0.01"), (-500, "-£5", "-5"), (None, "", "")])
def test_pence_are_written_as_pounds(pence, shown, typed):
    assert format_pounds(pence) == shown
    assert pounds_text(pence) == typed
