"""What every ``cspdesk`` command shares: the ``--db`` path type and how the database is chosen."""

from __future__ import annotations

from pathlib import Path

import click

DB_PATH = click.Path(dir_okay=False, path_type=Path)


def chosen_database(ctx: click.Context, db_path: Path | None) -> Path:
    """The database a command works on: its own ``--db``, else the one given before the
    command (``cspdesk --db PATH command``); refuses with a usage message when neither is.
    It is kept for the sentence about a disk error."""
    path = db_path or (ctx.obj or {}).get("db_path")
    if path is None:
        raise click.UsageError("Say which database with --db PATH.")
    if isinstance(ctx.obj, dict):
        ctx.obj["database"] = Path(path)
    return Path(path)
