"""Large workbooks in openpyxl's write-only mode, with every safety rule of ``cspdesk.xlsx.writer``:
no cell is ever a formula, characters Excel cannot hold are removed and reported, text that
looks like an Excel escape is escaped. The partner workbook of ten years is written here.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from cspdesk.xlsx.writer import (
    _EXCEL_ESCAPE,
    _ILLEGAL,
    DATE_FORMAT,
    DATETIME_FORMAT,
    HEADER_BORDER,
    HEADER_FILL,
    HEADER_FONT,
    MAX_AUTO_WIDTH,
    MAX_CELL_CHARS,
    MIN_AUTO_WIDTH,
    PERCENT_FORMAT,
    POUNDS_FORMAT,
    Column,
    _fill,
    _safe_text,
    _typed_value,
    _where,
)

# Text openpyxl would not keep as plain text (a formula '=...', an error code such as
# '#N/A') or that holds characters Excel cannot: such text takes the careful path.
_NEEDS_CARE = re.compile("\\A[=#]|" + _ILLEGAL.pattern + "|" + _EXCEL_ESCAPE.pattern)
_FORMATS = {"date": DATE_FORMAT, "datetime": DATETIME_FORMAT, "pounds": POUNDS_FORMAT,
            "pence": POUNDS_FORMAT, "percent": PERCENT_FORMAT}


def new_streaming_workbook() -> Workbook:
    """An empty write-only workbook; creator and last modified by both say cspdesk."""
    wb = Workbook(write_only=True)
    wb.properties.creator = "cspdesk"
    wb.properties.lastModifiedBy = "cspdesk"
    return wb


def safe_cell(ws: Any, row: int, column: int, value: Any, kind: str = "text") -> \
        tuple[WriteOnlyCell, list[str]]:
    """A cell for a write-only sheet holding ``value`` as ``write_cell`` would, and the
    warnings. For the few cells of a cover page; ``StreamingSheet`` is the fast path."""
    cell = WriteOnlyCell(ws)
    return cell, _fill(cell, value, kind, _where(ws, row, column, None))


def discard_streaming(wb: Workbook) -> None:
    """Remove the temporary files of a write-only workbook that will not be saved."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        with contextlib.suppress(Exception):  # already closed by a save that failed
            ws.close()
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()


class StreamingSheet:
    """One sheet of a write-only workbook, written a row at a time with every safety rule.

    Row 1 is the styled header, panes are frozen under it and ``finish`` turns the filter
    on over the rows written. A write-only sheet writes its column widths first, so give
    each column's longest value in characters (``longest``) or a ``Column.width``.
    Text is cleaned as ``write_cell`` cleans it and always stays text; dates, datetimes,
    pounds, pence and percentages are numbers with their formats; whole numbers are shown
    in Excel's General format. A value that does not fit its kind is written as text, with
    a warning. ``Column.wrap`` is not applied here.

    Speed: a plain value goes to openpyxl as it is. A formatted value goes in a cell kept
    for its column (the format set once, the value replaced each row: openpyxl writes a row
    when it is appended), and so does text that must be forced to stay text.
    """

    def __init__(self, wb: Workbook, title: str, columns: Sequence[Column],
                 longest: Sequence[int] | None = None, expected_rows: int | None = None
                 ) -> None:
        self.ws = wb.create_sheet(title)
        if expected_rows is not None:
            # The sheet's size goes at its top (<dimension>), so a reader need not scan all
            # its rows to learn it: openpyxl asks the sheet for it before the first row.
            last = f"{get_column_letter(max(len(columns), 1))}{expected_rows + 1}"
            self.ws.calculate_dimension = lambda: f"A1:{last}"  # type: ignore[attr-defined]
        self.columns = list(columns)
        self.warnings: list[str] = []
        self.rows = 0  # data rows written (the header is row 1)
        self._number_cells = [self._formatted_cell(c.kind) for c in self.columns]
        self._text_cells = [WriteOnlyCell(self.ws) for _ in self.columns]
        self._convert = [self._text if c.kind == "text" else
                         self._int if c.kind == "int" else self._formatted for c in self.columns]
        for index, (column, chars) in enumerate(
                zip(self.columns, longest or [0] * len(self.columns), strict=True), start=1):
            shown = max(chars, len(column.header) + 3)  # room for the filter button
            width = column.width or min(max(shown + 2, MIN_AUTO_WIDTH), MAX_AUTO_WIDTH)
            self.ws.column_dimensions[get_column_letter(index)].width = width
        self.ws.freeze_panes = "A2"
        header = []
        for index, column in enumerate(self.columns, start=1):
            cell, warnings = safe_cell(self.ws, 1, index, column.header)
            cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
            header.append(cell)
            self.warnings += warnings
        self.ws.append(header)

    def _formatted_cell(self, kind: str) -> WriteOnlyCell | None:
        if kind not in _FORMATS:
            return None
        cell = WriteOnlyCell(self.ws)
        cell.number_format = _FORMATS[kind]
        return cell

    def append(self, values: Sequence[Any]) -> None:
        """Write one record, a value per column."""
        if len(values) != len(self.columns):
            raise ValueError(f"a row has {len(values)} values for {len(self.columns)} columns")
        self.rows += 1
        convert = self._convert
        self.ws.append([convert[i](value, i) for i, value in enumerate(values)])

    def finish(self) -> None:
        """Turn the filter on over the header and the rows written; call after the last."""
        last = get_column_letter(len(self.columns))
        self.ws.auto_filter.ref = f"A1:{last}{self.rows + 1}"

    def _warn(self, index: int, note: str) -> None:
        where = _where(self.ws, self.rows + 1, index + 1, self.columns[index].header)
        self.warnings.append(f"{where}: {note}")

    def _text(self, value: Any, index: int) -> Any:
        if value is None or value == "":
            return None
        text = value if type(value) is str else str(value)
        if len(text) > MAX_CELL_CHARS or _NEEDS_CARE.search(text):
            return self._careful_text(text, index)
        return text

    def _careful_text(self, text: str, index: int) -> Any:
        text, note = _safe_text(text)
        if note:
            self._warn(index, note)
        if not text or text[0] not in "=#":
            return text or None
        cell = self._text_cells[index]
        cell.value = text
        cell.data_type = "s"  # after the value, as in write_cell
        return cell

    def _int(self, value: Any, index: int) -> Any:
        if value is None or type(value) is int:
            return value
        return self._formatted(value, index)

    def _formatted(self, value: Any, index: int) -> Any:
        kind = self.columns[index].kind
        try:
            number, _ = _typed_value(value, kind)
        except (TypeError, ValueError):
            self._warn(index, f"'{value}' is not a {kind} value; it was written as text.")
            return self._text(str(value), index)
        cell = self._number_cells[index]
        if number is None or cell is None:
            return number
        cell.value = number
        return cell
