"""The committee report on the partnership's progress, performance and priorities, drafted
from the data in the order of the council report it replaces (see
shared/reference/csp-committee-report-2023-06.txt):

the report summary (report to, meeting, director lead, lead officer, then the summary table
of title, purpose, recommendations and reason); 1.0 Background; 2.0 Proposal/Options
Considered (performance, priorities, funded programmes); a section for each review's action
plan; attendance at the strategic and delivery groups; implications; background papers.
The officer's own fields come from ``cspdesk.reports.fields``; everything else is read.
"""

from __future__ import annotations

import datetime as dt

from cspdesk.dates import financial_year_bounds, previous_financial_year
from cspdesk.records import and_list
from cspdesk.reports.charts import ChartDrawer
from cspdesk.reports.committee_background import background
from cspdesk.reports.committee_performance import performance
from cspdesk.reports.committee_work import (
    action_plans,
    attendance,
    funded_programmes,
    priorities,
)
from cspdesk.reports.document import (
    Block,
    Cell,
    Document,
    Heading,
    ItemList,
    Numbering,
    Paragraph,
    Run,
    Table,
)
from cspdesk.reports.fields import IMPLICATIONS, ReportFields, load_fields
from cspdesk.reports.words import long_date, paragraphs_of
from cspdesk.store.connection import Database
from cspdesk.store.settings import get_setting

CONSIDERED = (
    "In writing this report and in putting forward recommendations, officers have considered "
    "the following implications: {names}, and where appropriate they have made reference to "
    "these implications and added suitable expert comment where appropriate.")
INSPECTION = (
    "Except for previously published documents, which will be available elsewhere, the "
    "documents listed here will be available for inspection in accordance with Section 100D "
    "of the Local Government Act 1972.")


def build_committee_report(db: Database, fields: ReportFields | None = None,
                           draw_chart: ChartDrawer | None = None,
                           today: dt.date | None = None) -> Document:
    """The report as a document model. ``fields`` defaults to the remembered ones; the
    performance is for the financial year before ``fields.financial_year``; money and
    progress are as at the committee's meeting date (else ``today``). ``draw_chart`` turns
    a chart into PNG bytes; without it the report has no charts."""
    fields = fields or load_fields(db)
    year = fields.financial_year
    before = previous_financial_year(year)
    as_at = dt.date.fromisoformat(fields.meeting_date) if fields.meeting_date else (
        today or dt.date.today())
    since = financial_year_bounds(before)[0].isoformat()
    name = get_setting(db, "partnership_short_name") or "CSP"
    numbers = Numbering()
    doc = Document(fields.title or "Committee report")
    doc.add(*summary(fields))
    doc.add(*background(db, numbers, name, before, as_at))
    doc.add(Heading("Proposal/Options Considered", 1, numbers.section()))
    doc.add(*performance(db, numbers, before, fields.areas, draw_chart))
    doc.add(*priorities(db, numbers, year))
    doc.add(*funded_programmes(db, numbers, since, as_at))
    doc.add(*action_plans(db, numbers, since, as_at))
    doc.add(Heading("Attendance at the partnership's meetings", 1, numbers.section()))
    doc.add(*attendance(db, numbers, before))
    doc.add(*implications(fields, numbers))
    doc.add(*background_papers(fields))
    return doc


def summary(fields: ReportFields) -> list[Block]:
    """The lines above the report and its summary table."""
    meeting = f" Meeting - {long_date(fields.meeting_date)}" if fields.meeting_date else ""
    lines = [("Report to", f"{fields.report_to}{meeting}".strip()),
             ("Director Lead", fields.director_lead), ("Lead Officer", fields.lead_officer)]
    blocks: list[Block] = [
        Paragraph((Run(f"{label}: ", bold=True), Run(value))) for label, value in lines]
    rows = (("Report Title", fields.title), ("Purpose of Report", fields.purpose),
            ("Recommendations", fields.recommendations),
            ("Reason for Recommendation", fields.reason))
    blocks.append(Table(("Report Summary", ""),
                        tuple((Cell(label, bold=True), Cell(value)) for label, value in rows),
                        widths=(1, 3)))
    return blocks


def implications(fields: ReportFields, numbers: Numbering) -> list[Block]:
    """Each implication the officer wrote, as a numbered part; the rest said to be none."""
    names = [words for _, words in IMPLICATIONS]
    blocks: list[Block] = [
        Heading("Implications", 1, numbers.section()),
        Paragraph.of(CONSIDERED.format(names=and_list(names)))]
    none = []
    for key, words in IMPLICATIONS:
        text = fields.implication(key)
        if not text or text.casefold() in ("none", "none.", "n/a"):
            none.append(words)
            continue
        reference = f" {fields.financial_reference}" if key == "financial" and \
            fields.financial_reference else ""
        blocks.append(Heading(f"{words} Implications{reference}", 2, numbers.next()))
        blocks += [Paragraph.of(part) for part in paragraphs_of(text)]
    if none:
        blocks.append(Paragraph.of(f"There are no {and_list(none)} implications."))
    return blocks


def background_papers(fields: ReportFields) -> list[Block]:
    papers = fields.background_papers
    return [Heading("Background Papers and Published Documents", 1),
            Paragraph.of(INSPECTION),
            ItemList(papers) if papers else Paragraph.of("None.")]
