"""A force's months read from data.police.uk's archive of every force should import within
1.3 times the same months' files given alone (issue 15 item 2).

Writes, in a temporary folder, 24 monthly street files of Nottinghamshire (police_uk_bench's
synthetic months, 10,400 rows and 2.3 MB each, shaped like tests/data/policeuk's real month)
and an archive laid out as data.police.uk's: for each month a folder with 43 forces'
-street files (each other force's the month's rows under its own name, the same size), and
small -outcomes and -stop-and-search files. Then times, whole process to whole process and
best of three, ``cspdesk import police-uk`` of the archive against the same command given
the 24 files, each into a fresh copy of the demo database. The other forces' members are
compressed at level 1 to make the archive sooner: they are never read. Run:
    .venv/bin/python bench/police_uk_archive_bench.py [--size small]
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from police_uk_bench import FORCE, MONTHS, lsoas, write_month  # noqa: E402
from whole_process import best, main_for, python  # noqa: E402

from cspdesk.demo import build_demo_database  # noqa: E402
from cspdesk.performance.police_uk.forces import FORCE_IDS, force_id  # noqa: E402

TARGET = 1.3
# The 43 territorial forces of England and Wales (the archive also holds BTP and PSNI).
FORCES = [n for n in FORCE_IDS if n not in ("British Transport Police",
                                            "Police Service of Northern Ireland")]
SIZES = {"full": (24, 43), "small": (6, 8)}  # months, forces


def write_sources(folder: Path, months: int, forces: int) -> tuple[list[Path], Path]:
    """The force's monthly files, alone, and the archive of every force holding them."""
    rng, names = random.Random(1), FORCES[:forces]
    if FORCE not in names:
        names[-1] = FORCE
    areas, alone = lsoas(rng), []
    archive_path = folder / "latest.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for month in MONTHS[:months]:
            path = folder / "alone" / month / f"{month}-{force_id(FORCE)}-street.csv"
            path.parent.mkdir(parents=True)
            write_month(path, month, rng, areas)
            alone.append(path)
            text = path.read_text(encoding="utf-8")
            for name in sorted(names, key=force_id):
                _add_force_month(archive, month, name, path, text)
    return alone, archive_path


def _add_force_month(archive: zipfile.ZipFile, month: str, name: str, street: Path,
                     text: str) -> None:
    stem = f"{month}/{month}-{force_id(name)}"
    if name == FORCE:
        archive.write(street, f"{stem}-street.csv")
    else:
        archive.writestr(f"{stem}-street.csv", text.replace(FORCE, name), compresslevel=1)
    archive.writestr(f"{stem}-outcomes.csv", "Crime ID,Month,Reported by,Falls within,"
                     "Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n",
                     compresslevel=1)
    archive.writestr(f"{stem}-stop-and-search.csv", "Type,Date,Part of a policing operation,"
                     "Policing operation,Latitude,Longitude,Gender,Age range\n",
                     compresslevel=1)


def measure(size: str = "full", runs: int = 3) -> list[dict]:
    """Rows for the table of every benchmark: the archive's import and its floor."""
    months, forces = SIZES[size]
    with tempfile.TemporaryDirectory(prefix="cspdesk-archive-bench-") as name:
        folder = Path(name)
        alone, archive = write_sources(folder, months, forces)
        master, target = folder / "demo.sqlite", folder / "run.sqlite"
        build_demo_database(master).close()

        def fresh() -> None:
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(master, target)

        command = python("-m", "cspdesk", "import", "police-uk", "--db", target)
        floor, floor_mb, floor_cpu = best(runs, fresh, [*command, *alone])
        seconds, peak, cpu = best(runs, fresh, [*command, archive])
        archive_mb = archive.stat().st_size / 1e6
    what = f"{months} months of {forces} forces ({archive_mb:,.0f} MB zip)"
    return [{"what": "police.uk files given alone (cspdesk import)", "size": f"{months} files",
             "seconds": floor, "peak_mb": floor_mb, "floor_seconds": None,
             "cpu_seconds": floor_cpu},
            {"what": "police.uk national archive, one force", "size": what,
             "seconds": seconds, "peak_mb": peak, "floor_seconds": floor, "cpu_seconds": cpu}]


def main() -> None:
    main_for(measure, TARGET, __doc__.splitlines()[0])


if __name__ == "__main__":
    main()
