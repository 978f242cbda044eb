"""Find anything (Ctrl+Shift+F, or the box in the toolbar): every record whose text holds
the words typed, listed as they are typed; Enter or a double-click shows the record in its
tab. The finding is ``cspdesk.search``'s."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from cspdesk.search import Hit, find_anything
from cspdesk.store.connection import Database
from ui.widgets.dialog import Dialog
from ui.widgets.table_view import select_record

HIT = Qt.ItemDataRole.UserRole


class FindDialog(Dialog):
    """The words, the records found, and ``chosen(hit)`` when one is to be shown."""

    chosen = Signal(object)

    def __init__(self, db: Database, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("Find anything"))
        self.resize(640, 420)
        self.words = QLineEdit(text)
        self.words.setAccessibleName(self.tr("Words to find"))
        self.words.setPlaceholderText(self.tr("A name, a place, any words of a record…"))
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Records found"))
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.words)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self.words.textChanged.connect(self.find)
        self.words.returnPressed.connect(self._show_first)
        self.results.itemActivated.connect(self._show)
        self.find(text)

    def find(self, text: str) -> None:
        self.results.clear()
        hits = find_anything(self.db, text)
        for hit in hits:
            item = QListWidgetItem(f"{hit.line()}  ({hit.tab})")
            item.setData(HIT, hit)
            self.results.addItem(item)
        if not text.strip():
            self.status.setText(self.tr("Type words to find people, organisations, meetings, "
                                        "priorities, actions and updates."))
        elif not hits:
            self.status.setText(self.tr("Nothing holds '{text}'.").format(text=text.strip()))
        else:
            self.status.setText(self.tr("{n} found; Enter shows the first, or double-click "
                                        "one.").format(n=len(hits)))

    def _show_first(self) -> None:
        item = self.results.currentItem() or self.results.item(0)
        if item is not None:
            self._show(item)

    def _show(self, item: QListWidgetItem) -> None:
        self.chosen.emit(item.data(HIT))
        self.accept()


class FindBox(QLineEdit):
    """The box at the right of the menu bar, as wide as its placeholder: the menu bar
    places a corner widget by its size hint, so the hint says the width it needs (a
    minimum width alone would run past the window's edge)."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        need = self.fontMetrics().horizontalAdvance(self.placeholderText()) + 24
        return QSize(min(max(hint.width(), need), self.maximumWidth()), hint.height())


def install_find(window: Any) -> None:
    """Give the main window Ctrl+Shift+F and a find box at the right of the menu bar (not a
    toolbar row of its own: at 1366x768 every line of height goes to the registers)."""
    action = QAction(window.tr("&Find Anything…"), window)
    action.setShortcut(QKeySequence("Ctrl+Shift+F"))
    action.triggered.connect(lambda: open_find(window))
    window.addAction(action)
    box = FindBox()
    box.setObjectName("findBox")
    box.setAccessibleName(window.tr("Find anything"))
    box.setPlaceholderText(window.tr("Find anything (Ctrl+Shift+F)"))
    box.setMaximumWidth(320)
    box.returnPressed.connect(lambda: open_find(window, box.text()))
    window.menuBar().setCornerWidget(box, Qt.Corner.TopRightCorner)
    window.find_action, window.find_box = action, box


def open_find(window: QMainWindow, text: str = "") -> FindDialog | None:
    db = getattr(window, "db", None)
    if db is None:
        return None
    dialog = FindDialog(db, text, window)
    dialog.chosen.connect(lambda hit: show_hit(window, hit))
    dialog.open()
    return dialog


def show_hit(window: Any, hit: Hit) -> None:
    """Bring the hit's tab forward and, where the tab can, its record."""
    for number in range(window.tabs.count()):  # by title: only the hit's tab is made
        if window.tabs.tabText(number) == window.tr(hit.tab):
            window.tabs.setCurrentIndex(number)
            _show_in(window.tabs.page(number), hit)
            return


def _show_in(page: Any, hit: Hit) -> None:
    """The record itself, made current in its list; a filter hiding it is cleared."""
    if hit.kind in ("action", "update") and hasattr(page, "select_programme"):
        page.select_programme(hit.place)
        page.pages.setCurrentWidget(page.actions)
        _select(page.actions.view, page.actions.model, hit.show_id,
                (page.actions.district, page.actions.priority))
    elif hit.kind in ("meeting", "action arising") and hasattr(page, "meetings"):
        page.pages.setCurrentWidget(page.meetings)
        _select(page.meetings.view, page.meetings.model, hit.show_id,
                (page.meetings.group_filter,))
    elif hit.kind in ("person", "organisation") and hasattr(page, "structure"):
        page.pages.setCurrentWidget(page.structure)
        structure = page.structure
        shown = structure.people if hit.kind == "person" else structure.organisations
        structure.stack.setCurrentWidget(shown)
        structure.switch.button(structure.stack.currentIndex()).setChecked(True)
        _select(shown.view, shown.model, hit.show_id, ())
    elif hit.kind == "priority" and hasattr(page, "year"):
        index = page.year.findData(hit.place)
        if index >= 0 and page.confirm_leave():
            page.year.setCurrentIndex(index)
            row = page.model.row_of(hit.show_id)
            if row >= 0:
                page.list.setCurrentIndex(page.model.index(row, 0))


def _select(view: Any, model: Any, record_id: int, filters: tuple[Any, ...]) -> None:
    if select_record(view, model, record_id):
        view.setFocus()
        return
    for chooser in filters:  # the record is hidden by a filter: show everything
        chooser.setCurrentIndex(0)
    if select_record(view, model, record_id):
        view.setFocus()
