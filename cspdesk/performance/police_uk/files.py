"""Finding police.uk street-level files in what the officer gives, and opening them.

A source is a CSV file, a folder (searched through, symlinked folders followed once each) or
a zip archive. The same file given twice (a download's zip and the folder it was unpacked
to, or a second copy) is counted once and the import says which copy it left out. An
archive stays open for the whole import: opening it again for each of its files would read
its list of members each time (a zip of 2,000 files took 23 s instead of 2).
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cspdesk.errors import InputError
from cspdesk.performance.police_uk.forces import one_forces_names

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode's control characters (Cc)
_READ_BYTES = 1024 * 1024


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a control character (a tab or line end included)."""
    return _CONTROL.search(text) is not None


def without_controls(text: str) -> str:
    """``text`` with its control characters (tabs and line ends included) taken out."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


@dataclass(frozen=True)
class StreetFile:
    """One street-level file to import: a file on disk, or a member of a zip archive."""

    label: str  # what the user is shown: "2023-01/2023-01-x-street.csv in download.zip"
    path: Path
    member: str | None = None  # the name inside the zip archive at ``path``
    size: int = 0  # bytes, unpacked
    crc: int | None = None  # a zip member's CRC-32, from the archive's list

    @property
    def name(self) -> str:
        """The file's own name, without its folders."""
        return (self.member or self.path.name).rsplit("/", 1)[-1]


def find_street_files(sources: Sequence[Path | str],
                      force: str | None = None) -> list[StreetFile]:
    """The street-level files in ``sources``: files as given, and the ``*-street.csv`` files
    in folders (searched recursively, following symlinked folders) and zip archives; of a
    folder or zip holding several forces' files (data.police.uk's archive), ``force``'s
    only. A source that does not exist or holds no street file is an InputError; a file
    named twice is read once. Control characters in names are left out of the labels."""
    found: dict[tuple[Path, str | None], StreetFile] = {}
    for source in sources:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{path} does not exist.")
        if path.is_dir():
            files = _in_folder(path)
        elif path.suffix.lower() == ".zip":
            files = _in_zip(path)
        else:
            files = [StreetFile(without_controls(path.name), path, size=path.stat().st_size)]
        if not files:
            raise InputError(f"{path} holds no police.uk street-level files "
                             "(files whose names end -street.csv).")
        if force is not None and len(files) > 1:
            kept = set(one_forces_names([f.name for f in files], force, path))
            files = [f for f in files if f.name in kept]
        for file in files:
            found.setdefault((file.path.resolve(), file.member), file)
    return list(found.values())


def _is_street(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return (base.lower().endswith("-street.csv") and not base.startswith("._")
            and not name.startswith("__MACOSX/"))


def _in_folder(folder: Path) -> list[StreetFile]:
    """The street files under ``folder``; a symlinked folder is followed, each real folder
    searched once (a link back up the tree ends there)."""
    seen: set[str] = set()
    files = []
    for top, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:
            dirs.clear()
            continue
        seen.add(real)
        dirs.sort()
        for name in names:
            path = Path(top, name)
            if _is_street(name) and path.is_file():
                label = f"{path.relative_to(folder).as_posix()} in {folder.name}"
                files.append(StreetFile(without_controls(label), path,
                                        size=path.stat().st_size))
    return sorted(files, key=lambda f: f.label)


def _in_zip(path: Path) -> list[StreetFile]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir() and _is_street(i.filename)]
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path} is not a zip archive cspdesk can read ({exc}).") from exc
    return sorted((StreetFile(without_controls(f"{i.filename} in {path.name}"), path,
                              i.filename, i.file_size, i.CRC) for i in infos),
                  key=lambda f: f.label)


class Archives:
    """Opens street files, keeping each zip archive open until ``close``."""

    def __init__(self) -> None:
        self.open_archives: dict[Path, zipfile.ZipFile] = {}

    def archive(self, path: Path) -> zipfile.ZipFile:
        if path not in self.open_archives:
            self.open_archives[path] = zipfile.ZipFile(path)
        return self.open_archives[path]

    @contextmanager
    def opened(self, file: StreetFile) -> Iterator[IO[bytes]]:
        if file.member is None:
            with file.path.open("rb") as fh:
                yield fh
        else:
            with self.archive(file.path).open(file.member) as fh:
                yield fh

    def digest(self, file: StreetFile) -> tuple[int, int]:
        """(size, CRC-32) of the file's bytes: a zip member's from the archive's list."""
        if file.crc is not None:
            return file.size, file.crc
        crc = 0
        with self.opened(file) as fh:
            while block := fh.read(_READ_BYTES):
                crc = zlib.crc32(block, crc)
        return file.size, crc

    def close(self) -> None:
        for archive in self.open_archives.values():
            archive.close()
        self.open_archives.clear()


def drop_copies(files: list[StreetFile], archives: Archives) -> tuple[list[StreetFile], list[str]]:
    """The files with each one's copies left out (the same bytes, wherever they are: a
    zip and the folder it was unpacked to), and a warning naming each copy left out."""
    by_size: dict[int, list[StreetFile]] = {}
    for file in files:
        by_size.setdefault(file.size, []).append(file)
    first: dict[tuple[int, int], StreetFile] = {}
    copies: dict[StreetFile, StreetFile] = {}
    for file in files:
        if len(by_size[file.size]) < 2:
            continue
        try:
            digest = archives.digest(file)
        except (OSError, zipfile.BadZipFile, zlib.error):
            continue  # reading it will say what is wrong
        if digest in first:
            copies[file] = first[digest]
        else:
            first[digest] = file
    warnings = [f"{copy.label} is a copy of {original.label}: it was counted once, "
                f"from {original.label}." for copy, original in copies.items()]
    return [f for f in files if f not in copies], warnings
