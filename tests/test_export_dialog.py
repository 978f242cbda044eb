"""File > Export to Excel: the dialog says which workbook is which, partners' is the default,
and the workbook is written in the background with progress and Cancel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cspdesk.errors import Cancelled
from cspdesk.store.settings import set_setting
from ui.exchange import export_dialog
from ui.exchange.export_dialog import ExportDialog, export_to_excel, run_export, suggested_name


@pytest.fixture
def messages(monkeypatch):
    """Every message box shown, as (kind, title, text); none of them blocks."""
    shown: list[tuple[str, str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda parent, title, text, k=kind: shown.append((k, title, text))))
    return shown


@pytest.fixture
def save_as(monkeypatch, tmp_path):
    """The file dialog answers with a file in tmp_path; ``asked`` records the suggestion."""
    answer = {"path": str(tmp_path / "out" / "book.xlsx"), "asked": None}
    (tmp_path / "out").mkdir()

    def get_save_file_name(parent, title, start, file_filter):
        answer["asked"] = (title, start, file_filter)
        return answer["path"], file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    return answer


def test_the_dialog_says_which_is_which_and_partners_is_the_default(qtbot):
    dialog = ExportDialog()
    qtbot.addWidget(dialog)
    assert dialog.partners.text() == "For partners: no names, emails or phone numbers"
    assert dialog.full.text() == "Full copy for your own records: includes personal data"
    assert dialog.partners.isChecked() and not dialog.full.isChecked()
    assert dialog.no_personal_data
    dialog.full.setChecked(True)
    assert not dialog.partners.isChecked() and not dialog.no_personal_data


def test_partner_export_writes_a_workbook_without_names(qtbot, demo_db, save_as, messages):
    run_export(parent_widget(qtbot), demo_db, no_personal_data=True)
    title, start, file_filter = save_as["asked"]
    assert Path(start).name.startswith("BNS CSP partner workbook ")
    assert file_filter == "Excel workbooks (*.xlsx)"
    wb = openpyxl.load_workbook(save_as["path"])
    assert "Attendance by organisation" in wb.sheetnames and "Attendance" not in wb.sheetnames
    assert [c.value for c in wb["People"][1]] == ["id", "job_title", "organisation_id", "active"]
    # The demo's agenda notes and the committee report's fields name people in free text:
    # the message says where names were replaced.
    assert messages == [("information", "Partner workbook", f"Wrote {save_as['path']}.\n\n"
                         "Please note:\nSheet 'Agenda items', column notes: a person's name, email "
                         "or phone number was replaced by [personal data removed] in 1 cell.\n"
                         "Sheet 'Settings', column value: a person's name, email or phone number "
                         "was replaced by [personal data removed] in 1 cell.")]


def test_full_copy_holds_the_names_and_may_replace_a_file(qtbot, demo_db, save_as, messages):
    Path(save_as["path"]).write_bytes(b"old")  # the file dialog has asked to replace it
    run_export(parent_widget(qtbot), demo_db, no_personal_data=False)
    wb = openpyxl.load_workbook(save_as["path"])
    assert "Attendance" in wb.sheetnames
    assert "name" in [c.value for c in wb["People"][1]]
    assert messages[0][:2] == ("information", "Full workbook")


def test_choosing_no_file_writes_nothing(qtbot, demo_db, save_as, messages, tmp_path):
    save_as["path"] = ""
    run_export(parent_widget(qtbot), demo_db, no_personal_data=True)
    assert messages == [] and list((tmp_path / "out").iterdir()) == []


def test_progress_reaches_the_dialog_and_cancel_says_nothing_was_written(
        qtbot, demo_db, save_as, messages, monkeypatch):
    seen = []

    def cancelled_export(db, path, **options):
        options["progress"](5, 10)
        seen.append(options["cancelled"]())
        raise Cancelled()

    monkeypatch.setattr(export_dialog, "export_workbook", cancelled_export)
    run_export(parent_widget(qtbot), demo_db, no_personal_data=True)
    assert seen == [False]
    assert messages == [("information", "Partner workbook",
                         f"The export was cancelled; {save_as['path']} was not written.")]
    assert not Path(save_as["path"]).exists()


def test_a_failed_export_is_reported(qtbot, demo_db, save_as, messages, monkeypatch):
    folder = Path(save_as["path"]).parent
    folder.rmdir()
    run_export(parent_widget(qtbot), demo_db, no_personal_data=True)
    assert messages[0][0] == "warning" and "does not exist" in messages[0][2]


def test_suggested_names(demo_db, db):
    day = dt.date(2026, 11, 27)
    assert suggested_name(demo_db, True, day) == "BNS CSP partner workbook 27-11-2026.xlsx"
    assert suggested_name(demo_db, False, day) == "BNS CSP full records 27-11-2026.xlsx"
    assert suggested_name(db, True, day) == "cspdesk partner workbook 27-11-2026.xlsx"
    set_setting(db, "partnership_short_name", 'A/B: "CSP"')
    assert suggested_name(db, True, day) == "AB CSP partner workbook 27-11-2026.xlsx"


def test_file_menu_export_to_excel(qtbot, demo_path, tmp_path, save_as, messages, monkeypatch):
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions()]
    assert "Export to Excel…" in texts
    chosen = []

    def answer(dialog):
        chosen.append(dialog.no_personal_data)  # as the officer found it
        dialog.full.setChecked(True)
        return 1

    monkeypatch.setattr(ExportDialog, "exec", answer)
    file_menu.actions()[texts.index("Export to Excel…")].trigger()
    assert chosen == [True]
    assert "Attendance" in openpyxl.load_workbook(save_as["path"]).sheetnames
    assert Path(save_as["asked"][1]).name.startswith("BNS CSP full records ")
    monkeypatch.setattr(ExportDialog, "exec", lambda dialog: 0)  # Cancel: nothing happens
    Path(save_as["path"]).unlink()
    export_to_excel(window, window.db)
    assert not Path(save_as["path"]).exists()


def parent_widget(qtbot):
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    return widget
