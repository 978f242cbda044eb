"""Two years of a force's police.uk files should import about as fast as pandas reads them.

Writes 24 monthly files in the police.uk street format (about 250,000 rows, 55 MB: a mix of
crime types, about 3% rows of a neighbouring force and 2% with no location, LSOAs of the demo's
districts and a few neighbouring ones) to a temporary folder, then times (best of three)
``pandas.read_csv`` alone on those files against ``import_police_uk`` into a fresh copy of the
demo database, and prints both and their ratio (the issue's target: at most 1.5). Run:
    .venv/bin/python bench/police_uk_bench.py
"""

from __future__ import annotations

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

from cspdesk.demo import build_demo_database  # noqa: E402
from cspdesk.performance.police_uk.importer import STREET_HEADER, import_police_uk  # noqa: E402
from cspdesk.store.database import open_database  # noqa: E402

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
    folder = Path(tempfile.mkdtemp(prefix="cspdesk-policeuk-bench-"))
    try:
        run(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path) -> None:
    rng = random.Random(1)
    areas = lsoas(rng)
    files, rows = [], 0
    for month in MONTHS:
        path = folder / "download" / month / f"{month}-nottinghamshire-street.csv"
        path.parent.mkdir(parents=True)
        rows += write_month(path, month, rng, areas)
        files.append(path)
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    print(f"{len(files)} files, {rows:,} rows, {megabytes:.1f} MB")
    master = folder / "demo.sqlite"
    build_demo_database(master).close()

    read = best_of(3, lambda: timed(lambda: [pd.read_csv(f) for f in files]))
    imported = best_of(3, lambda: import_into_copy(master, folder / "run.sqlite",
                                                    folder / "download"))
    db = open_database(folder / "run.sqlite")
    lsoa_rows = db.execute("SELECT COUNT(*) FROM lsoa_month_counts").fetchone()[0]
    db.close()
    print(f"pandas.read_csv alone                {read * 1000:8.0f} ms")
    print(f"import_police_uk (fresh demo)        {imported * 1000:8.0f} ms"
          f"  ({lsoa_rows:,} counts per LSOA written)")
    print(f"ratio                                {imported / read:8.2f}  (target <= 1.5)")


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
