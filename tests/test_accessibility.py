"""Accessibility: every interactive control of the main window and each tab has a name a
screen reader announces; the dark palette is readable."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ui.accessibility import dark_palette, name_controls, unnamed_controls
from ui.main_window import MainWindow


def test_every_control_of_every_tab_has_an_accessible_name(qtbot, demo_path, tmp_path):
    window = MainWindow(demo_path, settings=QSettings(str(tmp_path / "s.ini"),
                                                      QSettings.Format.IniFormat),
                        backups=False)
    qtbot.addWidget(window)
    window.show()
    for number in range(window.tabs.count()):
        window.tabs.setCurrentIndex(number)
        qtbot.wait(1)
        assert unnamed_controls(window) == [], window.tabs.tabText(number)
    assert window.find_box.accessibleName() == "Find anything"


def test_a_control_is_named_by_what_a_sighted_user_reads(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    box = QLineEdit(root)
    box.setPlaceholderText("Venue…")
    bare = QComboBox(root)
    assert len(unnamed_controls(root)) == 2
    name_controls(root)
    assert box.accessibleName() == "Venue"
    assert bare.accessibleName() != "" and unnamed_controls(root) == []


def contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        parts = [v / 255 for v in (c.red(), c.green(), c.blue())]
        lin = [p / 12.92 if p <= 0.03928 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_dark_palette_reads_at_seven_to_one():
    palette = dark_palette()
    role = QPalette.ColorRole
    for fore, back in ((role.Text, role.Base), (role.WindowText, role.Window),
                       (role.ButtonText, role.Button)):
        assert contrast(palette.color(fore), palette.color(back)) >= 7


def test_every_dialog_of_cspdesk_is_made_accessible_as_it_shows():
    """Each dialog class derives from ui.widgets.dialog.Dialog, which names its controls,
    sets the reading order and fits it on the screen as it shows (no application-wide
    event filter does it for them)."""
    import importlib
    import pkgutil

    from PySide6.QtWidgets import QDialog

    import ui
    from ui.widgets.dialog import Dialog

    for info in pkgutil.walk_packages(ui.__path__, "ui."):
        importlib.import_module(info.name)
    found = []

    def walk(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("ui."):
                found.append(sub)
            walk(sub)

    walk(QDialog)
    assert len(found) >= 15
    assert [c.__qualname__ for c in found if not issubclass(c, Dialog)] == []


def test_a_dialog_gets_names_and_fits_the_screen_as_it_shows(qtbot):
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    from ui.widgets.dialog import Dialog

    dialog = Dialog()
    qtbot.addWidget(dialog)
    field = QLineEdit()
    field.setPlaceholderText("Venue")
    QVBoxLayout(dialog).addWidget(field)
    dialog.resize(5000, 5000)
    assert field.accessibleName() == ""
    dialog.show()
    room = dialog.screen().availableGeometry()
    assert field.accessibleName() == "Venue"
    assert dialog.frameGeometry().width() <= room.width()
    assert dialog.frameGeometry().height() <= room.height()
