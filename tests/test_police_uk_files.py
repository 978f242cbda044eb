"""police.uk files as officers really give them (issue 11, items 6 and 12): a zip beside the
folder it was unpacked to, two versions of one file, a zip of many files, UTF-16 text,
control characters, crime types police.uk does not use, symlinked month folders."""

from __future__ import annotations

import os
import shutil
import threading
import zipfile

import pytest
from conftest import POLICE_UK_SAMPLE
from test_police_uk import NOTTS, counts, lsoa_rows, record, snapshot, write_street

from cspdesk.errors import InputError
from cspdesk.performance.police_uk import files as police_files
from cspdesk.performance.police_uk.importer import STREET_HEADER, import_police_uk


def own_warnings(report) -> list[str]:
    """The warnings but the one naming the demo's districts no record of a test lies in."""
    return [w for w in report.warnings if not w.startswith("No record lies in")]


def test_a_zip_and_the_folder_it_was_unpacked_to_count_once_and_say_which(
        demo_db, police_uk_month, tmp_path):
    folder = tmp_path / "unpacked"
    shutil.copytree(police_uk_month.parent, folder / "2023-01")
    report = import_police_uk(demo_db, [POLICE_UK_SAMPLE, folder])
    twice = counts(demo_db, "2023-01")
    lsoa_twice = lsoa_rows(demo_db, "code", "crime_type", "count")
    import_police_uk(demo_db, [POLICE_UK_SAMPLE])  # the month again, from the zip alone
    assert twice == counts(demo_db, "2023-01")
    assert lsoa_twice == lsoa_rows(demo_db, "code", "crime_type", "count")
    assert report.files == ["2023-01/2023-01-nottinghamshire-street.csv in 2023-01.zip"]
    assert report.warnings == [
        "2023-01/2023-01-nottinghamshire-street.csv in unpacked is a copy of "
        "2023-01/2023-01-nottinghamshire-street.csv in 2023-01.zip: it was counted once, "
        "from 2023-01/2023-01-nottinghamshire-street.csv in 2023-01.zip."]


def test_two_versions_of_one_months_file_are_refused_naming_both(demo_db, tmp_path):
    old = write_street(tmp_path / "old" / "2023-01-nottinghamshire-street.csv",
                       [record("Bassetlaw 001A")])
    new = write_street(tmp_path / "new" / "2023-01-nottinghamshire-street.csv",
                       [record("Bassetlaw 001A")] * 2)
    before = snapshot(demo_db)
    with pytest.raises(InputError) as caught:
        import_police_uk(demo_db, [tmp_path / "old", tmp_path / "new"])
    assert str(caught.value) == (
        "2023-01-nottinghamshire-street.csv in old and 2023-01-nottinghamshire-street.csv in "
        "new are two different versions of 2023-01-nottinghamshire-street.csv (both hold "
        "2023-01); import only one of them, or the month's records would be counted twice.")
    assert snapshot(demo_db) == before
    assert old.exists() and new.exists()


def test_a_zip_of_many_files_is_opened_once_for_all_of_them(demo_db, tmp_path, monkeypatch):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(60):
            street = write_street(tmp_path / "f" / f"{n}-street.csv",
                                  [record("Bassetlaw 001A")] * (n + 1))
            archive.write(street, f"{n:02d}/{n}-street.csv")
    opened = []
    real = zipfile.ZipFile

    def counting(*args, **kwargs):
        opened.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(police_files.zipfile, "ZipFile", counting)
    report = import_police_uk(demo_db, [path])
    assert len(report.files) == 60
    assert counts(demo_db, "2023-01")["Bassetlaw"] == sum(range(1, 61))
    assert len(opened) == 2  # once to list its files, once to read them all


@pytest.mark.parametrize("encoding, sep", [("utf-16", ","), ("utf-16-le", ","),
                                           ("utf-16", "\t")])  # "\t": Excel's Unicode text
def test_utf16_files_are_read(demo_db, tmp_path, encoding, sep):
    rows = [STREET_HEADER, *[record("Bassetlaw 001A")] * 2, record("Ynys Môn 001A")]
    path = tmp_path / "u-street.csv"
    path.write_bytes("".join(sep.join(r) + "\r\n" for r in rows).encode(encoding))
    report = import_police_uk(demo_db, [path])
    assert counts(demo_db, "2023-01")["Bassetlaw"] == 2
    assert report.months[0].force_rows == 3
    assert ("Ynys Môn 001A",) in demo_db.execute("SELECT name FROM lsoas").fetchall()


def test_a_utf16_file_in_a_zip_is_read(demo_db, tmp_path):
    text = "".join(",".join(r) + "\n" for r in [STREET_HEADER, record("Gedling 001A")])
    path = tmp_path / "u.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("2023-01/2023-01-x-street.csv", text.encode("utf-16"))
    import_police_uk(demo_db, [path])
    assert counts(demo_db, "2023-01")["Gedling"] == 1


def test_control_characters_are_taken_out_and_reported(demo_db, tmp_path):
    dirty = record("Bassetlaw 001A", crime="Bur\x1bglary\x0b")
    dirty[8] = "Bassetlaw\x07 001A"
    dirty[3] = NOTTS + "\x08"  # Falls within
    path = write_street(tmp_path / "c-street.csv", [record("Bassetlaw 001A"), dirty])
    report = import_police_uk(demo_db, [path])
    assert lsoa_rows(demo_db, "name", "crime_type", "count") == [
        ("Bassetlaw 001A", "Burglary", 2)]
    assert counts(demo_db, "2023-01", "Burglary")["Bassetlaw"] == 2
    assert report.months[0].other_force_rows == 0
    assert own_warnings(report) == [
        "c-street.csv: control characters were taken out of 2 LSOA names or crime types "
        "(such as 'Bassetlaw 001A')."]
    held = demo_db.execute("SELECT name FROM lsoas UNION ALL SELECT crime_type FROM "
                           "lsoa_month_counts").fetchall()
    assert not any(ord(c) < 32 for (value,) in held for c in value)


def test_a_crime_type_police_uk_does_not_use_is_warned_about(demo_db, tmp_path):
    path = write_street(tmp_path / "t-street.csv", [record("Bassetlaw 001A"),
                                                    *[record("Bassetlaw 001A", "Cyber")] * 2])
    report = import_police_uk(demo_db, [path])
    assert counts(demo_db, "2023-01")["Bassetlaw"] == 3
    assert own_warnings(report) == ["'Cyber' is not a police.uk crime type (2 records in "
                               "t-street.csv): they were counted in All crime, and in no "
                               "other measure."]


def test_symlinked_month_folders_are_followed_once(demo_db, tmp_path):
    elsewhere = tmp_path / "elsewhere" / "2023-02"
    write_street(elsewhere / "2023-02-nottinghamshire-street.csv",
                 [record("Gedling 001A", month="2023-02")] * 2)
    write_street(tmp_path / "dl" / "2023-01" / "2023-01-nottinghamshire-street.csv",
                 [record("Gedling 001A")])
    os.symlink(elsewhere, tmp_path / "dl" / "2023-02")
    os.symlink(tmp_path / "dl", tmp_path / "dl" / "2023-01" / "back up")  # a loop
    report = import_police_uk(demo_db, [tmp_path / "dl"])
    assert report.files == ["2023-01/2023-01-nottinghamshire-street.csv in dl",
                            "2023-02/2023-02-nottinghamshire-street.csv in dl"]
    assert [counts(demo_db, m)["Gedling"] for m in ("2023-01", "2023-02")] == [1, 2]


def test_files_are_read_on_a_second_thread_which_is_gone_when_the_import_fails(
        demo_db, tmp_path, monkeypatch):
    """The next file is read while this one's counts are written; when writing refuses a
    file, the import returns only after that reading ends, and nothing remains."""
    from cspdesk.performance.police_uk import reader as street_reader

    readers: list[str] = []
    real = street_reader.StreetReader.read

    def read(self, file, cancelled=None):
        readers.append(threading.current_thread().name)
        return real(self, file, cancelled)

    monkeypatch.setattr(street_reader.StreetReader, "read", read)
    before = snapshot(demo_db)
    sources = [write_street(tmp_path / name / "2023-01-nottinghamshire-street.csv",
                            [record("Bassetlaw 001A")] * n).parent
               for name, n in (("a", 1), ("b", 2), ("c", 3))]
    with pytest.raises(InputError, match="are two different versions of"):
        import_police_uk(demo_db, sources)
    assert readers and all(name.startswith("police-uk-read") for name in readers)
    assert not [t for t in threading.enumerate() if t.name.startswith("police-uk-read")]
    assert snapshot(demo_db) == before


def test_a_month_of_a_nul_character_is_refused_at_its_line(demo_db, tmp_path):
    """Found by fuzzing: NumPy's text arrays drop a trailing NUL, so looking the bad value
    up with np.isin found no line (an IndexError instead of the message)."""
    path = tmp_path / "fuzz-street.csv"
    path.write_bytes(",".join(STREET_HEADER).encode() + b"\n" + b"x,\x00\n")
    before = snapshot(demo_db)
    with pytest.raises(InputError) as caught:
        import_police_uk(demo_db, [path])
    assert str(caught.value) == ("fuzz-street.csv, line 2: the Month '' is not a month "
                                 "written YYYY-MM (such as 2023-01).")
    assert snapshot(demo_db) == before
