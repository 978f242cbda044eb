"""The personal data screens as the officer uses them: the Audit log and a record's
History…, a person's Export their data… and Erase…, and the Retention window."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from cspdesk import audit
from cspdesk.privacy.retention import past_retention
from ui.privacy import audit_dialog
from ui.privacy.audit_dialog import AuditDialog
from ui.privacy.retention_dialog import RetentionDialog
from ui.widgets.forms import FormDialog

YES = QMessageBox.StandardButton.Yes


@pytest.fixture
def win(qtbot, demo_window):
    window = demo_window
    return window


@pytest.fixture
def page(win):
    tab = win.tab_pages[0]
    tab.pages.setCurrentWidget(tab.structure)
    tab.structure.stack.setCurrentWidget(tab.structure.people)
    return tab.structure


@pytest.fixture
def messages(monkeypatch):
    """Every question is answered Yes; what each message box said is kept."""
    said = []

    def question(_parent, _title, text, *args):
        said.append(text)
        return YES

    monkeypatch.setattr(QMessageBox, "question", question)
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda _p, _t, text, *a: said.append(text))
    return said


def click(qtbot, record_list, text):
    button = next(b for b in record_list.findChildren(QPushButton) if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def rows(view):
    model = view.model()
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def choose_person(page, name):
    view = page.people.view
    row = next(r for r in range(view.model().rowCount())
               if view.model().index(r, 0).data() == name)
    view.setCurrentIndex(view.model().index(row, 0))


def shown_dialogs(monkeypatch):
    """History… windows are not run: each is kept to be read."""
    kept = []
    monkeypatch.setattr(AuditDialog, "exec", lambda self: kept.append(self) or 0)
    return kept


def first_person(page):
    return page.people.view.model().index(0, 0).data()


def change_phone(qtbot, page, monkeypatch, name, phone):
    def edit(dialog):
        dialog.widgets["phone"].setText(phone)
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(FormDialog, "exec", edit)
    choose_person(page, name)
    click(qtbot, page.people, "Edit…")


def test_a_phone_changed_through_the_form_is_in_the_persons_history(qtbot, page, monkeypatch):
    name = first_person(page)
    old = next(r[4] for r in rows(page.people.view) if r[0] == name) or ""
    change_phone(qtbot, page, monkeypatch, name, "01632 960999")
    kept = shown_dialogs(monkeypatch)
    choose_person(page, name)
    click(qtbot, page.people, "History…")
    assert kept[0].windowTitle() == f"History of {name}"
    assert rows(kept[0].view)[0][1:] == (audit.current_user(), "form", "person",
                                         rows(kept[0].view)[0][4], "changed", "phone", old,
                                         "01632 960999")
    assert all(r[3] == "person" for r in rows(kept[0].view))


def test_the_filters_narrow_the_log(qtbot, win, page, monkeypatch):
    change_phone(qtbot, page, monkeypatch, first_person(page), "01632 960888")
    change_phone(qtbot, page, monkeypatch, first_person(page), "01632 960889")
    dialog = AuditDialog(win.db, win)
    qtbot.addWidget(dialog)
    everything = rows(dialog.view)
    dialog.kind.setCurrentIndex(dialog.kind.findData("people"))
    people = rows(dialog.view)
    assert 0 < len(people) < len(everything) or {r[3] for r in everything} == {"person"}
    assert {r[3] for r in people} == {"person"}
    assert dialog.count.text() == "2 changes shown."
    dialog.start.setDate(None)
    dialog.start.line.setText("01/01/2099")
    dialog.start.finish()
    assert rows(dialog.view) == []
    assert dialog.count.text() == "No changes match these choices."


def test_the_log_shown_is_the_log_exported(qtbot, win, page, monkeypatch, messages, tmp_path):
    change_phone(qtbot, page, monkeypatch, first_person(page), "01632 960777")
    target = tmp_path / "log.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog = AuditDialog(win.db, win)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("people"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert messages[-1] == f"Wrote {target}."
    sheet = openpyxl.load_workbook(target)["Audit log"]
    read = [tuple("" if v is None else str(v) for v in row)
            for row in sheet.iter_rows(values_only=True)]
    assert read[0] == ("When", "User", "Through", "Kind of record", "Record", "Action",
                       "Field", "Old", "New")
    assert read[1:] == rows(dialog.view)
    assert ("phone", "01632 960777") in {(r[6], r[8]) for r in read}


def test_the_safer_streets_action_has_its_history(qtbot, win, monkeypatch):
    tab = win.tab_pages[3]
    win.tabs.setCurrentWidget(tab)
    actions = tab.actions
    first = actions.view.model().index(0, 0)
    actions.view.setCurrentIndex(first)
    action = actions.selected()
    kept = shown_dialogs(monkeypatch)
    assert actions.history_action in actions.view.actions()  # its context menu
    actions.history_action.trigger()
    assert kept[0].windowTitle() == f"History of {action.title}"
    assert kept[0].record_id == action.id and not kept[0].kind.isEnabled()
    assert kept[0].kind.currentText() == "Action"
    assert {r[4] for r in rows(kept[0].view)} <= {f"{action.title[:59].rstrip()}… ({action.id})"
                                                  if len(action.title) > 60
                                                  else f"{action.title} ({action.id})"}


def test_erase_lists_what_will_go_and_the_person_leaves_the_people_list(qtbot, page,
                                                                        messages):
    name = first_person(page)
    choose_person(page, name)
    click(qtbot, page.people, "Erase…")
    assert messages[0].startswith(f"Erase {name} from this database? This will remove:\n"
                                  "• Their name, email and phone on their record: 1\n")
    assert "Their attendance figures by organisation stay as they are." in messages[0]
    assert messages[1].startswith(f"{name} was erased: ")
    names = [r[0] for r in rows(page.people.view)]
    assert name not in names
    assert any(n.startswith("Erased person ") for n in names)


def test_export_their_data_writes_their_record(qtbot, page, monkeypatch, messages, tmp_path):
    name = first_person(page)
    target = tmp_path / "them.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    choose_person(page, name)
    click(qtbot, page.people, "Export their data…")
    assert messages == [f"Wrote {target}."]
    record = openpyxl.load_workbook(target)["Record"]
    assert record.cell(2, 1).value == name


def test_retention_lists_what_is_past_and_anonymises_it(qtbot, win, messages):
    dialog = RetentionDialog(win.db, win)
    qtbot.addWidget(dialog)
    for spin in dialog.spins.values():
        spin.setValue(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    due = past_retention(win.db)
    listed = [dialog.due_list.item(n).text() for n in range(dialog.due_list.count())]
    assert listed == [d.words for d in due]
    updates = next(d for d in due if d.rule.key == "retention_action_updates_years")
    assert f"Action updates (authors and names): {len(updates.ids):,} past 1 year" in listed
    assert updates.ids and dialog.anonymise_button.isEnabled()
    qtbot.mouseClick(dialog.anonymise_button, Qt.MouseButton.LeftButton)
    assert messages[0].startswith("Anonymise these records? This cannot be undone:\n• ")
    assert messages[1].startswith("Anonymised ") and messages[1].endswith(
        " records past retention.")
    after = [dialog.due_list.item(n).text() for n in range(dialog.due_list.count())]
    assert "People who have left: 0 past 1 year" in after
    assert "Attendance marks (reasons for apologies): 0 past 1 year" in after
    assert "Action updates (authors and names): 0 past 1 year" in after  # not listed again
    authors = {row[0] for row in win.db.execute("SELECT id, author FROM action_updates")
               if row[1] is not None}
    assert not authors & set(updates.ids)


def test_the_file_menu_opens_the_audit_log(win, monkeypatch):
    opened = []
    monkeypatch.setattr(audit_dialog.AuditDialog, "exec", lambda self: opened.append(self))
    menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&File")
    next(a for a in menu.actions() if a.text() == "&Audit log…").trigger()
    assert opened[0].windowTitle() == "Audit log"
