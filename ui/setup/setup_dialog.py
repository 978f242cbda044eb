"""Setting a partnership up in a minute: the force, then the partnership's districts from
the ONS lookup (names editable for councils changed since 2019), its name and county."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cspdesk.errors import CspdeskError
from cspdesk.setup.ons import county_name, districts_of, forces
from cspdesk.setup.partnership import (
    PartnershipChoice,
    SetupSummary,
    new_partnership_database,
)
from ui.widgets.colours import colour_text
from ui.widgets.dialog import Dialog

ONS_NAME = Qt.ItemDataRole.UserRole


class SetupDialog(Dialog):
    """Asks for the choices and, on Set up, creates the database at ``path`` with them."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.summary: SetupSummary | None = None
        self.setWindowTitle(self.tr("Set up a new partnership"))
        self.force = QComboBox()
        self.force.addItems([self.tr("Choose your police force…"), *forces()])
        self.districts = QListWidget()
        self.name = QLineEdit()
        self.county = QLineEdit()
        self.message = QLabel()
        self.message.setWordWrap(True)
        colour_text(self.message, "error")
        self._lay_out()
        self.force.currentIndexChanged.connect(self._force_chosen)
        self.districts.itemChanged.connect(self._suggest_name)

    def _lay_out(self) -> None:
        for widget, name, hint in (
                (self.force, self.tr("Police force"), self.tr(
                    "The force as police.uk names it: its files are imported for it.")),
                (self.districts, self.tr("The partnership's districts"), self.tr(
                    "Tick your partnership's districts. Double-click a name to change it to "
                    "the one police.uk uses now: councils formed since 2019 (Buckinghamshire, "
                    "North Northamptonshire, Cumberland, North Yorkshire, Somerset) are "
                    "listed under their 2019 names.")),
                (self.name, self.tr("Partnership name"), self.tr(
                    "Shown in the window's title and the committee report.")),
                (self.county, self.tr("County"), self.tr(
                    "The county council's area over the two-tier districts."))):
            widget.setAccessibleName(name)
            widget.setToolTip(hint)
            widget.setWhatsThis(hint)
        form = QFormLayout()
        form.addRow(self.tr("Police &force:"), self.force)
        form.addRow(self.tr("&Districts:"), self.districts)
        form.addRow(QLabel(self.tr(
            "Tick your districts; double-click a name police.uk now spells differently.")))
        form.addRow(self.tr("Partnership &name:"), self.name)
        form.addRow(self.tr("&County:"), self.county)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.set_up = buttons.addButton(self.tr("Set up"),
                                        QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        attribution = QLabel(self.tr(
            "District, CSP and force lookup: Office for National Statistics, December 2019 "
            "(Open Government Licence v3.0)."))
        attribution.setWordWrap(True)
        layout.addWidget(attribution)

    def choose_force(self, force: str) -> None:
        self.force.setCurrentIndex(self.force.findText(force))

    def _force_chosen(self, index: int) -> None:
        self.districts.blockSignals(True)
        self.districts.clear()
        if index > 0:
            force = self.force.currentText()
            for district in districts_of(force):
                item = QListWidgetItem(district.name)
                item.setData(ONS_NAME, district.name)
                item.setToolTip(self.tr("CSP in 2019: {csp}").format(csp=district.csp_name))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable
                              | Qt.ItemFlag.ItemIsEditable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.districts.addItem(item)
            self.county.setText(county_name(force))
        self.districts.blockSignals(False)
        self.name.clear()

    def tick(self, *names: str) -> None:
        for row in range(self.districts.count()):
            item = self.districts.item(row)
            if item.data(ONS_NAME) in names:
                item.setCheckState(Qt.CheckState.Checked)

    def _items(self) -> list[QListWidgetItem]:
        return [self.districts.item(r) for r in range(self.districts.count())]

    def _suggest_name(self) -> None:
        ticked = [i for i in self._items() if i.checkState() == Qt.CheckState.Checked]
        if ticked:
            names = " and ".join(i.text() for i in ticked)
            self.name.setPlaceholderText(names + " CSP")

    def choice(self) -> PartnershipChoice:
        ticked = [i for i in self._items() if i.checkState() == Qt.CheckState.Checked]
        renames = {i.data(ONS_NAME): i.text() for i in self._items()
                   if i.text().strip() and i.text() != i.data(ONS_NAME)}
        return PartnershipChoice(self.force.currentText() if self.force.currentIndex() else "",
                                 [i.data(ONS_NAME) for i in ticked],
                                 self.name.text() or self.name.placeholderText() or None,
                                 self.county.text(), renames)

    def accept(self) -> None:
        if self.force.currentIndex() <= 0:
            self.message.setText(self.tr("Choose your police force first."))
            self.force.setFocus()
            return
        try:
            self.summary = new_partnership_database(self.path, self.choice())
        except CspdeskError as exc:
            self.message.setText(str(exc))
            return
        super().accept()
