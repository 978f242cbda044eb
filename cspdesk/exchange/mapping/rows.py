"""One row of an old spreadsheet in the partner workbook's terms, per import target.

A builder reads the mapped cells of a row through ``RowReader`` (which records each
problem at the row and under the user's header), looks names up, translates words and
returns a ``MappedRow``: the layout columns' values, how each field came in (for the
preview), the problems, and any records of a second sheet (an action's progress update).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cspdesk.dates import format_date
from cspdesk.errors import InputError
from cspdesk.exchange.importer import Problem
from cspdesk.exchange.mapping.lookups import Lookups
from cspdesk.exchange.mapping.targets import Target
from cspdesk.exchange.mapping.values import (
    as_date,
    as_kind,
    as_mark,
    as_status,
    as_text,
    is_blank,
    norm,
)


@dataclass
class MappedRow:
    row: int  # in the user's sheet
    values: dict[str, Any]  # layout header -> value, for the target's sheet
    shown: dict[str, str]  # target field -> how it comes in
    problems: tuple[Problem, ...]
    extra: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # other sheets


class RowReader:
    """The mapped cells of one row; problems are kept at the row under the user's header."""

    def __init__(self, target: Target, mapping: Mapping[str, str], sheet: str, row: int,
                 cells: Mapping[str, Any]) -> None:
        self.target, self.mapping, self.sheet, self.row = target, mapping, sheet, row
        self.cells = cells
        self.problems: list[Problem] = []
        self.shown: dict[str, str] = {}

    def raw(self, name: str) -> Any:
        return self.cells.get(name)

    def problem(self, names: str | tuple[str, ...], message: str) -> None:
        names = (names,) if isinstance(names, str) else names
        column = " + ".join(self.mapping.get(n) or self.target.field(n).label for n in names)
        self.problems.append(Problem(self.sheet, self.row, column, message))

    def find(self, name: str, look: Callable[[Any], int], shown: Callable[[int], str]
             ) -> int | None:
        """The id of the record named in field ``name``; None (and a problem if the field
        is required or the name is not found) otherwise."""
        value = self.raw(name)
        if is_blank(value):
            if self.target.field(name).required:
                self.problem(name, f"The {self.target.field(name).label.lower()} is empty.")
            return None
        try:
            found = look(value)
        except InputError as exc:
            self.problem(name, str(exc))
            self.shown[name] = f"✗ {as_text(value)}"
            return None
        self.shown[name] = shown(found)
        return found

    def date(self, name: str) -> dt.date | None:
        value = as_date(self.raw(name))
        if value is None:
            if self.target.field(name).required:
                self.problem(name, f"The {self.target.field(name).label.lower()} is empty.")
            return None
        if not isinstance(value, dt.date):
            self.problem(name, f"'{value}' is not a date (write it like 12/03/2021).")
            return None
        self.shown[name] = format_date(value)
        return value

    def value(self, name: str, translate: Callable[[Any], Any] | None = None) -> Any:
        """A plain field, translated, for the importer to check."""
        if name not in self.mapping:
            return None
        kind = self.target.field(name).kind
        value = translate(self.raw(name)) if translate else as_kind(self.raw(name), kind)
        self.shown[name] = _display(value)
        return value

    def result(self, values: dict[str, Any], **extra: list[dict[str, Any]]) -> MappedRow:
        return MappedRow(self.row, values, dict(self.shown), tuple(self.problems), extra)


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


Seen = dict[tuple[Any, ...], int]


def attendance_row(r: RowReader, look: Lookups, seen: Seen) -> MappedRow:
    group_id = r.find("group", look.group, lambda i: look.group_names.get(i, ""))
    day = r.date("date")
    meeting_id = None
    if group_id is not None and day is not None:
        try:
            meeting_id = look.meeting(group_id, day)
        except InputError as exc:
            r.problem(("group", "date"), str(exc))
    organisation = r.raw("organisation")
    person_id = r.find("person", lambda v: look.person(v, organisation),
                       _namer(look, "people"))
    substitute_id = r.find("substitute", look.person, _namer(look, "people"))
    if organisation is not None:
        r.shown["organisation"] = as_text(organisation) or ""
    values = {"meeting_id": meeting_id, "person_id": person_id,
              "mark": r.value("mark", as_mark)}
    if "reason" in r.mapping:  # a column not mapped is left as it is
        values["reason"] = r.value("reason")
    if "substitute" in r.mapping:
        values["substitute_id"] = substitute_id
    if meeting_id is not None and person_id is not None:
        _once(r, seen, (meeting_id, person_id), ("person",),
              "This person is marked for this meeting already, at row {row}.")
        values["id"] = look.attendance_id(meeting_id, person_id)
    return r.result(values)


def action_row(r: RowReader, look: Lookups, seen: Seen) -> MappedRow:
    programme_id = r.find("programme", look.programme, _namer(look, "programmes"))
    values: dict[str, Any] = {"programme_id": programme_id}
    for name in ("title", "position", "theme", "heading", "intervention", "location",
                 "owner_officer", "planned_start", "planned_end", "completed_on", "budget",
                 "output_count", "output_unit", "evidence"):
        if name in r.mapping:
            values[name] = r.value(name)
    if "status" in r.mapping:
        values["status"] = r.value("status", as_status)
    if "district" in r.mapping:
        values["district_id"] = r.find("district", look.area, _namer(look, "areas"))
    if "owner_organisation" in r.mapping:
        values["owner_organisation_id"] = r.find("owner_organisation", look.organisation,
                                                 _namer(look, "organisations"))
    title = as_text(values.get("title"))
    if title is None:
        r.problem("title", "The action is empty.")
    elif programme_id is not None:
        location = as_text(values.get("location"))
        _once(r, seen, (programme_id, norm(title), norm(location or "")), ("title",),
              "The same action (title and location) is at row {row} already.")
        values["id"] = look.action_id(programme_id, title, location)
    return r.result(values, **{"Action updates": _updates(r, look, values.get("id"))})


def _namer(look: Lookups, table: str) -> Callable[[int], str]:
    return lambda row_id: look.name_of(table, row_id)


def _updates(r: RowReader, look: Lookups, action_id: int | None) -> list[dict[str, Any]]:
    """The row's progress update as an Action updates record; none when empty or when the
    action has that text already."""
    text = as_text(r.raw("update")) if "update" in r.mapping else None
    if text is None:
        return []
    r.shown["update"] = text
    day = r.date("update_date") if "update_date" in r.mapping else None
    if day is None and not is_blank(r.raw("update_date")):
        return []  # the date's problem is reported
    if action_id is not None and look.has_update(action_id, text):
        r.shown["update"] = text + " (there already)"
        return []
    return [{"action_id": action_id, "date": day or dt.date.today(), "text": text}]


def _once(r: RowReader, seen: Seen, key: tuple[Any, ...], names: tuple[str, ...],
          message: str) -> None:
    """Report a second row for the same record: the import would write it twice."""
    if key in seen:
        r.problem(names, message.format(row=seen[key]))
    else:
        seen[key] = r.row


ROW_BUILDERS: dict[str, Callable[[RowReader, Lookups, Seen], MappedRow]] = {
    "Attendance": attendance_row,
    "Actions": action_row,
}
