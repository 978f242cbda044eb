"""Tab follows the screen: on every tab, page and main dialog, pressing Tab goes left to
right and top to bottom, one panel at a time, and reaches every control that is enabled."""

from __future__ import annotations

import pytest
from focus_walk import first_control, name, out_of_order, reachable, tab_walk  # tests/focus_walk.py
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from cspdesk.programmes.programmes import list_actions, list_programmes
from ui.accessibility import follow_reading_order
from ui.app import create_application
from ui.exchange.export_dialog import ExportDialog
from ui.find import FindDialog
from ui.meetings.meeting_dialogs import SeriesDialog, meeting_dialog
from ui.meetings.structure_dialogs import group_dialog
from ui.priorities.carry_dialog import CarryForwardDialog
from ui.privacy.audit_dialog import AuditDialog
from ui.privacy.retention_dialog import RetentionDialog
from ui.programmes.dialogs import SpendDialog, action_dialog, programme_dialog
from ui.reports.report_dialog import CommitteeReportDialog


@pytest.fixture
def window(program_style, laptop_window):
    laptop_window.activateWindow()
    return laptop_window


@pytest.fixture
def program_style():
    create_application()  # as the program starts: every dialog shown gets the order


def screens(window):
    """Each tab and each page inside it, shown in turn: (its name)."""
    for number, page in enumerate(window.tab_pages):
        window.tabs.setCurrentIndex(number)
        yield page.title
        for sub, show in page.sub_pages():
            show()
            yield f"{page.title} > {sub}"


def assert_reading_order(root: QWidget, start: QWidget, where: str) -> list[QWidget]:
    QApplication.processEvents()
    walk = tab_walk(start)
    assert out_of_order(walk) == [], where
    missed = [name(w) for w in reachable(root) if w not in walk]
    assert missed == [], where
    return walk


def test_tab_reads_every_tab_and_page_in_order(window, qtbot):
    for where in screens(window):
        qtbot.wait(1)
        walk = assert_reading_order(window.tabs.currentWidget(), window.find_box, where)
        assert walk[0] is window.find_box and walk[1] is window.tabs.tabBar(), where


def test_the_priority_form_reads_row_by_row_then_the_measures_beside_it(window, qtbot):
    window.tabs.setCurrentIndex(2)
    tab = window.tab_pages[2]
    qtbot.waitUntil(tab.isVisible)
    names = [name(w) for w in tab_walk(window.find_box)]
    districts = names.index("Bassetlaw")
    measures = next(n for n, text in enumerate(names) if text.startswith("The performance"))
    assert districts < measures  # the districts (row 2) before the list at the right
    assert names.index("Newark and Sherwood") == districts + 1


def open_dialogs(db, window):
    """The main dialogs, each as its menu or button would open it."""
    programme = next(p for p in list_programmes(db) if p.kind == "funded")
    action = list_actions(db, programme.id)[0]
    yield meeting_dialog(db, window)
    yield SeriesDialog(db, window)
    yield group_dialog(db, window)
    yield programme_dialog(db, window, programme)
    yield action_dialog(db, window, programme, action)
    yield SpendDialog(db, window, programme, action)
    yield CarryForwardDialog(db, "2023/24", window)
    yield ExportDialog(window)
    yield CommitteeReportDialog(db, window)
    yield FindDialog(db, "CCTV", window)
    yield AuditDialog(db, window)
    yield RetentionDialog(db, window)


def test_tab_reads_every_main_dialog_in_order(window, qtbot):
    for dialog in open_dialogs(window.db, window):
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isVisible)
        assert_reading_order(dialog, first_control(dialog), dialog.windowTitle())
        dialog.close()


def test_a_form_built_out_of_order_is_read_in_order(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    later, earlier = QLineEdit(root), QLineEdit(root)  # made in the wrong order
    ok, cancel = QPushButton("OK", root), QPushButton("Cancel", root)
    form = QFormLayout(root)
    form.addRow("First", earlier)
    form.addRow("Second", later)
    row = QHBoxLayout()
    row.addWidget(cancel)
    row.addWidget(ok)
    form.addRow(row)
    root.show()
    root.activateWindow()
    assert out_of_order(tab_walk(earlier)) != []  # Qt's order: the order made
    follow_reading_order(root)
    assert tab_walk(earlier) == [earlier, later, cancel, ok]
