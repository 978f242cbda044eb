"""Applying a checked workbook uses the rows the check read when the file still holds the
same bytes (issue 15 item 2: reading the ten-year workbook twice doubled an import), and
still checks them against the database as it is now."""

from __future__ import annotations

import gc

import pytest
from test_workbook_import import one, workbook

from cspdesk.errors import InputError
from cspdesk.exchange import importer, reader
from cspdesk.exchange.importer import apply_import, plan_import


@pytest.fixture
def loads(monkeypatch) -> list[str]:
    """Each workbook openpyxl is asked to load, by the import's reader."""
    loaded: list[str] = []
    real = reader.openpyxl.load_workbook

    def counting(fh, *args, **kwargs):
        loaded.append(fh.name)
        return real(fh, *args, **kwargs)

    monkeypatch.setattr(reader.openpyxl, "load_workbook", counting)
    return loaded


def test_an_unchanged_workbook_is_read_once_for_the_check_and_the_import(db, tmp_path, loads):
    path = workbook(tmp_path / "w.xlsx", {"Organisations": [["name", "kind"],
                                                            ["Notts Fire", "fire and rescue"],
                                                            ["Notts Police", "police"]]})
    plan = plan_import(db, path)
    apply_import(db, plan)
    assert loads == [str(path)]
    assert db.execute("SELECT name, kind FROM organisations ORDER BY name").fetchall() == [
        ("Notts Fire", "fire and rescue"), ("Notts Police", "police")]


def test_a_workbook_saved_again_with_other_bytes_is_read_again(db, tmp_path, loads):
    path = workbook(tmp_path / "w.xlsx", {"Organisations": [["name"], ["A"]]})
    plan = plan_import(db, path)
    workbook(path, {"Organisations": [["name"], ["B"]]})
    with pytest.raises(InputError, match="changed since the workbook was checked"):
        apply_import(db, plan)
    assert loads == [str(path), str(path)]
    assert one(db, "SELECT count(*) FROM organisations") == (0,)


def test_rows_read_once_are_checked_against_the_database_again(db, tmp_path):
    db.execute("INSERT INTO organisations (id, name) VALUES (1, 'Council')")
    path = workbook(tmp_path / "w.xlsx", {"People": [["name", "organisation_id"],
                                                     ["Ann Smith", 1]]})
    plan = plan_import(db, path)
    assert plan.ok
    db.execute("DELETE FROM organisations")
    with pytest.raises(InputError) as caught:
        apply_import(db, plan)
    assert str(caught.value) == (
        "Nothing was imported: 1 problem found on checking again (first: sheet People, row "
        "2: There is no organisation with id 1, in the database or on the Organisations "
        "sheet.)")
    assert one(db, "SELECT count(*) FROM people") == (0,)


def test_a_plan_applied_twice_is_checked_afresh_each_time(db, tmp_path, loads):
    path = workbook(tmp_path / "w.xlsx", {"Organisations": [["id", "name"], [7, "A"]]})
    plan = plan_import(db, path)
    apply_import(db, plan)
    with pytest.raises(InputError, match="changed since the workbook was checked"):
        apply_import(db, plan)  # the record is there now: nothing to add, so not the plan
    assert one(db, "SELECT count(*) FROM organisations") == (1,)
    assert loads == [str(path)]


@pytest.fixture
def automatic_collector():
    """The collector on, as on the command line (the window switches it to its own thread,
    ui/collector.py, and the tests' QApplication does the same)."""
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_cycle_collector_is_left_off_when_the_window_collects(db, tmp_path):
    assert not gc.isenabled()  # the tests' QApplication collects on its own thread
    path = workbook(tmp_path / "w.xlsx", {"Organisations": [["name"], ["A"]]})
    plan_import(db, path)
    assert not gc.isenabled()


def test_the_cycle_collector_is_paused_while_checking_and_runs_again_after(
        db, tmp_path, monkeypatch, automatic_collector):
    """Millions of rows and changes hold no cycles: the collector is left out while they
    are made, and back on afterwards, also when the import fails."""
    seen = []
    real = importer.write_rows

    def writing(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "write_rows", writing)
    path = workbook(tmp_path / "w.xlsx", {"Organisations": [["name"], ["A"]]})
    plan = plan_import(db, path)
    assert gc.isenabled()
    workbook(path, {"Organisations": [["name"], ["B"]]})
    with pytest.raises(InputError, match="changed since the workbook was checked"):
        apply_import(db, plan)
    assert gc.isenabled()
    assert seen == [False, False]
