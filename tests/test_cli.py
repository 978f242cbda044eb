"""The command line: new, demo, check, screenshot, and errors as one sentence."""

import sqlite3

import pytest
from click.testing import CliRunner

from cspdesk.cli import main as cli_main
from cspdesk.cli.main import main
from cspdesk.errors import Cancelled
from cspdesk.store import migrations


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), obj={})


def test_new_creates_an_empty_database(tmp_path):
    path = tmp_path / "partnership.sqlite"
    result = run("new", path)
    assert result.exit_code == 0, result.output
    assert "Created an empty cspdesk database" in result.output
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.latest_version()
    assert conn.execute("SELECT COUNT(*) FROM meetings").fetchone()[0] == 0
    conn.close()


@pytest.mark.parametrize("command", ["new", "demo"])
def test_new_and_demo_never_overwrite(tmp_path, command):
    path = tmp_path / "precious.sqlite"
    path.write_bytes(b"the officer's only copy")
    result = run(command, path)
    assert result.exit_code == 2
    assert "will not overwrite" in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == b"the officer's only copy"


def test_demo_writes_the_demo_database(tmp_path):
    path = tmp_path / "demo.sqlite"
    result = run("demo", path)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM priorities").fetchone()[0] == 8
    conn.close()


def test_check_a_healthy_database(db_path):
    result = run("check", "--db", db_path)
    assert result.exit_code == 0, result.output
    assert f"Schema version: {migrations.latest_version()}" in result.output
    assert "Healthy." in result.output


def test_check_accepts_db_before_the_command(db_path):
    assert run("--db", db_path, "check").exit_code == 0


def test_check_reports_broken_foreign_keys_with_exit_1(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO people (name, organisation_id) VALUES ('Orphan', 7)")
    conn.commit()
    conn.close()
    result = run("check", "--db", db_path)
    assert result.exit_code == 1
    assert "Foreign keys: FAILED" in result.output
    assert "people row 1 refers to a missing row in organisations" in result.output


def test_check_reports_a_damaged_database_with_exit_1(db_path):
    conn = sqlite3.connect(db_path)
    for n in range(300):
        conn.execute("INSERT INTO organisations (name) VALUES (?)", [f"Organisation {n:03}"])
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[page * 2: page * 2 + 200] = b"\xff" * 200  # scribble over a page of the tables
    db_path.write_bytes(bytes(data))
    result = run("check", "--db", db_path)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("content, message", [
    (b"Crime ID,Month\n", "not an SQLite file"),
    (b"", "not an SQLite file"),
])
def test_check_on_a_file_that_is_not_a_database(tmp_path, content, message):
    path = tmp_path / "figures.csv"
    path.write_bytes(content)
    result = run("check", "--db", path)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1  # one sentence, no traceback


def test_a_cancelled_task_is_one_sentence_with_exit_2(db_path, monkeypatch):
    def cancelled(db):
        raise Cancelled()

    monkeypatch.setattr(cli_main, "check_database", cancelled)
    result = run("check", "--db", db_path)
    assert result.exit_code == 2
    assert result.stderr == "cspdesk: The task was cancelled; nothing of it was written.\n"


def test_check_on_a_missing_file(tmp_path):
    result = run("check", "--db", tmp_path / "missing.sqlite")
    assert result.exit_code == 2
    assert "There is no database" in result.stderr


def test_check_without_db_is_a_usage_error():
    result = run("check")
    assert result.exit_code == 2
    assert "--db" in result.output


def test_newer_database_is_refused_by_the_cli(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    result = run("check", "--db", db_path)
    assert result.exit_code == 2
    assert "newer cspdesk" in result.stderr


def test_screenshot_writes_one_png_per_tab(demo_path, tmp_path, qapp):
    out = tmp_path / "shots"
    result = run("screenshot", "--db", demo_path, "--out", out)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    tabs = ["meetings.png", "performance.png", "priorities.png", "safer-streets.png"]
    assert set(tabs) <= set(names)
    assert "meetings-statistics.png" in names
    from PySide6.QtGui import QImage

    for png in out.iterdir():
        image = QImage(str(png))
        assert (image.width(), image.height()) == (1366, 768)


def test_screenshot_rejects_a_bad_size(demo_path, tmp_path):
    result = run("screenshot", "--db", demo_path, "--out", tmp_path, "--size", "big")
    assert result.exit_code == 2
    assert "1366x768" in result.output
