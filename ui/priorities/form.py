"""The form of one priority: every field of the register, the long texts side by side as in
the committee report's table, each refusal of the core shown under its field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cspdesk.meetings.structure import list_organisations
from cspdesk.priorities.links import measure_choices
from cspdesk.priorities.priorities import (
    BASES,
    PCP_COVERAGE,
    STATUSES,
    Priority,
    agreed_meeting_choices,
    partnership_districts,
)
from cspdesk.store.connection import Database
from ui.widgets.colours import colour_text
from ui.widgets.forms import date_edit, date_for_saving
from ui.widgets.whats_this import explain

BASIS_WORDS = {"strategic assessment": "Strategic assessment (the evidence)",
               "local determination": "Local determination (raised by members, communities)",
               "statutory duty": "Statutory duty (e.g. the Serious Violence Duty)"}
PCP_WORDS = {"named": "Named", "covered under a heading": "Under a heading",
             "not mentioned": "Not mentioned"}
LONG_TEXTS = (("evidence", "Evidence"), ("current_structure", "Current structure"),
              ("local_concerns", "Local concerns and response"))


def _combo(items: list[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    for text, data in items:
        combo.addItem(text, data)
    return combo


def _refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    combo.blockSignals(False)


class PriorityForm(QWidget):
    """Edits one priority's values; ``changed`` is emitted on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._building = False
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("The priority's title, e.g. Burglary"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title.setFont(font)
        self.status = _combo([(s.capitalize(), s) for s in STATUSES])
        self.basis = _combo([(BASIS_WORDS[b], b) for b in BASES])
        self.pcp_coverage = _combo([(PCP_WORDS[c], c) for c in PCP_COVERAGE])
        self.pcp_heading = QLineEdit()
        self.pcp_heading.setPlaceholderText(self.tr("heading"))
        self.pcp_heading.setToolTip(self.tr("The Plan's heading, e.g. All Crime"))
        self.districts = QWidget()
        QHBoxLayout(self.districts).setContentsMargins(0, 0, 0, 0)
        self.lead_organisation_id = _combo([])
        self.lead_officer = QLineEdit()
        self.agreed_meeting_id = _combo([])
        self.review_date = date_edit(None, allow_empty=True)
        self.measure_ids = QListWidget()
        self.measure_ids.setMinimumWidth(170)
        self.measure_ids.setMaximumWidth(240)
        self.measure_ids.setMaximumHeight(120)
        self.measure_ids.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.measure_ids.setToolTip(self.tr("The performance measures that track this "
                                            "priority; tick them to link them"))
        self.texts = {name: self._text_box() for name, _label in LONG_TEXTS}
        self.notes = self._text_box()
        self.notes.setMaximumHeight(70)
        self._layout()
        self._connect()

    def _text_box(self) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setTabChangesFocus(True)
        box.setMinimumHeight(90)
        return box

    def _field(self, name: str, widget: QWidget) -> QWidget:
        """``widget`` with its error label under it, both remembered by field name."""
        self.widgets[name] = widget
        error = QLabel()
        colour_text(error, "error")
        error.setWordWrap(True)
        error.hide()
        self.errors[name] = error
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget, 1)
        column.addWidget(error)
        return holder

    def _layout(self) -> None:
        facts = self._facts()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._field("title", self.title))
        layout.addLayout(facts)
        layout.addLayout(self._long_texts(), 1)
        layout.addWidget(QLabel(f"<b>{self.tr('Notes')}</b>"))
        notes = self._field("notes", self.notes)
        notes.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout.addWidget(notes)

    def _facts(self) -> QGridLayout:
        """The short fields two to a row, each with its caption, and the measures beside them."""
        pcp = self._pcp_row()
        facts = QGridLayout()
        facts.setHorizontalSpacing(8)
        cells = [(self.tr("Status"), "status", self.status),
                 (self.tr("Why a priority"), "basis", self.basis),
                 (self.tr("Police and Crime Plan"), "pcp_coverage", pcp),
                 (self.tr("Districts"), "districts", self.districts),
                 (self.tr("Lead organisation"), "lead_organisation_id",
                  self.lead_organisation_id),
                 (self.tr("Lead officer"), "lead_officer", self.lead_officer),
                 (self.tr("Agreed at"), "agreed_meeting_id", self.agreed_meeting_id),
                 (self.tr("Review date"), "review_date", self.review_date)]
        explain(self.status, "priority status")
        for n, (label, name, widget) in enumerate(cells):
            caption = QLabel(label)
            caption.setBuddy(widget)  # its name for a screen reader, its What's This?
            facts.addWidget(caption, n // 2, (n % 2) * 2)
            facts.addWidget(self._field(name, widget), n // 2, (n % 2) * 2 + 1)
        self.errors["pcp_heading"] = self.errors["pcp_coverage"]  # one line for both
        self.widgets["pcp_heading"] = self.pcp_heading
        facts.addWidget(self._measures(), 0, 4, 4, 1)
        facts.setColumnStretch(1, 3)
        facts.setColumnStretch(3, 3)
        return facts

    def _pcp_row(self) -> QWidget:
        """The Police and Crime Plan's coverage with its heading beside it."""
        pcp = QWidget()
        row = QHBoxLayout(pcp)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.pcp_coverage)
        row.addWidget(self.pcp_heading, 1)
        return pcp

    def _measures(self) -> QWidget:
        """The list of measures that track the priority, under its caption."""
        measures = QWidget()
        column = QVBoxLayout(measures)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        explain(self.measure_ids, "measures that track it")
        column.addWidget(QLabel(self.tr("Measures that track it")))
        column.addWidget(self._field("measure_ids", self.measure_ids), 1)
        return measures

    def _long_texts(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        for column, (name, label) in enumerate(LONG_TEXTS):
            heading = QLabel(f"<b>{self.tr(label)}</b>")
            grid.addWidget(heading, 0, column)
            grid.addWidget(self._field(name, self.texts[name]), 1, column)
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(1, 1)
        return grid

    def _connect(self) -> None:
        for line in (self.title, self.pcp_heading, self.lead_officer):
            line.textChanged.connect(self._edited)
        for box in (*self.texts.values(), self.notes):
            box.textChanged.connect(self._edited)
        for combo in (self.status, self.basis, self.pcp_coverage, self.lead_organisation_id,
                      self.agreed_meeting_id):
            combo.currentIndexChanged.connect(self._edited)
        self.review_date.dateChanged.connect(self._edited)
        self.measure_ids.itemChanged.connect(self._edited)
        self.pcp_coverage.currentIndexChanged.connect(self._heading_enabled)

    def _edited(self) -> None:
        if not self._building:
            self.changed.emit()

    def _heading_enabled(self) -> None:
        self.pcp_heading.setEnabled(self.pcp_coverage.currentData() == PCP_COVERAGE[1])

    # Values ------------------------------------------------------------------------------

    def set_choices(self, db: Database, priority: Priority | None) -> None:
        """Fill the choosers from the database, keeping what ``priority`` holds."""
        self._building = True
        orgs = [(o.name, o.id) for o in list_organisations(db)]
        _refill(self.lead_organisation_id, [(self.tr("Not recorded"), None), *orgs])
        meetings = agreed_meeting_choices(db, priority.agreed_meeting_id if priority else None)
        _refill(self.agreed_meeting_id,
                [(self.tr("Not recorded"), None), *[(text, mid) for mid, text in meetings]])
        self.measure_ids.clear()
        linked = set(priority.measure_ids if priority else ())
        choices = measure_choices(db)  # the linked ones first, so they show unscrolled
        for measure_id, name in [c for c in choices if c[0] in linked] + \
                [c for c in choices if c[0] not in linked]:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, measure_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.measure_ids.addItem(item)
        names = partnership_districts(db)
        extra = [d for d in (priority.districts if priority else []) if d not in names]
        self._district_boxes(names + extra)
        self._building = False

    def _district_boxes(self, names: list[str]) -> None:
        layout = self.districts.layout()
        while layout.count():
            widget = layout.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # gone now, not only when the event loop deletes it
                widget.deleteLater()
        for name in names:
            box = QCheckBox(name)
            box.toggled.connect(self._edited)
            layout.addWidget(box)
        if not names:
            layout.addWidget(QLabel(self.tr("No districts set up")))

    def district_boxes(self) -> list[QCheckBox]:
        layout = self.districts.layout()
        items = (layout.itemAt(n).widget() for n in range(layout.count()))
        return [w for w in items if isinstance(w, QCheckBox)]

    def fill(self, values: dict[str, Any]) -> None:
        """Show ``values`` (as ``values()`` returns them) without announcing edits."""
        self._building = True
        self.title.setText(values.get("title") or "")
        for name, box in self.texts.items():
            box.setPlainText(values.get(name) or "")
        self.notes.setPlainText(values.get("notes") or "")
        for name in ("status", "basis", "pcp_coverage", "lead_organisation_id",
                     "agreed_meeting_id"):
            combo: QComboBox = getattr(self, name)
            combo.setCurrentIndex(max(combo.findData(values.get(name)), 0))
        self.pcp_heading.setText(values.get("pcp_heading") or "")
        self.lead_officer.setText(values.get("lead_officer") or "")
        review = values.get("review_date")
        self.review_date.setDate(QDate.fromString(review, "yyyy-MM-dd") if review
                                 else self.review_date.minimumDate())
        for box in self.district_boxes():
            box.setChecked(box.text() in values.get("districts", []))
        linked = set(values.get("measure_ids", []))
        for n in range(self.measure_ids.count()):
            item = self.measure_ids.item(n)
            checked = item.data(Qt.ItemDataRole.UserRole) in linked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self._heading_enabled()
        self._building = False
        self.clear_errors()

    def values(self) -> dict[str, Any]:
        """Every field as ``save_priority`` takes it (without the financial year)."""
        return {
            "title": self.title.text(),
            **{name: box.toPlainText() for name, box in self.texts.items()},
            "notes": self.notes.toPlainText(),
            **{name: getattr(self, name).currentData() for name in
               ("status", "basis", "pcp_coverage", "lead_organisation_id",
                "agreed_meeting_id")},
            "pcp_heading": self.pcp_heading.text(),
            "lead_officer": self.lead_officer.text(),
            "review_date": date_for_saving(self.review_date),  # as seen: unreadable is refused
            "districts": [b.text() for b in self.district_boxes() if b.isChecked()],
            "measure_ids": sorted(
                self.measure_ids.item(n).data(Qt.ItemDataRole.UserRole)
                for n in range(self.measure_ids.count())
                if self.measure_ids.item(n).checkState() == Qt.CheckState.Checked),
        }

    # Refusals ----------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()

    def show_error(self, message: str, field: str | None) -> bool:
        """Show ``message`` under the field; False when no field of the form has that name."""
        self.clear_errors()
        label = self.errors.get(field or "")
        if label is None:
            return False
        label.setText(message)
        label.show()
        widget = self.widgets.get(field or "")
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


def values_of(priority: Priority | None) -> dict[str, Any]:
    """A priority's values as the form shows them; the defaults for a new one."""
    if priority is None:
        return {"status": "proposed", "basis": BASES[0], "pcp_coverage": "not mentioned",
                "districts": [], "measure_ids": []}
    return {name: getattr(priority, name) for name in (
        "title", "evidence", "current_structure", "local_concerns", "notes", "status",
        "basis", "pcp_coverage", "pcp_heading", "lead_organisation_id", "agreed_meeting_id",
        "lead_officer", "review_date", "districts")} | {
        "measure_ids": list(priority.measure_ids)}
