"""Reading a sheet of someone else's layout: an old attendance list, an action tracker.

Workbooks (.xlsx, .xlsm) are checked with ``check_workbook_file`` before openpyxl parses
them, and read within the same bounds as a partner workbook (``exchange.safety``); CSV
files are read in any encoding Excel writes (UTF-8 with or without a byte order mark,
UTF-16 "Unicode text", or the Windows code page 1252 of "CSV (Comma delimited)").
The header row is the first row with two or more values (a title above it is skipped);
every data row keeps its row number in the original sheet, so problems are reported there.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from cspdesk.errors import InputError
from cspdesk.exchange.mapping.values import is_blank
from cspdesk.exchange.safety import CellBudget, bounded_rows, check_workbook_file

TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
MAX_TEXT_BYTES = 50 * 1024 * 1024
PREVIEW_ROWS = 20
HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class SheetPreview:
    """A sheet's headers and first rows (``rows``), and how many data rows it has in all."""

    sheets: tuple[str, ...]
    sheet: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]  # (row number in the sheet, values)
    total_rows: int


@dataclass(frozen=True)
class SheetRows:
    sheets: tuple[str, ...]
    sheet: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]


def read_sheet(path: Path | str, sheet_name: str | None = None) -> SheetPreview:
    """The headers and first rows of ``sheet_name`` (by default the first sheet)."""
    table = read_rows(path, sheet_name)
    return SheetPreview(table.sheets, table.sheet, table.headers, table.rows[:PREVIEW_ROWS],
                        len(table.rows))


def read_rows(path: Path | str, sheet_name: str | None = None) -> SheetRows:
    """Every data row of a sheet (blank rows left out), with its row number in the sheet."""
    path = Path(path)
    if path.suffix.lower() in TEXT_SUFFIXES:
        sheets: tuple[str, ...] = (path.stem,)
        if sheet_name not in (None, path.stem):
            raise InputError(f"{path.name} holds no sheet called '{sheet_name}'.")
        return _table(sheets, path.stem, _text_rows(path))
    check_workbook_file(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputError(f"{path.name} cannot be read as a workbook: {exc}.") from exc
    try:
        sheets = tuple(wb.sheetnames)
        name = sheet_name or sheets[0]
        if name not in sheets:
            raise InputError(f"{path.name} holds no sheet called '{name}'.")
        ws = wb[name]
        ws.reset_dimensions()  # some programs write wrong dimensions: read every cell
        return _table(sheets, name, bounded_rows(ws, CellBudget(path)))
    finally:
        wb.close()


def _table(sheets: tuple[str, ...], name: str, raw: Iterable[Sequence[Any]]) -> SheetRows:
    lines = [tuple(values) for values in raw]
    header_at = _header_row(lines)
    if header_at is None:
        return SheetRows(sheets, name, (), ())
    headers = _headers(lines[header_at])
    width = len(headers)
    rows = []
    for number, values in enumerate(lines[header_at + 1:], start=header_at + 2):
        padded = (tuple(values) + (None,) * width)[:width]
        if not all(is_blank(v) for v in padded):
            rows.append((number, padded))
    return SheetRows(sheets, name, headers, tuple(rows))


def _header_row(lines: Sequence[Sequence[Any]]) -> int | None:
    """The first row with two or more values; else the first row with any."""
    first = None
    for index, values in enumerate(lines[:HEADER_SEARCH_ROWS]):
        filled = sum(not is_blank(v) for v in values)
        if filled >= 2:
            return index
        if filled and first is None:
            first = index
    return first


def _headers(values: Sequence[Any]) -> tuple[str, ...]:
    """The header texts; a blank one is named by its column letter, a repeat gets (2)."""
    last = max(i for i, v in enumerate(values) if not is_blank(v))
    headers: list[str] = []
    for index, value in enumerate(values[:last + 1]):
        text = " ".join(str(value).split()) if not is_blank(value) else \
            f"Column {_letter(index)}"
        name, copy = text, 2
        while name in headers:
            name, copy = f"{text} ({copy})", copy + 1
        headers.append(name)
    return tuple(headers)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text_rows(path: Path) -> list[list[str]]:
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            raise InputError(f"{path.name} is over {MAX_TEXT_BYTES // 2**20} MB: cspdesk "
                             "does not read files this large.")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    text = decode_text(data, path.name)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), _dialect(text)))
    except csv.Error as exc:
        raise InputError(f"{path.name} is not a CSV file cspdesk can read: {exc}.") from exc


def decode_text(data: bytes, name: str = "The file") -> str:
    """Text in the encodings Excel writes: UTF-16 with its mark, UTF-8, else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data:
        raise InputError(f"{name} is not a text file: save the sheet as CSV or as a workbook.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # the five bytes cp1252 leaves undefined


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
    except csv.Error:
        return csv.excel
