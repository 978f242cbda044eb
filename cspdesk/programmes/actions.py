"""Saving a programme's actions and their dated progress updates.

Saves take a dict keyed like the actions table's columns, except the budget, which is given
in pounds under ``budget``. Bad input raises ``InputError`` naming its field before anything
is written; each save is one transaction. Progress updates are only ever added: the history
is never overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from cspdesk import audit
from cspdesk.errors import InputError
from cspdesk.programmes.programmes import INTERVENTIONS, STATUSES
from cspdesk.programmes.values import stored_pounds
from cspdesk.records import (
    choice,
    clean_text,
    date_value,
    merged_values,
    reference,
    required_text,
    save_row,
)
from cspdesk.store.connection import Database

_ACTION_COLUMNS = (
    "programme_id", "position", "title", "theme", "heading", "intervention", "location",
    "district_id", "owner_organisation_id", "owner_officer", "status", "planned_start",
    "planned_end", "completed_on", "budget", "output_count", "output_unit", "evidence",
    "rag_override", "rag_override_reason", "priority_id")


def save_action(db: Database, values: Mapping[str, Any], action_id: int | None = None) -> int:
    """Add (or update) an action in a programme; returns its id.

    Needs a title; refuses a planned end before the planned start, a completion date
    before the start or without the status 'complete' (and 'complete' without it), a
    negative budget or output, a budget in an action plan and a colour set by hand
    without a reason."""
    with db.atomic():
        v = merged_values(db, "actions", values, action_id, "action",
                          (*_ACTION_COLUMNS, "budget_pence"))
        programme_id = reference(db, v, "programme_id", "programmes", "programme",
                                 required=True)
        assert programme_id is not None
        row = _action_row_values(db, v)
        _check_action(db, row, programme_id)
        row["programme_id"] = programme_id
        row["position"] = v.get("position") or _next_position(db, programme_id)
        return save_row(db, "actions", row, action_id)


def _action_row_values(db: Database, v: Mapping[str, Any]) -> dict[str, Any]:
    count = v.get("output_count")
    if count in ("", None):
        count = None
    elif isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise InputError("The output must be a whole number of 0 or more (such as 4 for "
                         "'4 CCTV cameras replaced').", field="output_count")
    return {
        "title": required_text(v, "title", "what the action is (its title)"),
        "theme": clean_text(v.get("theme")), "heading": clean_text(v.get("heading")),
        "intervention": choice(v, "intervention", INTERVENTIONS, "type of intervention"),
        "location": clean_text(v.get("location")),
        "district_id": reference(db, v, "district_id", "areas", "district"),
        "owner_organisation_id": reference(db, v, "owner_organisation_id", "organisations",
                                           "owner organisation"),
        "owner_officer": clean_text(v.get("owner_officer")),
        "status": choice(v, "status", STATUSES, "status") or "not started",
        "planned_start": date_value(v, "planned_start", "planned start"),
        "planned_end": date_value(v, "planned_end", "planned end"),
        "completed_on": date_value(v, "completed_on", "completion date"),
        "budget_pence": stored_pounds(v, "budget", "budget_pence", "budget"),
        "output_count": count, "output_unit": clean_text(v.get("output_unit")),
        "evidence": clean_text(v.get("evidence")),
        "rag_override": choice(v, "rag_override", ("red", "amber", "green"), "RAG colour"),
        "rag_override_reason": clean_text(v.get("rag_override_reason")),
        "priority_id": reference(db, v, "priority_id", "priorities", "priority")}


def _check_action(db: Database, row: Mapping[str, Any], programme_id: int) -> None:
    start, end, done = row["planned_start"], row["planned_end"], row["completed_on"]
    if start and end and end < start:
        raise InputError("The planned end is before the planned start.", field="planned_end")
    if start and done and done < start:
        raise InputError("The completion date is before the planned start; check both "
                         "dates.", field="completed_on")
    if done and row["status"] != "complete":
        raise InputError("Only a complete action has a completion date: clear the date or "
                         "set the status to complete.", field="completed_on")
    if row["status"] == "complete" and not done:
        raise InputError("Enter the date the action was completed.", field="completed_on")
    if row["rag_override"] and not row["rag_override_reason"]:
        raise InputError("Say why the RAG colour is set by hand; the reason is shown with "
                         "it.", field="rag_override_reason")
    kind = db.execute("SELECT kind FROM programmes WHERE id = ?", [programme_id]).fetchone()
    if kind[0] == "action plan" and row["budget_pence"]:
        raise InputError("This action is in an action plan, which has no money: clear the "
                         "budget.", field="budget")


def _next_position(db: Database, programme_id: int) -> int:
    row = db.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM actions WHERE "
                     "programme_id = ?", [programme_id]).fetchone()
    return int(row[0])


def set_rag_override(db: Database, action_id: int, colour: str | None,
                     reason: str | None) -> None:
    """Set an action's RAG colour by hand (with the reason, which is required) or, with
    ``colour`` None, go back to the worked-out colour."""
    values = {"rag_override": colour, "rag_override_reason": reason if colour else None}
    save_action(db, values, action_id)


def add_update(db: Database, action_id: int, values: Mapping[str, Any]) -> int:
    """Add a dated progress update to an action's history (updates are never overwritten);
    refuses an update without text, without a date or dated after today."""
    with db.atomic():
        if db.execute("SELECT 1 FROM actions WHERE id = ?", [action_id]).fetchone() is None:
            raise InputError(f"There is no action number {action_id} (it may have been "
                             "deleted).")
        text = required_text(values, "text", "the progress made (the update's text)")
        day = date_value(values, "date", "date")
        if day is None:
            raise InputError("Enter the date of the update.", field="date")
        if day > dt.date.today().isoformat():
            raise InputError("The update's date is after today; date it on or before today.",
                             field="date")
        return save_row(db, "action_updates", {
            "action_id": action_id, "date": day, "text": text,
            "author": clean_text(values.get("author"))}, None)


def delete_action(db: Database, action_id: int) -> None:
    """Delete an action with its spend and updates."""
    with db.atomic():
        audit.record_delete(db, "actions", action_id)
        db.execute("DELETE FROM actions WHERE id = ?", [action_id])
