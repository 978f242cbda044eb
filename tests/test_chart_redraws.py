"""The pyqtgraph charts redrawn while on screen, again and again, twice before a paint and
painted between: taking a chart's items off it on screen and deleting them before the next
paint was suspected of crashing Qt (the Performance comparison, now drawn with QPainter).
These charts clear and redraw; after the redraws each still shows the last figures."""

from __future__ import annotations

import pytest

from cspdesk.meetings.attendance import attendance_statistics

REDRAWS = 12


def show(window, qtbot, tab: int, page) -> None:
    window.tabs.setCurrentIndex(tab)
    window.tab_pages[tab].pages.setCurrentWidget(page)
    qtbot.waitUntil(page.isVisible)
    qtbot.wait(1)  # a page made when first chosen is laid out on the next turn of the loop


def redraw_on_screen(window, redraw) -> None:
    for turn in range(REDRAWS):
        redraw(turn)
        redraw(turn)  # again before the chart is painted
        window.grab()  # painted now, as the screen would be


def left_names(plot) -> list[str]:
    """The names along the chart's left side (none: numbers, or nothing)."""
    levels = plot.getAxis("left")._tickLevels
    return [name for _y, name in levels[0]] if levels else []


def test_the_attendance_charts_redrawn_on_screen(demo_window, qtbot, demo_db):
    stats = demo_window.tab_pages[0].statistics
    show(demo_window, qtbot, 0, stats)

    def redraw(turn: int) -> None:  # by person, by organisation, ... (each redraws both)
        (stats.by_organisation if turn % 2 else stats.by_person).setChecked(True)
        stats.refresh()

    redraw_on_screen(demo_window, redraw)
    shown = [r for r in attendance_statistics(demo_db, "organisation")
             if r.attendance_pct is not None]
    assert len(left_names(stats.bars)) == len(shown) == 11
    assert len(stats.trend.getPlotItem().listDataItems()) == 1


@pytest.fixture
def bassetlaw_lsoas(demo_db):
    """LSOA counts for three of Bassetlaw's LSOAs in 2022/23 (the demo has none)."""
    months = [f"2022-{m:02d}" for m in range(4, 13)] + [f"2023-{m:02d}" for m in (1, 2, 3)]
    with demo_db.conn:
        for n, code in enumerate(("E01027911", "E01027912", "E01027913"), start=1):
            demo_db.execute("INSERT INTO lsoas (code, name) VALUES (?, ?)",
                            [code, f"Bassetlaw 00{n}A"])
            for month in months:
                demo_db.execute("INSERT INTO lsoa_imports (month, source_file) VALUES (?, "
                                "'x.zip') ON CONFLICT DO NOTHING", [month])
                for crime_type in ("Burglary", "Shoplifting"):
                    demo_db.execute("INSERT INTO lsoa_month_counts (month, lsoa_code, "
                                    "crime_type, count) VALUES (?, ?, ?, ?)",
                                    [month, code, crime_type, n * 3])
    return ["Bassetlaw 003A", "Bassetlaw 002A", "Bassetlaw 001A"]  # the most first


def test_the_hotspots_chart_redrawn_on_screen(bassetlaw_lsoas, demo_window, qtbot):
    page = demo_window.tab_pages[1].hotspots
    show(demo_window, qtbot, 1, page)
    kinds = [page.crime_type.findText(kind) for kind in ("Burglary", "Shoplifting", "Drugs")]
    redraw_on_screen(demo_window, lambda turn: page.crime_type.setCurrentIndex(kinds[turn % 3]))
    assert page.crime_type.currentText() == "Drugs"  # none: the chart is empty, and names
    assert left_names(page.chart) == []  # no LSOA of the crime type shown before
    page.crime_type.setCurrentIndex(kinds[0])
    demo_window.grab()
    assert left_names(page.chart) == bassetlaw_lsoas


def test_the_monthly_chart_redrawn_on_screen(demo_window, qtbot):
    page = demo_window.tab_pages[1].monthly
    show(demo_window, qtbot, 1, page)
    areas = page.model.columnCount()
    redraw_on_screen(demo_window, lambda turn: page.view.setCurrentIndex(
        page.model.index(turn % 12, turn % areas)))
    area = page.model.areas[(REDRAWS - 1) % areas].name
    assert area in page.chart.getPlotItem().titleLabel.text


def test_the_safer_streets_charts_redrawn_on_screen(demo_window, qtbot):
    tab = demo_window.tab_pages[3]
    show(demo_window, qtbot, 3, tab.dashboard)
    redraw_on_screen(demo_window, lambda turn: tab.show_programme())
    legend = tab.dashboard.by_theme.getPlotItem().legend
    assert [label.text for _sample, label in legend.items] == ["Budget", "Spent"]
