"""What police.uk brought in stays police.uk's: the records a partner workbook may not change.

A police.uk import is the only source of imported counts (issue 11). A workbook row that
matches such a record may add nothing to it: an imported monthly count keeps its count (a
workbook never turns an imported count into a typed one, which a later police.uk import
would then keep), and the counts per LSOA, their names and files change only with a police.uk
import. Such a row is skipped, and the review lists it with its reason. Where there is no
such record yet (a workbook brought into an empty database) the workbook may add it.
"""

from __future__ import annotations

from typing import Any

# Sheets whose every record comes from police.uk files.
FROM_POLICE_UK = frozenset({"LSOA names", "LSOA imports", "LSOA counts"})

IMPORTED_COUNT = ("imported from police.uk, which stays its source: a workbook never turns "
                  "an imported count into a typed one (type the count in cspdesk to change "
                  "it).")
TYPED_COUNT = "only a police.uk import makes a count imported; this typed count stays typed."
LSOA_RECORD = ("the counts per LSOA come only from police.uk files: import the month's files "
               "again to change them.")


def kept_from_workbook(sheet: str, values: dict[str, Any], stored: dict[str, Any]) -> str | None:
    """Why a workbook row may not change the ``stored`` record it matches, or None.

    ``values`` holds the workbook's fields that differ from the stored ones; what the
    workbook may not write is taken out of it (the time and file of an import, a typed
    count's entry), so an empty ``values`` afterwards means nothing to change."""
    if sheet in FROM_POLICE_UK:
        return LSOA_RECORD
    if sheet != "Monthly counts":
        return None
    if stored["entry"] == "imported":
        if "count" in values or "entry" in values:
            return IMPORTED_COUNT
        values.clear()  # when and from which file it was imported is police.uk's to say
        return None
    entry = values.pop("entry", None)
    if "count" not in values:
        values.clear()
        return TYPED_COUNT if entry is not None else None
    return None
