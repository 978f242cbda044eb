"""``cspdesk backup``, ``backups`` and ``restore``, and the backup every import makes first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner
from openpyxl import Workbook

from cspdesk.cli.main import main
from cspdesk.store.backups import list_backups

POLICE_UK_SAMPLE = Path(__file__).parent / "data" / "policeuk" / "2023-01.zip"
NEWSLETTER = 11  # an action of the demo database, 'in progress'


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), obj={})


def count(path: Path, table: str, where: str = "1") -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]
    finally:
        conn.close()


def test_backup_prints_the_path_of_a_checked_copy(demo_path, tmp_path):
    result = run("backup", "--db", demo_path)
    assert result.exit_code == 0, result.output
    made = Path(result.output.strip())
    assert made.parent == tmp_path / "backups" and made.name.startswith("demo-manual-")
    assert count(made, "priorities") == 8
    result = run("backup", "--db", demo_path, "--to", tmp_path / "usb")
    assert Path(result.output.strip()).parent == tmp_path / "usb"


def test_backup_of_a_missing_database_says_so(tmp_path):
    result = run("backup", "--db", tmp_path / "none.sqlite")
    assert result.exit_code == 2
    assert "There is no database at" in result.output


def test_a_police_uk_import_backs_up_first(demo_path):
    result = run("import", "police-uk", "--db", demo_path, POLICE_UK_SAMPLE)
    assert result.exit_code == 0, result.output
    [backup] = list_backups(demo_path)
    assert backup.kind == "import"
    assert count(backup.path, "monthly_counts") == 432  # the database before the import
    assert count(demo_path, "monthly_counts") == 549


def partner_workbook(path: Path) -> Path:
    wb = Workbook()
    wb.active.title = "Actions"
    wb.active.append(["id", "status"])
    wb.active.append([NEWSLETTER, "complete"])
    wb.save(path)
    return path


def test_a_workbook_import_backs_up_first_and_a_dry_run_does_not(demo_path, tmp_path):
    workbook = partner_workbook(tmp_path / "back.xlsx")
    result = run("import", "xlsx", "--db", demo_path, "--dry-run", workbook)
    assert result.exit_code == 0, result.output
    assert list_backups(demo_path) == []
    result = run("import", "xlsx", "--db", demo_path, workbook)
    assert result.exit_code == 0, result.output
    [backup] = list_backups(demo_path)
    done = f"id = {NEWSLETTER} AND status = 'complete'"
    assert (count(backup.path, "actions", done), count(demo_path, "actions", done)) == (0, 1)


def test_backups_lists_when_why_size_and_what_each_holds(demo_path):
    assert run("backups", "--db", demo_path).output.startswith("There are no backups of demo")
    run("backup", "--db", demo_path)
    lines = run("backups", "--db", demo_path).output.splitlines()
    assert lines[0].startswith("Backups of demo.sqlite in ")
    assert lines[1].strip().startswith("demo-manual-")
    size = round(next((demo_path.parent / "backups").glob("demo-manual-*")).stat().st_size / 1024)
    assert lines[2].strip().endswith(
        f", made by hand, {size} KB: 45 meetings, 344 attendance marks, 432 monthly counts, "
        "8 priorities, 27 actions; latest month March 2023")


def test_restore_puts_a_backup_back(demo_path):
    made = Path(run("backup", "--db", demo_path).output.strip())
    conn = sqlite3.connect(demo_path)
    conn.execute("DELETE FROM attendance")
    conn.commit()
    conn.close()
    result = run("restore", "--db", demo_path, made)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Restored {made.name} into {demo_path}. The database as "
                                    "it was is kept as ")
    assert count(demo_path, "attendance") == 344
    aside = list_backups(demo_path)[0]
    assert aside.kind == "before-restore" and count(aside.path, "attendance") == 0


def test_restore_of_a_file_that_is_no_backup_says_so(demo_path, tmp_path):
    result = run("restore", "--db", demo_path, tmp_path / "missing.sqlite")
    assert result.exit_code == 2
    assert "There is no backup at" in result.output


def test_a_screenshot_makes_no_backup(demo_path, tmp_path, qapp):
    result = run("screenshot", "--db", demo_path, "--out", tmp_path / "shots")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "backups").exists()
