"""Accessible names for every control, a Tab order that follows the screen, and colours
that follow the system.

A screen reader announces a control by its accessible name. Controls built without one get
the name a sighted user reads for them: the text of the label they are the buddy of, their
own text, their placeholder or their tool tip. ``unnamed_controls`` lists those still
without a name (a test fails on any).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from ui.widgets.whats_this import explain_controls

INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QTextEdit,
               QPlainTextEdit, QAbstractItemView)


def name_controls(root: QWidget) -> None:
    """Give every interactive control under ``root`` without an accessible name the one
    its label, text, placeholder or tool tip gives."""
    buddies = {label.buddy(): label.text() for label in root.findChildren(QLabel)
               if label.buddy() is not None}
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = form.labelForField(item.widget()) if item and item.widget() else None
            if isinstance(label, QLabel):
                buddies.setdefault(item.widget(), label.text())
    for widget in _controls(root):
        if not widget.accessibleName():
            widget.setAccessibleName(_visible_name(widget, buddies) or _place_name(widget))


def _controls(root: QWidget) -> list[QWidget]:
    """The interactive controls under ``root``, less the insides of Qt's own popups."""
    return [w for w in root.findChildren(QWidget) if isinstance(w, INTERACTIVE)
            and not w.objectName().startswith("qt_")
            and w.window().windowType() != Qt.WindowType.Popup
            and not isinstance(w.window(), QComboBox)]


def _place_name(widget: QWidget) -> str:
    """The control's kind in the page it sits on: 'Attendance statistics table'."""
    if isinstance(widget, QHeaderView):
        view = widget.parentWidget()
        return f"{view.accessibleName() if view else ''} column headings".strip()
    kind = ("date" if isinstance(widget, QDateEdit) else "choice"
            if isinstance(widget, QComboBox) else "table" if isinstance(
                widget, QAbstractItemView) else "text")
    return f"{_page_title(widget)} {kind}".strip()


def _page_title(widget: QWidget) -> str:
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        tabs = parent.parentWidget()
        if isinstance(tabs, QTabWidget) and tabs.indexOf(child) >= 0:
            return tabs.tabText(tabs.indexOf(child)).replace("&", "")
        child, parent = parent, parent.parentWidget()
    return widget.window().windowTitle()


def _visible_name(widget: QWidget, buddies: dict[QWidget, str]) -> str:
    texts = [buddies.get(widget, "")]
    if isinstance(widget, QAbstractButton):
        texts.append(widget.text())
    if isinstance(widget, QLineEdit):
        texts.append(widget.placeholderText())
    texts += [widget.toolTip(), widget.objectName().replace("_", " ")]
    for text in texts:
        clean = text.replace("&", "").strip(" :…").strip()
        if clean and not clean.startswith("qt_"):
            return clean
    return ""


def unnamed_controls(root: QWidget) -> list[str]:
    """The interactive controls under ``root`` a screen reader could not name."""
    return [f"{type(w).__name__} in {type(w.parentWidget()).__name__}"
            for w in _controls(root) if not w.accessibleName()]


def follow_system_colours(app: QApplication) -> None:
    """Dark or light as the system is (Qt 6.5 and later), following a change while open;
    Windows high contrast comes through the system palette unchanged."""
    hints = QGuiApplication.styleHints()
    if not hasattr(hints, "colorScheme"):
        return

    def apply(scheme: Qt.ColorScheme) -> None:
        if scheme == Qt.ColorScheme.Dark and app.style().name().lower() == "fusion":
            app.setPalette(dark_palette())
        else:
            app.setPalette(app.style().standardPalette())

    hints.colorSchemeChanged.connect(apply)
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        apply(hints.colorScheme())


def dark_palette() -> QPalette:
    """A dark palette with text at a contrast above 7:1 on its backgrounds."""
    palette = QPalette()
    dark, base, text = Qt.GlobalColor.black, "#1e1e1e", "#f0f0f0"
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"),
                         (QPalette.ColorRole.WindowText, text),
                         (QPalette.ColorRole.Base, base),
                         (QPalette.ColorRole.AlternateBase, "#262626"),
                         (QPalette.ColorRole.Text, text),
                         (QPalette.ColorRole.Button, "#333333"),
                         (QPalette.ColorRole.ButtonText, text),
                         (QPalette.ColorRole.Highlight, "#3d7ab8"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff"),
                         (QPalette.ColorRole.ToolTipBase, base),
                         (QPalette.ColorRole.ToolTipText, text),
                         (QPalette.ColorRole.Link, "#8ab4f8"),
                         (QPalette.ColorRole.PlaceholderText, "#a0a0a0")):
        palette.setColor(role, colour)
    palette.setColor(QPalette.ColorRole.Shadow, dark)
    return palette


def high_contrast_palette() -> QPalette:
    """Windows' "High Contrast Black" as Qt receives it from the system: white on black,
    a yellow highlight, green disabled text (for tests and screenshots)."""
    palette = QPalette()
    black, white, yellow = "#000000", "#ffffff", "#ffff00"
    for role, colour in ((QPalette.ColorRole.Window, black),
                         (QPalette.ColorRole.WindowText, white),
                         (QPalette.ColorRole.Base, black),
                         (QPalette.ColorRole.AlternateBase, black),
                         (QPalette.ColorRole.Text, white),
                         (QPalette.ColorRole.Button, black),
                         (QPalette.ColorRole.ButtonText, white),
                         (QPalette.ColorRole.Highlight, yellow),
                         (QPalette.ColorRole.HighlightedText, black),
                         (QPalette.ColorRole.ToolTipBase, black),
                         (QPalette.ColorRole.ToolTipText, white),
                         (QPalette.ColorRole.Link, yellow),
                         (QPalette.ColorRole.PlaceholderText, "#3ff23f"),
                         (QPalette.ColorRole.Light, white), (QPalette.ColorRole.Mid, white),
                         (QPalette.ColorRole.Dark, white), (QPalette.ColorRole.Shadow, white)):
        palette.setColor(role, colour)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, "#3ff23f")
    return palette


# Tab order -------------------------------------------------------------------------------------

def make_accessible(root: QWidget) -> None:
    """Names for ``root``'s controls, What's This? for those whose label is explained, and
    Tab through them in reading order."""
    name_controls(root)
    explain_controls(root)
    follow_reading_order(root)


def follow_reading_order(root: QWidget) -> None:
    """Tab goes through ``root``'s controls as the screen reads: in the order of its layouts
    (a row left to right, rows top to bottom, a form row's label then its field, the panels
    of a splitter in turn), not in the order the controls were made. A scroll area around
    controls takes no focus of its own: Tab brings each control into view."""
    order = reading_order(root)
    for first, second in zip(order, order[1:], strict=False):
        QWidget.setTabOrder(first, second)


def reading_order(widget: QWidget) -> list[QWidget]:
    """The controls under ``widget`` that take the Tab key, as the screen reads."""
    if isinstance(widget, QMainWindow):
        corner = widget.menuBar().cornerWidget(Qt.Corner.TopRightCorner)
        parts = [w for w in (corner, widget.centralWidget()) if w is not None]
        return [c for part in parts for c in reading_order(part)]
    children = _reading_children(widget)
    if not children:  # a control, or Qt's own composite (a chooser, a spin box)
        if isinstance(widget, QTextEdit | QPlainTextEdit):
            widget.setTabChangesFocus(True)  # Tab leaves a text box, as in any form
        return [widget] if _takes_tab(widget) else []
    own = [widget] if _takes_tab(widget) and not isinstance(widget, QTabWidget) else []
    controls = own + [c for child in children for c in reading_order(child)]
    if isinstance(widget, QScrollArea) and controls:
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        controls = [c for c in controls if c is not widget]
    return controls


def _takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and \
        widget.focusProxy() is None and not widget.isWindow()


def _reading_children(widget: QWidget) -> list[QWidget]:
    """The widgets ``widget`` holds, in reading order; none for a control."""
    if isinstance(widget, QTabWidget):
        return [widget.tabBar()] + [widget.widget(n) for n in range(widget.count())]
    if isinstance(widget, QStackedWidget | QSplitter):
        return [widget.widget(n) for n in range(widget.count())]
    if isinstance(widget, QScrollArea):
        return [widget.widget()] if widget.widget() is not None else []
    if isinstance(widget, INTERACTIVE):
        return []
    laid = _layout_widgets(widget.layout()) if widget.layout() is not None else []
    loose = [c for c in widget.findChildren(QWidget, options=Qt.FindChildOption
                                             .FindDirectChildrenOnly)
             if c not in laid and not c.isWindow()]
    return [w for w in laid if widget.isAncestorOf(w)] + loose


def _grid_place(grid: QGridLayout, index: int) -> tuple[int, int]:
    """Where a grid's item is read: at its last row, so a column spanning rows at the
    right (a list beside a form) comes after the rows beside it."""
    row, column, rows, _columns = grid.getItemPosition(index)
    return row + rows - 1, column


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    """The widgets of ``layout`` and its inner layouts, row by row, left to right."""
    items = [layout.itemAt(n) for n in range(layout.count())]
    if isinstance(layout, QFormLayout):
        roles = (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole,
                 QFormLayout.ItemRole.SpanningRole)
        items = [layout.itemAt(row, role) for row in range(layout.rowCount()) for role in roles]
    elif isinstance(layout, QGridLayout):
        items = [layout.itemAt(n) for n in sorted(range(layout.count()),
                                                  key=lambda n: _grid_place(layout, n))]
    elif isinstance(layout, QBoxLayout) and layout.direction() in (
            QBoxLayout.Direction.RightToLeft, QBoxLayout.Direction.BottomToTop):
        items.reverse()
    found: list[QWidget] = []
    for item in items:
        if item is None:
            continue
        if item.widget() is not None:
            found.append(item.widget())
        elif item.layout() is not None:
            found.extend(_layout_widgets(item.layout()))
    return found
