"""``cspdesk import ...``: figures brought in from files, by the same core the window uses."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cspdesk.cli.options import DB_PATH, chosen_database
from cspdesk.performance.police_uk.importer import (
    ImportedMonth,
    ImportReport,
    import_flags,
    import_police_uk,
)
from cspdesk.performance.quality import QualityFlag
from cspdesk.performance.totals import short_names
from cspdesk.store.backups import backup_before_import
from cspdesk.store.database import open_database
from cspdesk.store.lock import Holder
from cspdesk.store.writing import Writing, writing

if TYPE_CHECKING:
    from cspdesk.exchange.importer import ImportPlan

WIDTH = 100  # a table of all crime by area wider than this is printed as lines instead
WAIT_SECONDS = 60.0  # how long an import waits for another cspdesk import to finish


@click.group("import")
def import_group() -> None:
    """Import figures from files (police.uk street-level crime data, partner workbooks)."""


@import_group.command("police-uk")
@click.option("--db", "db_path", type=DB_PATH, help="The database to import into.")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def police_uk_command(ctx: click.Context, db_path: Path | None,
                      sources: tuple[Path, ...]) -> None:
    """Import police.uk street-level files: CSV files, folders of them, or the zip archives
    data.police.uk hands out (only their -street files count). Each month the files hold
    replaces that month's imported counts; typed counts are kept."""
    with writing(chosen_database(ctx, db_path), "cspdesk import police-uk", WAIT_SECONDS,
                 _waiting) as session:
        _note_unclean(session)
        backup_before_import(session.db)
        report = import_police_uk(session.db, list(sources))
        short = short_names(session.db)
        flags = import_flags(session.db, report)
    click.echo("\n".join(report_lines(report, short)))
    click.echo("\n".join(flag_lines(flags)))


@import_group.command("xlsx")
@click.option("--db", "db_path", type=DB_PATH, help="The database to import into.")
@click.option("--dry-run", is_flag=True, help="Check the workbook and show the changes; "
              "write nothing.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def xlsx_command(ctx: click.Context, db_path: Path | None, file: Path, dry_run: bool) -> None:
    """Import a workbook in the layout cspdesk exports (any of its sheets). Every row is
    checked first; with any problem, each is listed and nothing is written (exit 2). A
    record whose id exists is updated, one with a new id or none is added."""
    from cspdesk.exchange.importer import apply_import, plan_import  # openpyxl: only here

    path = chosen_database(ctx, db_path)
    db = open_database(path, read_only=True)  # checking writes nothing: the file keeps its bytes
    try:
        plan = plan_import(db, file)
    finally:
        db.close()
    echo_lines(plan_lines(plan))
    if not plan.ok:
        click.echo(f"cspdesk: {file.name} has {len(plan.problems)} problem"
                   f"{'s' if len(plan.problems) != 1 else ''}; nothing was imported.", err=True)
        ctx.exit(2)
    if dry_run:
        click.echo("Dry run: nothing was written.")
    elif plan.changes:
        with writing(path, "cspdesk import xlsx", WAIT_SECONDS, _waiting) as session:
            _note_unclean(session)
            backup_before_import(session.db)
            apply_import(session.db, plan)
        click.echo(f"Imported {file.name}.")


def _waiting(holder: Holder) -> None:
    click.echo(f"cspdesk: waiting for {holder.describe()} to finish writing the database…",
               err=True)


def _note_unclean(session: Writing) -> None:
    note = session.unclean_note()
    if note:
        click.echo(f"cspdesk: note: {note}", err=True)


def plan_lines(plan: ImportPlan) -> Iterator[str]:
    """The plan as text: its summary, each change with its fields, each row skipped
    with its reason, then every problem (a line at a time: the ten-year workbook's plan
    is two million lines)."""
    yield plan.summary()
    if plan.warnings:
        yield from ["Warnings:", *_bullets(plan.warnings)]
    for change in plan.changes:
        key = ", ".join(str(k) for k in change.key)
        what = "added" if change.action == "add" else "changed"
        yield f"{change.sheet}, row {change.row}{f' ({key})' if key else ''}: {what}"
        for f in change.changes:
            yield f"    {f.column}: {_value(f.old)} → {_value(f.new)}"
    if plan.skipped:
        yield from ["", "Skipped (left as they are in the database):"]
    for skip in plan.skipped:
        key = ", ".join(str(k) for k in skip.key)
        yield (f"{skip.sheet}, row {skip.row}{f' ({key})' if key else ''}: skipped: "
               f"{skip.reason}")
        yield (f"    {skip.column}: {_value(skip.old)} stays (the workbook has "
               f"{_value(skip.new)})")
    if plan.problems:
        yield from ["", "Problems (nothing will be written until every one is corrected):"]
    for p in plan.problems:
        column = f", column {p.column}" if p.column else ""
        yield f"Sheet {p.sheet}, row {p.row}{column}: {p.message}"


def echo_lines(lines: Iterable[str], block: int = 10_000) -> None:
    """Print ``lines``, a block of them at a time (not all joined at once)."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) == block:
            click.echo("\n".join(batch))
            batch.clear()
    if batch:
        click.echo("\n".join(batch))


def _value(value: object) -> str:
    return "(empty)" if value is None else repr(value) if isinstance(value, str) else str(value)


def report_lines(report: ImportReport, short_names: dict[str, str] | None = None) -> list[str]:
    """The import's report as text: the files, each month's figures, then the warnings."""
    files = "file" if len(report.files) == 1 else "files"
    lines = [f"Read {len(report.files)} police.uk {files}; imported "
             f"{_months_text(report.months)}.", ""]
    lines += _table(["Month", "All crime", "ASB", "No location", "Other forces",
                     "Outside the districts", "Typed kept"],
                    [[m.month, *_force_figures(m)] for m in report.months])
    lines += ["", "All crime by area (the force first):"]
    lines += _by_area(report.months, short_names or {})
    if report.warnings:
        lines += ["", "Warnings:", *_bullets(report.warnings)]
    return lines


def flag_lines(flags: Sequence[QualityFlag]) -> list[str]:
    """The data-quality flags of the months just imported, under their heading."""
    if not flags:
        return ["", "Data-quality warnings: none for the months imported."]
    return ["", "Data-quality warnings:",
            *_bullets(f"{f.area}, {f.measure}, {f.month}: {f.reason}" for f in flags)]


def _months_text(months: Sequence[ImportedMonth]) -> str:
    if len(months) == 1:
        return f"1 month ({months[0].month})"
    return f"{len(months)} months ({months[0].month} to {months[-1].month})"


def _force_figures(m: ImportedMonth) -> list[int]:
    force = next(iter(m.all_crime), None)
    return [m.all_crime.get(force, 0) if force else 0, m.asb.get(force, 0) if force else 0,
            m.no_location_rows, m.other_force_rows, m.outside_tree_rows, m.kept_typed]


def _by_area(months: Sequence[ImportedMonth], short_names: dict[str, str]) -> list[str]:
    if not months:
        return []
    names = list(months[0].all_crime)
    table = _table(["Month", *(short_names.get(n, n) for n in names)],
                   [[m.month, *(m.all_crime.get(n, 0) for n in names)] for m in months])
    if max(len(line) for line in table) <= WIDTH:
        return table
    return _bullets(f"{m.month}: " + "; ".join(f"{n} {c:,}" for n, c in m.all_crime.items())
                    for m in months)


def _table(headers: list[str], rows: list[list[object]]) -> list[str]:
    cells = [headers] + [[f"{v:,}" if isinstance(v, int) else str(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    return ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                      for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
            for r in cells]


def _bullets(texts: Iterable[str]) -> list[str]:
    return [line for text in texts for line in textwrap.wrap(
        text, WIDTH, initial_indent="  - ", subsequent_indent="    ")]
