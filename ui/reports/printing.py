"""File > Print, Print Preview and Print to PDF: what the tab on screen offers to print.

Each tab says what a person would print from it (``Tab.print_choices``): a label and a
function that builds the paper. With more than one the officer chooses; the paper is then
previewed, printed or written to PDF by ``ui.reports.text_document``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from cspdesk.errors import CspdeskError
from cspdesk.reports.document import Document
from ui.reports.text_document import preview, print_to_pdf, print_with_dialog

PrintChoice = tuple[str, Callable[[], Document]]
HOW = ("print", "preview", "pdf")
PDF = "PDF files (*.pdf)"


def choose(parent: QWidget, choices: Sequence[PrintChoice], title: str) -> Document | None:
    """The paper to print: the only choice, or the one the officer picks; None when there is
    nothing to print here (said so), the choice is cancelled or the paper cannot be made."""
    if not choices:
        QMessageBox.information(parent, title, parent.tr(
            "There is nothing on this page to print. Print from a meeting's register, the "
            "comparison, the priority register or a programme's actions."))
        return None
    labels = [label for label, _ in choices]
    label = labels[0]
    if len(choices) > 1:
        label, ok = QInputDialog.getItem(parent, title, parent.tr("What to print:"), labels, 0,
                                         False)
        if not ok or label not in labels:
            return None
    try:
        return choices[labels.index(label)][1]()
    except CspdeskError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return None


def print_from(parent: QWidget, choices: Sequence[PrintChoice], how: str) -> None:
    """Print (``how`` 'print'), preview ('preview') or write a PDF ('pdf') of a choice."""
    title = {"print": parent.tr("Print"), "preview": parent.tr("Print Preview"),
             "pdf": parent.tr("Print to PDF")}[how]
    document = choose(parent, choices, title)
    if document is None:
        return
    if how == "preview":
        preview(parent, document).exec()
    elif how == "print":
        print_with_dialog(parent, document)
    else:
        save_pdf(parent, document)


def save_pdf(parent: QWidget, document: Document) -> Path | None:
    """Ask where, then write the printed pages as a PDF file; say where it went."""
    suggested = document.title.replace("/", "-").replace(":", "") + ".pdf"
    name, _ = QFileDialog.getSaveFileName(parent, parent.tr("Print to PDF"),
                                          str(Path.home() / suggested), PDF)
    if not name:
        return None
    try:
        written = print_to_pdf(document, Path(name), overwrite=True)
    except CspdeskError as exc:
        QMessageBox.warning(parent, parent.tr("Print to PDF"), str(exc))
        return None
    QMessageBox.information(parent, parent.tr("Print to PDF"),
                            parent.tr("Wrote {path}.").format(path=written))
    return written
