"""The window's backups: the day's first opening makes one, imports make one, and File >
Restore from Backup lists them (what each holds) and puts one back."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cspdesk.errors import DatabaseError
from cspdesk.store.backups import STAMP, list_backups
from ui import backups as ui_backups
from ui import restore_dialog
from ui.exchange.import_dialog import PlanDialog
from ui.main_window import MainWindow
from ui.restore_dialog import RestoreDialog

Flag = QItemSelectionModel.SelectionFlag
POLICE_UK_SAMPLE = Path(__file__).parent / "data" / "policeuk" / "2023-01.zip"


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def open_window(qtbot, path, settings):
    win = MainWindow(path, settings=settings)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def messages(monkeypatch):
    shown = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind,
                            lambda *a, kind=kind: shown.append((kind, a[1], a[2])))
    return shown


def test_the_days_first_opening_makes_a_backup(qtbot, demo_path, settings):
    window = open_window(qtbot, demo_path, settings)
    [daily] = list_backups(demo_path)
    assert daily.kind == "daily"
    assert window.statusBar().currentMessage() == f"Made today's backup: {daily.path}"
    window.close()
    open_window(qtbot, demo_path, settings)
    assert list_backups(demo_path) == [daily]  # one a day


def test_a_backup_that_cannot_be_made_is_said(qtbot, demo_path, settings, monkeypatch,
                                              messages):
    def full_disk(db, progress, cancelled):
        raise DatabaseError("The copy to backups/demo-daily.sqlite failed: No space left on "
                            "device.")

    monkeypatch.setattr(ui_backups, "backup_if_due", full_disk)
    window = open_window(qtbot, demo_path, settings)
    assert messages == [("warning", "Backup not made", "Today's backup of demo.sqlite was not "
                         "made: The copy to backups/demo-daily.sqlite failed: No space left "
                         "on device.")]
    assert window.db is not None  # the database stays open


def test_a_police_uk_import_in_the_window_backs_up_first(qtbot, demo_path, settings,
                                                         monkeypatch, messages):
    window = open_window(qtbot, demo_path, settings)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: ([str(POLICE_UK_SAMPLE)], ""))
    window.tab_pages[1].import_files()
    assert messages[0][1] == "police.uk import"
    backup = next(b for b in list_backups(demo_path) if b.kind == "import")
    conn = sqlite3.connect(backup.path)
    assert conn.execute("SELECT count(*) FROM monthly_counts").fetchone()[0] == 432
    conn.close()


def dialog_rows(dialog):
    model = dialog.view.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_the_dialog_lists_when_why_size_and_what_each_holds(qtbot, demo_path, settings):
    window = open_window(qtbot, demo_path, settings)
    daily = list_backups(demo_path)[0]
    dialog = RestoreDialog(window, demo_path)
    qtbot.addWidget(dialog)
    headers = [dialog.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(dialog.model.columnCount())]
    assert headers == ["Made", "Why", "Size", "Meetings", "Attendance marks", "Monthly counts",
                       "Latest month"]
    size = f"{round(daily.path.stat().st_size / 1024)} KB"
    assert dialog_rows(dialog) == [[daily.made.strftime("%d/%m/%Y %H:%M"),
                                    "the day's first opening", size, "45", "344", "432",
                                    "March 2023"]]
    assert "The backups of demo.sqlite in " in dialog.note.text()
    assert dialog.restore_button.isEnabled()


def test_restore_from_the_dialog_puts_the_backup_back(qtbot, demo_path, settings,
                                                      monkeypatch, messages):
    window = open_window(qtbot, demo_path, settings)
    [daily] = list_backups(demo_path)
    window.db.execute("DELETE FROM attendance")
    window.db.conn.commit()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a: QMessageBox.StandardButton.Yes)
    dialog = restore_dialog.open_restore_dialog(window)
    dialog.restore_button.click()
    assert window.db.execute("SELECT count(*) FROM attendance").fetchone()[0] == 344
    aside = list_backups(demo_path)[0]
    assert aside.kind == "before-restore"
    made = daily.made.strftime("%d/%m/%Y %H:%M")
    assert messages == [("information", "Restored", f"Restored the backup made {made} into "
                         f"demo.sqlite. The database as it was is kept as {aside.path}.")]
    meetings = window.tab_pages[0]
    assert meetings.db is window.db  # the tabs show the restored file


def test_a_damaged_backup_cannot_be_chosen(qtbot, demo_path, settings):
    window = open_window(qtbot, demo_path, settings)
    [daily] = list_backups(demo_path)
    yesterday = (dt.datetime.now() - dt.timedelta(days=1)).strftime(STAMP)
    daily.path.with_name(f"demo-import-{yesterday}.sqlite").write_bytes(b"not a database")
    dialog = RestoreDialog(window, demo_path)
    qtbot.addWidget(dialog)
    view = dialog.view
    view.selectionModel().select(view.model().index(1, 0), Flag.ClearAndSelect | Flag.Rows)
    assert dialog_rows(dialog)[1][3:] == ["", "", "", dialog.chosen().problem]
    assert "cannot be read" in dialog.chosen().problem
    assert not dialog.restore_button.isEnabled()


def test_a_refused_restore_leaves_the_database_open_as_it_was(qtbot, demo_path, settings,
                                                              monkeypatch, messages):
    window = open_window(qtbot, demo_path, settings)
    [daily] = list_backups(demo_path)
    conn = sqlite3.connect(daily.path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    restore_dialog.restore_into(window, daily)
    assert messages[0][:2] == ("warning", "Not restored")
    assert "made by a newer cspdesk" in messages[0][2]
    assert window.db.execute("SELECT count(*) FROM attendance").fetchone()[0] == 344


def test_a_workbook_import_in_the_window_backs_up_before_apply(qtbot, demo_path, settings,
                                                               monkeypatch, tmp_path):
    window = open_window(qtbot, demo_path, settings)
    workbook = Workbook()
    workbook.active.title = "Actions"
    workbook.active.append(["id", "status"])
    workbook.active.append([11, "complete"])
    workbook.save(tmp_path / "back.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(tmp_path / "back.xlsx"), ""))
    window.import_from_excel()
    assert [b.kind for b in list_backups(demo_path)] == ["daily"]  # nothing before Apply
    window.findChild(PlanDialog).apply_button.click()
    backup = list_backups(demo_path)[0]
    assert backup.kind == "import"
    conn = sqlite3.connect(backup.path)
    assert conn.execute("SELECT status FROM actions WHERE id = 11").fetchone()[0] == \
        "in progress"
    conn.close()
    assert window.db.execute("SELECT status FROM actions WHERE id = 11").fetchone()[0] == \
        "complete"


def test_the_file_menu_opens_the_restore_dialog(qtbot, demo_path, settings):
    window = open_window(qtbot, demo_path, settings)
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "Restore from &Backup…")
    action.trigger()
    dialog = window.findChild(RestoreDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Restore from backup"
    dialog.close()
