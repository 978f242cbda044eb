"""Reports > Committee report…: the fields the officer fills in once (remembered in the
database), the areas the performance tables show, the implications and background papers,
and a preview of the report as it will print; then Print, Print Preview or a Word document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cspdesk.dates import financial_year_of, next_financial_year
from cspdesk.errors import InputError
from cspdesk.performance.totals import area_tree
from cspdesk.reports.charts import ChartDrawer
from cspdesk.reports.committee import build_committee_report
from cspdesk.reports.document import Document
from cspdesk.reports.fields import IMPLICATIONS, TEXT_FIELDS, ReportFields, load_fields, save_fields
from cspdesk.store.connection import Database
from cspdesk.store.settings import get_setting
from ui.exports import export_in_background
from ui.reports.chart_image import chart_png
from ui.reports.meeting_papers import word_writer
from ui.reports.text_document import preview, print_with_dialog, to_text_document
from ui.widgets.colours import colour_text
from ui.widgets.dialog import Dialog
from ui.widgets.forms import date_edit, read_date

DOCX = "Word documents (*.docx)"
LONG_FIELDS = ("title", "purpose", "recommendations", "reason")
LABELS = {"report_to": "Report to", "director_lead": "Director lead",
          "lead_officer": "Lead officer", "title": "Report title",
          "purpose": "Purpose of report", "recommendations": "Recommendations",
          "reason": "Reason for recommendation", "financial_reference": "Financial reference"}


def _box(text: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setFixedHeight(22 + 18 * lines)
    return box


class CommitteeReportDialog(Dialog):
    """The report's fields on the left, its preview on the right."""

    def __init__(self, db: Database, parent: QWidget | None = None,
                 draw_chart: ChartDrawer | None = chart_png) -> None:
        super().__init__(parent)
        self.db, self.draw_chart = db, draw_chart
        self.setWindowTitle(self.tr("Committee report"))
        self.resize(1250, 820)
        self.widgets: dict[str, Any] = {}
        self.error = QLabel()
        colour_text(self.error, "error")
        self.error.setWordWrap(True)
        self.preview_view = QTextBrowser()
        self._text_document: QTextDocument | None = None
        fields = load_fields(db)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._form(fields))
        split.addWidget(self.preview_view)
        split.setSizes([540, 710])
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addWidget(split, 1)
        layout.addLayout(self._buttons())
        self.update_preview()

    # The form ----------------------------------------------------------------------------

    def _form(self, fields: ReportFields) -> QScrollArea:
        holder = QWidget()
        form = QFormLayout(holder)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.year = QComboBox()
        self.year.setEditable(True)
        this = financial_year_of(dt.date.today())
        years = sorted({fields.financial_year, this, next_financial_year(this)}, reverse=True)
        self.year.addItems(years)
        self.year.setCurrentText(fields.financial_year)
        form.addRow(self.tr("Report's year"), self.year)
        day = dt.date.fromisoformat(fields.meeting_date) if fields.meeting_date else None
        self.meeting_date = date_edit(day, allow_empty=True)
        for name in TEXT_FIELDS[:3]:
            self._text_row(form, name, getattr(fields, name))
        form.addRow(self.tr("Committee meeting date"), self.meeting_date)
        for name in LONG_FIELDS:
            self._text_row(form, name, getattr(fields, name))
        form.addRow(self.tr("Areas in the performance tables"), self._areas(fields.areas))
        self._implications(form, fields)
        self.papers = _box("\n".join(fields.background_papers))
        form.addRow(self.tr("Background papers (one a line)"), self.papers)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        return scroll

    def _text_row(self, form: QFormLayout, name: str, value: str) -> None:
        if name in LONG_FIELDS:
            widget: QWidget = _box(value, 3 if name != "title" else 2)
        else:
            widget = QLineEdit(value)
            widget.setCursorPosition(0)  # a long name reads from its start
        self.widgets[name] = widget
        form.addRow(self.tr(LABELS[name]), widget)

    def _areas(self, chosen: tuple[str, ...]) -> QListWidget:
        self.areas = QListWidget()
        for area in area_tree(self.db):
            item = QListWidgetItem("    " * area.depth + area.name)
            item.setData(Qt.ItemDataRole.UserRole, area.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if area.name in chosen
                               else Qt.CheckState.Unchecked)
            self.areas.addItem(item)
        self.areas.setFixedHeight(150)
        return self.areas

    def _implications(self, form: QFormLayout, fields: ReportFields) -> None:
        note = QLabel(self.tr("Implications: write a paragraph, or leave it empty for none."))
        note.setWordWrap(True)
        form.addRow(note)
        self.implication_boxes = {}
        for key, words in IMPLICATIONS:
            box = _box(fields.implication(key), 2)
            self.implication_boxes[key] = box
            form.addRow(self.tr(words), box)
            if key == "financial":
                self._text_row(form, "financial_reference", fields.financial_reference)

    def values(self) -> dict[str, Any]:
        """The fields as typed, keyed as ``save_fields`` takes them."""
        day = read_date(self.meeting_date)
        chosen = [self.areas.item(i).data(Qt.ItemDataRole.UserRole)
                  for i in range(self.areas.count())
                  if self.areas.item(i).checkState() == Qt.CheckState.Checked]
        values: dict[str, Any] = {
            name: (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text())
            for name, w in self.widgets.items()}
        values.update(financial_year=self.year.currentText(),
                      meeting_date=day.isoformat() if day else None, areas=chosen,
                      implications={k: b.toPlainText() for k, b in
                                    self.implication_boxes.items()},
                      background_papers=self.papers.toPlainText().splitlines())
        return values

    # Buttons -----------------------------------------------------------------------------

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot in ((self.tr("&Update preview"), self.update_preview),
                           (self.tr("Print Pre&view…"), self.print_preview),
                           (self.tr("&Print…"), self.print_report),
                           (self.tr("&Word document…"), self.write_word)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        return row

    def remember(self) -> ReportFields | None:
        """Check and remember the fields; say what is wrong at the top when they are not."""
        try:
            fields = save_fields(self.db, self.values())
        except InputError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return None
        self.error.clear()
        return fields

    def document(self) -> Document | None:
        """The report from the fields as typed (remembered first); None when they are
        refused."""
        fields = self.remember()
        if fields is None:
            return None
        return build_committee_report(self.db, fields, self.draw_chart)

    def update_preview(self) -> None:
        document = self.document()
        if document is not None:
            self._text_document = to_text_document(document)
            self.preview_view.setDocument(self._text_document)

    def print_preview(self) -> None:
        document = self.document()
        if document is not None:
            preview(self, document).exec()

    def print_report(self) -> None:
        document = self.document()
        if document is not None:
            print_with_dialog(self, document)

    def write_word(self) -> None:
        document = self.document()
        if document is None:
            return
        name = get_setting(self.db, "partnership_short_name") or "CSP"
        suggested = f"{name} committee report {self.year.currentText()}.docx".replace("/", "-")
        export_in_background(self, self.db, self.tr("Committee report"), suggested, DOCX,
                             word_writer(document))

