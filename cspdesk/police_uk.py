"""Import police.uk street-level crime files into the monthly counts and the counts per LSOA.

The rules (issue 4): the force's figure counts every record that "Falls within" the tree's
force, records with no location included, never another force's records. A district (an
area without children that is a district or a city) counts the force's records whose LSOA
name, less its code, is its name exactly. CSPs, the county and a city made of districts are
sums worked out when shown, so they are not stored. Typed counts are never overwritten, and
the whole import is one transaction. Each file is read once with pandas (five columns, as
text); most of the time goes to writing the counts per LSOA (see bench/README.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
from sqlite_utils import Database

from .errors import CspdeskError, InputError
from .lsoa import district_of
from .performance import area_tree

STREET_HEADER = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude",
                 "Location", "LSOA code", "LSOA name", "Crime type", "Last outcome category",
                 "Context")
ASB = "Anti-social behaviour"
ALL_CRIME = "All crime"
_USECOLS = ["Month", "Falls within", "LSOA code", "LSOA name", "Crime type"]
_CHUNK_ROWS = 50_000  # rows read between two looks at ``cancelled``
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_LSOA_CODE = re.compile(r"^[A-Z]\d{8}$")  # E01013062; Welsh ones start W
_HEADER_BYTES = 64 * 1024
_CACHE_KIB = 64 * 1024  # SQLite page cache during an import: the LSOA indexes fit in it
# Where a record lies, besides the id of a district of the tree.
_OUTSIDE, _NO_LOCATION = 0, -1


class ImportCancelled(CspdeskError):
    """The user cancelled the import; nothing of it was written."""


@dataclass(frozen=True)
class StreetFile:
    """One street-level file to import: a file on disk, or a member of a zip archive."""

    label: str  # what the user is shown: "2023-01/2023-01-x-street.csv in download.zip"
    path: Path
    member: str | None = None  # the name inside the zip archive at ``path``


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


# Finding the files --------------------------------------------------------------------------


def find_street_files(sources: Sequence[Path | str]) -> list[StreetFile]:
    """The street-level files in ``sources``: files as given, and the ``*-street.csv`` files
    in folders (searched recursively) and zip archives. A source that does not exist or
    holds no street file is an InputError; a file named twice is read once."""
    found: dict[tuple[Path, str | None], StreetFile] = {}
    for source in sources:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{path} does not exist.")
        if path.is_dir():
            files = [StreetFile(f"{p.relative_to(path).as_posix()} in {path.name}", p)
                     for p in sorted(path.rglob("*")) if p.is_file() and _is_street(p.name)]
        elif path.suffix.lower() == ".zip":
            files = _in_zip(path)
        else:
            files = [StreetFile(path.name, path)]
        if not files:
            raise InputError(f"{path} holds no police.uk street-level files "
                             "(files whose names end -street.csv).")
        for file in files:
            found.setdefault((file.path.resolve(), file.member), file)
    return list(found.values())


def _is_street(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return (base.lower().endswith("-street.csv") and not base.startswith("._")
            and not name.startswith("__MACOSX/"))


def _in_zip(path: Path) -> list[StreetFile]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [i.filename for i in archive.infolist()
                     if not i.is_dir() and _is_street(i.filename)]
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path} is not a zip archive cspdesk can read ({exc}).") from exc
    return [StreetFile(f"{name} in {path.name}", path, name) for name in sorted(names)]


@contextmanager
def _opened(file: StreetFile) -> Iterator[IO[bytes]]:
    if file.member is None:
        with file.path.open("rb") as fh:
            yield fh
    else:
        with zipfile.ZipFile(file.path) as archive, archive.open(file.member) as fh:
            yield fh


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
    warnings = [f"The {'CSP' if a.level == 'csp' else a.level} {a.name} has no districts "
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


# Reading one file ---------------------------------------------------------------------------


@dataclass
class FileCounts:
    """One file's records, counted."""

    lsoa: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)
    # (month, LSOA code, LSOA name, crime type) for the force's records
    areas: Counter[tuple[str, int, str]] = field(default_factory=Counter)
    # (month, district id or _OUTSIDE or _NO_LOCATION, crime type) for the force's records
    other: Counter[tuple[str, str]] = field(default_factory=Counter)  # (month, force)
    rows: int = 0


class StreetReader:
    """Reads street-level files for one force and tree, remembering each LSOA's district."""

    def __init__(self, tree: ForceTree) -> None:
        self.tree = tree
        self.district_ids: dict[str, int] = {}  # LSOA name -> area id or _OUTSIDE
        self.outside_districts: set[str] = set()

    def read(self, file: StreetFile, cancelled: Callable[[], bool] | None = None) -> FileCounts:
        """Count one file's records; InputError when it is not a street-level file."""
        counts = FileCounts()
        try:
            _check_header(file)
            with _opened(file) as fh, pd.read_csv(
                    fh, usecols=_USECOLS, dtype=object, na_filter=False,
                    encoding="utf-8-sig", chunksize=_CHUNK_ROWS) as chunks:
                for chunk in chunks:
                    stop_if_cancelled(cancelled)
                    self._count(chunk, file.label, counts)
        except pd.errors.ParserError as exc:
            reason = str(exc).strip().removeprefix("Error tokenizing data. C error: ")
            raise InputError(f"{file.label} cannot be read as CSV: {reason.rstrip('.')}.") \
                from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"{file.label} cannot be read: it is not UTF-8 text.") from exc
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise InputError(f"{file.label} cannot be read: {exc}.") from exc
        return counts

    def _count(self, chunk: pd.DataFrame, label: str, counts: FileCounts) -> None:
        month, falls, code, name, ctype = (chunk[c].to_numpy() for c in _USECOLS)
        _check_rows(chunk.index, month, code, ctype, label)
        counts.rows += len(chunk)
        mine = falls == self.tree.force_name
        if not mine.all():
            counts.other.update(zip(month[~mine], falls[~mine], strict=True))
            month, code, name, ctype = month[mine], code[mine], name[mine], ctype[mine]
        counts.lsoa.update(zip(month, code, name, ctype, strict=True))
        ids = self.district_ids
        for new in set(name).difference(ids):
            ids[new] = self._district_id(new)
        where = [ids[n] if c else _NO_LOCATION for c, n in zip(code, name, strict=True)]
        counts.areas.update(zip(month, where, ctype, strict=True))

    def _district_id(self, lsoa_name: str) -> int:
        district = district_of(lsoa_name)
        if district in self.tree.leaves:
            return self.tree.leaves[district]
        if district:
            self.outside_districts.add(district)
        return _OUTSIDE


def _check_header(file: StreetFile) -> None:
    with _opened(file) as fh:
        first = fh.readline(_HEADER_BYTES)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = "\x00"
    columns = [c.strip() for c in next(csv.reader([text]), [])]
    missing = [c for c in STREET_HEADER if c not in columns]
    if not first.strip():
        problem = "it is empty"
    elif "\x00" in text or (len(first) == _HEADER_BYTES and not text.endswith("\n")):
        problem = "it is not a text file"
    elif missing:
        kind = (" (it is an outcomes file)" if "Outcome type" in columns else
                " (it is a stop-and-search file)" if "Object of search" in columns else "")
        problem = (f"its first line lacks the column{'s' if len(missing) > 1 else ''} "
                   f"{', '.join(missing)}{kind}")
    else:
        return
    raise InputError(f"{file.label} is not a police.uk street-level file: {problem}.")


def _check_rows(index: pd.Index, month: np.ndarray, code: np.ndarray, ctype: np.ndarray,
                label: str) -> None:
    """Refuse a Month that is not YYYY-MM, a row cut short (no Crime type), or one whose
    columns are out of place (pandas reads the columns it is asked for by position)."""
    for values, ok, problem in (
            (month, _MONTH.match, "the Month '{}' is not a month written YYYY-MM (such as "
                                  "2023-01)"),
            (code, lambda c: not c or _LSOA_CODE.match(c), "'{}' is not an LSOA code (such as "
                                                          "E01013062): a column is out of place"),
            (ctype, bool, "the row has no Crime type{}")):
        bad = [v for v in set(values) if not ok(v)]
        if bad:
            row = int(np.flatnonzero(np.isin(values, bad))[0])
            raise InputError(f"{label}, line {int(index[row]) + 2}: "
                             f"{problem.format(values[row])}.")


def stop_if_cancelled(cancelled: Callable[[], bool] | None) -> None:
    """Raise ImportCancelled when ``cancelled()`` says so."""
    if cancelled is not None and cancelled():
        raise ImportCancelled("The import was cancelled; nothing of it was written.")


# The import ---------------------------------------------------------------------------------


def import_police_uk(db: Database, sources: Sequence[Path | str],
                     progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Import police.uk street-level files (CSV files, folders of them, zip archives).

    In one transaction, for every month the files hold records of the force for: a count
    for the force and each district (or city without districts), for every police.uk
    measure, replacing imported counts but never typed ones; and the counts per LSOA.
    ``progress(done, total)`` counts files read; ``cancelled()`` is asked between files and
    every 50,000 rows, and when it says True the import stops with ImportCancelled and
    nothing of it remains."""
    files = find_street_files(sources)
    tree = load_tree(db)
    reader, tally = StreetReader(tree), Tally(tree)
    cache = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
    try:
        with db.atomic():
            for done, file in enumerate(files):
                stop_if_cancelled(cancelled)
                if progress is not None:
                    progress(done, len(files))
                tally.add(db, file.label, reader.read(file, cancelled))
            stop_if_cancelled(cancelled)
            if progress is not None:
                progress(len(files), len(files))
            months = tally.write_monthly_counts(db)
    finally:
        db.execute(f"PRAGMA cache_size = {int(cache)}")
    warnings = tree.warnings + tally.warnings + tally.unmatched(reader.outside_districts)
    return ImportReport([f.label for f in files], months, warnings)


_LSOA_UPSERT = (  # a key met twice in one import (a month in two files) adds up
    "INSERT INTO lsoa_counts (lsoa_code, lsoa_name, month, crime_type, count, source_file) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (lsoa_code, month, crime_type) "
    "DO UPDATE SET count = count + excluded.count")
_COUNT_UPSERT = (
    "INSERT INTO monthly_counts (area_id, measure_id, month, count, entry, source_file, "
    "updated_at) VALUES (?, ?, ?, ?, 'imported', ?, ?) ON CONFLICT (area_id, measure_id, month) "
    "DO UPDATE SET count = excluded.count, entry = 'imported', source_file = "
    "excluded.source_file, updated_at = excluded.updated_at WHERE entry <> 'typed'")


class Tally:
    """The force's counts of the files taken so far, per month, area and crime type."""

    def __init__(self, tree: ForceTree) -> None:
        self.tree = tree
        # (month, area id or _OUTSIDE or _NO_LOCATION) -> crime type -> records
        self.types: dict[tuple[str, int], Counter[str]] = {}
        self.other: Counter[str] = Counter()  # month -> records of other forces
        self.other_forces: Counter[str] = Counter()
        self.files_of: dict[str, list[str]] = {}  # month -> file labels
        self.labels: list[str] = []
        self.rows = 0
        self.warnings: list[str] = []

    def add(self, db: Database, label: str, counts: FileCounts) -> None:
        """Take one file's counts and write its counts per LSOA (replacing its months')."""
        self.rows += counts.rows
        self.labels.append(label)
        for (month, force), n in counts.other.items():
            self.other[month] += n
            self.other_forces[force or "no force"] += n
        months = sorted({month for month, _area, _type in counts.areas})
        if not months:
            self.warnings.append(f"{label} holds no records." if not counts.rows else
                                 f"None of the records in {label} falls within "
                                 f"{self.tree.force_name}; they were left out.")
        for month in months:
            if month not in self.files_of:
                db.execute("DELETE FROM lsoa_counts WHERE month = ?", [month])
            self.files_of.setdefault(month, []).append(label)
        db.conn.executemany(_LSOA_UPSERT, [(code, name, month, ctype, n, label) for
                                           (month, code, name, ctype), n in counts.lsoa.items()
                                           if code])
        for (month, area, ctype), n in counts.areas.items():
            for key in ((month, area), (month, self.tree.force_id)):
                self.types.setdefault(key, Counter())[ctype] += n

    def write_monthly_counts(self, db: Database) -> list[ImportedMonth]:
        """Write every month's counts for the force and the leaf areas, keeping typed ones."""
        if not self.files_of:
            raise InputError(self._nothing_found())
        months = sorted(self.files_of)
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
                yield area, mid, (types.total() - types[ASB] if ctype is None else types[ctype])

    def _month_report(self, month: str, kept: int) -> ImportedMonth:
        def at(area: int) -> Counter[str]:
            return self.types.get((month, area), Counter())

        names = self.tree.area_names()
        return ImportedMonth(
            month, at(self.tree.force_id).total(), at(_NO_LOCATION).total(), self.other[month],
            at(_OUTSIDE).total(), kept,
            {name: at(area).total() - at(area)[ASB] for area, name in names.items()},
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


def _typed_counts(db: Database, months: list[str]) -> dict[tuple[int, int, str], int]:
    marks = ",".join("?" * len(months))
    return {(area, mid, month): n for area, mid, month, n in db.execute(
        "SELECT area_id, measure_id, month, count FROM monthly_counts "
        f"WHERE entry = 'typed' AND month IN ({marks})", months)}
