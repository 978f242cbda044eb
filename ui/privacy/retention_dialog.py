"""The Retention window: how long each kind of personal record is kept (saved in the
database's settings), what is past it today, and Anonymise after a confirmation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cspdesk.errors import CspdeskError
from cspdesk.privacy.erasure import clean_free_pages
from cspdesk.privacy.retention import (
    RULES,
    anonymise_records,
    past_retention,
    set_years_kept,
    years_kept,
)
from cspdesk.store.connection import Database
from cspdesk.store.database import database_path
from ui.background import on_own_connection, run_in_background
from ui.widgets.dialog import Dialog


class RetentionDialog(Dialog):
    """``changed`` is true once something was anonymised or a period saved."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.changed = db, False
        self.setWindowTitle(self.tr("Retention"))
        self.spins: dict[str, QSpinBox] = {}
        form = QFormLayout()
        for rule in RULES:
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setSpecialValueText(self.tr("Kept for ever"))
            spin.valueChanged.connect(lambda n, s=spin: s.setSuffix(
                self.tr(" year") if n == 1 else self.tr(" years")))
            spin.setValue(years_kept(db, rule) or 0)
            spin.setSuffix(self.tr(" year") if spin.value() == 1 else self.tr(" years"))
            self.spins[rule.key] = spin
            form.addRow(self.tr(rule.label) + ":", spin)
        self.save_button = QPushButton(self.tr("&Save the periods"))
        self.save_button.clicked.connect(self.save_periods)
        self.due_list = QListWidget()
        self.anonymise_button = QPushButton(self.tr("&Anonymise…"))
        self.anonymise_button.clicked.connect(self.anonymise)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.anonymise_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Keep personal records for (0 keeps them for ever):")))
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(QLabel(self.tr("Past retention today:")))
        layout.addWidget(self.due_list, 1)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self.refresh()

    def refresh(self) -> None:
        self.due = past_retention(self.db)
        self.due_list.clear()
        self.due_list.addItems([d.words for d in self.due] or
                               [self.tr("Nothing: every kind of record is kept for ever.")])
        self.anonymise_button.setEnabled(any(d.ids for d in self.due))

    def save_periods(self) -> None:
        try:
            for rule in RULES:
                set_years_kept(self.db, rule, self.spins[rule.key].value() or None)
        except CspdeskError as exc:
            QMessageBox.warning(self, self.tr("Retention"), str(exc))
            return
        self.changed = True
        self.refresh()

    def anonymise(self) -> None:
        due = [d for d in self.due if d.ids]
        words = "\n".join([self.tr("Anonymise these records? This cannot be undone:")]
                          + [f"• {d.words}" for d in due])
        answer = QMessageBox.question(
            self, self.tr("Retention"), words,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        source = database_path(self.db)
        if source is None:
            return
        committed: list[int] = []  # once anonymised and committed: too late to cancel

        def job(worker_db: Database, progress: Callable[[int, int], None],
                cancelled: Callable[[], bool]) -> int:
            committed.append(anonymise_records(worker_db, due, progress, cancelled))
            clean_free_pages(worker_db)
            return committed[0]

        run_in_background(self, self.tr("Anonymising…"), on_own_connection(source, job),
                          self._anonymised, self._failed, self._stopped(committed))

    def _anonymised(self, done: int) -> None:
        self.changed = True
        QMessageBox.information(self, self.tr("Retention"), self.tr(
            "Anonymised {n} records past retention.").format(n=f"{done:,}"))
        self.refresh()

    def _failed(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Retention"), message + "\n\n" + self.tr(
            "Nothing was anonymised."))

    def _stopped(self, committed: list[int]) -> Callable[[], None]:
        def stopped() -> None:
            if committed:  # Cancel came after the commit: the records are anonymised
                self._anonymised(committed[0])
                return
            QMessageBox.information(self, self.tr("Retention"), self.tr(
                "Anonymising was cancelled; every record is as it was."))
        return stopped


def open_retention(parent: QWidget, db: Database) -> bool:
    """Show the window; True when it changed the database."""
    dialog = RetentionDialog(db, parent)
    dialog.exec()
    return dialog.changed
