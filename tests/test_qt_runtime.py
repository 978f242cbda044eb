"""The Qt runtime this machine installs: no refcount leak on signals, and real fonts."""

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPushButton


class _Emitter(QObject):
    changed = Signal(int)


def test_signals_do_not_leak_references_to_true_or_none(qtbot):
    # PySide6 6.12.0 on Python 3.11 drops a reference to True on every emit() and to None on
    # every C++ signal delivered to a Python slot, and aborts after a few thousand (STACK.md).
    emitter = _Emitter()
    received = []
    emitter.changed.connect(lambda value: received.append(value))
    button = QPushButton()
    qtbot.addWidget(button)
    button.setCheckable(True)
    clicks = []
    button.clicked.connect(lambda checked: clicks.append(int(checked)))  # hold no bools
    before = sys.getrefcount(True), sys.getrefcount(None)
    for n in range(500):
        emitter.changed.emit(n)
        button.click()
    after = sys.getrefcount(True), sys.getrefcount(None)
    assert len(received) == 500 and len(clicks) == 500
    assert abs(after[0] - before[0]) < 50
    assert abs(after[1] - before[1]) < 50


def test_a_font_is_installed_so_text_is_not_drawn_as_boxes(qapp):
    assert QFontDatabase.families()
