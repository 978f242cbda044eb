"""How openpyxl saves a workbook, made safe for a full disk and for a killed process.

openpyxl writes each sheet to a temporary file and then zips them into the workbook. Two of
its habits are changed here, once, when this module is imported:

* it puts those temporary files in the system's temporary folder, where a killed export
  would leave names and emails behind: they go in the scratch folder beside the file being
  written (``cspdesk.files.scratch_folder``) instead;
* a sheet that fails half-way (a full disk) leaves its file open, and the garbage collector
  later prints a second error as a traceback: the sheet's file is closed at once instead.

``save_openpyxl`` saves a workbook so that the zip file, too, is closed however it ends.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.worksheet import _writer as openpyxl_sheet_writer
from openpyxl.writer.excel import ExcelWriter

from cspdesk.files import scratch_folder


def save_openpyxl(wb: Workbook, path: Path) -> None:
    """``wb.save(path)``, but the file is closed however the saving ends: a full disk is one
    error, here, and not a second one later from the garbage collector."""
    if wb.write_only and not wb.worksheets:
        wb.create_sheet()
    wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()


def _temporary_file_in_scratch(suffix: str = "") -> str:
    folder = scratch_folder()
    if folder is None:
        return _openpyxl_temporary_file(suffix)
    fd, name = tempfile.mkstemp(suffix=suffix, prefix="sheet-", dir=folder)
    os.close(fd)
    openpyxl_sheet_writer.ALL_TEMP_FILES.append(name)  # openpyxl's cleanup removes it there
    return name


def _write_closing_on_failure(writer: Any) -> None:
    try:
        _openpyxl_write(writer)
    except BaseException:
        stream = getattr(writer, "xf", None)
        if stream is not None:
            with contextlib.suppress(Exception):  # the disk is still full: said once already
                stream.close()
        raise


_openpyxl_temporary_file = openpyxl_sheet_writer.create_temporary_file
_openpyxl_write = openpyxl_sheet_writer.WorksheetWriter.write
openpyxl_sheet_writer.create_temporary_file = _temporary_file_in_scratch
openpyxl_sheet_writer.WorksheetWriter.write = _write_closing_on_failure  # type: ignore[method-assign]
