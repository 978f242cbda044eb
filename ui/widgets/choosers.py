"""Choosers (combo boxes) that keep the window narrow and keep the officer's choice."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox


def compact(*combos: QComboBox, characters: int = 10) -> None:
    """Choosers as wide as ``characters`` at the least, however long their items: long
    names must not widen the window (the list opens as wide as it needs)."""
    for combo in combos:
        combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(characters)


def refill_combo(combo: QComboBox, items: Sequence[tuple[str, Any]]) -> None:
    """Replace a chooser's (text, data) items, keeping the current choice where it remains,
    without announcing the intermediate states."""
    current = combo.currentData()
    compact(combo, characters=max(combo.minimumContentsLength(), 10))
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)
