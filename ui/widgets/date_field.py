"""A date field the officer can type into: dd/mm/yyyy, 1/7/23 or '12 March 2021', with a
calendar beside it.

Every date field in the window is one of these, read by the one reader, ``dates.parse_uk_date``.
While typing, the field shows beside it the day it has understood ('Saturday 1 July 2023');
when the typing is finished the text is rewritten dd/mm/yyyy, or, when it cannot be read,
the field turns red and ``problem`` carries the reason for the form to show at the field.
``value()`` refuses unreadable text with an InputError, so a form never saves a date other
than the one on screen. An empty field is allowed only when ``allow_empty``; its calendar
opens at today.

For the code written for Qt's QDateEdit it also answers ``setDate``, ``date`` (a QDate, null
when empty or unreadable), ``minimumDate`` (the null QDate, which ``setDate`` takes as empty)
and ``dateChanged``, emitted whenever the understood day changes.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cspdesk.dates import format_date, long_date, parse_uk_date
from cspdesk.errors import InputError
from ui.widgets.colours import text_colour


class DayLabel(QLabel):
    """The day in words beside the field: on one line where there is room, wrapped where
    the window is narrow (150% scaling), never cut and never widening the window."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setMinimumWidth(1)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self.text()) + 2, hint.height())


def error_style() -> str:
    """A refused date's border: the error colour, or the highlight in high contrast."""
    colour = text_colour("error")
    return f"QLineEdit {{ border: 2px solid {colour.name() if colour else 'palette(highlight)'}; }}"


def to_qdate(day: dt.date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day else QDate()


def from_qdate(day: QDate) -> dt.date | None:
    return dt.date(day.year(), day.month(), day.day()) if day.isValid() else None


class CalendarPopup(QFrame):
    """The calendar that drops down under a date field; Escape closes it unchanged."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget()
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A typed date with a calendar button and, beside it, the day it was read as."""

    dateChanged = Signal(QDate)  # noqa: N815 (QDateEdit's name, for its callers)
    problem = Signal(str)  # when typing ends: why the text is no date; '' when it is fine

    def __init__(self, value: dt.date | None = None, allow_empty: bool = False,
                 what: str = "date", field: str | None = None, show_day: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.allow_empty, self.what, self.field = allow_empty, what, field
        self._understood: dt.date | None = None
        self.line = QLineEdit()
        self.line.setPlaceholderText("dd/mm/yyyy")
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("00/00/0000") + 12)
        self.line.setMaximumWidth(self.line.minimumWidth() + 24)  # room left for the day
        self.line.setToolTip(self._tip())
        self.button = QToolButton()
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setToolTip("Choose the day from a calendar (Alt+Down)")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the next field
        self.day = DayLabel()
        self.popup: CalendarPopup | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.line)
        row.addWidget(self.button)
        row.addWidget(self.day, 1)
        self.day.setVisible(show_day)  # once in the field: shown before, it was a window
        self.setFocusProxy(self.line)
        self.line.textEdited.connect(self._typed)
        self.line.editingFinished.connect(self.finish)
        self.button.clicked.connect(self.open_calendar)
        self.line.installEventFilter(self)
        self.setDate(value)

    def _tip(self) -> str:
        empty = " Leave it empty for no date." if self.allow_empty else ""
        return f"Type the day as dd/mm/yyyy, 1/7/23 or 12 March 2023.{empty}"

    # Reading -----------------------------------------------------------------------------

    def text(self) -> str:
        return self.line.text()

    def value(self) -> dt.date | None:
        """The day on screen; None when empty (and allowed). InputError naming the field
        when the text is no date, or the field is empty and a date is needed."""
        if not self.line.text().strip():
            if self.allow_empty:
                return None
            raise InputError(f"Enter the {self.what}.", field=self.field)
        return parse_uk_date(self.line.text(), self.what, self.field)

    def read_quietly(self) -> dt.date | None:
        """The day on screen, or None when empty or unreadable (the field says why)."""
        try:
            return self.value()
        except InputError:
            return None

    def date(self) -> QDate:
        return to_qdate(self.read_quietly())

    def minimumDate(self) -> QDate:  # noqa: N802 (QDateEdit's name)
        return QDate()

    # Writing ------------------------------------------------------------------------------

    def setDate(self, value: QDate | dt.date | str | None) -> None:  # noqa: N802
        """Show a day: a QDate, a date, an ISO date as stored; None or a null QDate empties."""
        if isinstance(value, QDate):
            value = from_qdate(value)
        elif isinstance(value, str):
            value = dt.date.fromisoformat(value) if value else None
        self.line.setText(format_date(value))
        self.finish()

    def _typed(self, text: str) -> None:
        """While typing: show the day understood so far, and no error yet."""
        day = self.read_quietly()
        self.day.setText(long_date(day) if day else "")
        self._announce(day)

    def finish(self) -> None:
        """Typing ended: write the day dd/mm/yyyy, or say why the text is no date."""
        try:
            day = self.value() if self.line.text().strip() else None
        except InputError as exc:
            self.line.setStyleSheet(error_style())
            self.line.setToolTip(str(exc))
            self.day.setText("")
            self._announce(None)
            self.problem.emit(str(exc))
            return
        self.line.setStyleSheet("")
        self.line.setToolTip(self._tip())
        if day and self.line.text() != format_date(day):
            self.line.setText(format_date(day))
        self.day.setText(long_date(day) if day else "")
        self._announce(day)
        self.problem.emit("")

    def _announce(self, day: dt.date | None) -> None:
        if day != self._understood:
            self._understood = day
            self.dateChanged.emit(to_qdate(day))

    # The calendar -------------------------------------------------------------------------

    def open_calendar(self) -> None:
        """Drop the calendar down at the day shown, or at today when there is none."""
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.calendar.clicked.connect(self._picked)
            self.popup.calendar.activated.connect(self._picked)
        self.popup.calendar.setSelectedDate(to_qdate(self.read_quietly() or dt.date.today()))
        self.popup.move(self.line.mapToGlobal(QPoint(0, self.line.height())))
        self.popup.show()
        self.popup.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        if self.popup is not None:
            self.popup.close()
        self.setDate(day)
        self.line.setFocus()

    def eventFilter(self, watched: object, event: object) -> bool:  # noqa: N802
        # A field left in a reference cycle has its attributes cleared by the cycle collector
        # before Qt deletes it, and events can still reach it then: they pass through.
        line = getattr(self, "line", None)
        if line is not None and watched is line and isinstance(event, QKeyEvent) and \
                event.type() == QKeyEvent.Type.KeyPress and (
                    event.key() == Qt.Key.Key_F4 or (
                        event.key() == Qt.Key.Key_Down and
                        event.modifiers() & Qt.KeyboardModifier.AltModifier)):
            self.open_calendar()
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]
