"""Meetings: planning one, series of them by rule, deleting, and the actions arising."""

import datetime as dt
from contextlib import contextmanager
from types import SimpleNamespace

import pytest

from cspdesk.errors import InputError
from cspdesk.meetings.actions import (
    ACTION_STATUSES,
    list_meeting_actions,
    outstanding_actions,
    save_meeting_action,
)
from cspdesk.meetings.meetings import (
    MODES,
    STATUSES,
    Meeting,
    SeriesRule,
    create_series,
    delete_meeting,
    describe_series,
    get_meeting,
    list_meetings,
    meeting_place,
    meeting_time_span,
    save_meeting,
    series_dates,
)
from cspdesk.meetings.structure_edits import save_group, save_organisation, save_person

D = dt.date
TUESDAY, THURSDAY, FRIDAY = 1, 3, 4


@contextmanager
def refused(field, match=None):
    """Expects an InputError, shown at ``field``."""
    with pytest.raises(InputError, match=match) as info:
        yield info
    assert info.value.field == field, str(info.value)


def count(db, table):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def dates(days):
    return [d.strftime("%d/%m/%Y") for d in days]


@pytest.fixture
def p(db):
    ids = SimpleNamespace(db=db)
    ids.jsg = save_group(db, {"name": "Joint Strategic Group", "short_name": "JSG",
                              "tier": "strategic"})
    ids.pdg = save_group(db, {"name": "Partnership Delivery Group", "short_name": "PDG",
                              "tier": "delivery", "parent_id": ids.jsg})
    police = save_organisation(db, {"name": "Nottinghamshire Police", "short_name": "Police"})
    ids.james = save_person(db, {"name": "James Rowland", "organisation_id": police})
    return ids


JSG_APRIL = D(2023, 4, 18)


def meeting(p, day=JSG_APRIL, group=None, **values):
    return save_meeting(p.db, {"group_id": group or p.jsg, "date": day, **values})


# One meeting -------------------------------------------------------------------------------


def test_a_meeting_is_saved_trimmed_with_defaults(p):
    mid = meeting(p, start_time="10:00", end_time=" 12:00 ", venue="  Castle House, Newark ",
                  notes="   ")
    assert get_meeting(p.db, mid) == Meeting(
        id=mid, group_id=p.jsg, group="Joint Strategic Group", group_short_name="JSG",
        date="2023-04-18", start_time="10:00", end_time="12:00",
        venue="Castle House, Newark", mode="in person", status="scheduled", notes=None)
    assert MODES == ("in person", "online", "hybrid")
    assert STATUSES == ("scheduled", "held", "cancelled", "postponed")


def test_it_appears_in_the_meetings_list(p):
    meeting(p, D(2023, 4, 18), start_time="10:00", mode="hybrid")
    meeting(p, D(2023, 6, 8), group=p.pdg, status="held")
    shown = [(m.date, m.group_short_name, m.mode, m.status, m.present)
             for m in list_meetings(p.db)]
    assert shown == [("2023-06-08", "PDG", "in person", "held", 0),
                     ("2023-04-18", "JSG", "hybrid", "scheduled", 0)]


def test_an_online_meeting_keeps_its_venue_text(p):
    link = "Microsoft Teams (link in the invitation)"
    mid = meeting(p, mode="online", venue=link)
    assert (get_meeting(p.db, mid).mode, get_meeting(p.db, mid).venue) == ("online", link)


@pytest.mark.parametrize(("venue", "mode", "words"), [
    ("Castle House, Newark", "in person", "Castle House, Newark"),
    ("Bassetlaw", "online", "Bassetlaw (online)"),
    ("Castle House, Newark", "hybrid", "Castle House, Newark (hybrid)"),
    (None, "online", "Online"),
    ("  ", "hybrid", "Hybrid"),
    (None, "in person", ""),
])
def test_where_a_meeting_is_held_in_one_wording(venue, mode, words):
    assert meeting_place(venue, mode) == words


@pytest.mark.parametrize(("start", "end", "words"), [
    ("10:00", "12:00", "10:00 to 12:00"),
    ("09:30", None, "from 09:30"),
    (None, "12:00", ""),
    (None, None, ""),
])
def test_when_a_meeting_is_held_in_uk_style(start, end, words):
    assert meeting_time_span(start, end) == words


def test_a_time_without_its_leading_zero_is_understood(p):
    assert get_meeting(p.db, meeting(p, start_time="9:30")).start_time == "09:30"


@pytest.mark.parametrize("values, field, message", [
    ({"group_id": None}, "group_id", "Choose the group"),
    ({"group_id": 99}, "group_id", "not in the database"),
    ({"date": None}, "date", "Enter the date of the meeting"),
    ({"date": "18042023"}, "date", "not a date written dd/mm/yyyy"),
    ({"start_time": "25:00"}, "start_time", "not a time written HH:MM"),
    ({"start_time": "10.30"}, "start_time", "'10.30'"),
    ({"end_time": "noon"}, "end_time", "HH:MM"),
    ({"start_time": "10:00", "end_time": "09:30"}, "end_time",
     "end time 09:30 is not after the start time 10:00"),
    ({"start_time": "10:00", "end_time": "10:00"}, "end_time", "not after"),
    ({"mode": "by phone"}, "mode", "in person, online, hybrid"),
    ({"status": "done"}, "status", "scheduled, held, cancelled, postponed"),
])
def test_bad_meetings_are_refused_at_their_field(p, values, field, message):
    with refused(field, message):
        save_meeting(p.db, {"group_id": p.jsg, "date": D(2023, 4, 18), **values})
    assert count(p.db, "meetings") == 0


def test_a_refused_edit_leaves_the_meeting_as_it_was(p):
    mid = meeting(p, start_time="10:00", end_time="12:00", venue="Castle House, Newark")
    before = get_meeting(p.db, mid)
    with refused("end_time"):
        save_meeting(p.db, {"venue": "Queen's Buildings, Worksop", "end_time": "09:00"}, mid)
    assert get_meeting(p.db, mid) == before
    save_meeting(p.db, {"status": "held"}, mid)  # only what is given changes
    assert get_meeting(p.db, mid) == Meeting(**{**vars(before), "status": "held"})


def test_an_unknown_meeting_is_an_input_error(p):
    with pytest.raises(InputError, match="no meeting number 42"):
        get_meeting(p.db, 42)
    with pytest.raises(InputError, match="no meeting number 42"):
        save_meeting(p.db, {"status": "held"}, 42)
    with pytest.raises(InputError, match="no meeting number 42"):
        delete_meeting(p.db, 42)


def test_deleting_a_meeting_takes_its_register_and_actions_with_it(demo_db):
    row = demo_db.execute(
        "SELECT m.id, COUNT(*) FROM meetings m JOIN attendance a ON a.meeting_id = m.id "
        "JOIN groups g ON g.id = m.group_id WHERE g.short_name = 'PDG' AND m.status = 'held' "
        "GROUP BY m.id ORDER BY m.date LIMIT 1").fetchone()
    mid, marks = row
    assert marks > 5
    save_meeting_action(demo_db, {"meeting_id": mid, "description": "Circulate the minutes"})
    before = {t: count(demo_db, t) for t in ("meetings", "attendance", "meeting_actions",
                                              "priorities", "people")}
    delete_meeting(demo_db, mid)
    after = {t: count(demo_db, t) for t in before}
    assert after == {**before, "meetings": before["meetings"] - 1,
                     "attendance": before["attendance"] - marks,
                     "meeting_actions": before["meeting_actions"] - 1}
    assert mid not in {m.id for m in list_meetings(demo_db)}


# Series ------------------------------------------------------------------------------------


def every_8_weeks():
    return SeriesRule("every n weeks", D(2023, 4, 11), D(2024, 3, 31), TUESDAY, weeks=8)


def first_thursday_of_quarter():
    return SeriesRule("nth weekday of quarter", D(2023, 4, 1), D(2024, 3, 31), THURSDAY, nth=1)


def test_every_8_weeks_on_a_tuesday():
    days = series_dates(every_8_weeks())
    assert dates(days) == ["11/04/2023", "06/06/2023", "01/08/2023", "26/09/2023",
                           "21/11/2023", "16/01/2024", "12/03/2024"]
    assert {d.strftime("%A") for d in days} == {"Tuesday"}
    assert describe_series(every_8_weeks()) == (
        "every 8 weeks on Tuesday from 11/04/2023 to 31/03/2024")


def test_first_thursday_of_each_financial_quarter():
    assert dates(series_dates(first_thursday_of_quarter())) == [
        "06/04/2023", "06/07/2023", "05/10/2023", "04/01/2024"]
    assert describe_series(first_thursday_of_quarter()) == (
        "first Thursday of each quarter from 01/04/2023 to 31/03/2024")


def test_a_start_that_is_not_the_weekday_begins_at_the_next_one():
    rule = SeriesRule("every n weeks", D(2023, 4, 12), D(2023, 5, 31), TUESDAY, weeks=2)
    assert dates(series_dates(rule)) == ["18/04/2023", "02/05/2023", "16/05/2023",
                                         "30/05/2023"]
    weekly = SeriesRule("every n weeks", D(2023, 4, 12), D(2023, 5, 2), TUESDAY)
    assert dates(series_dates(weekly)) == ["18/04/2023", "25/04/2023", "02/05/2023"]
    assert describe_series(weekly) == "every week on Tuesday from 12/04/2023 to 02/05/2023"


def test_the_last_weekday_of_each_month_and_quarter():
    monthly = SeriesRule("nth weekday of month", D(2023, 4, 1), D(2023, 7, 31), FRIDAY, nth=-1)
    assert dates(series_dates(monthly)) == ["28/04/2023", "26/05/2023", "30/06/2023",
                                            "28/07/2023"]
    assert describe_series(monthly) == (
        "last Friday of each month from 01/04/2023 to 31/07/2023")
    quarterly = SeriesRule("nth weekday of quarter", D(2023, 4, 1), D(2024, 3, 31), THURSDAY,
                           nth=-1)
    assert dates(series_dates(quarterly)) == ["27/04/2023", "27/07/2023", "26/10/2023",
                                              "25/01/2024"]


def test_nth_dates_outside_the_range_are_left_out():
    # The first Monday of April 2023 is the 3rd, before the start; 04/09 is after the end.
    rule = SeriesRule("nth weekday of month", D(2023, 4, 10), D(2023, 9, 3), 0, nth=1)
    assert dates(series_dates(rule)) == ["01/05/2023", "05/06/2023", "03/07/2023",
                                         "07/08/2023"]
    third = SeriesRule("nth weekday of month", D(2023, 4, 1), D(2023, 5, 31), 2, nth=3)
    assert dates(series_dates(third)) == ["19/04/2023", "17/05/2023"]
    assert describe_series(third).startswith("third Wednesday of each month")
    one_day = SeriesRule("every n weeks", D(2023, 4, 11), D(2023, 4, 11), TUESDAY)
    assert dates(series_dates(one_day)) == ["11/04/2023"]


@pytest.mark.parametrize("rule, field, message", [
    (SeriesRule("every n weeks", D(2024, 3, 31), D(2023, 4, 11), TUESDAY), "end",
     r"ends \(11/04/2023\) before it starts \(31/03/2024\)"),
    (SeriesRule("every n weeks", D(2023, 4, 11), D(2024, 3, 31), TUESDAY, weeks=0), "weeks",
     "every 1 week or more"),
    (SeriesRule("nth weekday of month", D(2023, 4, 1), D(2024, 3, 31), TUESDAY, nth=5), "nth",
     "first, second, third, fourth or last"),
    (SeriesRule("nth weekday of quarter", D(2023, 4, 1), D(2024, 3, 31), TUESDAY, nth=0),
     "nth", "last"),
    (SeriesRule("every n weeks", D(2023, 4, 1), D(2024, 3, 31), 7), "weekday", "Monday"),
    (SeriesRule("fortnightly", D(2023, 4, 1), D(2024, 3, 31), TUESDAY), "kind",
     "not a kind of series"),
    (SeriesRule("every n weeks", None, D(2024, 3, 31), TUESDAY), "start", "Enter the date"),
])
def test_rules_that_make_no_sense_are_refused(rule, field, message):
    with refused(field, message):
        series_dates(rule)
    with refused(field, message):
        describe_series(rule)


def test_a_series_may_have_500_meetings_but_no_more():
    start = D(2023, 4, 3)
    rule = SeriesRule("every n weeks", start, start + dt.timedelta(weeks=499), 0)
    assert len(series_dates(rule)) == 500
    longer = SeriesRule("every n weeks", start, start + dt.timedelta(weeks=500), 0)
    with refused("end", "more than 500 meetings; choose a nearer end date"):
        series_dates(longer)
    forever = SeriesRule("nth weekday of month", start, D(9999, 12, 31), 0, nth=-1)
    with refused("end", "more than 500"):
        series_dates(forever)


TEMPLATE = {"start_time": "14:00", "end_time": "16:00", "venue": " Castle House, Newark ",
            "mode": "hybrid", "notes": None}


def test_create_series_plans_every_meeting_in_one_go(p):
    ids = create_series(p.db, p.pdg, every_8_weeks(), TEMPLATE)
    made = [get_meeting(p.db, i) for i in ids]
    assert dates(D.fromisoformat(m.date) for m in made) == dates(series_dates(every_8_weeks()))
    assert {(m.group_id, m.start_time, m.end_time, m.venue, m.mode, m.status) for m in made} == {
        (p.pdg, "14:00", "16:00", "Castle House, Newark", "hybrid", "scheduled")}


def test_create_series_skips_dates_the_group_already_meets(p):
    existing = meeting(p, D(2023, 6, 6), group=p.pdg, status="cancelled")
    meeting(p, D(2023, 8, 1), group=p.jsg)  # another group's meeting does not count
    ids = create_series(p.db, p.pdg, every_8_weeks(), TEMPLATE)
    assert len(ids) == 6 and existing not in ids
    pdg = [m.date for m in list_meetings(p.db, p.pdg)]
    assert sorted(pdg) == [d.isoformat() for d in series_dates(every_8_weeks())]
    assert create_series(p.db, p.pdg, every_8_weeks(), TEMPLATE) == []  # again: nothing new
    assert count(p.db, "meetings") == 8


@pytest.mark.parametrize("template, group, field", [
    ({**TEMPLATE, "end_time": "13:00"}, "pdg", "end_time"),
    ({**TEMPLATE, "start_time": "2pm"}, "pdg", "start_time"),
    ({**TEMPLATE, "mode": "telepathy"}, "pdg", "mode"),
    (TEMPLATE, None, "group_id"),
])
def test_a_bad_series_writes_nothing(p, template, group, field):
    with refused(field):
        create_series(p.db, getattr(p, group) if group else 99, every_8_weeks(), template)
    assert count(p.db, "meetings") == 0


def test_a_failure_part_way_through_a_series_writes_nothing(p):
    p.db.execute("CREATE TRIGGER no_november BEFORE INSERT ON meetings "
                 "WHEN NEW.date = '2023-11-21' BEGIN SELECT RAISE(ABORT, 'closed'); END")
    with pytest.raises(InputError, match="not saved"):
        create_series(p.db, p.pdg, every_8_weeks(), TEMPLATE)
    assert count(p.db, "meetings") == 0


def test_a_series_template_takes_only_meeting_details(p):
    with pytest.raises(ValueError, match="date"):
        create_series(p.db, p.pdg, every_8_weeks(), {**TEMPLATE, "date": D(2023, 1, 1)})


# Actions arising ---------------------------------------------------------------------------


def action(p, mid, **values):
    return save_meeting_action(p.db, {"meeting_id": mid, "description": "Circulate the minutes",
                                      **values})


def test_an_action_is_listed_with_its_meeting_and_owner(p):
    mid = meeting(p, D(2023, 4, 18))
    aid = action(p, mid, description="  Draft the strategic assessment  ", owner_id=p.james,
                 due_date=D(2023, 5, 31))
    [shown] = list_meeting_actions(p.db, mid)
    assert (shown.id, shown.meeting_date, shown.group_short_name, shown.description,
            shown.owner, shown.due_date, shown.status, shown.completed_on, shown.overdue) == (
        aid, "2023-04-18", "JSG", "Draft the strategic assessment", "James Rowland",
        "2023-05-31", "open", None, True)
    assert ACTION_STATUSES == ("open", "done", "dropped")


@pytest.mark.parametrize("values, field, message", [
    ({"description": "   "}, "description", "Enter what the action is"),
    ({"meeting_id": None}, "meeting_id", "Choose the meeting"),
    ({"owner_id": 99}, "owner_id", "owner chosen is not in the database"),
    ({"due_date": D(2023, 4, 17)}, "due_date",
     "due date 17/04/2023 is before the meeting of 18/04/2023"),
    ({"status": "closed"}, "status", "open, done, dropped"),
    ({"status": "done", "completed_on": D(2023, 4, 1)}, "completed_on",
     "completion date 01/04/2023 is before the meeting"),
])
def test_bad_actions_are_refused(p, values, field, message):
    mid = meeting(p, D(2023, 4, 18))
    with refused(field, message):
        action(p, mid, **values)
    assert count(p.db, "meeting_actions") == 0


def test_done_is_completed_today_unless_told_and_reopening_clears_it(p):
    mid = meeting(p, D(2023, 4, 18))
    aid = action(p, mid, due_date=D(2023, 4, 18))
    save_meeting_action(p.db, {"status": "done"}, aid)
    assert list_meeting_actions(p.db, mid)[0].completed_on == dt.date.today().isoformat()
    save_meeting_action(p.db, {"status": "done", "completed_on": D(2023, 4, 20)}, aid)
    assert list_meeting_actions(p.db, mid)[0].completed_on == "2023-04-20"
    with refused("due_date"):  # a refused edit changes nothing
        save_meeting_action(p.db, {"status": "open", "due_date": D(2023, 1, 1)}, aid)
    assert (list_meeting_actions(p.db, mid)[0].status,
            list_meeting_actions(p.db, mid)[0].completed_on) == ("done", "2023-04-20")
    save_meeting_action(p.db, {"status": "open"}, aid)
    assert list_meeting_actions(p.db, mid)[0].completed_on is None
    save_meeting_action(p.db, {"status": "dropped"}, aid)
    assert list_meeting_actions(p.db, mid)[0].completed_on is None


def test_outstanding_actions_across_meetings_with_overdue_marked(p):
    april, june = meeting(p, D(2023, 4, 18)), meeting(p, D(2023, 6, 8), group=p.pdg)
    action(p, april, description="Refresh the ASB action plan", due_date=D(2023, 7, 31))
    action(p, april, description="Agree the priorities", status="done")
    action(p, april, description="Write to the OPCC", status="dropped")
    action(p, june, description="Book Castle House for 2024")
    action(p, june, description="Circulate the DHR summary", due_date=D(2023, 6, 30))
    action(p, june, description="Check CCTV coverage", due_date=D(2023, 7, 1))
    shown = [(a.description, a.group_short_name, a.due_date, a.overdue)
             for a in outstanding_actions(p.db, today=D(2023, 7, 1))]
    assert shown == [
        ("Circulate the DHR summary", "PDG", "2023-06-30", True),
        ("Check CCTV coverage", "PDG", "2023-07-01", False),  # due today: not yet overdue
        ("Refresh the ASB action plan", "JSG", "2023-07-31", False),
        ("Book Castle House for 2024", "PDG", None, False),  # no due date: last, never overdue
    ]
    jsg_only = outstanding_actions(p.db, today=D(2023, 8, 1), group_id=p.jsg)
    assert [(a.description, a.overdue) for a in jsg_only] == [
        ("Refresh the ASB action plan", True)]
    assert all(a.overdue for a in outstanding_actions(p.db) if a.due_date)  # real today: 2023
    assert outstanding_actions(p.db, group_id=99) == []
