"""The area tree and the measures, which the officer can edit for any force."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cspdesk.errors import InputError
from cspdesk.performance.areas import (
    LEVELS,
    add_area,
    add_measure,
    delete_area,
    level_heading,
    rename_measure,
    update_area,
)
from cspdesk.performance.measures import POLICE_UK, Measure, list_measures
from cspdesk.performance.totals import Area, area_tree
from cspdesk.store.connection import Database
from ui.privacy.audit_dialog import add_history
from ui.widgets.forms import Field, FormDialog
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view

MEASURE_COLUMNS = [
    Column("Measure", lambda m: m.name),
    Column("Filled by", lambda m: "police.uk import" if m.source == POLICE_UK else "hand"),
    Column("Description", lambda m: m.description),
]


class AreasPage(QWidget):
    """``changed`` is emitted after the tree or the measures change."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.areas: list[Area] = []
        self.tree_model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.doubleClicked.connect(lambda _index: self.edit_area())
        self.measures = RowsTableModel(MEASURE_COLUMNS, self)
        self.measures_view = make_table_view(self.measures, self)
        self.measures_view.doubleClicked.connect(lambda _index: self.rename_measure())
        add_history(self.tree, lambda: (self.db, "areas", a.id, a.name)
                    if (a := self._selected_area()) else None)
        add_history(self.measures_view, lambda: (self.db, "measures", m.id, m.name)
                    if (m := self._selected_measure()) else None)
        self._build()

    def _build(self) -> None:
        note = QLabel(self.tr(
            "Name each district exactly as its local authority appears in police.uk LSOA names "
            "(\"Newark and Sherwood\", \"Derbyshire Dales\"): imports match on it. CSP, county "
            "and city figures are the sums of their districts; the force's own figure also "
            "counts records with no location."))
        note.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._panel(self.tr("Areas"), self.tree, [
            (self.tr("Add area…"), self.add_area), (self.tr("Edit…"), self.edit_area),
            (self.tr("Delete"), self.delete_area)]))
        split.addWidget(self._panel(self.tr("Measures"), self.measures_view, [
            (self.tr("Add measure…"), self.add_measure),
            (self.tr("Rename…"), self.rename_measure)]))
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(split, 1)

    @staticmethod
    def _panel(title: str, view: QWidget, buttons: list[tuple[str, Any]]) -> QWidget:
        panel = QWidget()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(f"<b>{title}</b>"))
        bar.addStretch(1)
        for text, slot in buttons:
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(view)
        return panel

    def set_database(self, db: Database | None) -> None:
        self.db = db
        self.refresh()

    def refresh(self) -> None:
        if self.db is None:
            return
        self.areas = area_tree(self.db)
        self.tree_model.clear()
        self.tree_model.setHorizontalHeaderLabels([self.tr("Area"), self.tr("Level"),
                                                   self.tr("Short name")])
        items: dict[int, QStandardItem] = {}
        for area in self.areas:
            row = [QStandardItem(area.name), QStandardItem(level_heading(area.level)),
                   QStandardItem(area.short_name or "")]
            row[0].setData(area.id, Qt.ItemDataRole.UserRole)
            parent = items.get(area.parent_id) if area.parent_id else None
            (parent or self.tree_model.invisibleRootItem()).appendRow(row)
            items[area.id] = row[0]
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.measures.set_rows(list_measures(self.db))
        fit_columns(self.measures_view)

    def _selected_area(self) -> Area | None:
        index = self.tree.currentIndex().siblingAtColumn(0)
        area_id = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        return next((a for a in self.areas if a.id == area_id), None)

    def _area_choices(self, exclude: int | None = None) -> list[tuple[str, Any]]:
        return [("(none: the top of the tree)", None)] + [
            ("    " * a.depth + a.name, a.id) for a in self.areas if a.id != exclude]

    def add_area(self) -> None:
        if self.db is None:
            return
        chosen = self._selected_area()
        fields = [Field("name", "Name", required=True), Field("short_name", "Short name"),
                  Field("level", "Level", "choice", [(level_heading(k), k) for k in LEVELS]),
                  Field("parent_id", "Within", "choice", self._area_choices())]
        values = {"level": "district", "parent_id": chosen.id if chosen else None}
        db = self.db
        self._run(FormDialog(self.tr("Add an area"), fields, values, lambda v: add_area(
            db, v["name"], v["level"], v["parent_id"], v["short_name"] or None), self))

    def edit_area(self) -> None:
        area = self._selected_area()
        if self.db is None or area is None:
            return
        fields = [Field("name", "Name", required=True), Field("short_name", "Short name"),
                  Field("parent_id", "Within", "choice", self._area_choices(area.id))]
        values = {"name": area.name, "short_name": area.short_name, "parent_id": area.parent_id}
        db = self.db
        self._run(FormDialog(self.tr("Edit area"), fields, values, lambda v: update_area(
            db, area.id, v["name"], v["short_name"] or "", v["parent_id"]), self))

    def delete_area(self) -> None:
        area = self._selected_area()
        if self.db is None or area is None:
            return
        try:
            delete_area(self.db, area.id)
        except InputError as exc:
            QMessageBox.warning(self, self.tr("Area not deleted"), str(exc))
            return
        self.refresh()
        self.changed.emit()

    def add_measure(self) -> None:
        if self.db is None:
            return
        fields = [Field("name", "Name", required=True,
                        placeholder="e.g. Domestic abuse crimes"),
                  Field("description", "Description", "multiline")]
        db = self.db
        self._run(FormDialog(self.tr("Add a measure filled by hand"), fields, {}, lambda v:
                             add_measure(db, v["name"], v["description"] or None), self))

    def _selected_measure(self) -> Measure | None:
        index = self.measures_view.currentIndex()
        if not index.isValid():
            return None
        return self.measures.row_at(
            self.measures_view.model().mapToSource(index).row())  # type: ignore[attr-defined]

    def rename_measure(self) -> None:
        measure = self._selected_measure()
        if self.db is None or measure is None:
            return
        db = self.db
        self._run(FormDialog(self.tr("Rename measure"), [Field("name", "Name", required=True)],
                             {"name": measure.name},
                             lambda v: rename_measure(db, measure.id, v["name"]), self))

    def _run(self, dialog: FormDialog) -> None:
        if dialog.exec():
            self.refresh()
            self.changed.emit()
