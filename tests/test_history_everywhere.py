"""History… on every tab's records: each list's context menu opens the log of the record
chosen, showing the change just made to it and nothing of any other record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from test_privacy_screens import rows, shown_dialogs, win

from cspdesk.meetings.actions import save_meeting_action
from cspdesk.meetings.meetings import save_meeting
from cspdesk.meetings.structure_edits import save_group
from cspdesk.performance.areas import rename_measure, update_area
from cspdesk.performance.monthly import set_count, set_hotspot_notes
from cspdesk.priorities.priorities import save_priority
from cspdesk.programmes.programmes import save_programme

__all__ = ["win"]  # the fixture


def history(monkeypatch, widget, text="History…"):
    """Trigger ``text`` on the widget's context menu; the window it opens."""
    assert widget.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    kept = shown_dialogs(monkeypatch)
    next(a for a in widget.actions() if a.text() == text).trigger()
    assert len(kept) == 1
    return kept[0]


def first(view):
    view.setCurrentIndex(view.model().index(0, 0, QModelIndex()))


def shows(dialog, kind, record_id, title, change):
    assert dialog.windowTitle() == f"History of {title}"
    assert (dialog.kind.currentData(), dialog.record_id) == (kind, record_id)
    shown = rows(dialog.view)
    [record] = {r[4] for r in shown}  # one record, named with its number
    assert record.endswith(f" ({record_id})")
    assert change in {(r[6], r[8]) for r in shown}


def test_meetings_and_their_actions(qtbot, win, monkeypatch):
    tab = win.tab_pages[0]
    page = tab.meetings
    first(page.view)
    meeting = page.current_meeting_id()
    save_meeting(win.db, {"venue": "Retford Town Hall"}, meeting)
    dialog = history(monkeypatch, page.view)
    shows(dialog, "meetings", meeting,
          page.model.row_at(page.view.model().mapToSource(page.view.currentIndex()).row()).label,
          ("venue", "Retford Town Hall"))
    assert dialog.count.text() == "1 change shown."
    tab.pages.setCurrentWidget(tab.actions)  # read when first chosen
    actions = tab.actions
    first(actions.view)
    action = actions.selected()
    save_meeting_action(win.db, {"description": "Write to the ICB again"}, action.id)
    shows(history(monkeypatch, actions.view), "meeting_actions", action.id,
          action.description, ("description", "Write to the ICB again"))


@pytest.mark.parametrize(("attribute", "kind"), [
    ("groups", "groups"), ("members", "memberships"), ("chairs", "chair_terms"),
    ("organisations", "organisations"), ("people", "people")])
def test_the_partnership_lists(qtbot, win, monkeypatch, attribute, kind):
    tab = win.tab_pages[0]
    tab.pages.setCurrentWidget(tab.structure)  # read when first chosen
    page = tab.structure
    record_list = getattr(page, attribute)
    first(record_list.view)
    record = record_list.selected()
    dialog = history(monkeypatch, record_list.view)
    assert (dialog.kind.currentData(), dialog.record_id) == (kind, record.id)
    if kind == "groups":
        save_group(win.db, {"name": "Joint Strategic Board"}, record.id)
        dialog.refresh()
        assert ("name", "Joint Strategic Board") in {(r[6], r[8]) for r in rows(dialog.view)}


def test_areas_measures_figures_and_hotspot_notes(qtbot, win, monkeypatch):
    win.tabs.setCurrentIndex(1)  # a tab reads its data when chosen
    tab = win.tab_pages[1]
    areas = tab.areas
    tab.pages.setCurrentWidget(areas)  # and a page of it when it is chosen
    area = next(a for a in areas.areas if a.name == "Bassetlaw")
    update_area(win.db, area.id, short_name="BAS")
    match = areas.tree_model.match(areas.tree_model.index(0, 0), Qt.ItemDataRole.UserRole,
                                   area.id, 1, Qt.MatchFlag.MatchRecursive)
    areas.tree.setCurrentIndex(match[0])
    shows(history(monkeypatch, areas.tree), "areas", area.id, "Bassetlaw",
          ("short name", "BAS"))
    view = areas.measures_view
    row = next(r for r in range(view.model().rowCount())
               if view.model().index(r, 0).data() == "Hate crime")
    view.setCurrentIndex(view.model().index(row, 0))
    measure = areas._selected_measure()
    rename_measure(win.db, measure.id, "Hate crimes and incidents")
    shows(history(monkeypatch, view), "measures", measure.id, "Hate crime",
          ("name", "Hate crimes and incidents"))
    monthly_figures(win, monkeypatch, tab, area)


def monthly_figures(win, monkeypatch, tab, area):
    monthly = tab.monthly
    tab.pages.setCurrentWidget(monthly)
    monthly.measure.setCurrentText("Domestic abuse crimes")
    column = next(i for i, a in enumerate(monthly.model.areas) if a.name == "Bassetlaw")
    monthly.view.setCurrentIndex(monthly.model.index(0, column))
    month = monthly.model.months[0]
    set_count(win.db, area.id, "Domestic abuse crimes", month, 17)
    set_hotspot_notes(win.db, area.id, month, "Worksop bus station")
    dialog = history(monkeypatch, monthly.view, "History of these figures…")
    assert dialog.windowTitle() == "History of Domestic abuse crimes figures"
    assert any(r[6].startswith("Bassetlaw, ") and r[8] == "17" for r in rows(dialog.view))
    dialog = history(monkeypatch, monthly.view, "History of the hotspot notes…")
    assert dialog.windowTitle() == "History of Bassetlaw's hotspot notes"
    assert "Worksop bus station" in {r[8] for r in rows(dialog.view)}


def test_priorities_and_programmes(qtbot, win, monkeypatch):
    win.tabs.setCurrentIndex(2)  # a tab reads its data when chosen
    priorities = win.tab_pages[2]
    first(priorities.list)
    chosen = priorities.model.row_at(priorities.list.currentIndex().row())
    save_priority(win.db, {"lead_officer": "Sarah Whitmore"}, chosen.id)
    shows(history(monkeypatch, priorities.list), "priorities", chosen.id, chosen.title,
          ("lead officer", "Sarah Whitmore"))
    win.tabs.setCurrentIndex(3)
    programmes = win.tab_pages[3]
    programme = programmes.current_programme()
    save_programme(win.db, {"notes": "Board met in June."}, programme.id)
    shows(history(monkeypatch, programmes.programme), "programmes", programme.id,
          programme.name, ("notes", "Board met in June."))
