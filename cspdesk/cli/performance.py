"""``cspdesk performance``: the comparison of the Performance tab, on the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click
from tabulate import tabulate

from cspdesk.cli.options import DB_PATH, chosen_database
from cspdesk.performance.areas import level_heading
from cspdesk.performance.comparison import (
    SIGNIFICANCE_METHODS,
    ComparisonLine,
    change_text,
    compare,
    count_text,
    little_power_note,
    verdict,
)
from cspdesk.performance.periods import Period, latest_month, month_label, parse_period
from cspdesk.store.database import open_database

COLUMNS = ["area", "short_name", "level", "count", "previous", "change", "change_pct",
           "significant", "p_value", "z", "flags", "little_power"]


def _values(line: ComparisonLine) -> list[Any]:
    """One row for CSV and JSON: change_pct to one decimal; significant as yes/no, and
    little_power yes when either count is under 10 (``ComparisonLine.little_power``)."""
    pct = None if line.change_pct is None else round(line.change_pct, 1)
    significant = None if line.significant is None else ("yes" if line.significant else "no")
    p_value = None if line.p_value is None else round(line.p_value, 4)
    z = None if line.z is None else round(line.z, 2)
    little = None if line.significant is None else ("yes" if line.little_power else "no")
    return [line.area, line.short_name, line.level, line.count, line.previous, line.change,
            pct, significant, p_value, z, "; ".join(line.flags), little]


@click.command()
@click.option("--db", "db_path", type=DB_PATH, help="The database to read.")
@click.option("--measure", required=True, metavar="NAME",
              help='The measure, as the Performance tab names it (for example "All crime").')
@click.option("--period", "period_text", required=True, metavar="PERIOD",
              help="2024-12 (a month), fytd:2024-12 (financial year to date), r12:2024-12 "
                   "(12 months to a month) or fy:2023/24 (a financial year).")
@click.option("--method", default="binomial", show_default=True,
              type=click.Choice(list(SIGNIFICANCE_METHODS)), help="The test of significance.")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["csv", "json", "table"]), help="How to print the rows.")
@click.pass_context
def performance(ctx: click.Context, db_path: Path | None, measure: str, period_text: str,
                method: str, fmt: str) -> None:
    """Every area's count for a period against the same period last year: the change, the
    change in %, whether it is significant, and data-quality flags on the months behind it.

    A period with any month missing is shown as missing, never as a number.
    """
    path = chosen_database(ctx, db_path)
    period = parse_period(period_text)
    db = open_database(path, read_only=True)
    try:
        lines = compare(db, measure, period, method)
        latest = latest_month(db, measure)
    finally:
        db.close()
    if fmt == "csv":
        click.echo(_csv([_values(line) for line in lines]), nl=False)
    elif fmt == "json":
        rows = [dict(zip(COLUMNS, _values(line), strict=True)) for line in lines]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        click.echo(_table(lines, measure, period, method, latest))


def _csv(values: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in values:
        writer.writerow(["" if v is None else f"{v:.1f}" if k == "change_pct" else v
                         for k, v in zip(COLUMNS, row, strict=True)])
    return out.getvalue()


def column_labels(period: Period) -> tuple[str, str]:
    """Short headings for the two counts: 'FYTD 2021/22', 'FYTD 2022/23' for a year to date."""
    if period.kind != "fytd":
        return period.previous_label, period.label
    before, now = (label.split(" (")[0].replace("Financial year to date", "FYTD")
                   for label in (period.previous_label, period.label))
    return before, now


def _table(lines: list[ComparisonLine], measure: str, period: Period, method: str,
           latest: str | None) -> str:
    head = [f"{measure}: {period.label} against {period.previous_label}",
            f"Significance: {SIGNIFICANCE_METHODS[method]} ({method}).", ""]
    rows = [["  " * line.depth + line.area, level_heading(line.level), count_text(line.previous),
             count_text(line.count), change_text(line), verdict(line, evidence=True),
             len(line.flags) or ""] for line in lines]
    headers = ["Area", "Level", *column_labels(period), "Change", "Significant", "Flags"]
    align = ["left", "left", "right", "right", "right", "left", "right"]
    if not any(line.flags for line in lines):
        rows, headers, align = [r[:-1] for r in rows], headers[:-1], align[:-1]
    body = tabulate(rows, headers=headers, colalign=align, disable_numparse=True,
                    preserve_whitespace=True)  # the indent shows each area under its parent
    return "\n".join(head + [body] + _notes(lines, period, latest))


def _notes(lines: list[ComparisonLine], period: Period, latest: str | None) -> list[str]:
    notes: list[str] = []
    if lines and all(line.count is None for line in lines):
        held = f"the latest month with counts is {month_label(latest)}" if latest else (
            "there are no counts of this measure yet")
        notes.append(f"\nNo area has a count for every month of {period.label}; {held}.")
    if little_power_note(lines):
        notes.append(f"\n{little_power_note(lines)}")
    flagged = [line for line in lines if line.flags]
    if flagged:
        notes.append("\nData-quality flags (the counts of these months may be incomplete):")
        notes += [f"  {line.area}: {flag}" for line in flagged for flag in line.flags]
    return notes
