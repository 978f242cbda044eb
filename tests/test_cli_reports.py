"""``cspdesk report``, ``cspdesk agenda`` and ``cspdesk minutes``: Word documents written
headless, read back, and the errors said in one sentence."""

from __future__ import annotations

import docx
from click.testing import CliRunner

from cspdesk.cli.main import main
from cspdesk.meetings.agenda import find_meeting
from cspdesk.meetings.register import load_register
from cspdesk.store.database import open_database


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), obj={})


def rows_of(path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in table.rows]
            for table in docx.Document(str(path)).tables]


def test_the_committee_report_from_the_command_line(demo_path, tmp_path):
    out = tmp_path / "report.docx"
    result = run("report", "--db", demo_path, "--year", "2023/24", "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote the 2023/24 committee report to {out}.\n"
    word = docx.Document(str(out))
    crime = next(t for t in rows_of(out) if t[0][3:4] == ["Performance"])
    assert [(r[0], r[3]) for r in crime[1:]] == [("Force", "6%"), ("County", "7%"),
                                                 ("BNS CSP", "5%"), ("NSDC", "9%")]
    assert len(word.inline_shapes) == 2  # the charts, drawn with Qt offscreen
    assert any("£750,000" in p.text for p in word.paragraphs)


def test_the_report_without_charts_and_for_another_year(demo_path, tmp_path):
    out = tmp_path / "r.docx"
    result = run("report", "--db", demo_path, "--year", "2022/23", "--out", out, "--no-charts")
    assert result.exit_code == 0, result.output
    word = docx.Document(str(out))
    assert len(word.inline_shapes) == 0
    assert any(p.text.startswith("2.2\tThe performance for Crime for 2021/22")
               for p in word.paragraphs)


def test_bad_input_is_one_sentence_and_status_2(demo_path, tmp_path):
    out = tmp_path / "r.docx"
    bad_year = run("report", "--db", demo_path, "--year", "2023-24", "--out", out)
    assert bad_year.exit_code == 2
    assert bad_year.output == "cspdesk: '2023-24' is not a financial year written like " \
                              "2023/24.\n"
    out.write_bytes(b"mine")
    taken = run("agenda", "--db", demo_path, "--group", "JSG", "--date", "18/04/2023",
                "--out", out)
    assert taken.exit_code == 2 and "already exists" in taken.output
    assert out.read_bytes() == b"mine"
    no_meeting = run("minutes", "--db", demo_path, "--group", "JSG", "--date", "19/04/2023",
                     "--out", tmp_path / "m.docx")
    assert no_meeting.exit_code == 2
    assert no_meeting.output == ("cspdesk: The JSG has no meeting on 19/04/2023; its nearest "
                                 "meetings are on 18/10/2022, 17/01/2023, 18/04/2023.\n")
    assert not (tmp_path / "m.docx").exists()


def test_the_agenda_and_minutes_from_the_command_line(demo_path, tmp_path):
    agenda, minutes = tmp_path / "agenda.docx", tmp_path / "minutes.docx"
    said = run("agenda", "--db", demo_path, "--group", "jsg", "--date", "18/04/2023",
               "--out", agenda)
    assert said.output == f"Wrote the agenda of the JSG meeting on 18/04/2023 to {agenda}.\n"
    items = rows_of(agenda)[1]
    assert items[0] == ["Item", "Title", "Lead", "Papers"]
    assert items[5][1] == "Priorities for 2023/24"
    assert run("minutes", "--db", demo_path, "--group", "JSG", "--date", "2023-04-18",
               "--out", minutes).exit_code == 0
    present = rows_of(minutes)[0]
    db = open_database(demo_path)
    try:
        register = load_register(db, find_meeting(db, "JSG", "18/04/2023").id)
    finally:
        db.close()
    assert [r[0] for r in present[1:]] == [
        line.name for line in register if line.mark in ("present", "present online")]
