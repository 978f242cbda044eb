"""``cspdesk attendance``: the attendance statistics of the Meetings tab, on the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click
from tabulate import tabulate

from cspdesk.cli.options import DB_PATH, chosen_database
from cspdesk.dates import format_date, parse_uk_date
from cspdesk.errors import InputError
from cspdesk.meetings.attendance import AttendanceRow, attendance_statistics
from cspdesk.store.database import open_database


def _columns(by: str) -> list[str]:
    names = ["name", "organisation"] if by == "person" else ["name"]
    return names + ["expected", "present", "apologies", "absent", "substitute", "attendance_pct"]


def _values(row: AttendanceRow, by: str) -> list[Any]:
    values: list[Any] = [row.name] + ([row.organisation] if by == "person" else [])
    return values + [row.expected, row.present, row.apologies, row.absent, row.substitute,
                     row.attendance_pct]  # rounded once, by attendance_percent


def _iso(text: str | None, what: str) -> str | None:
    return None if text is None else parse_uk_date(text, what).isoformat()


@click.command()
@click.option("--db", "db_path", type=DB_PATH, help="The database to read.")
@click.option("--group", "group", metavar="SHORTNAME",
              help="Only this group's meetings, by its short name (for example JSG).")
@click.option("--from", "start", metavar="DD/MM/YYYY", help="Only meetings on or after this date.")
@click.option("--to", "end", metavar="DD/MM/YYYY", help="Only meetings on or before this date.")
@click.option("--by", "by", required=True, type=click.Choice(["organisation", "person"]),
              help="One row per organisation or per person.")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["csv", "json", "table"]), help="How to print the rows.")
@click.pass_context
def attendance(ctx: click.Context, db_path: Path | None, group: str | None, start: str | None,
               end: str | None, by: str, fmt: str) -> None:
    """Attendance at held meetings: expected, present, apologies, absent, substitute and %.

    By organisation the % counts substitutes, (present + substitute) / expected; by person it
    is present / expected.
    """
    path = chosen_database(ctx, db_path)
    first, last = _iso(start, "--from date"), _iso(end, "--to date")
    if first and last and first > last:
        raise InputError(f"--from {start} is after --to {end}; give the earlier date first.",
                         field="start")
    db = open_database(path, read_only=True)
    try:
        rows = attendance_statistics(db, by, group, first, last)
    finally:
        db.close()
    values = [_values(row, by) for row in rows]
    if fmt == "csv":
        click.echo(_csv(_columns(by), values), nl=False)
    elif fmt == "json":
        click.echo(json.dumps([dict(zip(_columns(by), v, strict=True)) for v in values],
                              indent=2, ensure_ascii=False))
    else:
        click.echo(_title(by, group, first, last))
        if values:
            click.echo(tabulate(values, headers=_columns(by), floatfmt=".1f", missingval=""))
        else:
            click.echo("No held meetings match.")


def _csv(columns: list[str], values: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in values:
        writer.writerow(["" if v is None else f"{v:.1f}" if isinstance(v, float) else v
                         for v in row])
    return out.getvalue()


def _title(by: str, group: str | None, first: str | None, last: str | None) -> str:
    where = f"{group} meetings" if group else "meetings of every group"
    if first and last:
        when = f" from {format_date(first)} to {format_date(last)}"
    elif first or last:
        when = f" from {format_date(first)}" if first else f" up to {format_date(last)}"
    else:
        when = " on any date"
    return f"Attendance by {by} at {where} held{when}\n"
