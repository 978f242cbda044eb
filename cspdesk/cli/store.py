"""``cspdesk backup``, ``cspdesk backups`` and ``cspdesk restore``: the database's backups
from the command line, by the same core as File > Restore from backup."""

from __future__ import annotations

from pathlib import Path

import click

from cspdesk.cli.options import DB_PATH, chosen_database
from cspdesk.errors import DatabaseError
from cspdesk.performance.periods import month_label
from cspdesk.store.backups import Backup, backups_folder, list_backups, make_backup
from cspdesk.store.database import open_database
from cspdesk.store.restore import read_contents, restore_backup


@click.command()
@click.option("--db", "db_path", type=DB_PATH, help="The database to back up.")
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="The folder for the backup (default: the backups folder beside the "
                   "database, where older backups are thinned).")
@click.pass_context
def backup(ctx: click.Context, db_path: Path | None, folder: Path | None) -> None:
    """Back the database up now (SQLite's backup API, checked) and print the backup's path."""
    db = open_database(chosen_database(ctx, db_path), upgrade=False)
    try:
        made = make_backup(db, "manual", folder, thin=folder is None)
    finally:
        db.close()
    click.echo(str(made))


@click.command()
@click.option("--db", "db_path", type=DB_PATH, help="The database whose backups to list.")
@click.pass_context
def backups(ctx: click.Context, db_path: Path | None) -> None:
    """List the database's backups, newest first: when, why, size and what each holds."""
    path = chosen_database(ctx, db_path)
    found = list_backups(path)
    if not found:
        click.echo(f"There are no backups of {path.name} in {backups_folder(path)}.")
        return
    click.echo(f"Backups of {path.name} in {backups_folder(path)}, newest first:")
    for item in found:
        click.echo(f"  {item.path.name}\n    {backup_line(item)}")


def backup_line(item: Backup) -> str:
    """One backup in words: when, why, its size and what it holds."""
    made = item.made.strftime("%d/%m/%Y %H:%M")
    return f"{made}, {item.reason}, {item.size_text}: {holds(item.path)}"


def holds(path: Path) -> str:
    """What the backup at ``path`` holds, or why that cannot be said."""
    try:
        contents = read_contents(path)
    except DatabaseError as exc:
        return str(exc)
    latest = f"; latest month {month_label(contents.latest_month)}" \
        if contents.latest_month else "; no monthly figures"
    return contents.describe() + latest


@click.command()
@click.option("--db", "db_path", type=DB_PATH, help="The database to restore into.")
@click.argument("backup_path", metavar="BACKUP", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def restore(ctx: click.Context, db_path: Path | None, backup_path: Path) -> None:
    """Put BACKUP in place of the database (close cspdesk first). The database as it was is
    kept in its backups folder first."""
    path = chosen_database(ctx, db_path)
    aside = restore_backup(backup_path, path)
    open_database(path).close()  # brings an older backup's schema up to date
    kept = f" The database as it was is kept as {aside}." if aside else ""
    click.echo(f"Restored {backup_path.name} into {path}.{kept}")
