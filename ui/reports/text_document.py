"""The printed page: a document model as a QTextDocument, and Print, Print Preview and
Print to PDF with Qt's print support (no other program needed).

The page is the core's HTML (``cspdesk.reports.html_writer``) in Qt's rich text, its images
added as resources; A4, portrait or landscape as the paper asks, Qt's 2 cm margin and the
page number at the foot of each page; a table's header row repeats on every page.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from cspdesk.files import write_file_safely
from cspdesk.reports.document import Document
from cspdesk.reports.html_writer import to_html


def image_url(index: int) -> str:
    return f"cspdesk-image-{index}.png"


def to_text_document(document: Document) -> QTextDocument:
    """The paper as Qt rich text, ready to show in a QTextBrowser or print."""
    text = QTextDocument()
    for index, block in enumerate(document.blocks):
        png = getattr(block, "png", None)
        if png is not None:
            text.addResource(QTextDocument.ResourceType.ImageResource,
                             QUrl(image_url(index)), QImage.fromData(png))
    text.setHtml(to_html(document, lambda index, _image: image_url(index)))
    text.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, document.title)
    return text


def new_printer(document: Document, pdf: Path | None = None) -> QPrinter:
    """A printer set up for the paper: A4, its orientation, its title as the job's name;
    writing a PDF file when ``pdf`` is given."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if document.landscape
                               else QPageLayout.Orientation.Portrait)
    printer.setDocName(document.title)
    if pdf is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
    return printer


def print_pages(document: Document, printer: QPrinter) -> None:
    to_text_document(document).print_(printer)


def print_to_pdf(document: Document, path: Path | str, overwrite: bool = False) -> Path:
    """Write the printed pages to a PDF file (beside it first, then moved into place)."""
    return write_file_safely(path, lambda tmp: print_pages(document, new_printer(document, tmp)),
                             overwrite, what="PDF")


def preview(parent: QWidget, document: Document) -> QPrintPreviewDialog:
    """Print Preview: the pages as they will print, with the printer's own Print button."""
    printer = new_printer(document)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer_kept = printer  # the dialog does not own its printer: keep it alive
    dialog.setWindowTitle(parent.tr("Print Preview: {title}").format(title=document.title))
    dialog.paintRequested.connect(lambda printer: print_pages(document, printer))
    dialog.resize(900, 1000)
    return dialog


def print_with_dialog(parent: QWidget, document: Document) -> bool:
    """Print: the system's print dialog (a PDF printer among the choices), then the pages.
    True when printed."""
    printer = new_printer(document)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("Print {title}").format(title=document.title))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_pages(document, printer)
    return True
