"""After a police.uk import: the districts the force's LSOA names name but the area tree
lacks (a council formed since 2019, most likely), offered for adding to the tree."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from cspdesk.errors import CspdeskError
from cspdesk.setup.partnership import add_districts, districts_to_offer
from cspdesk.store.connection import Database


def offer_new_districts(parent: QWidget, db: Database, names: list[str]) -> list[str]:
    """Ask whether to add those of ``names`` that may be the force's to the area tree (not
    another force's districts, whose records lie over the border); returns those added."""
    names = districts_to_offer(db, names)
    if not names:
        return []
    answer = QMessageBox.question(
        parent, parent.tr("Districts not in the area tree"),
        parent.tr("The files hold the force's records in LSOAs of {names}, which no district "
                  "of the area tree is named as. Add them to the area tree? Import the files "
                  "again afterwards to count their records.").format(names=", ".join(names)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return []
    try:
        return add_districts(db, names)
    except CspdeskError as exc:
        QMessageBox.warning(parent, parent.tr("Districts not added"), str(exc))
        return []
