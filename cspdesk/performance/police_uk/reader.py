"""Finding and reading police.uk street-level files: what each holds for one force, counted.

Each file is read once with pandas (five columns, as text) and its records counted once, by
month, LSOA and crime type; the counts for the districts are worked out from those (a few
thousand a month) rather than from the records.
"""

from __future__ import annotations

import csv
import re
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from cspdesk.errors import InputError, stop_if_cancelled
from cspdesk.performance.lsoa import district_of

STREET_HEADER = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude",
                 "Location", "LSOA code", "LSOA name", "Crime type", "Last outcome category",
                 "Context")
_USECOLS = ["Month", "Falls within", "LSOA code", "LSOA name", "Crime type"]
_CHUNK_ROWS = 50_000  # rows read between two looks at ``cancelled``
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_LSOA_CODE = re.compile(r"^[A-Z]\d{8}$")  # E01013062; Welsh ones start W
_HEADER_BYTES = 64 * 1024
_CHECKS: tuple[tuple[Callable[[str], object], str], ...] = (  # Month, LSOA code, Crime type
    (_MONTH.match, "the Month '{}' is not a month written YYYY-MM (such as 2023-01)"),
    (lambda code: not code or _LSOA_CODE.match(code),
     "'{}' is not an LSOA code (such as E01013062): a column is out of place"),
    (bool, "the row has no Crime type{}"))
# Where a record lies, besides the id of a district of the tree.
OUTSIDE, NO_LOCATION = 0, -1


@dataclass(frozen=True)
class StreetFile:
    """One street-level file to import: a file on disk, or a member of a zip archive."""

    label: str  # what the user is shown: "2023-01/2023-01-x-street.csv in download.zip"
    path: Path
    member: str | None = None  # the name inside the zip archive at ``path``


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


# Reading one file ---------------------------------------------------------------------------


@dataclass
class FileCounts:
    """One file's records, counted."""

    lsoa: list[tuple[str, str, str, int]] = field(default_factory=list)
    # (month, LSOA code, crime type, records) for the force's records with a location
    lsoa_names: dict[str, str] = field(default_factory=dict)  # LSOA code -> name
    areas: defaultdict[tuple[str, int, str], int] = field(
        default_factory=lambda: defaultdict(int))
    # (month, district id or OUTSIDE or NO_LOCATION, crime type) -> the force's records
    other: Counter[tuple[str, str]] = field(default_factory=Counter)  # (month, force)
    rows: int = 0


class _Districts(dict[str, int]):
    """LSOA name -> id of the tree's district it lies in, or OUTSIDE; worked out once."""

    def __init__(self, leaves: dict[str, int]) -> None:
        super().__init__()
        self.leaves = leaves
        self.outside: set[str] = set()  # districts named in the files but not in the tree

    def __missing__(self, lsoa_name: str) -> int:
        district = district_of(lsoa_name)
        if district in self.leaves:
            area = self.leaves[district]
        else:
            area = OUTSIDE
            if district:
                self.outside.add(district)
        self[lsoa_name] = area
        return area


class StreetReader:
    """Reads street-level files for one force, remembering each LSOA's district.

    ``leaves`` maps the name of each district (or city without districts) of the tree to
    its area id."""

    def __init__(self, force_name: str, leaves: dict[str, int]) -> None:
        self.force_name = force_name
        self.districts = _Districts(leaves)
        self.checked: tuple[set[str], set[str], set[str]] = (set(), set(), set())
        # the months, LSOA codes and crime types found good so far

    @property
    def outside_districts(self) -> set[str]:
        return self.districts.outside

    def read(self, file: StreetFile, cancelled: Callable[[], bool] | None = None) -> FileCounts:
        """Count one file's records; InputError when it is not a street-level file."""
        counts = FileCounts()
        found: Counter[tuple[str, str, str, str]] = Counter()
        # (month, LSOA code, LSOA name, crime type) of the force's records; code '' for
        # those with no location
        try:
            _check_header(file)
            with _opened(file) as fh, pd.read_csv(
                    fh, usecols=_USECOLS, dtype=object, na_filter=False,
                    encoding="utf-8", chunksize=_CHUNK_ROWS) as chunks:  # skips a BOM too
                for chunk in chunks:
                    stop_if_cancelled(cancelled)
                    self._count(chunk, file.label, counts, found)
        except pd.errors.ParserError as exc:
            reason = str(exc).strip().removeprefix("Error tokenizing data. C error: ")
            raise InputError(f"{file.label} cannot be read as CSV: {reason.rstrip('.')}.") \
                from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"{file.label} cannot be read: it is not UTF-8 text.") from exc
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise InputError(f"{file.label} cannot be read: {exc}.") from exc
        ids, add, names, areas = self.districts, counts.lsoa.append, counts.lsoa_names, counts.areas
        for (month, code, name, ctype), n in found.items():
            if code:
                add((month, code, ctype, n))
                names[code] = name
                areas[month, ids[name], ctype] += n
            else:
                areas[month, NO_LOCATION, ctype] += n
        return counts

    def _count(self, chunk: pd.DataFrame, label: str, counts: FileCounts,
               found: Counter[tuple[str, str, str, str]]) -> None:
        month, falls, code, name, ctype = (chunk[c].to_numpy() for c in _USECOLS)
        self._check_rows(chunk.index, month, code, ctype, label)
        counts.rows += len(chunk)
        mine = falls == self.force_name
        if not mine.all():
            counts.other.update(zip(month[~mine], falls[~mine], strict=True))
            month, code, name, ctype = month[mine], code[mine], name[mine], ctype[mine]
        found.update(zip(month, code, name, ctype, strict=True))

    def _check_rows(self, index: pd.Index, month: np.ndarray, code: np.ndarray,
                    ctype: np.ndarray, label: str) -> None:
        """Refuse a Month that is not YYYY-MM, a row cut short (no Crime type), or one whose
        columns are out of place (pandas reads the columns it is asked for by position).
        Each column's values are checked once per reader."""
        for values, checked, (ok, problem) in zip((month, code, ctype), self.checked, _CHECKS,
                                                  strict=True):
            new = set(values).difference(checked)
            bad = [v for v in new if not ok(v)]
            if bad:
                row = int(np.flatnonzero(np.isin(values, bad))[0])
                raise InputError(f"{label}, line {int(index[row]) + 2}: "
                                 f"{problem.format(values[row])}.")
            checked.update(new)


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
