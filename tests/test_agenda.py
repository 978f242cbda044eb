"""Agenda items kept per meeting: saved whole, checked first, standing items carried from the
group's last agenda, gone with their meeting."""

from __future__ import annotations

import pytest

from cspdesk.errors import InputError
from cspdesk.meetings.agenda import (
    STANDING_ITEMS,
    find_meeting,
    list_agenda,
    next_meeting,
    previous_meeting,
    proposed_agenda,
    save_agenda,
)
from cspdesk.meetings.meetings import delete_meeting, save_meeting
from cspdesk.meetings.structure_edits import save_group
from cspdesk.store import migrations


@pytest.fixture
def group_meetings(db):
    group = save_group(db, {"name": "Joint Strategic Group", "short_name": "JSG",
                            "tier": "strategic"})
    return [save_meeting(db, {"group_id": group, "date": day, "status": status})
            for day, status in (("2023-01-17", "held"), ("2023-04-18", "held"),
                                ("2023-07-18", "cancelled"), ("2023-10-17", "scheduled"))]


def test_the_agenda_table_is_a_migration_step_of_its_own(db):
    assert migrations.latest_version() >= 5
    step = next(m for m in migrations.MIGRATIONS if m.version == 5)
    assert step.name == "agenda items of each meeting"
    assert "agenda_items" in db.table_names()


def test_a_groups_first_agenda_offers_the_standing_items(db, group_meetings):
    offered = proposed_agenda(db, group_meetings[0])
    assert [(i.kind, i.title) for i in offered] == list(STANDING_ITEMS)
    assert all(i.id is None and i.standing for i in offered)
    assert list_agenda(db, group_meetings[0]) == []  # offering writes nothing


def test_standing_items_are_carried_from_the_groups_last_agenda(db, group_meetings):
    first, second = group_meetings[:2]
    save_agenda(db, first, [
        {"title": "Apologies", "kind": "apologies", "standing": True, "lead": "Chair",
         "notes": "Said last time"},
        {"title": "Strategic assessment", "papers": "Draft assessment\n\n Annex A "},
        {"title": "Any other business", "kind": "any other business", "standing": True},
    ])
    carried = proposed_agenda(db, second)
    assert [(i.title, i.lead, i.notes, i.papers) for i in carried] == [
        ("Apologies", "Chair", None, ()), ("Any other business", None, None, ())]
    saved = list_agenda(db, first)
    assert saved[1].papers == ("Draft assessment", "Annex A")
    assert [i.position for i in saved] == [1, 2, 3]


def test_saving_replaces_the_whole_agenda_or_nothing(db, group_meetings):
    meeting = group_meetings[1]
    save_agenda(db, meeting, [{"title": "Performance", "kind": "performance"}])
    with pytest.raises(InputError, match="Item 2 of the agenda has no title") as caught:
        save_agenda(db, meeting, [{"title": "Priorities"}, {"title": "  "}])
    assert caught.value.field == "title"
    with pytest.raises(InputError, match="'minutes please' is not a kind of agenda item"):
        save_agenda(db, meeting, [{"title": "Minutes", "kind": "minutes please"}])
    assert [i.title for i in list_agenda(db, meeting)] == ["Performance"]
    save_agenda(db, meeting, [item.values() for item in reversed(
        proposed_agenda(db, group_meetings[0]))])
    assert list_agenda(db, meeting)[0].title == "Date of next meeting"


def test_a_meetings_agenda_goes_with_it(db, group_meetings):
    save_agenda(db, group_meetings[0], [{"title": "Performance"}])
    delete_meeting(db, group_meetings[0])
    assert db.execute("SELECT COUNT(*) FROM agenda_items").fetchone()[0] == 0


def test_the_meetings_either_side(db, group_meetings):
    first, second, cancelled, later = group_meetings
    assert previous_meeting(db, second).id == first
    assert previous_meeting(db, first) is None
    assert next_meeting(db, second).id == later  # the cancelled one is passed over
    assert previous_meeting(db, later).id == second  # only held meetings have minutes
    assert next_meeting(db, later) is None
    assert cancelled


def test_a_meeting_is_found_by_group_and_date(db, group_meetings):
    assert find_meeting(db, "jsg", "18/04/2023").id == group_meetings[1]
    assert find_meeting(db, "JSG", "2023-04-18").id == group_meetings[1]
    with pytest.raises(InputError, match="The JSG has no meeting on 19/04/2023; its nearest "
                                         "meetings are on 17/01/2023, 18/04/2023, 18/07/2023"):
        find_meeting(db, "JSG", "19/04/2023")
    with pytest.raises(InputError, match="no group with the short name 'PDG'; the groups are "
                                         "JSG"):
        find_meeting(db, "PDG", "18/04/2023")
