"""Two years of a force's police.uk files should import within 1.3 times pandas.read_csv of
the same files, whole process to whole process (issue 15 item 2; 1.5 in this process before).

Writes 24 monthly files in the police.uk street format (about 250,000 rows, 55 MB: a mix of
crime types, about 3% rows of a neighbouring force and 2% with no location, LSOAs of the demo's
districts and a few neighbouring ones) to a temporary folder, then times, best of three:
inside this process, ``pandas.read_csv`` alone on those files against ``import_police_uk``
into a fresh copy of the demo database (as measured before); then whole processes, a Python
process reading the files with ``pandas.read_csv`` against ``cspdesk import police-uk`` of
them into a fresh copy of the demo database. Run:
    .venv/bin/python bench/police_uk_bench.py [--size small] [--runs N]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from whole_process import best, print_rows, python  # noqa: E402

from cspdesk.demo import build_demo_database  # noqa: E402
from cspdesk.performance.police_uk.importer import STREET_HEADER, import_police_uk  # noqa: E402
from cspdesk.store.database import open_database  # noqa: E402

TARGET = 1.3
SIZES = {"full": 24, "small": 6}  # months
READ_CSV = "import sys\nimport pandas as pd\nfor f in sys.argv[1:]:\n    pd.read_csv(f)\n"
FORCE, NEIGHBOUR = "Nottinghamshire Police", "Derbyshire Constabulary"
ROWS_PER_MONTH = 10_400
MONTHS = [f"{2023 + (m + 3) // 12}-{(m + 3) % 12 + 1:02d}" for m in range(24)]  # 2023-04 .. 2025-03
# District: (number of LSOAs, share of the force's records); the last few are neighbours.
DISTRICTS = {
    "Nottingham": (182, 0.40), "Mansfield": (66, 0.12), "Ashfield": (76, 0.11),
    "Bassetlaw": (70, 0.10), "Newark and Sherwood": (73, 0.08), "Gedling": (72, 0.07),
    "Broxtowe": (71, 0.065), "Rushcliffe": (70, 0.047), "Bolsover": (47, 0.002),
    "Erewash": (73, 0.002), "Amber Valley": (78, 0.001), "Derbyshire Dales": (44, 0.001),
    "Derby": (151, 0.001), "Doncaster": (193, 0.001),
}
CRIME_TYPES = {
    "Violence and sexual offences": 3279, "Anti-social behaviour": 1993, "Shoplifting": 1130,
    "Criminal damage and arson": 878, "Public order": 690, "Other theft": 661,
    "Vehicle crime": 579, "Burglary": 487, "Drugs": 322, "Other crime": 251,
    "Possession of weapons": 115, "Bicycle theft": 109, "Robbery": 100,
    "Theft from the person": 71,
}
OUTCOMES = ["Investigation complete; no suspect identified", "Unable to prosecute suspect",
            "Court result unavailable", "Local resolution", "Offender given a caution",
            "Action to be taken by another organisation", "Awaiting court outcome"]
STREETS = ["Church Street", "Rowan Avenue", "Maple Gardens", "Lee Lane", "High Street",
           "Station Road", "Park Road", "Supermarket", "Parking Area", "Sports/Recreation Area"]


def lsoas(rng: random.Random) -> list[tuple[str, str, float]]:
    """(code, name, weight) for every LSOA of every district; a few LSOAs (town centres)
    hold many records, as in the real files (about 3,600 LSOA and crime type pairs a month)."""
    out, serial = [], 13_000
    for district, (count, share) in DISTRICTS.items():
        for i in range(count):
            serial += 1
            out.append((f"E01{serial:06d}", f"{district} {i // 5 + 1:03d}{'ABCDE'[i % 5]}",
                        share / count * rng.lognormvariate(0, 1.2)))
    return out


def write_month(path: Path, month: str, rng: random.Random,
                areas: list[tuple[str, str, float]]) -> int:
    places = rng.choices(areas, weights=[a[2] for a in areas], k=ROWS_PER_MONTH)
    types = rng.choices(list(CRIME_TYPES), weights=list(CRIME_TYPES.values()),
                        k=ROWS_PER_MONTH)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(STREET_HEADER)
        for (code, name, _w), crime_type in zip(places, types, strict=True):
            out.writerow(_row(rng, month, code, name, crime_type))
    return ROWS_PER_MONTH


def _row(rng: random.Random, month: str, code: str, name: str, crime_type: str) -> list[str]:
    force = NEIGHBOUR if rng.random() < 0.03 else FORCE
    asb = crime_type == "Anti-social behaviour"
    crime_id = "" if asb else f"{rng.getrandbits(256):064x}"
    outcome = "" if asb else rng.choice(OUTCOMES)
    if rng.random() < 0.02:
        return [crime_id, month, force, force, "", "", "No Location", "", "", crime_type,
                outcome, ""]
    return [crime_id, month, force, force, f"{-1.5 + rng.random():.6f}",
            f"{52.8 + rng.random() * 0.6:.6f}", f"On or near {rng.choice(STREETS)}",
            code, name, crime_type, outcome, ""]


def best_of(times: int, work: Callable[[], float]) -> float:
    return min(work() for _ in range(times))


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default="full")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print_rows(measure(args.size, args.runs, show=print), TARGET)


def measure(size: str = "full", runs: int = 3,
            show: Callable[[str], object] = lambda _line: None) -> list[dict]:
    """Rows for the table of every benchmark: pandas.read_csv of the files and the import
    of them, each a whole process; ``show`` is given the in-process timings besides."""
    months = SIZES[size]
    with tempfile.TemporaryDirectory(prefix="cspdesk-policeuk-bench-") as name:
        folder = Path(name)
        files = write_files(folder, months)
        master, target = folder / "demo.sqlite", folder / "run.sqlite"
        build_demo_database(master).close()
        in_process(files, master, target, folder / "download", runs, show)

        def fresh() -> None:
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(master, target)

        floor, floor_mb, floor_cpu = best(runs, fresh, python("-c", READ_CSV, *files))
        seconds, peak, cpu = best(runs, fresh, python("-m", "cspdesk", "import", "police-uk",
                                                 "--db", target, folder / "download"))
        megabytes = sum(f.stat().st_size for f in files) / 1e6
    what = f"{months} months, {months * ROWS_PER_MONTH:,} rows, {megabytes:.0f} MB"
    return [{"what": "pandas.read_csv of the files (process)", "size": what,
             "seconds": floor, "peak_mb": floor_mb, "floor_seconds": None,
             "cpu_seconds": floor_cpu},
            {"what": "cspdesk import police-uk (process)", "size": what,
             "seconds": seconds, "peak_mb": peak, "floor_seconds": floor, "cpu_seconds": cpu}]


def write_files(folder: Path, months: int) -> list[Path]:
    rng = random.Random(1)
    areas = lsoas(rng)
    files = []
    for month in MONTHS[:months]:
        path = folder / "download" / month / f"{month}-nottinghamshire-street.csv"
        path.parent.mkdir(parents=True)
        write_month(path, month, rng, areas)
        files.append(path)
    return files


def in_process(files: list[Path], master: Path, target: Path, download: Path, runs: int,
               show: Callable[[str], object]) -> None:
    """The import and pandas.read_csv timed inside this process, as measured before."""
    read = best_of(runs, lambda: timed(lambda: [pd.read_csv(f) for f in files]))
    imported = best_of(runs, lambda: import_into_copy(master, target, download))
    show(f"in this process: pandas.read_csv {read * 1000:.0f} ms, import_police_uk "
         f"{imported * 1000:.0f} ms, ratio {imported / read:.2f}")


def import_into_copy(master: Path, target: Path, download: Path) -> float:
    """The time ``import_police_uk`` takes on a fresh copy of the demo database."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(master, target)
    db = open_database(target)
    try:
        return timed(lambda: import_police_uk(db, [download]))
    finally:
        db.close()


if __name__ == "__main__":
    main()
