"""A form dialog built from field declarations, showing the core's refusals at the field.

The core raises ``InputError(message, field=...)``; the dialog puts the message in red under
that field and keeps everything the user typed, so nothing is lost and nothing half-saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from cspdesk.errors import InputError
from ui.widgets.colours import colour_text
from ui.widgets.date_field import DateField
from ui.widgets.dialog import Dialog
from ui.widgets.scrolling import FittingScrollArea


@dataclass
class Field:
    """One field of a form. ``kind``: text, multiline, choice, checks, bool, date, time, int.

    'checks' shows one tick box per choice; its value is the list of ticked values."""

    name: str
    label: str
    kind: str = "text"
    choices: Sequence[tuple[str, Any]] = ()  # (shown text, value) for kind 'choice'
    required: bool = False
    optional_date: bool = True  # a date that may be left empty
    placeholder: str = ""
    editable_choice: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def date_edit(value: dt.date | None = None, allow_empty: bool = False, what: str = "date",
              field: str | None = None) -> DateField:
    """A date field to type into (dd/mm/yyyy, 1/7/23, 12 March 2023) with a calendar."""
    return DateField(value, allow_empty, what, field)


def read_date(edit: DateField) -> dt.date | None:
    """The day a date field shows; None when it is empty, or cannot be read (the field then
    says why in red): use ``edit.value()`` where an unreadable date must stop a save."""
    return edit.read_quietly()


def date_for_saving(edit: DateField) -> str | None:
    """A date field's day as stored (ISO); the text as typed when it is no date, so the
    save refuses it at the field with the reason; None when empty."""
    day = edit.read_quietly()
    return day.isoformat() if day else (edit.text().strip() or None)


class FormDialog(Dialog):
    """Edits ``values`` through ``fields``; ``save(values)`` is called on OK.

    ``save`` returns the saved record's id, or raises ``InputError``: the dialog then shows
    the message at the field named by the error (or at the top) and stays open.
    """

    def __init__(self, title: str, fields: Sequence[Field], values: dict[str, Any],
                 save: Callable[[dict[str, Any]], Any], parent: QWidget | None = None,
                 intro: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.fields = list(fields)
        self._save = save
        self.saved_id: Any = None
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.general_error = QLabel()
        self._style_error(self.general_error)
        form = self._fields_form(values)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.try_save)  # Ctrl+S, as everywhere
        layout = QVBoxLayout(self)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            layout.addWidget(text)
        layout.addWidget(self.general_error)
        fields_box = QWidget()
        fields_box.setLayout(form)
        layout.addWidget(FittingScrollArea(fields_box), 1)  # a long form scrolls at 150%
        layout.addWidget(buttons)

    def _fields_form(self, values: dict[str, Any]) -> QFormLayout:
        """One row per field, its label starred when required."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for spec in self.fields:
            label = spec.label + (" *" if spec.required else "")
            form.addRow(label, self._field_holder(spec, values.get(spec.name)))
        return form

    def _field_holder(self, spec: Field, value: Any) -> QWidget:
        """The field's widget with its error label under it, both remembered by name."""
        widget = self._make_widget(spec, value)
        self.widgets[spec.name] = widget
        error = QLabel()
        self._style_error(error)
        self.errors[spec.name] = error
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        return holder

    @staticmethod
    def _style_error(label: QLabel) -> None:
        colour_text(label, "error")
        label.setWordWrap(True)
        label.hide()

    def _make_widget(self, spec: Field, value: Any) -> QWidget:
        make = _WIDGET_MAKERS.get(spec.kind, _line_edit)
        widget = make(spec, value)
        if isinstance(widget, DateField):
            widget.problem.connect(lambda message, name=spec.name: self._date_problem(
                name, message))
        return widget

    def _date_problem(self, name: str, message: str) -> None:
        """A date field finished with text it cannot read: say why under it at once."""
        label = self.errors.get(name)
        if label is None:
            return
        label.setText(message)
        label.setVisible(bool(message))

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.widgets[spec.name]
            if isinstance(widget, QPlainTextEdit):
                result[spec.name] = widget.toPlainText()
            elif isinstance(widget, QComboBox):
                # What the user typed in an editable choice is the value, list or not.
                result[spec.name] = (widget.currentText() if spec.editable_choice
                                     else widget.currentData())
            elif isinstance(widget, QCheckBox):
                result[spec.name] = widget.isChecked()
            elif isinstance(widget, DateField):
                result[spec.name] = widget.value()  # InputError at the field if unreadable
            elif isinstance(widget, QTimeEdit):
                result[spec.name] = widget.time().toString("HH:mm")
            elif isinstance(widget, QSpinBox):
                result[spec.name] = widget.value()
            elif isinstance(widget, QLineEdit):
                result[spec.name] = widget.text()
            elif spec.kind == "checks":
                result[spec.name] = [box.property("value") for box in
                                     widget.findChildren(QCheckBox) if box.isChecked()]
        return result

    def show_error(self, message: str, field_name: str | None) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.hide()
        target = self.errors.get(field_name or "", self.general_error)
        target.setText(message)
        target.show()
        widget = self.widgets.get(field_name or "")
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_save(self) -> None:
        try:
            self.saved_id = self._save(self.values())  # values() refuses unreadable dates
        except InputError as exc:
            self.show_error(str(exc), exc.field)
            return
        self.accept()


# One small builder per kind of field ----------------------------------------------------


def _multiline(spec: Field, value: Any) -> QWidget:
    edit = QPlainTextEdit(value or "")
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(70)
    return edit


def _choice(spec: Field, value: Any) -> QWidget:
    combo = QComboBox()
    combo.setEditable(spec.editable_choice)
    for text, data in spec.choices:
        combo.addItem(text, data)
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
    elif spec.editable_choice:
        combo.setEditText(str(value or ""))  # empty stays empty, not the first in the list
    return combo


def _checks(spec: Field, value: Any) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for text, data in spec.choices:
        box = QCheckBox(text)
        box.setProperty("value", data)
        box.setChecked(data in (value or []))
        row.addWidget(box)
    row.addStretch(1)
    return holder


def _bool(spec: Field, value: Any) -> QWidget:
    box = QCheckBox()
    box.setChecked(bool(value) if value is not None else True)
    return box


def _date(spec: Field, value: Any) -> QWidget:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    what = spec.extra.get("what", "date")  # the message sits under the field it names
    return DateField(value, spec.optional_date, what, spec.name)


def _time(spec: Field, value: Any) -> QWidget:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setTime(QTime.fromString(value, "HH:mm") if value else QTime(10, 0))
    return edit


def _int(spec: Field, value: Any) -> QWidget:
    spin = QSpinBox()
    spin.setRange(spec.extra.get("minimum", 0), spec.extra.get("maximum", 10_000))
    spin.setValue(int(value or spec.extra.get("default", 0)))
    return spin


def _line_edit(spec: Field, value: Any) -> QWidget:
    line = QLineEdit(value or "")
    line.setPlaceholderText(spec.placeholder)
    return line


_WIDGET_MAKERS = {"multiline": _multiline, "choice": _choice, "checks": _checks,
                  "bool": _bool, "date": _date, "time": _time, "int": _int}


def ask_to_save(parent: QWidget, title: str, question: str, save: Callable[[], bool],
                discard: Callable[[], None] | None = None) -> bool:
    """Unsaved edits are about to be left: Save, Discard or Cancel. True when the caller may
    go on (saved, or discarded); False to stay with the edits."""
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(parent, title, question,
                                  buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
    if answer == buttons.Save:
        return save()
    if answer == buttons.Discard:
        if discard is not None:
            discard()
        return True
    return False
