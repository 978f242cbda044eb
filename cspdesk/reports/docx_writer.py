"""The Word writer: a document model as a .docx file the officer edits and sends.

Written with python-docx (the well-kept way to write .docx): A4, 2.5 cm margins (portrait or
landscape), Arial 11 pt, black headings, numbered paragraphs with the number hanging in the
margin, tables in the "Table Grid" style with a shaded header row repeated on every page,
images with their words as alternative text and caption, and "Page N of M" in the footer.
The file is written beside its target and moved into place, so a failed write leaves no
half a document; characters Word cannot hold are left out, with a warning.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from cspdesk.reports.document import (
    Cell,
    Document,
    Heading,
    Image,
    ItemList,
    PageBreak,
    Paragraph,
    Table,
)
from cspdesk.xlsx.writer import ExportResult, write_file_safely

FONT = "Arial"
BODY_PT, SMALL_PT, TABLE_SMALL_PT = 11, 9, 9
HEADING_PT = {1: 13, 2: 11}
MARGIN_MM = 25
HANGING_MM = 12  # room for a paragraph number such as "2.10"
BULLET_MM = 6
HEADER_FILL = "D9E1F2"
ALIGNMENTS = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
              "center": WD_ALIGN_PARAGRAPH.CENTER}
# XML 1.0 cannot hold C0 controls other than tab, newline and CR, nor lone surrogates.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class _Writer:
    def __init__(self, document: Document) -> None:
        self.source = document
        self.doc: DocxDocument = new_docx()
        self.removed = 0

    def text(self, value: str) -> str:
        cleaned, removed = _ILLEGAL.subn("", value)
        self.removed += removed
        return cleaned

    def build(self) -> DocxDocument:
        _set_up_page(self.doc, self.source.landscape)
        _set_up_styles(self.doc)
        _page_numbers(self.doc)
        properties = self.doc.core_properties
        properties.title = self.text(self.source.title)
        properties.author = properties.last_modified_by = "cspdesk"
        blocks = self.source.blocks
        for index, block in enumerate(blocks):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            self.block(block)
            if isinstance(following, (Table, ItemList, Image)) and self.doc.paragraphs:
                # a paragraph introducing a table, list or chart stays on its page
                self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        return self.doc

    def block(self, block: object) -> None:
        if isinstance(block, Heading):
            heading = self.doc.add_heading(self.text(block.label), level=min(block.level, 3))
            heading.paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            self.paragraph(block)
        elif isinstance(block, ItemList):
            self.item_list(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Image):
            self.image(block)
        elif isinstance(block, PageBreak):
            self.doc.add_page_break()

    def paragraph(self, block: Paragraph) -> None:
        style = {"title": "Title", "subtitle": "Subtitle"}.get(block.style)
        para = self.doc.add_paragraph(style=style)
        if block.number:
            _hang(para, HANGING_MM)
            para.add_run(self.text(block.number) + "\t")
        for run in block.runs:
            made = para.add_run(self.text(run.text))
            made.bold, made.italic = run.bold or None, run.italic or None
            if block.style == "small":
                made.font.size = Pt(SMALL_PT)

    def item_list(self, block: ItemList) -> None:
        for index, item in enumerate(block.items):
            if block.style == "bullet":
                para = self.doc.add_paragraph(self.text(item), style="List Bullet")
                para.paragraph_format.left_indent = Mm(HANGING_MM + BULLET_MM)
                para.paragraph_format.first_line_indent = Mm(-BULLET_MM)
            else:  # numbers written out, so each list starts again at 1 (or i)
                para = self.doc.add_paragraph()
                _hang(para, HANGING_MM, left_mm=HANGING_MM * 2)
                para.add_run(f"{block.marker(index)}\t{self.text(item)}")
            para.paragraph_format.space_after = Pt(2)

    def table(self, block: Table) -> None:
        header = 1 if block.header else 0
        made = self.doc.add_table(rows=header + len(block.rows), cols=block.columns)
        made.style = "Table Grid"
        made.autofit = False
        width = _text_width_mm(self.source.landscape)
        size = TABLE_SMALL_PT if block.small else BODY_PT - 1
        for row in made.rows:
            _keep_row_whole(row)
        if header:
            _repeat_header(made.rows[0])
            for cell, text in zip(made.rows[0].cells, block.header, strict=True):
                self.cell(cell, Cell(text, bold=True, fill="#" + HEADER_FILL), size)
                for para in cell.paragraphs:  # never a header alone at a page's foot
                    para.paragraph_format.keep_with_next = True
        for row, values in zip(made.rows[header:], block.rows, strict=True):
            if block.row_height_mm:
                row.height = Mm(block.row_height_mm)
                row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            for cell, value in zip(row.cells, values, strict=True):
                self.cell(cell, value, size)
        for index, share in enumerate(block.column_shares()):
            made.columns[index].width = Mm(width * share)  # the grid LibreOffice reads
            for cell in made.columns[index].cells:
                cell.width = Mm(width * share)  # the cell widths Word reads
        self.doc.add_paragraph()  # a table is followed by a gap, as in the report

    def cell(self, cell: _Cell, value: Cell, size: float) -> None:
        lines = self.text(value.text).split("\n")
        first = cell.paragraphs[0]
        for number, line in enumerate(lines):
            para = first if number == 0 else cell.add_paragraph()
            para.alignment = ALIGNMENTS.get(value.align, WD_ALIGN_PARAGRAPH.LEFT)
            para.paragraph_format.space_after = Pt(0)
            run = para.add_run(line)
            run.bold = value.bold or None
            run.font.size = Pt(size)
        if value.fill:
            _shade(cell, value.fill.lstrip("#"))

    def image(self, block: Image) -> None:
        width = min(block.width_mm, _text_width_mm(self.source.landscape))
        shape = self.doc.add_picture(io.BytesIO(block.png), width=Mm(width))
        shape._inline.docPr.set("descr", self.text(block.description))  # alternative text
        caption = self.doc.add_paragraph(self.text(block.description), style="Caption")
        caption.paragraph_format.space_after = Pt(10)


def write_docx(document: Document, path: Path | str, overwrite: bool = False) -> ExportResult:
    """Write ``document`` as a Word file at ``path``; refuses an existing file unless
    ``overwrite``. Returns the path with any warnings and the number of blocks written."""
    writer = _Writer(document)
    built = writer.build()
    warnings = []
    if writer.removed:
        warnings.append(f"{writer.removed} characters Word cannot hold (control characters) "
                        "were left out of the document.")
    target = write_file_safely(path, lambda tmp: built.save(str(tmp)), overwrite,
                               what="document")
    return ExportResult(target, warnings, count=len(document.blocks))


# Page, styles and the XML python-docx has no words for ----------------------------------


def _text_width_mm(landscape: bool) -> float:
    return (297 if landscape else 210) - 2 * MARGIN_MM


def _set_up_page(doc: DocxDocument, landscape: bool) -> None:
    section = doc.sections[0]
    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))


def _set_up_styles(doc: DocxDocument) -> None:
    for name in ("Normal", "Title", "Subtitle", "Caption", "Heading 1", "Heading 2",
                 "Heading 3", "List Bullet"):
        font = doc.styles[name].font
        font.name = FONT
        doc.styles[name].element.get_or_add_rPr().get_or_add_rFonts().set(
            qn("w:eastAsia"), FONT)
        font.color.rgb = RGBColor(0, 0, 0)
    doc.styles["Normal"].font.size = Pt(BODY_PT)
    doc.styles["Normal"].paragraph_format.space_after = Pt(6)
    doc.styles["Caption"].font.size = Pt(SMALL_PT)
    title, subtitle = doc.styles["Title"], doc.styles["Subtitle"]
    title.font.size, title.font.bold = Pt(18), True
    subtitle.font.size, subtitle.font.italic = Pt(12), False
    for style in (title, subtitle):  # plain, without the template's rule and letter spacing
        style.font.color.rgb = RGBColor(0, 0, 0)
        for tag in ("w:pBdr", "w:spacing"):
            for found in style.element.findall(f".//{qn(tag)}"):
                found.getparent().remove(found)
        style.paragraph_format.space_after = Pt(6)
    for level, size in HEADING_PT.items():
        style = doc.styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.bold = True
        style.paragraph_format.space_before = Pt(12 if level == 1 else 8)


def _hang(para: DocxParagraph, hanging_mm: float, left_mm: float | None = None) -> None:
    """A hanging indent: the first text (a number) sits in the margin, a tab away."""
    fmt = para.paragraph_format
    fmt.left_indent = Mm(left_mm if left_mm is not None else hanging_mm)
    fmt.first_line_indent = Mm(-hanging_mm)
    fmt.tab_stops.add_tab_stop(Mm(left_mm if left_mm is not None else hanging_mm))


def _shade(cell: _Cell, hex_colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: object) -> None:
    """Word repeats this row at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _keep_row_whole(row: object) -> None:
    """A row is not split across two pages (a row taller than a page still is)."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:cantSplit"))


def _page_numbers(doc: DocxDocument) -> None:
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(SMALL_PT)


def _field(para: DocxParagraph, code: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)
