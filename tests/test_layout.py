"""Every screen reads well on a 1366x768 council laptop: nothing the officer needs is cut."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QComboBox, QInputDialog, QStyle, QStyleOptionComboBox

from ui.app import create_application
from ui.main_window import MainWindow
from ui.widgets.charts import CategoryAxis, style_plot
from ui.widgets.choosers import WIDEST, refill_combo
from ui.widgets.table_model import Column, RowsTableModel
from ui.widgets.table_view import make_table_view

# 1366x768 less a taskbar and the window's title bar.
LAPTOP = (1366, 700)


@pytest.fixture
def window(qtbot, demo_path, tmp_path):
    create_application()  # as the program starts: its style (the focus ring) included
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(win)
    win.resize(*LAPTOP)
    win.show()
    return win


def show(window, qtbot, tab: int, page=None) -> None:
    window.tabs.setCurrentIndex(tab)
    if page is not None:
        window.tab_pages[tab].pages.setCurrentWidget(page)
    qtbot.waitUntil(lambda: window.tab_pages[tab].isVisible())
    qtbot.wait(1)  # a page made when first chosen is laid out on the next turn of the loop


def shown_text_width(combo: QComboBox) -> int:
    """The width of a chooser's text area on screen, as its style lays it out."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo).width()


def assert_shows_whole(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)
    assert combo.fontMetrics().horizontalAdvance(text) <= shown_text_width(combo), text


def test_the_window_fits_the_laptop_screen(window, qtbot):
    for tab in range(window.tabs.count()):
        show(window, qtbot, tab)
        hint = window.minimumSizeHint()
        assert hint.width() <= LAPTOP[0] and hint.height() <= LAPTOP[1], window.tabs.tabText(tab)


def test_choosers_show_whole_names(window, qtbot):
    meetings, performance = window.tab_pages[0], window.tab_pages[1]
    show(window, qtbot, 0, meetings.statistics)
    assert_shows_whole(meetings.statistics.group, "JSG – Joint Strategic Group")
    show(window, qtbot, 1, performance.monthly)
    assert_shows_whole(performance.monthly.measure, "Anti-social behaviour")
    show(window, qtbot, 1, performance.hotspots)
    assert_shows_whole(performance.hotspots.crime_type, "Anti-social behaviour")
    assert_shows_whole(performance.hotspots.picker.kind, "Financial year to date")
    show(window, qtbot, 1, performance.comparison)
    assert_shows_whole(performance.comparison.measure, "Criminal damage and arson")


def test_a_name_too_long_for_a_chooser_is_its_tooltip(qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    long_name = "Nottinghamshire Office of the Police and Crime Commissioner (OPCC)"
    assert len(long_name) > WIDEST
    refill_combo(combo, [("All", None), (long_name, 1)])
    assert combo.toolTip() == ""
    combo.setCurrentIndex(1)
    assert combo.toolTip() == long_name
    assert combo.minimumContentsLength() == WIDEST  # the window stays narrow


def whole_texts(view, column: int) -> list[str]:
    """The texts of a column that do not fit their cells (each is then its cell's tooltip)."""
    delegate, model = view.itemDelegate(), view.model()
    return [t for r in range(model.rowCount())
            if (t := delegate.whole_text(view, model.index(r, column)))]


def test_statistics_show_every_name_whole(window, qtbot):
    statistics = window.tab_pages[0].statistics
    show(window, qtbot, 0, statistics)
    model = statistics.view.model()
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "NHS Nottingham and Nottinghamshire Integrated Care Board" in names
    assert whole_texts(statistics.view, 0) == []
    statistics.by_person.setChecked(True)
    assert model.rowCount() > 20 and "Louise Barraclough" in [
        model.index(r, 0).data() for r in range(model.rowCount())]
    assert whole_texts(statistics.view, 0) == [] and whole_texts(statistics.view, 1) == []


def test_the_bar_chart_names_every_organisation(window, qtbot):
    statistics = window.tab_pages[0].statistics
    show(window, qtbot, 0, statistics)
    names = [r.name for r in statistics.model.all_rows()]
    labels = [label for _y, label in statistics.bars.getAxis("left")._tickLevels[0]]
    assert len(labels) == len(names) == 11
    for name, label in zip(names, labels, strict=True):
        # Whole when it fits beside the bars, else cut with '…', never left out.
        assert label == name or (label.endswith("…") and name.startswith(label[:-1]))
    assert "Newark and Sherwood District Council" in labels


def test_a_cut_cell_shows_its_whole_text_as_tooltip(qtbot):
    model = RowsTableModel([Column("Name", lambda r: r)])
    view = make_table_view(model, stretch=None)
    qtbot.addWidget(view)
    model.set_rows(["Bassetlaw", "Nottinghamshire Fire and Rescue Service"])
    view.setColumnWidth(0, 90)
    view.show()
    assert whole_texts(view, 0) == ["Nottinghamshire Fire and Rescue Service"]


def test_only_the_column_sorted_by_keeps_room_for_its_arrow(qtbot):
    model = RowsTableModel([Column("Name", lambda r: r[0]), Column("Attendance", lambda r: r[1])])
    view = make_table_view(model, stretch=None)
    qtbot.addWidget(view)
    model.set_rows([("Bassetlaw", 93.4), ("Probation Service", 89.5)])
    view.show()
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    words = header.fontMetrics().horizontalAdvance("Attendance")
    narrow = view.columnWidth(1)
    assert words < narrow < words + header.height()  # no arrow's room yet
    header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # a click on the heading
    assert view.columnWidth(1) > narrow  # room for the arrow now
    assert [view.model().index(r, 0).data() for r in range(2)] == [
        "Probation Service", "Bassetlaw"]


def test_action_titles_are_read_whole(window, qtbot):
    tab = window.tab_pages[3]
    show(window, qtbot, 3)
    for index in range(tab.programme.count()):
        tab.programme.setCurrentIndex(index)
        view, column = tab.actions.view, 2
        model = view.model()
        assert model.headerData(column, Qt.Orientation.Horizontal) == "Action"
        metrics = QFontMetrics(view.font())
        for row in range(model.rowCount()):
            title = model.index(row, column).data()
            room = QRect(0, 0, view.columnWidth(column) - 8, 10_000)
            lines = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, title).height()
            assert lines <= view.rowHeight(row) - 4, (tab.programme.currentText(), title)


def test_the_register_shows_every_member_of_the_pdg(window, qtbot):
    page = window.tab_pages[0].meetings
    show(window, qtbot, 0)
    pdg = next(m for m in page.model.all_rows() if m.group_short_name == "PDG")
    page.select_meeting(pdg.id)
    view = page.register.view
    rows = page.register.model.rowCount()
    assert rows == 12
    last = view.rowViewportPosition(rows - 1) + view.rowHeight(rows - 1)
    assert 0 < last <= view.viewport().height()


def test_an_empty_actions_box_gives_its_room_to_the_register(window, qtbot):
    page = window.tab_pages[0].meetings
    show(window, qtbot, 0)
    register = page.register
    assert register.actions_model.rowCount() == 0  # the first meeting has none
    assert not register.actions_view.isVisible()
    assert register.no_actions.isVisible() and register.no_actions.text() == "None yet."
    pdg = next(m for m in page.model.all_rows() if m.group_short_name == "PDG"
               and m.date == "2023-05-25")
    page.select_meeting(pdg.id)
    assert register.actions_model.rowCount() == 1
    assert register.actions_view.isVisible() and not register.no_actions.isVisible()
    header = register.actions_view.horizontalHeader().height()
    assert register.actions_view.height() <= header + register.actions_view.rowHeight(0) + 8


def drawn_names(plot: pg.PlotWidget, width: int) -> list[tuple[str, QRect]]:
    """The names the bottom axis draws at ``width`` pixels, with where."""
    plot.resize(width, 300)
    plot.show()
    plot.getPlotItem().layout.activate()
    axis = plot.getAxis("bottom")
    image = QImage(width, 300, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    _axis, _ticks, texts = axis.generateDrawSpecs(painter)
    painter.end()
    return [(text, rect.toRect()) for rect, _flags, text in texts if text]


def test_quarter_names_never_run_together(qtbot):
    quarters = [f"{year}/{year - 1999} Q{q}" for year in (2021, 2022, 2023) for q in (1, 2, 3, 4)]
    plot = pg.PlotWidget(axisItems={"bottom": CategoryAxis()})
    qtbot.addWidget(plot)
    style_plot(plot)
    plot.plot(list(range(12)), [80.0] * 12)
    plot.getAxis("bottom").setTicks([list(enumerate(quarters))])
    plot.setXRange(-0.5, 11.5, padding=0)
    narrow = drawn_names(plot, 420)
    assert 3 <= len(narrow) < 12
    assert narrow[0][0] in quarters[:2]  # the first whose name fits inside the axis
    assert [quarters.index(name) for name, _rect in narrow] == sorted(
        quarters.index(name) for name, _rect in narrow)
    for (_a, left), (_b, right) in zip(narrow, narrow[1:], strict=False):
        assert left.right() + CategoryAxis.GAP <= right.left() + 1, (_a, _b)
    wide = drawn_names(plot, 1500)
    assert [name for name, _rect in wide] == quarters
    assert plot.getAxis("bottom")._tickLevels == [list(enumerate(quarters))]  # as given


def test_the_monitoring_return_asks_in_a_dialog_wide_enough_for_its_title(window, monkeypatch):
    asked = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, *a: (
        asked.append((title, label)), ("", False))[1])
    window.tabs.setCurrentIndex(3)
    window.tab_pages[3].export_return()
    assert asked == [("Monitoring return",
                      "Which quarter's monitoring return for Safer Streets 4?")]
