"""data.police.uk's archive of every force (issue 15 item 2): one zip of month folders, each
with every force's -street, -outcomes and -stop-and-search files. Only the area tree's
force's street files are read; the other members are never opened."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_police_uk import DERBYS, NOTTS, counts, record, snapshot

from cspdesk.cli.main import main
from cspdesk.errors import InputError
from cspdesk.performance.police_uk.forces import force_id, force_of_file
from cspdesk.performance.police_uk.importer import STREET_HEADER, import_police_uk

LEICS = "Leicestershire Police"
MONTHS = ("2023-01", "2023-02")


def street_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STREET_HEADER)
    writer.writerows(rows)
    return out.getvalue()


def national_archive(path: Path, forces: dict[str, str]) -> Path:
    """An archive as data.police.uk hands it out: for each month, each force's three files.
    ``forces`` maps the id in file names to the force in "Falls within"; Nottinghamshire
    has 3 records in Bassetlaw in January and 5 in February, every other force 7 (in
    Bassetlaw too, to show they are not counted)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for month in MONTHS:
            for slug, force in forces.items():
                n = (3 if month == "2023-01" else 5) if force == NOTTS else 7
                rows = [record("Bassetlaw 001A", month=month, force=force)] * n
                archive.writestr(f"{month}/{month}-{slug}-street.csv", street_text(rows))
                archive.writestr(f"{month}/{month}-{slug}-outcomes.csv",
                                 "Crime ID,Month,Reported by,Falls within,Outcome type\n")
                archive.writestr(f"{month}/{month}-{slug}-stop-and-search.csv",
                                 "Type,Date,Object of search\n")
    return path


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The name of every zip member opened to read (reading or extracting one opens it)."""
    names: list[str] = []
    real = zipfile.ZipFile.open

    def recording(self, name, mode="r", *args, **kwargs):
        if mode == "r":
            names.append(name if isinstance(name, str) else name.filename)
        return real(self, name, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording)
    return names


def test_only_the_trees_forces_rows_are_imported(demo_db, tmp_path, opened):
    path = national_archive(tmp_path / "latest.zip",
                            {"derbyshire": DERBYS, "nottinghamshire": NOTTS})
    report = import_police_uk(demo_db, [path])
    assert report.files == ["2023-01/2023-01-nottinghamshire-street.csv in latest.zip",
                            "2023-02/2023-02-nottinghamshire-street.csv in latest.zip"]
    assert counts(demo_db, "2023-01")["Bassetlaw"] == 3
    assert counts(demo_db, "2023-02")["Bassetlaw"] == 5
    assert counts(demo_db, "2023-02")[NOTTS] == 5
    assert [m.other_force_rows for m in report.months] == [0, 0]
    assert set(opened) == {"2023-01/2023-01-nottinghamshire-street.csv",
                           "2023-02/2023-02-nottinghamshire-street.csv"}


def test_the_same_files_given_alone_give_the_same_figures(demo_db, tmp_path):
    path = national_archive(tmp_path / "latest.zip",
                            {"derbyshire": DERBYS, "nottinghamshire": NOTTS})
    import_police_uk(demo_db, [path])
    from_archive = counts(demo_db, "2023-01"), counts(demo_db, "2023-02")
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "out", [f"{m}/{m}-nottinghamshire-street.csv"
                                              for m in MONTHS])
    import_police_uk(demo_db, [tmp_path / "out"])
    assert (counts(demo_db, "2023-01"), counts(demo_db, "2023-02")) == from_archive


def test_a_force_missing_from_the_archive_is_named_with_the_forces_it_holds(
        demo_db, tmp_path, opened):
    path = national_archive(tmp_path / "latest.zip",
                            {"derbyshire": DERBYS, "leicestershire": LEICS})
    before = snapshot(demo_db)
    with pytest.raises(InputError) as caught:
        import_police_uk(demo_db, [path])
    assert str(caught.value) == (
        "latest.zip holds no police.uk street-level files for Nottinghamshire Police, the "
        "area tree's force: it holds those of 2 other forces (Derbyshire Constabulary, "
        "Leicestershire Police).")
    assert snapshot(demo_db) == before
    assert opened == []


def test_an_unpacked_archive_is_read_for_the_force_only(demo_db, tmp_path):
    path = national_archive(tmp_path / "latest.zip",
                            {"derbyshire": DERBYS, "nottinghamshire": NOTTS})
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "latest")
    report = import_police_uk(demo_db, [tmp_path / "latest"])
    assert len(report.files) == 2 and all("nottinghamshire" in f for f in report.files)
    assert counts(demo_db, "2023-01")["Bassetlaw"] == 3


def test_force_ids_as_police_uk_names_its_files():
    assert force_id("Nottinghamshire Police") == "nottinghamshire"
    assert force_id("devon & cornwall police") == "devon-and-cornwall"
    assert force_id("Metropolitan Police Service") == "metropolitan"
    assert force_id("British Transport Police") == "btp"
    assert force_id("Gotham Constabulary") == "gotham"  # a name police.uk does not use
    assert force_of_file("2023-01/2023-01-avon-and-somerset-street.csv") == "avon-and-somerset"
    assert force_of_file("2023-01-avon-and-somerset-outcomes.csv") is None
    assert force_of_file("january-street.csv") is None


def test_the_cli_reads_the_archive_for_the_force_only(demo_path, tmp_path):
    path = national_archive(tmp_path / "latest.zip",
                            {"derbyshire": DERBYS, "nottinghamshire": NOTTS})
    result = CliRunner().invoke(main, ["import", "police-uk", "--db", str(demo_path),
                                       str(path)], obj={})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "Read 2 police.uk files; imported 2 months (2023-01 to 2023-02).")


def test_the_cli_names_the_forces_when_the_force_is_missing(demo_path, tmp_path):
    path = national_archive(tmp_path / "latest.zip",
                            {"derbyshire": DERBYS, "leicestershire": LEICS})
    result = CliRunner().invoke(main, ["import", "police-uk", "--db", str(demo_path),
                                       str(path)], obj={})
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "cspdesk: latest.zip holds no police.uk street-level files for Nottinghamshire "
        "Police, the area tree's force: it holds those of 2 other forces (Derbyshire "
        "Constabulary, Leicestershire Police).")
