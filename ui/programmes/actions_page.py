"""A programme's actions: filtered by district and priority, with RAG, history and spend."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cspdesk.programmes.actions import delete_action
from cspdesk.programmes.programmes import (
    ActionRow,
    Programme,
    district_choices,
    list_actions,
    priority_choices,
)
from cspdesk.store.connection import Database
from ui.privacy.audit_dialog import open_history
from ui.programmes.action_detail import ActionDetail
from ui.programmes.dialogs import SpendDialog, action_dialog, rag_dialog, update_dialog
from ui.programmes.models import MONEY_COLUMNS, ActionsModel
from ui.widgets.choosers import refill_combo
from ui.widgets.forms import FormDialog
from ui.widgets.table_view import fit_columns, make_table_view

OTHER_COLUMNS_WIDTH = 140  # pixels at most for each column but the title


class ActionsPage(QWidget):
    """``changed`` after any write; ``export_tracker_requested`` and ``return_requested``
    when the user asks for an export (the tab runs it)."""

    changed = Signal()
    export_tracker_requested = Signal()
    return_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.programme: Programme | None = None
        self.as_at = dt.date.today()
        self.district = QComboBox()
        self.priority = QComboBox()
        self.priority.setMinimumContentsLength(20)
        for combo in (self.district, self.priority):
            combo.currentIndexChanged.connect(self.refresh)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.model = ActionsModel(self)
        self.view = make_table_view(self.model, self, stretch=2)  # the action's title
        # Titles are read whole at 1366x768: two lines each, the title taking the width the
        # other columns leave (they wrap too, and a longer text is in the tooltip).
        self.view.setWordWrap(True)
        lines = self.view.fontMetrics().lineSpacing()
        self.view.verticalHeader().setDefaultSectionSize(2 * lines + 8)
        self.view.selectionModel().currentRowChanged.connect(self._show_current)
        self.view.doubleClicked.connect(lambda _index: self.edit_action())
        # History… is on the grid's context menu: the row of buttons fills a small screen.
        self.history_action = QAction(self.tr("History…"), self.view)
        self.history_action.triggered.connect(self.show_history)
        self.view.addAction(self.history_action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.detail = ActionDetail()
        self.buttons: dict[str, QPushButton] = {}
        self._build()

    def _build(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("District:")))
        filters.addWidget(self.district)
        filters.addWidget(QLabel(self.tr("Priority:")))
        filters.addWidget(self.priority)
        filters.addWidget(self.counts, 1)
        actions = QHBoxLayout()
        for key, text, slot in (
                ("add", self.tr("Add action…"), self.add_action),
                ("edit", self.tr("Edit…"), self.edit_action),
                ("delete", self.tr("Delete"), self.delete_action),
                ("update", self.tr("Progress update…"), self.add_update),
                ("spend", self.tr("Record spend…"), self.record_spend),
                ("rag", self.tr("Set RAG…"), self.set_rag)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[key] = button
            actions.addWidget(button)
            if key in ("delete", "rag"):
                actions.addSpacing(12)
        actions.addWidget(self._export_button())
        actions.addStretch(1)
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.view)
        column.addLayout(actions)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def _export_button(self) -> QToolButton:
        """One button for both workbooks, so the row fits a small screen."""
        menu = QMenu(self)
        self.export_actions = {
            "tracker": menu.addAction(self.tr("Action tracker for partners (.xlsx)…")),
            "return": menu.addAction(self.tr("Quarterly monitoring return (.xlsx)…"))}
        self.export_actions["tracker"].triggered.connect(self.export_tracker_requested)
        self.export_actions["return"].triggered.connect(self.return_requested)
        button = QToolButton()
        button.setText(self.tr("Export"))
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def set_programme(self, db: Database | None, programme: Programme | None,
                      as_at: dt.date) -> None:
        """Show ``programme``'s actions with their RAG on ``as_at``; the filters stay."""
        self.db, self.programme, self.as_at = db, programme, as_at
        if db is not None:
            refill_combo(self.district, [(self.tr("All districts"), None),
                                         *district_choices(db),
                                         (self.tr("Joint actions (no one district)"), 0)])
            refill_combo(self.priority, [(self.tr("All priorities"), None),
                                         *priority_choices(db),
                                         (self.tr("Not linked to a priority"), 0)])
        funded = programme is not None and programme.kind == "funded"
        for column in MONEY_COLUMNS:  # an action plan has no money
            self.view.setColumnHidden(column, not funded)
        self.detail.money.setVisible(funded)
        self.buttons["spend"].setEnabled(funded)
        self.export_actions["return"].setEnabled(funded)
        self.refresh()

    def refresh(self) -> None:
        if self.db is None or self.programme is None:
            self.model.set_rows([])
            self.detail.show_action(None, None)
            return
        shown = self.selected()
        actions = list_actions(self.db, self.programme.id, self.district.currentData(),
                               self.priority.currentData(), self.as_at)
        self.model.set_rows(actions)
        rag = {c: sum(1 for a in actions if a.rag.colour == c) for c in ("red", "amber",
                                                                         "green")}
        self.counts.setText(self.tr("{n} actions: {red} red, {amber} amber, {green} green "
                                    "(as at {day})").format(
            n=len(actions), day=self.as_at.strftime("%d/%m/%Y"), **rag))
        fit_columns(self.view, max_width=OTHER_COLUMNS_WIDTH)
        self.select_action(shown.id if shown else (actions[0].id if actions else None))

    def selected(self) -> ActionRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        source = self.view.model().mapToSource(index)  # type: ignore[attr-defined]
        return self.model.row_at(source.row())

    def select_action(self, action_id: int | None) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == action_id:
                index = self.view.model().mapFromSource(  # type: ignore[attr-defined]
                    self.model.index(row, 0))
                self.view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect |
                    QItemSelectionModel.SelectionFlag.Rows)
                self.view.scrollTo(index)
                return
        self.view.clearSelection()
        self.view.setCurrentIndex(self.view.model().index(-1, -1))
        self.detail.show_action(None, None)

    def _show_current(self) -> None:
        self.detail.show_action(self.db, self.selected())

    # Writing -----------------------------------------------------------------------------

    def _run(self, dialog: FormDialog) -> bool:
        """Show a form; after a save, refresh, select what was saved and announce it."""
        if not dialog.exec():
            return False
        self.refresh()
        if isinstance(dialog.saved_id, int):
            self.select_action(dialog.saved_id)
        self.changed.emit()
        return True

    def add_action(self) -> None:
        if self.db is not None and self.programme is not None:
            self._run(action_dialog(self.db, self, self.programme))

    def edit_action(self) -> None:
        action = self.selected()
        if self.db is not None and self.programme is not None and action is not None:
            self._run(action_dialog(self.db, self, self.programme, action))

    def delete_action(self) -> None:
        action = self.selected()
        if self.db is None or action is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete action"),
            self.tr("Delete '{title}' with its spend and progress updates? This cannot be "
                    "undone.").format(title=action.title))
        if answer == QMessageBox.StandardButton.Yes:
            delete_action(self.db, action.id)
            self.refresh()
            self.changed.emit()

    def add_update(self) -> None:
        action = self.selected()
        if self.db is not None and action is not None and \
                update_dialog(self.db, self, action).exec():
            self.refresh()
            self.select_action(action.id)
            self.changed.emit()

    def record_spend(self) -> None:
        action = self.selected()
        if self.db is not None and self.programme is not None and action is not None:
            self._run(SpendDialog(self.db, self, self.programme, action, self.as_at))

    def set_rag(self) -> None:
        action = self.selected()
        if self.db is not None and action is not None:
            self._run(rag_dialog(self.db, self, action))

    def show_history(self) -> None:
        action = self.selected()
        if self.db is not None and action is not None:
            open_history(self, self.db, "actions", action.id, action.title)
