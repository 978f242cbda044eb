"""Import police.uk street-level crime files into the monthly counts and the counts per LSOA.

The rules (issue 4): the force's figure counts every record that "Falls within" the tree's
force, records with no location included, never another force's records. A district (an
area without children that is a district or a city) counts the force's records whose LSOA
name, less its code, is its name exactly. CSPs, the county and a city made of districts are
sums worked out when shown, so they are not stored. Typed counts are never overwritten, and
the whole import is one transaction. Reading and counting the files is police_uk_read's;
bench/README.md has what the import's time goes to.
"""

from __future__ import annotations

import datetime as dt
import difflib
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from cspdesk import audit
from cspdesk.errors import InputError, stop_if_cancelled
from cspdesk.performance.areas import level_word
from cspdesk.performance.measures import (
    ALL_CRIME,
    ASB,
    POLICE_UK,
    POLICE_UK_CRIME_TYPES,
    all_crime_count,
    list_measures,
)
from cspdesk.performance.police_uk.files import StreetFile, drop_copies, find_street_files
from cspdesk.performance.police_uk.reader import (
    NO_LOCATION,
    OUTSIDE,
    STREET_HEADER,
    FileCounts,
    StreetReader,
)
from cspdesk.performance.quality import QualityFlag, quality_flags
from cspdesk.performance.totals import area_tree
from cspdesk.store.connection import Database

__all__ = ["STREET_HEADER", "ForceTree", "ImportReport", "ImportedMonth", "find_street_files",
           "import_flags", "import_police_uk", "load_tree"]


@dataclass(frozen=True)
class ImportedMonth:
    """What the files held for one month, and what was written."""

    month: str  # 'YYYY-MM'
    force_rows: int  # rows counted for the force (no-location rows included)
    no_location_rows: int
    other_force_rows: int  # skipped: "Falls within" another force
    outside_tree_rows: int  # the force's rows in LSOAs of no district of the tree
    kept_typed: int  # counts not written because a typed count exists
    all_crime: dict[str, int] = field(default_factory=dict)  # area -> count; force first
    asb: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportReport:
    files: list[str]  # labels of the files read
    months: list[ImportedMonth]
    warnings: list[str]
    # districts the force's LSOA names name that the tree lacks (a council formed since)
    outside_districts: list[str] = field(default_factory=list)


# The area tree and the measures -------------------------------------------------------------


@dataclass(frozen=True)
class ForceTree:
    """What an import fills: the force, the areas counted from LSOAs, the police.uk measures."""

    force_id: int
    force_name: str
    leaves: dict[str, int]  # district (or city without districts) name -> area id, tree order
    measures: list[tuple[int, str, str | None]]  # id, name, crime type (None: all crime)
    warnings: list[str]

    def area_names(self) -> dict[int, str]:
        return {self.force_id: self.force_name, **{i: n for n, i in self.leaves.items()}}


def load_tree(db: Database) -> ForceTree:
    """The force, the leaf areas and the police.uk measures; InputError without one force."""
    tree = area_tree(db)
    forces = [a for a in tree if a.level == "force"]
    if not forces:
        raise InputError("The area tree has no force: add the police force, named as the "
                         "\"Falls within\" column of police.uk files names it (such as "
                         "Nottinghamshire Police), to the area tree before importing.")
    if len(forces) > 1:
        raise InputError(f"The area tree has {len(forces)} forces "
                         f"({', '.join(a.name for a in forces)}); police.uk files are "
                         "imported for one force, so keep only one in the tree.")
    parents = {a.parent_id for a in tree}
    leaves = {a.name: a.id for a in tree
              if a.id not in parents and a.level in ("district", "city")}
    warnings = [f"The {level_word(a.level)} {a.name} has no districts "
                "under it in the area tree, so police.uk files give it no figures."
                for a in tree if a.id not in parents and a.level in ("csp", "county")]
    rows = db.execute("SELECT id, name, crime_type FROM measures WHERE source = 'police.uk' "
                      "ORDER BY position, id").fetchall()
    if not rows:
        raise InputError("There is no police.uk measure to fill: add All crime (or another "
                         "measure whose source is police.uk) to the measures first.")
    measures = [(mid, name, None if name == ALL_CRIME else (crime_type or name))
                for mid, name, crime_type in rows]
    return ForceTree(forces[0].id, forces[0].name, leaves, measures, warnings)


# The import ---------------------------------------------------------------------------------


def import_police_uk(db: Database, sources: Sequence[Path | str],
                     progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Import police.uk street-level files (CSV files, folders of them, zip archives; of
    data.police.uk's archive of every force, the tree's force's files only).

    In one transaction, for every month the files hold records of the force for: a count
    for the force and each district (or city without districts), for every police.uk
    measure, replacing imported counts but never typed ones; and the counts per LSOA.
    ``progress(done, total)`` counts files read; ``cancelled()`` is asked between files and
    every 50,000 rows, and when it says True the import stops with Cancelled and
    nothing of it remains."""
    tree = load_tree(db)
    files = find_street_files(sources, tree.force_name)
    reader, tally = StreetReader(tree.force_name, tree.leaves), Tally(tree)
    try:
        files, copies = drop_copies(files, reader.archives)
        with db.atomic(), closing(_read_ahead(reader, files, cancelled)) as counted:
            for done, (file, counts) in enumerate(counted):
                stop_if_cancelled(cancelled)
                if progress is not None:
                    progress(done, len(files))
                tally.add(db, file, counts)
            stop_if_cancelled(cancelled)
            if progress is not None:
                progress(len(files), len(files))
            months = tally.write_monthly_counts(db)
            _audit_import(db, files, months)
    finally:
        reader.close()
    warnings = (tree.warnings + copies + tally.warnings + tally.unknown_types() +
                tally.unmatched(reader.outside_districts))
    return ImportReport([f.label for f in files], months, warnings,
                        sorted(reader.outside_districts))


def _read_ahead(reader: StreetReader, files: list[StreetFile],
                cancelled: Callable[[], bool] | None) -> Iterator[tuple[StreetFile, FileCounts]]:
    """Each file with its counts, in order, the next one read on a second thread while the
    caller writes this one's: pandas' parser and SQLite let go of the GIL, so with two
    cores the writing hides behind the reading. Only that thread uses ``reader``; its
    failure (and Cancelled) is raised here, for the file it was reading. Closed early (the
    caller failed), it waits for the file being read before it returns."""
    if not files:
        return
    with ThreadPoolExecutor(1, thread_name_prefix="police-uk-read") as pool:
        pending = pool.submit(reader.read, files[0], cancelled)
        try:
            for index, file in enumerate(files):
                counts = pending.result()
                if index + 1 < len(files):
                    pending = pool.submit(reader.read, files[index + 1], cancelled)
                yield file, counts
        finally:
            pending.cancel()


def _audit_import(db: Database, files: Sequence[object], months: list[ImportedMonth]) -> None:
    """One audit entry for the whole import: its files, months and rows counted."""
    audit.record_entry(db, "monthly_counts", None, "imported", {
        "files": len(files), "months": ", ".join(m.month for m in months),
        "rows counted": sum(m.force_rows for m in months)}, way="police.uk import")


def import_flags(db: Database, report: ImportReport) -> list[QualityFlag]:
    """The data-quality flags an import leaves to look at: those of the police.uk measures
    in the months the files held."""
    police = {m.name for m in list_measures(db) if m.source == POLICE_UK}
    months = {m.month for m in report.months}
    return [f for f in quality_flags(db) if f.measure in police and f.month in months]


_LSOA_NAME_UPSERT = (
    "INSERT INTO lsoas (code, name) VALUES (?, ?) ON CONFLICT (code) "
    "DO UPDATE SET name = excluded.name WHERE name <> excluded.name")
_LSOA_BATCH = 500  # rows per INSERT: binding many rows to one statement is faster
_LSOA_IMPORT_UPSERT = (
    "INSERT INTO lsoa_imports (month, source_file) VALUES (?, ?) "
    "ON CONFLICT (month) DO UPDATE SET source_file = excluded.source_file")
_COUNT_UPSERT = (
    "INSERT INTO monthly_counts (area_id, measure_id, month, count, entry, source_file, "
    "updated_at) VALUES (?, ?, ?, ?, 'imported', ?, ?) ON CONFLICT (area_id, measure_id, month) "
    "DO UPDATE SET count = excluded.count, entry = 'imported', source_file = "
    "excluded.source_file, updated_at = excluded.updated_at WHERE entry <> 'typed'")


class Tally:
    """The force's counts of the files taken so far, per month, area and crime type."""

    def __init__(self, tree: ForceTree) -> None:
        self.tree = tree
        # (month, area id or OUTSIDE or NO_LOCATION) -> crime type -> records
        self.types: dict[tuple[str, int], Counter[str]] = {}
        self.other: Counter[str] = Counter()  # month -> records of other forces
        self.other_forces: Counter[str] = Counter()
        self.files_of: dict[str, list[str]] = {}  # month -> file labels
        self.named: dict[tuple[str, str], str] = {}  # (month, file name) -> its file's label
        self.known_types = POLICE_UK_CRIME_TYPES | {t for _i, _n, t in tree.measures if t}
        self.unknown: dict[str, Counter[str]] = {}  # crime type -> file label -> records
        self.lsoa_names: dict[str, str] = {}  # LSOA code -> name, as written by this import
        self.labels: list[str] = []
        self.rows = 0
        self.warnings: list[str] = []

    def add(self, db: Database, file: StreetFile, counts: FileCounts) -> None:
        """Take one file's counts and write its counts per LSOA (replacing its months').
        InputError when a file of the same name gave the same month already: two versions
        of one police.uk file would count the month's records twice."""
        label = file.label
        self.rows += counts.rows
        self.labels.append(label)
        self.warnings += counts.warnings
        for (month, force), n in counts.other.items():
            self.other[month] += n
            self.other_forces[force or "no force"] += n
        months = sorted({month for month, _area, _type in counts.areas})
        if not months:
            self.warnings.append(f"{label} holds no records." if not counts.rows else
                                 f"None of the records in {label} falls within "
                                 f"{self.tree.force_name}; they were left out.")
        for month in months:
            self._refuse_second_version(month, file)
            if month not in self.files_of:
                db.execute("DELETE FROM lsoa_month_counts WHERE month = ?", [month])
            self.files_of.setdefault(month, []).append(label)
        new = [(code, name) for code, name in counts.lsoa_names.items()
               if self.lsoa_names.get(code) != name]
        db.conn.executemany(_LSOA_NAME_UPSERT, new)
        self.lsoa_names.update(new)
        _insert_lsoa_counts(db.conn, counts.lsoa)
        for (month, area, ctype), n in counts.areas.items():
            for key in ((month, area), (month, self.tree.force_id)):
                self.types.setdefault(key, Counter())[ctype] += n
            if ctype not in self.known_types:
                self.unknown.setdefault(ctype, Counter())[label] += n

    def _refuse_second_version(self, month: str, file: StreetFile) -> None:
        earlier = self.named.setdefault((month, file.name.casefold()), file.label)
        if earlier != file.label:
            raise InputError(f"{earlier} and {file.label} are two different versions of "
                             f"{file.name} (both hold {month}); import only one of them, "
                             "or the month's records would be counted twice.")

    def unknown_types(self) -> list[str]:
        """A warning for each crime type police.uk does not use and no measure counts."""
        warnings = []
        for ctype, files in sorted(self.unknown.items()):
            n = files.total()
            warnings.append(f"'{ctype}' is not a police.uk crime type ({n:,} record"
                            f"{'s' if n != 1 else ''} in {'; '.join(files)}): "
                            f"{'they were' if n != 1 else 'it was'} counted in All crime, "
                            "and in no other measure.")
        return warnings

    def write_monthly_counts(self, db: Database) -> list[ImportedMonth]:
        """Write every month's counts for the force and the leaf areas, keeping typed ones."""
        if not self.files_of:
            raise InputError(self._nothing_found())
        months = sorted(self.files_of)
        db.conn.executemany(_LSOA_IMPORT_UPSERT,
                            [(month, "; ".join(self.files_of[month])) for month in months])
        typed = _typed_counts(db, months)
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        areas, measures = self.tree.area_names(), {m[0]: m[1] for m in self.tree.measures}
        rows, report = [], []
        for month in months:
            files = self.files_of[month]
            kept = 0
            for area, mid, n in self._cells(month):
                if (area, mid, month) not in typed:
                    rows.append((area, mid, month, n, "; ".join(files), stamp))
                    continue
                kept += 1
                self.warnings.append(f"The typed count for {areas[area]}, {measures[mid]}, "
                                     f"{month} ({typed[(area, mid, month)]:,}) was kept; the "
                                     f"files count {n:,}.")
            if len(files) > 1:
                self.warnings.append(f"{month} comes from {len(files)} files "
                                     f"({'; '.join(files)}): their records were added up.")
            report.append(self._month_report(month, kept))
        db.conn.executemany(_COUNT_UPSERT, rows)
        return report

    def _cells(self, month: str) -> Iterator[tuple[int, int, int]]:
        """(area id, measure id, count) for the force and every leaf area, every measure."""
        for area in self.tree.area_names():
            types = self.types.get((month, area), Counter())
            for mid, _name, ctype in self.tree.measures:
                yield area, mid, (all_crime_count(types) if ctype is None else types[ctype])

    def _month_report(self, month: str, kept: int) -> ImportedMonth:
        def at(area: int) -> Counter[str]:
            return self.types.get((month, area), Counter())

        names = self.tree.area_names()
        return ImportedMonth(
            month, at(self.tree.force_id).total(), at(NO_LOCATION).total(), self.other[month],
            at(OUTSIDE).total(), kept,
            {name: all_crime_count(at(area)) for area, name in names.items()},
            {name: at(area)[ASB] for area, name in names.items()})

    def unmatched(self, outside_districts: set[str]) -> list[str]:
        """A warning naming the leaf areas no record lies in (misnamed, most likely)."""
        held = {area for _month, area in self.types}
        names = []
        for name, area in self.tree.leaves.items():
            if area not in held and self.files_of:
                near = difflib.get_close_matches(name, sorted(outside_districts), 1)
                names.append(name + (f" (the files have {near[0]})" if near else ""))
        return [f"No record lies in {'; '.join(names)}: a district must be named as police.uk "
                "names its LSOAs (\"Bassetlaw 012C\" lies in Bassetlaw)."] if names else []

    def _nothing_found(self) -> str:
        if not self.rows:
            return f"There are no records in {'; '.join(self.labels)}."
        others = ", ".join(name for name, _n in self.other_forces.most_common(3))
        return (f"None of the {self.rows:,} records falls within {self.tree.force_name} "
                f"(they fall within {others}); the force in the area tree must be named as "
                "the \"Falls within\" column of police.uk files names it.")


def _insert_lsoa_counts(conn: sqlite3.Connection, rows: list[tuple[str, str, str, int]]) -> None:
    """Add (month, LSOA code, crime type, records) to the counts per LSOA; a key met twice
    in one import (a month in two files) adds up."""
    insert = "INSERT INTO lsoa_month_counts (month, lsoa_code, crime_type, count) VALUES "
    upsert = (" ON CONFLICT (month, lsoa_code, crime_type) "
              "DO UPDATE SET count = count + excluded.count")
    size = min(_LSOA_BATCH, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // 4)
    whole = len(rows) - len(rows) % size
    if whole:
        values = list(chain.from_iterable(rows[:whole]))
        conn.executemany(insert + ", ".join(["(?, ?, ?, ?)"] * size) + upsert,
                         (values[i:i + 4 * size] for i in range(0, len(values), 4 * size)))
    conn.executemany(insert + "(?, ?, ?, ?)" + upsert, rows[whole:])


def _typed_counts(db: Database, months: list[str]) -> dict[tuple[int, int, str], int]:
    marks = ",".join("?" * len(months))
    return {(area, mid, month): n for area, mid, month, n in db.execute(
        "SELECT area_id, measure_id, month, count FROM monthly_counts "
        f"WHERE entry = 'typed' AND month IN ({marks})", months)}
