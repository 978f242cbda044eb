"""File > Export to Excel: choose which workbook (for partners, or a full copy), then where.

The partner workbook without personal data is the default; the dialog says plainly which
export holds names, emails and phone numbers. The workbook is written in the background
with progress and Cancel (``ui.exports.export_in_background``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cspdesk.exchange.export import export_workbook
from cspdesk.store.connection import Database
from cspdesk.store.settings import get_setting
from ui.exports import XLSX, export_in_background
from ui.widgets.dialog import Dialog

HINT_STYLE = "color: palette(placeholder-text); margin-left: 22px;"


class ExportDialog(Dialog):
    """Asks which workbook to write; ``no_personal_data`` holds the answer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export to Excel"))
        self.setMinimumWidth(480)
        intro = QLabel(self.tr(
            "Write every record to one Excel workbook, a sheet for each kind of record "
            "(organisations, people, meetings, attendance, performance, priorities, "
            "programmes and actions). Which workbook do you want?"))
        intro.setWordWrap(True)
        self.partners = QRadioButton(self.tr(
            "For partners: no names, emails or phone numbers"))
        self.full = QRadioButton(self.tr(
            "Full copy for your own records: includes personal data"))
        self.partners.setChecked(True)
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.partners)
        self.choice.addButton(self.full)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton(self.tr("Choose File and Export…"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.partners)
        layout.addWidget(self._hint(self.tr(
            "People appear as their organisation and job title, attendance as figures by "
            "organisation; names are also taken out of notes and updates. Use this for "
            "anything that leaves your desk.")))
        layout.addWidget(self.full)
        layout.addWidget(self._hint(self.tr(
            "Everything, with names, emails and phone numbers. Keep it safe and do not send "
            "it to partners.")))
        layout.addWidget(buttons)

    def _hint(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet(HINT_STYLE)
        return label

    @property
    def no_personal_data(self) -> bool:
        return not self.full.isChecked()


def suggested_name(db: Database, no_personal_data: bool, today: dt.date | None = None) -> str:
    """A file name saying whose workbook it is, which kind and when: 'BNS CSP partner
    workbook 27-11-2026.xlsx' or '... full records ...'."""
    who = get_setting(db, "partnership_short_name").strip() or "cspdesk"
    what = "partner workbook" if no_personal_data else "full records"
    day = (today or dt.date.today()).strftime("%d-%m-%Y")
    return "".join(c for c in f"{who} {what} {day}.xlsx" if c not in '<>:"/\\|?*')


def export_to_excel(parent: QWidget, db: Database,
                    on_done: Callable[[Any], None] | None = None) -> None:
    """Ask which workbook, then where, then write it in the background."""
    dialog = ExportDialog(parent)
    if not dialog.exec():
        return
    run_export(parent, db, dialog.no_personal_data, on_done)


def run_export(parent: QWidget, db: Database, no_personal_data: bool,
               on_done: Callable[[Any], None] | None = None) -> None:
    """Ask for the file and write the workbook off the GUI thread, with progress and Cancel.

    The file dialog has already asked before replacing a file, so the export may overwrite.
    """
    title = parent.tr("Partner workbook") if no_personal_data else parent.tr(
        "Full workbook")

    def export(worker_db: Database, path: Path, progress: Callable[[int, int], None],
               cancelled: Callable[[], bool]) -> Any:
        return export_workbook(worker_db, path, no_personal_data=no_personal_data,
                               overwrite=True, progress=progress, cancelled=cancelled)

    export_in_background(parent, db, title, suggested_name(db, no_personal_data), XLSX,
                         export, on_done, with_progress=True)
