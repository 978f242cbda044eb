"""One priority across the years, as a page: entered, what changed each year, retired."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser, QWidget

from cspdesk.priorities.history import Change, PriorityHistory, Segment, priority_history
from cspdesk.store.connection import Database
from ui.widgets.colours import tint

MARKS = {"removed": ("red", "line-through"), "added": ("green", "underline")}


def _style(kind: str) -> str | None:
    """Struck through or underlined, as a tracked change, on red or green (not in high
    contrast, where the lines alone say it)."""
    if kind not in MARKS:
        return None
    meaning, line = MARKS[kind]
    pair = tint(meaning)
    colours = f"background-color:{pair[0].name()}; color:{pair[1].name()}; " if pair else ""
    return f"{colours}text-decoration:{line};"


def diff_html(segments: tuple[Segment, ...]) -> str:
    """A word diff with removed words struck through in red and added ones underlined in
    green."""
    out = []
    for s in segments:
        text = html.escape(s.text).replace("\n", "<br>")
        style = _style(s.kind)
        out.append(f"<span style='{style}'>{text}</span>" if style else text)
    return "".join(out)


def _change_html(change: Change) -> str:
    if change.diff:
        return f"<p><b>{html.escape(change.label)}</b><br>{diff_html(change.diff)}</p>"
    before = html.escape(change.before or "not recorded")
    after = html.escape(change.after or "not recorded")
    return f"<p><b>{html.escape(change.label)}</b>: {before} → {after}</p>"


def history_html(history: PriorityHistory, current_id: int | None = None) -> str:
    first = history.years[0].priority
    parts = [f"<h3>{html.escape(first.title)}</h3>",
             f"<p>Entered the register in <b>{history.entered}</b>. "
             + (f"<b>{history.ended}</b>." if history.ended else
                f"Still on the register in {history.years[-1].priority.financial_year}.")
             + "</p>"]
    for year in history.years:
        p = year.priority
        here = " (shown now)" if p.id == current_id else ""
        parts.append(f"<h4>{p.financial_year}: {html.escape(year.event)}{here}</h4>"
                     f"<p>Priority {p.position} · {p.status.capitalize()}</p>")
        if year.changes:
            parts.extend(_change_html(c) for c in year.changes)
        elif year.event != "Entered the register":
            parts.append("<p><i>Nothing changed from the year before.</i></p>")
    return "".join(parts)


class HistoryPage(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)

    def show_priority(self, db: Database | None, priority_id: int | None) -> None:
        history = priority_history(db, priority_id) if db and priority_id else None
        if history is None:
            self.setHtml(self.tr("<p><i>A new priority has no history until it is "
                                 "saved.</i></p>"))
        else:
            self.setHtml(history_html(history, priority_id))
