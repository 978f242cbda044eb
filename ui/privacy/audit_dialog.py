"""The Audit log window: every change made through cspdesk, filtered by kind of record,
user and dates, exported to Excel; History… is the same window on one record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cspdesk import audit
from cspdesk.privacy.audit_export import HEADERS, LogFilter, export_log, kind_choices, log_rows
from cspdesk.store.connection import Database
from ui.exports import XLSX, export_in_background
from ui.widgets.date_field import DateField
from ui.widgets.dialog import Dialog
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import fit_columns, make_table_view

COLUMNS = [Column(h, lambda r, n=n: r[n]) for n, h in enumerate(HEADERS)]


class AuditDialog(Dialog):
    """The log, newest first; ``kind`` and ``record_id`` fix it to one record."""

    def __init__(self, db: Database, parent: QWidget | None = None, kind: str | None = None,
                 record_id: int | None = None, what: str | None = None) -> None:
        super().__init__(parent)
        self.db, self.record_id = db, record_id
        self.setWindowTitle(self.tr("History of {what}").format(what=what) if what
                            else self.tr("Audit log"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("All kinds of record"), None)
        for words, table in kind_choices(db):
            self.kind.addItem(words[:1].upper() + words[1:], table)
        if kind is not None:
            if self.kind.findData(kind) < 0:  # a record with no entries yet
                words = audit.KINDS.get(kind, kind)
                self.kind.addItem(words[:1].upper() + words[1:], kind)
            self.kind.setCurrentIndex(self.kind.findData(kind))
            self.kind.setEnabled(record_id is None)
        self.user = QComboBox()
        self.user.addItem(self.tr("All users"), None)
        for name in audit.users(db):
            self.user.addItem(name, name)
        self.start = DateField(allow_empty=True, what="first day", show_day=False)
        self.end = DateField(allow_empty=True, what="last day", show_day=False)
        self.count = QLabel()
        self.model = RowsTableModel(COLUMNS, self)
        self.view = make_table_view(self.model, self)
        self._build()
        for combo in (self.kind, self.user):
            combo.currentIndexChanged.connect(self.refresh)
        for field in (self.start, self.end):
            field.dateChanged.connect(lambda *_: self.refresh())
        self.resize(1280, 600)
        self.refresh()

    def _build(self) -> None:
        filters = QHBoxLayout()
        for label, widget in ((self.tr("&Record:"), self.kind), (self.tr("&User:"), self.user),
                              (self.tr("&From:"), self.start), (self.tr("&To:"), self.end)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.export_button = QPushButton(self.tr("&Export to Excel…"))
        self.export_button.clicked.connect(self.export)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)

    def chosen(self) -> LogFilter:
        return LogFilter(self.kind.currentData(), self.record_id, self.user.currentData(),
                         self.start.read_quietly(), self.end.read_quietly())

    def refresh(self) -> None:
        rows = log_rows(self.db, self.chosen())
        self.model.set_rows(rows)
        fit_columns(self.view, max_width=200)  # Old and New stay in sight
        self.count.setText(self.tr("1 change shown.") if len(rows) == 1 else
                           self.tr("{n} changes shown.").format(n=f"{len(rows):,}") if rows
                           else self.tr("No changes match these choices."))

    def export(self) -> None:
        chosen = self.chosen()
        name = f"Audit log {dt.date.today():%Y-%m-%d}.xlsx"
        export_in_background(self, self.db, self.tr("Export the audit log"), name, XLSX,
                             lambda db, path: export_log(db, path, chosen, overwrite=True))


def open_audit_log(parent: QWidget, db: Database) -> None:
    AuditDialog(db, parent).exec()


def open_history(parent: QWidget, db: Database, kind: str, record_id: int, what: str) -> None:
    """History… : the log of one record (``kind`` is its table)."""
    AuditDialog(db, parent, kind, record_id, what).exec()


# What History… shows: the database, the record's table, its id and its name in words.
Chosen = tuple[Database | None, str, int | None, str] | None


def add_history(widget: QWidget, chosen: Callable[[], Chosen],
                text: str = "History…") -> QAction:
    """History… on ``widget``'s context menu (right-click, or the menu key): the log of the
    record ``chosen()`` names, nothing when none is chosen."""
    action = QAction(widget.tr(text), widget)

    def show() -> None:
        record = chosen()
        if record is not None and record[0] is not None and record[2] is not None:
            db, kind, record_id, what = record
            open_history(widget, db, kind, record_id, what)

    action.triggered.connect(show)
    widget.addAction(action)
    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return action
