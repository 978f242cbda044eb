"""The main window's menus and what they do: File (new, open, recent, save, a copy, restore,
Excel, the audit log and retention, printing), Edit (copy, select all), View, Reports and
Help. ``MainWindow`` takes them in (``WindowMenus``); each task's dialog is imported when
the officer first asks for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QMessageBox,
    QTableView,
    QWidget,
)

from cspdesk import __version__
from cspdesk.errors import CspdeskError, stop_if_cancelled
from cspdesk.paths import data_folder
from cspdesk.store.backup import backup_file
from cspdesk.store.database import create_database
from ui.background import run_in_background

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMenu

    from cspdesk.store.connection import Database
    from ui.widgets.lazy_tabs import LazyTabWidget

DB_FILTER = "cspdesk databases (*.sqlite *.db);;All files (*)"
MAX_RECENT = 8


class WindowMenus:
    """The menus of ``MainWindow`` (a QMainWindow with these attributes) and their slots."""

    db: Database | None
    db_path: Path | None
    demo: bool
    settings: QSettings
    tabs: LazyTabWidget
    recent_menu: QMenu
    tab_actions: QActionGroup

    # Menus -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        """The menu bar, left to right."""
        self._build_file_menu()
        self._build_edit_menu()
        self._build_view_menu()
        self._build_reports_menu()
        self._build_help_menu()

    def _build_file_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self._add(file_menu, self.tr("&New Database…"), self.new_database, QKeySequence.New)
        self._add(file_menu, self.tr("&Open…"), self.choose_and_open, QKeySequence.Open)
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.save_action = self._add(file_menu, self.tr("&Save"), self.save_current,
                                     QKeySequence.Save)
        self.save_action.setStatusTip(self.tr("Save what is being edited in this tab"))
        self._add(file_menu, self.tr("Save a &Copy As…"), self.save_copy_as,
                  QKeySequence.SaveAs)
        self._add(file_menu, self.tr("Restore from &Backup…"), self.restore_from_backup)
        file_menu.addSeparator()
        self._add(file_menu, self.tr("&Export to Excel…"), self.export_to_excel)
        self._add(file_menu, self.tr("&Import from Excel…"), self.import_from_excel)
        self._add(file_menu, self.tr("Import another &spreadsheet…"), self.import_spreadsheet)
        file_menu.addSeparator()
        self._add(file_menu, self.tr("&Audit log…"), self.audit_log)
        self._add(file_menu, self.tr("Re&tention…"), self.retention)
        file_menu.addSeparator()
        self._add(file_menu, self.tr("&Print…"), lambda: self.print_page("print"),
                  QKeySequence.Print)
        self._add(file_menu, self.tr("Print Pre&view…"), lambda: self.print_page("preview"),
                  QKeySequence("Ctrl+Shift+P"))
        self._add(file_menu, self.tr("Print to P&DF…"), lambda: self.print_page("pdf"))
        file_menu.addSeparator()
        self._add(file_menu, self.tr("&Quit"), self.close, QKeySequence.Quit)

    def _build_edit_menu(self) -> None:
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self._add(edit_menu, self.tr("&Copy"), self.copy_selection, QKeySequence.Copy)
        self._add(edit_menu, self.tr("Select &All"), self.select_all, QKeySequence.SelectAll)

    def _build_view_menu(self) -> None:
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.tab_actions = QActionGroup(self)
        for number in range(self.tabs.count()):  # the tabs, added before the menus
            action = self._add(view_menu, self.tabs.tabText(number),
                               lambda _=False, n=number: self.tabs.setCurrentIndex(n),
                               QKeySequence(f"Ctrl+{number + 1}"))
            action.setCheckable(True)
            self.tab_actions.addAction(action)
        view_menu.addSeparator()
        self._add(view_menu, self.tr("&Refresh"), self.refresh, QKeySequence.Refresh)

    def _build_reports_menu(self) -> None:
        reports_menu = self.menuBar().addMenu(self.tr("&Reports"))
        self._add(reports_menu, self.tr("&Committee report…"), self.committee_report)

    def _build_help_menu(self) -> None:
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._add(help_menu, self.tr("Show &Data Folder"), self.show_data_folder)
        help_menu.addSeparator()
        self._add(help_menu, self.tr("&About cspdesk"), self.show_about)
        self._add(help_menu, self.tr("About &Qt"), QApplication.aboutQt)

    def _add(self, menu, text, slot, shortcut=None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action


    def new_database(self) -> None:
        path = self._ask_save_path(self.tr("New Database"), "cspdesk.sqlite")
        if path is None:
            return
        try:
            create_database(path).close()
        except CspdeskError as exc:
            QMessageBox.warning(self, self.tr("Cannot create database"), str(exc))
            return
        self.demo = False
        self.open_path(path)

    def choose_and_open(self) -> None:
        start = str(self.db_path.parent if self.db_path else data_folder())
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open Database"), start, DB_FILTER)
        if name:
            self._open_other(Path(name))

    def _open_other(self, path: Path, **how: Any) -> None:
        was_demo = self.demo
        self.demo = False
        if not self.open_path(path, **how):
            self.demo = was_demo

    def save_current(self) -> None:
        """Ctrl+S, in every tab: the current tab saves whatever is being edited there (an
        open cell editor is closed first, so what was typed is saved too)."""
        if self.db is None:
            return
        focused = QApplication.focusWidget()
        view = _view_of(focused)
        if view is not None and view.state() == QAbstractItemView.State.EditingState:
            view.setFocus()  # the editor loses the focus and hands its text to the model
        page = self.tabs.current_page()
        self.statusBar().showMessage(page.save_edits(), 8000)

    def save_copy_as(self) -> None:
        if self.db_path is None:
            return
        suggested = f"{self.db_path.stem}-copy.sqlite"
        target = self._ask_save_path(self.tr("Save a Copy As"), suggested)
        if target is None:
            return
        source = self.db_path

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            def report(done: int, total: int) -> None:
                progress(done, total)
                stop_if_cancelled(cancelled)

            return backup_file(source, target, report)

        run_in_background(
            self, self.tr("Copying the database…"), work,
            lambda written: self.statusBar().showMessage(
                self.tr("Saved a copy to {path}").format(path=written), 8000),
            lambda message: QMessageBox.warning(self, self.tr("Copy failed"), message),
            lambda: self.statusBar().showMessage(self.tr("Copy cancelled"), 5000),
        )

    def restore_from_backup(self) -> None:
        """File > Restore from Backup…: the backups, what each holds; restore one."""
        from ui.restore_dialog import open_restore_dialog  # when first used

        open_restore_dialog(self)

    def export_to_excel(self) -> None:
        """File > Export to Excel…: the partner workbook (no personal data) or a full copy."""
        if self.db is not None:
            from ui.exchange.export_dialog import export_to_excel  # openpyxl only when used

            export_to_excel(self, self.db)

    def import_from_excel(self) -> None:
        """File > Import from Excel…: a workbook in the partner layout, checked first."""
        from ui.exchange.import_dialog import import_workbook  # openpyxl only when used

        import_workbook(self, self.db)

    def import_spreadsheet(self) -> None:
        """File > Import another spreadsheet…: an old sheet, its columns mapped by the user."""
        from ui.exchange.mapping_dialog import open_mapping_dialog  # pandas only when used

        open_mapping_dialog(self, self.db)

    def print_page(self, how: str) -> None:
        """File > Print, Print Preview, Print to PDF: what the tab on screen offers."""
        if self.db is not None:
            page = self.tabs.current_page()
            from ui.reports.printing import print_from  # Qt's printing: when printing

            print_from(self, page.print_choices(), how)

    def committee_report(self) -> None:
        """Reports > Committee report…: its fields, a preview, Print and Word."""
        if self.db is not None:
            from ui.reports.report_dialog import CommitteeReportDialog  # docx, openpyxl

            CommitteeReportDialog(self.db, self).exec()

    def audit_log(self) -> None:
        if self.db is not None:
            from ui.privacy.audit_dialog import open_audit_log  # when asked for

            open_audit_log(self, self.db)

    def retention(self) -> None:
        from ui.privacy.retention_dialog import open_retention  # when asked for

        if self.db is not None and open_retention(self, self.db):
            self.refresh()

    def _ask_save_path(self, title: str, suggested: str) -> Path | None:
        start = self.db_path.parent if self.db_path else data_folder()
        name, _ = QFileDialog.getSaveFileName(self, title, str(start / suggested), DB_FILTER)
        if not name:
            return None
        path = Path(name)
        if path.exists():
            # The native dialog has already asked to replace it, but cspdesk never overwrites.
            QMessageBox.warning(self, title, self.tr(
                "{path} already exists. cspdesk never overwrites a file: choose a new name."
            ).format(path=path))
            return None
        return path

    # Recent files ---------------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _remember_recent(self, path: Path) -> None:
        entry = str(path.resolve())
        recent = [entry] + [p for p in self.recent_files() if p != entry]
        self.settings.setValue("recentFiles", recent[:MAX_RECENT])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        existing = [p for p in self.recent_files() if Path(p).exists()]
        for entry in existing:
            action = self.recent_menu.addAction(entry)
            action.triggered.connect(lambda _=False, p=entry: self._open_other(Path(p)))
        if not existing:
            self.recent_menu.addAction(self.tr("No recent databases")).setEnabled(False)

    # Edit ---------------------------------------------------------------------------------------

    def _focused_table(self) -> QTableView | None:
        widget: QWidget | None = QApplication.focusWidget()
        while widget is not None and not isinstance(widget, QTableView):
            widget = widget.parentWidget()
        return widget

    def copy_selection(self) -> None:
        """Copy the selected cells as tab-separated text, ready to paste into Excel."""
        view = self._focused_table()
        if view is None:
            return
        indexes = sorted(view.selectionModel().selectedIndexes(),
                         key=lambda i: (i.row(), i.column()))
        if not indexes:
            return
        lines: dict[int, list[str]] = {}
        for index in indexes:
            lines.setdefault(index.row(), []).append(str(index.data() or ""))
        QGuiApplication.clipboard().setText("\n".join("\t".join(v) for v in lines.values()))

    def select_all(self) -> None:
        view = self._focused_table()
        if view is not None:
            view.selectAll()

    # Help -----------------------------------------------------------------------------------

    def show_data_folder(self) -> None:
        folder = self.db_path.parent if self.db_path else data_folder()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About cspdesk"), self.tr(
            "<h3>cspdesk {version}</h3>"
            "<p>The Community Safety Partnership Support Officer's desk: meetings and "
            "attendance, monthly performance, the priority register and Safer Streets "
            "actions, in one local database. It works offline and sends nothing anywhere.</p>"
            "<p>Database: {path}<br>Default data folder: {folder}</p>"
        ).format(version=__version__, path=self.db_path or "none", folder=data_folder()))


def _view_of(widget: QWidget | None) -> QAbstractItemView | None:
    """The table or list ``widget`` is in (an open cell editor is inside its view)."""
    while widget is not None and not isinstance(widget, QAbstractItemView):
        widget = widget.parentWidget()
    return widget
