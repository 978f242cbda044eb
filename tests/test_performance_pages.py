"""The Performance tab opens reading only the page on screen; each other page reads when
first chosen, and after a write shows the counts as they now are when next chosen."""

import pytest
from PySide6.QtWidgets import QLabel, QTabWidget

from ui.performance.performance_tab import PerformanceTab
from ui.widgets.sub_pages import ReadWhenChosen


def open_tab(qtbot, db):
    page = PerformanceTab()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.set_database(db)
    return page


def quality_rows(tab):
    return [(f.area, f.measure, f.month) for f in tab.quality.model.all_rows()]


@pytest.fixture
def cut_demo(demo_db):
    """The demo with the force's anti-social behaviour in August 2022 cut to a quarter."""
    demo_db.execute("UPDATE monthly_counts SET count = count / 4 WHERE month = '2022-08' AND "
                    "area_id = (SELECT id FROM areas WHERE level = 'force') AND measure_id = "
                    "(SELECT id FROM measures WHERE name = 'Anti-social behaviour')")
    return demo_db


def test_only_the_comparison_is_read_when_the_tab_opens(qtbot, cut_demo):
    tab = open_tab(qtbot, cut_demo)
    assert tab.pages.currentWidget() is tab.comparison
    assert tab.comparison.model.rowCount() == 13
    assert quality_rows(tab) == [] and tab.quality.summary.text() == ""
    assert tab.monthly.measure.count() == 0 and tab.monthly.model.rowCount() == 0
    assert tab.hotspots.crime_type.count() == 0
    assert tab.areas.tree_model.rowCount() == 0
    tab.pages.setCurrentWidget(tab.quality)
    assert quality_rows(tab) == [
        ("Nottinghamshire Police", "Anti-social behaviour", "2022-08")]
    assert tab.quality.summary.text().startswith("1 month flagged. A month is flagged when")
    tab.pages.setCurrentWidget(tab.areas)
    assert tab.areas.tree_model.item(0, 0).text() == "Nottinghamshire Police"


def showing_no_flags(tab) -> bool:
    """The Data quality page says there are none (its title), with no table and no summary."""
    page = tab.quality
    return (page.results.currentWidget() is page.empty and not page.summary.isVisibleTo(page)
            and page.empty.title_label.text() == "No data-quality flags")


def test_a_count_typed_shows_on_the_other_pages_when_they_are_chosen(qtbot, demo_db):
    tab = open_tab(qtbot, demo_db)
    tab.pages.setCurrentWidget(tab.quality)
    assert showing_no_flags(tab)
    bassetlaw = next(r for r in tab.comparison.model.all_rows() if r.area == "Bassetlaw")
    tab.pages.setCurrentWidget(tab.monthly)
    model = tab.monthly.model
    column = next(i for i, a in enumerate(model.areas) if a.name == "Bassetlaw")
    assert model.months[5] == "2022-09" and model.cell(model.index(5, column)).count == 848
    assert model.setData(model.index(5, column), "8")
    assert showing_no_flags(tab)  # not on screen: waits
    tab.pages.setCurrentWidget(tab.quality)
    assert quality_rows(tab) == [("Bassetlaw", "All crime", "2022-09")]
    tab.pages.setCurrentWidget(tab.comparison)
    after = next(r for r in tab.comparison.model.all_rows() if r.area == "Bassetlaw")
    assert after.count == bassetlaw.count - 840
    assert after.flags == ("September 2022: far below the months either side (8 against "
                           "about 864)",)


def test_a_page_read_later_reads_once_and_as_last_asked(qtbot):
    pages = QTabWidget()
    qtbot.addWidget(pages)
    shown, other = QLabel(), QLabel()
    pages.addTab(shown, "Shown")
    pages.addTab(other, "Other")
    reading = ReadWhenChosen(pages)
    reads = []
    reading.read(shown, lambda: reads.append("shown"))
    reading.read(other, lambda: reads.append("other, first"))
    reading.read(other, lambda: reads.append("other, after a write"))
    assert reads == ["shown"] and reading.waiting(other)
    pages.setCurrentWidget(other)
    pages.setCurrentWidget(shown)
    pages.setCurrentWidget(other)
    assert reads == ["shown", "other, after a write"] and not reading.waiting(other)
