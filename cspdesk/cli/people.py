"""``cspdesk person export`` and ``cspdesk person erase``: a subject access request and an
erasure request, by the same core as the buttons on the person (``cspdesk.privacy``)."""

from __future__ import annotations

from pathlib import Path

import click

from cspdesk.cli.options import DB_PATH, chosen_database
from cspdesk.privacy.erasure import erase_person, erased_words, find_person, plan_erasure
from cspdesk.privacy.subject_access import export_person
from cspdesk.store.database import open_database


@click.group()
def person() -> None:
    """A person's data: everything held about them (export), or erase them."""


@person.command("export")
@click.option("--db", "db_path", type=DB_PATH, help="The database to read.")
@click.argument("name")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The workbook to write (.xlsx).")
@click.option("--overwrite", is_flag=True, help="Replace the workbook if it exists.")
@click.pass_context
def export_command(ctx: click.Context, db_path: Path | None, name: str, out: Path,
                   overwrite: bool) -> None:
    """Write everything the database holds about NAME to one workbook (subject access)."""
    db = open_database(chosen_database(ctx, db_path))
    try:
        result = export_person(db, find_person(db, name), out, overwrite)
    finally:
        db.close()
    sheets = ", ".join(f"{title} {n:,}" for title, n in result.sheets.items())
    click.echo(f"Wrote {result.path} ({sheets}).")
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)


@person.command("erase")
@click.option("--db", "db_path", type=DB_PATH, help="The database to change.")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Erase without asking to confirm.")
@click.pass_context
def erase_command(ctx: click.Context, db_path: Path | None, name: str, yes: bool) -> None:
    """Erase NAME everywhere: record, free text, audit log, free pages of the file."""
    db = open_database(chosen_database(ctx, db_path))
    try:
        person_id = find_person(db, name)
        plan = plan_erasure(db, person_id)
        click.echo(f"Erasing {plan.name} will remove:")
        for line in plan.lines():
            click.echo(f"  {line}")
        if not yes and not click.confirm("Erase them? This cannot be undone", default=False):
            click.echo("Nothing was erased.")
            return
        done = erase_person(db, person_id)
    finally:
        db.close()
    for line in erased_words(done):
        click.echo(line)
