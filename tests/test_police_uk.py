"""Importing police.uk street-level files: each rule of issue 4 with a small crafted file."""

from __future__ import annotations

import csv
import zipfile
import zlib
from collections import Counter
from pathlib import Path

import pytest

from cspdesk.errors import Cancelled, InputError
from cspdesk.performance.lsoa import district_of
from cspdesk.performance.measures import ASB
from cspdesk.performance.police_uk.importer import (
    STREET_HEADER,
    find_street_files,
    import_flags,
    import_police_uk,
)
from cspdesk.performance.totals import area_totals
from cspdesk.resources import resource_path

NOTTS = "Nottinghamshire Police"
DERBYS = "Derbyshire Constabulary"


def code_of(lsoa_name: str) -> str:
    return f"E01{zlib.crc32(lsoa_name.encode()) % 1_000_000:06d}" if lsoa_name else ""


def record(lsoa: str = "Bassetlaw 001A", crime: str = "Burglary", month: str = "2023-01",
           force: str = NOTTS) -> list[str]:
    """One row in the street format; an empty ``lsoa`` is a record with no location."""
    asb = crime == ASB
    return ["" if asb else f"{zlib.crc32(repr((lsoa, crime, month)).encode()):064x}", month,
            force, force, "-1.1" if lsoa else "", "53.3" if lsoa else "",
            "On or near High Street" if lsoa else "No Location", code_of(lsoa), lsoa, crime,
            "" if asb else "Under investigation", ""]


def write_street(path: Path, rows: list[list[str]], header: tuple[str, ...] = STREET_HEADER,
                 bom: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)
    return path


def counts(db, month: str, measure: str = "All crime") -> dict[str, int]:
    """Stored counts of one month and measure, by area name."""
    return dict(db.execute(
        "SELECT a.name, c.count FROM monthly_counts c JOIN areas a ON a.id = c.area_id "
        "JOIN measures m ON m.id = c.measure_id WHERE c.month = ? AND m.name = ?",
        [month, measure]).fetchall())


def snapshot(db) -> tuple[list, ...]:
    return tuple(db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in (
        "monthly_counts", "lsoa_month_counts", "lsoas", "lsoa_imports"))


LSOA_ROWS = ("SELECT l.code, l.name, c.month, c.crime_type, c.count, i.source_file "
             "FROM lsoa_month_counts c JOIN lsoas l ON l.code = c.lsoa_code "
             "JOIN lsoa_imports i ON i.month = c.month ORDER BY l.name, c.month, c.crime_type")


def lsoa_rows(db, *columns: str) -> list[tuple]:
    """The counts per LSOA with their names and files, as (code, name, month, crime_type,
    count, source_file), or only ``columns`` of those."""
    names = ["code", "name", "month", "crime_type", "count", "source_file"]
    rows = db.execute(LSOA_ROWS).fetchall()
    picks = [names.index(c) for c in columns] if columns else range(len(names))
    return [tuple(row[i] for i in picks) for row in rows]


def load_measures(db) -> None:
    with (resource_path("demo") / "measures.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    for position, row in enumerate(rows):
        db.execute("INSERT INTO measures (name, source, crime_type, position) "
                   "VALUES (?, ?, ?, ?)",
                   [row["name"], row["source"], row["crime_type"] or None, position])


def make_tree(db, areas: list[tuple[str, str, str | None]]) -> None:
    """Areas as (name, level, parent name), parents first; and the standard measures."""
    ids: dict[str, int] = {}
    with db.atomic():
        for position, (name, level, parent) in enumerate(areas):
            ids[name] = db.execute(
                "INSERT INTO areas (name, level, parent_id, position) VALUES (?, ?, ?, ?)",
                [name, level, ids.get(parent) if parent else None, position]).lastrowid
        load_measures(db)


@pytest.fixture
def derbyshire(db):
    """A tree with both Derby (a city without districts) and Derbyshire Dales."""
    make_tree(db, [(DERBYS, "force", None), ("Derbyshire", "county", DERBYS),
                   ("Derby", "city", DERBYS), ("Dales and Valley CSP", "csp", "Derbyshire"),
                   ("Derbyshire Dales", "district", "Dales and Valley CSP"),
                   ("Amber Valley", "district", "Dales and Valley CSP")])
    return db


# Finding the files ------------------------------------------------------------------------


def download_zip(path: Path, months: dict[str, list[list[str]]]) -> Path:
    """A data.police.uk download: month folders of -street, -outcomes, -stop-and-search."""
    with zipfile.ZipFile(path, "w") as archive:
        for month, rows in months.items():
            street = write_street(path.parent / "zipped" / f"{month}-street.csv", rows)
            archive.write(street, f"{month}/{month}-nottinghamshire-street.csv")
            archive.writestr(f"{month}/{month}-nottinghamshire-outcomes.csv",
                             "Crime ID,Month,Reported by,Falls within,Outcome type\n")
            archive.writestr(f"{month}/{month}-nottinghamshire-stop-and-search.csv",
                             "Type,Date,Object of search\n")
            archive.writestr(f"__MACOSX/{month}/._{month}-nottinghamshire-street.csv", "x")
    return path


def test_a_zip_gives_only_its_street_files(tmp_path):
    path = download_zip(tmp_path / "download.zip", {"2023-01": [], "2023-02": []})
    assert [f.label for f in find_street_files([path])] == [
        "2023-01/2023-01-nottinghamshire-street.csv in download.zip",
        "2023-02/2023-02-nottinghamshire-street.csv in download.zip"]


def test_a_folder_is_searched_for_street_files(tmp_path):
    for month in ("2023-01", "2023-02"):
        write_street(tmp_path / "dl" / month / f"{month}-nottinghamshire-street.csv", [])
        (tmp_path / "dl" / month / f"{month}-nottinghamshire-outcomes.csv").write_text("x")
    (tmp_path / "dl" / "notes.txt").write_text("x")
    files = find_street_files([tmp_path / "dl", tmp_path / "dl" / "2023-01"])
    assert [f.label for f in files] == [  # the second source names the same file again
        "2023-01/2023-01-nottinghamshire-street.csv in dl",
        "2023-02/2023-02-nottinghamshire-street.csv in dl"]


def test_a_csv_named_explicitly_is_taken_whatever_its_name(tmp_path):
    path = write_street(tmp_path / "january.csv", [])
    assert [f.label for f in find_street_files([str(path)])] == ["january.csv"]


@pytest.mark.parametrize("make, expected", [
    (lambda p: p / "nowhere.csv", "does not exist"),
    (lambda p: p, "holds no police.uk street-level files"),
    (lambda p: download_zip(p / "d.zip", {}), "holds no police.uk street-level files"),
])
def test_a_source_without_street_files_is_named(tmp_path, make, expected):
    source = make(tmp_path)
    with pytest.raises(InputError, match=expected) as caught:
        find_street_files([source])
    assert str(source) in str(caught.value)


def test_a_damaged_zip_is_refused(tmp_path):
    path = tmp_path / "download.zip"
    path.write_bytes(b"PK not really a zip")
    with pytest.raises(InputError, match="download.zip is not a zip archive"):
        find_street_files([path])


# The counting rules -------------------------------------------------------------------------


def test_other_forces_never_count_even_in_the_trees_districts(demo_db, tmp_path):
    rows = [record("Bassetlaw 001A")] * 3 + [record("Bassetlaw 001A", force=DERBYS)] * 2
    report = import_police_uk(demo_db, [write_street(tmp_path / "a-street.csv", rows)])
    assert counts(demo_db, "2023-01")[NOTTS] == 3
    assert counts(demo_db, "2023-01")["Bassetlaw"] == 3
    month = report.months[0]
    assert (month.force_rows, month.other_force_rows) == (3, 2)
    assert demo_db.execute("SELECT SUM(count) FROM lsoa_month_counts").fetchone()[0] == 3


def test_records_without_location_count_for_the_force_only(demo_db, tmp_path):
    rows = [record(""), record("", ASB), record("Bassetlaw 001A")]
    report = import_police_uk(demo_db, [write_street(tmp_path / "a-street.csv", rows)])
    assert counts(demo_db, "2023-01")[NOTTS] == 2
    assert counts(demo_db, "2023-01", ASB)[NOTTS] == 1
    assert counts(demo_db, "2023-01")["Bassetlaw"] == 1
    assert report.months[0].no_location_rows == 2
    assert lsoa_rows(demo_db, "name", "count") == [
        ("Bassetlaw 001A", 1)]


def test_derby_is_not_derbyshire_dales(derbyshire, tmp_path):
    rows = ([record("Derby 001A", force=DERBYS)] * 2 + [record("Derbyshire Dales 001A",
                                                              force=DERBYS)] * 5
            + [record("Amber Valley 003B", ASB, force=DERBYS)]
            + [record("Derby City 001A", force=DERBYS)])  # no such district in the tree
    report = import_police_uk(derbyshire, [write_street(tmp_path / "d-street.csv", rows)])
    assert counts(derbyshire, "2023-01") == {
        DERBYS: 8, "Derby": 2, "Derbyshire Dales": 5, "Amber Valley": 0}
    assert counts(derbyshire, "2023-01", ASB)["Amber Valley"] == 1
    assert report.months[0].outside_tree_rows == 1


def test_sums_are_not_stored_and_are_worked_out(derbyshire, tmp_path):
    rows = [record("Derbyshire Dales 001A", force=DERBYS)] * 4 + [
        record("Amber Valley 001A", force=DERBYS)] * 3
    import_police_uk(derbyshire, [write_street(tmp_path / "d-street.csv", rows)])
    stored = {r[0] for r in derbyshire.execute(
        "SELECT DISTINCT a.name FROM monthly_counts c JOIN areas a ON a.id = c.area_id")}
    assert stored == {DERBYS, "Derby", "Derbyshire Dales", "Amber Valley"}
    totals = area_totals(derbyshire, "All crime", ["2023-01"])
    names = dict(derbyshire.execute("SELECT name, id FROM areas").fetchall())
    assert totals[names["Dales and Valley CSP"]] == totals[names["Derbyshire"]] == 7


def test_every_police_uk_measure_gets_a_count_even_zero(derbyshire, tmp_path):
    rows = [record("Derby 001A", "Shoplifting", force=DERBYS)]
    report = import_police_uk(derbyshire, [write_street(tmp_path / "d-street.csv", rows)])
    police = derbyshire.execute(
        "SELECT COUNT(*) FROM measures WHERE source = 'police.uk'").fetchone()[0]
    written = derbyshire.execute(
        "SELECT COUNT(*), SUM(entry = 'imported'), MIN(source_file), MAX(source_file) "
        "FROM monthly_counts WHERE month = '2023-01'").fetchone()
    assert written == (4 * police, 4 * police, "d-street.csv", "d-street.csv")
    assert counts(derbyshire, "2023-01", "Shoplifting")["Derby"] == 1
    assert counts(derbyshire, "2023-01", "Burglary") == {
        DERBYS: 0, "Derby": 0, "Derbyshire Dales": 0, "Amber Valley": 0}
    assert counts(derbyshire, "2023-01", "Hate crime") == {}  # a manual measure
    assert report.months[0].all_crime == {DERBYS: 1, "Derby": 1, "Derbyshire Dales": 0,
                                          "Amber Valley": 0}


def test_lsoa_counts_per_month_and_crime_type(demo_db, tmp_path):
    rows = [record("Bassetlaw 001A", ASB)] * 2 + [record("Bassetlaw 001A")] + [
        record("Doncaster 010A", ASB)]
    import_police_uk(demo_db, [write_street(tmp_path / "a-street.csv", rows)])
    assert lsoa_rows(demo_db) == [
        (code_of("Bassetlaw 001A"), "Bassetlaw 001A", "2023-01", ASB, 2, "a-street.csv"),
        (code_of("Bassetlaw 001A"), "Bassetlaw 001A", "2023-01", "Burglary", 1, "a-street.csv"),
        (code_of("Doncaster 010A"), "Doncaster 010A", "2023-01", ASB, 1, "a-street.csv")]


def test_counts_per_lsoa_written_many_rows_to_a_statement_add_up(demo_db, tmp_path,
                                                                 monkeypatch):
    monkeypatch.setattr("cspdesk.performance.police_uk.importer._LSOA_BATCH", 2)
    names = [f"Gedling 00{n}A" for n in range(1, 6)]
    a = write_street(tmp_path / "a-street.csv", [record(name) for name in names])
    b = write_street(tmp_path / "b-street.csv", [record(name) for name in names[1:]] * 2)
    import_police_uk(demo_db, [a, b])
    assert lsoa_rows(demo_db, "name", "count") == [(names[0], 1)] + [(n, 3) for n in names[1:]]


def test_an_lsoa_renamed_keeps_one_name_the_latest_imports(demo_db, tmp_path):
    old = write_street(tmp_path / "1" / "x-street.csv", [record("Bassetlaw 001A")])
    import_police_uk(demo_db, [old])
    renamed = [record("Bassetlaw 001A", month="2023-02")]
    renamed[0][8] = "Bassetlaw 001Z"  # the same code
    import_police_uk(demo_db, [write_street(tmp_path / "2" / "x-street.csv", renamed)])
    assert lsoa_rows(demo_db, "code", "name", "month") == [
        (code_of("Bassetlaw 001A"), "Bassetlaw 001Z", "2023-01"),
        (code_of("Bassetlaw 001A"), "Bassetlaw 001Z", "2023-02")]


def test_a_misnamed_district_is_warned_about(db, tmp_path):
    make_tree(db, [(NOTTS, "force", None), ("Newark & Sherwood", "district", NOTTS)])
    rows = [record("Newark and Sherwood 001A")]
    report = import_police_uk(db, [write_street(tmp_path / "n-street.csv", rows)])
    assert report.warnings == ["No record lies in Newark & Sherwood (the files have Newark and "
                               "Sherwood): a district must be named as police.uk names its "
                               "LSOAs (\"Bassetlaw 012C\" lies in Bassetlaw)."]


# Re-importing and typed counts ------------------------------------------------------------


def test_importing_a_month_again_replaces_it(demo_db, tmp_path):
    first = write_street(tmp_path / "1" / "x-street.csv",
                         [record("Bassetlaw 001A")] * 5 + [record("Mansfield 001A", ASB)])
    import_police_uk(demo_db, [first])
    february = counts(demo_db, "2023-02")
    second = write_street(tmp_path / "2" / "x-street.csv", [record("Bassetlaw 002B")] * 2)
    import_police_uk(demo_db, [second])
    assert counts(demo_db, "2023-01")["Bassetlaw"] == 2
    assert counts(demo_db, "2023-01", ASB)["Mansfield"] == 0
    assert counts(demo_db, "2023-02") == february  # the demo's own month is untouched
    assert lsoa_rows(demo_db, "name", "count", "source_file") == [
        ("Bassetlaw 002B", 2, "x-street.csv")]


def test_a_typed_count_is_never_overwritten(demo_db, tmp_path):
    demo_db.execute("UPDATE monthly_counts SET count = 777, entry = 'typed' WHERE month = "
                    "'2023-01' AND area_id = (SELECT id FROM areas WHERE name = 'Bassetlaw') "
                    "AND measure_id = (SELECT id FROM measures WHERE name = 'All crime')")
    rows = [record("Bassetlaw 001A")] * 4 + [record("Mansfield 001A")]
    report = import_police_uk(demo_db, [write_street(tmp_path / "a-street.csv", rows)])
    assert counts(demo_db, "2023-01")["Bassetlaw"] == 777
    assert counts(demo_db, "2023-01")["Mansfield"] == 1
    assert report.months[0].kept_typed == 1
    assert report.warnings[0] == ("The typed count for Bassetlaw, All crime, 2023-01 (777) was "
                                  "kept; the files count 4.")
    assert report.warnings[1].startswith("No record lies in Newark and Sherwood; Ashfield;")


def test_a_month_in_two_files_is_added_up_with_a_warning(demo_db, tmp_path):
    a = write_street(tmp_path / "a-street.csv", [record("Bassetlaw 001A")])
    b = write_street(tmp_path / "b-street.csv", [record("Bassetlaw 001A")] * 2)
    report = import_police_uk(demo_db, [a, b])
    assert counts(demo_db, "2023-01")["Bassetlaw"] == 3
    assert lsoa_rows(demo_db, "count", "source_file") == [(3, "a-street.csv; b-street.csv")]
    assert "2023-01 comes from 2 files (a-street.csv; b-street.csv)" in report.warnings[0]


# Sources: zips and folders ----------------------------------------------------------------


def test_a_zip_download_is_imported_without_its_other_files(demo_db, tmp_path):
    path = download_zip(tmp_path / "download.zip", {
        "2023-01": [record("Bassetlaw 001A")] * 2,
        "2023-02": [record("Bassetlaw 001A", month="2023-02")] * 3})
    report = import_police_uk(demo_db, [path])
    assert [m.month for m in report.months] == ["2023-01", "2023-02"]
    assert counts(demo_db, "2023-02")["Bassetlaw"] == 3
    source = demo_db.execute("SELECT DISTINCT source_file FROM monthly_counts "
                             "WHERE month = '2023-02'").fetchall()
    assert source == [("2023-02/2023-02-nottinghamshire-street.csv in download.zip",)]


def test_a_folder_of_months_is_imported(demo_db, tmp_path):
    for n, month in enumerate(["2023-04", "2023-05", "2023-06"], start=1):
        write_street(tmp_path / "dl" / month / f"{month}-nottinghamshire-street.csv",
                     [record("Gedling 001A", month=month)] * n)
    calls = []
    report = import_police_uk(demo_db, [tmp_path / "dl"], progress=lambda d, t: calls.append(
        (d, t)))
    assert [counts(demo_db, m)["Gedling"] for m in ("2023-04", "2023-05", "2023-06")] == [
        1, 2, 3]
    assert len(report.files) == 3
    assert calls[0] == (0, 3) and calls[-1] == (3, 3)


def test_a_utf8_bom_is_understood(demo_db, tmp_path):
    path = write_street(tmp_path / "bom-street.csv", [record("Bassetlaw 001A")], bom=True)
    import_police_uk(demo_db, [path])
    assert counts(demo_db, "2023-01")["Bassetlaw"] == 1


# One transaction: cancelled or failed, nothing remains ------------------------------------


def three_months(tmp_path: Path) -> list[Path]:
    return [write_street(tmp_path / f"{m}-street.csv", [record("Bassetlaw 001A", month=m)])
            for m in ("2022-12", "2023-01", "2023-02")]


def test_a_cancelled_import_leaves_nothing(demo_db, tmp_path):
    import_police_uk(demo_db, [write_street(tmp_path / "old" / "x-street.csv",
                                            [record("Rushcliffe 001A", month="2022-12")])])
    before = snapshot(demo_db)
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3  # after the first files are written

    with pytest.raises(Cancelled):
        import_police_uk(demo_db, three_months(tmp_path), cancelled=cancelled)
    assert snapshot(demo_db) == before
    assert counts(demo_db, "2022-12")["Rushcliffe"] == 1


def test_a_bad_file_midway_leaves_nothing(demo_db, tmp_path):
    before = snapshot(demo_db)
    files = three_months(tmp_path)
    write_street(files[2], [record("Bassetlaw 001A", month="Feb 2023")])
    with pytest.raises(InputError, match="2023-02-street.csv, line 2"):
        import_police_uk(demo_db, files)
    assert snapshot(demo_db) == before


# Files that are not police.uk street-level data -------------------------------------------


@pytest.mark.parametrize("content, expected", [
    ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
     "LSOA name,Outcome type\n", "lacks the columns Crime type, Last outcome category, "
                                 "Context (it is an outcomes file)"),
    ("Name,Organisation\nA Person,NSDC\n", "lacks the columns Crime ID, Month"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it is not a text file"),
    ("", "it is empty"),
])
def test_a_file_that_is_not_street_level_data_is_refused(demo_db, tmp_path, content,
                                                         expected):
    path = tmp_path / "2023-01-nottinghamshire-outcomes.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = snapshot(demo_db)
    with pytest.raises(InputError) as caught:
        import_police_uk(demo_db, [path])
    message = str(caught.value)
    assert message.startswith("2023-01-nottinghamshire-outcomes.csv is not a police.uk "
                              "street-level file: ")
    assert expected in message
    assert snapshot(demo_db) == before


def test_a_bad_month_names_file_and_line(demo_db, tmp_path):
    rows = [record("Bassetlaw 001A"), record("Bassetlaw 001A", month="2023-13")]
    with pytest.raises(InputError) as caught:
        import_police_uk(demo_db, [write_street(tmp_path / "m-street.csv", rows)])
    assert str(caught.value) == ("m-street.csv, line 3: the Month '2023-13' is not a month "
                                 "written YYYY-MM (such as 2023-01).")


def test_a_row_whose_columns_are_out_of_place_names_the_line(demo_db, tmp_path):
    shifted = record()
    shifted[6:7] = ["On or near High Street", " Retford"]  # a comma that was not quoted
    path = write_street(tmp_path / "f-street.csv", [record(), shifted])
    with pytest.raises(InputError) as caught:
        import_police_uk(demo_db, [path])
    assert str(caught.value) == ("f-street.csv, line 3: ' Retford' is not an LSOA code (such "
                                 "as E01013062): a column is out of place.")


def test_an_unclosed_quote_is_refused(demo_db, tmp_path):
    path = tmp_path / "q-street.csv"
    path.write_text(",".join(STREET_HEADER) + '\n"unclosed,2023-01\n')
    with pytest.raises(InputError, match="q-street.csv cannot be read as CSV: EOF inside "
                                         "string"):
        import_police_uk(demo_db, [path])


def test_files_with_a_header_only_are_refused(demo_db, tmp_path):
    files = [write_street(tmp_path / f"{n}-street.csv", [], bom=n == "b") for n in ("a", "b")]
    with pytest.raises(InputError, match="There are no records in a-street.csv; b-street.csv"):
        import_police_uk(demo_db, files)


def test_a_row_cut_short_is_refused(demo_db, tmp_path):
    path = write_street(tmp_path / "s-street.csv", [record(), record()[:5]])
    with pytest.raises(InputError, match="s-street.csv, line 3: the row has no Crime type"):
        import_police_uk(demo_db, [path])


def test_text_that_is_not_utf8_is_refused(demo_db, tmp_path):
    path = write_street(tmp_path / "w-street.csv", [record("Ynys Mon 001A")])
    path.write_bytes(path.read_bytes().replace(b"Ynys Mon", b"Ynys M\xf4n"))
    with pytest.raises(InputError, match="w-street.csv cannot be read: it is not UTF-8 text"):
        import_police_uk(demo_db, [path])


# The area tree ------------------------------------------------------------------------------


def test_a_tree_without_a_force_is_refused(db, tmp_path):
    make_tree(db, [("Bassetlaw", "district", None)])
    with pytest.raises(InputError, match="The area tree has no force: add the police force"):
        import_police_uk(db, [write_street(tmp_path / "a-street.csv", [record()])])


def test_files_of_another_force_only_are_refused(demo_db, tmp_path):
    before = snapshot(demo_db)
    path = write_street(tmp_path / "d-street.csv", [record("Derby 001A", force=DERBYS)] * 2)
    with pytest.raises(InputError, match="None of the 2 records falls within Nottinghamshire "
                                         "Police \\(they fall within Derbyshire Constabulary\\)"):
        import_police_uk(demo_db, [path])
    assert snapshot(demo_db) == before


def test_a_csp_without_districts_is_warned_about(db, tmp_path):
    make_tree(db, [(NOTTS, "force", None), ("Bassetlaw", "district", NOTTS),
                   ("Empty CSP", "csp", NOTTS)])
    report = import_police_uk(db, [write_street(tmp_path / "a-street.csv", [record()])])
    assert report.warnings == ["The CSP Empty CSP has no districts under it in the area tree, "
                               "so police.uk files give it no figures."]


def test_an_imports_flags_are_its_months_police_uk_measures(demo_db, tmp_path):
    path = write_street(tmp_path / "a-street.csv", [record("Bassetlaw 001A", ASB)] * 3)
    report = import_police_uk(demo_db, [path])
    flags = import_flags(demo_db, report)
    assert (NOTTS, ASB, "2023-01") in {(f.area, f.measure, f.month) for f in flags}
    assert {f.month for f in flags} == {"2023-01"}  # none of the months not imported


# The real file ------------------------------------------------------------------------------


def test_the_real_nottinghamshire_file(demo_db, police_uk_month):
    with police_uk_month.open(newline="", encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if r["Falls within"] == NOTTS]
    kinds = Counter(r["Crime type"] == ASB for r in rows)
    bassetlaw = Counter(r["Crime type"] == ASB for r in rows
                        if r["LSOA name"].startswith("Bassetlaw ") and r["LSOA code"])
    report = import_police_uk(demo_db, [police_uk_month])
    assert counts(demo_db, "2023-01")[NOTTS] == kinds[False]
    assert counts(demo_db, "2023-01", ASB)[NOTTS] == kinds[True]
    assert counts(demo_db, "2023-01")["Bassetlaw"] == bassetlaw[False]
    assert counts(demo_db, "2023-01", ASB)["Bassetlaw"] == bassetlaw[True]
    month = report.months[0]
    assert month.force_rows == len(rows)
    assert month.no_location_rows == sum(1 for r in rows if not r["LSOA code"])
    in_tree = {"Bassetlaw", "Newark and Sherwood", "Mansfield", "Ashfield", "Broxtowe",
               "Gedling", "Rushcliffe", "Nottingham"}
    assert month.outside_tree_rows == sum(
        1 for r in rows if r["LSOA code"] and district_of(r["LSOA name"]) not in in_tree)
    assert demo_db.execute("SELECT SUM(count) FROM lsoa_month_counts").fetchone()[0] == sum(
        1 for r in rows if r["LSOA code"])
    assert report.warnings == []


def test_cancel_is_asked_within_a_long_file(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr("cspdesk.performance.police_uk.reader._CHUNK_ROWS", 2)
    path = write_street(tmp_path / "long-street.csv", [record()] * 9)
    before = snapshot(demo_db)
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) == 3  # between files, then before the first and second chunks

    with pytest.raises(Cancelled):
        import_police_uk(demo_db, [path], cancelled=cancelled)
    assert snapshot(demo_db) == before
