"""Tabs made when first chosen: the window builds (and imports) only the tab it opens on.

Each tab is given as its title and a function making it in the place given (made in its
place from the start: a tab made without a parent and moved into the window after would
take the keyboard focus away from a window on screen). Until it is made, the tab widget
holds an empty place of the same title; the tab is made in that place the first time it is
chosen or asked for (``page``; ``pages`` makes them all). ``setCurrentWidget``,
``currentWidget`` and ``indexOf`` take and give the tabs themselves, as a QTabWidget does.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


def made_from(where: str, **options: Any) -> Callable[[QWidget], QWidget]:
    """A maker of the widget class at ``where`` ("ui.meetings.actions_page:ActionsPage"),
    imported when first made: ``made_from(where)(place)`` is ``ActionsPage(place)``."""
    module, name = where.split(":")
    return lambda place: getattr(importlib.import_module(module), name)(place, **options)


class LazyTabWidget(QTabWidget):
    """A QTabWidget whose tabs are made when first chosen (or asked for)."""

    # (index, the tab just made): its owner wires it up before anything shows it.
    made = Signal(int, QWidget)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._makers: list[Callable[[QWidget], QWidget]] = []
        self._places: list[QWidget] = []
        self._pages: list[QWidget | None] = []
        self.currentChanged.connect(self._make_chosen)  # first: before any other slot

    def add_lazy(self, title: str, make: Callable[[QWidget], QWidget]) -> int:
        place = QWidget()
        layout = QVBoxLayout(place)
        layout.setContentsMargins(0, 0, 0, 0)
        self._makers.append(make)
        self._places.append(place)
        self._pages.append(None)
        quiet = self.blockSignals(True)  # the first tab added is chosen: not made for that
        try:
            return self.addTab(place, title)
        finally:
            self.blockSignals(quiet)

    def page(self, index: int) -> Any:
        """The tab at ``index``, made now if it was not yet."""
        page = self._pages[index]
        if page is None:
            place = self._places[index]
            page = self._pages[index] = self._makers[index](place)
            place.layout().addWidget(page)
            page.setVisible(True)  # at once where its place is on screen, else with it
            self.made.emit(index, page)
        return page

    def pages(self) -> list[Any]:
        """Every tab, each made now if it was not yet."""
        return [self.page(index) for index in range(len(self._pages))]

    def made_pages(self) -> list[tuple[int, Any]]:
        """(index, tab) of the tabs made so far."""
        return [(i, page) for i, page in enumerate(self._pages) if page is not None]

    def current_page(self) -> Any:
        index = self.currentIndex()
        return None if index < 0 else self.page(index)

    def _make_chosen(self, index: int) -> None:
        if 0 <= index < len(self._pages):
            self.page(index)

    # The tabs themselves, not their places, as a QTabWidget's own pages ------------------

    def indexOf(self, widget: QWidget) -> int:  # noqa: N802 (Qt's name)
        for index, page in enumerate(self._pages):
            if widget is page:
                return index
        return super().indexOf(widget)

    def setCurrentWidget(self, widget: QWidget) -> None:  # noqa: N802 (Qt's name)
        index = self.indexOf(widget)
        if index >= 0:
            self.setCurrentIndex(index)

    def currentWidget(self) -> Any:  # noqa: N802 (Qt's name)
        index = self.currentIndex()
        if 0 <= index < len(self._pages):
            return self._pages[index] or super().currentWidget()
        return super().currentWidget()
