"""The first run: the welcome screen's three ways in, the set-up dialog, and the offer to
add districts a police.uk import found but the tree lacks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCommandLinkButton, QDialog, QMessageBox

from cspdesk.performance.totals import area_tree
from cspdesk.store.database import open_database
from cspdesk.store.settings import get_setting
from ui.setup import welcome
from ui.setup.new_districts import offer_new_districts
from ui.setup.setup_dialog import SetupDialog


def test_the_welcome_screen_offers_three_ways_in(qtbot):
    dialog = welcome.WelcomeDialog()
    qtbot.addWidget(dialog)
    titles = [b.text() for b in dialog.findChildren(QCommandLinkButton)]
    assert titles == ["Set up a new partnership", "Open a database file", "Explore the demo"]


def test_explore_the_demo_opens_a_fresh_demo(qtbot, monkeypatch):
    monkeypatch.setattr(welcome.WelcomeDialog, "exec", _choosing("demo"))
    path, demo = welcome.first_run()
    assert demo and path.exists()
    db = open_database(path)
    assert get_setting(db, "partnership_short_name") == "BNS CSP"
    db.close()
    welcome.remove_demo(path)
    assert not path.parent.exists()


def test_set_up_creates_the_default_database_with_the_partnership(qtbot, monkeypatch,
                                                                  tmp_path):
    target = tmp_path / "data" / "cspdesk.sqlite"
    monkeypatch.setattr(welcome, "default_database_path", lambda: target)
    monkeypatch.setattr(welcome.WelcomeDialog, "exec", _choosing("setup"))

    def fill_in(dialog: SetupDialog) -> int:
        dialog.choose_force("Nottinghamshire Police")
        dialog.tick("Bassetlaw", "Newark and Sherwood")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SetupDialog, "exec", fill_in)
    assert welcome.first_run() == (target, False)
    db = open_database(target)
    assert get_setting(db, "home_area") == "Bassetlaw and Newark and Sherwood CSP"
    db.close()


def test_the_set_up_dialog_says_what_is_missing_and_makes_no_file(qtbot, tmp_path):
    dialog = SetupDialog(tmp_path / "a.sqlite")
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.message.text() == "Choose your police force first."
    dialog.choose_force("Derbyshire Constabulary")
    dialog.accept()
    assert dialog.message.text() == "Choose at least one district of the partnership."
    assert not (tmp_path / "a.sqlite").exists()


def test_a_district_renamed_in_the_dialog_is_named_so_in_the_tree(qtbot, tmp_path):
    dialog = SetupDialog(tmp_path / "a.sqlite")
    qtbot.addWidget(dialog)
    dialog.choose_force("Thames Valley Police")
    assert dialog.county.text() == "Thames Valley"
    dialog.tick("Aylesbury Vale")
    item = dialog.districts.findItems("Aylesbury Vale", Qt.MatchFlag.MatchExactly)[0]
    item.setText("Buckinghamshire")
    assert dialog.name.placeholderText() == "Buckinghamshire CSP"
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    db = open_database(tmp_path / "a.sqlite")
    assert "Buckinghamshire" in [a.name for a in area_tree(db) if a.level == "district"]
    db.close()


def test_districts_found_by_an_import_are_added_when_the_officer_says_yes(qtbot, demo_db,
                                                                         monkeypatch):
    asked = []

    def answer(parent, title, text, buttons):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    from PySide6.QtWidgets import QWidget
    parent = QWidget()
    qtbot.addWidget(parent)
    assert offer_new_districts(parent, demo_db, ["Bolsover", "Newshire"]) == ["Newshire"]
    assert "LSOAs of Newshire, which no district" in asked[0]
    assert "Newshire" in [a.name for a in area_tree(demo_db)]


def test_districts_of_other_forces_are_not_offered(qtbot, demo_db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("asked"))
    from PySide6.QtWidgets import QWidget
    parent = QWidget()
    qtbot.addWidget(parent)
    assert offer_new_districts(parent, demo_db, ["Bolsover", "Doncaster"]) == []


def _choosing(choice: str):
    def exec_(self) -> int:
        self.choice = choice
        return QDialog.DialogCode.Accepted

    return exec_


def test_with_no_database_yet_cspdesk_welcomes_and_creates_nothing(qtbot, monkeypatch,
                                                                   tmp_path):
    from click.testing import CliRunner

    from cspdesk.cli import main as cli
    from ui.setup import welcome

    target = tmp_path / "none" / "cspdesk.sqlite"
    monkeypatch.setattr(cli, "default_database_path", lambda: target)
    welcomed = []
    monkeypatch.setattr(welcome, "first_run", lambda: welcomed.append(True))
    result = CliRunner().invoke(cli.main, [], obj={})
    assert result.exit_code == 0, result.output
    assert welcomed == [True] and not target.exists()
