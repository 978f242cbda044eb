"""Reading workbooks safely: a hostile file is refused before it is parsed, and reading one
is bounded by what is read, so it never runs away (issue 11: a 1.5 MB workbook unpacking to
473 MB grew an import to 6.8 GB of memory).

Before parsing (``check_workbook_file``): the file's size; that it is a zip holding a
workbook's parts; what its parts would unpack to, in all and each (the parts openpyxl reads
whole, such as the shared strings, less); a part that unpacks to over a hundred times its
packed size (a "zip bomb"; real workbooks pack about ten to one); and any DTD or entity in
an XML part's prolog (which no Excel workbook needs). While reading (``CellBudget``): the
cells and characters read, at most ``MAX_CELLS`` and ``MAX_CHARACTERS``, and no cell longer
than Excel allows. Held in memory, a cell read costs about 170 bytes: the most a workbook
within these bounds can take is about 450 MB.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import openpyxl
from defusedxml import DefusedXmlException

from cspdesk.errors import CspdeskError, InputError

MAX_FILE_BYTES = 50 * 1024 * 1024       # a bigger file is refused unread
MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # so is one whose parts would unpack to more
MAX_WHOLE_PART_BYTES = 64 * 1024 * 1024  # a part openpyxl reads whole (shared strings...)
MAX_RATIO = 100  # unpacked to packed size of a part of more than RATIO_FROM_BYTES
RATIO_FROM_BYTES = 5 * 1024 * 1024
MAX_CELLS = 2_500_000  # cells read from the sheets, empty ones in a row included
MAX_CHARACTERS = 100_000_000  # characters of text read from cells
EXCEL_CELL_CHARACTERS = 32_767  # the most Excel itself puts in a cell
PROLOG_BYTES = 64 * 1024  # an XML part's start, searched for a DTD before its first element
_BATCH_ROWS = 500  # rows read between two entries into ``readable``
_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
_STREAMED = re.compile(r"xl/worksheets/[^/]+\.xml")  # read row by row, never whole
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls files and password-protected ones
_ELEMENT = re.compile(rb"<[A-Za-z_]")
_MB = 1024 * 1024


def _size(size: int) -> str:
    """A size in words: '40 MB', '39 KB'."""
    return f"{size / _MB:,.0f} MB" if size >= _MB else f"{size / 1024:,.0f} KB"


def _entities_refused(path: Path) -> InputError:
    return InputError(f"{path.name} was refused: its XML declares entities or a DTD, which no "
                      "Excel workbook needs (this is how 'billion laughs' attacks work).",
                      field="path")


def require_defusedxml() -> None:
    """Refuse to read any workbook unless openpyxl parses XML through defusedxml."""
    if not openpyxl.DEFUSEDXML:
        raise InputError("defusedxml is not installed, so cspdesk cannot read workbooks "
                         "safely (a hostile file could exhaust the memory). Install "
                         "defusedxml and try again.")


def check_workbook_file(path: Path | str) -> None:
    """Refuse, before any parsing, a file that is not a workbook or is too big to be safe."""
    require_defusedxml()
    path = Path(path)
    if not path.is_file():
        raise InputError(f"There is no workbook file at {path}.", field="path")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"{path.name} is {size / _MB:.1f} MB; cspdesk reads workbooks of up "
                         f"to {MAX_FILE_BYTES / _MB:.0f} MB.", field="path")
    with path.open("rb") as fh:
        if fh.read(len(_OLE2)) == _OLE2:
            raise InputError(f"{path.name} is an old Excel file (.xls) or one protected by a "
                             "password; save it from Excel as an .xlsx workbook without a "
                             "password and try again.", field="path")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if any(part not in names for part in _PARTS):
                raise InputError(f"{path.name} is a zip file but not an Excel workbook (.xlsx): "
                                 "it lacks a workbook's parts.", field="path")
            _check_sizes(path, members)
            _check_prologs(path, archive, members)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        raise InputError(f"{path.name} is not an Excel workbook (.xlsx).", field="path") from None


def _check_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """What the parts would unpack to, from the zip's own list (zipfile never unpacks more
    than a part's listed size)."""
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(f"{path.name} would unpack to {unpacked / _MB:,.0f} MB; cspdesk "
                         f"refuses workbooks of more than {MAX_UNPACKED_BYTES / _MB:.0f} MB "
                         "unpacked.", field="path")
    for m in members:
        if m.file_size > RATIO_FROM_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise InputError(
                f"{path.name} was refused: its part {m.filename} would unpack from "
                f"{_size(m.compress_size)} to {_size(m.file_size)}, as only a 'zip bomb' does "
                "(a workbook packs about ten to one).", field="path")
        if m.file_size > MAX_WHOLE_PART_BYTES and not _STREAMED.fullmatch(m.filename):
            raise InputError(
                f"{path.name} was refused: its part {m.filename} would unpack to "
                f"{_size(m.file_size)}, and cspdesk reads such a part whole (up to "
                f"{_size(MAX_WHOLE_PART_BYTES)}).", field="path")


def _check_prologs(path: Path, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a DTD (and so any entity) in an XML part, whichever parser openpyxl uses: a
    DTD comes before the first element, so only the part's start is read."""
    for m in members:
        if not m.filename.endswith((".xml", ".rels")) or m.is_dir():
            continue
        with archive.open(m) as fh:
            start = b""
            while len(start) < PROLOG_BYTES and (block := fh.read(4096)):
                start += block
                if _ELEMENT.search(start):
                    break
        if start[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 XML: searched as UTF-8
            start = start.decode("utf-16", "ignore").encode()
        element = _ELEMENT.search(start)
        prolog = start[:element.start()] if element else start
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog or (
                element is None and len(start) >= PROLOG_BYTES):
            raise _entities_refused(path)


class CellBudget:
    """Counts the cells and characters read from a workbook's sheets; InputError, saying
    where it stopped, once there are more than a workbook may hold."""

    def __init__(self, path: Path) -> None:
        self.path, self.cells, self.characters = path, 0, 0

    def take(self, row: tuple, sheet: str, number: int) -> None:
        self.cells += max(len(row), 1)
        if self.cells > MAX_CELLS:
            raise InputError(f"{self.path.name} was refused: it holds more than "
                             f"{MAX_CELLS:,} cells (reading stopped at sheet {sheet}, row "
                             f"{number}), more than cspdesk reads from one workbook.",
                             field="path")
        for value in row:
            if isinstance(value, str):
                self._text(value, sheet, number)

    def _text(self, value: str, sheet: str, number: int) -> None:
        if len(value) > EXCEL_CELL_CHARACTERS:
            raise InputError(f"{self.path.name} was refused: sheet {sheet}, row {number} has "
                             f"a cell of {len(value):,} characters, more than Excel's "
                             f"{EXCEL_CELL_CHARACTERS:,}.", field="path")
        self.characters += len(value)
        if self.characters > MAX_CHARACTERS:
            raise InputError(f"{self.path.name} was refused: it holds more than "
                             f"{MAX_CHARACTERS:,} characters of text (reading stopped at "
                             f"sheet {sheet}, row {number}).", field="path")


def bounded_rows(ws: Any, budget: CellBudget) -> Iterator[tuple]:
    """The rows of a read-only worksheet (values only), each taken from ``budget`` as it is
    read, read inside ``readable`` a few hundred at a time (entering it for every row took
    a tenth of the reading's time)."""
    rows = ws.iter_rows(values_only=True)
    number = 0
    while True:
        batch = []
        with readable(budget.path):
            for row in rows:
                number += 1
                budget.take(row, ws.title, number)
                batch.append(row)
                if len(batch) == _BATCH_ROWS:
                    break
        if not batch:
            return
        yield from batch


@contextmanager
def readable(path: Path) -> Iterator[None]:
    """Turn openpyxl's failures on a damaged or hostile file into one clear sentence."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. Excel features openpyxl drops on reading
            yield
    except CspdeskError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file, often wrapped
        if _hostile(exc):
            raise _entities_refused(path) from None
        raise InputError(f"{path.name} could not be read as an Excel workbook ({exc}).",
                         field="path") from exc


def _hostile(exc: BaseException | None) -> bool:
    """Whether defusedxml refused the XML, maybe behind openpyxl's own error."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, DefusedXmlException):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False
