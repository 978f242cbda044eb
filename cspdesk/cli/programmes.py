"""``cspdesk monitoring-return``: a programme's quarterly monitoring return, headless."""

from __future__ import annotations

from pathlib import Path

import click

from cspdesk.cli.options import DB_PATH, chosen_database
from cspdesk.programmes.exports import export_monitoring_return
from cspdesk.programmes.programmes import find_programme
from cspdesk.store.database import open_database


@click.command("monitoring-return")
@click.option("--db", "db_path", type=DB_PATH, help="The database to read.")
@click.option("--programme", "name", required=True,
              help="The programme's name, such as 'Safer Streets 4'.")
@click.option("--quarter", required=True, metavar="'YYYY/YY QN'",
              help="The financial quarter, such as '2023/24 Q1' (April to June 2023).")
@click.option("--out", "out_path", required=True, type=DB_PATH, help="The .xlsx file to write.")
@click.option("--overwrite", is_flag=True, help="Replace the file if it exists already.")
@click.pass_context
def monitoring_return(ctx: click.Context, db_path: Path | None, name: str, quarter: str,
                      out_path: Path, overwrite: bool) -> None:
    """Write the quarterly monitoring return of a funded programme: spend by intervention
    for the quarter and cumulative, and each action's outputs, RAG and commentary."""
    db = open_database(chosen_database(ctx, db_path), read_only=True)
    try:
        programme = find_programme(db, name)
        result = export_monitoring_return(db, programme.id, quarter, out_path, overwrite)
    finally:
        db.close()
    click.echo(f"Wrote the {quarter.strip()} monitoring return of {programme.name} "
               f"({result.count} actions) to {result.path}.")
    for warning in result.warnings:
        click.echo(f"cspdesk: warning: {warning}", err=True)
