"""Where cspdesk keeps its data on this computer.

The default database lives in the user's local application-data folder:
``%LOCALAPPDATA%\\cspdesk`` on Windows, the XDG data folder (``~/.local/share/cspdesk``) on
Linux. Never under a OneDrive or Dropbox folder: sync clients copy SQLite files while they
are being written and can corrupt them or split them from their ``-wal`` file.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from cspdesk import APP_NAME

DEFAULT_DATABASE_NAME = "cspdesk.sqlite"
_SYNCED_MARKERS = ("onedrive", "dropbox", "google drive", "googledrive", "icloud", "box sync")


def is_synced_folder(path: Path) -> bool:
    """True when ``path`` lies inside a folder a cloud sync client looks after."""
    resolved = Path(os.path.abspath(path))
    synced_roots = [
        Path(os.path.abspath(v))
        for k, v in os.environ.items()
        if k.upper() in {"ONEDRIVE", "ONEDRIVECOMMERCIAL", "ONEDRIVECONSUMER"} and v
    ]
    if any(resolved == root or root in resolved.parents for root in synced_roots):
        return True
    return any(
        any(marker in part.lower() for marker in _SYNCED_MARKERS) for part in resolved.parts
    )


def data_folder() -> Path:
    """The local application-data folder for cspdesk, avoiding synced folders."""
    candidates = [Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))]
    if os.name != "nt":
        candidates.append(Path.home() / ".local" / "share" / APP_NAME)
    for folder in candidates:
        if not is_synced_folder(folder):
            return folder
    # Every candidate is synced (an unusual set-up): a folder of its own in the home folder.
    return Path.home() / f".{APP_NAME}"


def default_database_path() -> Path:
    return data_folder() / DEFAULT_DATABASE_NAME


def synced_folder_warning(path: Path) -> str | None:
    """A warning for a database kept where a sync client may corrupt it, or None."""
    if is_synced_folder(path):
        return (
            f"{path} is inside a cloud-synced folder (OneDrive, Dropbox...). Sync clients can "
            "corrupt a database while it is open; keep it in a local folder and use "
            "File > Save a copy as to share it."
        )
    return None


def machine_name() -> str:
    """This computer's name, as ``socket.gethostname()`` gives it: from ``os.uname()`` where
    the system has it (all but Windows), which spares every start loading the socket
    module (4 ms) for one name."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket  # Windows

    return socket.gethostname()
