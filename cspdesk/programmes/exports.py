"""Exports of a programme: the action tracker for partners and the quarterly monitoring return.

Both are workbooks written through ``cspdesk.xlsx.writer``: no cell is ever a formula, money is a
number shown in pounds and dates are real dates shown dd/mm/yyyy. The monitoring return is
the shape a Police and Crime Commissioner's office collects for the Home Office: spend by
intervention for the quarter and to date, then each action's outputs, RAG and commentary.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from cspdesk.dates import (
    format_date,
    parse_financial_quarter,
    quarter_bounds,
    quarter_label,
    quarters_between,
    year_of_quarter,
)
from cspdesk.errors import InputError
from cspdesk.programmes.programmes import (
    INTERVENTIONS,
    ActionRow,
    Programme,
    get_programme,
    list_actions,
)
from cspdesk.programmes.rag import RagResult, status_on
from cspdesk.store.connection import Database
from cspdesk.xlsx.writer import (
    TITLE_FONT,
    Column,
    ExportResult,
    fit_title,
    new_workbook,
    save_workbook,
    set_print_layout,
    write_cell,
    write_table,
)

RAG_FILLS = {colour: PatternFill(fill_type="solid", start_color=argb, end_color=argb)
             for colour, argb in (("red", "FFF4B6B0"), ("amber", "FFFCE2A6"),
                                  ("green", "FFC6E7C4"))}
LABEL_FONT = Font(bold=True)
TOTAL_FONT = Font(bold=True)


@dataclass(frozen=True)
class InterventionLine:
    intervention: str
    actions: int
    budget_pence: int
    quarter_pence: int
    cumulative_pence: int


@dataclass(frozen=True)
class ReturnAction:
    position: int
    title: str
    intervention: str | None
    theme: str | None
    district: str | None
    status: str  # as at the quarter's end
    planned_end: str | None
    budget_pence: int | None
    quarter_pence: int
    cumulative_pence: int
    output_count: int | None
    output_unit: str | None
    rag: RagResult
    commentary: str


@dataclass(frozen=True)
class MonitoringReturn:
    programme: Programme
    quarter: str
    start: dt.date
    end: dt.date
    lines: list[InterventionLine]
    actions: list[ReturnAction]
    year_pence: int  # spend in the quarter's financial year, up to the quarter's end

    @property
    def quarter_pence(self) -> int:
        return sum(line.quarter_pence for line in self.lines)

    @property
    def cumulative_pence(self) -> int:
        return sum(line.cumulative_pence for line in self.lines)


def return_quarters(programme: Programme, as_at: dt.date) -> tuple[list[str], str]:
    """The quarters of a programme a monitoring return can be made for, from the quarter of
    its start to that of its end (``as_at`` stands in for a date it lacks), and the one to
    offer: the latest complete by ``as_at`` (a quarter is complete on its last day, so "as at
    30/06/2023" offers 2023/24 Q1), or its first quarter when none is complete yet."""
    start = dt.date.fromisoformat(programme.start_date) if programme.start_date else as_at
    end = dt.date.fromisoformat(programme.end_date) if programme.end_date else as_at
    quarters = quarters_between(start, max(start, end))
    complete = [q for q in quarters if quarter_bounds(q)[1] <= as_at]
    return quarters, complete[-1] if complete else quarters[0]


def monitoring_return(db: Database, programme_id: int, quarter: str) -> MonitoringReturn:
    """The figures of a programme's return for ``quarter`` ('2023/24 Q1'): spend in the
    quarter and cumulative to its end by intervention; each action's status and RAG as at
    the quarter's last day, its outputs and the updates dated within the quarter."""
    quarter = parse_financial_quarter(quarter)
    programme = get_programme(db, programme_id)
    start, end = quarter_bounds(quarter)
    in_quarter = dict(db.execute(
        "SELECT s.action_id, s.amount_pence FROM action_spend s JOIN actions a ON "
        "a.id = s.action_id WHERE a.programme_id = ? AND s.quarter = ?",
        [programme_id, quarter]).fetchall())
    actions = [_return_action(db, a, int(in_quarter.get(a.id, 0)), start, end)
               for a in list_actions(db, programme_id, as_at=end)]
    year = db.execute(
        "SELECT COALESCE(SUM(s.amount_pence), 0) FROM action_spend s JOIN actions a ON "
        "a.id = s.action_id WHERE a.programme_id = ? AND s.quarter BETWEEN ? AND ?",
        [programme_id, quarter_label(year_of_quarter(quarter), 1), quarter]).fetchone()[0]
    return MonitoringReturn(programme, quarter, start, end, _by_intervention(actions), actions,
                            int(year))


def _return_action(db: Database, action: ActionRow, quarter_pence: int, start: dt.date,
                   end: dt.date) -> ReturnAction:
    updates = db.execute("SELECT date, text FROM action_updates WHERE action_id = ? AND "
                         "date BETWEEN ? AND ? ORDER BY date, id",
                         [action.id, start.isoformat(), end.isoformat()]).fetchall()
    commentary = "\n".join(f"{format_date(day)}: {text}" for day, text in updates)
    return ReturnAction(
        action.position, action.title, action.intervention, action.theme, action.district,
        status_on(action, end), action.planned_end, action.budget_pence, quarter_pence,
        action.spent_pence, action.output_count, action.output_unit, action.rag,
        commentary or "No update recorded in the quarter.")


def _by_intervention(actions: list[ReturnAction]) -> list[InterventionLine]:
    counts: Counter[str] = Counter()
    sums: dict[str, list[int]] = {}
    for action in actions:
        name = action.intervention or "not set"
        counts[name] += 1
        totals = sums.setdefault(name, [0, 0, 0])
        totals[0] += action.budget_pence or 0
        totals[1] += action.quarter_pence
        totals[2] += action.cumulative_pence
    order = [*INTERVENTIONS, "not set"]
    return [InterventionLine(name, counts[name], *sums[name])
            for name in sorted(sums, key=order.index)]


def _capital(text: str | None) -> str | None:
    return text[:1].upper() + text[1:] if text else text


# The monitoring return -------------------------------------------------------------------

SPEND_COLUMNS = (
    Column("Intervention"), Column("Actions", kind="int"), Column("Budget", kind="pence"),
    Column("Spend in the quarter", kind="pence"), Column("Cumulative spend", kind="pence"),
    Column("Budget remaining", kind="pence"), Column("Budget spent", kind="percent"))
# Widths for the printed page: landscape, one page wide, text wrapping in its column.
ACTION_COLUMNS = (
    Column("#", kind="int", width=5), Column("Action", width=34, wrap=True),
    Column("Intervention", width=15, wrap=True), Column("Theme", width=16, wrap=True),
    Column("District", width=14, wrap=True), Column("Status at quarter end", width=12, wrap=True),
    Column("Planned end", kind="date", width=11, wrap=True),
    Column("Budget", kind="pence", width=13),
    Column("Spend in the quarter", kind="pence", width=13, wrap=True),
    Column("Cumulative spend", kind="pence", width=13, wrap=True),
    Column("Outputs to date", kind="int", width=9, wrap=True),
    Column("Output unit", width=18, wrap=True), Column("RAG", width=7),
    Column("RAG reason", width=30, wrap=True), Column("Commentary", width=50, wrap=True))


def export_monitoring_return(db: Database, programme_id: int, quarter: str, path: Path | str,
                             overwrite: bool = False) -> ExportResult:
    """Write the quarterly monitoring return: a Summary sheet, 'Spend by intervention' (with
    a total row) and 'Actions' (outputs, RAG and commentary), one row per action."""
    figures = monitoring_return(db, programme_id, quarter)
    if figures.programme.kind != "funded":
        raise InputError(f"'{figures.programme.name}' is an action plan, with no money to "
                         "return; export its action tracker instead.", field="programme")
    wb = new_workbook()
    page_title = f"{figures.programme.name}: monitoring return, {figures.quarter}"
    warnings = _summary_sheet(wb, figures)
    set_print_layout(wb["Summary"], None, landscape=False, title=page_title, gridlines=False)
    ws = wb.create_sheet("Spend by intervention")
    warnings += write_table(ws, SPEND_COLUMNS, [_spend_row(line) for line in figures.lines])
    total = len(figures.lines) + 2
    warnings += _total_row(ws, total, figures)
    set_print_layout(ws, 1, title=page_title)
    ws = wb.create_sheet("Actions")
    warnings += write_table(ws, ACTION_COLUMNS, [_action_values(a) for a in figures.actions])
    _colour_rag(ws, 13, [a.rag.colour for a in figures.actions])
    set_print_layout(ws, 1, title=page_title)
    target = save_workbook(wb, path, overwrite)
    return ExportResult(target, warnings, count=len(figures.actions))


def _spend_row(line: InterventionLine) -> list[Any]:
    share = line.cumulative_pence / line.budget_pence if line.budget_pence else None
    return [_capital(line.intervention), line.actions, line.budget_pence, line.quarter_pence,
            line.cumulative_pence, line.budget_pence - line.cumulative_pence, share]


def _total_row(ws: Worksheet, row: int, figures: MonitoringReturn) -> list[str]:
    budget = sum(line.budget_pence for line in figures.lines)
    share = figures.cumulative_pence / budget if budget else None
    values = ["Total", sum(line.actions for line in figures.lines), budget,
              figures.quarter_pence, figures.cumulative_pence,
              budget - figures.cumulative_pence, share]
    warnings: list[str] = []
    for column, (spec, value) in enumerate(zip(SPEND_COLUMNS, values, strict=True), start=1):
        warnings += write_cell(ws, row, column, value, spec.kind, spec.header)
        ws.cell(row, column).font = TOTAL_FONT
    return warnings


def _action_values(a: ReturnAction) -> list[Any]:
    return [a.position, a.title, _capital(a.intervention), a.theme, a.district or "Joint",
            _capital(a.status), a.planned_end, a.budget_pence, a.quarter_pence,
            a.cumulative_pence, a.output_count, a.output_unit, a.rag.label, a.rag.reason,
            a.commentary]


def _summary_sheet(wb: Workbook, figures: MonitoringReturn) -> list[str]:
    p = figures.programme
    ws = wb.create_sheet("Summary")
    title = f"{p.name}: quarterly monitoring return, {figures.quarter}"
    warnings = write_cell(ws, 1, 1, title)
    ws.cell(1, 1).font = TITLE_FONT
    year = year_of_quarter(figures.quarter)
    limit = next((y for y in p.year_limits if y.financial_year == year), None)
    facts: list[tuple[str, Any, str]] = [
        ("Funder", p.funder, "text"), ("Round", p.round, "text"),
        ("Quarter", f"{figures.quarter} ({format_date(figures.start)} to "
                    f"{format_date(figures.end)})", "text"),
        ("Award", p.award_pence, "pence"), ("Match funding", p.match_funding_pence, "pence"),
        ("Spend in the quarter", figures.quarter_pence, "pence"),
        ("Cumulative spend", figures.cumulative_pence, "pence"),
        ("Award remaining", (p.award_pence or 0) - figures.cumulative_pence, "pence"),
        (f"Limit for {year}", limit.limit_pence if limit else None, "pence"),
        (f"Spend in {year} to the quarter's end", figures.year_pence, "pence"),
        ("Programme ends", p.end_date, "date"),
        ("Made", dt.datetime.now().replace(microsecond=0), "datetime")]
    for row, (label, value, kind) in enumerate(facts, start=3):
        warnings += write_cell(ws, row, 1, label)
        ws.cell(row, 1).font = LABEL_FONT
        warnings += write_cell(ws, row, 2, value, kind, header=label)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 40
    fit_title(ws, title, 2)
    return warnings


def _colour_rag(ws: Worksheet, column: int, colours: list[str], first_row: int = 2) -> None:
    for offset, colour in enumerate(colours):
        ws.cell(first_row + offset, column).fill = RAG_FILLS[colour]


# The action tracker ----------------------------------------------------------------------

# 22 columns on one landscape page: every one narrow, its text and heading wrapping.
TRACKER_COLUMNS = (
    Column("#", kind="int", width=5), Column("Action", width=30, wrap=True),
    Column("Theme or heading", width=14, wrap=True),
    Column("Intervention", width=13, wrap=True), Column("Location", width=16, wrap=True),
    Column("District", width=11, wrap=True), Column("Owner organisation", width=13, wrap=True),
    Column("Owner officer", width=13, wrap=True), Column("Priority", width=16, wrap=True),
    Column("Status", width=11, wrap=True),
    Column("Planned start", kind="date", width=11, wrap=True),
    Column("Planned end", kind="date", width=11, wrap=True),
    Column("Completed", kind="date", width=11, wrap=True),
    Column("Budget", kind="pence", width=12), Column("Spent", kind="pence", width=12),
    Column("Outputs", kind="int", width=8), Column("Output unit", width=14, wrap=True),
    Column("RAG", width=7), Column("RAG reason", width=22, wrap=True),
    Column("Latest update", kind="date", width=11, wrap=True),
    Column("Latest update text", width=34, wrap=True),
    Column("Evidence", width=18, wrap=True))


def export_action_tracker(db: Database, programme_id: int, path: Path | str,
                          district_id: int | None = None, priority_id: int | None = None,
                          as_at: dt.date | None = None, overwrite: bool = False) -> ExportResult:
    """Write the action tracker for partners: a title, then one row per action (those of a
    district or priority when given, as ``list_actions`` filters) with its RAG on ``as_at``
    (today by default) and its latest progress update."""
    as_at = as_at or dt.date.today()
    programme = get_programme(db, programme_id)
    actions = list_actions(db, programme_id, district_id, priority_id, as_at)
    wb = new_workbook()
    ws = wb.create_sheet("Action tracker")
    warnings = write_cell(ws, 1, 1, f"{programme.name}: action tracker")
    ws.cell(1, 1).font = TITLE_FONT
    warnings += write_cell(ws, 2, 1, f"RAG status as at {format_date(as_at)}. Red: overdue or "
                                     "over budget. Amber: due within 30 days with work left, "
                                     "or spend behind profile. Green: otherwise.")
    header = 4
    warnings += write_table(ws, TRACKER_COLUMNS, [_tracker_row(a) for a in actions],
                            start_row=header)
    _colour_rag(ws, 18, [a.rag.colour for a in actions], first_row=header + 1)
    set_print_layout(ws, header, landscape=True, title=f"{programme.name}: action tracker "
                     f"as at {format_date(as_at)}")
    target = save_workbook(wb, path, overwrite)
    return ExportResult(target, warnings, count=len(actions))


def _tracker_row(a: ActionRow) -> list[Any]:
    return [a.position, a.title, a.heading or a.theme, _capital(a.intervention), a.location,
            a.district or "Joint", a.owner, a.owner_officer, a.priority,
            _capital(a.status), a.planned_start, a.planned_end, a.completed_on,
            a.budget_pence, a.spent_pence if a.budget_pence is not None else None,
            a.output_count, a.output_unit, a.rag.label, a.rag.reason,
            a.latest_update_date, a.latest_update, a.evidence]
