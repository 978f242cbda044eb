"""What a tab shows when the open database holds nothing for it yet."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """A centred title and a sentence or two saying what belongs here and how it gets here,
    with a button for the first step when there is one. The sentences may change after
    (``explanation_label.setText``): the label takes the width it is given, up to 560
    pixels, between two stretches, so that its wrapped height follows its text (a wrapped
    label centred by the layout kept the height of its first text, and cut a longer one)."""

    action_clicked = Signal()

    def __init__(self, title: str, explanation: str, parent: QWidget | None = None,
                 action: str | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("emptyStateTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title_label.setFont(font)
        self.explanation_label = QLabel(explanation)
        self.explanation_label.setWordWrap(True)
        self.explanation_label.setMaximumWidth(560)
        self.explanation_label.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation_label.setSizePolicy(QSizePolicy.Policy.Expanding,
                                             QSizePolicy.Policy.Preferred)
        for label in (self.title_label, self.explanation_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.explanation_label, 100)
        centred.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title_label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(8)
        layout.addLayout(centred)
        self.action_button: QPushButton | None = None
        if action:
            layout.addSpacing(12)
            self.action_button = QPushButton(action)
            self.action_button.clicked.connect(self.action_clicked)
            layout.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
