"""Erase…, Anonymise… and Export their data… run off the GUI thread with a progress dialog
and Cancel: the window stays alive, Cancel before the commit leaves everything as it was,
and an erasure made from the window (its own connection still open) leaves no byte of the
person in the file or its -wal."""

from __future__ import annotations

import threading

import openpyxl
import pytest
from kill_harness import dump  # tests/kill_harness.py
from PySide6.QtWidgets import QFileDialog
from test_privacy_screens import choose_person, click, first_person, messages, page, rows, win

from cspdesk import audit
from cspdesk.meetings.attendance import attendance_statistics
from cspdesk.privacy import erasure, retention
from ui import background
from ui.privacy import person_actions, retention_dialog
from ui.privacy.retention_dialog import RetentionDialog

__all__ = ["messages", "page", "win"]  # fixtures


def person_data(db, name):
    return db.execute("SELECT id, email, phone FROM people WHERE name = ?", [name]).fetchone()


def bytes_holding(path, secrets):
    found = []
    for suffix in ("", "-wal"):
        part = path.with_name(path.name + suffix)
        data = part.read_bytes().lower() if part.exists() else b""
        found += [f"{s} in {part.name}" for s in secrets if s.lower().encode() in data]
    return found


def threads_of(monkeypatch, module, name):
    """Where ``module.name`` runs: the names of the threads that called it."""
    seen = []
    real = getattr(module, name)

    def spy(*args, **kwargs):
        seen.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


def cancel_at(monkeypatch, step):
    """The progress dialog's Cancel is pressed once the work reports ``step`` done."""

    class Dialog(background.QProgressDialog):
        def setValue(self, value):  # noqa: N802 - Qt's name
            super().setValue(value)
            if value >= step and not self.wasCanceled():
                self.canceled.emit()  # as the Cancel button does

    monkeypatch.setattr(background, "QProgressDialog", Dialog)


@pytest.mark.real_threads
def test_erase_runs_off_the_gui_thread_and_leaves_no_byte_behind(qtbot, page, messages,
                                                                  demo_path, monkeypatch):
    on_main = threads_of(monkeypatch, person_actions, "erase_records")
    name = first_person(page)
    person, email, phone = person_data(page.db, name)
    by_organisation = attendance_statistics(page.db, "organisation")
    assert bytes_holding(demo_path, [name, email]) != []  # the search finds them
    choose_person(page, name)
    click(qtbot, page.people, "Erase…")
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=30_000)
    assert on_main == [False]
    assert messages[1].startswith(f"{name} was erased: ")
    assert name not in [r[0] for r in rows(page.people.view)]  # the list was refreshed
    assert attendance_statistics(page.db, "organisation") == by_organisation
    assert bytes_holding(demo_path, [name, email, phone]) == []


def test_cancel_before_the_commit_leaves_the_database_as_it_was(qtbot, page, messages,
                                                                demo_path, monkeypatch):
    name = first_person(page)
    before = dump(demo_path)
    cancel_at(monkeypatch, 5)  # a few of the text columns done
    choose_person(page, name)
    click(qtbot, page.people, "Erase…")
    assert messages[1] == "The erasure was cancelled; nothing was erased."
    assert dump(demo_path) == before
    assert name in [r[0] for r in rows(page.people.view)]
    assert not [e for e in audit.entries(page.db) if e.action == "erased"]


def test_a_cancel_that_comes_after_the_commit_reports_the_erasure(qtbot, page, messages,
                                                                  monkeypatch):
    name = first_person(page)
    real = erasure.erase_records

    def then_cancel(db, person_id, progress, cancelled):
        plan = real(db, person_id, progress, cancelled)
        page.findChild(background.QProgressDialog).canceled.emit()  # before the VACUUM
        return plan

    monkeypatch.setattr(person_actions, "erase_records", then_cancel)
    choose_person(page, name)
    click(qtbot, page.people, "Erase…")
    assert messages[1].startswith(f"{name} was erased: ")
    assert name not in [r[0] for r in rows(page.people.view)]


@pytest.fixture
def retention_window(qtbot, win):
    dialog = RetentionDialog(win.db, win)
    qtbot.addWidget(dialog)
    for spin in dialog.spins.values():
        spin.setValue(1)
    dialog.save_periods()
    return dialog


@pytest.mark.real_threads
def test_anonymise_runs_off_the_gui_thread(qtbot, retention_window, messages, monkeypatch):
    on_main = threads_of(monkeypatch, retention_dialog, "anonymise_records")
    retention_window.anonymise()
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=30_000)
    assert on_main == [False]
    assert messages[1].endswith(" records past retention.")
    assert all(not d.ids for d in retention_window.due)


def test_cancelled_anonymising_leaves_every_record_as_it_was(qtbot, retention_window,
                                                             messages, demo_path,
                                                             monkeypatch):
    due = retention.past_retention(retention_window.db)
    people = next(d for d in due if d.rule.key == "retention_people_left_years")
    assert len(people.ids) >= 2, "the demo needs two people who have left"
    before = dump(demo_path)
    cancel_at(monkeypatch, 1)  # after the first person
    retention_window.anonymise()
    assert messages[1] == "Anonymising was cancelled; every record is as it was."
    assert dump(demo_path) == before
    assert [d.words for d in retention_window.due] == [d.words for d in due]


@pytest.mark.real_threads
def test_export_their_data_runs_off_the_gui_thread(qtbot, page, messages, monkeypatch,
                                                    tmp_path):
    on_main = threads_of(monkeypatch, person_actions, "export_person")
    target = tmp_path / "them.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    name = first_person(page)
    choose_person(page, name)
    click(qtbot, page.people, "Export their data…")
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=30_000)
    assert on_main == [False] and messages == [f"Wrote {target}."]
    assert openpyxl.load_workbook(target)["Record"].cell(2, 1).value == name


def test_cancelled_export_writes_no_file(qtbot, page, messages, monkeypatch, tmp_path):
    target = tmp_path / "them.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    cancel_at(monkeypatch, 2)
    choose_person(page, first_person(page))
    click(qtbot, page.people, "Export their data…")
    assert messages == [f"The export was cancelled; {target} was not written."]
    assert not target.exists()

