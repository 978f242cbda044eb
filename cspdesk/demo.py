"""The demo database: the Bassetlaw and Newark & Sherwood CSP of the June 2023 committee report.

Built by code from the readable files in ``resources/demo/`` (TOML and CSV), never shipped
as a binary. Attendance is drawn from each person's reliability with a fixed seed, so every
build gives the same database.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import tomllib
from pathlib import Path
from typing import Any

from cspdesk import audit
from cspdesk.dates import financial_year_months
from cspdesk.money import pounds_to_pence
from cspdesk.resources import resource_path
from cspdesk.store.connection import Database
from cspdesk.store.database import create_database
from cspdesk.store.settings import set_setting

# The committee report's date: meetings up to it were held, later ones are scheduled.
REPORT_DATE = dt.date(2023, 6, 26)
SEED = 20230626


def build_demo_database(path: Path | str, folder: Path | None = None) -> Database:
    """Write the demo database to ``path`` (which must not exist yet)."""
    path = Path(path)
    db = create_database(path)
    try:
        with db.atomic():
            with audit.one_entry():
                load_demo(db, folder or resource_path("demo"))
            audit.record_entry(db, "database", None, "added", {
                table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("people", "meetings", "attendance", "monthly_counts")},
                way="demo")
    except BaseException:
        db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    return db


def load_demo(db: Database, folder: Path) -> None:
    ids = Ids()
    _load_areas_and_measures(db, folder, ids)
    partnership = _read_toml(folder / "partnership.toml")
    _load_partnership(db, partnership, ids)
    _load_meetings(db, partnership, ids)
    _load_meeting_actions(db, partnership, ids)
    _load_priorities(db, _read_toml(folder / "priorities.toml"), ids)
    _load_programmes(db, _read_toml(folder / "programmes.toml"), ids)
    _load_papers(db, _read_toml(folder / "papers.toml"), ids)
    set_setting(db, "partnership_name",
                "Bassetlaw and Newark & Sherwood Community Safety Partnership")
    set_setting(db, "partnership_short_name", "BNS CSP")
    set_setting(db, "home_area", "Bassetlaw and Newark and Sherwood CSP")


class Ids:
    """Name-to-id look-ups filled as the demo is loaded."""

    def __init__(self) -> None:
        self.organisations: dict[str, int] = {}
        self.people: dict[str, int] = {}
        self.groups: dict[str, int] = {}
        self.areas: dict[str, int] = {}
        self.priorities: dict[str, int] = {}
        self.meetings: dict[tuple[str, str], int] = {}


def _read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _blank(value: Any) -> Any:
    return None if value in ("", None) else value


def _insert(db: Database, table: str, row: dict[str, Any]) -> int:
    cols = ", ".join(row)
    marks = ", ".join("?" * len(row))
    cur = db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
    return int(cur.lastrowid)  # type: ignore[arg-type]


# Areas, measures and monthly counts ------------------------------------------------------


def _load_areas_and_measures(db: Database, folder: Path, ids: Ids) -> None:
    for position, row in enumerate(_read_csv(folder / "areas.csv")):
        ids.areas[row["name"]] = _insert(db, "areas", {
            "name": row["name"], "short_name": _blank(row["short_name"]), "level": row["level"],
            "parent_id": ids.areas[row["parent"]] if row["parent"] else None,
            "position": position,
        })
    measures = {}
    for position, row in enumerate(_read_csv(folder / "measures.csv")):
        measures[row["name"]] = _insert(db, "measures", {
            "name": row["name"], "source": row["source"], "crime_type": _blank(row["crime_type"]),
            "description": _blank(row["description"]), "position": position,
        })
    profiles = {
        row.pop("measure"): [float(v) for v in row.values()]
        for row in _read_csv(folder / "monthly_profile.csv")
    }
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    for row in _read_csv(folder / "annual_counts.csv"):
        months = financial_year_months(row["financial_year"])
        spread = spread_total(int(row["count"]), profiles[row["measure"]])
        for month, count in zip(months, spread, strict=True):
            _insert(db, "monthly_counts", {
                "area_id": ids.areas[row["area"]], "measure_id": measures[row["measure"]],
                "month": month, "count": count, "entry": "imported",
                "source_file": "resources/demo/annual_counts.csv", "updated_at": stamp,
            })


def spread_total(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` into whole numbers that add up exactly."""
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


# Organisations, people, groups -----------------------------------------------------------


def _load_partnership(db: Database, data: dict[str, Any], ids: Ids) -> None:
    for org in data["organisations"]:
        ids.organisations[org["short_name"]] = _insert(db, "organisations", {
            "name": org["name"], "short_name": org["short_name"], "kind": org["kind"],
            "responsible_authority": org.get("responsible_authority"),
        })
    for person in data["people"]:
        ids.people[person["name"]] = _insert(db, "people", {
            "name": person["name"], "job_title": _blank(person.get("job_title")),
            "organisation_id": ids.organisations[person["organisation"]],
            "email": _blank(person.get("email")), "phone": _blank(person.get("phone")),
            "active": 1 if person.get("active", True) else 0,
        })
    for group in data["groups"]:
        ids.groups[group["short_name"]] = _insert(db, "groups", {
            "name": group["name"], "short_name": group["short_name"], "tier": group["tier"],
            "parent_id": ids.groups[group["parent"]] if group.get("parent") else None,
            "quorum_rule": json.dumps(group["quorum"]) if group.get("quorum") else None,
        })
    for m in data["memberships"]:
        _insert(db, "memberships", {
            "person_id": ids.people[m["person"]], "group_id": ids.groups[m["group"]],
            "role": m.get("role", "member"),
            "deputy_for_id": ids.people[m["deputy_for"]] if m.get("deputy_for") else None,
            "start_date": _blank(m.get("start")), "end_date": _blank(m.get("end")),
        })
    for term in data.get("chair_terms", []):
        _insert(db, "chair_terms", {
            "group_id": ids.groups[term["group"]],
            "organisation_id": ids.organisations[term["organisation"]],
            "person_id": ids.people[term["person"]] if term.get("person") else None,
            "start_date": term["start"], "end_date": _blank(term.get("end")),
        })


# Meetings and attendance -----------------------------------------------------------------


def _schedule(spec: dict[str, Any]) -> list[dt.date]:
    day, until = dt.date.fromisoformat(spec["first"]), dt.date.fromisoformat(spec["until"])
    dates = []
    while day <= until:
        dates.append(day)
        day += dt.timedelta(weeks=int(spec["every_weeks"]))
    return dates


def _load_meetings(db: Database, data: dict[str, Any], ids: Ids) -> None:
    rng = random.Random(SEED)
    reliability = {p["name"]: float(p.get("reliability", 0.8)) for p in data["people"]}
    colleagues: dict[str, list[str]] = {}
    for p in data["people"]:
        if p.get("active", True):
            colleagues.setdefault(p["organisation"], []).append(p["name"])
    org_of = {p["name"]: p["organisation"] for p in data["people"]}
    for group in data["groups"]:
        spec = group["schedule"]
        cancelled = set(group.get("cancelled", []))
        for day in _schedule(spec):
            iso = day.isoformat()
            status = "cancelled" if iso in cancelled else (
                "held" if day <= REPORT_DATE else "scheduled")
            meeting_id = _insert(db, "meetings", {
                "group_id": ids.groups[group["short_name"]], "date": iso,
                "start_time": spec.get("start"), "end_time": spec.get("end"),
                "venue": spec.get("venue"), "mode": spec.get("mode", "in person"),
                "status": status,
            })
            ids.meetings[(group["short_name"], iso)] = meeting_id
            if status == "held":
                members = _members_on(data["memberships"], group["short_name"], iso)
                deputies = _deputies_on(data["memberships"], group["short_name"], iso)
                context = (rng, reliability, colleagues, org_of, deputies, spec.get("mode"))
                for name in members:
                    _mark(db, ids, meeting_id, name, members, context)


def _on(m: dict[str, Any], iso: str) -> bool:
    return (not m.get("start") or m["start"] <= iso) and (not m.get("end") or iso <= m["end"])


def _members_on(memberships: list[dict[str, Any]], group: str, iso: str) -> list[str]:
    names = [m["person"] for m in memberships
             if m["group"] == group and m.get("role") != "deputy" and _on(m, iso)]
    return list(dict.fromkeys(names))


def _deputies_on(memberships: list[dict[str, Any]], group: str, iso: str) -> dict[str, str]:
    return {m["deputy_for"]: m["person"] for m in memberships
            if m["group"] == group and m.get("role") == "deputy" and _on(m, iso)}


_APOLOGY_REASONS = ["Annual leave", "Clashing meeting", "Unwell", "Operational duties", None]


def _mark(db: Database, ids: Ids, meeting_id: int, name: str, members: list[str],
          context: tuple) -> None:
    rng, reliability, colleagues, org_of, deputies, mode = context
    row: dict[str, Any] = {"meeting_id": meeting_id, "person_id": ids.people[name]}
    if rng.random() < reliability[name]:
        online = mode == "online" or (mode == "hybrid" and rng.random() < 0.35)
        row["mark"] = "present online" if online else "present"
    else:
        stand_ins = [deputies[name]] if name in deputies else [
            c for c in colleagues.get(org_of[name], []) if c != name and c not in members]
        roll = rng.random()
        if stand_ins and roll < 0.35:
            row["mark"], row["substitute_id"] = "substitute", ids.people[rng.choice(stand_ins)]
        elif roll < 0.8:
            row["mark"], row["reason"] = "apologies", rng.choice(_APOLOGY_REASONS)
        else:
            row["mark"] = "absent"
    _insert(db, "attendance", row)


def _load_meeting_actions(db: Database, data: dict[str, Any], ids: Ids) -> None:
    for action in data.get("meeting_actions", []):
        meeting = action["meeting"]
        _insert(db, "meeting_actions", {
            "meeting_id": ids.meetings[(meeting["group"], meeting["date"])],
            "description": action["description"],
            "owner_id": ids.people[action["owner"]] if action.get("owner") else None,
            "due_date": _blank(action.get("due")), "status": action.get("status", "open"),
            "completed_on": _blank(action.get("completed")),
        })


# Priorities and programmes ---------------------------------------------------------------


def _load_priorities(db: Database, data: dict[str, Any], ids: Ids) -> None:
    agreed = data.get("agreed_at", {})
    meeting = ids.meetings.get((agreed.get("group", ""), agreed.get("date", "")))
    for position, p in enumerate(data["priorities"], start=1):
        ids.priorities[p["title"]] = _insert(db, "priorities", {
            "financial_year": data["financial_year"], "position": position,
            "title": p["title"], "evidence": _blank(p.get("evidence")),
            "current_structure": _blank(p.get("current_structure")),
            "local_concerns": _blank(p.get("local_concerns")),
            "pcp_coverage": p.get("pcp_coverage", "not mentioned"),
            "pcp_heading": _blank(p.get("pcp_heading")),
            "districts": json.dumps(p.get("districts", [])),
            "lead_organisation_id": ids.organisations.get(p.get("lead_organisation", "")),
            "lead_officer": _blank(p.get("lead_officer")),
            "status": p.get("status", "agreed"), "agreed_meeting_id": meeting,
            "review_date": _blank(p.get("review_date")),
            "basis": p.get("basis", "strategic assessment"), "notes": _blank(p.get("notes")),
        })
        for measure in p.get("measures", []):  # the performance measures that track it
            cur = db.execute("INSERT INTO priority_measures (priority_id, measure_id) "
                             "SELECT ?, id FROM measures WHERE name = ?",
                             [ids.priorities[p["title"]], measure])
            if cur.rowcount != 1:
                raise ValueError(f"priorities.toml: no measure called {measure!r}")


def _load_programmes(db: Database, data: dict[str, Any], ids: Ids) -> None:
    for prog in data["programmes"]:
        programme_id = _insert(db, "programmes", {
            "name": prog["name"], "kind": prog.get("kind", "funded"),
            "funder": _blank(prog.get("funder")), "round": _blank(prog.get("round")),
            "award_pence": pounds_to_pence(prog.get("award")),
            "match_funding_pence": pounds_to_pence(prog.get("match_funding")),
            "start_date": _blank(prog.get("start")), "end_date": _blank(prog.get("end")),
            "themes": json.dumps(prog.get("themes", [])),
            "areas": json.dumps(prog.get("areas", [])), "notes": _blank(prog.get("notes")),
        })
        for limit in prog.get("year_limits", []):
            _insert(db, "programme_year_limits", {
                "programme_id": programme_id, "financial_year": limit["financial_year"],
                "spend_by": _blank(limit.get("spend_by")),
                "limit_pence": pounds_to_pence(limit["limit"]),
            })
        for position, action in enumerate(prog.get("actions", []), start=1):
            _load_action(db, ids, programme_id, position, action)


def _load_action(db: Database, ids: Ids, programme_id: int, position: int,
                 a: dict[str, Any]) -> None:
    action_id = _insert(db, "actions", {
        "programme_id": programme_id, "position": position, "title": a["title"],
        "theme": _blank(a.get("theme")), "heading": _blank(a.get("heading")),
        "intervention": _blank(a.get("intervention")), "location": _blank(a.get("location")),
        "district_id": ids.areas.get(a.get("district", "")),
        "owner_organisation_id": ids.organisations.get(a.get("owner_organisation", "")),
        "owner_officer": _blank(a.get("owner_officer")),
        "status": a.get("status", "not started"),
        "planned_start": _blank(a.get("planned_start")),
        "planned_end": _blank(a.get("planned_end")),
        "completed_on": _blank(a.get("completed_on")),
        "budget_pence": pounds_to_pence(a.get("budget")),
        "output_count": a.get("output_count"), "output_unit": _blank(a.get("output_unit")),
        "priority_id": ids.priorities.get(a.get("priority", "")),
    })
    for spend in a.get("spend", []):
        _insert(db, "action_spend", {"action_id": action_id, "quarter": spend["quarter"],
                                     "amount_pence": pounds_to_pence(spend["amount"])})
    for update in a.get("updates", []):
        _insert(db, "action_updates", {"action_id": action_id, "date": update["date"],
                                       "text": update["text"],
                                       "author": _blank(update.get("author"))})


# Papers ----------------------------------------------------------------------------------


def _load_papers(db: Database, data: dict[str, Any], ids: Ids) -> None:
    """The committee report's remembered fields (the JSON ``cspdesk.reports.fields`` keeps)
    and the agendas of a few meetings."""
    set_setting(db, "committee_report", json.dumps(data["committee_report"], ensure_ascii=False))
    for agenda in data.get("agendas", []):
        meeting = agenda["meeting"]
        meeting_id = ids.meetings[(meeting["group"], meeting["date"])]
        for position, item in enumerate(agenda["items"], start=1):
            _insert(db, "agenda_items", {
                "meeting_id": meeting_id, "position": position, "title": item["title"],
                "kind": item.get("kind", "item"), "standing": int(item.get("standing", False)),
                "lead": _blank(item.get("lead")), "notes": _blank(item.get("notes")),
                "decisions": _blank(item.get("decisions")), "papers": _blank(item.get("papers")),
            })
