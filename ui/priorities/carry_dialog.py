"""Starting a register: next year's from this year's (tick the priorities to carry forward),
or an empty one for a year the officer names."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cspdesk.dates import financial_year_of, next_financial_year, parse_financial_year
from cspdesk.errors import InputError
from cspdesk.priorities.history import carried_into, carry_forward
from cspdesk.priorities.priorities import list_priorities
from cspdesk.store.connection import Database
from ui.widgets.colours import colour_text
from ui.widgets.dialog import Dialog


def ask_register_year(parent: QWidget) -> str | None:
    """The financial year of a register to start ("2024/25"), next year or this offered
    first; None when the officer cancels or writes something that is not one (said)."""
    today = financial_year_of(dt.date.today())
    offered = [next_financial_year(today), today]
    text, ok = QInputDialog.getItem(parent, parent.tr("Start a register"),
                                    parent.tr("Financial year (written like 2024/25):"),
                                    offered, 0, True)
    if not ok:
        return None
    try:
        return parse_financial_year(text)
    except InputError as exc:
        QMessageBox.warning(parent, parent.tr("Start a register"), str(exc))
        return None


class CarryForwardDialog(Dialog):
    """After it is accepted, ``new_ids`` holds the copies made, in order."""

    def __init__(self, db: Database, from_year: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.from_year = db, from_year
        self.to_year = next_financial_year(from_year)
        self.new_ids: list[int] = []
        self.setWindowTitle(self.tr("Start the {year} register").format(year=self.to_year))
        self.setMinimumWidth(520)
        intro = QLabel(self.tr(
            "Tick the priorities of {old} to carry into {new}. Each is copied with its "
            "evidence, current structure, local concerns, leads and measures, as proposed, "
            "for the JSG to agree again; edit them afterwards. Retired ones start unticked."
        ).format(old=from_year, new=self.to_year))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self._fill()
        self.error = QLabel()
        colour_text(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        ticks = QHBoxLayout()
        for text, state in ((self.tr("Tick all"), Qt.CheckState.Checked),
                            (self.tr("Tick none"), Qt.CheckState.Unchecked)):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=state: self.tick_all(s))
            ticks.addWidget(button)
        ticks.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.tr("Carry forward"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.try_carry)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.list):
            layout.addWidget(widget)
        layout.addLayout(ticks)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _fill(self) -> None:
        done = carried_into(self.db, self.to_year)
        for p in list_priorities(self.db, self.from_year):
            text = f"{p.position}. {p.title} ({p.status})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            if p.id in done:
                item.setText(text + self.tr(" — already in {year}").format(year=self.to_year))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(Qt.CheckState.Unchecked)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                retired = p.status == "retired"
                item.setCheckState(Qt.CheckState.Unchecked if retired else
                                   Qt.CheckState.Checked)
            self.list.addItem(item)

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(n) for n in range(self.list.count())]

    def tick_all(self, state: Qt.CheckState) -> None:
        for item in self.items():
            if item.flags() & Qt.ItemFlag.ItemIsEnabled:
                item.setCheckState(state)

    def ticked_ids(self) -> list[int]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.items()
                if item.checkState() == Qt.CheckState.Checked]

    def try_carry(self) -> None:
        try:
            self.new_ids = carry_forward(self.db, self.from_year, self.ticked_ids(),
                                         self.to_year)
        except InputError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()
