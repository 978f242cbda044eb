"""Room for a screen at 150%: a scroll area that scrolls only when the window is smaller
than its content needs, and windows kept within the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QWidget


class FittingScrollArea(QScrollArea):
    """Its widget fills it, and scrolls only where the room is less than the widget's
    minimum size (150% scaling on a small laptop screen); Tab brings the focused control
    into view. (Qt's resizable scroll area sizes a widget holding wrapped text to its
    preferred height, so a table in it would never shrink to fit.)"""

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self.setWidget(content)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        content.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """As big as its widget would like (Qt's stops at 24 lines): it scrolls only on a
        screen too small for that."""
        frame = 2 * self.frameWidth()
        return self.widget().sizeHint() + QSize(frame, frame)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        content = self.widget()
        need = content.minimumSizeHint().expandedTo(content.minimumSize())
        room = self.maximumViewportSize()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = room.width() - (bar if need.height() > room.height() else 0)
        height = room.height() - (bar if need.width() > width else 0)
        content.resize(max(width, need.width()), max(height, need.height()))


def fit_on_screen(window: QWidget) -> None:
    """A window bigger than its screen's free room (a large dialog at 150% on a laptop)
    shrinks to the room, no smaller than it needs, and moves onto the screen."""
    screen = window.screen()
    if screen is None:
        return
    room = screen.availableGeometry()
    frame = window.frameGeometry()
    extra = frame.size() - window.size()  # the title bar and borders
    width = min(window.width(), room.width() - extra.width())
    height = min(window.height(), room.height() - extra.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, window.minimumSizeHint().width()),
                      max(height, window.minimumSizeHint().height()))
    frame = window.frameGeometry()
    x = min(max(frame.x(), room.x()), room.right() - frame.width() + 1)
    y = min(max(frame.y(), room.y()), room.bottom() - frame.height() + 1)
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, room.x()), max(y, room.y()))
