"""The schedule as an iCalendar file: parsed back with a small parser written here."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from click.testing import CliRunner

from cspdesk.cli.main import main
from cspdesk.errors import InputError
from cspdesk.meetings import ics
from cspdesk.meetings.exports import export_ics

# A small RFC 5545 reader ---------------------------------------------------------------


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    for line in lines:
        assert b"\n" not in line and b"\r" not in line, "a bare line break"
        assert len(line) <= 75, f"a line of {len(line)} octets: {line!r}"
        line.decode("utf-8")  # raises if a multibyte character was split between lines
    return lines


def unfold(data: bytes) -> list[str]:
    logical: list[bytes] = []
    for line in physical_lines(data):
        if line[:1] in (b" ", b"\t"):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [line.decode("utf-8") for line in logical]


def split_property(line: str) -> tuple[str, dict[str, str], str]:
    head, _, value = line.partition(":")
    name, *params = head.split(";")
    return name.upper(), dict(p.split("=", 1) for p in params), value


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            nxt = next(chars)
            out.append("\n" if nxt in "nN" else nxt)
        else:
            out.append(char)
    return "".join(out)


def components(data: bytes) -> dict[str, list[dict[str, tuple[dict[str, str], str]]]]:
    """Each kind of component (VEVENT, DAYLIGHT, ...) and its properties, by name."""
    found: dict[str, list[dict]] = {}
    stack: list[dict] = []
    for line in unfold(data):
        name, params, value = split_property(line)
        if name == "BEGIN":
            stack.append({})
            found.setdefault(value, []).append(stack[-1])
        elif name == "END":
            stack.pop()
        else:
            stack[-1][name] = (params, value)
    assert stack == []
    return found


def events_by_uid(path: Path) -> dict[str, dict]:
    return {e["UID"][1]: e for e in components(path.read_bytes())["VEVENT"]}


def meeting_rows(db, where: str = "1", params=()) -> list[tuple]:
    return db.execute(
        "SELECT m.id, m.date, m.start_time, m.end_time, m.status, g.name, g.short_name "
        f"FROM meetings m JOIN groups g ON g.id = m.group_id WHERE {where}", list(params)
    ).fetchall()


# Writing the file ----------------------------------------------------------------------


def test_the_demo_meetings_these_tests_change(demo_db):
    """Tests below edit meetings 1 and 2 of the demo: its first two JSG meetings."""
    rows = meeting_rows(demo_db, "m.id IN (1, 2) ORDER BY m.id")
    assert [(r[0], r[1], r[2], r[4], r[6]) for r in rows] == [
        (1, "2022-04-19", "10:00", "held", "JSG"), (2, "2022-07-19", "10:00", "held", "JSG")]



def test_calendar_header_and_london_time_zone(demo_db, tmp_path):
    path = tmp_path / "meetings.ics"
    export_ics(demo_db, path)
    lines = unfold(path.read_bytes())
    assert lines[:5] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//cspdesk//cspdesk//EN",
                         "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    assert lines[-1] == "END:VCALENDAR"
    found = components(path.read_bytes())
    (zone,) = found["VTIMEZONE"]
    assert zone["TZID"][1] == "Europe/London"
    (summer,), (winter,) = found["DAYLIGHT"], found["STANDARD"]
    assert (summer["TZNAME"][1], summer["TZOFFSETFROM"][1], summer["TZOFFSETTO"][1]) == (
        "BST", "+0000", "+0100")
    assert summer["RRULE"][1] == "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"
    assert summer["DTSTART"][1].endswith("T010000")  # 01:00 GMT
    assert (winter["TZNAME"][1], winter["TZOFFSETFROM"][1], winter["TZOFFSETTO"][1]) == (
        "GMT", "+0100", "+0000")
    assert winter["RRULE"][1] == "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"
    assert winter["DTSTART"][1].endswith("T020000")  # 02:00 BST, 01:00 UTC


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


@pytest.mark.parametrize("year", range(2020, 2036))
def test_the_time_zone_rules_agree_with_the_tz_database(year):
    london = zoneinfo.ZoneInfo("Europe/London")  # tzdata is in requirements.lock
    for month, before, after in ((3, 0, 1), (10, 1, 0)):
        change = dt.datetime.combine(_last_sunday(year, month), dt.time(1), tzinfo=dt.UTC)
        for moment, hours in ((change - dt.timedelta(minutes=1), before), (change, after)):
            assert moment.astimezone(london).utcoffset() == dt.timedelta(hours=hours)


def test_every_meeting_of_the_demo_is_an_event_at_its_london_time(demo_db, tmp_path):
    path = tmp_path / "meetings.ics"
    result = export_ics(demo_db, path)
    events = events_by_uid(path)
    rows = meeting_rows(demo_db)
    assert result.count == len(rows) == len(events) > 40
    assert result.warnings == []
    for meeting_id, day, start, end, _status, group, short in rows:
        event = events[f"meeting-{meeting_id}.bns-csp@cspdesk"]
        stamp = day.replace("-", "")
        london = {"TZID": "Europe/London"}
        assert event["DTSTART"] == (london, f"{stamp}T{start.replace(':', '')}00")
        assert event["DTEND"] == (london, f"{stamp}T{end.replace(':', '')}00")
        assert unescape(event["SUMMARY"][1]).endswith(f"{group} ({short})")
        assert event["DTSTAMP"][1].endswith("Z") and len(event["DTSTAMP"][1]) == 16


def test_summer_and_winter_meetings_keep_their_wall_clock_time(demo_db, tmp_path):
    path = tmp_path / "meetings.ics"
    export_ics(demo_db, path, group_short_name="JSG")
    starts = sorted(e["DTSTART"][1] for e in events_by_uid(path).values())
    assert "20220719T100000" in starts  # BST
    assert "20230117T100000" in starts  # GMT


def test_statuses_cancelled_confirmed_tentative(demo_db, tmp_path):
    demo_db.execute("UPDATE meetings SET status = 'postponed' WHERE id = 2")
    path = tmp_path / "meetings.ics"
    export_ics(demo_db, path)
    events = events_by_uid(path)
    expect = {"cancelled": "CANCELLED", "held": "CONFIRMED", "scheduled": "CONFIRMED",
              "postponed": "TENTATIVE"}
    seen = set()
    for meeting_id, _day, _s, _e, status, _g, _short in meeting_rows(demo_db):
        event = events[f"meeting-{meeting_id}.bns-csp@cspdesk"]
        assert event["STATUS"][1] == expect[status]
        assert f"Status: {status}" in unescape(event["DESCRIPTION"][1])
        seen.add(status)
    assert seen == set(expect)
    (cancelled_pdg,) = meeting_rows(demo_db, "g.short_name = 'PDG' AND m.date = '2022-08-18'")
    event = events[f"meeting-{cancelled_pdg[0]}.bns-csp@cspdesk"]
    assert event["STATUS"][1] == "CANCELLED"
    assert event["TRANSP"][1] == "TRANSPARENT"
    assert unescape(event["SUMMARY"][1]) == "Cancelled: Partnership Delivery Group (PDG)"


def test_locations_in_person_online_and_hybrid(demo_db, tmp_path):
    path = tmp_path / "meetings.ics"
    demo_db.execute("UPDATE meetings SET venue = NULL WHERE id = 2")
    export_ics(demo_db, path)
    locations = {uid: unescape(e["LOCATION"][1]) for uid, e in events_by_uid(path).items()
                 if "LOCATION" in e}
    assert "Castle House, Newark (hybrid)" in locations.values()  # JSG
    assert "Microsoft Teams (online)" in locations.values()  # ASB case panel
    assert "Castle House, Newark" in locations.values()  # Safer Streets board, in person
    assert locations["meeting-2.bns-csp@cspdesk"] == "Hybrid"
    demo_db.execute("UPDATE meetings SET venue = NULL, mode = 'online' WHERE id = 2")
    export_ics(demo_db, path, overwrite=True)
    assert unescape(events_by_uid(path)["meeting-2.bns-csp@cspdesk"]["LOCATION"][1]) == "Online"


def test_commas_semicolons_backslashes_and_newlines_round_trip(demo_db, tmp_path):
    venue = "Room 2; Castle House, Great North Road, Newark \\ NG24 1BY"
    notes = "Agenda:\n1. Priorities; 2. Budget, and\r\nAOB"
    demo_db.execute("UPDATE meetings SET venue = ?, mode = 'in person', notes = ? WHERE id = 1",
                    [venue, notes])
    path = tmp_path / "meetings.ics"
    export_ics(demo_db, path)
    raw = path.read_bytes().decode("utf-8")
    assert "Room 2\\; Castle House\\, Great North Road\\, Newark \\\\ NG24 1BY" in raw
    event = events_by_uid(path)["meeting-1.bns-csp@cspdesk"]
    assert unescape(event["LOCATION"][1]) == venue
    assert unescape(event["DESCRIPTION"][1]) == (
        "Status: held\nAgenda:\n1. Priorities; 2. Budget, and\nAOB")


def test_a_long_unicode_line_folds_at_75_octets_without_splitting_characters(demo_db,
                                                                              tmp_path):
    notes = "Café meeting – Łódź visit ☕ 日本語のメモ 👩🏽‍⚖️ " * 12
    demo_db.execute("UPDATE meetings SET notes = ? WHERE id = 1", [notes])
    path = tmp_path / "meetings.ics"
    export_ics(demo_db, path)
    data = path.read_bytes()
    folded = [line for line in physical_lines(data) if line.startswith(b" ")]
    assert len(folded) > 5
    event = events_by_uid(path)["meeting-1.bns-csp@cspdesk"]  # checks every line's length
    assert unescape(event["DESCRIPTION"][1]) == f"Status: held\n{notes}"


@pytest.mark.parametrize("text", ["a" * 74, "a" * 75, "a" * 76, "a" * 149, "a" * 150,
                                  "é" * 80, "a" + "😀" * 40, "ab" + "€" * 60])
def test_fold_line_boundaries(text):
    folded = ics.fold_line(text)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert pieces[0] + "".join(p[1:] for p in pieces[1:]) == text
    if len(text.encode("utf-8")) <= 75:
        assert folded == text
    else:  # full lines, no needless early breaks
        assert len(pieces[0].encode("utf-8")) > 71


def test_escape_text():
    assert ics.escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    assert ics.escape_text("bell\x07") == "bell"


def test_meetings_without_times_are_all_day_events(demo_db, tmp_path):
    demo_db.execute("UPDATE meetings SET start_time = NULL, end_time = NULL WHERE id = 1")
    demo_db.execute("UPDATE meetings SET end_time = NULL WHERE id = 2")
    path = tmp_path / "meetings.ics"
    export_ics(demo_db, path)
    events = events_by_uid(path)
    all_day = events["meeting-1.bns-csp@cspdesk"]
    assert all_day["DTSTART"] == ({"VALUE": "DATE"}, "20220419")
    assert all_day["DTEND"] == ({"VALUE": "DATE"}, "20220420")
    open_ended = events["meeting-2.bns-csp@cspdesk"]
    assert open_ended["DTSTART"][1].endswith("T100000") and "DTEND" not in open_ended


def test_one_group_only_and_an_unknown_group_lists_the_known_ones(demo_db, tmp_path):
    path = tmp_path / "jsg.ics"
    result = export_ics(demo_db, path, group_short_name="jsg")
    summaries = {unescape(e["SUMMARY"][1]) for e in events_by_uid(path).values()}
    assert summaries == {"Joint Strategic Group (JSG)"}
    assert result.count == len(meeting_rows(demo_db, "g.short_name = 'JSG'"))
    with pytest.raises(InputError, match="no group with the short name 'XYZ'") as caught:
        export_ics(demo_db, tmp_path / "x.ics", group_short_name="XYZ")
    for short in ("JSG", "PDG", "DAF", "ASBCP", "SS4PB"):
        assert short in str(caught.value)
    assert caught.value.field == "group"
    assert not (tmp_path / "x.ics").exists()


def test_uids_are_stable_and_unique(demo_db, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    export_ics(demo_db, first)
    export_ics(demo_db, second)
    assert set(events_by_uid(first)) == set(events_by_uid(second))
    assert len(events_by_uid(first)) == len(meeting_rows(demo_db))


def test_refuses_to_overwrite_unless_told(demo_db, tmp_path):
    path = tmp_path / "meetings.ics"
    path.write_text("keep me")
    with pytest.raises(InputError, match="already exists"):
        export_ics(demo_db, path)
    assert path.read_text() == "keep me"
    export_ics(demo_db, path, overwrite=True)
    assert path.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_control_characters_are_removed_with_a_warning(demo_db, tmp_path):
    demo_db.execute("UPDATE meetings SET notes = ?, venue = ? WHERE id = 1",
                    ["Bring\x08 papers", "Hall\x00 A"])
    path = tmp_path / "meetings.ics"
    result = export_ics(demo_db, path)
    assert len(result.warnings) == 2
    assert all("JSG meeting on 19/04/2022" in w for w in result.warnings)
    event = events_by_uid(path)["meeting-1.bns-csp@cspdesk"]
    assert unescape(event["DESCRIPTION"][1]) == "Status: held\nBring papers"
    assert unescape(event["LOCATION"][1]) == "Hall A (hybrid)"


def test_an_empty_database_gives_an_empty_calendar_and_says_so(db, tmp_path):
    path = tmp_path / "none.ics"
    result = export_ics(db, path)
    assert result.count == 0 and "no meetings" in result.warnings[0]
    found = components(path.read_bytes())
    assert "VEVENT" not in found and found["VCALENDAR"]
    assert "UID:meeting-" not in path.read_text()


# The command line ----------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), obj={})


def test_cli_export_ics(demo_path, tmp_path):
    out = tmp_path / "meetings.ics"
    result = run("export", "ics", "--db", demo_path, "--out", out)
    assert result.exit_code == 0, result.output
    assert f"Wrote {len(events_by_uid(out))} meetings to {out}." in result.output


def test_cli_export_ics_with_db_before_the_command_and_one_group(demo_path, tmp_path):
    out = tmp_path / "jsg.ics"
    result = run("--db", demo_path, "export", "ics", "--out", out, "--group", "JSG")
    assert result.exit_code == 0, result.output
    assert "Wrote 5 meetings" in result.output
    assert len(events_by_uid(out)) == 5


def test_cli_export_ics_refusals_are_one_sentence(demo_path, tmp_path):
    out = tmp_path / "meetings.ics"
    result = run("export", "ics", "--db", demo_path, "--out", out, "--group", "NOPE")
    assert result.exit_code == 2
    assert "no group with the short name 'NOPE'" in result.stderr
    assert "Traceback" not in result.output
    out.write_text("keep me")
    result = run("export", "ics", "--db", demo_path, "--out", out)
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert out.read_text() == "keep me"
    result = run("export", "ics", "--db", demo_path, "--out", out, "--overwrite")
    assert result.exit_code == 0, result.output
    assert run("export", "ics", "--out", out).exit_code == 2  # no database given


def test_cli_export_ics_prints_warnings(db_path, tmp_path):
    result = run("export", "ics", "--db", db_path, "--out", tmp_path / "none.ics")
    assert result.exit_code == 0, result.output
    assert "Wrote 0 meetings" in result.output
    assert "warning: There are no meetings" in result.stderr
