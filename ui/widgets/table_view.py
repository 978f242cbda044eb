"""Read-only grids over a RowsTableModel: sortable, tidy, with columns sized to fit."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from ui.widgets.table_model import RowsTableModel


def make_table_view(model: RowsTableModel, parent: QWidget | None = None,
                    stretch: int | None = -1) -> QTableView:
    """A sortable, read-only grid over ``model``, tidy on every platform.

    ``stretch`` is the column that takes the spare width: -1 for the last, None for none.
    """
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)
    view = QTableView(parent)
    view.setHorizontalHeader(SortHeader(view))
    view.setModel(proxy)
    # No sort column until the user clicks a header: rows keep the order the core gave them.
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setItemDelegate(WholeTextTips(view))
    keyboard_friendly(view)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setHighlightSections(False)
    # Column widths from a screenful of rows (those on screen, or the first 30 before the
    # table shows): measuring thousands takes seconds, and 60 took the meetings list 15 ms
    # of the window's start for the same widths. A longer text further down is cut short
    # and shown whole as its cell's tooltip (WholeTextTips).
    view.horizontalHeader().setResizeContentsPrecision(30)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(stretch == -1)
    if stretch is not None and stretch >= 0:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class SortHeader(QHeaderView):
    """Column headings that keep room for the sort arrow only in the column sorted by: the
    others are as narrow as their words, so more of a table fits a small screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.sortIndicatorChanged.connect(self._make_room)

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:  # noqa: N802,N803
        size = super().sectionSizeFromContents(logicalIndex)
        if self.isSortIndicatorShown() and logicalIndex != self.sortIndicatorSection():
            margin = self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self)
            size.setWidth(size.width() - size.height() - margin)  # Qt's room for the arrow
        return size

    def _make_room(self, section: int, _order: Qt.SortOrder) -> None:
        """The column now sorted by widens, if need be, for its arrow."""
        if 0 <= section < self.count() and \
                self.sectionResizeMode(section) == QHeaderView.ResizeMode.Interactive:
            needed = self.sectionSizeFromContents(section).width()
            if self.sectionSize(section) < needed:
                self.resizeSection(section, needed)


class WholeTextTips(QStyledItemDelegate):
    """A cell too narrow for its text shows the whole text as its tooltip (unless the
    model gives a tooltip of its own), so nothing cut short on a small screen is lost."""

    def whole_text(self, view: QAbstractItemView, index: QModelIndex) -> str:
        """The cell's text when it does not fit the cell, else ''."""
        text = str(index.data() or "")
        if not text:
            return ""
        # Qt leaves a margin each side of a cell's text (the focus frame's, plus one).
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        needed = view.fontMetrics().horizontalAdvance(text) + 2 * margin
        return text if needed > view.visualRect(index).width() else ""

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView,  # noqa: N802 (Qt's name)
                  option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(index, QModelIndex) and \
                not index.data(Qt.ItemDataRole.ToolTipRole):
            text = self.whole_text(view, index)
            if text:
                QToolTip.showText(event.globalPos(), text, view)
                return True
        return super().helpEvent(event, view, option, index)


def keyboard_friendly(view: QTableView) -> None:
    """Tab and Shift+Tab move to the next control, as in a form; the arrow keys move
    within the table (Qt's tables take Tab to walk cell by cell, and wrap round)."""
    view.setTabKeyNavigation(False)


def fit_columns(view: QTableView, max_width: int = 320) -> None:
    """Size columns to their contents, none wider than ``max_width``; a stretching last
    column keeps whatever room is left, so no horizontal scroll bar appears for it."""
    header = view.horizontalHeader()
    last = header.count() - 1
    for section in range(header.count()):
        if section == last and header.stretchLastSection():
            continue
        view.resizeColumnToContents(section)
        if header.sectionSize(section) > max_width:
            header.resizeSection(section, max_width)


def select_record(view: QTableView, model: RowsTableModel, record_id: int) -> bool:
    """Make the row of the record with ``record_id`` current (through the view's sorting
    proxy) and scroll to it; False when no row shows it."""
    for row in range(model.rowCount()):
        if getattr(model.row_at(row), "id", None) == record_id:
            proxy = view.model()
            index = (proxy.mapFromSource(model.index(row, 0))  # type: ignore[attr-defined]
                     if proxy is not model else model.index(row, 0))
            view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            view.scrollTo(index)
            return True
    return False
