"""Choosers (combo boxes) that show their items' full names, keep the window narrow enough
for a 1366x768 laptop, and keep the officer's choice."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox

# The widest a chooser grows, in characters: a longer name is cut on screen and shown whole
# in the chooser's tooltip (the list itself always opens wide enough to read every item).
WIDEST = 40
_FLOOR = "cspdeskNarrowest"  # the property keeping a chooser's narrowest width
_TIPPED = "cspdeskTipped"


def compact(*combos: QComboBox, characters: int = 10) -> None:
    """Choosers at least ``characters`` wide; once filled (``refill_combo`` or
    ``fit_to_items``) they grow to their longest item, up to ``WIDEST`` characters."""
    for combo in combos:
        combo.setProperty(_FLOOR, characters)
        _set_width(combo, characters)
        if combo.count():
            fit_to_items(combo)


def fit_to_items(combo: QComboBox) -> None:
    """Make ``combo`` as wide as its longest item, up to ``WIDEST`` characters, wherever
    the window has the room; a narrow window may squeeze it back to its narrowest width,
    and the chosen item's full name is then its tooltip."""
    metrics = combo.fontMetrics()
    letter = max(metrics.horizontalAdvance("X"), 1)  # Qt measures the length in X's
    texts = [combo.itemText(i) for i in range(combo.count())]
    needed = max((math.ceil(metrics.horizontalAdvance(t) / letter) for t in texts), default=0)
    floor = int(combo.property(_FLOOR) or 10)
    _set_width(combo, floor)
    combo.setMinimumWidth(combo.minimumSizeHint().width())  # the narrowest it may become
    _set_width(combo, min(max(needed, floor), WIDEST))  # the width it asks for
    if not combo.property(_TIPPED):
        combo.setProperty(_TIPPED, True)
        combo.currentIndexChanged.connect(lambda _index, c=combo: _show_tip(c))
    _show_tip(combo)


def _set_width(combo: QComboBox, characters: int) -> None:
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)


def _show_tip(combo: QComboBox) -> None:
    """The chosen item's name as the tooltip, when the chooser may be too narrow for it."""
    text = combo.currentText()
    metrics = combo.fontMetrics()
    narrowest = int(combo.property(_FLOOR) or 10) * metrics.horizontalAdvance("X")
    combo.setToolTip(text if metrics.horizontalAdvance(text) > narrowest else "")


def refill_combo(combo: QComboBox, items: Sequence[tuple[str, Any]]) -> None:
    """Replace a chooser's (text, data) items, keeping the current choice where it remains,
    without announcing the intermediate states; it is then as wide as its longest item."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)
    fit_to_items(combo)
