"""The round trip of the partner workbook: export, import into an empty database, export again
and get the same data; a partner's edits in Excel come back exactly; and any names, texts and
dates (formula-like and control characters included) survive the trip."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cspdesk.cli.main import main
from cspdesk.exchange.export import export_workbook
from cspdesk.exchange.importer import FieldChange, RecordChange, apply_import, plan_import
from cspdesk.store.database import create_database, open_database
from cspdesk.xlsx.writer import clean_text

ABOUT = "About"


def sheet_values(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's cell values, row by row (the About sheet without its time stamp)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: [row for row in ws.iter_rows(values_only=True)
                           if not (ws.title == ABOUT and row and row[0] == "Made on")]
                for ws in wb.worksheets}
    finally:
        wb.close()


def new_database(path: Path):
    """An empty database made as a user makes one: ``cspdesk new``."""
    result = CliRunner().invoke(main, ["new", str(path)], obj={})
    assert result.exit_code == 0, result.output
    return open_database(path)


def test_export_import_into_an_empty_database_and_export_again_gives_the_same_data(
        demo_db, tmp_path):
    first = export_workbook(demo_db, tmp_path / "first.xlsx").path
    (tmp_path / "copy").mkdir()
    copy = new_database(tmp_path / "copy" / "demo.sqlite")  # same name: the About sheet says it
    try:
        plan = plan_import(copy, first)
        assert plan.ok, plan.problems[:5]
        assert {c.action for c in plan.changes} == {"add"}
        apply_import(copy, plan)
        second = export_workbook(copy, tmp_path / "second.xlsx").path
        assert plan_import(copy, first).changes == ()  # nothing left to bring in
    finally:
        copy.close()
    before, after = sheet_values(first), sheet_values(second)
    assert list(before) == list(after)
    for title in before:
        assert before[title] == after[title], title
    assert sum(len(rows) - 1 for title, rows in before.items() if title != ABOUT) > 1000


def test_a_partners_edits_come_back_exactly_and_are_applied(demo_db, tmp_path):
    path = export_workbook(demo_db, tmp_path / "partner.xlsx", no_personal_data=True).path
    wb = openpyxl.load_workbook(path)  # as the partner's Excel opens it
    actions = wb["Actions"]
    headers = [c.value for c in actions[1]]
    id_col, status_col = headers.index("id"), headers.index("status")
    edits: dict[int, tuple[int, str, str]] = {}  # id -> (row, old status, new status)
    for row in actions.iter_rows(min_row=2):
        old = row[status_col].value
        if old in ("not started", "in progress") and len(edits) < 3:
            new = "in progress" if old == "not started" else "complete"
            row[status_col].value = new
            edits[row[id_col].value] = (row[0].row, old, new)
    assert len(edits) == 3
    first, second = list(edits)[:2]
    updates = wb["Action updates"]
    headers = [c.value for c in updates[1]]
    for values in ({"action_id": first, "date": dt.datetime(2024, 3, 1),
                    "text": "Lights fitted on Bridge Street."},
                   {"action_id": second, "date": "02/03/2024",  # typed as text
                    "text": "=Survey done (x2)\nreport to follow"}):
        updates.append([values.get(h) for h in headers])  # a new row has no id
    updates.cell(updates.max_row, headers.index("text") + 1).data_type = "s"  # '=... in Excel
    wb.save(path)

    plan = plan_import(demo_db, path)
    assert plan.ok, plan.problems
    last = updates.max_row
    assert plan.changes == (
        *[RecordChange("Actions", row, (action,), "update",
                       (FieldChange("status", old, new),))
          for action, (row, old, new) in edits.items()],
        RecordChange("Action updates", last - 1, (), "add", (
            FieldChange("action_id", None, first), FieldChange("date", None, "01/03/2024"),
            FieldChange("text", None, "Lights fitted on Bridge Street."))),
        RecordChange("Action updates", last, (), "add", (
            FieldChange("action_id", None, second), FieldChange("date", None, "02/03/2024"),
            FieldChange("text", None, "=Survey done (x2)\nreport to follow"))))
    assert plan.summary() == "Actions: 3 changed; Action updates: 2 added"

    apply_import(demo_db, plan)
    for action, (_row, _old, new) in edits.items():
        assert demo_db.execute("SELECT status FROM actions WHERE id = ?",
                               [action]).fetchone() == (new,)
    assert demo_db.execute("SELECT action_id, date, text, author FROM action_updates "
                           "ORDER BY id DESC LIMIT 2").fetchall() == [
        (second, "2024-03-02", "=Survey done (x2)\nreport to follow", None),
        (first, "2024-03-01", "Lights fitted on Bridge Street.", None)]
    assert plan_import(demo_db, path).summary() == "Action updates: 2 added"  # ids not kept


# Property: names, texts and dates survive the trip --------------------------------------------

FORMULA_LIKE = st.sampled_from(["=1+1", "@x", "+x", "-x", "=HYPERLINK(\"http://x\",\"click\")",
                                "=cmd|' /C calc'!A0", "#N/A", "'quoted", "\t=1"])
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30)
TEXT = st.one_of(FORMULA_LIKE, ANY_TEXT, st.builds(str.__add__, FORMULA_LIKE, ANY_TEXT),
                 st.builds(str.__add__, ANY_TEXT, st.sampled_from(["\x00", "\x08", "\x1f",
                                                                   "\r\n", "\r", "\x0b"])))
MAYBE = st.one_of(st.none(), TEXT)
DATES = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31))


def came_back(value: str | None, short: bool = True) -> str | None:
    """What the round trip promises for a text: the characters Excel cannot hold removed
    (the export warns of each), lines ending "\\n", short fields without surrounding space."""
    if value is None:
        return None
    text = clean_text(value)[0].replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip() if short else text
    return text if text.strip() else None


@st.composite
def records(draw: Any) -> dict[str, list[tuple]]:
    organisations = draw(st.lists(st.tuples(TEXT, MAYBE), min_size=1, max_size=3))
    people = draw(st.lists(st.tuples(TEXT, MAYBE, MAYBE, MAYBE), max_size=3))
    updates = draw(st.lists(st.tuples(DATES, TEXT, MAYBE), min_size=1, max_size=3))
    names = [came_back(name) for name, _ in organisations]
    assume(None not in names and len(set(names)) == len(names))
    assume(all(came_back(p[0]) for p in people))
    assume(all(came_back(text, short=False) for _, text, _ in updates))
    return {"organisations": organisations, "people": people, "updates": updates}


def _fill(db: Any, data: dict[str, list[tuple]]) -> None:
    with db.atomic():
        for name, notes in data["organisations"]:
            db.execute("INSERT INTO organisations (name, notes) VALUES (?, ?)", [name, notes])
        for person in data["people"]:
            db.execute("INSERT INTO people (name, job_title, email, phone, organisation_id) "
                       "VALUES (?, ?, ?, ?, 1)", list(person))
        db.execute("INSERT INTO programmes (id, name) VALUES (1, 'P')")
        db.execute("INSERT INTO actions (id, programme_id, title) VALUES (1, 1, 'A')")
        for day, text, author in data["updates"]:
            db.execute("INSERT INTO action_updates (action_id, date, text, author) "
                       "VALUES (1, ?, ?, ?)", [day.isoformat(), text, author])


def _expected(data: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    return {
        "organisations": [(came_back(n), came_back(notes, short=False))
                          for n, notes in data["organisations"]],
        "people": [tuple(came_back(v) for v in person) for person in data["people"]],
        "updates": [(day.isoformat(), came_back(text, short=False), came_back(author))
                    for day, text, author in data["updates"]]}


def _held(db: Any) -> dict[str, list[tuple]]:
    return {
        "organisations": db.execute("SELECT name, notes FROM organisations ORDER BY id")
                           .fetchall(),
        "people": db.execute("SELECT name, job_title, email, phone FROM people ORDER BY id")
                    .fetchall(),
        "updates": db.execute("SELECT date, text, author FROM action_updates ORDER BY id")
                     .fetchall()}


def _warned_cells(warnings: list[str]) -> set[tuple[str, int, str]]:
    found = set()
    for warning in warnings:
        match = re.match(r"Sheet '(.+)', row (\d+), column \w+ \((\w+)\): removed", warning)
        if match:
            found.add((match.group(1), int(match.group(2)), match.group(3)))
    return found


def _controls(data: dict[str, list[tuple]]) -> set[tuple[str, int, str]]:
    """The cells whose text holds characters Excel cannot hold."""
    columns = {"organisations": ("Organisations", ["name", "notes"]),
               "people": ("People", ["name", "job_title", "email", "phone"]),
               "updates": ("Action updates", ["date", "text", "author"])}
    cells = set()
    for key, (sheet, headers) in columns.items():
        for row, values in enumerate(data[key], start=2):
            for header, value in zip(headers, values, strict=True):
                if isinstance(value, str) and clean_text(value)[1]:
                    cells.add((sheet, row, header))
    return cells


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.filter_too_much])
@given(records())
def test_names_texts_and_dates_survive_the_round_trip(data):
    with tempfile.TemporaryDirectory() as folder:
        source = create_database(Path(folder) / "source.sqlite")
        target = create_database(Path(folder) / "target.sqlite")
        try:
            _fill(source, data)
            exported = export_workbook(source, Path(folder) / "out.xlsx")
            assert _warned_cells(exported.warnings) == _controls(data)
            plan = plan_import(target, exported.path)
            assert plan.ok, plan.problems
            apply_import(target, plan)
            assert _held(target) == _expected(data)
            assert plan_import(target, exported.path).changes == ()
        finally:
            source.close()
            target.close()


def test_text_with_names_taken_out_for_partners_comes_back_unchanged_or_refused(demo_db, tmp_path):
    name = demo_db.execute("SELECT name FROM people ORDER BY id LIMIT 1").fetchone()[0]
    demo_db.execute("UPDATE meeting_actions SET description = ? WHERE id = 1",
                    [f"{name} to send the figures to the board"])
    path = export_workbook(demo_db, tmp_path / "partner.xlsx", no_personal_data=True).path
    assert any("[personal data removed]" in w for w in export_workbook(
        demo_db, tmp_path / "again.xlsx", no_personal_data=True).warnings)
    assert plan_import(demo_db, path).changes == ()
    wb = openpyxl.load_workbook(path)
    ws = wb["Meeting actions"]
    column = [c.value for c in ws[1]].index("description") + 1
    assert ws.cell(2, column).value == "[personal data removed] to send the figures to the board"
    ws.cell(2, column).value = "[personal data removed] to send the figures to the JSG"
    wb.save(path)
    (problem,) = plan_import(demo_db, path).problems  # the names cannot be put back
    assert (problem.sheet, problem.row, problem.column) == ("Meeting actions", 2,
                                                            "description")
    assert "had personal data taken out for partners and was then changed" in problem.message


def test_text_that_looks_like_an_excel_escape_comes_back_as_typed(db, tmp_path):
    from cspdesk.exchange.export import export_workbook
    from cspdesk.exchange.importer import apply_import, plan_import
    from cspdesk.store.database import create_database

    db.execute("INSERT INTO organisations (name, notes) VALUES (?, ?)",
               ["Escape _x0041_ Ltd", "line _x000D_ and _X00e9_"])
    db.conn.commit()
    out = tmp_path / "escape.xlsx"
    export_workbook(db, out)
    other = create_database(tmp_path / "other.sqlite")
    plan = plan_import(other, out)
    assert plan.ok, plan.problems
    apply_import(other, plan)
    assert other.execute("SELECT name, notes FROM organisations").fetchone() == (
        "Escape _x0041_ Ltd", "line _x000D_ and _X00e9_")
    other.close()
