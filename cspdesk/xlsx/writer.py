"""The one safe way cspdesk writes a workbook.

Every export goes through these helpers, so two promises hold for all of them:

* no cell is ever a formula, whatever its text (openpyxl turns any string starting with
  ``=`` into a formula unless the cell is marked as text after the value is set);
* characters Excel cannot hold (C0 controls other than tab, newline and carriage return)
  are removed and each removal is reported as a warning naming the sheet, row and column,
  never a crash.

Large workbooks are streamed with openpyxl's write-only mode through ``StreamingSheet``,
which keeps the same two promises at a fraction of the cost (see the class).

Dates are real Excel dates shown dd/mm/yyyy, money is a number shown in pounds and
percentages are numbers shown as %. Files are written through ``cspdesk.files``: never over
a database, in a scratch folder beside the target (openpyxl's temporary sheets included) and
then moved into place, so a failed or killed export never leaves half a workbook, nor any
copy of its data outside the chosen folder.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cspdesk.files import check_export_path as check_export_path  # exports find them here too
from cspdesk.files import write_file_safely as write_file_safely
from cspdesk.xlsx.saving import save_openpyxl as save_openpyxl

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
POUNDS_FORMAT = '"£"#,##0.00'
PERCENT_FORMAT = "0.0%"
INT_FORMAT = "0"
KINDS = ("text", "date", "datetime", "int", "pounds", "pence", "percent")

# Excel's limit on the characters in one cell; longer text makes Excel "repair" the file.
MAX_CELL_CHARS = 32_767
MAX_AUTO_WIDTH = 60
MIN_AUTO_WIDTH = 8
LINE_POINTS = 15  # the height of one line of 11-point Calibri
TITLE_SCALE = 1.4  # a 14-point title is this much wider than body text
# The column widths (in characters) an A4 portrait page holds at full size; a wider sheet
# is printed landscape.
PORTRAIT_WIDTH = 100

# C0 controls except tab, newline and CR; lone surrogates and U+FFFE/U+FFFF cannot be
# written as XML at all.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel reads "_x0041_" in a cell as the escape for "A"; a literal one is written with its
# underscore escaped ("_x005F_x0041_"), so the text comes back as it was typed.
_EXCEL_ESCAPE = re.compile("_x[0-9A-Fa-f]{4}_")

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
HEADER_BORDER = Border(bottom=Side(style="medium", color="FF1F3864"))
TITLE_FONT = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


@dataclass
class ExportResult:
    """What an export wrote: the file, the warnings to show, how many records it holds."""

    path: Path
    warnings: list[str] = field(default_factory=list)
    count: int = 0
    sheets: dict[str, int] = field(default_factory=dict)  # rows written, by sheet (if known)


@dataclass(frozen=True)
class Column:
    """One column of a table: its header, an optional fixed width and the kind of value."""

    header: str
    width: float | None = None
    kind: str = "text"
    wrap: bool = False  # wrap long text within the column's width

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}; use one of {KINDS}")


def new_workbook() -> Workbook:
    """An empty workbook (its default sheet removed) that says cspdesk made it."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "cspdesk"
    wb.properties.lastModifiedBy = "cspdesk"
    return wb


def clean_text(text: str) -> tuple[str, int]:
    """``text`` without the characters Excel cannot hold, and how many were removed."""
    cleaned, removed = _ILLEGAL.subn("", text)
    return cleaned, removed


def write_cell(ws: Worksheet, row: int, column: int, value: Any, kind: str = "text",
               header: str | None = None) -> list[str]:
    """Write one value safely (never a formula) and return any warnings about it.

    ``kind`` says how a value is shown: text, date (ISO text or a date), datetime, int,
    pounds, pence (whole pence shown as pounds) or percent (a fraction, 0.5 is 50%).
    A value that does not fit its kind is written as text, with a warning.
    """
    return _fill(ws.cell(row=row, column=column), value, kind, _where(ws, row, column, header))


def _fill(cell: Any, value: Any, kind: str, where: str) -> list[str]:
    """Give ``cell`` (of either kind of worksheet) its value safely; return the warnings."""
    warnings: list[str] = []
    try:
        number, number_format = _typed_value(value, kind)
    except (TypeError, ValueError):
        warnings.append(f"{where}: '{value}' is not a {kind} value; it was written as text.")
        number, number_format = str(value), None
    if isinstance(number, str):
        text, note = _safe_text(number)
        if note:
            warnings.append(f"{where}: {note}")
        cell.value = text
        cell.data_type = "s"  # after the value: a leading '=' must stay text (STACK.md)
    else:
        cell.value = number
        if number_format and number is not None:
            cell.number_format = number_format
    return warnings


def _where(ws: Any, row: int, column: int, header: str | None) -> str:
    letter = get_column_letter(column)
    named = f" ({header})" if header else ""
    return f"Sheet '{ws.title}', row {row}, column {letter}{named}"


def _safe_text(text: str) -> tuple[str, str]:
    cleaned, removed = clean_text(text)
    cleaned = _EXCEL_ESCAPE.sub(lambda m: "_x005F" + m.group(0), cleaned)
    notes = []
    if removed:
        plural = "s" if removed > 1 else ""
        notes.append(f"removed {removed} control character{plural} Excel cannot hold")
    if len(cleaned) > MAX_CELL_CHARS:
        notes.append(f"cut the text to Excel's limit of {MAX_CELL_CHARS:,} characters")
        cleaned = cleaned[:MAX_CELL_CHARS]
    return cleaned, "; ".join(notes) + ("." if notes else "")


def _typed_value(value: Any, kind: str) -> tuple[Any, str | None]:
    """The value to store and its number format; raises ValueError when it does not fit."""
    if value is None or value == "":
        return None, None
    if kind == "text":
        return str(value), None
    if kind == "date":
        return _as_date(value), DATE_FORMAT
    if kind == "datetime":
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if not isinstance(value, dt.datetime):
            raise TypeError(value)
        return value.replace(tzinfo=None), DATETIME_FORMAT
    number = _as_number(value, whole=kind in ("int", "pence"))
    if kind == "int":
        return number, INT_FORMAT
    if kind == "pence":
        return number / 100, POUNDS_FORMAT
    return number, POUNDS_FORMAT if kind == "pounds" else PERCENT_FORMAT


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise TypeError(value)


def _as_number(value: Any, whole: bool) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(value)
    if whole and value != int(value):
        raise ValueError(value)
    return int(value) if whole else value


def write_table(ws: Worksheet, columns: Sequence[Column], rows: Iterable[Sequence[Any]],
                start_row: int = 1, freeze: bool = True, auto_filter: bool = True) -> list[str]:
    """Write a styled header and one row per record; return the warnings.

    The header is bold on a fill with a border below it; panes are frozen under it and
    the filter is turned on (both can be turned off); columns are as wide as their
    content, up to a cap, unless the column gives its own width; a row with wrapping
    cells (the header too) is made tall enough for its text.
    """
    button = 3 if auto_filter else 0  # room for the filter button beside the header
    widths = [len(c.header) + button for c in columns]
    any_wrap = any(c.wrap for c in columns)
    warnings = _write_header(ws, columns, start_row)
    wrapped = [(start_row, [c.header if c.wrap else "" for c in columns])] if any_wrap else []
    last_row = start_row
    for last_row, record in enumerate(rows, start=start_row + 1):
        if len(record) != len(columns):
            raise ValueError(f"a row has {len(record)} values for {len(columns)} columns")
        for index, (column, value) in enumerate(zip(columns, record, strict=True), start=1):
            warnings += write_cell(ws, last_row, index, value, column.kind, column.header)
            cell = ws.cell(last_row, index)
            widths[index - 1] = max(widths[index - 1], _shown_width(cell))
            if column.wrap:
                cell.alignment = WRAP
            elif any_wrap:
                cell.alignment = TOP  # level with the first line of its wrapped neighbours
        if any_wrap:  # (row, the texts of its wrapping cells)
            wrapped.append((last_row, [str(v or "") if c.wrap else "" for c, v in
                                       zip(columns, record, strict=True)]))
    _set_widths(ws, columns, widths)
    _fit_row_heights(ws, wrapped)
    last_letter = get_column_letter(len(columns))
    if freeze:
        ws.freeze_panes = f"A{start_row + 1}"
    if auto_filter:
        ws.auto_filter.ref = f"A{start_row}:{last_letter}{last_row}"
    return warnings


def _write_header(ws: Worksheet, columns: Sequence[Column], row: int) -> list[str]:
    warnings: list[str] = []
    for index, column in enumerate(columns, start=1):
        warnings += write_cell(ws, row, index, column.header)
        cell = ws.cell(row=row, column=index)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
        cell.alignment = WRAP if column.wrap else TOP  # headings level with each other
    return warnings


def _shown_width(cell: Any) -> int:
    """Roughly how many characters a cell shows."""
    value = cell.value
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 16 if cell.number_format == DATETIME_FORMAT else 10
    if isinstance(value, float | int) and cell.number_format == POUNDS_FORMAT:
        return len(f"£{value:,.2f}")
    if isinstance(value, float | int) and cell.number_format == PERCENT_FORMAT:
        return len(f"{value:.1%}")
    return max(len(line) for line in str(value).split("\n"))


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped word by word in a column ``width`` characters
    wide (a character of prose taken as wide as a '0': a little room to spare in Excel's
    Calibri, just enough in the wider fonts LibreOffice may put in its place)."""
    per_line = max(int(width), 1)
    return sum(max(len(textwrap.wrap(line, per_line)), 1) for line in str(text).split("\n"))


def _fit_row_heights(ws: Worksheet, rows: list[tuple[int, list[str]]]) -> None:
    """Each row tall enough for its longest wrapped cell: not every spreadsheet program
    works the heights out itself, and a printed page needs every word showing (not rows
    written over each other)."""
    for number, texts in rows:
        lines = max(wrapped_lines(text, _width(ws, index)) if text else 1
                    for index, text in enumerate(texts, start=1))
        if lines > 1:
            ws.row_dimensions[number].height = LINE_POINTS * lines + 4


def wrap_cell(ws: Any, row: int, column: int, text: str, width: float | None = None) -> None:
    """Make ``row`` tall enough for ``text`` wrapped at ``width`` characters (the column's
    width by default); the caller gives the cell ``WRAP`` alignment. On a write-only sheet,
    call it before the row is written."""
    lines = wrapped_lines(text, width or _width(ws, column))
    if lines > 1:
        ws.row_dimensions[row].height = LINE_POINTS * lines + 4


def _width(ws: Any, column: int) -> float:
    """A column's width in characters; 8.43, Excel's default, when it was never set."""
    dimension = ws.column_dimensions.get(get_column_letter(column))  # .get adds none
    return dimension.width if dimension is not None and dimension.width else 8.43


def fit_title(ws: Any, text: str, columns: int) -> None:
    """Widen the last of the first ``columns`` columns if need be, so that a 14-point title
    in A1 stays on one line within them (text running past the last column is not printed)."""
    room = sum(_width(ws, c) for c in range(1, columns + 1))
    needed = len(text) * TITLE_SCALE
    if needed > room:
        last = ws.column_dimensions[get_column_letter(columns)]
        last.width = math.ceil(_width(ws, columns) + needed - room)


def _set_widths(ws: Worksheet, columns: Sequence[Column], widths: list[int]) -> None:
    for index, (column, width) in enumerate(zip(columns, widths, strict=True), start=1):
        chosen = column.width or min(max(width + 2, MIN_AUTO_WIDTH), MAX_AUTO_WIDTH)
        ws.column_dimensions[get_column_letter(index)].width = chosen


def save_workbook(wb: Workbook, path: Path | str, overwrite: bool = False) -> Path:
    """Save ``wb`` to ``path`` through a scratch folder beside it (``write_file_safely``).

    Refuses an existing file unless ``overwrite``, and any database file always; a missing or
    read-only folder is an InputError with a clear sentence. Returns the path written.
    """
    return write_file_safely(path, lambda tmp: save_openpyxl(wb, tmp), overwrite,
                             what="workbook")


def set_print_layout(ws: Any, header_row: int | None, landscape: bool | None = None,
                     title: str | None = None, gridlines: bool = True) -> None:
    """Ready to print: A4, one page wide (as many tall as needed), the header row repeated on
    every page, gridlines (unless told not), page numbers, and ``title`` at the top of each
    page if given. ``landscape`` None chooses it: landscape when the columns are wider than
    an A4 portrait page holds. On a write-only sheet, call it before the first row."""
    if landscape is None:
        landscape = printed_width(ws) > PORTRAIT_WIDTH
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_row is not None:
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.gridLines = gridlines
    if title:
        ws.oddHeader.center.text = title.replace("&", "&&")  # '&' starts a header code
    ws.oddFooter.center.text = "Page &P of &N"


def printed_width(ws: Any) -> float:
    """The sheet's columns' widths added up, in characters (8.43 for a column not set)."""
    given = [column_index_from_string(letter) for letter in ws.column_dimensions]
    last = max([getattr(ws, "max_column", 0) if not _write_only(ws) else 0, *given, 1])
    return sum(_width(ws, c) for c in range(1, last + 1))


def _write_only(ws: Any) -> bool:
    return not isinstance(ws, Worksheet)
