"""``cspdesk quality``: the data-quality flags of the monthly counts, on the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
from tabulate import tabulate

from cspdesk.cli.options import DB_PATH, chosen_database
from cspdesk.performance.quality import QualityFlag, month_text, quality_flags
from cspdesk.store.database import open_database

COLUMNS = ["area", "measure", "month", "reason"]
NONE = "No data-quality flags."


@click.command()
@click.option("--db", "db_path", type=DB_PATH, help="The database to read.")
@click.option("--measure", metavar="NAME",
              help="Only this measure, by name (for example \"Anti-social behaviour\").")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["csv", "json", "table"]), help="How to print the flags.")
@click.pass_context
def quality(ctx: click.Context, db_path: Path | None, measure: str | None, fmt: str) -> None:
    """List the months flagged in the monthly counts: a count far below the months either
    side (under a third of their median), or a missing month between the first and last
    with counts. Months are YYYY-MM in csv and json, "March 2023" in the table."""
    path = chosen_database(ctx, db_path)
    db = open_database(path, read_only=True)
    try:
        flags = quality_flags(db, measure)
    finally:
        db.close()
    if fmt == "csv":
        click.echo(_csv(flags), nl=False)
    elif fmt == "json":
        click.echo(json.dumps([dict(zip(COLUMNS, _values(f), strict=True)) for f in flags],
                              indent=2, ensure_ascii=False))
    elif flags:
        click.echo(tabulate([[f.area, f.measure, month_text(f.month), f.reason] for f in flags],
                            headers=COLUMNS))
    if not flags:
        # In csv and json the message goes to stderr, so the output stays readable data.
        click.echo(NONE, err=fmt != "table")


def _values(flag: QualityFlag) -> list[str]:
    return [flag.area, flag.measure, flag.month, flag.reason]


def _csv(flags: list[QualityFlag]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_values(f) for f in flags)
    return out.getvalue()
