"""One look for every chart: a still, white pyqtgraph plot that reads like a report's figure."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt


def style_plot(plot: pg.PlotWidget, title: str = "", grid_x: bool = True,
               grid_y: bool = True) -> None:
    """A plot the officer reads rather than explores: white, titled, no zoom or pan."""
    plot.setBackground("w")
    if title:
        plot.setTitle(title, color="#1c1c1c")
    plot.showGrid(x=grid_x, y=grid_y, alpha=0.2)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to do by keyboard: Tab passes by
