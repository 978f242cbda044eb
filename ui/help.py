"""The offline user guide: HTML pages in ``resources/help/`` shown in a QTextBrowser (no
network, no web engine). F1 opens the page of the tab on screen; Help > What's This?
(Shift+F1) explains the control clicked next."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWhatsThis,
    QWidget,
)

from cspdesk.resources import resource_path
from ui.widgets.dialog import Dialog


def help_page(slug: str) -> QUrl:
    """The page for a tab or task ('safer-streets'), or the guide's contents."""
    path = resource_path("help", f"{slug}.html")
    if not path.is_file():
        path = resource_path("help", "index.html")
    return QUrl.fromLocalFile(str(path))


class HelpDialog(Dialog):
    """The guide, opened at one page; its links lead to the others."""

    def __init__(self, page: QUrl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("cspdesk user guide"))
        self.resize(720, 560)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("User guide"))
        self.browser.setOpenExternalLinks(False)  # offline: the guide's own pages only
        self.browser.setSource(page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)


def install_help(window: Any) -> None:
    """F1 (the tab's page) and What's This? at the top of the window's Help menu."""
    guide = QAction(window.tr("User &Guide"), window)
    guide.setShortcut(QKeySequence.StandardKey.HelpContents)
    guide.triggered.connect(lambda: open_help(window))
    whats_this = QWhatsThis.createAction(window)
    menu = _help_menu(window)
    first = menu.actions()[0] if menu is not None and menu.actions() else None
    if menu is not None:
        menu.insertActions(first, [guide, whats_this])
        menu.insertSeparator(first)
    else:
        window.addActions([guide, whats_this])
    window.help_action = guide


def _help_menu(window: Any) -> QMenu | None:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == "Help" and action.menu() is not None:
            return action.menu()
    return None


def open_help(window: Any, slug: str | None = None) -> HelpDialog:
    """The guide at ``slug``, or at the page of the tab on screen."""
    if slug is None:
        page = window.tabs.currentWidget()  # the tab on screen (the others may not be made)
        slug = page.title.lower().replace(" ", "-")
    dialog = HelpDialog(help_page(slug), window)
    dialog.open()
    return dialog
