"""The Priorities tab driven as the Support Officer uses it: add, reorder, search, revert,
carry the year forward, and never lose an unsaved edit."""

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from cspdesk.priorities.priorities import financial_years, list_priorities
from ui.priorities.carry_dialog import CarryForwardDialog
from ui.priorities.priorities_tab import PrioritiesTab

YEAR = "2023/24"
CTRL = Qt.KeyboardModifier.ControlModifier
Button = QMessageBox.StandardButton


@pytest.fixture
def tab(qtbot, demo_db):
    widget = PrioritiesTab()
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.set_database(demo_db)
    widget.show()
    return widget


@pytest.fixture
def answer(monkeypatch):
    """Answer the unsaved-changes question with the button given; records each question."""
    asked = []

    def set_answer(button):
        def question(parent, title, text, *args, **kwargs):
            asked.append(text)
            return button

        monkeypatch.setattr(QMessageBox, "question", question)
        return asked

    return set_answer


def titles(tab):
    return [p.title for p in tab.model.all_rows()]


def stored_titles(db, year=YEAR):
    return [p.title for p in list_priorities(db, year)]


def select(tab, title):
    tab.list.setCurrentIndex(tab.model.index(titles(tab).index(title), 0))


def test_the_demo_register_is_shown_with_the_first_priority(tab):
    assert not tab.showing_empty_state()
    assert tab.year.currentText() == YEAR
    assert tab.model.rowCount() == 8
    assert tab.model.index(0, 0).data() == "1. Domestic Violence"
    form = tab.panel.form
    assert form.title.text() == "Domestic Violence"
    assert "approx. 50%" in form.texts["evidence"].toPlainText()
    assert tab.count_label.text() == "8 priorities, 8 agreed"
    assert not tab.panel.dirty


def test_add_a_priority(tab, qtbot):
    qtbot.mouseClick(tab.buttons["new"], Qt.MouseButton.LeftButton)
    form = tab.panel.form
    assert form.title.text() == "" and "New priority" in tab.panel.heading.text()
    qtbot.keyClicks(form.title, "Shoplifting")
    qtbot.keyClicks(form.texts["evidence"], "Town centre thefts rose by a quarter.")
    form.measure_ids.item(11).setCheckState(Qt.CheckState.Checked)  # Shoplifting
    assert tab.panel.dirty
    qtbot.mouseClick(tab.panel.save_button, Qt.MouseButton.LeftButton)
    assert not tab.panel.dirty
    assert stored_titles(tab.db)[-1] == "Shoplifting"
    assert titles(tab)[-1] == "Shoplifting"
    assert tab.list.currentIndex().row() == 8
    saved = list_priorities(tab.db, YEAR)[-1]
    assert saved.evidence == "Town centre thefts rose by a quarter."
    assert saved.districts == ["Bassetlaw", "Newark and Sherwood"]  # both, unless told
    assert len(saved.measure_ids) == 1
    assert "Shoplifting" in tab.panel.links_line.text()


@pytest.mark.parametrize("title, field, setup", [
    ("", "title", None),
    ("burglary", "title", None),
    ("Fraud", "review_date", "early review"),
])
def test_refusals_are_shown_at_the_field(tab, qtbot, title, field, setup):
    form = tab.panel.form
    tab.new_priority()
    qtbot.keyClicks(form.title, title)
    if setup == "early review":
        form.agreed_meeting_id.setCurrentIndex(form.agreed_meeting_id.findText("JSG 18/04/2023"))
        form.review_date.setDate(form.review_date.date().fromString("01/04/2023", "dd/MM/yyyy"))
    before = stored_titles(tab.db)
    assert not tab.panel.save()
    assert form.errors[field].isVisible(), form.errors[field].text()
    assert stored_titles(tab.db) == before
    assert tab.panel.form.title.text() == title  # what was typed is kept


def test_reorder_with_the_keyboard_and_by_dragging(tab, qtbot):
    select(tab, "Burglary")
    tab.list.setFocus()
    qtbot.keyClick(tab.list, Qt.Key.Key_Up, CTRL)
    assert stored_titles(tab.db)[:2] == ["Burglary", "Domestic Violence"]
    assert tab.model.index(0, 0).data() == "1. Burglary"
    assert tab.panel.form.title.text() == "Burglary"  # still the one being edited
    assert tab.list.currentIndex().row() == 0
    qtbot.keyClick(tab.list, Qt.Key.Key_Down, CTRL)
    qtbot.keyClick(tab.list, Qt.Key.Key_Down, CTRL)
    assert stored_titles(tab.db)[:3] == ["Domestic Violence", "Rural Crime", "Burglary"]
    # A drop of the first row between the fourth and fifth.
    data = tab.model.mimeData([tab.model.index(0, 0)])
    tab.model.dropMimeData(data, Qt.DropAction.MoveAction, 4, 0, QModelIndex())
    assert stored_titles(tab.db)[:4] == ["Rural Crime", "Burglary",
                                         "Area based work/Town Centre Issues (ASB)",
                                         "Domestic Violence"]
    positions = [p.position for p in list_priorities(tab.db, YEAR)]
    assert positions == list(range(1, 9))


def test_search_looks_through_every_text(tab, qtbot):
    qtbot.keyClicks(tab.search, "tolney lane")
    assert titles(tab) == ["Gypsy and Travellers (Newark)"]
    assert "local concerns" in tab.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tab.count_label.text() == "1 found"
    assert not tab.buttons["up"].isEnabled()  # no reordering a search's hits
    tab.search.clear()
    assert len(titles(tab)) == 8


def test_revert_and_undo_put_back_the_text(tab, qtbot):
    form = tab.panel.form
    evidence = form.texts["evidence"]
    original = evidence.toPlainText()
    evidence.moveCursor(evidence.textCursor().MoveOperation.End)
    qtbot.keyClicks(evidence, " More text.")
    form.status.setCurrentIndex(form.status.findData("retired"))
    assert tab.panel.dirty and tab.panel.revert_button.isEnabled()
    qtbot.mouseClick(tab.panel.revert_button, Qt.MouseButton.LeftButton)
    assert evidence.toPlainText() == original and form.status.currentData() == "agreed"
    assert not tab.panel.dirty
    qtbot.keyClicks(form.lead_officer, "X")
    assert tab.panel.dirty
    qtbot.keyClick(form.lead_officer, Qt.Key.Key_Z, CTRL)
    assert form.lead_officer.text() == "Claire Ellison" and not tab.panel.dirty


def test_choosing_another_priority_with_unsaved_edits_asks(tab, qtbot, answer):
    form = tab.panel.form
    qtbot.keyClicks(form.lead_officer, " (acting)")
    asked = answer(Button.Cancel)
    select(tab, "Burglary")
    assert asked and form.title.text() == "Domestic Violence"  # stayed, edit kept
    assert tab.list.currentIndex().row() == 0 and tab.panel.dirty
    answer(Button.Discard)
    select(tab, "Burglary")
    assert form.title.text() == "Burglary"
    assert list_priorities(tab.db, YEAR)[0].lead_officer == "Claire Ellison"


def test_closing_with_an_unsaved_edit_asks_save_discard_or_cancel(tab, qtbot, answer):
    form = tab.panel.form
    qtbot.keyClicks(form.lead_officer, " (acting)")
    answer(Button.Cancel)
    assert not tab.confirm_leave() and tab.panel.dirty
    answer(Button.Save)
    assert tab.confirm_leave() and not tab.panel.dirty
    assert list_priorities(tab.db, YEAR)[0].lead_officer == "Claire Ellison (acting)"
    assert tab.confirm_leave()  # nothing unsaved: no question


def test_a_refused_save_on_leaving_keeps_the_edit(tab, qtbot, answer):
    tab.panel.form.title.clear()
    answer(Button.Save)
    assert not tab.confirm_leave()
    assert tab.panel.form.errors["title"].isVisible()


def test_the_main_window_asks_the_tab_before_closing(qtbot, demo_window, answer):
    window = demo_window
    tab = next(p for p in window.tab_pages if isinstance(p, PrioritiesTab))
    window.tabs.setCurrentWidget(tab)
    qtbot.keyClicks(tab.panel.form.lead_officer, "!")
    asked = answer(Button.Cancel)
    window.close()
    assert asked and window.isVisible() and window.db is not None
    answer(Button.Discard)
    window.close()
    assert not window.isVisible()


def test_carry_the_year_forward(tab, qtbot, monkeypatch):
    def choose_some(dialog):
        assert len(dialog.items()) == 8 and len(dialog.ticked_ids()) == 8
        dialog.tick_all(Qt.CheckState.Unchecked)
        for item in dialog.items()[:3]:
            item.setCheckState(Qt.CheckState.Checked)
        dialog.try_carry()
        return dialog.result()

    monkeypatch.setattr(CarryForwardDialog, "exec", choose_some)
    qtbot.mouseClick(tab.buttons["carry"], Qt.MouseButton.LeftButton)
    assert financial_years(tab.db) == ["2024/25", YEAR]
    assert tab.year.currentText() == "2024/25"
    assert titles(tab) == ["Domestic Violence", "Burglary", "Rural Crime"]
    assert tab.panel.form.title.text() == "Domestic Violence"
    assert tab.panel.form.status.currentData() == "proposed"
    assert "Carried forward from 2023/24" in tab.panel.history.toPlainText()
    old = {p.title: p.id for p in list_priorities(tab.db, YEAR)}
    assert [p.carried_from_id for p in list_priorities(tab.db, "2024/25")] == [
        old["Domestic Violence"], old["Burglary"], old["Rural Crime"]]


def test_the_carry_dialog_refuses_nothing_ticked_and_marks_those_carried(tab, qtbot):
    dialog = CarryForwardDialog(tab.db, YEAR, tab)
    qtbot.addWidget(dialog)
    dialog.tick_all(Qt.CheckState.Unchecked)
    dialog.try_carry()
    assert not dialog.error.isHidden() and "at least one" in dialog.error.text()
    dialog.items()[1].setCheckState(Qt.CheckState.Checked)
    dialog.try_carry()
    assert dialog.result() == dialog.DialogCode.Accepted and len(dialog.new_ids) == 1
    again = CarryForwardDialog(tab.db, YEAR, tab)
    qtbot.addWidget(again)
    assert "already in 2024/25" in again.items()[1].text()
    assert len(again.ticked_ids()) == 7


def test_search_all_years_and_the_history_page(tab, qtbot, monkeypatch):
    monkeypatch.setattr(CarryForwardDialog, "exec",
                        lambda dialog: (dialog.try_carry(), dialog.result())[1])
    tab.carry_forward()
    tab.all_years.setChecked(True)
    qtbot.keyClicks(tab.search, "hare coursing")
    assert [tab.model.index(r, 0).data() for r in range(tab.model.rowCount())] == [
        "2024/25 · 3. Rural Crime", "2023/24 · 3. Rural Crime"]
    tab.list.setCurrentIndex(tab.model.index(1, 0))
    assert tab.panel.financial_year == YEAR
    assert "Still on the register in 2024/25" in tab.panel.history.toPlainText()


def test_links_page_shows_the_measure_change_and_actions(tab):
    select(tab, "Area based work/Town Centre Issues (ASB)")
    links = tab.panel.links
    change = links.measures.row_at(0)
    assert change.measure == "Anti-social behaviour" and change.change_text == "-5%"
    assert links.measures.index(0, 1).data() == "2022/23 against 2021/22"
    assert links.actions.rowCount() == 23
    assert "Anti-social behaviour -5% (2022/23 against 2021/22)" in tab.panel.links_line.text()


def test_export_writes_the_register(tab, tmp_path, monkeypatch):
    target = tmp_path / "register.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    qtbot_click = tab.buttons["export"]
    qtbot_click.click()
    assert target.exists() and "Wrote" in shown[0]


def test_an_empty_database_starts_a_register(qtbot, db, monkeypatch):
    tab = PrioritiesTab()
    qtbot.addWidget(tab)
    tab.set_database(db)
    assert tab.showing_empty_state()
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("2024/25", True))
    qtbot.mouseClick(tab.empty_state.action_button, Qt.MouseButton.LeftButton)
    assert not tab.showing_empty_state() and tab.year.currentText() == "2024/25"
    qtbot.keyClicks(tab.panel.form.title, "Serious Violence")
    assert tab.panel.save()
    assert stored_titles(db, "2024/25") == ["Serious Violence"]
    assert titles(tab) == ["Serious Violence"]


def test_delete_asks_and_renumbers(tab, monkeypatch):
    select(tab, "Rural Crime")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: Button.Yes)
    tab.delete_priority()
    assert "Rural Crime" not in stored_titles(tab.db)
    assert tab.model.index(2, 0).data().startswith("3. Area based work")


def test_another_year_starts_an_empty_register_for_it(tab, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("2025/26", True))
    tab.year.setCurrentIndex(tab.year.count() - 1)  # "Another year…"
    assert tab.year.currentText() == "2025/26"
    assert titles(tab) == [] and "for the 2025/26 register" in tab.panel.heading.text()
    tab.year.setCurrentIndex(tab.year.findText(YEAR))
    assert len(titles(tab)) == 8


def test_a_year_not_written_as_one_is_refused_and_nothing_starts(tab, monkeypatch):
    told = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("next year", True))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: told.append(text))
    tab.start_register()
    assert len(told) == 1 and "next year" in told[0]
    assert tab.year.currentText() == YEAR and len(titles(tab)) == 8


def test_an_unsaved_edit_survives_a_refresh_from_another_tab(tab, qtbot):
    form = tab.panel.form
    qtbot.keyClicks(form.lead_officer, " (acting)")
    tab.db.execute("UPDATE actions SET status = 'complete' WHERE priority_id = ?",
                   [tab.panel.priority_id])
    tab.refresh()  # what the main window does after another tab wrote
    assert form.lead_officer.text() == "Claire Ellison (acting)" and tab.panel.dirty
    assert "2 actions (2 complete)" in tab.panel.links_line.text()
