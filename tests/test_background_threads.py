"""Background work on real threads, as in the program: the import, the export and Save a
Copy run on Qt's thread pool, their progress dialog shows, and Cancel, really pressed on it
while the work runs, leaves nothing written."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
)

from cspdesk.exchange.importer import apply_import
from ui import window_menus
from ui.exchange import export_dialog, import_dialog
from ui.exchange.import_dialog import PlanDialog

pytestmark = pytest.mark.real_threads
NEWSLETTER = 11  # an ASB action plan action of the demo database, 'in progress'


@pytest.fixture
def window(qtbot, demo_window):
    win = demo_window
    return win


class Gate:
    """Holds a worker thread at its start until the test has pressed Cancel, so that Cancel
    comes while the work runs, whatever the speed of the machine."""

    def __init__(self) -> None:
        self.reached, self.opened = threading.Event(), threading.Event()
        self.threads: list[threading.Thread] = []

    def wait(self) -> None:
        self.threads.append(threading.current_thread())
        self.reached.set()
        assert self.opened.wait(10), "the test never pressed Cancel"


def press_cancel(qtbot, gate: Gate) -> None:
    """Wait for the worker and its progress dialog, click Cancel on it, let the worker on."""
    qtbot.waitUntil(gate.reached.is_set, timeout=5000)
    assert gate.threads[0] is not threading.main_thread()  # the work is on a thread of its own

    def shown() -> QProgressDialog:
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QProgressDialog) and w.isVisible()]
        assert dialogs
        return dialogs[0]

    qtbot.waitUntil(lambda: shown() is not None, timeout=5000)
    dialog = shown()
    cancel = dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    gate.opened.set()


def test_save_a_copy_runs_on_a_thread_and_writes_the_copy(window, tmp_path, monkeypatch, qtbot):
    target = tmp_path / "copy.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.save_copy_as()
    qtbot.waitUntil(lambda: "Saved a copy" in window.statusBar().currentMessage(), timeout=10_000)
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT COUNT(*) FROM priorities").fetchone()[0] == 8
    conn.close()


def test_cancel_pressed_while_copying_leaves_no_copy(window, tmp_path, monkeypatch, qtbot):
    target = tmp_path / "copy.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    gate, real_backup_file = Gate(), window_menus.backup_file

    def held_backup_file(source, to, progress):
        gate.wait()
        return real_backup_file(source, to, progress)

    monkeypatch.setattr(window_menus, "backup_file", held_backup_file)
    window.save_copy_as()
    press_cancel(qtbot, gate)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Copy cancelled",
                    timeout=10_000)
    assert list(tmp_path.glob("copy.sqlite*")) == []  # no copy, no part of one


@pytest.fixture
def messages(monkeypatch):
    shown: list[tuple[str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda parent, title, text: shown.append((title, text))))
    return shown


def test_cancel_pressed_while_exporting_writes_no_workbook(window, tmp_path, monkeypatch, qtbot,
                                                           messages):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "partners.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    gate, real_export = Gate(), export_dialog.export_workbook

    def held_export(db, path, **options):
        gate.wait()
        return real_export(db, path, **options)

    monkeypatch.setattr(export_dialog, "export_workbook", held_export)
    export_dialog.run_export(window, window.db, no_personal_data=True)
    press_cancel(qtbot, gate)
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages == [("Partner workbook",
                         f"The export was cancelled; {target} was not written.")]
    assert list(folder.iterdir()) == []  # no workbook, no part of one


def test_an_export_on_a_thread_writes_the_workbook(window, tmp_path, monkeypatch, qtbot,
                                                   messages):
    target = tmp_path / "partners.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    export_dialog.run_export(window, window.db, no_personal_data=True)
    qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
    assert messages[0][0] == "Partner workbook"
    assert messages[0][1].startswith(f"Wrote {target}.")
    assert target.stat().st_size > 10_000


def partner_edits(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    actions = wb.create_sheet("Actions")
    actions.append(["id", "status"])
    actions.append([NEWSLETTER, "complete"])
    wb.save(path)
    return path


def status_of(window) -> str:
    return window.db.execute("SELECT status FROM actions WHERE id = ?",
                             [NEWSLETTER]).fetchone()[0]


def test_cancel_pressed_while_importing_writes_nothing(window, tmp_path, monkeypatch, qtbot):
    path = partner_edits(tmp_path / "back.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.import_from_excel()  # the check runs on a thread too
    qtbot.waitUntil(lambda: window.findChild(PlanDialog) is not None, timeout=10_000)
    dialog = window.findChild(PlanDialog)
    assert [line.new for line in dialog.lines()] == ["complete"]
    gate = Gate()

    def held_apply(db, plan, progress, cancelled):
        gate.wait()
        apply_import(db, plan, progress, cancelled)

    dialog._apply_plan = held_apply
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    press_cancel(qtbot, gate)
    qtbot.waitUntil(lambda: "cancelled" in dialog.note.text(), timeout=10_000)
    assert dialog.note.text() == "Import cancelled: nothing was written."
    assert dialog.isVisible()
    assert status_of(window) == "in progress"


def test_cancel_pressed_while_checking_an_import_shows_no_plan(window, tmp_path, monkeypatch,
                                                              qtbot):
    path = partner_edits(tmp_path / "back.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    gate, real_plan_import = Gate(), import_dialog.plan_import

    def held_plan_import(db, source, progress, cancelled):
        gate.wait()
        return real_plan_import(db, source, progress, cancelled)

    monkeypatch.setattr(import_dialog, "plan_import", held_plan_import)
    window.import_from_excel()
    press_cancel(qtbot, gate)
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=10_000)
    assert window.findChild(PlanDialog) is None
    assert status_of(window) == "in progress"
