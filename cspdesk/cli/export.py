"""``cspdesk export ...``: files for partners and calendars, written by the same core
functions the window uses."""

from __future__ import annotations

from pathlib import Path

import click

from cspdesk.cli.options import DB_PATH, chosen_database
from cspdesk.exchange.export import export_workbook
from cspdesk.meetings.exports import export_ics
from cspdesk.store.database import open_database
from cspdesk.xlsx.writer import ExportResult

OUT_PATH = click.Path(dir_okay=False, path_type=Path)


@click.group()
def export() -> None:
    """Write the partnership's records to files for partners (calendars, workbooks)."""


@export.command("ics")
@click.option("--db", "db_path", type=DB_PATH, help="The database to read.")
@click.option("--out", "out_path", required=True, type=OUT_PATH,
              help="The .ics file to write.")
@click.option("--group", "group_short_name", metavar="SHORTNAME",
              help="Only this group's meetings (its short name, such as JSG).")
@click.option("--overwrite", is_flag=True, help="Replace the file if it exists already.")
@click.pass_context
def export_ics_command(ctx: click.Context, db_path: Path | None, out_path: Path,
                       group_short_name: str | None, overwrite: bool) -> None:
    """Write the schedule of meetings as an iCalendar file that Outlook imports."""
    db = open_database(chosen_database(ctx, db_path), read_only=True)
    try:
        result = export_ics(db, out_path, group_short_name, overwrite)
    finally:
        db.close()
    meetings = "meeting" if result.count == 1 else "meetings"
    click.echo(f"Wrote {result.count} {meetings} to {result.path}.")
    _echo_warnings(result)


@export.command("xlsx")
@click.option("--db", "db_path", type=DB_PATH, help="The database to read.")
@click.option("--out", "out_path", required=True, type=OUT_PATH,
              help="The .xlsx workbook to write.")
@click.option("--no-personal-data", is_flag=True,
              help="Leave out every name, email and phone number: people appear as their "
                   "organisation and job title, attendance as figures by organisation. "
                   "Use this for workbooks sent to partners.")
@click.option("--overwrite", is_flag=True, help="Replace the file if it exists already.")
@click.pass_context
def export_xlsx_command(ctx: click.Context, db_path: Path | None, out_path: Path,
                        no_personal_data: bool, overwrite: bool) -> None:
    """Write every record to one Excel workbook, a sheet per kind of record (the partner
    workbook: its sheet and column names are listed in the README)."""
    db = open_database(chosen_database(ctx, db_path), read_only=True)
    try:
        result = export_workbook(db, out_path, no_personal_data=no_personal_data,
                                 overwrite=overwrite)
    finally:
        db.close()
    personal = "left out" if no_personal_data else "included"
    click.echo(f"Wrote {result.path} (personal data {personal}):")
    width = max(len(name) for name in result.sheets)
    for name, rows in result.sheets.items():
        click.echo(f"  {name:<{width}}  {rows:>9,} {'row' if rows == 1 else 'rows'}")
    _echo_warnings(result)


def _echo_warnings(result: ExportResult) -> None:
    for warning in result.warnings:
        click.echo(f"cspdesk: warning: {warning}", err=True)
