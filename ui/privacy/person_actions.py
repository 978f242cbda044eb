"""A person's rights served from the Partnership page: Export their data… (subject access)
and Erase… (after a confirmation that lists what will go)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget
from sqlite_utils import Database

from cspdesk.errors import CspdeskError
from cspdesk.privacy.erasure import erase_person, erased_words, plan_erasure
from cspdesk.privacy.subject_access import export_person
from ui.exports import XLSX, export_in_background


def export_their_data(parent: QWidget, db: Database, person_id: int, name: str) -> None:
    """Everything cspdesk holds about the person, in one workbook the officer names."""
    export_in_background(parent, db, parent.tr("Export their data"),
                         f"{name} - personal data.xlsx", XLSX,
                         lambda worker_db, path: export_person(worker_db, person_id, path,
                                                               overwrite=True))


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


def erase(parent: QWidget, db: Database, person_id: int) -> bool:
    """Confirm, erase and report (listing the older backups); True when erased."""
    title = parent.tr("Erase a person")
    try:
        words = confirmation_words(parent, db, person_id)
        answer = QMessageBox.question(
            parent, title, words,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        plan = erase_person(db, person_id)
    except CspdeskError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return False
    QMessageBox.information(parent, title, "\n".join(erased_words(plan)))
    return True
