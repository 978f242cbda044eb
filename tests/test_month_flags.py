"""The flags of the months shown (the grid's year, a comparison's periods) are exactly the
full scan's flags kept to those months, though only the counts near them are read."""

from __future__ import annotations

import random

from cspdesk.dates import financial_year_months
from cspdesk.performance.areas import add_area, ensure_standard_measures
from cspdesk.performance.comparison import compare
from cspdesk.performance.monthly import monthly_grid
from cspdesk.performance.periods import Period
from cspdesk.performance.quality import MISSING, WINDOW, area_flags, month_flags
from tests.test_quality import month_range, store

MONTHS = month_range("2019-01", "2024-12")


def full_flags_in(db, measure_id: int, months: list[str]) -> dict[int, dict[str, str]]:
    """The full computation's flags (every count read), kept to ``months``."""
    kept = {area: {m: r for m, r in by_month.items() if m in months}
            for area, by_month in area_flags(db, measure_id).items()}
    return {area: by_month for area, by_month in kept.items() if by_month}


def month_lists(rng: random.Random, months: list[str]) -> list[list[str]]:
    """What the screens ask for, and harder: every single month and a month past either
    end, each financial year, a comparison's two periods, the first and last WINDOW + 1
    months (whose neighbours fall outside the counts), and scattered months."""
    lists = [[m] for m in months] + [["2018-12"], ["2025-01"], months]
    lists += [financial_year_months(f"{y}/{(y + 1) % 100:02d}") for y in range(2018, 2025)]
    lists += [months[:WINDOW + 1], months[-WINDOW - 1:], [months[0], months[-1]]]
    for _ in range(40):
        start = rng.randrange(len(months))
        lists.append(months[start:start + rng.randint(1, 15)])
        lists.append(rng.sample(months, rng.randint(2, 8)))
    return lists


def write_random_counts(db, rng: random.Random, areas: list[int], measure_id: int) -> None:
    """Each area's counts start late or end early at random, with gaps and months far
    below their neighbours (some of them at the very first or last month), small counts
    that are never judged, and whole years missing."""
    rows = []
    for area in areas:
        first = rng.randrange(0, 30)
        last = rng.randrange(first, len(MONTHS))
        level = rng.choice([5, 12, 40, 300, 2000])
        for i in range(first, last + 1):
            roll = rng.random()
            if roll < 0.12 or (rng.random() < 0.02 and i + 12 < last):
                continue  # a gap (and now and then more: see the year cut below)
            count = level + rng.randrange(-level // 5, level // 5 + 1)
            if roll > 0.9 or (i in (first, last) and rng.random() < 0.3):
                count //= rng.choice([3, 4, 10])  # far below, or only just not
            rows.append((area, measure_id, MONTHS[i], count))
    cut = rng.randrange(len(MONTHS) - 12)
    rows = [r for r in rows if not (r[0] == areas[0] and MONTHS[cut] <= r[2] < MONTHS[cut + 12])]
    with db.atomic():
        db.conn.executemany("INSERT INTO monthly_counts VALUES (?, ?, ?, ?, 'imported', "
                            "NULL, 'now')", rows)


def test_the_months_flags_match_the_full_scan_on_generated_counts(db):
    ensure_standard_measures(db)
    city = add_area(db, "City", "city", add_area(db, "Force", "force", None))
    areas = [add_area(db, f"District {n}", "district", city) for n in range(8)]
    kinds_seen = set()
    for seed in range(12):
        rng = random.Random(seed)
        db.execute("DELETE FROM monthly_counts")
        mid = seed % 3 + 1
        write_random_counts(db, rng, areas, mid)
        full = area_flags(db, mid)
        kinds_seen |= {r.split(" (")[0] for by_month in full.values() for r in by_month.values()}
        for months in month_lists(rng, MONTHS):
            assert month_flags(db, mid, months) == full_flags_in(db, mid, months), (seed, months)
    assert kinds_seen == {MISSING, "far below the months either side"}


def test_the_months_flags_match_the_full_scan_on_the_demo(demo_db):
    force = demo_db.execute("SELECT id FROM areas WHERE level = 'force'").fetchone()[0]
    demo_db.execute("UPDATE monthly_counts SET count = count / 4 WHERE month IN "
                    "('2022-08', '2023-04') AND area_id = ?", [force])
    demo_db.execute("DELETE FROM monthly_counts WHERE month IN ('2023-01', '2023-02') AND "
                    "area_id = (SELECT MIN(id) FROM areas WHERE level = 'district')")
    months = [r[0] for r in demo_db.execute("SELECT DISTINCT month FROM monthly_counts "
                                            "ORDER BY month")]
    rng = random.Random(7)
    flagged = 0
    for (mid,) in demo_db.execute("SELECT id FROM measures").fetchall():
        flagged += len(area_flags(demo_db, mid))
        for chosen in month_lists(rng, months):
            assert month_flags(demo_db, mid, chosen) == full_flags_in(demo_db, mid, chosen)
    assert flagged


def test_the_grid_and_the_comparison_say_a_flag_outside_the_counts_read(db):
    """A gap whose area's first count is years before the months shown is still missing,
    and a drop in the first month shown is judged against the months before it."""
    ensure_standard_measures(db)
    force = add_area(db, "Force", "force", None)
    district = add_area(db, "Bassetlaw", "district", add_area(db, "County", "county", force))
    counts = {m: 300 for m in month_range("2015-01", "2024-03")}
    del counts["2023-05"]
    counts["2023-04"] = 60
    store(db, district, "Anti-social behaviour", counts)
    grid = monthly_grid(db, "Anti-social behaviour", financial_year_months("2023/24"))
    assert grid[district, "2023-04"].flag == ("far below the months either side (60 "
                                              "against about 300)")
    assert grid[district, "2023-05"].flag == MISSING
    assert grid[force, "2023-05"].flag is None  # the force holds no counts of its own
    period = Period("fytd", "2023/24 to June", ("2023-04", "2023-05", "2023-06"),
                    ("2022-04", "2022-05", "2022-06"), "2022/23 to June")
    (line,) = [ln for ln in compare(db, "Anti-social behaviour", period) if ln.area == "Bassetlaw"]
    assert line.flags == ("April 2023: far below the months either side (60 against about "
                          "300)", "May 2023: missing")
