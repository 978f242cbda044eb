"""The Priorities tab: the year's priority register, a list beside the chosen priority's form.

The list is put in order by dragging or with Ctrl+Up / Ctrl+Down; the search looks through
every text of the register; next year's register starts from this year's; the register
exports to Excel in the committee report's layout. Unsaved edits are never dropped
silently: changing priority, year or database, or closing the window, asks first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cspdesk.errors import InputError
from cspdesk.priorities.links import measure_changes
from cspdesk.priorities.priorities import (
    delete_priority,
    financial_years,
    list_priorities,
    reorder_priorities,
    search_priorities,
)
from cspdesk.store.connection import Database
from ui.exports import XLSX, export_in_background, when_used
from ui.priorities.list_view import PriorityListModel, PriorityListView
from ui.priorities.panel import PriorityPanel
from ui.privacy.audit_dialog import add_history
from ui.widgets.choosers import refill_combo
from ui.widgets.tab import Tab

# Loaded with openpyxl when the officer first exports, not when the window opens; the
# printed register and the carry-forward dialog when first used.
export_register_xlsx = when_used("cspdesk.priorities.exports:export_register_xlsx")
priority_register_document = when_used("cspdesk.reports.prints:priority_register_document")
CarryForwardDialog = when_used("ui.priorities.carry_dialog:CarryForwardDialog")
ask_register_year = when_used("ui.priorities.carry_dialog:ask_register_year")

OTHER_YEAR = "other"  # the year chooser's last item: start a register for another year


class PrioritiesTab(Tab):
    title = "Priorities"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("No priority register yet"),
            self.tr("This database holds no priorities. The Joint Strategic Group's "
                    "priorities for each financial year, with their evidence, current "
                    "structure and local concerns, appear here once they are recorded."),
            parent, empty_action=self.tr("Start a register…"))
        self._pending_year: str | None = None  # a year started here, with nothing saved yet
        self._shown_year: str | None = None
        self._selecting = False
        self.year = QComboBox()
        self.year.currentIndexChanged.connect(self._year_chosen)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search all text (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._reload_list)
        self.all_years = QCheckBox(self.tr("All years"))
        self.all_years.toggled.connect(self._reload_list)
        self.count_label = QLabel()
        self.model = PriorityListModel(self)
        self.model.order_changed.connect(self._save_order)
        self.list = PriorityListView()
        self.list.setModel(self.model)
        self.list.selectionModel().currentRowChanged.connect(self._current_changed)
        add_history(self.list, lambda: (self.db, "priorities", p.id, p.title)
                    if (i := self.list.currentIndex()).isValid()
                    and (p := self.model.row_at(i.row())) else None)
        self.panel = PriorityPanel()
        self.panel.saved.connect(self._saved)
        self.buttons: dict[str, QPushButton] = {}
        self._build()
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.empty_state.action_clicked.connect(self.start_register)

    def _button(self, key: str, text: str, slot: Any, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        self.buttons[key] = button
        return button

    def _build(self) -> None:
        bar = self._top_bar()
        edits = self._edit_buttons()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.count_label)
        column.addWidget(self.list, 1)
        column.addLayout(edits)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setSizes([290, 1060])
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

    def _top_bar(self) -> QHBoxLayout:
        """The year, the search and the buttons for the whole register."""
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Financial year:")))
        bar.addWidget(self.year)
        bar.addSpacing(12)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.all_years)
        bar.addStretch(0)
        bar.addWidget(self._button("carry", self.tr("Start next year's register…"),
                                   self.carry_forward, self.tr(
                                       "Copy all or some of this year's priorities into "
                                       "next year's register")))
        bar.addWidget(self._button("export", self.tr("Export to Excel…"), self.export,
                                   self.tr("The register in the committee report's layout, "
                                           "and every field on a second sheet")))
        return bar

    def _edit_buttons(self) -> QHBoxLayout:
        """New and Delete under the list, and the buttons that move a priority."""
        edits = QHBoxLayout()
        edits.addWidget(self._button("new", self.tr("New priority"), self.new_priority))
        edits.addWidget(self._button("delete", self.tr("Delete…"), self.delete_priority))
        edits.addStretch(1)
        edits.addWidget(self._button("up", "▲", lambda: self.list.move_current(-1),
                                     self.tr("Move up (Ctrl+Up); or drag")))
        edits.addWidget(self._button("down", "▼", lambda: self.list.move_current(1),
                                     self.tr("Move down (Ctrl+Down); or drag")))
        for key in ("up", "down"):
            self.buttons[key].setMaximumWidth(44)
        return edits

    # Loading -----------------------------------------------------------------------------

    def set_database(self, db: Database | None, load: bool = True) -> None:
        if db is not self.db:
            self._pending_year = None
            self._shown_year = None
            self.panel.show_priority(db, None, None)  # edits of another database are gone
        super().set_database(db, load)

    def load(self) -> bool:
        assert self.db is not None
        years = self._fill_years()
        if self.panel.dirty:
            self._reload_list()
            self.panel.reload_links()
        else:
            self._show_year(keep=self.panel.priority_id)
        return bool(years)

    def _fill_years(self, choose: str | None = None) -> list[str]:
        assert self.db is not None
        years = set(financial_years(self.db))
        if self._pending_year in years:
            self._pending_year = None
        ordered = sorted(years | ({self._pending_year} if self._pending_year else set()),
                         reverse=True)
        refill_combo(self.year, [(y, y) for y in ordered] +
                     [(self.tr("Another year…"), OTHER_YEAR)])
        if choose is None and self.year.currentData() == OTHER_YEAR and ordered:
            choose = ordered[0]  # a real year whenever there is one
        if choose is not None:
            self.year.blockSignals(True)
            self.year.setCurrentIndex(max(self.year.findData(choose), 0))
            self.year.blockSignals(False)
        self._shown_year = self.current_year()
        return ordered

    def current_year(self) -> str | None:
        data = self.year.currentData()
        return None if data == OTHER_YEAR else data

    def _show_year(self, keep: int | None = None) -> None:
        """Show the chosen year's list, and in the panel ``keep`` if it is in that year,
        else the year's first priority (a blank form for a year with none)."""
        self._reload_list()
        rows = self.model.all_rows()
        searching = bool(self.search.text().strip())
        if keep is not None and (searching or self.model.row_of(keep) >= 0):
            self._show(keep)
        else:
            self._show(rows[0].id if rows and not searching else None)

    def _reload_list(self) -> None:
        year = self.current_year()
        text = self.search.text().strip()
        if self.db is None or year is None:
            self.model.show_register([])
        elif text:
            hits = search_priorities(self.db, text, None if self.all_years.isChecked() else year)
            self.model.show_hits([h.priority for h in hits],
                                 {h.priority.id: h.fields for h in hits})
        else:
            self.model.show_register(list_priorities(self.db, year))
        self._update_counts(year, text)
        self._select(self.panel.priority_id)

    def _update_counts(self, year: str | None, text: str) -> None:
        rows = self.model.all_rows()
        if text:
            self.count_label.setText(self.tr("{n} found").format(n=len(rows)))
        else:
            agreed = sum(1 for p in rows if p.status == "agreed")
            self.count_label.setText(self.tr("{n} priorities, {agreed} agreed").format(
                n=len(rows), agreed=agreed))
        movable = not text and len(rows) > 1
        for key in ("up", "down"):
            self.buttons[key].setEnabled(movable)
        self.buttons["carry"].setEnabled(not text and bool(rows))
        self.buttons["export"].setEnabled(bool(rows) or bool(text))
        self.buttons["new"].setEnabled(year is not None)

    def _select(self, priority_id: int | None) -> None:
        """Mark ``priority_id`` in the list (if shown) without acting on the change."""
        row = self.model.row_of(priority_id)
        selection = self.list.selectionModel()
        self._selecting = True
        try:
            if row < 0:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
            else:
                index = self.model.index(row, 0)
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                self.list.scrollTo(index)
        finally:
            self._selecting = False

    def _show(self, priority_id: int | None) -> None:
        self.panel.show_priority(self.db, priority_id, self.current_year())
        self._select(priority_id)

    # Choosing ----------------------------------------------------------------------------

    def save_edits(self) -> str:
        """Ctrl+S: save the priority in the form."""
        if self.db is None or not self.panel.save_button.isEnabled():
            return self.tr("Nothing to save: this priority has no unsaved changes.")
        if not self.panel.save():
            return self.tr("The priority was not saved: the form says why.")
        return self.tr("Saved the priority '{title}'.").format(
            title=self.panel.form.title.text())

    def confirm_leave(self) -> bool:
        """Before the window closes (or the tab shows something else): save, discard or
        stay with the unsaved edits of the priority. True when it may go on."""
        return self.panel.confirm_leave()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        chosen = self.model.row_at(current.row()).id
        if chosen == self.panel.priority_id:
            return
        if not self.panel.confirm_leave():
            self._select(self.panel.priority_id)  # stay on the priority being edited
            return
        self._show(chosen)

    def _year_chosen(self) -> None:
        if self.year.currentData() == OTHER_YEAR:
            self._back_to_year(self._shown_year)
            self.start_register()
            return
        if self.current_year() == self._shown_year:
            return
        if not self.panel.confirm_leave():
            self._back_to_year(self._shown_year)
            return
        self._shown_year = self.current_year()
        self._show_year()

    def _back_to_year(self, year: str | None) -> None:
        self.year.blockSignals(True)
        self.year.setCurrentIndex(max(self.year.findData(year), 0))
        self.year.blockSignals(False)

    # Writing -----------------------------------------------------------------------------

    def _saved(self, priority_id: int) -> None:
        self._fill_years(choose=self.current_year())
        self._reload_list()
        self._select(priority_id)
        self.data_changed.emit()

    def _save_order(self) -> None:
        year = self.current_year()
        if self.db is None or year is None:
            return
        try:
            reorder_priorities(self.db, year, [p.id for p in self.model.all_rows()])
        except InputError as exc:
            QMessageBox.warning(self, self.tr("Order not saved"), str(exc))
        self._reload_list()
        self.panel.refresh_heading()
        self.data_changed.emit()

    def new_priority(self) -> None:
        year = self.current_year()
        if self.db is None or year is None or not self.panel.confirm_leave():
            return
        if self.search.text():
            self.search.clear()
        self._show(None)
        self.panel.pages.setCurrentIndex(0)
        self.panel.form.title.setFocus()

    def delete_priority(self) -> None:
        priority_id = self.panel.priority_id
        if self.db is None or priority_id is None:
            self.panel.revert()
            return
        title = self.panel.form.values()["title"] or self.tr("this priority")
        answer = QMessageBox.question(
            self, self.tr("Delete priority"),
            self.tr("Delete “{title}” from the register? Actions linked to it stay, "
                    "unlinked. This cannot be undone.").format(title=title))
        if answer != QMessageBox.StandardButton.Yes:
            return
        delete_priority(self.db, priority_id)
        self.panel.show_priority(self.db, None, None)
        self._fill_years(choose=self.current_year())
        self._show_year()
        self.data_changed.emit()

    def start_register(self) -> None:
        """Start a register for a year of the officer's choosing (an empty one)."""
        if self.db is None or not self.panel.confirm_leave():
            return
        year = ask_register_year(self)
        if year is None:
            return
        self._pending_year = year
        self.search.clear()
        self._fill_years(choose=year)
        self.show_content()
        self._show_year()

    def carry_forward(self) -> None:
        year = self.current_year()
        if self.db is None or year is None or not self.panel.confirm_leave():
            return
        dialog = CarryForwardDialog(self.db, year, self)
        if not dialog.exec():
            return
        self._fill_years(choose=dialog.to_year)
        self._show_year()
        self._show(dialog.new_ids[0] if dialog.new_ids else None)
        self.data_changed.emit()

    def export(self) -> None:
        year = self.current_year()
        if self.db is None or year is None or not self.panel.confirm_leave():
            return
        export_in_background(
            self, self.db, self.tr("Priority register"),
            f"Priority register {year.replace('/', '-')}.xlsx", XLSX,
            lambda db, path: export_register_xlsx(db, year, path, overwrite=True))

    def sub_pages(self) -> list[tuple[str, Any]]:
        def links() -> None:
            linked = next((p.id for p in self.model.all_rows() if p.measure_ids and any(
                m.change_pct is not None for m in measure_changes(self.db, p.id))), None)
            if linked is not None and not self.panel.dirty:
                self._show(linked)
            self.panel.pages.setCurrentWidget(self.panel.links)

        return [("links", links),
                ("history", lambda: self.panel.pages.setCurrentWidget(self.panel.history))]

    def print_choices(self) -> list[tuple[str, Any]]:
        """The year's register in the committee report's four columns (as saved)."""
        year = self.current_year()
        if self.db is None or year is None:
            return []
        db = self.db
        return [(f"The {year} priority register",
                 lambda: priority_register_document(db, year))]
