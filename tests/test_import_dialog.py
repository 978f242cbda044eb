"""File > Import from Excel, driven with qtbot: the plan shown field by field, then applied."""

import datetime as dt

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QPushButton

from cspdesk.exchange.importer import apply_import
from cspdesk.exchange.review import ChangeLine
from ui.exchange import import_dialog
from ui.exchange.import_dialog import PlanDialog

NEWSLETTER = 11  # an ASB action plan action of the demo database, 'in progress'


@pytest.fixture
def window(qtbot, demo_window):
    win = demo_window
    return win


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    return shown


def layout_workbook(path, sheets):
    """A workbook in the partner layout: {sheet: (headers, rows)}."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, (headers, rows) in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(headers)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def partner_edits(path):
    return layout_workbook(path, {
        "Actions": (["id", "status"], [[NEWSLETTER, "complete"]]),
        "Action updates": (["id", "action_id", "date", "text", "author"],
                           [[None, NEWSLETTER, dt.datetime(2024, 1, 15), "Issue 4 is out",
                             "NSDC"]]),
    })


def choose(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def status_of(window, action_id=NEWSLETTER):
    return window.db.execute("SELECT status FROM actions WHERE id = ?",
                             [action_id]).fetchone()[0]


def open_plan(window, monkeypatch, path) -> PlanDialog:
    choose(monkeypatch, path)
    window.import_from_excel()
    dialog = window.findChild(PlanDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_the_file_menu_offers_both_imports(window):
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions()]
    assert "Import from Excel…" in texts
    assert "Import another spreadsheet…" in texts


def test_a_good_workbook_shows_its_changes_and_apply_writes_them(window, monkeypatch, tmp_path):
    dialog = open_plan(window, monkeypatch, partner_edits(tmp_path / "back.xlsx"))
    lines = dialog.lines()
    assert all(isinstance(line, ChangeLine) for line in lines)
    status = next(line for line in lines if line.field == "status")
    assert (status.sheet, status.row, status.action) == ("Actions", 2, "update")
    assert status.record.startswith(f"#{NEWSLETTER} Publish a quarterly ASB newsletter")
    assert (status.old, status.new) == ("in progress", "complete")
    update = {line.field: line for line in lines if line.sheet == "Action updates"}
    assert update["text"].new == "Issue 4 is out" and update["text"].action == "add"
    assert update["action_id"].new.startswith(f"#{NEWSLETTER} Publish")
    assert update["date"].new == "15/01/2024"
    assert "Actions: 1 changed" in dialog.summary.text()
    assert dialog.apply_button.isEnabled()
    assert status_of(window) == "in progress"  # nothing written before Apply
    refreshed = []
    monkeypatch.setattr(window, "refresh", lambda: refreshed.append(True))
    dialog.apply_button.click()
    assert status_of(window) == "complete"
    assert window.db.execute("SELECT COUNT(*) FROM action_updates WHERE text = ?",
                             ["Issue 4 is out"]).fetchone()[0] == 1
    assert refreshed == [True]
    assert not dialog.isVisible()
    assert window.statusBar().currentMessage() == \
        "Imported. Actions: 1 changed; Action updates: 1 added"


def test_a_workbook_with_problems_shows_each_one_and_cannot_be_applied(window, monkeypatch,
                                                                        tmp_path):
    path = layout_workbook(tmp_path / "bad.xlsx", {
        "Actions": (["id", "status"], [[NEWSLETTER, "Finished"], [NEWSLETTER + 1, "complete"]]),
        "Attendance": (["id", "meeting_id", "person_id", "mark"], [[None, 99999, 1, "present"]]),
    })
    dialog = open_plan(window, monkeypatch, path)
    problems = dialog.lines()
    where = {(p.sheet, p.row, p.column) for p in problems}
    assert ("Actions", 2, "status") in where
    assert ("Attendance", 2, "meeting_id") in where
    assert not dialog.apply_button.isEnabled()
    assert "Nothing will be imported" in dialog.note.text()
    dialog.apply()  # even called directly, a plan with problems writes nothing
    assert status_of(window) == "in progress"
    assert status_of(window, NEWSLETTER + 1) == "complete"
    dialog.reject()


@pytest.mark.parametrize(("content", "words"), [
    (b"name,mark\nSarah,present\n", "not an Excel workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old Excel file"),
])
def test_a_hostile_or_wrong_file_is_refused_with_a_message(window, monkeypatch, tmp_path,
                                                           warnings, content, words):
    path = tmp_path / "suspicious.xlsx"
    path.write_bytes(content)
    planned = []
    monkeypatch.setattr(import_dialog, "plan_import", lambda *a: planned.append(a))
    choose(monkeypatch, path)
    window.import_from_excel()
    assert len(warnings) == 1 and words in warnings[0]
    assert planned == []  # refused before anything parsed it
    assert window.findChild(PlanDialog) is None


def test_cancel_in_the_plan_dialog_writes_nothing(window, monkeypatch, tmp_path):
    dialog = open_plan(window, monkeypatch, partner_edits(tmp_path / "back.xlsx"))
    dialog.reject()
    assert status_of(window) == "in progress"
    assert window.db.execute("SELECT COUNT(*) FROM action_updates WHERE text = ?",
                             ["Issue 4 is out"]).fetchone()[0] == 0


def test_cancel_while_checking_shows_no_plan_and_writes_nothing(window, monkeypatch, tmp_path):
    real_plan_import = import_dialog.plan_import

    def press_cancel_then_plan(db, path, progress, cancelled):
        window.findChild(QProgressDialog).findChild(QPushButton).click()  # Cancel
        return real_plan_import(db, path, progress, cancelled)

    monkeypatch.setattr(import_dialog, "plan_import", press_cancel_then_plan)
    choose(monkeypatch, partner_edits(tmp_path / "back.xlsx"))
    window.import_from_excel()
    assert window.findChild(PlanDialog) is None
    assert "cancelled" in window.statusBar().currentMessage()
    assert status_of(window) == "in progress"


def test_cancel_while_applying_rolls_everything_back(window, monkeypatch, tmp_path):
    path = partner_edits(tmp_path / "back.xlsx")
    plan = import_dialog.plan_import(window.db, path)

    tries = []

    def press_cancel_then_apply(db, plan, progress, cancelled):
        if not tries:  # the first time only
            dialog.findChild(QProgressDialog).findChild(QPushButton).click()
        tries.append(cancelled())
        apply_import(db, plan, progress, cancelled)

    dialog = PlanDialog(window.db, plan, window, apply_plan=press_cancel_then_apply)
    dialog.show()
    dialog.apply_button.click()
    assert status_of(window) == "in progress"
    assert window.db.execute("SELECT COUNT(*) FROM action_updates WHERE text = ?",
                             ["Issue 4 is out"]).fetchone()[0] == 0
    assert dialog.isVisible() and "cancelled" in dialog.note.text()
    dialog.apply_button.click()  # and Apply again writes it all
    assert tries == [True, False]
    assert status_of(window) == "complete"
    assert not dialog.isVisible()


def test_a_workbook_that_changes_nothing_has_nothing_to_apply(window, monkeypatch, tmp_path):
    path = layout_workbook(tmp_path / "same.xlsx", {
        "Actions": (["id", "status"], [[NEWSLETTER, "in progress"]])})
    dialog = open_plan(window, monkeypatch, path)
    assert dialog.lines() == []
    assert "Nothing to import" in dialog.note.text()
    assert not dialog.apply_button.isEnabled()
    dialog.reject()


def test_choosing_no_file_does_nothing(window, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    window.import_from_excel()
    assert window.findChild(PlanDialog) is None
