"""Accessible names for every control, and colours that follow the system.

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
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

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
