"""The HTML writer: a document model as one HTML page, in the subset of HTML and CSS that
Qt's rich text reads, so the printed page (``ui/reports/text_document.py``) and any browser
show the same paper.

Paragraph numbers hang in the margin; tables have a shaded header row (a ``thead``, which
Qt repeats at the top of every printed page); images are referred to by the name
``image_name`` gives (a ``data:`` URI unless told otherwise), with their words as ``alt``.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable

from cspdesk.reports.document import (
    Cell,
    Document,
    Heading,
    Image,
    ItemList,
    PageBreak,
    Paragraph,
    Run,
    Table,
)

HEADER_FILL = "#d9e1f2"
FONT = "Arial, Helvetica, sans-serif"
PARAGRAPH_SIZES = {"body": "10pt", "title": "17pt", "subtitle": "12pt", "small": "8pt"}
HEADING_SIZES = {1: "13pt", 2: "11pt"}
HANG = 34  # px of the margin a list is set in
NUMBER_SHARE = 6  # % of the width a paragraph number hangs in
LIST_TYPES = {"bullet": ("ul", "disc"), "number": ("ol", "decimal"),
              "roman": ("ol", "lower-roman")}

ImageName = Callable[[int, Image], str]


def data_uri(_index: int, image: Image) -> str:
    return "data:image/png;base64," + base64.b64encode(image.png).decode("ascii")


def to_html(document: Document, image_name: ImageName = data_uri) -> str:
    """The whole page: a title element and the blocks in a body of the paper's font."""
    parts = [_block(block, index, image_name) for index, block in enumerate(document.blocks)]
    return (f"<html><head><meta charset=\"utf-8\"><title>{_e(document.title)}</title></head>"
            f"<body style=\"font-family: {FONT}; font-size: 10pt;\">{''.join(parts)}"
            "</body></html>")


def _e(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def _runs(runs: tuple[Run, ...]) -> str:
    out = []
    for run in runs:
        text = _e(run.text)
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        out.append(text)
    return "".join(out)


def _block(block: object, index: int, image_name: ImageName) -> str:
    if isinstance(block, Heading):
        size = HEADING_SIZES.get(block.level, "10pt")
        space = 14 if block.level == 1 else 8
        return (f"<p style=\"font-size: {size}; font-weight: bold; margin-top: {space}px; "
                f"margin-bottom: 4px;\">{_e(block.label)}</p>")
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, ItemList):
        tag, kind = LIST_TYPES[block.style]
        items = "".join(f"<li>{_e(item)}</li>" for item in block.items)
        return f"<{tag} style=\"list-style-type: {kind}; margin-left: {HANG}px;\">" \
               f"{items}</{tag}>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Image):
        return (f"<p align=\"center\"><img src=\"{image_name(index, block)}\" "
                f"width=\"{block.width_mm * 3.4:.0f}\" alt=\"{_e(block.description)}\"></p>"
                f"<p align=\"center\" style=\"font-size: 8pt;\"><i>{_e(block.description)}"
                "</i></p>")
    if isinstance(block, PageBreak):
        return "<p style=\"page-break-after: always;\"></p>"
    return ""


def _paragraph(block: Paragraph) -> str:
    size = PARAGRAPH_SIZES[block.style]
    weight = " font-weight: bold;" if block.style == "title" else ""
    if block.number:  # the number hangs in a column of its own, as Qt prints no hanging indent
        return (f"<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\" "
                f"style=\"font-size: {size};{weight} margin-bottom: 6px;\"><tr>"
                f"<td width=\"{NUMBER_SHARE}%\">{_e(block.number)}</td>"
                f"<td>{_runs(block.runs)}</td></tr></table>")
    return f"<p style=\"font-size: {size};{weight} margin-bottom: 6px;\">{_runs(block.runs)}</p>"


def _cell(cell: Cell, tag: str, width: float | None, padding: str) -> str:
    attributes = f" align=\"{cell.align}\"" if cell.align != "left" or tag == "th" else ""
    if width is not None:
        attributes += f" width=\"{width * 100:.0f}%\""
    if cell.fill:
        attributes += f" bgcolor=\"{cell.fill}\""
    text = _e(cell.text) or "&nbsp;"
    if cell.bold and tag == "td":
        text = f"<b>{text}</b>"
    return f"<{tag}{attributes} style=\"padding: {padding};\">{text}</{tag}>"


def _table(block: Table) -> str:
    size = "8pt" if block.small else "9pt"
    padding = "11px 4px" if block.row_height_mm else "3px 4px"
    shares = block.column_shares()
    head = ""
    if block.header:
        head = "<thead><tr>" + "".join(
            _cell(Cell(text, bold=True, fill=HEADER_FILL), "th", share, "3px 4px")
            for text, share in zip(block.header, shares, strict=True)) + "</tr></thead>"
    first = not block.header
    body = []
    for row in block.rows:
        widths = shares if first else [None] * len(row)
        body.append("<tr>" + "".join(_cell(c, "td", w, padding)
                                     for c, w in zip(row, widths, strict=True)) + "</tr>")
        first = False
    return (f"<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\" "
            f"style=\"border-collapse: collapse; border-color: #808080; font-size: {size}; "
            f"margin-bottom: 10px;\">{head}<tbody>{''.join(body)}</tbody></table>")
