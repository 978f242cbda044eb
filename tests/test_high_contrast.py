"""Windows high contrast: with the system's high-contrast colours (white on black, a yellow
highlight) cspdesk sets no colour of its own: every RAG cell, mark and change reads by its
words, no style sheet fixes a colour, and no text keeps a colour that would vanish. Its own
colours, on the ordinary light and dark palettes, read at 4.5:1 or better."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from ui.accessibility import dark_palette, high_contrast_palette
from ui.programmes.models import RAG_COLUMN
from ui.widgets.colours import TEXT, TINTS, contrast, high_contrast

FIXED_COLOUR = re.compile(r"#[0-9a-f]{3,8}\b|rgba?\(|\b(red|green|amber|yellow|white|black|"
                          r"grey|gray|orange|blue)\b", re.IGNORECASE)
WHITE = QColor("#ffffff")


@pytest.fixture
def high_contrast_app(qapp):
    before = QPalette(qapp.palette())
    qapp.setPalette(high_contrast_palette())
    yield qapp
    qapp.setPalette(before)


@pytest.fixture
def window(high_contrast_app, laptop_window):
    """The window made once the high-contrast palette is in place."""
    return laptop_window


def shown_screens(window):
    for number, page in enumerate(window.tab_pages):
        window.tabs.setCurrentIndex(number)
        QApplication.processEvents()
        yield page.title
        for sub, show in page.sub_pages():
            show()
            QApplication.processEvents()
            yield f"{page.title} > {sub}"


def cells(model, column: int, role: int) -> list:
    return [model.index(row, column).data(role) for row in range(model.rowCount())]


def test_the_palette_is_taken_for_high_contrast(high_contrast_app):
    assert high_contrast()
    assert not high_contrast(dark_palette())


def test_rag_cells_read_their_word_in_the_system_colours(window):
    window.tabs.setCurrentIndex(3)
    model = window.tab_pages[3].model
    words = cells(model, RAG_COLUMN, Qt.ItemDataRole.DisplayRole)
    assert words and {w.split(" ")[0] for w in words} <= {"Red", "Amber", "Green"}
    assert "Green" in words and "Amber" in words
    assert cells(model, RAG_COLUMN, Qt.ItemDataRole.BackgroundRole) == [None] * len(words)
    assert cells(model, RAG_COLUMN, Qt.ItemDataRole.ForegroundRole) == [None] * len(words)
    card = window.tab_pages[3].dashboard.cards["rag"].value.text()
    assert "1 amber" in card and "9 green" in card and "style" not in card


def test_marks_changes_and_counts_keep_the_system_colours(window):
    register = window.tab_pages[0].meetings.register.model
    for column in range(register.columnCount()):
        assert cells(register, column, Qt.ItemDataRole.ForegroundRole) == \
            [None] * register.rowCount()
    window.tabs.setCurrentIndex(1)  # a tab reads its data when chosen
    comparison = window.tab_pages[1].comparison.model
    words = cells(comparison, 5, Qt.ItemDataRole.DisplayRole)
    assert "significant" in words and "not significant" in words  # said, not coloured
    for column in range(comparison.columnCount()):
        assert cells(comparison, column, Qt.ItemDataRole.ForegroundRole) == \
            [None] * comparison.rowCount()
    grid = window.tab_pages[1].monthly.model
    for role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
        assert all(grid.index(r, c).data(role) is None for r in range(grid.rowCount())
                   for c in range(grid.columnCount()))
    assert "in italics" in window.tab_pages[1].monthly.legend.text()


def test_no_style_sheet_fixes_a_colour_and_all_text_stays_white(window):
    for where in shown_screens(window):
        for widget in [window, *window.findChildren(QWidget)]:
            assert not FIXED_COLOUR.search(widget.styleSheet()), (where, widget)
            if widget.isVisible():
                text = widget.palette().color(QPalette.ColorGroup.Active,
                                              QPalette.ColorRole.WindowText)
                assert text == WHITE, (where, type(widget).__name__, text.name())
    assert not FIXED_COLOUR.search(QApplication.instance().styleSheet())


def test_the_own_colours_read_at_four_and_a_half_to_one():
    light_window = QColor("#efefef")  # Fusion's light window, the darkest light ground
    dark_window = dark_palette().color(QPalette.ColorRole.Window)
    for meaning, (on_light, on_dark) in TEXT.items():
        assert contrast(QColor(on_light), light_window) >= 4.5, meaning
        assert contrast(QColor(on_light), QColor("#ffffff")) >= 4.5, meaning
        assert contrast(QColor(on_dark), dark_window) >= 4.5, meaning
        assert contrast(QColor(on_dark), dark_palette().color(QPalette.ColorRole.Base)) >= 4.5
    for meaning, (background, text) in TINTS.items():
        assert contrast(QColor(background), QColor(text)) >= 4.5, meaning
