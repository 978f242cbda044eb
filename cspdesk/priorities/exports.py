"""The priority register as a workbook, in the committee report's layout.

Sheet "Register" is the report's table (section 2.5): Priority | Evidence | Current
structure | Local concerns/response, text wrapped, printed landscape and one page wide with
the header row on every page, ready to paste into a committee report. Sheet "Full
register" has every field of every priority of the year.

Every cell goes through ``cspdesk.xlsx.writer``: never a formula, whatever the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cspdesk.errors import InputError
from cspdesk.priorities.links import measure_choices
from cspdesk.priorities.priorities import Priority, list_priorities, pcp_sentence
from cspdesk.store.connection import Database
from cspdesk.store.settings import get_setting
from cspdesk.xlsx.writer import (
    WRAP,
    Column,
    ExportResult,
    new_workbook,
    save_workbook,
    set_print_layout,
    write_table,
)

# Widths in Excel's character units: about 250 on a landscape A4 page one page wide.
REGISTER_COLUMNS = (
    Column("Priority", width=30, wrap=True),
    Column("Evidence", width=55, wrap=True),
    Column("Current structure", width=55, wrap=True),
    Column("Local concerns/response", width=55, wrap=True),
)

FULL_COLUMNS = (
    Column("Year", width=9), Column("Order", kind="int", width=7),
    Column("Priority", width=30, wrap=True), Column("Evidence", width=50, wrap=True),
    Column("Current structure", width=50, wrap=True),
    Column("Local concerns and response", width=50, wrap=True),
    Column("Police and Crime Plan", width=22, wrap=True),
    Column("Police and Crime Plan heading", width=24, wrap=True),
    Column("Districts", width=22, wrap=True), Column("Lead organisation", width=24, wrap=True),
    Column("Lead officer", width=20), Column("Status", width=10),
    Column("Agreed at", width=14), Column("Agreed on", kind="date", width=12),
    Column("Review date", kind="date", width=12), Column("Why a priority", width=20),
    Column("Measures", width=22, wrap=True), Column("Carried forward from", width=12),
    Column("Notes", width=60, wrap=True),
)

# The words of the report's first column about the Police and Crime Plan.
PCP_WORDS = {
    "named": "(specifically mentioned in the P&C Plan)",
    "not mentioned": "(not specifically mentioned in the P&C Plan)",
}


def priority_cell(p: Priority) -> str:
    """The report's first column: the title, then what the P&C Plan says of it."""
    if p.pcp_coverage == "covered under a heading":
        words = f"(not specifically mentioned in the P&C Plan but covered under {p.pcp_heading})"
    else:
        words = PCP_WORDS.get(p.pcp_coverage, "")
    return f"{p.title}\n{words}" if words else p.title


def export_register_xlsx(db: Database, financial_year: str, path: Path | str,
                         overwrite: bool = False) -> ExportResult:
    """Write the year's register: the report's table, then every field."""
    priorities = list_priorities(db, financial_year)
    if not priorities:
        raise InputError(f"The {financial_year} register has no priorities to export.",
                         field="financial_year")
    wb = new_workbook()
    ws = wb.create_sheet("Register")
    rows = [[priority_cell(p), p.evidence, p.current_structure, p.local_concerns]
            for p in priorities]
    warnings = write_table(ws, REGISTER_COLUMNS, rows, auto_filter=False)  # rows fit their text
    set_print_layout(ws, 1, landscape=True, title=_page_title(db, financial_year))
    full = wb.create_sheet("Full register")
    measures = dict(measure_choices(db))
    years = _years_of(db, [p.carried_from_id for p in priorities])
    warnings += write_table(full, FULL_COLUMNS,
                            [_full_row(p, measures, years) for p in priorities])
    for row in full.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP  # top-aligned, so long rows read from their first line
    set_print_layout(full, 1, landscape=True, title=_page_title(db, financial_year))
    target = save_workbook(wb, path, overwrite)
    return ExportResult(target, warnings, count=len(priorities))


def _page_title(db: Database, financial_year: str) -> str:
    name = get_setting(db, "partnership_short_name") or get_setting(db, "partnership_name")
    return " ".join(x for x in (name, "priority register", financial_year) if x)


def _years_of(db: Database, ids: list[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    return {row[0]: row[1] for row in db.execute(
        f"SELECT id, financial_year FROM priorities WHERE id IN ({marks})", wanted)}


def _full_row(p: Priority, measures: dict[int, str], years: dict[int, str]) -> list[Any]:
    return [p.financial_year, p.position, p.title, p.evidence, p.current_structure,
            p.local_concerns, pcp_sentence(p.pcp_coverage, p.pcp_heading), p.pcp_heading,
            ", ".join(p.districts), p.lead_organisation, p.lead_officer,
            p.status.capitalize(), p.agreed_group, p.agreed_on, p.review_date,
            p.basis.capitalize(), ", ".join(measures.get(m, "?") for m in p.measure_ids),
            years.get(p.carried_from_id) if p.carried_from_id else None, p.notes]
