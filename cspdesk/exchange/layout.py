"""The partner workbook's layout: its sheets and columns, the contract with partners.

Partners keep these workbooks and send them back, so a sheet or column is renamed only with
a migration of the importer (a new entry in ``RENAMED`` mapping the old name to the new).
Each sheet holds the rows of one table; each record carries its id (monthly counts are
keyed by area, measure and month). Row 1 holds the column headers below.

Column kinds:
``id`` the record's own id; ``ref:<sheet>`` the id of a record on another sheet; ``text``;
``int``; ``bool`` (yes/no); ``date`` (a real Excel date shown dd/mm/yyyy); ``month``
(YYYY-MM text); ``time`` (HH:MM text); ``pounds`` (money: stored as pence, shown in pounds);
``list`` (a JSON list kept as text separated by "; "); ``json`` (a quorum rule, as JSON text);
``setting`` (the name of a setting cspdesk knows); ``value`` (text kept as written, empty
included).

The sheets hold every table of the database but those in ``LEFT_OUT`` (a test checks), so
the full workbook holds every record and says what it leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SheetColumn:
    header: str       # what row 1 says
    column: str       # the database column
    kind: str = "text"
    personal: bool = False  # a person's name, email or phone: left out with --no-personal-data


@dataclass(frozen=True)
class Sheet:
    name: str
    table: str
    columns: tuple[SheetColumn, ...]
    key: tuple[str, ...] = ("id",)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def _c(header: str, column: str | None = None, kind: str = "text",
       personal: bool = False) -> SheetColumn:
    return SheetColumn(header, column or header, kind, personal)


SHEETS: tuple[Sheet, ...] = (
    Sheet("Organisations", "organisations", (
        _c("id", kind="id"), _c("name"), _c("short_name"), _c("kind"),
        _c("responsible_authority"), _c("notes"))),
    Sheet("People", "people", (
        _c("id", kind="id"), _c("name", personal=True), _c("job_title"),
        _c("organisation_id", kind="ref:Organisations"), _c("email", personal=True),
        _c("phone", personal=True), _c("active", kind="bool"))),
    Sheet("Groups", "groups", (
        _c("id", kind="id"), _c("name"), _c("short_name"), _c("tier"),
        _c("parent_id", kind="ref:Groups"), _c("quorum_rule", kind="json"), _c("notes"))),
    Sheet("Memberships", "memberships", (
        _c("id", kind="id"), _c("person_id", kind="ref:People"),
        _c("group_id", kind="ref:Groups"), _c("role"),
        _c("deputy_for_id", kind="ref:People"), _c("start_date", kind="date"),
        _c("end_date", kind="date"))),
    Sheet("Chair terms", "chair_terms", (
        _c("id", kind="id"), _c("group_id", kind="ref:Groups"),
        _c("organisation_id", kind="ref:Organisations"), _c("person_id", kind="ref:People"),
        _c("start_date", kind="date"), _c("end_date", kind="date"))),
    Sheet("Meetings", "meetings", (
        _c("id", kind="id"), _c("group_id", kind="ref:Groups"), _c("date", kind="date"),
        _c("start_time", kind="time"), _c("end_time", kind="time"), _c("venue"), _c("mode"),
        _c("status"), _c("notes"))),
    Sheet("Attendance", "attendance", (
        _c("id", kind="id"), _c("meeting_id", kind="ref:Meetings"),
        _c("person_id", kind="ref:People"), _c("mark"), _c("reason"),
        _c("substitute_id", kind="ref:People"))),
    Sheet("Agenda items", "agenda_items", (
        _c("id", kind="id"), _c("meeting_id", kind="ref:Meetings"), _c("position", kind="int"),
        _c("title"), _c("kind"), _c("standing", kind="bool"), _c("lead", personal=True),
        _c("notes"), _c("decisions"), _c("papers"))),
    Sheet("Meeting actions", "meeting_actions", (
        _c("id", kind="id"), _c("meeting_id", kind="ref:Meetings"), _c("description"),
        _c("owner_id", kind="ref:People"), _c("due_date", kind="date"), _c("status"),
        _c("completed_on", kind="date"))),
    Sheet("Areas", "areas", (
        _c("id", kind="id"), _c("name"), _c("short_name"), _c("level"),
        _c("parent_id", kind="ref:Areas"), _c("position", kind="int"))),
    Sheet("Measures", "measures", (
        _c("id", kind="id"), _c("name"), _c("source"), _c("crime_type"), _c("description"),
        _c("position", kind="int"))),
    Sheet("Monthly counts", "monthly_counts", (
        _c("area_id", kind="ref:Areas"), _c("measure_id", kind="ref:Measures"),
        _c("month", kind="month"), _c("count", kind="int"), _c("entry"), _c("source_file"),
        _c("updated_at")), key=("area_id", "measure_id", "month")),
    Sheet("Hotspot notes", "hotspot_notes", (
        _c("area_id", kind="ref:Areas"), _c("month", kind="month"), _c("notes")),
        key=("area_id", "month")),
    Sheet("LSOA names", "lsoas", (_c("code"), _c("name")), key=("code",)),
    Sheet("LSOA imports", "lsoa_imports", (_c("month", kind="month"), _c("source_file")),
          key=("month",)),
    Sheet("LSOA counts", "lsoa_month_counts", (
        _c("month", kind="month"), _c("lsoa_code"), _c("crime_type"), _c("count", kind="int")),
        key=("month", "lsoa_code", "crime_type")),
    Sheet("Priorities", "priorities", (
        _c("id", kind="id"), _c("financial_year"), _c("position", kind="int"), _c("title"),
        _c("evidence"), _c("current_structure"), _c("local_concerns"), _c("pcp_coverage"),
        _c("pcp_heading"), _c("districts", kind="list"),
        _c("lead_organisation_id", kind="ref:Organisations"),
        _c("lead_officer", personal=True), _c("status"),
        _c("agreed_meeting_id", kind="ref:Meetings"), _c("review_date", kind="date"),
        _c("basis"), _c("notes"), _c("carried_from_id", kind="ref:Priorities"))),
    Sheet("Priority measures", "priority_measures", (
        _c("priority_id", kind="ref:Priorities"), _c("measure_id", kind="ref:Measures")),
        key=("priority_id", "measure_id")),
    Sheet("Programmes", "programmes", (
        _c("id", kind="id"), _c("name"), _c("kind"), _c("funder"), _c("round"),
        _c("award", "award_pence", "pounds"), _c("match_funding", "match_funding_pence", "pounds"),
        _c("start_date", kind="date"), _c("end_date", kind="date"),
        _c("themes", kind="list"), _c("areas", kind="list"), _c("notes"))),
    Sheet("Year limits", "programme_year_limits", (
        _c("programme_id", kind="ref:Programmes"), _c("financial_year"),
        _c("spend_by", kind="date"), _c("limit", "limit_pence", "pounds")),
        key=("programme_id", "financial_year")),
    Sheet("Actions", "actions", (
        _c("id", kind="id"), _c("programme_id", kind="ref:Programmes"),
        _c("position", kind="int"), _c("title"), _c("theme"), _c("heading"),
        _c("intervention"), _c("location"), _c("district_id", kind="ref:Areas"),
        _c("owner_organisation_id", kind="ref:Organisations"),
        _c("owner_officer", personal=True), _c("status"),
        _c("planned_start", kind="date"), _c("planned_end", kind="date"),
        _c("completed_on", kind="date"), _c("budget", "budget_pence", "pounds"),
        _c("output_count", kind="int"), _c("output_unit"), _c("evidence"),
        _c("rag_override"), _c("rag_override_reason"),
        _c("priority_id", kind="ref:Priorities"))),
    Sheet("Action spend", "action_spend", (
        _c("action_id", kind="ref:Actions"), _c("quarter"),
        _c("amount", "amount_pence", "pounds")), key=("action_id", "quarter")),
    Sheet("Action updates", "action_updates", (
        _c("id", kind="id"), _c("action_id", kind="ref:Actions"), _c("date", kind="date"),
        _c("text"), _c("author", personal=True))),
    Sheet("Settings", "settings", (_c("key", kind="setting"), _c("value", kind="value")),
          key=("key",)),
)

SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
# The tables of the database no sheet holds, and why.
LEFT_OUT: dict[str, str] = {
    "cspdesk_migrations": "the database's own record of its upgrades, not the partnership's",
    "audit_log": "who changed what, which stays in the database; cspdesk person export gives "
                 "a person's own entries",
}
ABOUT_SHEET = "About"
# Old sheet or column names a workbook may still use, mapped to today's ("old": "new").
RENAMED: dict[str, str] = {}


# With --no-personal-data the Attendance sheet is replaced by this one: figures per held
# meeting and organisation, no names (counted as the attendance statistics count them).
# It is for reading only; an importer skips it.
ATTENDANCE_BY_ORGANISATION = Sheet("Attendance by organisation", "attendance", (
    _c("meeting_id", kind="ref:Meetings"), _c("meeting_date", kind="date"), _c("group"),
    _c("organisation"), _c("expected", kind="int"), _c("present", kind="int"),
    _c("apologies", kind="int"), _c("absent", kind="int"), _c("substitute", kind="int")),
    key=("meeting_id", "organisation"))
