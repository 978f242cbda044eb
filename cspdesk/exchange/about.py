"""The partner workbook's first sheet, "About": what the workbook holds, when and from which
database it was made, whether personal data is in it, and the tables it leaves out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from cspdesk import __version__
from cspdesk.exchange.layout import LEFT_OUT, SHEETS
from cspdesk.store.connection import Database
from cspdesk.store.database import database_path
from cspdesk.store.settings import get_setting
from cspdesk.xlsx.stream import safe_cell
from cspdesk.xlsx.writer import (
    HEADER_BORDER,
    HEADER_FILL,
    HEADER_FONT,
    TITLE_FONT,
    TOP,
    WRAP,
    ExportResult,
    set_print_layout,
    wrap_cell,
)

SHEET_NOTES = {
    "Organisations": "The partner organisations, and which are responsible authorities.",
    "People": "Members and contacts of the groups, each with their organisation.",
    "Groups": "The boards and groups: tier, parent group and quorum rule.",
    "Memberships": "Who sits on which group, in which role, from when to when.",
    "Meetings": "Every meeting of every group: date, times, place and status.",
    "Attendance": "One mark per person per meeting: present, apologies, absent...",
    "Attendance by organisation": "Attendance at each held meeting, in figures by "
                                  "organisation (no names).",
    "Agenda items": "Each meeting's agenda: its items in order, notes, decisions and papers.",
    "Meeting actions": "Actions agreed at meetings: owner, due date and status.",
    "Areas": "The areas performance is reported for.",
    "Measures": "The crime and disorder measures counted each month.",
    "Monthly counts": "One count per area, measure and month.",
    "Priorities": "The priority register, year by year.",
    "Programmes": "Funded programmes (such as Safer Streets) and action plans.",
    "Actions": "The actions of each programme: owner, dates, budget, output and status.",
    "Action updates": "Dated progress updates on the actions.",
    "Chair terms": "Who chaired each group, for which organisation, from when to when.",
    "Hotspot notes": "The analyst's notes on hotspots, per area and month.",
    "LSOA names": "The LSOAs (small census areas) police.uk files name, by code.",
    "LSOA imports": "For each month of counts per LSOA, the police.uk files they came from.",
    "LSOA counts": "Records per month, LSOA and crime type, from police.uk files.",
    "Priority measures": "Which performance measures track each priority.",
    "Year limits": "Each programme's spending limit per financial year.",
    "Action spend": "Each action's spend by financial quarter.",
    "Settings": "The partnership's name and home area.",
}
PEOPLE_WITHOUT_NAMES = ("Each person as their organisation and job title, by id: no names, "
                        "emails or phone numbers.")


def write_about(db: Database, ws: Any, result: ExportResult, no_personal_data: bool,
                clean: Callable[[Any], Any] | None) -> None:
    """The cover sheet: what the workbook holds, when, from where, with or without names.
    It prints on one upright page: a long text wraps across the columns it runs into."""
    for letter, width in (("A", 30), ("B", 18), ("C", 80)):
        ws.column_dimensions[letter].width = width
    set_print_layout(ws, None, landscape=False, gridlines=False)  # before the first row
    source = database_path(db)
    name = source.name if source else "(a database in memory)"
    title = get_setting(db, "partnership_name") or get_setting(db, "partnership_short_name")
    rows: list[Sequence[Any]] = [
        [f"{title or 'cspdesk'}: partner workbook"], [],
        ["Made on", dt.datetime.now().replace(second=0, microsecond=0)],
        ["From the database", clean(name) if clean else name],
        ["Personal data", _personal_data_note(no_personal_data)],
        ["Left out", _left_out_note(left_out(db))],
        ["Made by", f"cspdesk {__version__}"], [],
        ["Sheet", "Rows", "What it holds"],
    ]
    for sheet_name, count in result.sheets.items():
        note = SHEET_NOTES.get(sheet_name, "")
        if no_personal_data and sheet_name == "People":
            note = PEOPLE_WITHOUT_NAMES
        rows.append([sheet_name, count, note])
    rows += [[], ["Row 1 of every sheet holds the column names and every record carries its "
                  "id. If you send this workbook back, keep the sheet and column names as "
                  "they are: cspdesk reads them by name."]]
    for number, values in enumerate(rows, start=1):
        wrapped = _wrap_long_text(ws, number, values)
        ws.append(_about_row(ws, number, values, result, wrapped))


def _wrap_long_text(ws: Any, number: int, values: Sequence[Any]) -> bool:
    """A text longer than its cell (a note in B, a closing sentence in A) is given the
    columns to its right, merged, and a row tall enough; True when it was."""
    first = len(values) if len(values) in (1, 2) and number > 1 else 0
    text = values[-1] if first else None
    columns = ("A", "B", "C")[first - 1:]
    width = sum(ws.column_dimensions[letter].width for letter in columns)
    if not isinstance(text, str) or len(text) <= ws.column_dimensions[columns[0]].width:
        return False
    ws.merged_cells.add(f"{columns[0]}{number}:C{number}")
    wrap_cell(ws, number, first, text, width)
    return True


def left_out(db: Database) -> dict[str, str]:
    """The database's tables no sheet holds, each with why it is left out."""
    held = {sheet.table for sheet in SHEETS}
    names = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    return {name: LEFT_OUT.get(name, "a table this version of cspdesk does not know")
            for name in names if name not in held}


def _left_out_note(tables: dict[str, str]) -> str:
    kept = "Every record the partnership keeps in cspdesk is in this workbook"
    if not tables:
        return kept + "."
    return kept + "; left out: " + "; ".join(f"the table {name} ({why})"
                                              for name, why in tables.items()) + "."


def _personal_data_note(no_personal_data: bool) -> str:
    if no_personal_data:
        return ("Left out: no names, emails or phone numbers. People are shown as their "
                "organisation and job title, attendance as figures by organisation.")
    return ("Included: names, emails and phone numbers. Keep this workbook safe and do not "
            "send it to partners.")


def _about_row(ws: Any, number: int, values: Sequence[Any], result: ExportResult,
               wrapped: bool = False) -> list[Any]:
    cells = []
    for column, value in enumerate(values, start=1):
        kind = "datetime" if isinstance(value, dt.datetime) else (
            "int" if isinstance(value, int) else "text")
        cell, warnings = safe_cell(ws, number, column, value, kind)
        result.warnings += warnings
        if wrapped:  # the wrapped text, and its label level with its first line
            cell.alignment = WRAP if column == len(values) else TOP
        if number == 1:
            cell.font = TITLE_FONT
        elif values[0] == "Sheet" or (column == 1 and len(values) == 2):
            cell.font = HEADER_FONT
            if values[0] == "Sheet":
                cell.fill, cell.border = HEADER_FILL, HEADER_BORDER
        cells.append(cell)
    return cells
