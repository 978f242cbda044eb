"""What the screens print, as papers: a meeting's register and its blank sign-in sheet, the
comparison table, the priority register and the action tracker, each as the screen shows it.
"""

from __future__ import annotations

import datetime as dt

from cspdesk.dates import format_date
from cspdesk.meetings.meetings import get_meeting
from cspdesk.meetings.register import RegisterLine, load_register
from cspdesk.money import format_pounds
from cspdesk.performance.areas import level_heading
from cspdesk.performance.comparison import (
    SIGNIFICANCE_METHODS,
    ComparisonLine,
    change_text,
    compare,
    count_text,
    little_power_note,
    verdict,
)
from cspdesk.performance.periods import Period
from cspdesk.priorities.priorities import list_priorities
from cspdesk.programmes.programmes import ActionRow, get_programme, list_actions
from cspdesk.reports.agenda_paper import meeting_facts, meeting_heading
from cspdesk.reports.document import Cell, Document, Paragraph, Table
from cspdesk.reports.minutes_paper import quorum_blocks
from cspdesk.store.connection import Database
from cspdesk.store.settings import get_setting

RISE, FALL = "#ffc7ce", "#c6efce"  # the comparison workbook's shades
RAG_FILLS = {"red": "#f4b6b0", "amber": "#ffe08a", "green": "#b9dfc2"}
SPARE_SIGN_IN_LINES = 4  # blank lines on a sign-in sheet for those who come unexpected
INDENT = "\u00a0" * 4  # an area's depth in the tree, as the screen indents it


def register_document(db: Database, meeting_id: int) -> Document:
    """The meeting's register as marked: every line with its mark and reason or substitute,
    then the quorum and the responsible authorities not represented."""
    meeting = get_meeting(db, meeting_id)
    lines = load_register(db, meeting_id)
    doc = Document(f"{meeting.group_short_name} register {format_date(meeting.date)}")
    doc.add(*meeting_heading(db, meeting, "Attendance register"), meeting_facts(db, meeting))
    doc.add(Table(("Name", "Organisation", "Role", "Attendance", "Reason or substitute"),
                  tuple(_register_row(line) for line in lines), widths=(2, 1.4, 1.2, 1.5, 2.4)))
    doc.add(*quorum_blocks(db, meeting_id, lines))
    return doc


def _register_row(line: RegisterLine) -> tuple[Cell, ...]:
    note = (f"Substitute: {line.substitute_name}" if line.mark == "substitute"
            else line.reason if line.mark == "apologies" else None)
    from cspdesk.meetings.exports import MARK_WORDS  # here: the module loads openpyxl

    mark = MARK_WORDS.get(line.mark or "", "Not marked")
    return (Cell(line.name), Cell(line.organisation or ""), Cell(line.role.capitalize()),
            Cell(mark), Cell(note or ""))


def sign_in_sheet(db: Database, meeting_id: int) -> Document:
    """A blank sheet to sign at the door: every member expected, then spare lines."""
    meeting = get_meeting(db, meeting_id)
    members = [line for line in load_register(db, meeting_id) if line.member]
    rows = [(Cell(line.name), Cell(line.organisation or ""), Cell(line.role.capitalize()),
             Cell("")) for line in members]
    rows += [(Cell(""), Cell(""), Cell(""), Cell(""))] * SPARE_SIGN_IN_LINES
    doc = Document(f"{meeting.group_short_name} sign-in sheet {format_date(meeting.date)}")
    doc.add(*meeting_heading(db, meeting, "Sign-in sheet"), meeting_facts(db, meeting))
    doc.add(Paragraph.of("Please sign beside your name. If you are attending in place of a "
                         "member, write your name on a spare line and theirs beside it.",
                         style="small"))
    doc.add(Table(("Name", "Organisation", "Role", "Signature"), tuple(rows),
                  widths=(2.2, 1.6, 1.2, 2.6), row_height_mm=10))
    return doc


def comparison_document(db: Database, measure: str, period: Period,
                        method: str = "binomial") -> Document:
    """The comparison as the Performance tab shows it: every area, both counts, the change,
    its significance and the data-quality flags; significant rises and falls shaded."""
    lines = compare(db, measure, period, method)
    doc = Document(f"{measure}: {period.label} against {period.previous_label}", landscape=True)
    doc.add(Paragraph.of(doc.title, style="title"),
            Paragraph.of(f"Significance: {SIGNIFICANCE_METHODS[method]}. "
                         f"{little_power_note(lines)}".strip(), style="small"),
            Table(("Area", "Level", period.previous_label, period.label, "Change",
                   "Significance", "Data quality"),
                  tuple(_comparison_row(line) for line in lines),
                  widths=(2.6, 1, 1.4, 1.4, 1.5, 2.2, 2.4), small=True),
            Paragraph.of(f"Printed on {format_date(dt.date.today())} by cspdesk.",
                         style="small"))
    return doc


def _comparison_row(line: ComparisonLine) -> tuple[Cell, ...]:
    fill = None
    if line.significant and line.change:
        fill = RISE if line.change > 0 else FALL
    return (Cell(INDENT * line.depth + line.area), Cell(level_heading(line.level)),
            Cell(count_text(line.previous), align="right"),
            Cell(count_text(line.count), align="right"),
            Cell(change_text(line), align="right", fill=fill), Cell(verdict(line)),
            Cell("; ".join(line.flags)))


def priority_register_document(db: Database, financial_year: str) -> Document:
    """The year's register in the committee report's four columns."""
    name = get_setting(db, "partnership_short_name")
    title = " ".join(x for x in (name, "priority register", financial_year) if x)
    doc = Document(title, landscape=True)
    from cspdesk.priorities.exports import priority_cell  # here: the module loads openpyxl

    rows = tuple((Cell(priority_cell(p), bold=True), Cell(p.evidence or ""),
                  Cell(p.current_structure or ""), Cell(p.local_concerns or ""))
                 for p in list_priorities(db, financial_year))
    doc.add(Paragraph.of(title[:1].upper() + title[1:], style="title"))
    doc.add(Table(("Priority", "Evidence", "Current structure", "Local concerns/response"),
                  rows, widths=(1.3, 2, 2, 2), small=True) if rows else
            Paragraph.of(f"The {financial_year} register has no priorities yet."))
    return doc


def action_tracker_document(db: Database, programme_id: int, district_id: int | None = None,
                            priority_id: int | None = None,
                            as_at: dt.date | None = None) -> Document:
    """The programme's actions as the Safer Streets tab filters them, with RAG on ``as_at``."""
    as_at = as_at or dt.date.today()
    programme = get_programme(db, programme_id)
    actions = list_actions(db, programme_id, district_id, priority_id, as_at)
    funded = programme.kind == "funded"
    doc = Document(f"{programme.name}: action tracker", landscape=True)
    doc.add(Paragraph.of(doc.title, style="title"),
            Paragraph.of(f"RAG status as at {format_date(as_at)}. Red: overdue or over budget. "
                         "Amber: due within 30 days with work left, or spend behind profile. "
                         "Green: otherwise.", style="small"))
    header = ("#", "Action", "District", "Owner", "Status", "Due",
              *(("Budget", "Spent") if funded else ()), "Output", "RAG", "Latest update")
    widths = (0.5, 2.6, 1.3, 1.3, 1.3, 1.4, *((1.2, 1.2) if funded else ()), 1.6, 0.9, 3)
    doc.add(Table(header, tuple(_tracker_row(a, funded) for a in actions), widths=widths,
                  small=True))
    return doc


def _tracker_row(a: ActionRow, funded: bool) -> tuple[Cell, ...]:
    money = (Cell(format_pounds(a.budget_pence), align="right"),
             Cell(format_pounds(a.spent_pence) if a.budget_pence is not None else "",
                  align="right")) if funded else ()
    return (Cell(str(a.position)), Cell(a.title), Cell(a.district or "Joint"),
            Cell(a.owner_officer or a.owner or ""), Cell(a.status.capitalize()),
            Cell(format_date(a.planned_end)), *money, Cell(a.output),
            Cell(a.rag.label, fill=RAG_FILLS.get(a.rag.colour)), Cell(a.latest_update or ""))
