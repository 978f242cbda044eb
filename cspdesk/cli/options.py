"""What every ``cspdesk`` command shares: the ``--db`` path type and how the database is chosen."""

from __future__ import annotations

from pathlib import Path

import click

from cspdesk.paths import synced_folder_warning

DB_PATH = click.Path(dir_okay=False, path_type=Path)


def chosen_database(ctx: click.Context, db_path: Path | None) -> Path:
    """The database a command works on: its own ``--db``, else the one given before the
    command (``cspdesk --db PATH command``); refuses with a usage message when neither is.
    Warns when it lies in a synced folder, and is kept for the sentence about a disk error."""
    path = db_path or (ctx.obj or {}).get("db_path")
    if path is None:
        raise click.UsageError("Say which database with --db PATH.")
    if isinstance(ctx.obj, dict):
        ctx.obj["database"] = Path(path)
    warn_if_synced(Path(path))
    return Path(path)


def warn_if_synced(path: Path) -> None:
    """A warning on stderr when ``path`` lies in a folder a cloud sync client looks after."""
    warning = synced_folder_warning(path)
    if warning:
        click.echo(f"cspdesk: warning: {warning}", err=True)
