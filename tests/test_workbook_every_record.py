"""The full partner workbook holds every record (issue 11, item 8): action spend by quarter,
year limits, chair terms, priority measures, settings, hotspot notes and the counts per LSOA
come back after a round trip into an empty database, and the About sheet says exactly what
the workbook leaves out."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner
from conftest import POLICE_UK_SAMPLE

from cspdesk.cli.main import main
from cspdesk.exchange.export import export_workbook
from cspdesk.exchange.importer import apply_import, plan_import
from cspdesk.exchange.layout import LEFT_OUT, SHEETS
from cspdesk.performance.police_uk.importer import import_police_uk
from cspdesk.store.database import open_database

EVERY_RECORD = ("Every record the partnership keeps in cspdesk is in this workbook; left "
                "out: the table audit_log (who changed what, which stays in the database; "
                "cspdesk person export gives a person's own entries); the table "
                "cspdesk_migrations (the database's own record of its upgrades, not the "
                "partnership's).")


def tables(db) -> list[str]:
    return [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]


def every_record(db) -> dict[str, list[tuple]]:
    """Every row of every table but those the workbook leaves out, in a stable order."""
    return {table: sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables(db) if table not in LEFT_OUT}


def about(path: Path) -> dict[str, object]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {row[0]: row[1] for row in wb["About"].iter_rows(values_only=True)
                if row and row[0] and len(row) > 1}
    finally:
        wb.close()


def new_database(path: Path):
    result = CliRunner().invoke(main, ["new", str(path)], obj={})
    assert result.exit_code == 0, result.output
    return open_database(path)


def test_every_table_is_a_sheet_or_said_to_be_left_out(db):
    held = {sheet.table for sheet in SHEETS}
    assert set(tables(db)) - held == set(LEFT_OUT)
    assert held <= set(tables(db))


def test_every_record_comes_back_in_an_empty_database(demo_db, tmp_path):
    import_police_uk(demo_db, [POLICE_UK_SAMPLE])  # counts per LSOA, their names and files
    demo_db.execute("INSERT INTO hotspot_notes (area_id, month, notes) VALUES (2, '2023-01', "
                    "'Retford town centre: shop thefts on Carolgate\nafter 4 pm.')")
    demo_db.conn.commit()
    held = every_record(demo_db)
    for table in ("action_spend", "programme_year_limits", "chair_terms", "priority_measures",
                  "settings", "hotspot_notes", "lsoas", "lsoa_imports", "lsoa_month_counts"):
        assert held[table], table  # each kind of record is there to come back
    path = export_workbook(demo_db, tmp_path / "everything.xlsx").path
    assert about(path)["Left out"] == EVERY_RECORD
    copy = new_database(tmp_path / "copy.sqlite")
    try:
        plan = plan_import(copy, path)
        assert plan.ok, plan.problems[:5]
        assert plan.skipped == () and {c.action for c in plan.changes} == {"add"}
        apply_import(copy, plan)
        assert every_record(copy) == held
        assert plan_import(copy, path).summary() == "No changes."
    finally:
        copy.close()


def test_a_table_the_workbook_does_not_know_is_named_as_left_out(db, tmp_path):
    db.execute("CREATE TABLE visits (id INTEGER PRIMARY KEY, place TEXT)")
    db.conn.commit()
    result = export_workbook(db, tmp_path / "w.xlsx")
    assert "The table visits is not in the workbook: it is a table this version of cspdesk " \
           "does not know." in result.warnings
    assert about(result.path)["Left out"] == EVERY_RECORD.removesuffix(".") + (
        "; the table visits (a table this version of cspdesk does not know).")


def test_a_setting_cspdesk_does_not_know_is_a_problem(db, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Settings"
    ws.append(["key", "value"])
    ws.append(["partnership_name", "Bassetlaw and Newark & Sherwood CSP"])
    ws.append(["colour", "blue"])
    ws.append(["home_area", None])  # an empty value is a value
    wb.save(tmp_path / "w.xlsx")
    plan = plan_import(db, tmp_path / "w.xlsx")
    assert [(p.row, p.column, p.message) for p in plan.problems] == [
        (3, "key", "'colour' is not a setting cspdesk knows; its settings are: "
                   "partnership_name, partnership_short_name, home_area, committee_report, "
                   "retention_people_left_years, retention_attendance_years, "
                   "retention_action_updates_years.")]
    ws.delete_rows(3)
    wb.save(tmp_path / "w.xlsx")
    apply_import(db, plan_import(db, tmp_path / "w.xlsx"))
    assert db.execute("SELECT key, value FROM settings ORDER BY key").fetchall() == [
        ("home_area", ""), ("partnership_name", "Bassetlaw and Newark & Sherwood CSP")]
