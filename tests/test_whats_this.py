"""What's This? (Shift+F1, then a click) explains, in the officer's words, the controls and
columns whose meaning is not obvious: FYTD and the other periods, significance, quorum,
LSOA, RAG, spend, the status columns, attendance marks, the Police and Crime Plan."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from ui.widgets.whats_this import EXPLAINED, explain, explanation

# The partnership's glossary, as the officer says it.
FYTD = "Financial year to date (FYTD): from 1 April to the latest month"
R12 = "Rolling 12 months (R12): the 12 months to the latest month"
FINANCIAL_YEAR = "1 April to 31 March, written 2023/24"
QUORUM = "the minimum attendance for a meeting's decisions to stand"
LSOA = "Lower Layer Super Output Area, a small census area (about 1,500 people)"
RAG = "red, amber, green status of an action"
ALL_CRIME = "it excludes ASB (anti-social behaviour), which is an incident, not a crime"
MARKS = "apologies (sent before the meeting), absent (no apologies)"
SAME_PERIOD = "the same months one year earlier"
PCP = "the Police and Crime Commissioner's Police and Crime Plan"
INTERVENTION = "CCTV, lighting, gating, target hardening"


@pytest.fixture
def window(laptop_window):
    return laptop_window


def column_help(view, heading: str) -> str:
    """What's This? of a table's column, in its header and in its first cell."""
    model = view.model()
    for column in range(model.columnCount()):
        if model.headerData(column, Qt.Orientation.Horizontal) == heading:
            header = model.headerData(column, Qt.Orientation.Horizontal,
                                      Qt.ItemDataRole.WhatsThisRole)
            if model.rowCount():
                assert model.index(0, column).data(Qt.ItemDataRole.WhatsThisRole) == header
            return header or ""
    raise AssertionError(f"no column '{heading}'")


def test_whats_this_is_in_the_help_menu_with_shift_f1(window):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    action = next(a for a in menu.actions() if a.text().replace("&", "") == "What's This?")
    assert action.isEnabled()
    assert action.shortcut() == QKeySequence("Shift+F1")


def test_the_meetings_tab_explains_quorum_marks_and_status(window, qtbot):
    tab = window.tab_pages[0]
    register = tab.meetings.register
    assert QUORUM in register.quorum_label.whatsThis()
    assert MARKS in column_help(register.view, "Attendance")
    assert "scheduled, held" in column_help(tab.meetings.view, "Status")
    tab.pages.setCurrentWidget(tab.structure)
    assert QUORUM in column_help(tab.structure.groups.view, "Quorum")
    assert "strategic (the JSG" in column_help(tab.structure.groups.view, "Tier")
    assert "present, online or by a substitute" in column_help(tab.statistics.view,
                                                               "Attendance")


def test_the_performance_tab_explains_periods_significance_and_lsoa(window, qtbot):
    window.tabs.setCurrentIndex(1)
    tab = window.tab_pages[1]
    comparison = tab.comparison
    for text in (FYTD, R12, FINANCIAL_YEAR):
        assert text in comparison.picker.kind.whatsThis()
    assert "more than chance alone would give" in comparison.method.whatsThis()
    assert "more than chance alone would give" in column_help(comparison.view, "Significance")
    assert SAME_PERIOD in column_help(comparison.view, "Change")
    assert ALL_CRIME in comparison.measure.whatsThis()
    tab.pages.setCurrentWidget(tab.hotspots)
    assert LSOA in column_help(tab.hotspots.most_view, "LSOA")
    assert "typed counts" in tab.monthly.view.whatsThis()
    assert FINANCIAL_YEAR in tab.monthly.year.whatsThis()


def test_the_priorities_tab_explains_its_form(window, qtbot):
    window.tabs.setCurrentIndex(2)
    form = window.tab_pages[2].panel.form
    qtbot.waitUntil(form.isVisible)
    assert PCP in form.pcp_coverage.parentWidget().whatsThis()
    assert "strategic assessment" in form.basis.whatsThis()
    assert "proposed, agreed" in form.status.whatsThis()
    labels = {label.text(): label.whatsThis() for label in form.findChildren(QLabel)}
    assert PCP in labels["Police and Crime Plan"]
    assert "proposed, agreed" in labels["Status"]  # the label says what its control says


def test_the_safer_streets_tab_explains_rag_and_spend(window, qtbot):
    window.tabs.setCurrentIndex(3)
    tab = window.tab_pages[3]
    assert RAG in column_help(tab.view, "RAG")
    assert "Red when overdue or over budget" in column_help(tab.view, "RAG")
    assert "the spend recorded" in column_help(tab.view, "Spent")
    assert INTERVENTION in column_help(tab.view, "Intervention")
    assert "not started, in progress, complete or cancelled" in column_help(tab.view, "Status")
    assert "worked out for" in tab.as_at.whatsThis()
    assert RAG in tab.dashboard.cards["rag"].whatsThis()
    assert "cannot move between years" in column_help(tab.dashboard.years, "Limit")


def test_explaining_an_unknown_term_fails_loudly(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    with pytest.raises(KeyError):
        explain(widget, "Frobnication")
    assert explanation("FYTD:") == EXPLAINED["fytd"]  # a label's colon and case do not matter
    assert explanation("Name") == ""  # obvious words are not explained
