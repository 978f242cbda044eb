"""A partner workbook never turns an imported count into a typed one (issue 11, item 3):
police.uk stays the source of imported counts, and the review lists the rows it skips, each
with the reason, in the window and from ``cspdesk import xlsx``."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import POLICE_UK_SAMPLE
from PySide6.QtCore import Qt

from cspdesk.cli.main import main
from cspdesk.exchange.export import export_workbook
from cspdesk.exchange.imported import IMPORTED_COUNT, TYPED_COUNT
from cspdesk.exchange.importer import FieldChange, RecordChange, apply_import, plan_import
from cspdesk.exchange.review import change_lines
from cspdesk.performance.police_uk.importer import import_police_uk
from ui.exchange.import_dialog import PlanDialog

REASON = IMPORTED_COUNT[:1].upper() + IMPORTED_COUNT[1:]
COUNTS = "SELECT area_id, measure_id, month, count, entry, source_file, updated_at " \
         "FROM monthly_counts ORDER BY 1, 2, 3"


@pytest.fixture
def stale(demo_db, tmp_path) -> tuple[Path, dict]:
    """The demo's workbook, exported before a newer police.uk import changed 2023-01's
    imported counts; and those counts, (area, measure, month) -> (workbook's, police.uk's)."""
    path = export_workbook(demo_db, tmp_path / "partner.xlsx").path
    before = {row[:3]: row[3] for row in demo_db.execute(COUNTS)}
    import_police_uk(demo_db, [POLICE_UK_SAMPLE])
    after = {row[:3]: row[3] for row in demo_db.execute(COUNTS)}
    changed = {key: (n, after[key]) for key, n in before.items() if after[key] != n}
    assert len(changed) > 5
    return path, changed


def test_an_unedited_workbook_after_a_newer_police_uk_import_changes_no_count(demo_db, stale):
    path, changed = stale
    held = demo_db.execute(COUNTS).fetchall()
    plan = plan_import(demo_db, path)
    assert plan.ok and plan.changes == ()
    assert {s.key: (s.new, s.old) for s in plan.skipped} == changed
    assert {(s.sheet, s.column, s.reason) for s in plan.skipped} == {
        ("Monthly counts", "count", REASON)}
    assert plan.summary() == f"Monthly counts: {len(changed)} skipped"
    apply_import(demo_db, plan)  # nothing to write; and nothing is written
    assert demo_db.execute(COUNTS).fetchall() == held
    assert demo_db.execute("SELECT COUNT(*) FROM monthly_counts WHERE entry = 'typed'"
                           ).fetchone() == (0,)
    report = import_police_uk(demo_db, [POLICE_UK_SAMPLE])  # police.uk stays the source
    assert [m.kept_typed for m in report.months] == [0]
    assert not any("typed count" in w for w in report.warnings)


def test_the_review_lists_the_skipped_rows_with_the_reason(demo_db, stale, qtbot):
    path, changed = stale
    plan = plan_import(demo_db, path)
    lines = change_lines(demo_db, plan)
    assert len(lines) == len(changed)
    (area, measure, month), (old, new) = next(iter(changed.items()))
    line = lines[0]
    assert (line.action, line.field, line.old, line.new, line.note) == (
        "skip", "count", str(new), str(old), REASON)
    assert line.record.endswith(f" · {month}")
    dialog = PlanDialog(demo_db, plan)
    qtbot.addWidget(dialog)
    model = dialog.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[-2:] == ["New", "Why"]
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first[3] == "skipped" and first[-1] == REASON
    assert dialog.note.text().startswith("Nothing to import: the rows listed below are skipped")
    assert not dialog.apply_button.isEnabled()


def test_the_command_line_lists_the_skipped_rows_with_the_reason(demo_db, demo_path, stale):
    path, changed = stale
    demo_db.conn.commit()
    result = CliRunner().invoke(main, ["import", "xlsx", "--db", str(demo_path), str(path)],
                                obj={})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Monthly counts: {len(changed)} skipped"
    assert lines[2] == "Skipped (left as they are in the database):"
    assert lines[3].endswith(f": skipped: {REASON}")
    assert sum(1 for line in lines if line.endswith(REASON)) == len(changed)


def edited(path: Path, tmp_path: Path, values: dict[tuple, dict[str, object]]) -> Path:
    """The workbook at ``path`` with the named fields of some monthly counts changed."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Monthly counts"]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        key = tuple(c.value for c in row[:3])
        for column, value in values.get(key, {}).items():
            row[headers.index(column)].value = value
    wb.save(tmp_path / "edited.xlsx")
    return tmp_path / "edited.xlsx"


def test_a_partner_cannot_change_an_imported_count(demo_db, tmp_path):
    path = export_workbook(demo_db, tmp_path / "partner.xlsx").path
    area, measure, month, count = demo_db.execute(
        "SELECT area_id, measure_id, month, count FROM monthly_counts LIMIT 1").fetchone()
    for fields in ({"count": count + 10}, {"count": count + 10, "entry": "typed"},
                   {"entry": "typed"}):
        plan = plan_import(demo_db, edited(path, tmp_path, {(area, measure, month): fields}))
        assert plan.changes == ()
        assert [(s.key, s.reason) for s in plan.skipped] == [((area, measure, month), REASON)]


def test_a_typed_count_changed_in_a_workbook_stays_typed(demo_db, tmp_path):
    key = demo_db.execute("SELECT area_id, measure_id, month FROM monthly_counts LIMIT 1"
                          ).fetchone()
    demo_db.execute("UPDATE monthly_counts SET count = 40, entry = 'typed', source_file = NULL, "
                    "updated_at = '2023-02-01T09:00:00' WHERE area_id = ? AND measure_id = ? "
                    "AND month = ?", key)
    demo_db.conn.commit()
    path = export_workbook(demo_db, tmp_path / "partner.xlsx").path
    plan = plan_import(demo_db, edited(path, tmp_path, {key: {"count": 41}}))
    (change,) = plan.changes
    assert change.key == key and change.changes[0] == FieldChange("count", 40, 41)
    assert [f.column for f in change.changes] == ["count", "updated_at"]
    apply_import(demo_db, plan)
    assert demo_db.execute("SELECT count, entry FROM monthly_counts WHERE area_id = ? AND "
                           "measure_id = ? AND month = ?", key).fetchone() == (41, "typed")
    plan = plan_import(demo_db, edited(path, tmp_path, {key: {"count": 41, "entry": "imported"}}))
    assert plan.changes == ()
    assert [(s.column, s.old, s.new, s.reason) for s in plan.skipped] == [
        ("entry", "typed", "imported", TYPED_COUNT[:1].upper() + TYPED_COUNT[1:])]


def test_a_count_new_to_the_database_is_added_as_the_workbook_says(db, tmp_path):
    db.execute("INSERT INTO areas (id, name, level) VALUES (1, 'Bassetlaw', 'district')")
    db.execute("INSERT INTO measures (id, name) VALUES (1, 'Burglary')")
    db.conn.commit()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Monthly counts"
    ws.append(["area_id", "measure_id", "month", "count", "entry", "source_file", "updated_at"])
    ws.append([1, 1, "2023-01", 12, "imported", "2023-01.zip", "2023-02-01T09:00:00"])
    wb.save(tmp_path / "w.xlsx")
    plan = plan_import(db, tmp_path / "w.xlsx")
    assert [c.key for c in plan.changes] == [(1, 1, "2023-01")] and plan.skipped == ()
    assert isinstance(plan.changes[0], RecordChange)
    apply_import(db, plan)
    assert db.execute("SELECT count, entry FROM monthly_counts").fetchall() == [(12, "imported")]
