"""Shared test set-up: offscreen Qt, a fresh database for every test, the demo built once."""

from __future__ import annotations

import errno
import io
import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

from cspdesk.demo import build_demo_database  # noqa: E402
from cspdesk.store.database import create_database, open_database  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_threads: background work runs on Qt's thread "
                                       "pool, with its progress dialog, as in the program")


@pytest.fixture(autouse=True)
def synchronous_background(request: pytest.FixtureRequest,
                           monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Background work (imports, exports, copies) runs at once in tests, like Picard's fake
    thread pool: a test sees its result without waiting on threads. A test marked
    ``real_threads`` runs it on real threads instead, and ends only when they have."""
    from ui import background

    if request.node.get_closest_marker("real_threads") is None:
        monkeypatch.setattr(background, "SYNCHRONOUS", True)
        yield
        return
    monkeypatch.setattr(background, "SYNCHRONOUS", False)
    yield
    from PySide6.QtCore import QThreadPool

    assert QThreadPool.globalInstance().waitForDone(10_000), "background work still running"


@pytest.fixture(autouse=True, scope="session")
def one_qt_application(qapp: object) -> None:
    """pytest-qt's QApplication is made first, so a chart drawn for a command line report
    (which starts a bare QGuiApplication when none runs) never leaves the wrong kind of
    application for the window's tests that follow it in the same process. Python's cycle
    collector runs on its thread only, as in the program (ui/collector.py)."""
    from ui.collector import collect_on_gui_thread

    collect_on_gui_thread(qapp)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def collect_between_tests(qapp: object) -> Iterator[None]:
    """A test that never runs the event loop leaves its cycles to the next check; each test
    ends with the check the program's timer makes."""
    yield
    from ui.collector import collect_on_gui_thread

    collect_on_gui_thread(qapp).check()  # type: ignore[arg-type]


@pytest.fixture(autouse=True, scope="session")
def private_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """cspdesk's data folder (logs, notes of files being written) is a temporary one, never
    the data folder of whoever runs the tests."""
    folder = tmp_path_factory.mktemp("data-home")
    before = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("XDG_DATA_HOME", None)
    else:
        os.environ["XDG_DATA_HOME"] = before


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every workbook is written to a full disk: each write to the file zipfile opens fails
    with "No space left on device", also when the file is closed (a real full disk needs a
    mount that tests cannot make)."""

    class FullRaw(io.FileIO):
        def write(self, data: object) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    class ZipfileIo:  # the io module as zipfile sees it, files to write on the full disk
        def __getattr__(self, name: str) -> object:
            return getattr(io, name)

        @staticmethod
        def open(file: str, mode: str = "r", *args: object, **kwargs: object) -> object:
            if mode in ("w+b", "x+b"):
                return io.BufferedRandom(FullRaw(file, mode.replace("b", "")))
            return io.open(file, mode, *args, **kwargs)  # noqa: UP020 - io is patched

    monkeypatch.setattr(zipfile, "io", ZipfileIo())


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A new, empty cspdesk database file (schema applied)."""
    path = tmp_path / "test.sqlite"
    create_database(path).close()
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator:
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo_database(path).close()
    return path


@pytest.fixture
def demo_path(demo_master: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database, so a test may change it freely."""
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_master, path)
    return path


@pytest.fixture
def demo_db(demo_path: Path) -> Iterator:
    database = open_database(demo_path)
    yield database
    database.close()


POLICE_UK_SAMPLE = Path(__file__).parent / "data" / "policeuk" / "2023-01.zip"


@pytest.fixture(scope="session")
def police_uk_month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real Nottinghamshire street file for January 2023 (tests/data/policeuk, Open
    Government Licence), unpacked once per session; copy it before changing it."""
    folder = tmp_path_factory.mktemp("policeuk")
    with zipfile.ZipFile(POLICE_UK_SAMPLE) as archive:
        archive.extractall(folder)
    return folder / "2023-01" / "2023-01-nottinghamshire-street.csv"


@pytest.fixture
def demo_window(qtbot: Any, demo_path: Path, tmp_path: Path) -> Any:
    """The main window on a copy of the demo database, with settings of its own, shown."""
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def laptop_window(qtbot: Any, demo_path: Path, tmp_path: Path) -> Any:
    """The main window on a copy of the demo database at the council laptop's 1366x768,
    settings of its own, no daily backup, shown."""
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(demo_path, settings=settings, backups=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window
