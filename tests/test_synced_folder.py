"""A database in a synced folder: every command warns, and `cspdesk screenshot` never waits
on a message box no one can answer (issue 11, item 7)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cspdesk.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
POLICE_UK_SAMPLE = ROOT / "tests" / "data" / "policeuk" / "2023-01.zip"


@pytest.fixture
def synced_db(demo_path, tmp_path) -> Path:
    folder = tmp_path / "OneDrive - Council" / "CSP"
    folder.mkdir(parents=True)
    return Path(shutil.copy(demo_path, folder / "cspdesk.sqlite"))


def warning(path: Path) -> str:
    return (f"cspdesk: warning: {path} is inside a cloud-synced folder (OneDrive, Dropbox...). "
            "Sync clients can corrupt a database while it is open; keep it in a local folder "
            "and use File > Save a copy as to share it.\n")


@pytest.mark.parametrize("command", [
    ["check"], ["import", "police-uk", str(POLICE_UK_SAMPLE)], ["quality"]])
def test_commands_on_a_synced_database_warn(synced_db, command):
    result = CliRunner().invoke(main, [*command[:2], "--db", str(synced_db), *command[2:]])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(warning(synced_db))


def test_a_local_database_gets_no_warning(demo_path):
    result = CliRunner().invoke(main, ["check", "--db", str(demo_path)])
    assert (result.exit_code, result.stderr) == (0, "")


def test_screenshot_of_a_synced_database_finishes(synced_db, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    out = tmp_path / "shots"
    # A message box left open would wait for ever: the timeout turns that into a failure.
    result = subprocess.run([sys.executable, "-m", "cspdesk", "screenshot", "--db",
                             str(synced_db), "--out", str(out)], env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (out / "meetings.png").exists() and (out / "safer-streets.png").exists()
    assert result.stderr.startswith(warning(synced_db))
    assert ("cspdesk: closed the window's message 'Database in a synced folder' (a screenshot "
            "answers none).\n") in result.stderr
