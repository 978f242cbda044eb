"""File > Import from Excel: check the file, plan off the GUI thread, show the plan, apply.

Nothing is written until the user has seen every change (field by field) and pressed
Apply; a file with problems lists each one at its sheet, row and column, and then nothing
can be applied at all. The plan is worked out on a connection of its own (SQLite
connections belong to one thread); Apply writes in one transaction on the window's own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cspdesk.errors import Cancelled, CspdeskError
from cspdesk.exchange.importer import (
    ImportPlan,
    Problem,
    apply_import,
    check_workbook_file,
    plan_import,
)
from cspdesk.exchange.review import ChangeLine, change_lines
from cspdesk.paths import data_folder
from cspdesk.store.backups import backup_before_import
from cspdesk.store.connection import Database
from cspdesk.store.database import database_path
from ui.background import on_own_connection, run_in_background
from ui.widgets.colours import colour_text
from ui.widgets.dialog import Dialog
from ui.widgets.folders import remember_folder, start_folder
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view

XLSX_FILTER = "Excel workbooks (*.xlsx *.xlsm);;All files (*)"

MakePlan = Callable[[Database, Callable[[int, int], None], Callable[[], bool]], ImportPlan]
# apply(db, plan, progress, cancelled): apply_import or apply_mapped_import
ApplyPlan = Callable[[Database, ImportPlan, Callable[[int, int], None], Callable[[], bool]],
                     None]


def _row_number(row: int) -> str:
    return str(row) if row else ""


class PlanDialog(Dialog):
    """Shows what an import will add and change, or every problem; Apply writes it all
    with ``apply_plan`` (``apply_import`` by default).

    ``applied`` is emitted after the plan has been written.
    """

    applied = Signal()

    def __init__(self, db: Database, plan: ImportPlan, parent: QWidget | None = None,
                 source: str = "", apply_plan: ApplyPlan = apply_import) -> None:
        super().__init__(parent)
        self.db, self.plan, self._apply_plan = db, plan, apply_plan
        self.setWindowTitle(self.tr("Import: check before applying"))
        self.resize(1000, 560)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self.tr("From {source}").format(
            source=source or plan.path.name))
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel("\n".join([plan.summary(), *plan.warnings]))
        self.note = QLabel()
        for label in (self.heading, self.summary, self.note):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        self.model = RowsTableModel([])
        self.view = make_table_view(self.model, self)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox()
        self.apply_button = QPushButton(self.tr("&Apply"))
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button.clicked.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if plan.problems:
            self._show_problems()
        else:
            self._show_changes()
        self.apply_button.setEnabled(plan.ok and bool(plan.changes))
        if not self.apply_button.isEnabled():
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        fit_columns(self.view, max_width=300)

    def _show_problems(self) -> None:
        count = len(self.plan.problems)
        self.summary.hide()  # what a file with problems would change is beside the point
        found = self.tr("1 problem found.") if count == 1 else \
            self.tr("{n} problems found.").format(n=count)
        self.note.setText(found + " " + self.tr(
            "Nothing will be imported until every one is put right: correct the file and "
            "import it again."))
        colour_text(self.note, "error")
        columns = [Column(self.tr("Sheet"), lambda p: p.sheet),
                   Column(self.tr("Row"), lambda p: p.row, _row_number,
                          Qt.AlignmentFlag.AlignRight),
                   Column(self.tr("Column"), lambda p: p.column),
                   Column(self.tr("Problem"), lambda p: p.message, tooltip=lambda p: p.message)]
        self.model.set_rows(list(self.plan.problems), columns)

    def _show_changes(self) -> None:
        if not self.plan.changes and self.plan.skipped:
            self.note.setText(self.tr("Nothing to import: the rows listed below are skipped, "
                                      "each for the reason given."))
        elif not self.plan.changes:
            self.note.setText(self.tr("Nothing to import: every record in the file is the same "
                                      "as in the database."))
        else:
            self.note.setText(self.tr("Every field to add or change is listed below, then any "
                                      "row skipped and why. Nothing is written until you "
                                      "press Apply."))
        words = {"add": self.tr("added"), "update": self.tr("changed"),
                 "skip": self.tr("skipped")}
        columns = [Column(self.tr("Sheet"), lambda c: c.sheet),
                   Column(self.tr("Row"), lambda c: c.row, _row_number,
                          Qt.AlignmentFlag.AlignRight),
                   Column(self.tr("Record"), lambda c: c.record, tooltip=lambda c: c.record),
                   Column(self.tr("Change"), lambda c: words.get(c.action, c.action)),
                   Column(self.tr("Field"), lambda c: c.field),
                   Column(self.tr("Old"), lambda c: c.old, tooltip=lambda c: c.old or None),
                   Column(self.tr("New"), lambda c: c.new, tooltip=lambda c: c.new or None)]
        if self.plan.skipped:
            columns.append(Column(self.tr("Why"), lambda c: c.note,
                                  tooltip=lambda c: c.note or None))
        self.model.set_rows(change_lines(self.db, self.plan), columns)

    def lines(self) -> list[ChangeLine | Problem]:
        return self.model.all_rows()

    def apply(self) -> None:
        """Back the database up, then write the plan in one transaction, off the GUI thread
        on a connection of its own. Cancel, or any refusal, rolls all of it back."""
        source = database_path(self.db)
        if not (self.plan.ok and self.plan.changes) or source is None:
            return
        plan, apply_plan, written = self.plan, self._apply_plan, []

        def job(worker_db: Database, progress: Callable[[int, int], None],
                cancelled: Callable[[], bool]) -> None:
            backup_before_import(worker_db, progress, cancelled)
            apply_plan(worker_db, plan, progress, cancelled)  # rolled back if cancelled
            written.append(True)

        def stopped() -> None:
            if written:  # Cancel came after the transaction was committed
                self._applied()
            else:
                self.note.setText(self.tr("Import cancelled: nothing was written."))

        run_in_background(self, self.tr("Importing…"), on_own_connection(source, job),
                          lambda _: self._applied(),
                          self._refused, stopped)

    def _applied(self) -> None:
        self.applied.emit()
        self.accept()

    def _refused(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Import not applied"), message)


def plan_in_background(parent: QWidget, db: Database, label: str, make_plan: MakePlan,
                       on_plan: Callable[[ImportPlan], None], title: str,
                       on_cancel: Callable[[], None] | None = None) -> None:
    """Run ``make_plan(worker_db, progress, cancelled)`` off the GUI thread with a progress
    dialog that can cancel; ``on_plan(plan)`` back on the GUI thread."""
    source = database_path(db)
    if source is None:
        return

    planner = on_own_connection(source, make_plan)

    def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
        plan = planner(progress, cancelled)
        if cancelled():
            discard = getattr(plan, "discard", None)  # a plan kept in a temporary file
            if discard is not None:
                discard()
            raise Cancelled()
        return plan

    run_in_background(parent, label, work, on_plan,
                      lambda message: QMessageBox.warning(parent, title, message), on_cancel)


def show_plan(window: QMainWindow, db: Database, plan: ImportPlan, source: str = "",
              on_applied: Callable[[], None] | None = None, parent: QWidget | None = None,
              apply_plan: ApplyPlan = apply_import) -> PlanDialog:
    """Open the plan dialog (window-modal, not blocking) over ``parent`` (by default the
    main window); after Apply the window's tabs refresh. A plan with a ``discard()`` (one
    kept in a temporary file) is discarded when the dialog closes."""
    dialog = PlanDialog(db, plan, parent or window, source, apply_plan)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    discard = getattr(plan, "discard", None)
    if discard is not None:
        dialog.finished.connect(lambda _result: discard())

    def applied() -> None:
        refresh = getattr(window, "refresh", None)
        if refresh is not None:
            refresh()
        window.statusBar().showMessage(window.tr("Imported. {summary}").format(
            summary=plan.summary()), 10000)
        if on_applied is not None:
            on_applied()

    dialog.applied.connect(applied)
    dialog.open()
    return dialog


def import_workbook(window: QMainWindow, db: Database | None) -> None:
    """File > Import from Excel…: choose a workbook in the partner layout and import it."""
    if db is None:
        return
    title = window.tr("Import from Excel")
    folder = database_path(db)
    start = str(start_folder(window, folder.parent if folder else data_folder()))
    name, _ = QFileDialog.getOpenFileName(window, title, start, window.tr(XLSX_FILTER))
    if not name:
        return
    remember_folder(window, name)
    path = Path(name)
    try:
        check_workbook_file(path)
    except CspdeskError as exc:
        QMessageBox.warning(window, title, str(exc))
        return

    def run_plan(worker_db: Database, progress: Callable[[int, int], None],
                 cancelled: Callable[[], bool]) -> ImportPlan:
        return plan_import(worker_db, path, progress, cancelled)

    plan_in_background(
        window, db, window.tr("Checking {name}…").format(name=path.name), run_plan,
        lambda plan: show_plan(window, db, plan, path.name), title,
        lambda: window.statusBar().showMessage(
            window.tr("Import cancelled: nothing was written."), 5000))
