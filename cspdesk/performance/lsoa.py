"""Lower Layer Super Output Areas as police.uk names them: the local authority and a code."""

from __future__ import annotations

import re

# "Bassetlaw 012C", "Newark and Sherwood 001A", "Derbyshire Dales 001A": the name, one
# space, three digits and a capital letter.
_LSOA_NAME = re.compile(r"^(?P<district>.+) (?P<code>\d{3}[A-Z])$")


def district_of(lsoa_name: str | None) -> str | None:
    """The local authority an LSOA name belongs to, or None when it is not such a name.

    ``district_of("Bassetlaw 012C") == "Bassetlaw"``; the match is exact, so
    "Derbyshire Dales 001A" is Derbyshire Dales, never Derby.
    """
    if not lsoa_name:
        return None
    match = _LSOA_NAME.match(lsoa_name.strip())
    return match.group("district") if match else None
