"""Readable at 150%: on a 1366x768 laptop screen at Windows' 150% scaling (911x512 logical
pixels, less the taskbar and a title bar), the window and the main dialogs fit, and no
button, tick, tab or one-line label is narrower than its words. Qt reads the scaling as it
starts, so each check runs in a program of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def screen_file(folder: Path) -> Path:
    path = folder / "screen.json"
    path.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    return path


def run_scaled(args: list[str], folder: Path, scale: str = "1.5") -> str:
    env = dict(os.environ, QT_SCALE_FACTOR=scale, LANG="C.UTF-8", PYTHONPATH=str(ROOT),
               QT_QPA_PLATFORM=f"offscreen:configfile={screen_file(folder)}")
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def at_150(tmp_path_factory, demo_master):
    folder = tmp_path_factory.mktemp("scaled")
    db = folder / "demo.sqlite"
    db.write_bytes(demo_master.read_bytes())
    return json.loads(run_scaled([str(ROOT / "tests" / "scaled_window.py"), str(db)], folder))


def test_the_screen_is_a_laptop_at_150_percent(at_150):
    assert at_150["scale"] == 1.5
    assert at_150["screen"] == [911, 512]
    assert at_150["room"] == [911, 441]  # less the taskbar and the window's title bar


def test_every_tab_fits_the_screen_and_cuts_no_words(at_150):
    width, height = at_150["room"]
    assert len(at_150["screens"]) >= 14
    for name, seen in at_150["screens"].items():
        assert seen["minimum"][0] <= width and seen["minimum"][1] <= height, name
        assert seen["size"] == [width, height], name
        assert seen["clipped"] == [], name


def test_every_main_dialog_fits_the_screen_and_cuts_no_words(at_150):
    width, height = at_150["screen"]
    room = at_150["room"]
    assert {"Plan a meeting", "Add a programme or action plan", "Committee report",
            "Export to Excel"} <= set(at_150["dialogs"])
    for name, seen in at_150["dialogs"].items():
        assert seen["size"][0] <= width and seen["size"][1] <= height, name
        assert seen["minimum"][0] <= room[0] and seen["minimum"][1] <= room[1], name
        assert seen["clipped"] == [], name


def test_a_screenshot_at_150_percent_is_the_whole_screen(tmp_path, demo_path):
    """``cspdesk screenshot --scale 1.5`` lays the window out in 911x512 and writes it as
    the 1366x768 pixels the officer sees (the text drawn half as big again)."""
    out = tmp_path / "shots"
    run_scaled(["-m", "cspdesk", "screenshot", "--db", str(demo_path), "--out", str(out),
                "--scale", "1.5"], tmp_path, scale="1")
    from PySide6.QtGui import QImage

    image = QImage(str(out / "safer-streets.png"))  # the window, filling the screen
    assert (image.width(), image.height()) == (1366, 768)
