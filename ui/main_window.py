"""The main window: builds the tabs, menus and status bar, and wires them together.

It holds no business rules: the tabs read through the core, and the store is opened only
through ``cspdesk.store.database``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from cspdesk.errors import CspdeskError
from cspdesk.paths import synced_folder_warning
from cspdesk.store import migrations
from cspdesk.store.connection import Database
from cspdesk.store.settings import get_setting
from ui.accessibility import make_accessible
from ui.backups import back_up_when_due
from ui.find import install_find
from ui.help import install_help
from ui.opening import OpenedDatabase, backup_notice, open_for_window
from ui.widgets.banner import Banner
from ui.widgets.lazy_tabs import LazyTabWidget, made_from
from ui.widgets.tab import Tab
from ui.window_menus import WindowMenus

# The tabs, in order: title and class. Each is made (its module imported) when first chosen,
# so the window builds only the tab it opens on (tests check each class has its title).
TABS = (("Meetings", "ui.meetings.meetings_tab:MeetingsTab"),
        ("Performance", "ui.performance.performance_tab:PerformanceTab"),
        ("Priorities", "ui.priorities.priorities_tab:PrioritiesTab"),
        ("Safer Streets", "ui.programmes.programmes_tab:ProgrammesTab"))


class MainWindow(QMainWindow, WindowMenus):
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
            self._show_in(page, db, damaged=False)

    def _show_tabs(self) -> None:
        """The tabs made so far on the open database (or on none)."""
        for _n, page in self.tabs.made_pages():
            if self.db is None:
                page.set_database(None)
            else:
                self._show_in(page, self.db)

    def _show_in(self, page: Tab, db: Database, damaged: bool | None = None) -> None:
        """The current tab reads its data now, the others when first chosen (start-up
        reads one tab's figures, not four); a damaged file's tabs all read at once.
        ``damaged`` is the open database's unless given (a file still being opened)."""
        if damaged is None:
            damaged = self.opened is not None and self.opened.damaged
        try:
            page.set_database(db, load=damaged or page is self.tabs.currentWidget())
        except sqlite3.DatabaseError:  # a damaged file, read-only: its tabs show what they can
            if not damaged:
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


def tab_slug(page: Tab) -> str:
    return page.title.lower().replace(" ", "-")



