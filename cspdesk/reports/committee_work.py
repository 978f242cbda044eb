"""The committee report's account of the partnership's work: the year's priorities and their
rationale (2.4, 2.5), the funded programmes (2.6, 2.7), the review's action plan (3.0) and
attendance at the strategic and delivery groups."""

from __future__ import annotations

import datetime as dt

from cspdesk.dates import financial_year_bounds, format_date
from cspdesk.meetings.attendance import AttendanceRow, attendance_statistics
from cspdesk.meetings.meetings import list_meeting_records
from cspdesk.meetings.structure import list_group_records
from cspdesk.money import format_pounds
from cspdesk.priorities.exports import priority_cell
from cspdesk.priorities.priorities import list_priorities
from cspdesk.programmes.programmes import STATUSES, ActionRow, Programme, list_programmes
from cspdesk.programmes.rag import status_on
from cspdesk.programmes.spend import programme_dashboard
from cspdesk.records import and_list, plural
from cspdesk.reports.document import (
    Block,
    Cell,
    Heading,
    ItemList,
    Numbering,
    Paragraph,
    Table,
    table,
)
from cspdesk.store.connection import Database


def priorities(db: Database, numbers: Numbering, year: str) -> list[Block]:
    """The year's priorities, listed, then the four-column table of their rationale."""
    register = [p for p in list_priorities(db, year) if p.status != "retired"]
    if not register:
        return [Paragraph.of(f"No priorities are recorded for {year} yet.", numbers.next())]
    agreed = [p.title for p in register if p.status == "agreed"]
    proposed = [p.title for p in register if p.status == "proposed"]
    blocks: list[Block] = []
    if agreed:
        blocks += [Paragraph.of(f"The priorities that have been agreed for {year} are:",
                                numbers.next()), ItemList(tuple(agreed))]
    if proposed:
        blocks += [Paragraph.of(f"The priorities proposed for {year}, not yet agreed, are:",
                                numbers.next()), ItemList(tuple(proposed))]
    rows = tuple((Cell(priority_cell(p), bold=True), Cell(p.evidence or ""),
                  Cell(p.current_structure or ""), Cell(p.local_concerns or ""))
                 for p in register)
    blocks += [Paragraph.of("The table below sets out the rationale behind each priority.",
                            numbers.next()),
               Table(("Priority", "Evidence", "Current Structure", "Local Concerns/Response"),
                     rows, widths=(1.3, 2, 2, 2), small=True)]
    return blocks


def _active(programme: Programme, since: str) -> bool:
    return not programme.end_date or programme.end_date >= since


def funded_programmes(db: Database, numbers: Numbering, since: str,
                      as_at: dt.date) -> list[Block]:
    """Each funded programme still running on ``since`` (ISO): its award and themes, its
    completion date, spend against budget on ``as_at``, and its actions completed and in
    progress with their outputs."""
    blocks: list[Block] = []
    for programme in list_programmes(db):
        if programme.kind == "funded" and _active(programme, since):
            blocks += _programme(db, numbers, programme, as_at)
    return blocks


def _programme(db: Database, numbers: Numbering, p: Programme, as_at: dt.date) -> list[Block]:
    funder = f" to the {p.funder}" if p.funder else ""
    across = f" across {and_list(p.areas)}" if p.areas else ""
    award = format_pounds(p.award_pence) or "an amount not recorded"
    focus = ", which has been focussed on:" if p.themes else "."
    blocks: list[Block] = [Paragraph.of(
        f"A submission by the CSP for {p.name} funding was submitted{funder}. The bid was "
        f"successful and funding of {award}{across} was provided{focus}", numbers.next())]
    if p.themes:
        blocks.append(ItemList(tuple(p.themes)))
    board = programme_dashboard(db, p.id, as_at)
    done = [a for a in board.actions if status_on(a, as_at) == "complete"]
    going = [a for a in board.actions if status_on(a, as_at) == "in progress"]
    blocks.append(Paragraph.of(_progress(p, board.budget_pence, board.spent_pence, as_at,
                                         len(board.actions)), numbers.next()))
    if done:
        blocks += [Paragraph.of("To date the following have been completed:"),
                   ItemList(tuple(_done(a) for a in done))]
    if going:
        blocks += [Paragraph.of("In progress:"), ItemList(tuple(_going(a) for a in going))]
    return blocks


def _progress(p: Programme, budget: int, spent: int, as_at: dt.date, count: int) -> str:
    end = f"The project is due for completion on {format_date(p.end_date)}. " \
        if p.end_date else ""
    whole = p.award_pence or budget
    share = f" ({spent / whole * 100:.0f}%)" if whole else ""
    return (f"{end}As at {format_date(as_at)}, {format_pounds(spent) or '£0'} of the "
            f"{format_pounds(whole) or '£0'} has been spent{share}, across "
            f"{plural(count, 'action')} with budgets of {format_pounds(budget) or '£0'}.")


def _done(a: ActionRow) -> str:
    where = f", {a.location}" if a.location else ""
    output = f": {a.output}" if a.output else ""
    when = f", completed {format_date(a.completed_on)}" if a.completed_on else ""
    return f"{a.title}{where}{output}{when}."


def _going(a: ActionRow) -> str:
    due = f", due by {format_date(a.planned_end)}" if a.planned_end else ""
    output = f" (planned output: {a.output})" if a.output else ""
    latest = f" {a.latest_update}" if a.latest_update else ""
    return f"{a.title}{output}{due}.{latest}"


def action_plans(db: Database, numbers: Numbering, since: str,
                 as_at: dt.date) -> list[Block]:
    """A section for each review's action plan running on ``since``: its areas, its actions
    by area and status, and each action with its owner, status and due date."""
    blocks: list[Block] = []
    for p in list_programmes(db):
        if p.kind != "action plan" or not _active(p, since):
            continue
        board = programme_dashboard(db, p.id, as_at)
        counts = {s: sum(c[s] for _, c in board.by_heading) for s in STATUSES}
        areas = [name for name, _ in board.by_heading]
        said = and_list([f"{n} {s}" for s, n in counts.items() if n]) or "none recorded"
        blocks += [
            Heading(p.name, 1, numbers.section()),
            Paragraph.of(f"There were {plural(len(board.actions), 'action')} split into the "
                         "following areas:", numbers.next()),
            ItemList(tuple(areas)),
            Paragraph.of(f"As at {format_date(as_at)}, of the {len(board.actions)} actions: "
                         f"{said}.", numbers.next()),
            Table(("Area", *(s.capitalize() for s in STATUSES), "Total"),
                  tuple((Cell(name), *_figures(*(c[s] for s in STATUSES), sum(c.values())))
                        for name, c in board.by_heading), widths=(3, 1, 1, 1, 1, 1),
                  small=True),
            table(("Area", "Action", "Owner", "Status", "Due"),
                  [(a.heading or a.theme or "", a.title, a.owner_officer or a.owner or "",
                    status_on(a, as_at).capitalize(), format_date(a.planned_end))
                   for a in board.actions], widths=(1.8, 4, 1.6, 1.5, 1.4), small=True)]
    return blocks


def attendance(db: Database, numbers: Numbering, year: str) -> list[Block]:
    """Attendance at each strategic and delivery group by organisation over ``year``."""
    first, last = (d.isoformat() for d in financial_year_bounds(year))
    blocks: list[Block] = []
    for group in list_group_records(db):
        if group.tier not in ("strategic", "delivery"):
            continue
        held = [m for m in list_meeting_records(db, group.id)
                if m.status == "held" and first <= m.date <= last]
        rows = attendance_statistics(db, "organisation", group.short_name, first, last)
        blocks.append(Paragraph.of(
            f"Attendance at the {group.title} by organisation in {year} "
            f"({plural(len(held), 'meeting')} held). A substitute counts for the member's "
            "organisation.", numbers.next()))
        if rows:
            blocks.append(table(("Organisation", "Expected", "Present", "Apologies", "Absent",
                                 "Substitute", "Attendance"),
                                [_attendance_row(r) for r in rows],
                                widths=(3, 1.4, 1.3, 1.4, 1.2, 1.5, 1.8), small=True))
    return blocks


def _figures(*numbers: int) -> tuple[Cell, ...]:
    return tuple(Cell(f"{n:,}", align="right") for n in numbers)


def _attendance_row(r: AttendanceRow) -> tuple[Cell, ...]:
    pct = "" if r.attendance_pct is None else f"{r.attendance_pct:.0f}%"
    return (Cell(r.name), *_figures(r.expected, r.present, r.apologies, r.absent, r.substitute),
            Cell(pct, align="right"))
