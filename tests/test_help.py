"""The offline user guide: F1 opens the page of the tab on screen, every page's links lead
to pages that exist, and What's This? is in the Help menu."""

from __future__ import annotations

import re

from PySide6.QtCore import QSettings

from cspdesk.resources import resource_path
from ui.help import help_page, open_help
from ui.main_window import MainWindow


def make_window(qtbot, demo_path, tmp_path):
    window = MainWindow(demo_path, settings=QSettings(str(tmp_path / "s.ini"),
                                                      QSettings.Format.IniFormat),
                        backups=False)
    qtbot.addWidget(window)
    return window


def test_f1_opens_the_page_of_the_tab_on_screen(qtbot, demo_path, tmp_path):
    window = make_window(qtbot, demo_path, tmp_path)
    assert window.help_action.shortcut().toString() == "F1"
    for number, heading in enumerate(["Meetings and attendance", "Monthly performance",
                                      "The priority register",
                                      "Safer Streets and action plans"]):
        window.tabs.setCurrentIndex(number)
        dialog = open_help(window)
        assert dialog.browser.documentTitle() == heading
        assert heading in dialog.browser.toPlainText()
        dialog.close()


def test_every_tab_has_its_page_and_every_link_leads_somewhere(qtbot, demo_path, tmp_path):
    window = make_window(qtbot, demo_path, tmp_path)
    for page in window.tab_pages:
        slug = page.title.lower().replace(" ", "-")
        assert resource_path("help", f"{slug}.html").is_file(), slug
    for path in resource_path("help").glob("*.html"):
        for target in re.findall(r'href="([^"]+)"', path.read_text(encoding="utf-8")):
            assert resource_path("help", target).is_file(), (path.name, target)
            assert not target.startswith("http")  # offline


def test_an_unknown_page_opens_the_contents():
    assert help_page("no-such-page").fileName() == "index.html"


def test_whats_this_is_in_the_help_menu(qtbot, demo_path, tmp_path):
    window = make_window(qtbot, demo_path, tmp_path)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert texts[:2] == ["User Guide", "What's This?"]
