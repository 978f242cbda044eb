"""File > Import another spreadsheet, driven with qtbot: map, preview, check, apply."""

import datetime as dt

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui.exchange.import_dialog import PlanDialog
from ui.exchange.mapping_dialog import MappingDialog

HEADERS = ["Date", "Meeting/Group", "Name", "Organisation", "Attended/Apologies"]
ROWS = [[dt.datetime(2023, 5, 25), "PDG", "Louise Barraclough", "BDC", "Apols"],
        ["25/05/2023", "PDG", "Whitmore, Sarah", "NSDC", "N"]]


@pytest.fixture
def window(qtbot, demo_window):
    win = demo_window
    return win


def old_register(path, rows=ROWS):
    wb = Workbook()
    ws = wb.active
    ws.title = "2023"
    ws.append(["PDG register, kept by hand"])
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.create_sheet("Notes").append(["Nothing", "here"])
    wb.save(path)
    return path


def open_dialog(window, monkeypatch, path) -> MappingDialog:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.import_spreadsheet()
    dialog = window.findChild(MappingDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def column_of(model, header):
    horizontal = Qt.Orientation.Horizontal
    return next(c for c in range(model.columnCount()) if model.headerData(c, horizontal) == header)


def cell(model, row, header):
    return model.index(row, column_of(model, header)).data()


def mark_of(window, person):
    return window.db.execute(
        "SELECT a.mark FROM attendance a JOIN people p ON p.id = a.person_id JOIN meetings m "
        "ON m.id = a.meeting_id WHERE p.name = ? AND m.date = '2023-05-25'",
        [person]).fetchone()[0]


def test_the_mapping_is_prefilled_from_the_headers(window, monkeypatch, tmp_path):
    dialog = open_dialog(window, monkeypatch, old_register(tmp_path / "old.xlsx"))
    assert dialog.sheet_combo.currentText() == "2023"
    assert [dialog.sheet_combo.itemText(i) for i in range(2)] == ["2023", "Notes"]
    assert dialog.mapping() == {"group": "Meeting/Group", "date": "Date", "person": "Name",
                                "organisation": "Organisation", "mark": "Attended/Apologies",
                                "reason": None, "substitute": None}
    assert dialog.sheet_model.rowCount() == 2
    assert cell(dialog.sheet_model, 0, "Row") == "3"
    assert cell(dialog.sheet_model, 0, "Date") == "25/05/2023"
    assert dialog.check_button.isEnabled()


def test_the_preview_shows_how_the_first_rows_come_in(window, monkeypatch, tmp_path):
    rows = [*ROWS, ["25/05/2023", "PDG", "Joe Nobody", "BDC", "Y"]]
    dialog = open_dialog(window, monkeypatch, old_register(tmp_path / "old.xlsx", rows))
    model = dialog.mapped_model
    assert model.rowCount() == 3
    assert cell(model, 0, "Mark") == "apologies"
    assert cell(model, 1, "Name") == "Sarah Whitmore"
    assert cell(model, 1, "Mark") == "absent"
    assert cell(model, 0, "Check") == "✓"
    assert cell(model, 2, "Name") == "✗ Joe Nobody"
    assert "Joe Nobody" in cell(model, 2, "Check")


def test_changing_a_column_updates_the_preview_and_what_is_missing(window, monkeypatch,
                                                                   tmp_path):
    dialog = open_dialog(window, monkeypatch, old_register(tmp_path / "old.xlsx"))
    dialog.combos["mark"].setCurrentIndex(0)  # (not used)
    assert "Mark" in dialog.missing.text()
    assert not dialog.check_button.isEnabled()
    dialog.combos["reason"].setCurrentIndex(dialog.combos["reason"].findData("Organisation"))
    assert cell(dialog.mapped_model, 0, "Reason") == "BDC"


def test_another_target_asks_for_its_own_fields(window, monkeypatch, tmp_path):
    dialog = open_dialog(window, monkeypatch, old_register(tmp_path / "old.xlsx"))
    dialog.target_combo.setCurrentIndex(dialog.target_combo.findData("Actions"))
    assert "programme" in dialog.combos and "group" not in dialog.combos
    assert dialog.mapping()["owner_organisation"] == "Organisation"
    assert not dialog.check_button.isEnabled()  # no programme nor action column


def test_check_and_apply_writes_the_marks(window, monkeypatch, tmp_path):
    dialog = open_dialog(window, monkeypatch, old_register(tmp_path / "old.xlsx"))
    dialog.check_button.click()
    plan_dialog = dialog.findChild(PlanDialog)
    assert plan_dialog is not None and plan_dialog.isVisible()
    lines = plan_dialog.lines()
    assert {(line.row, line.field, line.old, line.new) for line in lines} == {
        (3, "mark", "present online", "apologies"), (4, "mark", "present", "absent")}
    assert lines[0].record.endswith("Louise Barraclough at PDG 25/05/2023")
    assert plan_dialog.heading.text() == "From old.xlsx, sheet 2023"
    plan_dialog.apply_button.click()
    assert mark_of(window, "Louise Barraclough") == "apologies"
    assert mark_of(window, "Sarah Whitmore") == "absent"
    assert not dialog.isVisible()  # done: the mapping dialog closes too


def test_problems_are_shown_at_the_rows_of_the_users_sheet(window, monkeypatch, tmp_path):
    rows = [*ROWS, ["25/05/2023", "PDG", "Joe Nobody", "BDC", "Y"]]
    dialog = open_dialog(window, monkeypatch, old_register(tmp_path / "old.xlsx", rows))
    dialog.check_button.click()
    plan_dialog = dialog.findChild(PlanDialog)
    [problem] = plan_dialog.lines()
    assert (problem.sheet, problem.row, problem.column) == ("2023", 5, "Name")
    assert not plan_dialog.apply_button.isEnabled()
    plan_dialog.reject()
    assert mark_of(window, "Louise Barraclough") == "present online"
    assert dialog.isVisible()  # the user can change the mapping and check again


def test_a_csv_list_can_be_mapped(window, monkeypatch, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes("Meeting,Date,Attendee,Status\r\nPDG,25/05/2023,Louise Barraclough,"
                     "Apologies\r\n".encode("cp1252"))
    dialog = open_dialog(window, monkeypatch, path)
    assert dialog.sheet_combo.currentText() == "register"
    assert cell(dialog.mapped_model, 0, "Mark") == "apologies"
    dialog.check_button.click()
    dialog.findChild(PlanDialog).apply_button.click()
    assert mark_of(window, "Louise Barraclough") == "apologies"


def test_a_file_that_cannot_be_read_says_why(window, monkeypatch, tmp_path):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    path = tmp_path / "fake.xlsx"
    path.write_text("hello")
    dialog = open_dialog(window, monkeypatch, path)
    assert len(warnings) == 1 and "not an Excel workbook" in warnings[0]
    assert dialog.preview is None and not dialog.check_button.isEnabled()


def test_no_file_chosen_opens_no_dialog(window, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    window.import_spreadsheet()
    assert all(not d.isVisible() for d in window.findChildren(MappingDialog))
