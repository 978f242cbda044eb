"""Business settings kept in the database (window geometry lives in QSettings, not here).

Every key has a declared default, so a new database needs no rows to work.
"""

from __future__ import annotations

import json
from typing import Any

from cspdesk import audit
from cspdesk.store.connection import Database

DEFAULTS: dict[str, str] = {
    "partnership_name": "",
    "partnership_short_name": "",
    # The area whose figures the partnership reports first (its CSP in the area tree).
    "home_area": "",
    # The committee report's remembered fields, as JSON (cspdesk.reports.fields).
    "committee_report": "",
    # Retention, in whole years (cspdesk.privacy.retention); empty keeps for ever.
    "retention_people_left_years": "6",
    "retention_attendance_years": "6",
    "retention_action_updates_years": "6",
}


def get_setting(db: Database, key: str) -> str:
    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r}")
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else DEFAULTS[key]


def set_setting(db: Database, key: str, value: str) -> None:
    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r}")
    with db.atomic():
        before = get_setting(db, key)
        audit.record_cells(db, "settings", None, "changed", _cells(key, before),
                           _cells(key, value))
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def _cells(key: str, value: str) -> dict[str, Any]:
    """A setting as audit cells: one, or for a remembered form (JSON) one a field of it,
    so changing one field of the committee report logs that field, not the whole form."""
    try:
        fields = json.loads(value) if value.startswith("{") else None
    except ValueError:
        fields = None
    if isinstance(fields, dict):
        return {f"{key}.{name}": (json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict)
                                  else v) for name, v in fields.items()}
    return {key: value}
