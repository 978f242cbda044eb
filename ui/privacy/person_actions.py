"""A person's rights served from the Partnership page: Export their data… (subject access)
and Erase… (after a confirmation that lists what will go)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from cspdesk.errors import CspdeskError
from cspdesk.privacy.erasure import (
    ErasurePlan,
    clean_free_pages,
    erase_records,
    erased_words,
    plan_erasure,
)
from cspdesk.privacy.subject_access import export_person
from cspdesk.store.connection import Database
from cspdesk.store.database import database_path
from ui.background import on_own_connection, run_in_background
from ui.exports import XLSX, export_in_background


def export_their_data(parent: QWidget, db: Database, person_id: int, name: str) -> None:
    """Everything cspdesk holds about the person, in one workbook the officer names."""
    export_in_background(parent, db, parent.tr("Export their data"),
                         f"{name} - personal data.xlsx", XLSX,
                         lambda worker_db, path, progress, cancelled: export_person(
                             worker_db, person_id, path, True, progress, cancelled),
                         with_progress=True)


def confirmation_words(parent: QWidget, db: Database, person_id: int) -> str:
    plan = plan_erasure(db, person_id)
    lines = [parent.tr("Erase {name} from this database? This will remove:").format(
        name=plan.name)]
    lines += [f"• {line}" for line in plan.lines()]
    lines.append(parent.tr("Their attendance figures by organisation stay as they are. "
                           "This cannot be undone."))
    if plan.backups:
        lines.append(parent.tr("{n} older backups will still hold them.").format(
            n=len(plan.backups)))
    return "\n".join(lines)


def _confirmed(parent: QWidget, db: Database, person_id: int, title: str) -> bool:
    """True once the officer has answered Yes to the list of what will go; a refusal of the
    core (no such person, say) is shown instead of the question."""
    try:
        words = confirmation_words(parent, db, person_id)
    except CspdeskError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return False
    answer = QMessageBox.question(
        parent, title, words,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


def erase(parent: QWidget, db: Database, person_id: int,
          on_erased: Callable[[], None] | None = None) -> None:
    """Confirm, then erase off the GUI thread (a progress dialog with Cancel: Cancel before
    the commit leaves the database as it was) and report, listing the older backups;
    ``on_erased`` runs once the person is erased."""
    title = parent.tr("Erase a person")
    source = database_path(db)
    if not _confirmed(parent, db, person_id, title) or source is None:
        return
    committed: list[ErasurePlan] = []  # once the erasure is committed: too late to cancel

    def job(worker_db: Database, progress: Callable[[int, int], None],
            cancelled: Callable[[], bool]) -> ErasurePlan:
        committed.append(erase_records(worker_db, person_id, progress, cancelled))
        clean_free_pages(worker_db)
        return committed[0]

    def erased(plan: ErasurePlan) -> None:
        QMessageBox.information(parent, title, "\n".join(erased_words(plan)))
        if on_erased is not None:
            on_erased()

    def failed(message: str) -> None:
        QMessageBox.warning(parent, title, message if committed else
                            message + "\n\n" + parent.tr("Nothing was erased."))
        if committed and on_erased is not None:
            on_erased()

    def stopped() -> None:
        if committed:  # Cancel came after the commit: the erasure stands
            erased(committed[0])
            return
        QMessageBox.information(parent, title, parent.tr(
            "The erasure was cancelled; nothing was erased."))

    run_in_background(parent, parent.tr("Erasing…"), on_own_connection(source, job),
                      erased, failed, stopped)
