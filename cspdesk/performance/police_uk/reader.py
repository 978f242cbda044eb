"""Reading police.uk street-level files: what each holds for one force, counted.

Each file is read once with pandas (five columns, as text; UTF-8, or UTF-16 as Excel's
"Unicode text" writes it) and its records counted once, by month, LSOA and crime type; the
counts for the districts are worked out from those (a few thousand a month) rather than from
the records. Control characters are taken out of LSOA names and crime types, with a warning.
Finding the files is ``files``'s.
"""

from __future__ import annotations

import csv
import re
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cspdesk.errors import InputError, stop_if_cancelled
from cspdesk.performance.lsoa import district_of
from cspdesk.performance.police_uk.files import (
    Archives,
    StreetFile,
    has_controls,
    without_controls,
)

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
    warnings: list[str] = field(default_factory=list)


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
    its area id. Zip archives stay open in ``archives`` until ``close``."""

    def __init__(self, force_name: str, leaves: dict[str, int]) -> None:
        self.force_name = force_name
        self.districts = _Districts(leaves)
        self.archives = Archives()
        self.checked: tuple[set[str], set[str], set[str]] = (set(), set(), set())
        # the months, LSOA codes and crime types found good so far
        self.cleaned: dict[str, str] = {}  # a value with control characters -> without

    @property
    def outside_districts(self) -> set[str]:
        return self.districts.outside

    def close(self) -> None:
        self.archives.close()

    def read(self, file: StreetFile, cancelled: Callable[[], bool] | None = None) -> FileCounts:
        """Count one file's records; InputError when it is not a street-level file."""
        counts = FileCounts()
        found: Counter[tuple[str, str, str, str]] = Counter()
        # (month, LSOA code, LSOA name, crime type) of the force's records; code '' for
        # those with no location
        encoding = "utf-8"
        try:
            encoding, sep = _check_header(file, self.archives)
            with self.archives.opened(file) as fh, pd.read_csv(
                    fh, sep=sep, usecols=_USECOLS, dtype=object, na_filter=False,
                    encoding=encoding, chunksize=_CHUNK_ROWS) as chunks:  # skips a BOM too
                for chunk in chunks:
                    stop_if_cancelled(cancelled)
                    self._count(chunk, file.label, counts, found)
        except pd.errors.ParserError as exc:
            reason = str(exc).strip().removeprefix("Error tokenizing data. C error: ")
            raise InputError(f"{file.label} cannot be read as CSV: {reason.rstrip('.')}.") \
                from exc
        except UnicodeError as exc:
            kind = "UTF-16" if encoding.startswith("utf-16") else "UTF-8"
            raise InputError(f"{file.label} cannot be read: it is not {kind} text.") from exc
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise InputError(f"{file.label} cannot be read: {exc}.") from exc
        self._place(self._without_controls(found, file.label, counts), counts)
        return counts

    def _place(self, found: Counter[tuple[str, str, str, str]], counts: FileCounts) -> None:
        """The counts per LSOA, and per district, from the file's records counted."""
        ids, areas = self.districts, counts.areas
        counts.lsoa = [(month, code, ctype, n) for (month, code, _name, ctype), n
                       in found.items() if code]
        counts.lsoa_names = {code: name for _month, code, name, _ctype in found if code}
        for (month, code, name, ctype), n in found.items():
            areas[month, ids[name] if code else NO_LOCATION, ctype] += n

    def _without_controls(self, found: Counter[tuple[str, str, str, str]], label: str,
                          counts: FileCounts) -> Counter[tuple[str, str, str, str]]:
        """The records counted with control characters taken out of LSOA names and crime
        types (month and code are checked already), and a warning saying so."""
        values = {v for key in found for v in key[2:]}
        if not has_controls("".join(values)):  # one look at them all, the usual case
            return found
        bad = {v: without_controls(v) for v in values if without_controls(v) != v}
        self.cleaned.update(bad)
        clean: Counter[tuple[str, str, str, str]] = Counter()
        for (month, code, name, ctype), n in found.items():
            clean[month, code, bad.get(name, name), bad.get(ctype, ctype)] += n
        example = sorted(bad.values())[0]
        counts.warnings.append(
            f"{label}: control characters were taken out of {len(bad)} LSOA "
            f"name{'s' if len(bad) > 1 else ''} or crime type{'s' if len(bad) > 1 else ''} "
            f"(such as '{example}').")
        return clean

    def _count(self, chunk: pd.DataFrame, label: str, counts: FileCounts,
               found: Counter[tuple[str, str, str, str]]) -> None:
        month, falls, code, name, ctype = (chunk[c].to_numpy() for c in _USECOLS)
        self._check_rows(chunk.index, month, code, ctype, label)
        counts.rows += len(chunk)
        mine = falls == self.force_name
        if not mine.all():
            mine |= np.isin(falls, self._force_with_controls(falls[~mine]))
        if not mine.all():
            counts.other.update(zip(month[~mine], map(without_controls, falls[~mine]),
                                    strict=True))
            month, code, name, ctype = month[mine], code[mine], name[mine], ctype[mine]
        found.update(zip(month, code, name, ctype, strict=True))

    def _force_with_controls(self, others: np.ndarray) -> list[str]:
        """The force's name written with control characters among ``others``."""
        return [v for v in set(others) if v != self.force_name
                and without_controls(v) == self.force_name]

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
                wrong = set(bad)  # not np.isin: NumPy's text arrays drop a trailing "\x00"
                row = next(i for i, value in enumerate(values) if value in wrong)
                raise InputError(f"{label}, line {int(index[row]) + 2}: "
                                 f"{problem.format(without_controls(values[row]))}.")
            checked.update(new)


def _encoding(start: bytes) -> str:
    """UTF-16 when the file starts with its byte order mark or looks like it (every other
    byte zero); else UTF-8 (with or without its byte order mark)."""
    if start[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    pairs = start[:512]
    if len(pairs) >= 4 and pairs[1::2].count(0) == len(pairs) // 2 and 0 not in pairs[::2]:
        return "utf-16-le"
    if len(pairs) >= 4 and pairs[::2].count(0) == len(pairs) // 2 and 0 not in pairs[1::2]:
        return "utf-16-be"
    return "utf-8"


def _check_header(file: StreetFile, archives: Archives) -> tuple[str, str]:
    """The file's encoding and separator (a comma; a tab in Excel's "Unicode text"), or
    InputError when its first line is not the street-level header."""
    with archives.opened(file) as fh:
        start = fh.read(_HEADER_BYTES)
    encoding = _encoding(start)
    text = start.decode(encoding, errors="replace").removeprefix("\ufeff")
    first, newline, _rest = text.partition("\n")
    sep = "\t" if first.count("\t") > first.count(",") else ","
    try:
        columns = [c.strip() for c in next(csv.reader([first], delimiter=sep), [])]
    except csv.Error:  # a carriage return inside the line: no header of police.uk's
        columns = []
    missing = [c for c in STREET_HEADER if c not in columns]
    if not first.strip():
        problem = "it is empty"
    elif "\x00" in first or "\ufffd" in first or (len(start) == _HEADER_BYTES and not newline):
        problem = "it is not a text file"
    elif missing:
        kind = (" (it is an outcomes file)" if "Outcome type" in columns else
                " (it is a stop-and-search file)" if "Object of search" in columns else "")
        problem = (f"its first line lacks the column{'s' if len(missing) > 1 else ''} "
                   f"{', '.join(missing)}{kind}")
    else:
        return encoding, sep
    raise InputError(f"{file.label} is not a police.uk street-level file: {problem}.")
