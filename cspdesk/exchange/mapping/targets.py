"""The sheets an old spreadsheet can be brought into, and the fields each one asks for.

A target is a sheet of the partner workbook (``workbook_layout``). Its fields are that
sheet's columns, under the same names and kinds, except where a person would write a name
instead of an id: there a look-up field (kind ``lookup:<sheet>``) stands in, and the import
finds the record by that name. ``fills`` says which layout columns a field ends up in, so
a problem found in a column is reported under the header the user mapped to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cspdesk.exchange.layout import SHEETS_BY_NAME
from cspdesk.exchange.mapping.values import norm


@dataclass(frozen=True)
class TargetField:
    name: str
    label: str
    kind: str  # a layout kind (text, date, int, pounds) or lookup:<sheet>
    required: bool = False
    synonyms: tuple[str, ...] = ()
    fills: tuple[tuple[str, str], ...] = ()  # (layout sheet, column) it ends up in
    hint: str = ""

    def words(self) -> list[str]:
        """Its name, its label, then its synonyms, each normalised."""
        return [norm(self.name.replace("_", " ")), norm(self.label),
                *(norm(s) for s in self.synonyms)]


@dataclass(frozen=True)
class Target:
    name: str  # the layout sheet it fills
    label: str
    description: str
    fields: tuple[TargetField, ...]
    linked_sheet: str | None = None  # a second sheet its rows may add to
    link_column: str | None = None  # that sheet's column pointing at the target's record

    @property
    def new_ids(self) -> bool:
        return self.linked_sheet is not None

    def field(self, name: str) -> TargetField:
        return next(f for f in self.fields if f.name == name)

    def header_for(self, sheet: str, column: str, mapping: Mapping[str, str | None]) -> str:
        """The user's header(s) behind a layout column ('Group + Date' for a meeting)."""
        layout = SHEETS_BY_NAME.get(sheet)
        names = {column}
        if layout is not None:
            names |= {c.column for c in layout.columns if c.header == column}
            names |= {c.header for c in layout.columns if c.column == column}
        headers = [mapping.get(f.name) for f in self.fields
                   if any(s == sheet and c in names for s, c in f.fills)]
        return " + ".join(h for h in headers if h) or column


def _layout(sheet: str, header: str, label: str, required: bool = False,
            *synonyms: str, hint: str = "") -> TargetField:
    """A field that is a column of the layout sheet: named by its header, of its kind."""
    kind = next(c.kind for c in SHEETS_BY_NAME[sheet].columns if c.header == header)
    return TargetField(header, label, kind, required, synonyms, ((sheet, header),), hint)


def _lookup(name: str, label: str, sheet: str, fills: tuple[tuple[str, str], ...],
            required: bool = False, *synonyms: str, hint: str = "") -> TargetField:
    return TargetField(name, label, f"lookup:{sheet}", required, synonyms, fills, hint)


ATTENDANCE = Target("Attendance", "An attendance list",
                    "One row per person per meeting: the group, the date, the name and "
                    "whether they came. The meetings and people must be in cspdesk already.",
                    (
    _lookup("group", "Group", "Groups", (("Attendance", "meeting_id"),), True,
            "meeting", "meeting group", "group name", "meeting name", "board", "forum",
            "committee", "partnership", "group meeting",
            hint="The group's short name (PDG) or full name"),
    TargetField("date", "Meeting date", "date", True,
                ("date", "date of meeting", "meeting date", "dated", "when"),
                (("Attendance", "meeting_id"),), "With the group, finds the meeting"),
    _lookup("person", "Name", "People", (("Attendance", "person_id"),), True,
            "person", "attendee", "member", "full name", "member name", "representative",
            "attendee name", "delegate", hint="The person's name as cspdesk has it"),
    _lookup("organisation", "Organisation", "Organisations", (), False,
            "organization", "agency", "org", "partner", "organisation name", "representing",
            "partner agency", hint="Tells apart two people of the same name"),
    _layout("Attendance", "mark", "Mark", True, "attended", "attendance", "status",
            "present", "attended apologies", "attendance mark", "present apologies",
            "apologies", "marked",
            hint="Present, online, apologies, absent, substitute, in attendance (Y, Apols…)"),
    _layout("Attendance", "reason", "Reason", False, "reason", "notes", "note", "comment",
            "comments", "apologies reason", "reason for absence"),
    _lookup("substitute", "Substitute", "People", (("Attendance", "substitute_id"),), False,
            "sub", "deputy", "substitute name", "represented by", "deputised by",
            "sent in place", hint="Who came in the person's place"),
))

ACTIONS = Target("Actions", "An action tracker",
                 "One row per action of a programme or action plan: what, who, status, "
                 "dates, money. An action with the same title (and location) in the same "
                 "programme is updated; the others are added.",
                 (
    _lookup("programme", "Programme", "Programmes", (("Actions", "programme_id"),), True,
            "program", "programme name", "action plan", "plan", "fund", "project",
            "funding stream", hint="The programme or action plan's name in cspdesk"),
    _layout("Actions", "title", "Action", True, "action", "title", "description",
            "action description", "activity", "task", "what", "action title", "deliverable"),
    _layout("Actions", "position", "Number", False, "no", "number", "ref", "reference",
            "action no", "action number", "item", "order"),
    _layout("Actions", "theme", "Theme", False, "theme", "strand", "workstream", "category"),
    _layout("Actions", "heading", "Heading", False, "heading", "section", "objective"),
    _layout("Actions", "intervention", "Intervention", False, "intervention type", "type",
            "measure type"),
    _layout("Actions", "location", "Location", False, "where", "site", "place", "address"),
    _lookup("district", "District", "Areas", (("Actions", "district_id"),), False,
            "district", "area", "borough", "locality", "district area"),
    _lookup("owner_organisation", "Owner organisation", "Organisations",
            (("Actions", "owner_organisation_id"),), False, "organisation", "organization",
            "agency", "lead agency", "lead organisation", "responsible organisation",
            "partner", "owner agency"),
    _layout("Actions", "owner_officer", "Owner", False, "owner", "lead", "lead officer",
            "responsible", "responsible officer", "officer", "action owner", "who",
            "named lead"),
    _layout("Actions", "status", "Status", False, "status", "progress status", "state",
            "current status", "complete",
            hint="Not started, in progress, complete, cancelled (Done, Ongoing…)"),
    _layout("Actions", "planned_start", "Start date", False, "start", "start date",
            "planned start", "from", "begins", "date started"),
    _layout("Actions", "planned_end", "Due date", False, "due", "due date", "deadline",
            "target date", "end date", "planned end", "by when", "target", "due by",
            "timescale", "target completion"),
    _layout("Actions", "completed_on", "Completed on", False, "completed", "date completed",
            "completion date", "completed date", "actual completion", "date closed"),
    _layout("Actions", "budget", "Budget (£)", False, "budget", "cost", "amount",
            "allocation", "funding", "budget £", "allocated", "value"),
    _layout("Actions", "output_count", "Outputs", False, "output", "outputs", "quantity",
            "number delivered", "delivered"),
    _layout("Actions", "output_unit", "Output unit", False, "unit", "units", "output unit"),
    _layout("Actions", "evidence", "Evidence", False, "evidence", "outcome", "impact",
            "evidence of completion"),
    TargetField("update", "Progress update", "text", False,
                ("update", "progress", "latest update", "progress update", "comments",
                 "commentary", "notes", "rag commentary", "progress to date"),
                (("Action updates", "text"),),
                "Added as a dated progress update (once: the same text is not added twice)"),
    TargetField("update_date", "Update date", "date", False,
                ("update date", "date of update", "last updated", "updated", "date updated"),
                (("Action updates", "date"),), "The update's date (today when empty)"),
), linked_sheet="Action updates", link_column="action_id")

TARGETS: dict[str, Target] = {t.name: t for t in (ATTENDANCE, ACTIONS)}


def target_named(target: Target | str) -> Target:
    if isinstance(target, Target):
        return target
    try:
        return TARGETS[target]
    except KeyError:
        raise KeyError(f"no import target called {target!r}; use one of {list(TARGETS)}") \
            from None
