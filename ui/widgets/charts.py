"""One look for every chart: a still, white pyqtgraph plot that reads like a report's figure.

pyqtgraph (with numpy, 0.2 s) is imported when a chart is first shown or drawn on, not
when the window opens: pages make a ``Chart`` (a place for the plot) and use ``pg`` from
here, which imports pyqtgraph at the first name looked up in it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class _Pyqtgraph:
    """The pyqtgraph module, imported at the first name asked of it."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("pyqtgraph"), name)


pg: Any = _Pyqtgraph()


def __getattr__(name: str) -> Any:  # ``from ui.widgets.charts import CategoryAxis``
    if name == "CategoryAxis":
        from ui.widgets.category_axis import CategoryAxis

        return CategoryAxis
    raise AttributeError(name)


class Chart(QWidget):
    """A pyqtgraph ``PlotWidget`` made when the chart is first shown or drawn on; every
    name that is not a QWidget's goes to the plot (``chart.plot(...)``, ``chart.getAxis``).
    ``categories`` names the side ("bottom", "left") whose axis is a ``CategoryAxis``."""

    def __init__(self, parent: QWidget | None = None, categories: str | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._plot: Any = None
        self._categories = categories
        self._style: tuple[str, bool, bool] | None = None
        self._draw_when_shown: Callable[[], None] | None = None

    def draw_when_shown(self, draw: Callable[[], None]) -> bool:
        """While no plot is made and the chart is off screen, keep ``draw`` for its first
        showing and say True (the caller draws nothing now); else False."""
        if self._plot is not None or self.isVisible():
            return False
        self._draw_when_shown = draw
        return True

    @property
    def plot_widget(self) -> Any:
        """The PlotWidget, made (with pyqtgraph imported) at the first call."""
        if self._plot is None:
            axes = {}
            if self._categories:
                from ui.widgets.category_axis import CategoryAxis

                axes[self._categories] = CategoryAxis(self._categories)
            self._plot = pg.PlotWidget(axisItems=axes)
            self.layout().addWidget(self._plot)
            if self._style is not None:
                style_plot(self._plot, *self._style)
        return self._plot

    def clear(self) -> None:
        """Take every item off the plot, and the names given to its axes with ``setTicks``:
        a chart drawn empty shows no names from the figures drawn before (a crime type
        with no hotspots kept the last one's LSOAs beside no bars)."""
        plot = self.plot_widget
        plot.clear()
        for side in ("left", "bottom"):
            plot.getAxis(side).setTicks(None)

    def __getattr__(self, name: str) -> Any:  # only names a QWidget does not have
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.plot_widget, name)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self.plot_widget  # noqa: B018 - made now, so it is there to see
        super().showEvent(event)
        draw, self._draw_when_shown = self._draw_when_shown, None
        if draw is not None:
            draw()


def style_plot(plot: Any, title: str = "", grid_x: bool = True,
               grid_y: bool = True) -> None:
    """A plot the officer reads rather than explores: white, titled, no zoom or pan."""
    if isinstance(plot, Chart) and plot._plot is None:
        plot._style = (title, grid_x, grid_y)  # applied when the plot is made
        plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return
    plot.setBackground("w")
    if title:
        plot.setTitle(title, color="#1c1c1c")
    plot.showGrid(x=grid_x, y=grid_y, alpha=0.2)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to do by keyboard: Tab passes by
