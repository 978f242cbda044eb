"""The ``cspdesk`` command: opens the window, or does the same work headless.

Errors reach the user as one sentence on stderr with exit status 2 for bad input; an
unexpected failure is written in full to a log file in the data folder, never as a
traceback on the screen.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

import click

from cspdesk import __version__, audit
from cspdesk.cli.options import DB_PATH, chosen_database, warn_if_synced
from cspdesk.disk import disk_error
from cspdesk.errors import CorruptDatabaseError, CspdeskError
from cspdesk.files import sweep_unfinished
from cspdesk.paths import data_folder, default_database_path
from cspdesk.store import integrity, migrations
from cspdesk.store.database import check_database, open_database

# The commands of the subject modules, each imported only when it runs (or `--help` lists
# it): `cspdesk check` must not pay for pandas, openpyxl and python-docx (0.5 s).
# tests/test_startup_imports.py checks each entry names its own command.
LAZY_COMMANDS = {
    "agenda": "cspdesk.cli.reports:agenda",
    "attendance": "cspdesk.cli.meetings:attendance",
    "backup": "cspdesk.cli.store:backup",
    "backups": "cspdesk.cli.store:backups",
    "export": "cspdesk.cli.export:export",
    "forces": "cspdesk.cli.setup:forces_command",
    "import": "cspdesk.cli.imports:import_group",
    "minutes": "cspdesk.cli.reports:minutes",
    "monitoring-return": "cspdesk.cli.programmes:monitoring_return",
    "new": "cspdesk.cli.setup:new",
    "performance": "cspdesk.cli.performance:performance",
    "person": "cspdesk.cli.people:person",
    "quality": "cspdesk.cli.quality:quality",
    "report": "cspdesk.cli.reports:report",
    "restore": "cspdesk.cli.store:restore",
}


class CspdeskGroup(click.Group):
    """Turns cspdesk's errors into one clear sentence and an exit status; loads the
    subject modules' commands when first asked for (``LAZY_COMMANDS``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module_name, attr = LAZY_COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module_name), attr), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with audit.via("command"):  # the window (below) says 'form' again
                return super().invoke(ctx)
        except CspdeskError as exc:
            click.echo(f"cspdesk: {exc}", err=True)
            ctx.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # output piped into `head` or a closed pager: not an error
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes it at exit
            ctx.exit(0)
        except Exception as exc:  # anything unforeseen: log it whole, tell the user briefly
            situation = disk_error(exc, (ctx.obj or {}).get("database"))
            if situation is not None:  # a read-only file, a full disk: not a bug
                click.echo(f"cspdesk: {situation}", err=True)
                ctx.exit(2)
            log = _log_unexpected(exc)
            click.echo(
                f"cspdesk: an unexpected error stopped the command ({exc.__class__.__name__}: "
                f"{exc}). The details are in {log}.",
                err=True,
            )
            ctx.exit(1)


def _log_unexpected(exc: BaseException) -> Path:
    folder = data_folder() / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "errors.log"
        with log.open("a", encoding="utf-8") as fh:
            stamp = dt.datetime.now().isoformat(timespec="seconds")
            fh.write(f"--- {stamp} cspdesk {__version__}\n")
            fh.write("".join(traceback.format_exception(exc)))
        return log
    except OSError:
        return Path("(the log could not be written)")


@click.group(cls=CspdeskGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", type=DB_PATH,
              help="The database to open (default: cspdesk.sqlite in your local data folder).")
@click.option("--demo", is_flag=True, help="Open the window on a fresh demo database.")
@click.version_option(__version__, prog_name="cspdesk")
@click.pass_context
def main(ctx: click.Context, db_path: Path | None, demo: bool) -> None:
    """cspdesk: meetings, performance, priorities and Safer Streets for a Community Safety
    Partnership. With no command, opens the window."""
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = db_path
    sweep_unfinished()  # files left by an export that was killed
    if ctx.invoked_subcommand is not None:
        return
    if demo and db_path:
        raise click.UsageError("Give either --db or --demo, not both.")
    if demo:
        db_path = _fresh_demo()
    elif db_path is None:
        db_path = _default_database()
    else:
        _refuse_a_bad_file(db_path)
    if db_path is not None:
        warn_if_synced(db_path)
    # The core never imports Qt at module level. A second launch hands over to the window
    # already running, before the window's many modules are loaded.
    if not demo and db_path is not None and \
            importlib.import_module("ui.single_instance").bring_forward(db_path):
        click.echo("cspdesk is already open on this computer: its window was brought "
                   "forward.")
        ctx.exit(0)
    if db_path is not None:  # on a thread while the window's modules load
        integrity.check_ahead(db_path)
    gui = importlib.import_module("ui.app")
    try:
        with audit.via("form"):
            status = gui.run_app(db_path, demo=demo)
    finally:
        if demo and db_path is not None:  # a fresh demo each time; File > Save a Copy As keeps one
            shutil.rmtree(db_path.parent, ignore_errors=True)
    ctx.exit(status)


def _fresh_demo() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="cspdesk-demo-"))
    path = folder / "cspdesk-demo.sqlite"
    from cspdesk.demo import build_demo_database  # not on every command's way

    build_demo_database(path).close()
    return path


def _default_database() -> Path | None:
    """The default database, checked; None when there is none yet (the window then
    welcomes the officer: set up a partnership, open a file or explore the demo)."""
    path = default_database_path()
    if not path.exists():
        return None
    _refuse_a_bad_file(path)
    return path


def _refuse_a_bad_file(path: Path) -> None:
    """Refuse a file that is not a cspdesk database, or a newer one, before any window
    opens; read-only, unchecked: the window checks it, and shows a damaged one read-only."""
    with contextlib.suppress(CorruptDatabaseError):
        open_database(path, read_only=True, upgrade=False, check=integrity.NONE).close()


@main.command()
@click.argument("path", type=DB_PATH)
def demo(path: Path) -> None:
    """Write the demo database (the Bassetlaw and Newark & Sherwood CSP) to PATH."""
    from cspdesk.demo import build_demo_database  # not on every command's way

    build_demo_database(path).close()
    click.echo(f"Wrote the demo database to {path}.")


@main.command()
@click.option("--db", "db_path", type=DB_PATH, help="The database to check.")
@click.pass_context
def check(ctx: click.Context, db_path: Path | None) -> None:
    """Run SQLite's integrity and foreign-key checks; exit 0 when healthy, 1 when not."""
    path = chosen_database(ctx, db_path)
    try:  # for reading only, unchecked: the full check follows, and the file keeps its bytes
        db = open_database(path, upgrade=False, read_only=True, check=integrity.NONE)
    except CorruptDatabaseError as exc:
        click.echo(f"Database: {path}\nDamaged: {exc}")
        _echo_newest_backup(path)
        ctx.exit(1)
    try:
        report = check_database(db)
    finally:
        db.close()
    click.echo(f"Database: {path}")
    click.echo(f"Schema version: {report.schema_version} "
               f"(this cspdesk writes version {migrations.latest_version()})")
    click.echo("Integrity check: " + ("ok" if not report.integrity else "FAILED"))
    for line in report.integrity[:20]:
        click.echo(f"  {line}")
    click.echo("Foreign keys: " + ("ok" if not report.foreign_key_problems else "FAILED"))
    for line in report.foreign_key_problems[:20]:
        click.echo(f"  {line}")
    click.echo("Healthy." if report.healthy else "Not healthy: restore a backup or get help.")
    if not report.healthy:
        _echo_newest_backup(path)
    ctx.exit(0 if report.healthy else 1)


def _echo_newest_backup(path: Path) -> None:
    backup = integrity.newest_good_backup(path)
    click.echo(f"The newest sound backup: {backup}" if backup else
               f"There is no sound backup in {integrity.backups_folder(path)}.")


@main.command()
@click.option("--db", "db_path", type=DB_PATH, help="The database to show.")
@click.option("--out", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for the PNGs.")
@click.option("--size", default="1366x768", show_default=True,
              help="The screen in pixels, WIDTHxHEIGHT.")
@click.option("--scale", default=1.0, show_default=True, type=click.FloatRange(1, 3),
              help="Display scaling: 1.5 is Windows' 150%.")
@click.option("--colours", default="system", show_default=True,
              type=click.Choice(["system", "dark", "high-contrast"]), help="The palette.")
@click.pass_context
def screenshot(ctx: click.Context, db_path: Path | None, out_dir: Path, size: str,
               scale: float, colours: str) -> None:
    """Render the main window with each tab selected to OUT/<tab>.png (no display needed),
    at a display scaling and in a palette if asked."""
    path = chosen_database(ctx, db_path)
    try:
        width, height = (int(v) for v in size.lower().split("x"))
    except ValueError:
        raise click.BadParameter(
            f"'{size}' is not a size like 1366x768.", param_hint="--size") from None
    open_database(path, read_only=True).close()
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    shots = importlib.import_module("ui.screenshot")
    for written in shots.write_screenshots(path, out_dir, (width, height), scale, colours):
        click.echo(f"Wrote {written}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(obj={}))
