"""Errors a user can read: each carries one clear sentence saying what went wrong and where."""

from __future__ import annotations

from collections.abc import Callable


class CspdeskError(Exception):
    """Base of every error cspdesk reports to the user instead of a traceback."""


class DatabaseError(CspdeskError):
    """The database file cannot be used as it is."""


class DatabaseMissingError(DatabaseError):
    pass


class DatabaseExistsError(DatabaseError):
    pass


class NotACspdeskDatabaseError(DatabaseError):
    pass


class NewerDatabaseError(DatabaseError):
    pass


class DatabaseLockedError(DatabaseError):
    pass


class DatabaseInUseError(DatabaseLockedError):
    """Another cspdesk writes the database; ``holder`` says who, where and since when
    (a ``cspdesk.store.lock.Holder``)."""

    def __init__(self, message: str, holder: object = None) -> None:
        super().__init__(message)
        self.holder = holder


class CorruptDatabaseError(DatabaseError):
    """A cspdesk database whose pages SQLite cannot read: restore it from a backup."""


class MigrationError(DatabaseError):
    pass


class InputError(CspdeskError):
    """Bad input from the user: a value, a file, an option.

    ``field`` names the field at fault (a column of the record, such as ``"end_time"``) so a
    form can show the message beside it; None when the problem is not one field's.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Cancelled(CspdeskError):
    """The user stopped a long task (an import, an export, a copy) before it finished.

    Every long task stops with this one error, and leaves nothing half written: its
    transaction is rolled back, or its part-written file removed. The window takes it as the
    Cancel it answers (``ui.background``); anywhere else it is one more sentence to show.
    """

    def __init__(self, message: str = "The task was cancelled; nothing of it was written.") \
            -> None:
        super().__init__(message)


def stop_if_cancelled(cancelled: Callable[[], bool] | None) -> None:
    """Raise Cancelled when ``cancelled()`` says so (``None``: the task cannot be cancelled)."""
    if cancelled is not None and cancelled():
        raise Cancelled()
