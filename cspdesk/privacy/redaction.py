"""Finding a person's name, email and phone number in free text, in every form the
workbook importer would recognise as that person (``exchange.mapping.lookups``): any case,
runs of spaces, line breaks and punctuation (a hyphen or apostrophe in the name written
as a space or a curly one), "Surname, First", a title (Ms, Cllr, Insp) before it, an
initial for the first name ("Ms S. Whitmore"), and phone numbers spaced or in +44 form.
The partner workbook (``--no-personal-data``), subject access and erasure all use it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cspdesk.exchange.mapping.lookups import TITLES
from cspdesk.store.connection import Database

REMOVED = "[personal data removed]"

# Between words: any run of spaces, line breaks and punctuation, as the importer's ``norm``
# reads them ("Mary-Jane O'Neill" is "mary jane o neill", so is "Mary Jane O’Neill").
_GAP = r"[\W_]+"
_TITLE = rf"(?:(?:{'|'.join(sorted(TITLES, key=len, reverse=True))})\.?{_GAP})"
_EMAIL = r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
# A UK number: +44 / 0044 / 0 then nine or ten digits, spaces, dashes or brackets between.
_UK_PHONE = r"(?:(?:\+|00)\s*44\s*(?:\(0\)\s*)?|(?<![\d\w])0)(?:[\s().-]*\d){9,10}(?!\d)"


@dataclass(frozen=True)
class Person:
    name: str | None
    email: str | None = None
    phone: str | None = None


def _words(name: str) -> list[str]:
    words = re.findall(r"[\w'’-]+", name)
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    return words


def _word(word: str) -> str:
    """One word of a name; a hyphen or apostrophe inside it may be any gap."""
    return _GAP.join(re.escape(part) for part in re.split(r"[\W_]+", word) if part)


def name_pattern(name: str) -> str | None:
    """A regular expression for ``name`` in each form the importer reads (None for a name
    too short to search for safely)."""
    words = _words(name)
    if not words or sum(len(w) for w in words) < 3:
        return None
    if len(words) == 1:
        return rf"{_TITLE}?{_word(words[0])}"
    first, last = _word(words[0]), _word(words[-1])
    middles = "".join(rf"(?:{_GAP}{_word(w)})?" for w in words[1:-1])
    initial = rf"{re.escape(words[0][0])}\.?"
    forms = [
        rf"{_TITLE}?{first}{middles}{_GAP}{last}",           # (Ms) Sarah Whitmore
        rf"{_TITLE}?{initial}(?:{_GAP}|(?<=\.)){last}",      # (Ms) S. Whitmore, S Whitmore
        rf"{last}(?:{_GAP})?,(?:{_GAP})?(?:{first}|{initial}){middles}",  # WHITMORE, Sarah
        rf"{_TITLE}{last}",                                  # Cllr Whitmore
    ]
    return "(?:" + "|".join(forms) + ")"


def phone_pattern(phone: str) -> str | None:
    """A regular expression for ``phone`` written spaced, run together, 0 or +44."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("44"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    if len(digits) < 6:
        return None
    body = r"[\s().-]*".join(digits)
    return rf"(?:(?:\+|00)\s*44\s*(?:\(0\)\s*)?|0)?[\s().-]*{body}"


def pattern_for(people: Iterable[Person],
                any_email_or_phone: bool = True) -> re.Pattern[str] | None:
    """One expression finding every form of these people's names, emails and phones, and
    (``any_email_or_phone``) any email address or UK phone number at all."""
    parts: set[str] = set()
    for person in people:
        found = [name_pattern(person.name) if person.name else None,
                 re.escape(person.email.strip()) if person.email else None,
                 phone_pattern(person.phone) if person.phone else None]
        parts.update(p for p in found if p)
    if any_email_or_phone:
        parts.update((_EMAIL, _UK_PHONE))
    if not parts:
        return None
    ordered = sorted(parts, key=len, reverse=True)
    return re.compile(rf"(?<![\w@.])(?:{'|'.join(ordered)})(?![\w@])", re.IGNORECASE)


def known_people(db: Database) -> list[Person]:
    """Everyone the database names: its people, and the officers typed as words on
    priorities, actions and updates."""
    found = [Person(*row) for row in db.execute("SELECT name, email, phone FROM people")]
    for sql in ("SELECT DISTINCT lead_officer FROM priorities",
                "SELECT DISTINCT owner_officer FROM actions",
                "SELECT DISTINCT author FROM action_updates"):
        found += [Person(row[0]) for row in db.execute(sql) if row[0]]
    return found


def redact(text: str, pattern: re.Pattern[str] | None, replacement: str = REMOVED) -> str:
    return text if pattern is None else pattern.sub(replacement, text)
