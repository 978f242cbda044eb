"""Find anything: people, organisations, meetings, actions arising, priorities, programme
actions and their progress updates, by any of their text.

Every word typed must appear somewhere in a record's text, in any case and anywhere in a
word ("newark" finds "Newark-on-Trent"). This is SQL LIKE over each kind's text, not an
FTS5 index: a partnership's records are thousands, not millions, so a scan takes
milliseconds; LIKE finds part of a word, which FTS5's whole-token matching does not; and it
needs no index tables kept in step by every writer, importer and restore.
"""

from __future__ import annotations

from dataclasses import dataclass

from cspdesk.dates import format_date
from cspdesk.store.connection import Database

# Each kind: its tab, its tables, then the record's id, the id of what to show, its title,
# its date and the columns searched; PLACES says where in its tab (programme, year).
_Kind = tuple[str, str, str, str, str, str, tuple[str, ...]]
PLACES = {"priority": "p.financial_year", "action": "a.programme_id",
          "update": "a.programme_id"}
_KINDS: dict[str, _Kind] = {
    "person": ("Meetings", "people p LEFT JOIN organisations o ON o.id = p.organisation_id",
               "p.id", "p.id", "p.name", "NULL",
               ("p.name", "p.job_title", "p.email", "p.phone", "o.name", "o.short_name")),
    "organisation": ("Meetings", "organisations o", "o.id", "o.id", "o.name", "NULL",
                     ("o.name", "o.short_name", "o.kind", "o.notes")),
    "meeting": ("Meetings", "meetings m JOIN groups g ON g.id = m.group_id", "m.id", "m.id",
                "g.short_name || ' meeting'", "m.date",
                ("g.name", "g.short_name", "m.venue", "m.mode", "m.status", "m.notes")),
    "action arising": ("Meetings", "meeting_actions a", "a.id", "a.meeting_id",
                       "a.description", "a.due_date", ("a.description",)),
    "priority": ("Priorities", "priorities p", "p.id", "p.id",
                 "p.financial_year || ': ' || p.title", "NULL",
                 ("p.financial_year", "p.title", "p.evidence", "p.current_structure",
                  "p.local_concerns", "p.pcp_heading", "p.districts", "p.lead_officer",
                  "p.notes")),
    "action": ("Safer Streets", "actions a JOIN programmes p ON p.id = a.programme_id",
               "a.id", "a.id", "a.title", "a.planned_end",
               ("p.name", "a.title", "a.theme", "a.heading", "a.location", "a.owner_officer",
                "a.output_unit", "a.evidence")),
    "update": ("Safer Streets", "action_updates u JOIN actions a ON a.id = u.action_id",
               "u.id", "u.action_id", "a.title", "u.date", ("u.text", "u.author")),
}
KINDS = tuple(_KINDS)


@dataclass(frozen=True)
class Hit:
    """One record found: its kind, the record to show (an update shows its action, an
    action arising its meeting), the tab it is in, and the words to list it by."""

    kind: str
    record_id: int
    show_id: int
    tab: str
    title: str
    detail: str  # the found words in their context, or the date
    place: str | int | None = None  # a priority's year, an action's programme

    def line(self) -> str:
        return f"{self.kind.capitalize()}: {self.title}" + (
            f" — {self.detail}" if self.detail else "")


def find_anything(db: Database, text: str, limit: int = 200) -> list[Hit]:
    """The records whose text holds every word of ``text`` (any case, part of a word),
    kind by kind in the order of KINDS, at most ``limit``; none for blank text."""
    words = text.split()
    if not words:
        return []
    hits: list[Hit] = []
    for kind, (tab, tables, key, show, title, day, columns) in _KINDS.items():
        found = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
        where = " AND ".join([f"({found}) LIKE ? ESCAPE '\\'"] * len(words))
        place = PLACES.get(kind, "NULL")
        rows = db.execute(f"SELECT {key}, {show}, {title}, {day}, {found}, {place} "
                          f"FROM {tables} "
                          f"WHERE {where} ORDER BY {day} DESC, {title} LIMIT ?",
                          [*(f"%{_escaped(w)}%" for w in words), limit - len(hits)])
        for record_id, show_id, name, date, text_found, where_in_tab in rows:
            hits.append(Hit(kind, record_id, show_id, tab, name,
                            _context(text_found, words[0]) or format_date(date),
                            where_in_tab))
        if len(hits) >= limit:
            break
    return hits


def _escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _context(found: str, word: str, room: int = 30) -> str:
    """The words around the first place ``word`` is found."""
    at = found.casefold().find(word.casefold())
    if at < 0:
        return ""
    start, end = max(0, at - room), min(len(found), at + len(word) + room)
    return ("…" if start else "") + found[start:end].strip() + ("…" if end < len(found) else "")
