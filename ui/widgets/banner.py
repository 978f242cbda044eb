"""A strip above the tabs for what the user must keep in mind while working (a database open
read-only, and why), with one button for what to do about it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.widgets.colours import tint_widget


class Banner(QFrame):
    """Hidden until ``show_message``; ``action_clicked`` when its button is pressed."""

    action_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.Box)  # its edge, in the palette's colours
        tint_widget(self, "note")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton()
        self.button.clicked.connect(self.action_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()

    def above(self, content: QWidget) -> QWidget:
        """A widget holding this banner over ``content`` (for a central widget)."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self)
        column.addWidget(content, 1)
        return holder

    def show_message(self, text: str | None, action: str | None = None) -> None:
        """Show ``text`` with a button saying ``action`` (none when None); no text hides it."""
        if not text:
            self.clear()
            return
        self.label.setText(text)
        self.button.setText(action or "")
        self.button.setVisible(bool(action))
        self.show()

    def clear(self) -> None:
        self.label.clear()
        self.hide()

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""
