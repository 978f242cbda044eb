"""``cspdesk report``, ``cspdesk agenda`` and ``cspdesk minutes``: the officer's papers as Word
documents, headless."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import click

from cspdesk.cli.options import DB_PATH, chosen_database
from cspdesk.dates import format_date
from cspdesk.meetings.agenda import find_meeting
from cspdesk.reports.agenda_paper import build_agenda
from cspdesk.reports.charts import ChartDrawer
from cspdesk.reports.committee import build_committee_report
from cspdesk.reports.docx_writer import write_docx
from cspdesk.reports.fields import checked_fields
from cspdesk.reports.minutes_paper import build_minutes
from cspdesk.store.database import open_database

OUT = click.option("--out", "out_path", required=True, type=DB_PATH,
                   help="The .docx file to write.")
OVERWRITE = click.option("--overwrite", is_flag=True, help="Replace the file if it exists.")


def chart_drawer() -> ChartDrawer:
    """The window's chart drawing (Qt, offscreen), loaded by name: the core imports no Qt."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return importlib.import_module("ui.reports.chart_image").chart_png  # type: ignore[no-any-return]


@click.command("report")
@click.option("--db", "db_path", type=DB_PATH, help="The database to read.")
@click.option("--year", metavar="YYYY/YY",
              help="The report's financial year, such as 2023/24 (performance is for the year "
                   "before). Default: the one last used in the window.")
@OUT
@OVERWRITE
@click.option("--no-charts", is_flag=True, help="Leave out the charts of the monthly trend.")
@click.pass_context
def report(ctx: click.Context, db_path: Path | None, year: str | None, out_path: Path,
           overwrite: bool, no_charts: bool) -> None:
    """Write the committee report on the partnership's progress, performance and priorities,
    with the fields remembered from Reports > Committee report… in the window."""
    db = open_database(chosen_database(ctx, db_path))
    try:
        fields = checked_fields(db, {"financial_year": year} if year else {})
        document = build_committee_report(db, fields, None if no_charts else chart_drawer())
        result = write_docx(document, out_path, overwrite)
    finally:
        db.close()
    click.echo(f"Wrote the {fields.financial_year} committee report to {result.path}.")
    for warning in result.warnings:
        click.echo(f"cspdesk: warning: {warning}", err=True)


def _paper_command(name: str, paper: str, build):  # type: ignore[no-untyped-def]
    @click.command(name)
    @click.option("--db", "db_path", type=DB_PATH, help="The database to read.")
    @click.option("--group", required=True, help="The group's short name, such as JSG.")
    @click.option("--date", "day", required=True, metavar="DD/MM/YYYY",
                  help="The date of the meeting.")
    @OUT
    @OVERWRITE
    @click.pass_context
    def command(ctx: click.Context, db_path: Path | None, group: str, day: str, out_path: Path,
                overwrite: bool) -> None:
        db = open_database(chosen_database(ctx, db_path))
        try:
            meeting = find_meeting(db, group, day)
            result = write_docx(build(db, meeting.id), out_path, overwrite)
        finally:
            db.close()
        click.echo(f"Wrote the {paper} of the {meeting.group_short_name} meeting on "
                   f"{format_date(meeting.date)} to {result.path}.")
        for warning in result.warnings:
            click.echo(f"cspdesk: warning: {warning}", err=True)

    command.help = (f"Write the {paper} of a meeting as a Word document: " + (
        "the group, date, time, venue or joining details, the items (standing items carried "
        "from the group's last agenda) and the papers of each." if paper == "agenda" else
        "who was present, in attendance, sent apologies or a substitute, from the register; "
        "quorate or not; each item's notes and decisions; the actions arising and the status "
        "of the last meeting's actions."))
    return command


agenda = _paper_command("agenda", "agenda", build_agenda)
minutes = _paper_command("minutes", "minutes", build_minutes)
COMMANDS = (report, agenda, minutes)
