"""The Performance tab's pages read as the analyst reads them: the significance column, the
comparison chart and its export, and the two hotspot tables with their headings and chart."""

from __future__ import annotations

import openpyxl
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from cspdesk.performance.comparison import HEADER_ROW
from ui.performance.performance_tab import PerformanceTab


@pytest.fixture
def tab(qtbot, demo_db):
    page = PerformanceTab()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.set_database(demo_db)
    return page


def column(model, heading: str) -> int:
    return next(c for c in range(model.columnCount())
                if model.headerData(c, Qt.Orientation.Horizontal) == heading)


def by_area(model, heading: str, role=Qt.ItemDataRole.DisplayRole) -> dict[str, object]:
    c = column(model, heading)
    return {model.index(r, 0).data().strip(): model.index(r, c).data(role)
            for r in range(model.rowCount())}


def bars_of(plot) -> pg.BarGraphItem:
    [item] = [i for i in plot.getPlotItem().items if isinstance(i, pg.BarGraphItem)]
    return item


def test_the_significance_column_says_which_changes_chance_explains(tab):
    model = tab.comparison.model  # All crime, 2022/23 against 2021/22, the exact test
    words = by_area(model, "Significance")
    assert words["Bassetlaw"] == "not significant"  # 10,000 to 10,100: +1%, within chance
    assert words["Nottinghamshire Police"] == words["Newark and Sherwood"] == "significant"
    assert sorted(set(words.values())) == ["not significant", "significant"]
    assert list(words.values()).count("not significant") == 1
    tips = by_area(model, "Significance", Qt.ItemDataRole.ToolTipRole)
    assert tips["Bassetlaw"].startswith("not significant (p = 0.")
    assert tips["Nottinghamshire Police"] == "significant (p < 0.001)"
    colours = by_area(model, "Change", Qt.ItemDataRole.ForegroundRole)
    assert colours["Bassetlaw"].name() == "#6b6b6b"  # grey: not significant
    assert colours["Newark and Sherwood"].name() == "#b3261e"  # a significant rise: red
    tab.comparison.measure.setCurrentText("Anti-social behaviour")
    colours = by_area(model, "Change", Qt.ItemDataRole.ForegroundRole)
    assert colours["Nottinghamshire Police"].name() == "#1b6e3a"  # a significant fall: green


def test_the_comparison_chart_shows_each_areas_change(tab):
    page = tab.comparison
    bars = page.chart.bars()
    heights = {bar.label: round(bar.value, 1) for bar in bars}
    lines = {(line.short_name or line.area): round(line.change_pct, 1)
             for line in page.model.all_rows()}
    assert heights == lines
    assert heights["BDC"] == 1.0 and heights["NSDC"] == 9.0  # Bassetlaw, Newark and Sherwood
    colours = {bar.label: bar.colour.name() for bar in bars}
    assert colours["BDC"] == "#6b6b6b" and colours["NSDC"] == "#b3261e"
    assert page.chart.title == "Change against the same period last year (%)"


def add_lsoa(db, code, name, counts):
    """An LSOA's All crime (burglary) counts by month, as a police.uk import keeps them."""
    db.execute("INSERT INTO lsoas (code, name) VALUES (?, ?)", [code, name])
    for month, count in counts.items():
        db.execute("INSERT INTO lsoa_imports (month, source_file) VALUES (?, 'x.zip') "
                   "ON CONFLICT DO NOTHING", [month])
        db.execute("INSERT INTO lsoa_month_counts (month, lsoa_code, crime_type, count) "
                   "VALUES (?, ?, 'Burglary', ?)", [month, code, count])


@pytest.fixture
def hotspots(tab, demo_db):
    """Four Bassetlaw LSOAs, January 2023 against January 2022: most incidents in 002B,
    the biggest rise in 001A; 004D fell. A Bassetlaw-like name elsewhere must not count."""
    with demo_db.atomic():
        for code, name, before, now in (("E01000001", "Bassetlaw 001A", 10, 50),
                                        ("E01000002", "Bassetlaw 002B", 78, 80),
                                        ("E01000003", "Bassetlaw 003C", 0, 30),
                                        ("E01000004", "Bassetlaw 004D", 20, 5),
                                        ("E01000005", "Bassetlawton 001A", 0, 99)):
            add_lsoa(demo_db, code, name, {"2022-01": before, "2023-01": now})
    tab.refresh()
    page = tab.hotspots
    tab.pages.setCurrentWidget(page)
    page.district.setCurrentText("Bassetlaw")
    page.picker.kind.setCurrentIndex(page.picker.kind.findData("month"))
    page.picker.when.setCurrentIndex(page.picker.when.findData("2023-01"))
    return page


def table(view) -> tuple[str, list[list[str]]]:
    """A hotspot table as it reads: the heading above it and its rows."""
    heading = view.parentWidget().findChild(QLabel).text()
    model = view.model()
    return heading, [[model.index(r, c).data() for c in range(model.columnCount())]
                     for r in range(model.rowCount())]


def test_the_hotspot_tables_are_most_incidents_then_biggest_rises(hotspots):
    header = [hotspots.most.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert header == ["LSOA", "January 2022", "January 2023", "Change"]
    assert table(hotspots.most_view) == ("<b>Most incidents</b>", [
        ["Bassetlaw 002B", "78", "80", "+2"], ["Bassetlaw 001A", "10", "50", "+40"],
        ["Bassetlaw 003C", "0", "30", "+30"], ["Bassetlaw 004D", "20", "5", "-15"]])
    assert table(hotspots.rises_view) == ("<b>Biggest rises</b>", [
        ["Bassetlaw 001A", "10", "50", "+40"], ["Bassetlaw 003C", "0", "30", "+30"],
        ["Bassetlaw 002B", "78", "80", "+2"]])
    assert hotspots.note.text().startswith(
        "All crime in Bassetlaw: January 2023 against January 2022, by LSOA")


def test_a_month_without_counts_by_lsoa_says_so_and_shows_the_tables_again_after(hotspots):
    """Counts by LSOA for January 2023 only: February shows why it is empty, not an empty
    table over bare axes; back on January the tables and chart return."""
    hotspots.picker.when.setCurrentIndex(hotspots.picker.when.findData("2023-02"))
    assert hotspots.results.currentWidget() is hotspots.empty
    assert hotspots.empty.explanation_label.text() == (
        "None of the police.uk files imported gives a record in the LSOAs of Bassetlaw in "
        "February 2023. Choose another period or crime type, or import the files of those "
        "months.")
    hotspots.crime_type.setCurrentText("Burglary")
    assert "gives a record of burglary in the LSOAs" in hotspots.empty.explanation_label.text()
    hotspots.crime_type.setCurrentText("All crime")
    hotspots.picker.when.setCurrentIndex(hotspots.picker.when.findData("2023-01"))
    assert hotspots.results.currentWidget() is hotspots.split
    assert hotspots.note.isVisibleTo(hotspots) and hotspots.most.rowCount() == 4


def test_the_hotspot_chart_shows_the_most_incidents(hotspots):
    item = bars_of(hotspots.chart)
    ticks = dict(hotspots.chart.getAxis("left")._tickLevels[0])
    assert [(ticks[y], w) for y, w in sorted(zip(item.opts["y"], item.opts["width"],
                                                 strict=True), reverse=True)] == [
        ("Bassetlaw 002B", 80), ("Bassetlaw 001A", 50), ("Bassetlaw 003C", 30),
        ("Bassetlaw 004D", 5)]
    assert hotspots.chart.getPlotItem().titleLabel.text == "Most incidents by LSOA"


def test_the_comparison_export_reads_as_the_screen(tab, tmp_path, monkeypatch):
    """Each area's counts in the workbook, shown with its format, are the screen's words,
    and each area is indented by the level the screen indents it by."""
    target = tmp_path / "comparison.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    tab.comparison.export_button.click()
    ws = openpyxl.load_workbook(target)["Comparison"]
    model = tab.comparison.model
    before, now = (column(model, heading) for heading in ("2021/22", "2022/23"))
    for row in range(model.rowCount()):
        area = model.index(row, 0).data()
        cells = [ws.cell(HEADER_ROW + 1 + row, c) for c in (1, 3, 4)]
        assert cells[0].value == area.strip()
        assert cells[0].alignment.indent == (len(area) - len(area.lstrip())) // 6
        for cell, on_screen in zip(cells[1:], (before, now), strict=True):
            assert cell.number_format == "#,##0"  # thousands with commas, as on screen
            assert f"{cell.value:,}" == model.index(row, on_screen).data()


def test_the_chart_has_no_bars_for_a_year_with_no_counts_and_draws_them_again(tab):
    page = tab.comparison
    picker = page.picker
    picker.when.setCurrentIndex(picker.when.findData("2021/22"))  # 2020/21 holds no counts
    assert page.chart.bars() == []
    picker.when.setCurrentIndex(picker.when.findData("2022/23"))
    assert len(page.chart.bars()) == 13
