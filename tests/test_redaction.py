"""Redaction for partners: every form of a name the importer would read as the person, and
phone numbers spaced or in +44 form, are taken out; figures and codes are left alone."""

from __future__ import annotations

import zipfile

import pytest

from cspdesk.exchange.export import export_workbook
from cspdesk.meetings.meetings import save_meeting
from cspdesk.meetings.structure_edits import save_group, save_person
from cspdesk.privacy.redaction import REMOVED, Person, pattern_for, redact

SARAH = Person("Sarah Whitmore", "sarah.whitmore@bassetlaw.gov.uk", "01632 960101")
DANIEL = Person("Daniel Pryce")
PATTERN = pattern_for([SARAH, DANIEL])

FORMS = [
    "Sarah Whitmore", "sarah whitmore", "SARAH WHITMORE", "Sarah  Whitmore",
    "Sarah\nWhitmore", "Sarah \r\n Whitmore", "Whitmore, Sarah", "WHITMORE, Sarah",
    "Whitmore,Sarah", "Pryce, Daniel", "Ms S. Whitmore", "S. Whitmore", "S Whitmore",
    "Cllr Sarah Whitmore", "Councillor Whitmore", "Dr Daniel Pryce", "Insp. Pryce",
    "sarah.whitmore@bassetlaw.gov.uk", "Sarah.Whitmore@Bassetlaw.gov.uk",
    "01632 960101", "01632960101", "+44 1632 960101", "+441632960101",
    "+44 (0)1632 960101", "0044 1632 960 101", "01632-960-101",
    "07700 900123",  # a UK number no one in the database has
]


@pytest.mark.parametrize("form", FORMS)
def test_each_form_is_taken_out_of_free_text(form):
    assert redact(f"Agreed with {form} today.", PATTERN) == f"Agreed with {REMOVED} today."


@pytest.mark.parametrize("text", [
    "Burglary fell 12% (1,234 to 1,086) in E01012345 during 2023/24 Q1.",
    "Sarahs Whitmoreland Road", "Meeting on 11/04/2023 at 10:00", "£1,250.50 spent",
    "Whitmore Park", "Dan Pryce-Jones",
])
def test_figures_codes_and_other_words_are_left_alone(text):
    assert redact(text, PATTERN) == text


def test_the_partner_workbook_has_none_of_the_planted_forms(db, tmp_path):
    save_person(db, {"name": SARAH.name, "email": SARAH.email, "phone": SARAH.phone})
    save_person(db, {"name": DANIEL.name})
    planted = ["WHITMORE, Sarah", "Pryce, Daniel", "Sarah  Whitmore", "Sarah\nWhitmore",
               "Ms S. Whitmore", "+44 1632 960101"]
    group = save_group(db, {"name": "Joint Strategic Group", "short_name": "JSG",
                            "tier": "strategic"})
    save_meeting(db, {"group_id": group, "date": "2024-05-01",
                      "notes": "Raised by " + "; ".join(planted) + "."})
    result = export_workbook(db, tmp_path / "partners.xlsx", no_personal_data=True)
    with zipfile.ZipFile(result.path) as package:
        text = "\n".join(package.read(n).decode("utf-8") for n in package.namelist())
    assert "Raised by " + "; ".join([REMOVED] * 6) + "." in text
    for needle in ("whitmore", "pryce", "960101", "1632"):
        assert needle not in text.lower()


# Forms the workbook importer reads as the person (it compares names lower-cased with every
# run of spaces and punctuation as one space, "Surname, First" swapped, a title dropped).
IMPORTER_FORMS = [
    ("Sarah Whitmore", "Whitmore, Sarah"), ("Sarah Whitmore", "Whitmore,Sarah"),
    ("Sarah Whitmore", "Sarah.Whitmore"), ("Sarah Whitmore", "Sarah-Whitmore"),
    ("Sarah Whitmore", "Sarah\tWhitmore"), ("Sarah Whitmore", "Mrs. Sarah Whitmore"),
    ("Daniel Pryce", "Supt Daniel Pryce"), ("Daniel Pryce", "PRYCE, DANIEL"),
    ("Mary-Jane O'Neill", "Mary Jane O'Neill"), ("Mary-Jane O'Neill", "Mary-Jane O’Neill"),
    ("Mary-Jane O'Neill", "Mary Jane O Neill"), ("Mary-Jane O'Neill", "O’Neill, Mary Jane"),
    ("Mary-Jane O'Neill", "Cllr Mary-Jane O'Neill"),
]


@pytest.mark.parametrize(("name", "form"), IMPORTER_FORMS)
def test_every_form_the_importer_reads_as_the_person_is_taken_out(db, name, form):
    from cspdesk.exchange.mapping.lookups import Lookups

    person = save_person(db, {"name": name})
    assert Lookups(db).person(form) == person  # the importer reads it as them
    pattern = pattern_for([Person(name)], any_email_or_phone=False)
    assert redact(f"Agreed with {form} today.", pattern) == f"Agreed with {REMOVED} today."
