"""Money: typed in pounds, kept as whole pence, shown as £1,250.50.

Every amount cspdesk keeps is a whole number of pence, 0 or more (the database's ``*_pence``
columns). ``pounds_to_pence`` is the one reader of an amount, whether typed in a form, given
on the command line, read from a workbook or a demo file; ``format_pounds`` is the one way
an amount is written for the user.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from cspdesk.errors import InputError

_AMOUNT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")
_PENCE = Decimal("0.01")


def pounds_to_pence(value: object, what: str = "amount", field: str | None = None
                    ) -> int | None:
    """An amount in pounds as whole pence; None when blank (None, or text of spaces).

    The rule, the same wherever an amount comes from:

    * text may carry a £ sign, commas and spaces: '£1,250.50', '1250.5', '£1,250', '£ 750';
    * a number is read as Excel shows it, to 15 significant figures, so a spreadsheet's
      float noise (0.1 + 0.2 is 0.30000000000000004) is 30p;
    * at most two decimal places: 1.005 is refused, not rounded;
    * never negative, as no amount cspdesk keeps is;
    * anything else (words, yes/no, a date, '1e3', infinity) is refused.

    A refusal is an InputError naming ``what`` ('budget', 'limit for 2023/24') and ``field``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    amount = _decimal(value)
    if amount is None:
        raise InputError(f"The {what} '{_shown(value)}' is not an amount in pounds (for "
                         "example 12,500 or 1,250.50).", field=field)
    if amount < 0:
        raise InputError(f"The {what} cannot be negative; enter 0 or more.", field=field)
    if amount != amount.quantize(_PENCE):
        raise InputError(f"The {what} {_shown(value)} has more than two decimals; give pounds "
                         "and pence (such as 1,250.50).", field=field)
    return int(amount * 100)


def _decimal(value: object) -> Decimal | None:
    """``value`` as a finite Decimal of pounds, or None when it is not an amount."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value) if Decimal(value).is_finite() else None
    if isinstance(value, float):
        return Decimal(f"{value:.15g}") if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    text = re.sub(r"[£,\s]", "", value)
    return Decimal(text) if _AMOUNT.match(text) else None


def _shown(value: object) -> str:
    return value.strip() if isinstance(value, str) else str(value)


def format_pounds(pence: int | None) -> str:
    """Whole pence as pounds the way a committee report writes them: '£750,000' for whole
    pounds, '£1,234.50' otherwise, '-£5' below nothing; empty for no amount."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}" + (f".{rest:02d}" if rest else "")


def pounds_text(pence: int | None) -> str:
    """Pence as pounds for a form field, without the £: '750,000' or '1,250.50'; empty for
    no amount."""
    return format_pounds(pence).replace("£", "")
