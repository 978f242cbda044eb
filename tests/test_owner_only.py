"""The database, its backups and exports are created readable by their owner only."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from cspdesk.meetings.structure_edits import save_person
from cspdesk.privacy.subject_access import export_person
from cspdesk.store.backups import make_backup

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_database_wal_backup_and_export_are_owner_only(db, db_path, tmp_path):
    person = save_person(db, {"name": "Sarah Whitmore"})
    assert mode(db_path) == 0o600
    assert mode(db_path.with_name(db_path.name + "-wal")) == 0o600
    backup = make_backup(db, "manual")
    assert mode(backup) == 0o600
    assert mode(backup.parent) == 0o700  # the backups folder: not even its names listed
    assert mode(export_person(db, person, tmp_path / "sar.xlsx").path) == 0o600
