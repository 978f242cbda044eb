"""Walking a window with the Tab key, as a keyboard user does, and checking that the focus
goes in reading order: left to right, top to bottom, one block (a panel, a group) at a time."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def tab_walk(start: QWidget, limit: int = 150) -> list[QWidget]:
    """The controls Tab visits from ``start`` until it comes back (or ``limit`` presses),
    the second time round (the first may enable buttons as a table takes the focus)."""
    _lap(start, limit)
    return _lap(start, limit)


def _lap(start: QWidget, limit: int) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    seen = [QApplication.focusWidget()]
    for _ in range(limit):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        QApplication.processEvents()
        widget = QApplication.focusWidget()
        if widget is seen[-1]:
            continue  # Tab moves within it first (a time's hours, then its minutes)
        if widget in seen:
            break
        seen.append(widget)
    return seen


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def before(a: QRect, b: QRect) -> bool:
    """Whether ``a`` comes before ``b`` reading the screen: on one row (overlapping by half
    the shorter's height) the left one first, else the upper one."""
    overlap = min(a.bottom(), b.bottom()) - max(a.top(), b.top())
    if overlap >= min(a.height(), b.height()) / 2:
        return a.center().x() <= b.center().x()
    return a.center().y() < b.center().y()


def _block(widget: QWidget, common: QWidget) -> QWidget:
    """The child of ``common`` that holds ``widget``."""
    while widget.parentWidget() is not common:
        widget = widget.parentWidget()
    return widget


def _common(a: QWidget, b: QWidget) -> QWidget:
    ancestors = []
    node: QWidget | None = a
    while node is not None:
        ancestors.append(node)
        node = node.parentWidget()
    node = b
    while node not in ancestors:
        node = node.parentWidget()
    return node


def out_of_order(walk: list[QWidget]) -> list[str]:
    """Each step of ``walk`` that goes back against reading order: from a control to one
    in a block above it or to its left (within the block both share)."""
    wrong = []
    for a, b in zip(walk, walk[1:], strict=False):
        common = _common(a, b)
        if common is a or common is b:
            continue  # a control inside another (a cell editor): no order between them
        block_a, block_b = _block(a, common), _block(b, common)
        if not before(rect_in(block_a, common), rect_in(block_b, common)):
            wrong.append(f"{name(a)} -> {name(b)}")
    return wrong


def name(widget: QWidget) -> str:
    return widget.accessibleName() or type(widget).__name__


def reachable(root: QWidget) -> list[QWidget]:
    """Every enabled, shown control under ``root`` that Tab should reach."""
    return [w for w in root.findChildren(QWidget)
            if w.isVisibleTo(root.window()) and w.isEnabled() and w.isVisible()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
            and w.focusProxy() is None and not w.objectName().startswith("qt_")]


def first_control(root: QWidget) -> QWidget:
    """The control read first: the top one, the leftmost of those on its row."""
    controls = reachable(root)
    top = min(rect_in(w, root.window()).top() for w in controls)
    row = [w for w in controls if rect_in(w, root.window()).top() < top + 24]
    return min(row, key=lambda w: rect_in(w, root.window()).left())
