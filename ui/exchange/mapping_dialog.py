"""File > Import another spreadsheet: map an old sheet's columns to cspdesk's fields.

The user chooses a file, a sheet and what it holds (an attendance list, an action
tracker); each of cspdesk's fields gets a chooser of the sheet's headers, filled in with a
guess. The first rows are shown as they are and as they will come in, updated as the
choices change. "Check and import…" works out the plan in the background and shows it in
the same dialog as File > Import from Excel, where nothing is written until Apply.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cspdesk.exchange.importer import ImportPlan
from cspdesk.exchange.mapping.columns import (
    TARGETS,
    MappedRow,
    SheetPreview,
    apply_mapped_import,
    guess_mapping,
    map_rows,
    missing_fields,
    plan_mapped_import,
    read_sheet,
)
from cspdesk.exchange.mapping.targets import Target
from cspdesk.exchange.mapping.values import as_text
from cspdesk.store.connection import Database
from cspdesk.store.database import database_path
from ui.background import run_in_background
from ui.exchange.import_dialog import plan_in_background, show_plan
from ui.widgets.choosers import compact
from ui.widgets.colours import colour_text
from ui.widgets.dialog import Dialog
from ui.widgets.folders import remember_folder, start_folder
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view

SHEET_FILTER = "Spreadsheets (*.xlsx *.xlsm *.csv *.txt);;All files (*)"
NOT_USED = "(not used)"


class MappingDialog(Dialog):
    def __init__(self, window: QMainWindow, db: Database) -> None:
        super().__init__(window)
        self.main_window, self.db = window, db
        self.path: Path | None = None
        self.preview: SheetPreview | None = None
        self.combos: dict[str, QComboBox] = {}
        self.setWindowTitle(self.tr("Import another spreadsheet"))
        self.resize(1100, 680)
        layout = QVBoxLayout(self)
        layout.addLayout(self._source_form())
        self.description = QLabel()
        self.description.setWordWrap(True)
        layout.addWidget(self.description)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._mapping_box())
        splitter.addWidget(self._previews())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 760])
        layout.addWidget(splitter, 1)
        self.missing = QLabel()
        colour_text(self.missing, "error")
        self.missing.setWordWrap(True)
        layout.addWidget(self.missing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.check_button = QPushButton(self.tr("Check and &Import…"))
        self.check_button.setDefault(True)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.check_button.clicked.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._target_changed()

    # Building -----------------------------------------------------------------------------

    def _source_form(self) -> QFormLayout:
        form = QFormLayout()
        self.file_label = QLabel(self.tr("No file chosen"))
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        choose = QPushButton(self.tr("&Choose…"))
        choose.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.file_label, 1)
        row.addWidget(choose)
        self.sheet_combo = QComboBox()
        self.target_combo = QComboBox()
        for target in TARGETS.values():
            self.target_combo.addItem(self.tr(target.label), target.name)
        compact(self.sheet_combo, self.target_combo, characters=24)
        self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)
        self.target_combo.currentIndexChanged.connect(self._target_changed)
        form.addRow(self.tr("File:"), row)
        form.addRow(self.tr("Sheet:"), self.sheet_combo)
        form.addRow(self.tr("It holds:"), self.target_combo)
        return form

    def _mapping_box(self) -> QWidget:
        box = QGroupBox(self.tr("Which column holds each field"))
        self.fields_form = QFormLayout()
        holder = QWidget()
        holder.setLayout(self.fields_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.viewport().setAutoFillBackground(False)
        holder.setAutoFillBackground(False)
        column = QVBoxLayout(box)
        note = QLabel(self.tr("* must have a column"))
        colour_text(note, "quiet")
        column.addWidget(scroll, 1)
        column.addWidget(note)
        return box

    def _previews(self) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        self.sheet_title = QLabel(self.tr("The sheet"))
        self.sheet_model = RowsTableModel([])
        self.sheet_view = make_table_view(self.sheet_model, self)
        self.mapped_title = QLabel(self.tr("How its first rows come in"))
        self.mapped_model = RowsTableModel([])
        self.mapped_view = make_table_view(self.mapped_model, self)
        for title in (self.sheet_title, self.mapped_title):
            font = title.font()
            font.setBold(True)
            title.setFont(font)
        for widget in (self.sheet_title, self.sheet_view, self.mapped_title,
                       self.mapped_view):
            column.addWidget(widget, 1 if widget in (self.sheet_view, self.mapped_view) else 0)
        return holder

    # The file and sheet -------------------------------------------------------------------

    def choose_file(self) -> bool:
        folder = self.path.parent if self.path else (database_path(self.db) or Path.home())
        fallback = folder if folder.is_dir() else folder.parent
        start = str(fallback if self.path else start_folder(self, fallback))
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a spreadsheet"), start,
                                              self.tr(SHEET_FILTER))
        if name:
            remember_folder(self, name)
            self.load_file(Path(name))
        return bool(name)

    def load_file(self, path: Path, sheet: str | None = None) -> None:
        """Read the sheet's headers and first rows in the background, then show them."""
        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            return read_sheet(path, sheet)

        def failed(message: str) -> None:
            QMessageBox.warning(self, self.tr("Cannot read the file"), message)

        run_in_background(self, self.tr("Reading {name}…").format(name=path.name), work,
                          lambda preview: self._show_sheet(path, preview), failed)

    def _show_sheet(self, path: Path, preview: SheetPreview) -> None:
        self.path, self.preview = path, preview
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(preview.sheets))
        self.sheet_combo.setCurrentText(preview.sheet)
        self.sheet_combo.blockSignals(False)
        if preview.total_rows > len(preview.rows):
            title = self.tr("The sheet: the first {shown} of its {n} rows").format(
                shown=len(preview.rows), n=preview.total_rows)
        else:
            title = self.tr("The sheet: its {n} row(s)").format(n=preview.total_rows)
        self.sheet_title.setText(title)
        columns = [Column(self.tr("Row"), lambda r: r[0], align=Qt.AlignmentFlag.AlignRight)]
        columns += [Column(h, lambda r, i=i: r[1][i], lambda v: as_text(v) or "")
                    for i, h in enumerate(preview.headers)]
        self.sheet_model.set_rows(list(preview.rows), columns)
        fit_columns(self.sheet_view, max_width=220)
        self._target_changed()

    def _sheet_changed(self) -> None:
        if self.path is not None and self.sheet_combo.currentText():
            self.load_file(self.path, self.sheet_combo.currentText())

    # The mapping --------------------------------------------------------------------------

    def target(self) -> Target:
        return TARGETS[self.target_combo.currentData()]

    def _target_changed(self) -> None:
        target = self.target()
        self.description.setText(self.tr(target.description))
        headers = list(self.preview.headers) if self.preview else []
        guess = guess_mapping(headers, target)
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.combos = {}
        for field in target.fields:
            combo = QComboBox()
            combo.addItem(self.tr(NOT_USED), None)
            for header in headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(combo.findData(guess.get(field.name)), 0))
            compact(combo, characters=14)
            combo.setToolTip(self.tr(field.hint))
            combo.currentIndexChanged.connect(self.update_preview)
            self.combos[field.name] = combo
            label = self.tr(field.label) + (" *" if field.required else "")
            self.fields_form.addRow(label, combo)
        self.update_preview()

    def mapping(self) -> dict[str, str | None]:
        return {name: combo.currentData() for name, combo in self.combos.items()}

    def update_preview(self) -> None:
        """Show how the first rows come in through the current mapping; say what is missing."""
        target, mapping = self.target(), self.mapping()
        missing = missing_fields(target, mapping)
        self.missing.setText(self.tr("Choose a column for: {fields}").format(
            fields=", ".join(self.tr(f.label) for f in missing)) if missing and self.preview
            else "")
        self.check_button.setEnabled(self.preview is not None and not missing)
        rows: list[MappedRow] = []
        if self.preview is not None:
            rows = map_rows(self.db, self.preview.headers, self.preview.rows, target, mapping,
                            self.preview.sheet)
        self.mapped_model.set_rows(rows, self._mapped_columns(target, mapping))
        fit_columns(self.mapped_view, max_width=220)

    def _mapped_columns(self, target: Target, mapping: dict[str, str | None]) -> list[Column]:
        columns = [Column(self.tr("Row"), lambda m: m.row, align=Qt.AlignmentFlag.AlignRight),
                   Column(self.tr("Check"), self._check_text,
                          tooltip=lambda m: self._check_text(m))]
        columns += [Column(self.tr(f.label), lambda m, n=f.name: m.shown.get(n, ""))
                    for f in target.fields if mapping.get(f.name)]
        return columns

    def _check_text(self, row: MappedRow) -> str:
        """✓ for a row ready for the import's own checks, else what is wrong with it."""
        if not row.problems:
            return "✓"
        return " ".join(f"{p.column}: {p.message}" for p in row.problems)

    # Checking and importing ---------------------------------------------------------------

    def check(self) -> None:
        if self.path is None or self.preview is None:
            return
        path, sheet, target = self.path, self.preview.sheet, self.target()
        mapping = self.mapping()

        def make_plan(worker_db: Database, progress: Callable[[int, int], None],
                      cancelled: Callable[[], bool]) -> ImportPlan:
            return plan_mapped_import(worker_db, path, sheet, target, mapping, progress,
                                      cancelled)

        def show(plan: ImportPlan) -> None:
            source = self.tr("{file}, sheet {sheet}").format(file=path.name, sheet=sheet)
            show_plan(self.main_window, self.db, plan, source, self.accept, parent=self,
                      apply_plan=apply_mapped_import)

        plan_in_background(self, self.db, self.tr("Checking {name}…").format(name=path.name),
                           make_plan, show, self.tr("Import another spreadsheet"))


def open_mapping_dialog(window: QMainWindow, db: Database | None,
                        path: Path | None = None) -> MappingDialog | None:
    """File > Import another spreadsheet…: the mapping dialog, window-modal, not blocking;
    with ``path`` it opens on that file, else it asks for one first."""
    if db is None:
        return None
    dialog = MappingDialog(window, db)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    if path is not None:
        dialog.load_file(path)
    elif not dialog.choose_file():
        dialog.close()
        return None
    return dialog
