"""The Performance tab as the analyst uses it: the comparison, typing counts, importing."""

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cspdesk.performance.comparison import LITTLE_POWER_NOTE
from ui.performance.performance_tab import PerformanceTab

# The real month as data.police.uk gives it (tests/data/policeuk, Open Government Licence).
POLICE_UK_SAMPLE = Path(__file__).parent / "data" / "policeuk" / "2023-01.zip"


@pytest.fixture
def tab(qtbot, demo_db):
    page = PerformanceTab()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.set_database(demo_db)
    return page


def change_by_area(tab):
    model = tab.comparison.model
    return {model.row_at(r).area: model.index(r, 4).data() for r in range(model.rowCount())}


def test_the_comparison_reads_the_committee_reports_table(tab):
    assert not tab.showing_empty_state()
    assert tab.comparison.picker.period().label == "2022/23"
    changes = change_by_area(tab)
    assert changes["Nottinghamshire Police"] == "+6,120 (+6.0%)"  # as the command line says
    assert changes["Nottinghamshire"].endswith(" (+7.0%)")
    assert changes["Bassetlaw and Newark and Sherwood CSP"].endswith(" (+5.0%)")
    assert changes["Newark and Sherwood"].endswith(" (+9.0%)")
    tab.comparison.measure.setCurrentText("Anti-social behaviour")
    changes = change_by_area(tab)
    assert changes["Nottinghamshire Police"] == "-3,900 (-13.0%)"
    assert changes["Newark and Sherwood"].endswith(" (-2.0%)")


def test_counts_are_shown_with_every_percentage(tab):
    changes = change_by_area(tab)
    assert len(changes) == 13
    for text in changes.values():  # the difference in counts goes with each percentage
        assert re.fullmatch(r"[+-]\d{1,3}(,\d{3})* \([+-]\d+\.\d%\)", text), text
    assert changes["Bassetlaw"] == "+100 (+1.0%)"


def test_a_missing_year_shows_as_missing(tab):
    picker = tab.comparison.picker
    picker.when.setCurrentIndex(picker.when.findData("2021/22"))
    assert set(change_by_area(tab).values()) == {"missing"}
    model = tab.comparison.model
    assert {model.index(r, 5).data() for r in range(model.rowCount())} == {"missing"}


def test_the_test_and_its_formula_are_on_screen(tab):
    page = tab.comparison
    assert "exact conditional binomial test" in page.method_note.text()
    page.method.setCurrentIndex(page.method.findData("poisson"))
    note = page.method_note.text()
    assert "Poisson z = (2√C − 2√P) / √2 = √2(√C − √P)" in note and "|z| > 1.96" in note
    assert "little power" not in note  # no count under 10 in the demo's year
    tip = page.model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("significant (z = ")  # the force's +6%, its z shown as before


@pytest.mark.parametrize("method", ["binomial", "poisson"])
def test_a_small_count_is_said_to_have_little_power(tab, demo_db, method):
    measure = demo_db.execute("SELECT id FROM measures WHERE name = 'Hate crime'").fetchone()[0]
    areas = dict(demo_db.execute("SELECT name, id FROM areas").fetchall())
    with demo_db.atomic():
        for area, before, now in (("Bassetlaw", 7, 4), ("Newark and Sherwood", 300, 310)):
            for month, count in (("2022-03", before), ("2023-03", now)):
                demo_db.execute("INSERT INTO monthly_counts (area_id, measure_id, month, count, "
                                "entry, updated_at) VALUES (?, ?, ?, ?, 'typed', '2023-04-01')",
                                [areas[area], measure, month, count])
    tab.set_database(demo_db)
    page = tab.comparison
    page.measure.setCurrentText("Hate crime")
    page.method.setCurrentIndex(page.method.findData(method))
    page.picker.kind.setCurrentIndex(page.picker.kind.findData("month"))
    page.picker.when.setCurrentIndex(page.picker.when.findData("2023-03"))
    model = page.model
    verdicts = {model.row_at(r).area: model.index(r, 5).data() for r in range(model.rowCount())}
    assert verdicts["Bassetlaw"] == "not significant (little power: a count under 10)"
    assert verdicts["Newark and Sherwood"] == "not significant"
    assert LITTLE_POWER_NOTE in page.method_note.text()
    row = next(r for r in range(model.rowCount()) if model.row_at(r).area == "Bassetlaw")
    tip = model.index(row, 5).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("; little power: a count under 10)")


def test_type_a_count_into_the_grid(tab, demo_db):
    monthly = tab.monthly
    tab.pages.setCurrentWidget(monthly)
    monthly.year.setCurrentText("2022/23")
    model = monthly.model
    column = next(i for i, a in enumerate(model.areas) if a.name == "Bassetlaw")
    index = model.index(0, column)  # April 2022
    assert model.setData(index, "1,234")
    assert model.cell(index).entry == "typed"
    stored = demo_db.execute(
        "SELECT count, entry FROM monthly_counts c JOIN areas a ON a.id = c.area_id "
        "JOIN measures m ON m.id = c.measure_id WHERE a.name = 'Bassetlaw' AND "
        "m.name = 'All crime' AND month = '2022-04'").fetchone()
    assert stored == (1234, "typed")
    csp = next(i for i, a in enumerate(model.areas) if a.level == "csp")
    assert model.cell(model.index(0, csp)).derived


def test_a_negative_count_is_refused_with_a_message(tab):
    monthly = tab.monthly
    tab.pages.setCurrentWidget(monthly)
    model = monthly.model
    column = next(i for i, a in enumerate(model.areas) if a.name == "Bassetlaw")
    before = model.cell(model.index(1, column)).count
    assert not model.setData(model.index(1, column), "-5")
    assert monthly.message.text()
    assert model.cell(model.index(1, column)).count == before


def test_hotspot_notes_are_kept_per_month_and_area(tab, qtbot):
    monthly = tab.monthly
    tab.pages.setCurrentWidget(monthly)
    monthly.view.setCurrentIndex(monthly.model.index(2, 3))
    monthly.notes.setPlainText("Town centre: shoplifting at the Market Square")
    qtbot.mouseClick(monthly.save_notes, Qt.MouseButton.LeftButton)
    monthly.view.setCurrentIndex(monthly.model.index(3, 3))
    assert monthly.notes.toPlainText() == ""
    monthly.view.setCurrentIndex(monthly.model.index(2, 3))
    assert "Market Square" in monthly.notes.toPlainText()


def test_import_police_uk_files_from_the_tab(tab, monkeypatch):
    source = POLICE_UK_SAMPLE  # the zip as data.police.uk gives it
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(source)], ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    tab.import_files()
    assert "January 2023" in shown[0]
    picker = tab.comparison.picker
    picker.kind.setCurrentIndex(picker.kind.findData("month"))
    picker.when.setCurrentIndex(picker.when.findData("2023-01"))
    force = next(r for r in tab.comparison.model.all_rows() if r.level == "force")
    assert force.count and force.count > 5000


def test_an_import_of_a_wrong_file_changes_nothing(tab, tmp_path, monkeypatch, demo_db):
    wrong = tmp_path / "attendance.csv"
    wrong.write_text("Name,Organisation\nA Person,NSDC\n")
    before = demo_db.execute("SELECT COUNT(*) FROM monthly_counts").fetchone()[0]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(wrong)], ""))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    tab.import_files()
    assert "not a police.uk street-level file" in warnings[0]
    assert "Nothing was imported" in warnings[0]
    assert demo_db.execute("SELECT COUNT(*) FROM monthly_counts").fetchone()[0] == before


def test_export_the_comparison(tab, tmp_path, monkeypatch):
    target = tmp_path / "comparison.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    tab.comparison._export()
    assert target.exists()


def test_empty_database_offers_to_start(qtbot, db, monkeypatch):
    page = PerformanceTab()
    qtbot.addWidget(page)
    page.set_database(db)
    assert page.showing_empty_state()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.empty_state.action_button, Qt.MouseButton.LeftButton)
    assert page.pages.currentWidget() is page.monthly
    assert page.monthly.model.columnCount() == 13  # the Nottinghamshire tree, to edit
    assert page.monthly.measure.count() == 17  # the standard measures


def test_hotspots_are_chosen_by_all_crime_asb_then_each_crime_type(tab):
    tab.pages.setCurrentWidget(tab.hotspots)
    combo = tab.hotspots.crime_type
    assert [combo.itemText(i) for i in range(2)] == ["All crime", "Anti-social behaviour"]
    assert combo.itemData(0) is None and combo.count() == 15
    combo.setCurrentIndex(combo.findText("Burglary"))
    assert tab.hotspots.results.currentWidget() is tab.hotspots.empty  # the demo has none


def test_hotspots_without_counts_by_lsoa_say_where_they_come_from(tab, monkeypatch):
    """No empty tables and bare axes: what brings counts by LSOA, and the import itself."""
    hotspots = tab.hotspots
    tab.pages.setCurrentWidget(hotspots)
    assert hotspots.empty.isVisible() and not hotspots.chart.isVisible()
    assert not hotspots.note.isVisible()
    assert hotspots.empty.title_label.text() == "No counts by LSOA"
    assert "This database holds none yet" in hotspots.empty.explanation_label.text()
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *args, **kwargs: asked.append(args[1]) or ([], ""))
    hotspots.empty.action_button.click()
    assert asked == ["Import police.uk files"]


def test_the_areas_page_names_levels_and_renames_a_measure(tab, monkeypatch):
    areas = tab.areas
    tab.pages.setCurrentWidget(areas)
    levels = {}
    for row in range(areas.tree_model.rowCount()):  # the force and what sits under it
        force = areas.tree_model.item(row, 0)
        levels[force.text()] = areas.tree_model.item(row, 1).text()
        for child in range(force.rowCount()):
            levels[force.child(child, 0).text()] = force.child(child, 1).text()
    assert levels["Nottinghamshire Police"] == "Force" and levels["Nottingham"] == "City"
    names = [areas.measures.row_at(r).name for r in range(areas.measures.rowCount())]
    row = names.index("Hate crime")
    assert areas.measures.index(row, 1).data() == "hand"
    assert areas.measures.index(0, 1).data() == "police.uk import"

    class Answer:  # the dialog, answered "Hate crimes and incidents"
        def __init__(self, _title, _fields, values, save, _parent):
            self.values, self.save = values, save

        def exec(self):
            assert self.values == {"name": "Hate crime"}
            self.save({"name": "Hate crimes and incidents"})
            return True

    monkeypatch.setattr("ui.performance.areas_page.FormDialog", Answer)
    view = areas.measures_view
    view.setCurrentIndex(view.model().mapFromSource(areas.measures.index(row, 0)))
    areas.rename_measure()
    assert "Hate crimes and incidents" in [
        areas.measures.row_at(r).name for r in range(areas.measures.rowCount())]


def test_after_an_import_the_tab_offers_the_districts_the_tree_lacks(tab, monkeypatch):
    """The offer (ui/setup/new_districts.py, loaded when first used) comes after the
    import's summary, and a Yes adds the district to the area tree."""
    from cspdesk.performance.police_uk.importer import ImportReport
    from cspdesk.performance.totals import area_tree

    told, asked = [], []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    tab._imported(ImportReport(files=["2023-01.zip"], months=[], warnings=[],
                               outside_districts=["Bolsover", "Newshire"]))
    assert told[0].startswith("Imported 1 files")
    assert len(asked) == 1 and "LSOAs of Newshire, which no district" in asked[0]
    assert "Newshire" in [area.name for area in area_tree(tab.db)]


def test_an_empty_states_sentences_are_never_cut(tab, qtbot):
    """Its words set after the page was laid out (as the Hotspots page does) wrap to as many
    lines as they need: the label is at least as tall as its text at its width."""
    hotspots = tab.hotspots
    tab.pages.setCurrentWidget(hotspots)
    label = hotspots.empty.explanation_label
    for text in ("Short.", "A longer sentence. " * 12, "Short again."):
        label.setText(text)
        qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
        assert label.width() > 300 or len(text) < 20
