"""Every way cspdesk writes leaves an audit entry: one test a write path, each making the
change through the function the window and the command call and reading the entry back
(which record, field, old and new value, user, way in); and a walk over every table of the
schema that fails when a table has neither such a test nor a reason to go unlogged."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

import pytest
from click.testing import CliRunner

from cspdesk import audit
from cspdesk.cli.main import main
from cspdesk.meetings.actions import save_meeting_action
from cspdesk.meetings.agenda import list_agenda, save_agenda
from cspdesk.meetings.structure_edits import (
    end_membership,
    save_chair_term,
    save_group,
    save_organisation,
)
from cspdesk.performance.areas import add_area, add_measure, rename_measure, update_area
from cspdesk.performance.monthly import set_count, set_counts, set_hotspot_notes
from cspdesk.priorities.priorities import reorder_priorities, save_priority
from cspdesk.programmes.actions import add_update
from cspdesk.programmes.programmes import get_programme, save_programme
from cspdesk.programmes.spend import save_spend
from cspdesk.reports.fields import load_fields, save_fields
from cspdesk.store.backup import backup_file
from cspdesk.store.connection import Database
from cspdesk.store.database import open_database
from cspdesk.store.restore import restore_backup
from cspdesk.store.settings import set_setting

BASSETLAW, NEWARK, CSP = 7, 8, 4  # demo area ids
DOMESTIC_ABUSE = "Domestic abuse crimes"


def latest(db: Database) -> audit.Entry:
    return audit.entries(db, limit=1)[0]


def measure_id(db: Database, name: str) -> int:
    return int(db.execute("SELECT id FROM measures WHERE name = ?", [name]).fetchone()[0])


# One test a write path -------------------------------------------------------------------


def test_a_typed_count_names_its_cell_with_old_and_new(demo_db):
    set_count(demo_db, BASSETLAW, DOMESTIC_ABUSE, "2024-03", "41")
    set_count(demo_db, BASSETLAW, DOMESTIC_ABUSE, "2024-03", "44")
    entry = latest(demo_db)
    assert (entry.kind, entry.record_id, entry.action) == (
        "monthly_counts", measure_id(demo_db, DOMESTIC_ABUSE), "changed")
    assert entry.changes == {"Bassetlaw, March 2024": [41, 44]}
    assert (entry.user, entry.via) == (getpass.getuser(), "form")


def test_a_pasted_grid_is_one_entry_listing_each_changed_cell(demo_db):
    before = len(audit.entries(demo_db))
    set_counts(demo_db, DOMESTIC_ABUSE, {(BASSETLAW, "2024-01"): 30, (NEWARK, "2024-01"): 25,
                                         (BASSETLAW, "2024-02"): "1,204"})
    set_counts(demo_db, DOMESTIC_ABUSE, {(BASSETLAW, "2024-01"): 30, (NEWARK, "2024-01"): None})
    entries = audit.entries(demo_db)
    assert len(entries) == before + 2
    assert entries[1].changes == {"Bassetlaw, January 2024": [None, 30],
                                  "Newark and Sherwood, January 2024": [None, 25],
                                  "Bassetlaw, February 2024": [None, 1204]}
    assert entries[0].change_lines() == ["Newark and Sherwood, January 2024: 25 → (empty)"]


def test_typing_over_an_imported_count_says_it_was_imported(demo_db):
    month = demo_db.execute("SELECT month FROM monthly_counts WHERE area_id = ? AND "
                            "entry = 'imported' ORDER BY month DESC", [BASSETLAW]).fetchone()[0]
    measure, count = demo_db.execute(
        "SELECT s.name, m.count FROM monthly_counts m JOIN measures s ON s.id = m.measure_id "
        "WHERE m.area_id = ? AND m.month = ? AND m.entry = 'imported'",
        [BASSETLAW, month]).fetchone()
    set_count(demo_db, BASSETLAW, measure, month, count + 1)
    [(cell, change)] = latest(demo_db).changes.items()
    assert change == [f"{count} imported", count + 1] and cell.startswith("Bassetlaw, ")


def test_a_refused_paste_leaves_no_entry(demo_db):
    before = len(audit.entries(demo_db))
    with pytest.raises(Exception, match="not a count"):
        set_counts(demo_db, DOMESTIC_ABUSE, {(BASSETLAW, "2024-01"): 3,
                                             (NEWARK, "2024-01"): "lots"})
    assert len(audit.entries(demo_db)) == before


def test_hotspot_notes(demo_db):
    set_hotspot_notes(demo_db, BASSETLAW, "2024-03", "Retford market square")
    set_hotspot_notes(demo_db, BASSETLAW, "2024-03", "Retford bus station")
    set_hotspot_notes(demo_db, BASSETLAW, "2024-03", "Retford bus station")  # no change
    entries = audit.entries(demo_db, kind="hotspot_notes", record_id=BASSETLAW)
    assert [e.changes for e in entries] == [
        {"hotspot notes, March 2024": ["Retford market square", "Retford bus station"]},
        {"hotspot notes, March 2024": [None, "Retford market square"]}]


def test_an_agenda_is_one_entry_on_its_meeting(demo_db):
    meeting = demo_db.execute("SELECT meeting_id FROM agenda_items LIMIT 1").fetchone()[0]
    items = [i.values() for i in list_agenda(demo_db, meeting)]
    items[1]["decisions"] = "Minutes agreed as a true record."
    items.append({"title": "Knife crime week", "lead": "Sgt Pryce"})
    save_agenda(demo_db, meeting, items)
    entry = latest(demo_db)
    assert (entry.kind, entry.record_id, entry.action) == ("meetings", meeting, "changed")
    number = len(items)
    old_decisions = list_agenda(demo_db, meeting)[1].decisions
    assert entry.changes == {
        "item 2 decisions": [entry.changes["item 2 decisions"][0], old_decisions],
        f"item {number} title": [None, "Knife crime week"],
        f"item {number} kind": [None, "item"],
        f"item {number} lead": [None, "Sgt Pryce"]}


def test_priority_measures_are_named_on_the_priority(demo_db):
    save_priority(demo_db, {"measure_ids": []}, 1)
    save_priority(demo_db, {"measure_ids": [measure_id(demo_db, "Burglary"),
                                            measure_id(demo_db, DOMESTIC_ABUSE)]}, 1)
    entry = audit.entries(demo_db, kind="priorities", record_id=1)[0]
    assert entry.changes == {"measures": [None, "Burglary, Domestic abuse crimes"]}


def test_renumbering_priorities_is_one_entry(demo_db):
    ids = [r[0] for r in demo_db.execute(
        "SELECT id FROM priorities WHERE financial_year = '2023/24' ORDER BY position")]
    reorder_priorities(demo_db, "2023/24", [ids[1], ids[0], *ids[2:]])
    entry = latest(demo_db)
    assert entry.changes == {"Domestic Violence": [1, 2], "Burglary": [2, 1]}


def test_programme_year_limits(demo_db):
    limits = [{"financial_year": x.financial_year, "limit": x.limit_pence / 100,
               "spend_by": x.spend_by} for x in get_programme(demo_db, 1).year_limits]
    limits[1]["limit"] = 200000
    save_programme(demo_db, {"year_limits": limits}, 1)
    entry = audit.entries(demo_db, kind="programmes", record_id=1)[0]
    assert entry.changes == {"limit 2023/24": ["£250,000, spend by 30/09/2023",
                                               "£200,000, spend by 30/09/2023"]}


def test_spend_on_an_action(demo_db):
    save_spend(demo_db, 1, {"quarter": "2023/24 Q2", "amount": "1,250.50"}, confirmed=True)
    save_spend(demo_db, 1, {"quarter": "2023/24 Q2", "amount": "0"}, confirmed=True)
    removed, added = audit.entries(demo_db, kind="actions", record_id=1)[:2]
    assert added.changes["spend 2023/24 Q2"][1] == "£1,250.50"
    assert removed.changes == {"spend 2023/24 Q2": [added.changes["spend 2023/24 Q2"][1],
                                                    None]}


def test_areas_and_measures(demo_db):
    new = add_area(demo_db, "Worksop", "district", CSP)
    update_area(demo_db, new, name="Worksop North", short_name="WN")
    measure = add_measure(demo_db, "Knife crime")
    rename_measure(demo_db, measure, "Knife crime (flagged)")
    changed, added = audit.entries(demo_db, kind="areas", record_id=new)
    assert added.changes["name"] == [None, "Worksop"]
    assert changed.changes == {"name": ["Worksop", "Worksop North"], "short_name": [None, "WN"]}
    renamed = audit.entries(demo_db, kind="measures", record_id=measure)[0]
    assert renamed.changes == {"name": ["Knife crime", "Knife crime (flagged)"]}


def test_a_setting_and_a_remembered_form_field(demo_db):
    set_setting(demo_db, "partnership_short_name", "BNS")
    assert latest(demo_db).changes == {"partnership_short_name": ["BNS CSP", "BNS"]}
    fields = load_fields(demo_db)
    save_fields(demo_db, {"lead_officer": "Sarah Whitmore"})
    save_fields(demo_db, {"lead_officer": "Daniel Pryce"})
    entry = latest(demo_db)
    assert (entry.kind, entry.action) == ("settings", "changed")
    assert entry.changes == {"committee_report.lead_officer": ["Sarah Whitmore",
                                                               "Daniel Pryce"]}
    assert fields is not None


def test_other_records_through_save(demo_db):
    organisation = save_organisation(demo_db, {"name": "Bassetlaw Food Bank",
                                               "kind": "voluntary"})
    group = save_group(demo_db, {"name": "Retford Task Group", "short_name": "RTG",
                                 "tier": "operational"})
    term = save_chair_term(demo_db, {"group_id": group, "organisation_id": 1,
                                       "start_date": "01/04/2030"})
    action = save_meeting_action(demo_db, {"meeting_id": 1, "description": "Write to the ICB",
                                           "owner_id": 1})
    update = add_update(demo_db, 1, {"date": "01/05/2023", "text": "Cameras ordered"})
    for kind, record in (("organisations", organisation), ("groups", group),
                         ("chair_terms", term),
                         ("meeting_actions", action), ("action_updates", update)):
        assert audit.entries(demo_db, kind=kind, record_id=record)[0].action == "added"


def test_ending_a_membership(demo_db):
    membership = demo_db.execute(
        "SELECT id FROM memberships WHERE end_date IS NULL").fetchone()[0]
    end_membership(demo_db, membership, dt.date(2030, 1, 31))
    entry = audit.entries(demo_db, kind="memberships", record_id=membership)[0]
    assert entry.changes["end_date"] == [None, "2030-01-31"]


def test_a_restore_is_written_in_the_restored_database(demo_path: Path, tmp_path: Path):
    backup = backup_file(demo_path, tmp_path / "before.sqlite")
    restore_backup(backup, demo_path)
    db = open_database(demo_path)
    entry = latest(db)
    db.close()
    assert (entry.action, entry.via) == ("restored", "restore")
    assert entry.changes["restored from backup"] == "before.sqlite"
    assert entry.changes["kept as"].endswith(".sqlite") and "before-restore" in \
        entry.changes["kept as"]


def test_a_command_is_recorded_as_made_through_the_command(demo_path: Path):
    name = "Sarah Whitmore"
    result = CliRunner().invoke(main, ["person", "erase", "--db", str(demo_path), name, "--yes"])
    assert result.exit_code == 0, result.output
    db = open_database(demo_path)
    entry = latest(db)
    db.close()
    assert (entry.kind, entry.action, entry.via) == ("people", "erased", "command")


def test_a_workbook_import_is_one_entry_with_its_counts(demo_db, db, tmp_path):
    from cspdesk.exchange.export import export_workbook
    from cspdesk.exchange.importer import apply_import, plan_import

    path = export_workbook(demo_db, tmp_path / "everything.xlsx").path
    before = len(audit.entries(db))
    apply_import(db, plan_import(db, path))
    entries = audit.entries(db)
    assert len(entries) == before + 1
    entry = entries[0]
    assert (entry.kind, entry.action, entry.via) == ("database", "imported", "workbook import")
    people = demo_db.execute("SELECT count(*) FROM people").fetchone()[0]
    assert entry.changes["file"] == "everything.xlsx"
    assert entry.changes["People added"] == people


def test_setting_a_partnership_up_is_one_entry(db):
    from cspdesk.setup.partnership import PartnershipChoice, build_partnership

    build_partnership(db, PartnershipChoice("Nottinghamshire Police",
                                            ["Bassetlaw", "Newark and Sherwood"]))
    [entry] = audit.entries(db)
    assert (entry.kind, entry.action, entry.via) == ("database", "added", "set-up")
    assert entry.changes == {"partnership": "Bassetlaw and Newark and Sherwood CSP",
                             "areas": 14, "organisations": 6, "measures": 17}


# Every table ------------------------------------------------------------------------------

# Each table cspdesk writes, and the test above (or in test_audit.py, test_erasure.py,
# test_retention.py) that proves its changes are logged; a change to a child row is logged
# on the record the officer sees (an agenda on its meeting, spend on its action).
COVERED: dict[str, str] = {
    "settings": "test_a_setting_and_a_remembered_form_field",
    "organisations": "test_other_records_through_save",
    "people": "test_audit.py::test_a_change_is_logged_field_by_field_with_the_user",
    "groups": "test_other_records_through_save",
    "memberships": "test_ending_a_membership",
    "chair_terms": "test_other_records_through_save",
    "meetings": "test_audit.py::test_a_deleted_meeting_keeps_what_it_held",
    "attendance": "test_audit.py::test_the_register_is_one_entry_naming_each_changed_mark",
    "meeting_actions": "test_other_records_through_save",
    "areas": "test_areas_and_measures",
    "measures": "test_areas_and_measures",
    "monthly_counts": "test_a_pasted_grid_is_one_entry_listing_each_changed_cell",
    "hotspot_notes": "test_hotspot_notes",
    "priorities": "test_renumbering_priorities_is_one_entry",
    "priority_measures": "test_priority_measures_are_named_on_the_priority",
    "programmes": "test_programme_year_limits",
    "programme_year_limits": "test_programme_year_limits",
    "actions": "test_spend_on_an_action",
    "action_spend": "test_spend_on_an_action",
    "action_updates": "test_other_records_through_save",
    "agenda_items": "test_an_agenda_is_one_entry_on_its_meeting",
    "lsoas": "test_audit.py::test_a_police_uk_import_is_one_entry_with_its_counts",
    "lsoa_imports": "test_audit.py::test_a_police_uk_import_is_one_entry_with_its_counts",
    "lsoa_month_counts": "test_audit.py::test_a_police_uk_import_is_one_entry_with_its_counts",
}
# Tables with no entries of their own, and why.
UNLOGGED: dict[str, str] = {
    "audit_log": "the log itself (erasure and retention rewrite it, and say so in it)",
    "cspdesk_migrations": "the schema's own steps, run on opening, never a change of data",
}


def test_every_table_of_the_schema_is_logged_or_says_why_not(db):
    tables = {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    assert tables - COVERED.keys() - UNLOGGED.keys() == set(), "tables with no audit test"
    assert (COVERED.keys() | UNLOGGED.keys()) - tables == set(), "tables no longer there"
    names = set(globals())
    for table, proof in COVERED.items():
        assert "::" in proof or "(" in proof or proof in names, (table, proof)


WRITES = ("INSERT INTO", "UPDATE ", "DELETE FROM", "save_row(", "executemany(")
# Functions that write without an entry of their own, and why: their caller writes it.
QUIET_WRITERS: dict[str, str] = {
    "records.py:save_row": "logs each row it saves (record_change)",
    "audit.py:record_entry": "the log's own insert",
    "audit.py:rewrite_entries": "erasure and retention, who log what they did",
    "demo.py:_insert": "inside build_demo_database's one entry",
    "demo.py:_load_priorities": "inside build_demo_database's one entry",
    "performance/police_uk/importer.py": "inside the import's one entry with its counts",
    "exchange/importer.py": "inside the workbook import's one entry with its counts",
    "privacy/erasure.py": "inside the erasure's one entry",
    "privacy/retention.py": "inside the retention run's one entry",
    "store/backup.py": "a copy of the file, not a change to it",
    "store/settings.py:set_setting": "logs through record_cells",
}


def _functions(path: Path) -> list[tuple[str, str]]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.name, ast.get_source_segment(path.read_text(encoding="utf-8"), node) or "")
            for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]


def _logs(body: str) -> bool:
    return any(word in body for word in ("audit.record", "save_row(", "_audit_",
                                         "record_entry(", "one_entry()"))


def test_every_function_that_writes_makes_an_entry():
    root = Path(__file__).resolve().parent.parent / "cspdesk"
    silent = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("store/migrations") or rel.startswith("store/schema"):
            continue
        for name, body in _functions(path):
            if not any(w in body for w in WRITES) or _logs(body):
                continue
            if f"{rel}:{name}" in QUIET_WRITERS or rel in QUIET_WRITERS:
                continue
            silent.append(f"{rel}:{name}")
    assert silent == [], "functions that write with no audit entry"


