"""An axis naming categories that never lets two names run together (pyqtgraph's own axis
draws them on top of each other). Its own module: importing it imports pyqtgraph, which
``ui/widgets/charts.py`` does only when a chart is first made."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetricsF


class CategoryAxis(pg.AxisItem):
    """An axis naming categories (quarters, months, areas), given with ``setTicks`` as
    usual, that never lets two names run together: when they would, it names every second
    (third…) category from the first and keeps a tick at each of the others."""

    GAP = 14  # pixels at least between two names

    def __init__(self, orientation: str = "bottom", **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)

    def generateDrawSpecs(self, p: Any) -> Any:  # noqa: N802 (pyqtgraph's name)
        given = self._tickLevels
        if given and len(given) == 1 and len(given[0]) > 1:
            self._tickLevels = self.thinned(given[0])
        try:
            return super().generateDrawSpecs(p)
        finally:
            self._tickLevels = given

    def thinned(self, ticks: Sequence[tuple[float, str]]) -> list[list[tuple[float, str]]]:
        """The ticks to draw: a name every ``step`` categories, from the first whose name
        fits inside the axis (pyqtgraph drops a name that would stick out), blank ticks
        between."""
        names = [name for _value, name in ticks]
        step, first = self.name_step(names, abs(ticks[1][0] - ticks[0][0])), 0
        if step > 1:
            half = self._widest(names) / 2
            while first < step - 1 and self._pixels_in(ticks[first][0]) < half:
                first += 1
        named = [tick for i, tick in enumerate(ticks) if i >= first and (i - first) % step == 0]
        blank = [(value, "") for value, name in ticks if (value, name) not in named]
        return [named, blank] if blank else [named]

    def name_step(self, names: Sequence[str], spacing: float) -> int:
        """Name every n-th category, so that names ``spacing`` apart are ``GAP`` apart."""
        along = self._pixels_in(self.range[0] + spacing)
        if along <= 0:
            return 1
        return max(1, math.ceil((self._widest(names) + self.GAP) / along))

    def _widest(self, names: Sequence[str]) -> float:
        metrics = QFontMetricsF(self.style["tickFont"] or QFont())
        if self.orientation in ("bottom", "top"):
            return max(metrics.horizontalAdvance(name) for name in names)
        return metrics.height()

    def _pixels_in(self, value: float) -> float:
        """How many pixels from the start of the axis ``value`` is."""
        low, high = self.range
        along = self.width() if self.orientation in ("bottom", "top") else self.height()
        return 0.0 if high <= low else along * (value - low) / (high - low)
