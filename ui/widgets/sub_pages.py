"""Pages inside a tab (a QTabWidget's) that read their data only when the officer sees them.

A tab on a large database need not read every page to open: the page on screen reads now,
each of the others the first time it is chosen. How a tab uses it::

    self.reading = ReadWhenChosen(self.pages)         # in __init__, after the pages are added
    ...
    def load(self):                                   # and after every write
        self.reading.read(self.comparison, lambda: self.comparison.set_database(...))
        self.reading.read(self.quality, self._read_quality)

``read`` is also how a write brings pages up to date: call it again for every page the
write touches; the page on screen reads at once, the others when next chosen (a reading
still waiting is replaced by the new one, so a page reads once however many writes came
before it was chosen). A reader should take the database from the tab when it runs, and do
nothing when there is none (the file was closed meanwhile).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget


class ReadWhenChosen:
    """For the pages of ``pages``: read the one on screen now, the others when chosen."""

    def __init__(self, pages: QTabWidget) -> None:
        self._pages = pages
        self._waiting: dict[QWidget, Callable[[], None]] = {}
        pages.currentChanged.connect(self._chosen)

    def read(self, page: QWidget, reader: Callable[[], None]) -> None:
        """Run ``reader`` now if ``page`` is the page on screen (the current one: the tab
        itself may be about to show), else the next time ``page`` is chosen."""
        if page is self._pages.currentWidget():
            self._waiting.pop(page, None)
            reader()
        else:
            self._waiting[page] = reader

    def read_now(self, page: QWidget) -> None:
        """Bring ``page`` up to date now, chosen or not (before something reads what it
        shows, such as File > Print reading the comparison's choices)."""
        reader = self._waiting.pop(page, None)
        if reader is not None:
            reader()

    def waiting(self, page: QWidget) -> bool:
        """True while ``page`` has a reading left for when it is chosen."""
        return page in self._waiting

    def _chosen(self) -> None:
        page = self._pages.currentWidget()
        if self.waiting(page):
            self.read_now(page)
            if page.layout() is not None:  # shown already (Qt shows, then says chosen):
                page.layout().activate()  # laid out for what it now holds, as if read first
