"""The chosen priority: its register entry (the form), its links and its history, with
Save and Revert. Unsaved edits are never lost silently: ``confirm_leave`` asks first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cspdesk.errors import InputError
from cspdesk.priorities.priorities import get_priority, partnership_districts, save_priority
from cspdesk.store.connection import Database
from ui.priorities.form import PriorityForm, values_of
from ui.priorities.history_page import HistoryPage
from ui.priorities.links_page import LinksPage
from ui.widgets.colours import colour_text
from ui.widgets.forms import ask_to_save


class PriorityPanel(QWidget):
    """``saved`` (the priority's id) is emitted after a save; ``dirty_changed`` when the
    form gains or loses unsaved edits."""

    saved = Signal(int)
    dirty_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.priority_id: int | None = None
        self.financial_year: str | None = None
        self._loaded: dict[str, Any] = {}
        self._dirty = False
        self.heading = QLabel()
        self.links_line = QLabel()
        self.links_line.setWordWrap(True)
        self.unsaved = QLabel(self.tr("Unsaved changes"))
        colour_text(self.unsaved, "warning")
        bold = self.unsaved.font()
        bold.setBold(True)
        self.unsaved.setFont(bold)
        self.unsaved.hide()
        self.general_error = QLabel()
        colour_text(self.general_error, "error")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.form = PriorityForm()
        self.form.changed.connect(self._update_dirty)
        self.links = LinksPage()
        self.history = HistoryPage()
        self.pages = QTabWidget()
        scroll = QScrollArea()  # a small window scrolls the form rather than squash it
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.pages.addTab(scroll, self.tr("Register entry"))
        self.pages.addTab(self.links, self.tr("Measures and actions"))
        self.pages.addTab(self.history, self.tr("History"))
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setToolTip(self.tr("Save this priority (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.setToolTip(self.tr("Undo every unsaved edit of this priority"))
        self.revert_button.clicked.connect(self.revert)
        self._build()
        self._update_dirty()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.unsaved)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.links_line)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)

    # Showing ------------------------------------------------------------------------------

    def show_priority(self, db: Database | None, priority_id: int | None,
                      financial_year: str | None) -> None:
        """Show a saved priority, or (``priority_id`` None) a blank one for the year."""
        self.db, self.priority_id = db, priority_id
        priority = get_priority(db, priority_id) if db and priority_id else None
        if priority is None:
            self.priority_id = None
        self.financial_year = priority.financial_year if priority else financial_year
        self.setEnabled(db is not None and self.financial_year is not None)
        if db is not None:
            self.form.set_choices(db, priority)
        values = values_of(priority)
        if priority is None and db is not None:
            values["districts"] = partnership_districts(db)
        self.form.fill(values)
        self._loaded = self.form.values()
        self._show_heading(priority)
        self.links_line.setText(self.links.show_priority(db, self.priority_id))
        self.history.show_priority(db, self.priority_id)
        self.general_error.hide()
        self._update_dirty()

    def _show_heading(self, priority: Any) -> None:
        if priority is not None:
            text = self.tr("<b>{year}</b> register · priority {n}").format(
                year=priority.financial_year, n=priority.position)
        elif self.financial_year:
            text = self.tr("<b>New priority</b> for the {year} register").format(
                year=self.financial_year)
        else:
            text = ""
        self.heading.setText(text)

    def refresh_heading(self) -> None:
        """Show the priority's place again (after the register was put in a new order)."""
        self._show_heading(get_priority(self.db, self.priority_id)
                           if self.db and self.priority_id else None)

    def reload_links(self) -> None:
        """Show links and history again (another tab may have changed them)."""
        self.links_line.setText(self.links.show_priority(self.db, self.priority_id))
        self.history.show_priority(self.db, self.priority_id)

    # Editing ------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _update_dirty(self) -> None:
        dirty = self.financial_year is not None and self.form.values() != self._loaded
        self.save_button.setEnabled(dirty or self.priority_id is None)
        self.revert_button.setEnabled(dirty)
        self.unsaved.setVisible(dirty)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def revert(self) -> None:
        """Put back the values as they were loaded or last saved."""
        self.form.fill(self._loaded)
        self.general_error.hide()
        self._update_dirty()

    def save(self) -> bool:
        """Save the form; on a refusal show it at the field and return False."""
        if self.db is None or self.financial_year is None:
            return False
        values = {**self.form.values(), "financial_year": self.financial_year}
        try:
            saved = save_priority(self.db, values, self.priority_id)
        except InputError as exc:
            self.show_error(str(exc), exc.field)
            return False
        self.show_priority(self.db, saved, self.financial_year)
        self.saved.emit(saved)
        return True

    def show_error(self, message: str, field: str | None) -> None:
        self.general_error.hide()
        if self.form.show_error(message, field):
            self.pages.setCurrentIndex(0)
        else:
            self.general_error.setText(message)
            self.general_error.show()

    def confirm_leave(self) -> bool:
        """Before the form shows something else or the window closes: save, discard or
        stay. True when it may go on."""
        if not self.dirty:
            return True
        return ask_to_save(self, self.tr("Unsaved priority"), self.tr(
            "This priority has unsaved changes. Save them?"), self.save, self.revert)
