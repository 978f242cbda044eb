"""A zip of many police.uk files should import about as fast as the same files in a folder.

Writes 2,000 small street-level files (a few records each, all of one month) into a folder
and into one zip archive, then times (best of three) ``import_police_uk`` of each into a
fresh copy of the demo database and prints both and their ratio. Opening the archive again
for every file made the zip quadratic (23 s against 1.9 s, issue 11). Run:
    .venv/bin/python bench/police_uk_zip_bench.py [files]
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cspdesk.demo import build_demo_database  # noqa: E402
from cspdesk.performance.police_uk.importer import STREET_HEADER, import_police_uk  # noqa: E402
from cspdesk.store.database import open_database  # noqa: E402

FORCE = "Nottinghamshire Police"


def street_text(n: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STREET_HEADER)
    for i in range(5):
        writer.writerow([f"{n:08d}{i:056d}", "2023-01", FORCE, FORCE, "-1.1", "53.3",
                         "On or near High Street", "E01013062", "Bassetlaw 001A", "Burglary",
                         "Under investigation", ""])
    return out.getvalue()


def write_sources(folder: Path, files: int) -> tuple[Path, Path]:
    unpacked, archive = folder / "unpacked", folder / "many.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for n in range(files):
            name = f"{n:05d}/{n:05d}-street.csv"
            (unpacked / name).parent.mkdir(parents=True)
            (unpacked / name).write_text(street_text(n), encoding="utf-8")
            zipped.writestr(name, street_text(n))
    return unpacked, archive


def best_import(master: Path, source: Path, work: Path) -> float:
    best = float("inf")
    for _ in range(3):
        copy = work / "copy.sqlite"
        shutil.copyfile(master, copy)
        db = open_database(copy)
        try:
            start = time.perf_counter()
            import_police_uk(db, [source])
            best = min(best, time.perf_counter() - start)
        finally:
            db.close()
            copy.unlink()
    return best


def main() -> None:
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as name:
        work = Path(name)
        master = work / "demo.sqlite"
        build_demo_database(master).close()
        unpacked, archive = write_sources(work, files)
        folder_time = best_import(master, unpacked, work)
        zip_time = best_import(master, archive, work)
    print(f"{files:,} street files, one month")
    print(f"import from a folder      {folder_time:7.2f} s")
    print(f"import from a zip         {zip_time:7.2f} s")
    print(f"ratio                     {zip_time / folder_time:7.2f}")


if __name__ == "__main__":
    main()
