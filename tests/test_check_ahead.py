"""The quick check started ahead (while the window's modules load) answers for the open that
follows only while the file is as it was: a file changed since is checked again, and a
damaged one is refused in the same sentence either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspdesk.errors import CorruptDatabaseError
from cspdesk.store import integrity
from cspdesk.store.database import open_database

PAGE = 4096


def zero_page(path: Path, page: int) -> None:
    with path.open("r+b") as fh:
        fh.seek((page - 1) * PAGE)
        fh.write(b"\0" * PAGE)


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """The quick checks run on the opening connection (not the one ahead)."""
    done: list[str] = []
    real = integrity.problems

    def counted(db, how=integrity.QUICK):
        if how == integrity.QUICK:
            done.append(how)
        return real(db, how)

    monkeypatch.setattr(integrity, "problems", counted)
    return done


def finish_ahead(path: Path) -> None:
    _state, thread, _answer = integrity._AHEAD[path.resolve()]
    thread.join()


def test_an_unchanged_file_is_not_checked_twice(demo_path, checks):
    integrity.check_ahead(demo_path)
    finish_ahead(demo_path)
    checks.clear()  # the one ahead
    open_database(demo_path).close()
    assert checks == []
    open_database(demo_path).close()  # the answer served once: the next open checks again
    assert checks == ["quick"]


def test_a_file_changed_after_the_check_ahead_is_checked_again(demo_path, checks):
    integrity.check_ahead(demo_path)
    finish_ahead(demo_path)
    zero_page(demo_path, 10)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(demo_path)
    assert "Page 10: btreeInitPage() returns error code 11" in str(caught.value)


def test_a_damaged_file_found_ahead_is_refused_in_the_same_sentence(demo_path):
    zero_page(demo_path, 10)
    with pytest.raises(CorruptDatabaseError) as unchecked_ahead:
        open_database(demo_path, read_only=True)
    integrity.check_ahead(demo_path)
    with pytest.raises(CorruptDatabaseError) as found_ahead:
        open_database(demo_path, read_only=True)
    assert str(found_ahead.value) == str(unchecked_ahead.value)
    assert str(found_ahead.value).endswith("restore it from a backup.")
