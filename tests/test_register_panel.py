"""Taking a register as the officer reads it: the counts line and the quorum banner follow every
mark before saving, a half-taken register is saved only when the officer says so, and the
actions arising open from the register."""

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMessageBox

from cspdesk.meetings.register import load_register
from ui.main_window import MainWindow
from ui.meetings.register_model import MARK, NOTE
from ui.widgets.forms import FormDialog

ASBCP_RULE = "half the members (at least 4) present"


@pytest.fixture
def window(qtbot, demo_path, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(demo_path, settings=settings)
    win.show()
    with qtbot.waitActive(win):
        win.activateWindow()  # keys and focus as at the desk
    yield win
    win.tab_pages[0].meetings.register.model.load([])  # else closing asks about the marks
    win.close()
    win.deleteLater()


def meeting(db, group, day):
    return db.execute("SELECT m.id FROM meetings m JOIN groups g ON g.id = m.group_id "
                      "WHERE g.short_name = ? AND m.date = ?", [group, day]).fetchone()[0]


@pytest.fixture
def panel(window):
    """The register of the ASBCP meeting of 29/06/2023: six members, none marked yet, quorum
    half the members with at least 4."""
    page = window.tab_pages[0].meetings
    page.select_meeting(meeting(page.db, "ASBCP", "2023-06-29"))
    page.register.view.setFocus()
    page.register.view.setCurrentIndex(page.register.model.index(0, MARK))
    return page.register


def banner(panel):
    """The quorum banner as the officer reads it (its HTML as plain text)."""
    document = QTextDocument()
    document.setHtml(panel.quorum_label.text())
    return document.toPlainText().replace("\u2028", "\n")


def counts(p=0, o=0, a=0, x=0, s=0, unmarked=0):
    line = (f"Present {p} · Online {o} · Apologies {a} · Absent {x} · Substitutes {s} · "
            "In attendance 0")
    return line + (f" · Not yet marked {unmarked}" if unmarked else "") + " · unsaved changes"


def press(qtbot, panel, key):
    qtbot.keyClick(panel.view, key)


def test_the_counts_and_the_quorum_banner_follow_every_mark_before_saving(panel, qtbot):
    names = [line.name for line in panel.model.rows]
    assert names == ["Daniel Pryce", "Louise Barraclough", "Lisa Greaves", "Naomi Fairbrother",
                     "Paul Danby", "Sophie Kendrick"]
    assert banner(panel) == f"Quorum: {ASBCP_RULE}. Nothing marked yet."
    steps = [
        (Qt.Key.Key_P, counts(p=1, unmarked=5), "Not quorate: 1 of 6 members present; 4 needed"),
        (Qt.Key.Key_O, counts(p=1, o=1, unmarked=4), "Not quorate: 2 of 6 members present"),
        (Qt.Key.Key_X, counts(p=1, o=1, x=1, unmarked=3), "Not quorate: 2 of 6 members"),
        (Qt.Key.Key_P, counts(p=2, o=1, x=1, unmarked=2), "Not quorate: 3 of 6 members present"),
        (Qt.Key.Key_P, counts(p=3, o=1, x=1, unmarked=1), "Quorate: 4 of 6 members present"),
    ]
    for key, line, words in steps:
        press(qtbot, panel, key)
        assert panel.counts.text() == line
        assert banner(panel).startswith(words)
    assert banner(panel) == (
        f"Quorate: 4 of 6 members present; 4 needed (rule: {ASBCP_RULE})\n"
        "Responsible authorities not represented: county council, fire and rescue, "
        "integrated care board")
    assert panel.model.dirty  # all of that before anything was saved
    assert all(line.mark is None for line in load_register(panel.db, panel.meeting_id))


def test_the_a_key_marks_apologies_and_waits_for_the_reason(panel, qtbot):
    press(qtbot, panel, Qt.Key.Key_A)
    assert panel.model.index(0, MARK).data() == "Apologies"
    assert panel.view.currentIndex().row() == 0  # stays for the reason
    assert panel.view.currentIndex().column() == NOTE
    assert panel.counts.text() == counts(a=1, unmarked=5)
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = panel.view.focusWidget()
    qtbot.keyClicks(editor, "On leave")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Qt commits the reason on its next turn
    qtbot.waitUntil(lambda: panel.model.index(0, NOTE).data() == "On leave", timeout=2000)
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    press(qtbot, panel, Qt.Key.Key_X)
    assert panel.model.index(1, MARK).data() == "Absent"
    assert panel.counts.text() == counts(a=1, x=1, unmarked=4)


def answer(monkeypatch, button):
    asked = []

    def question(parent, title, text, *args):
        asked.append((title, text))
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def status(panel):
    return panel.db.execute("SELECT status FROM meetings WHERE id = ?",
                            [panel.meeting_id]).fetchone()[0]


def stored_marks(panel):
    return panel.db.execute("SELECT COUNT(*) FROM attendance WHERE meeting_id = ?",
                            [panel.meeting_id]).fetchone()[0]


def test_saving_a_half_taken_register_asks_first_and_says_how_many_are_unmarked(
        panel, qtbot, monkeypatch):
    press(qtbot, panel, Qt.Key.Key_P)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert asked == [("Register not finished",
                      "5 of 6 members are not yet marked; saved now, they count as absent and "
                      "the meeting is recorded as held. Save the register anyway?")]
    assert (stored_marks(panel), status(panel), panel.model.dirty) == (0, "scheduled", True)
    for _ in range(4):
        press(qtbot, panel, Qt.Key.Key_P)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Save)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert asked[0][1].startswith("1 of 6 members is not yet marked; saved now")
    assert (stored_marks(panel), status(panel), panel.model.dirty) == (5, "held", False)


def test_a_register_with_everyone_marked_saves_without_asking(panel, qtbot, monkeypatch):
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(panel.all_present, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert asked == []
    assert (stored_marks(panel), status(panel)) == (6, "held")
    assert banner(panel).startswith("Quorate: 6 of 6 members present; 4 needed")


def test_an_action_arising_opens_from_the_register_and_the_marks_stay(window, qtbot,
                                                                    monkeypatch):
    page = window.tab_pages[0].meetings
    page.select_meeting(meeting(page.db, "JSG", "2023-04-18"))
    panel = page.register
    panel.model.set_mark(0, "apologies")  # a change being made, not saved
    rows = panel.actions_model.all_rows()
    assert [a.description[:20] for a in rows] == ["Report the agreed 20", "Scope a single Commu"]
    panel.actions_view.setCurrentIndex(panel.actions_model.index(1, 0))
    opened = []

    def edit(dialog):
        opened.append(dialog.windowTitle())
        dialog.widgets["due_date"].line.selectAll()
        qtbot.keyClicks(dialog.widgets["due_date"].line, "31 October 2023")
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(FormDialog, "exec", edit)
    qtbot.mouseClick(panel.edit_action, Qt.MouseButton.LeftButton)
    assert opened == ["Edit action"]
    assert panel.actions_model.index(1, 2).data() == "31/10/2023"
    assert panel.model.dirty and panel.model.rows[0].mark == "apologies"
    panel.actions_view.setCurrentIndex(panel.actions_model.index(0, 0))
    qtbot.keyClick(panel.actions_view, Qt.Key.Key_Return)  # Enter opens it too
    assert opened == ["Edit action", "Edit action"]


def test_a_rule_of_authorities_names_those_still_missing_as_marks_are_made(window, qtbot):
    page = window.tab_pages[0].meetings
    page.select_meeting(meeting(page.db, "JSG", "2023-04-18"))
    panel = page.register
    for row in range(panel.model.rowCount()):
        panel.model.set_mark(row, None)  # taking it again from the start
    rule = "district council, police and county council represented"
    assert banner(panel) == f"Quorum: {rule}. Nothing marked yet."
    panel.model.set_mark(0, "present")  # Helen Ashworth, NSDC
    assert banner(panel) == (
        f"Not quorate: police and county council not represented (rule: {rule})\n"
        "Responsible authorities not represented: county council, police, fire and rescue, "
        "integrated care board")
    names = [line.name for line in panel.model.rows]
    panel.model.set_mark(names.index("Karen Oldfield"), "present")  # NCC
    assert banner(panel).startswith(f"Not quorate: police not represented (rule: {rule})")
    panel.model.set_mark(names.index("James Rowland"), "present online")  # the police
    assert banner(panel).startswith(f"Quorate: {rule} (rule: {rule})")
