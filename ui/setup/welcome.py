"""The first run: with no database yet, the welcome screen offers to set a new
partnership up, open a database file, or explore the demo."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QFileDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cspdesk.demo import build_demo_database
from cspdesk.paths import default_database_path
from ui.setup.setup_dialog import SetupDialog
from ui.widgets.dialog import Dialog

DB_FILTER = "cspdesk databases (*.sqlite *.db);;All files (*)"


class WelcomeDialog(Dialog):
    """Three ways in; ``choice`` says which was taken ('setup', 'open', 'demo')."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to cspdesk"))
        self.choice = ""
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "<h2>Welcome to cspdesk</h2><p>Your partnership's meetings, performance figures, "
            "priorities and Safer Streets actions, in one database on this computer.</p>"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        for choice, title, detail in (
                ("setup", self.tr("Set up a new partnership"),
                 self.tr("Choose your police force and districts; about a minute.")),
                ("open", self.tr("Open a database file"),
                 self.tr("A cspdesk database you already have, or a colleague's copy.")),
                ("demo", self.tr("Explore the demo"),
                 self.tr("A fresh copy of the Bassetlaw and Newark & Sherwood CSP's "
                         "database; nothing you change in it is kept."))):
            button = QCommandLinkButton(title, detail)
            button.setAccessibleName(title)
            button.setObjectName(f"welcome-{choice}")
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            layout.addWidget(button)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def first_run(parent: QWidget | None = None) -> tuple[Path, bool] | None:
    """The welcome screen, then what was chosen: (the database to open, whether it is a
    demo), or None when the officer closed it."""
    while True:
        welcome = WelcomeDialog(parent)
        if welcome.exec() != QDialog.DialogCode.Accepted:
            return None
        found = _follow(welcome.choice, parent)
        if found is not None:
            return found


def _follow(choice: str, parent: QWidget | None) -> tuple[Path, bool] | None:
    if choice == "demo":
        folder = Path(tempfile.mkdtemp(prefix="cspdesk-demo-"))
        path = folder / "cspdesk-demo.sqlite"
        build_demo_database(path).close()
        return path, True
    if choice == "open":
        name, _ = QFileDialog.getOpenFileName(parent, QFileDialog.tr("Open Database"),
                                              str(Path.home()), DB_FILTER)
        return (Path(name), False) if name else None
    path = default_database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    dialog = SetupDialog(path, parent)
    return (path, False) if dialog.exec() == QDialog.DialogCode.Accepted else None


def remove_demo(path: Path) -> None:
    """A demo is fresh each time: its folder goes when the window closes."""
    shutil.rmtree(path.parent, ignore_errors=True)
