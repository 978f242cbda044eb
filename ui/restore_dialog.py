"""File > Restore from backup…: the list of backups of the open database, what each holds,
and the restore itself, off the GUI thread.

The rules are the core's (``cspdesk.store.backups``, ``cspdesk.store.restore``); this module
only shows them and runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cspdesk.errors import DatabaseError
from cspdesk.performance.periods import month_label
from cspdesk.store.backups import Backup, backups_folder, list_backups, size_words
from cspdesk.store.restore import BackupContents, read_contents, restore_backup
from ui.background import run_in_background
from ui.widgets.dialog import Dialog
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view

RIGHT = Qt.AlignmentFlag.AlignRight


@dataclass(frozen=True)
class BackupRow:
    backup: Backup
    contents: BackupContents | None
    problem: str = ""

    def count(self, what: str) -> int | None:
        return None if self.contents is None else self.contents.counts.get(what)


def backup_rows(db_path: Path) -> list[BackupRow]:
    """Every backup of ``db_path``, newest first, with what it holds (or why that is unknown)."""
    rows = []
    for backup in list_backups(db_path):
        try:
            rows.append(BackupRow(backup, read_contents(backup.path)))
        except DatabaseError as exc:
            rows.append(BackupRow(backup, None, str(exc)))
    return rows


class RestoreDialog(Dialog):
    """File > Restore from backup…: the backups of the open database, newest first; Restore
    puts the chosen one in place, after keeping the database as it is aside."""

    def __init__(self, window: Any, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_, self.db_path = window, db_path
        self.setWindowTitle(self.tr("Restore from backup"))
        self.resize(980, 460)
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.note)
        self.model = RowsTableModel(self._columns())
        self.view = make_table_view(self.model, self)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton(self.tr("&Restore…"))
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        folder_button = QPushButton(self.tr("Show &Folder"))
        buttons.addButton(folder_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.restore_button.clicked.connect(self.restore_chosen)
        folder_button.clicked.connect(self._show_folder)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.model.set_rows(backup_rows(db_path))
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._describe()
        fit_columns(self.view)
        if self.model.rowCount():
            self.view.selectRow(0)
        self._selection_changed()

    def _columns(self) -> list[Column]:
        def number(value: int | None) -> str:
            return "" if value is None else f"{value:,}"

        counts = [Column(self.tr(what.capitalize()), lambda r, w=what: r.count(w), number,
                         RIGHT) for what in ("meetings", "attendance marks", "monthly counts")]
        return [
            Column(self.tr("Made"), lambda r: r.backup.made,
                   lambda made: made.strftime("%d/%m/%Y %H:%M")),
            Column(self.tr("Why"), lambda r: r.backup.reason),
            Column(self.tr("Size"), lambda r: r.backup.size, size_words, RIGHT),
            *counts,
            Column(self.tr("Latest month"), _latest_month, tooltip=lambda r: r.problem or None),
        ]

    def _describe(self) -> None:
        folder = backups_folder(self.db_path)
        if not self.model.rowCount():
            self.note.setText(self.tr("There are no backups of {name} yet in {folder}.").format(
                name=self.db_path.name, folder=folder))
            return
        self.note.setText(self.tr(
            "The backups of {name} in {folder}, newest first. Restoring one puts it in place "
            "of the database; the database as it is now is kept in the same folder first, "
            "so you can go back to it.").format(name=self.db_path.name, folder=folder))

    def chosen(self) -> BackupRow | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        proxy = self.view.model()
        return self.model.row_at(proxy.mapToSource(rows[0]).row())  # type: ignore[attr-defined]

    def _selection_changed(self, *_args: object) -> None:
        row = self.chosen()
        self.restore_button.setEnabled(row is not None and row.contents is not None)

    def restore_chosen(self) -> None:
        row = self.chosen()
        if row is None or row.contents is None:
            return
        made = row.backup.made.strftime("%d/%m/%Y %H:%M")
        answer = QMessageBox.question(self, self.tr("Restore from backup"), self.tr(
            "Put the backup made {made} ({holds}) in place of {name}? Everything written "
            "since then will be in the copy kept aside, not in the database.").format(
                made=made, holds=row.contents.describe(), name=self.db_path.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.accept()
        restore_into(self.window_, row.backup)

    def _show_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(backups_folder(self.db_path))))


def _latest_month(row: BackupRow) -> str:
    if row.contents is None:
        return row.problem
    return month_label(row.contents.latest_month) if row.contents.latest_month else ""


def restore_into(window: Any, backup: Backup) -> None:
    """Restore ``backup`` over the window's database: the tabs may keep their unsaved edits
    first, the window lets go of the file, the core restores, the window opens it again."""
    path: Path | None = window.db_path
    if path is None or not window.tabs_may_leave():
        return
    if window.db is not None:
        window.db.close()
        window.db = None
    made, done = backup.made.strftime("%d/%m/%Y %H:%M"), []

    def work(_progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> Any:
        done.append(restore_backup(backup.path, path))  # one step: it cannot be stopped
        return done[0]

    def restored(aside: Path | None) -> None:
        window.open_path(path, remember=False)
        kept = window.tr(" The database as it was is kept as {aside}.").format(aside=aside) \
            if aside else ""
        QMessageBox.information(window, window.tr("Restored"), window.tr(
            "Restored the backup made {made} into {name}.").format(
                made=made, name=path.name) + kept)

    def refused(message: str) -> None:
        window.open_path(path, remember=False)
        QMessageBox.warning(window, window.tr("Not restored"), message)

    def stopped() -> None:  # Cancel pressed: the restore ran to its end all the same
        if done:
            restored(done[0])
        else:
            window.open_path(path, remember=False)

    run_in_background(window, window.tr("Restoring the backup…"), work, restored, refused,
                      stopped)


def open_restore_dialog(window: Any) -> RestoreDialog | None:
    """File > Restore from backup…: show the backups of the open database (window-modal)."""
    if window.db_path is None:
        return None
    dialog = RestoreDialog(window, window.db_path)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
