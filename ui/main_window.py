"""The main window: builds the tabs, menus and status bar, and wires them together.

It holds no business rules: the tabs read through the core, and the store is opened only
through ``cspdesk.store.database``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QUrl
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableView,
    QWidget,
)
from sqlite_utils import Database

from cspdesk import __version__
from cspdesk.errors import CspdeskError, stop_if_cancelled
from cspdesk.paths import data_folder, synced_folder_warning
from cspdesk.store import migrations
from cspdesk.store.backup import backup_file
from cspdesk.store.database import create_database
from cspdesk.store.settings import get_setting
from ui.accessibility import make_accessible
from ui.background import run_in_background
from ui.backups import back_up_when_due
from ui.find import install_find
from ui.help import install_help
from ui.opening import OpenedDatabase, backup_notice, open_for_window
from ui.widgets.banner import Banner
from ui.widgets.lazy_tabs import LazyTabWidget, made_from
from ui.widgets.tab import Tab

# The tabs, in order: title and class. Each is made (its module imported) when first chosen,
# so the window builds only the tab it opens on (tests check each class has its title).
TABS = (("Meetings", "ui.meetings.meetings_tab:MeetingsTab"),
        ("Performance", "ui.performance.performance_tab:PerformanceTab"),
        ("Priorities", "ui.priorities.priorities_tab:PrioritiesTab"),
        ("Safer Streets", "ui.programmes.programmes_tab:ProgrammesTab"))

DB_FILTER = "cspdesk databases (*.sqlite *.db);;All files (*)"
MAX_RECENT = 8


class MainWindow(QMainWindow):
    """The window: the subject tabs, the menus and the status bar, on one open database."""

    def __init__(self, db_path: Path | None = None, demo: bool = False,
                 settings: QSettings | None = None, backups: bool = True,
                 read_only: bool = False) -> None:
        super().__init__()
        self.backups = backups  # the day's first opening backs up (not for screenshots)
        self.settings = settings if settings is not None else QSettings()
        self.db: Database | None = None
        self.db_path: Path | None = None
        self.opened: OpenedDatabase | None = None
        self.demo = demo
        self.tabs = LazyTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.made.connect(self._tab_made)
        for title, where in TABS:
            self.tabs.add_lazy(self.tr(title), self._tab_maker(where))
        self.banner = Banner()
        self.banner.action_clicked.connect(self._open_newest_backup)
        self.setCentralWidget(self.banner.above(self.tabs))
        self.database_label = QLabel(self.tr("No database open"))
        self.statusBar().addPermanentWidget(self.database_label)  # messages keep the room
        self._build_menus()
        install_find(self)  # Ctrl+Shift+F and the find box
        install_help(self)  # F1, What's This?
        self._restore_window()
        self.tabs.current_page()  # the tab it opens on: made now (made accessible below)
        self.tabs.currentChanged.connect(lambda _n: make_accessible(self))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.tabs.currentChanged.connect(lambda n: self.tabs.page(n).refresh_if_stale())
        if db_path is not None:
            self.open_path(Path(db_path), remember=not demo, read_only=read_only)
        make_accessible(self)  # every control named, Tab in reading order

    @property
    def tab_pages(self) -> list[Tab]:
        """Every tab, each made now if it was not yet (the window itself uses those made). A
        tab reads its data when chosen: choose it before reading what it shows."""
        return self.tabs.pages()

    def _tab_maker(self, where: str) -> Callable[[QWidget], Tab]:
        options = {"settings": self.settings} if where.endswith(":ProgrammesTab") else {}
        return made_from(where, **options)  # type: ignore[return-value]

    def _tab_made(self, _index: int, page: Tab) -> None:
        page.data_changed.connect(lambda source=page: self._data_changed(source))
        if self.db is not None:
            self._show_in(page, self.db)

    # Menus -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
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

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self._add(edit_menu, self.tr("&Copy"), self.copy_selection, QKeySequence.Copy)
        self._add(edit_menu, self.tr("Select &All"), self.select_all, QKeySequence.SelectAll)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.tab_actions = QActionGroup(self)
        for number, (title, _where) in enumerate(TABS):
            action = self._add(view_menu, self.tr(title),
                               lambda _=False, n=number: self.tabs.setCurrentIndex(n),
                               QKeySequence(f"Ctrl+{number + 1}"))
            action.setCheckable(True)
            self.tab_actions.addAction(action)
        view_menu.addSeparator()
        self._add(view_menu, self.tr("&Refresh"), self.refresh, QKeySequence.Refresh)

        reports_menu = self.menuBar().addMenu(self.tr("&Reports"))
        self._add(reports_menu, self.tr("&Committee report…"), self.committee_report)

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

    # The database ---------------------------------------------------------------------------

    def open_path(self, path: Path, remember: bool = True, read_only: bool = False,
                  notice: str | None = None) -> bool:
        """Open the database at ``path``; on failure say why and keep the one already open.
        Unsaved edits in the tabs are offered for saving first. A database another cspdesk
        writes, or a damaged one, opens read-only with the reason above the tabs
        (``ui.opening``); ``read_only`` opens it so at once, ``notice`` saying why."""
        if self.db is not None and not self.tabs_may_leave():
            return False
        try:
            opened = open_for_window(self, path, read_only, notice, meanwhile=self._read_ahead)
        except CspdeskError as exc:
            self._show_tabs()  # back on the database already open (or none)
            QMessageBox.warning(self, self.tr("Cannot open database"), str(exc))
            return False
        except BaseException:
            self._show_tabs()
            raise
        if opened is None:  # the user chose not to open it read-only
            self._show_tabs()
            return False
        self._close_database()
        self.opened, self.db, self.db_path = opened, opened.db, path
        if remember:
            self._remember_recent(path)
        if not opened.read_ahead:
            self._show_tabs()
        self._show_database_details()
        self.banner.show_message(opened.notice, self.tr("Open the newest backup")
                                 if opened.backup else None)
        if opened.note:
            self.statusBar().showMessage(opened.note, 20000)
        warning = synced_folder_warning(path)
        if warning:
            QMessageBox.warning(self, self.tr("Database in a synced folder"), warning)
        if self.backups and not self.demo and not self.read_only:  # a demo is fresh each time
            back_up_when_due(self, path)
        return True

    def _show_database_details(self) -> None:
        assert self.db is not None and self.db_path is not None
        version = migrations.schema_version(self.db)
        demo = self.tr(" · demo database (a fresh copy; Save a Copy As keeps it)") \
            if self.demo else ""
        read_only = self.tr(" · read-only") if self.read_only else ""
        self.database_label.setText(
            self.tr("Database: {path} · schema version {v}").format(
                path=self.db_path, v=version) + read_only + demo)
        name = get_setting(self.db, "partnership_short_name")
        parts = ["cspdesk", name, self.db_path.name]
        self.setWindowTitle(" — ".join(p for p in parts if p))
        self.setWindowFilePath(str(self.db_path))

    @property
    def read_only(self) -> bool:
        return self.opened is not None and self.opened.read_only

    def _read_ahead(self, db: Database) -> None:
        """The tabs made so far on ``db`` (being opened), while its quick check finishes."""
        for _n, page in self.tabs.made_pages():
            page.set_database(db, load=page is self.tabs.currentWidget())

    def _show_tabs(self) -> None:
        """The tabs made so far on the open database (or on none)."""
        for _n, page in self.tabs.made_pages():
            if self.db is None:
                page.set_database(None)
            else:
                self._show_in(page, self.db)

    def _show_in(self, page: Tab, db: Database) -> None:
        """The current tab reads its data now, the others when first chosen (start-up
        reads one tab's figures, not four); a damaged file's tabs all read at once."""
        now = page is self.tabs.currentWidget() or (self.opened is not None
                                                    and self.opened.damaged)
        try:
            page.set_database(db, load=now)
        except sqlite3.DatabaseError:  # a damaged file, read-only: its tabs show what they can
            if self.opened is None or not self.opened.damaged:
                raise
            page.set_database(None)

    def _open_newest_backup(self) -> None:
        if self.opened is not None and self.opened.backup is not None:
            self._open_other(self.opened.backup, remember=False, read_only=True,
                             notice=backup_notice(self))

    def _close_database(self) -> None:
        """Close the open database, giving up the right to write it."""
        if self.opened is not None:
            self.opened.close()
        self.opened = self.db = None

    def come_forward(self, path: Path) -> None:
        """A second launch of cspdesk: this window comes forward, on the database asked for."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        if self.db_path is None or path.resolve() != self.db_path.resolve():
            self._open_other(path)

    def refresh(self) -> None:
        """View > Refresh: the current tab now, the others when next shown."""
        for _n, page in self.tabs.made_pages():
            if page is self.tabs.currentWidget():
                page.refresh()
            else:
                page.refresh_when_shown()

    def _data_changed(self, source: Tab) -> None:
        """One tab wrote: the others show the change too (the writer has refreshed itself)."""
        for _n, page in self.tabs.made_pages():
            if page is not source:
                page.refresh_when_shown()

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

    # Window state ---------------------------------------------------------------------------

    def _restore_window(self) -> None:
        geometry = self.settings.value("mainWindow/geometry")
        restored = (isinstance(geometry, QByteArray) and not geometry.isEmpty()
                    and self.restoreGeometry(geometry))
        if not restored or not self._fits_screen():
            self._default_size()
        tab = int(self.settings.value("mainWindow/tab", 0) or 0)
        self.tabs.setCurrentIndex(tab if 0 <= tab < self.tabs.count() else 0)
        self._tab_changed(self.tabs.currentIndex())

    def _fits_screen(self) -> bool:
        """A size saved on another screen (a docking station's, a projector's) is kept only
        while the window still sits on this screen at a usable size."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return True
        room, placed = screen.availableGeometry(), self.geometry()
        shown = room.intersected(placed)
        return (shown.width() >= min(640, room.width() * 0.6)
                and shown.height() >= min(400, room.height() * 0.6))

    def _default_size(self) -> None:
        """First run: 1280x800, or nine tenths of a smaller screen, centred."""
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 800)
            return
        room = screen.availableGeometry()
        width = min(1280, int(room.width() * 0.9))
        height = min(800, int(room.height() * 0.9))
        self.setGeometry(room.x() + (room.width() - width) // 2,
                         room.y() + (room.height() - height) // 2, width, height)

    def _tab_changed(self, index: int) -> None:
        actions = self.tab_actions.actions()
        if 0 <= index < len(actions):
            actions[index].setChecked(True)

    def tabs_may_leave(self) -> bool:
        """Every tab with unsaved edits asks: save, discard or stay."""
        return all(page.confirm_leave() for _n, page in self.tabs.made_pages())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.tabs_may_leave():
            event.ignore()
            return
        self.settings.setValue("mainWindow/geometry", self.saveGeometry())
        self.settings.setValue("mainWindow/tab", self.tabs.currentIndex())
        self.settings.sync()
        self._close_database()
        super().closeEvent(event)


def _view_of(widget: QWidget | None) -> QAbstractItemView | None:
    """The table or list ``widget`` is in (an open cell editor is inside its view)."""
    while widget is not None and not isinstance(widget, QAbstractItemView):
        widget = widget.parentWidget()
    return widget


def tab_slug(page: Tab) -> str:
    return page.title.lower().replace(" ", "-")



