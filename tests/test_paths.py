"""Where the data lives: the local application-data folder, never a synced one."""

from pathlib import Path

import pytest

from cspdesk import paths


def test_default_database_is_in_the_xdg_data_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(paths.os, "name", "posix")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert paths.default_database_path() == tmp_path / "data" / "cspdesk" / "cspdesk.sqlite"


def test_a_synced_data_folder_is_avoided(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "Dropbox" / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    folder = paths.data_folder()
    assert "Dropbox" not in folder.parts
    assert not paths.is_synced_folder(folder)


@pytest.mark.parametrize("path, synced", [
    ("C:/Users/sam/OneDrive - Newark and Sherwood DC/CSP/cspdesk.sqlite", True),
    ("/home/sam/Dropbox/cspdesk.sqlite", True),
    ("/home/sam/.local/share/cspdesk/cspdesk.sqlite", False),
    ("/home/sam/Documents/cspdesk.sqlite", False),
])
def test_synced_folders_are_recognised(path, synced):
    assert paths.is_synced_folder(Path(path)) is synced


def test_the_sync_client_variable_marks_its_folder_as_synced(monkeypatch, tmp_path):
    monkeypatch.setenv("OneDrive", str(tmp_path / "Work files"))
    assert paths.is_synced_folder(tmp_path / "Work files" / "csp" / "cspdesk.sqlite")
    warning = paths.synced_folder_warning(tmp_path / "Work files" / "cspdesk.sqlite")
    assert warning and "Save a copy as" in warning
    assert paths.synced_folder_warning(tmp_path / "local.sqlite") is None
