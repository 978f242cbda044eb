"""The writers: a document model written as Word (read back with python-docx) and as the HTML
the printed page is made from."""

from __future__ import annotations

import os
import subprocess
import sys

import docx
import pytest

from cspdesk.errors import InputError
from cspdesk.reports.committee import build_committee_report
from cspdesk.reports.document import (
    Cell,
    Document,
    Heading,
    Image,
    ItemList,
    Paragraph,
    Table,
    as_text,
)
from cspdesk.reports.docx_writer import write_docx
from cspdesk.reports.html_writer import to_html
from tests.test_committee_report import Drawer, tiny_png


def heading_texts(word: docx.document.Document) -> list[str]:
    return [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]


def cell_texts(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_committee_report_as_word(demo_db, tmp_path):
    model = build_committee_report(demo_db, draw_chart=Drawer())
    result = write_docx(model, tmp_path / "report.docx")
    word = docx.Document(str(result.path))
    assert heading_texts(word) == model.headings()
    assert len(word.tables) == len(model.tables())
    performance = next(cell_texts(t) for t in word.tables if "Performance" in cell_texts(t)[0])
    assert [(row[0], row[3]) for row in performance[1:]] == [
        ("Force", "6%"), ("County", "7%"), ("BNS CSP", "5%"), ("NSDC", "9%")]
    assert len(word.inline_shapes) == 2
    described = [s._inline.docPr.get("descr") for s in word.inline_shapes]
    assert described[0] == "All crime in BNS CSP by month: 2022/23 against 2021/22"
    numbered = next(p for p in word.paragraphs if p.text.startswith("2.6\t"))
    assert "funding of £750,000 across Bassetlaw and Newark and Sherwood" in numbered.text
    assert word.core_properties.title == model.title
    assert word.core_properties.author == "cspdesk"


def test_a4_margins_landscape_and_page_numbers(tmp_path):
    word = docx.Document(str(write_docx(Document("Wide", [Paragraph.of("x")], landscape=True),
                                        tmp_path / "wide.docx").path))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert round(section.left_margin.mm) == 25
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    tall = docx.Document(str(write_docx(Document("Tall", [Paragraph.of("x")]),
                                        tmp_path / "tall.docx").path)).sections[0]
    assert (round(tall.page_width.mm), round(tall.page_height.mm)) == (210, 297)


def test_tables_lists_and_images_come_back_as_written(tmp_path):
    model = Document("Blocks", [
        Heading("Numbers", 1, "1.0"), Paragraph.of("First point.", "1.1"),
        ItemList(("one", "two", "three"), "roman"), ItemList(("dot",)),
        Table(("Name", "Note"), ((Cell("Ann", bold=True), Cell("line one\nline two",
                                                                  fill="#ffe08a")),),
              widths=(1, 3), row_height_mm=10),
        Image(tiny_png(), 50, "A dot")])
    word = docx.Document(str(write_docx(model, tmp_path / "blocks.docx").path))
    texts = [p.text for p in word.paragraphs]
    assert "1.1\tFirst point." in texts
    listed = [t for t in texts if "\t" in t and t[0] in "iv"]
    assert listed == ["i.\tone", "ii.\ttwo", "iii.\tthree"]
    assert "dot" in texts
    (made,) = word.tables
    assert cell_texts(made) == [["Name", "Note"], ["Ann", "line one\nline two"]]
    assert made.rows[1].cells[0].paragraphs[0].runs[0].bold
    assert 'w:fill="ffe08a"' in made.rows[1].cells[1]._tc.xml
    assert "w:tblHeader" in made.rows[0]._tr.xml  # repeated on every page
    assert round(made.columns[1].width.mm) == 120  # three quarters of 160 mm
    assert len(word.inline_shapes) == 1
    assert "A dot" in texts  # the caption


def test_characters_word_cannot_hold_are_left_out_with_a_warning(tmp_path):
    result = write_docx(Document("Odd", [Paragraph.of("bell\x07 here")]), tmp_path / "o.docx")
    assert result.warnings == ["1 characters Word cannot hold (control characters) were left "
                               "out of the document."]
    assert "bell here" in [p.text for p in docx.Document(str(result.path)).paragraphs]


def test_an_existing_file_is_refused_and_none_is_left_half_written(tmp_path):
    target = tmp_path / "paper.docx"
    target.write_bytes(b"keep me")
    with pytest.raises(InputError, match="already exists"):
        write_docx(Document("x"), target)
    assert target.read_bytes() == b"keep me"
    write_docx(Document("x", [Paragraph.of("new")]), target, overwrite=True)
    assert [p.text for p in docx.Document(str(target)).paragraphs] == ["new"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.docx"]


def test_html_escapes_text_and_repeats_table_headers():
    page = to_html(Document("<Title>", [
        Paragraph.of("a <b> & c", "2.1"),
        Table(("Head",), ((Cell("x", fill="#c6efce"),),)),
        Image(tiny_png(), 40, "Chart \"one\"")]))
    assert "<title>&lt;Title&gt;</title>" in page
    assert "a &lt;b&gt; &amp; c" in page and "<b> &" not in page
    assert "<thead><tr><th" in page and 'bgcolor="#c6efce"' in page
    assert 'src="data:image/png;base64,' in page and 'alt="Chart &quot;one&quot;"' in page


def test_plain_text_reads_every_block():
    model = Document("t", [Heading("Two", 1, "2.0"), Paragraph.of("Para", "2.1"),
                           ItemList(("a", "b"), "number"), Table(("H1", "H2"),
                                                                  ((Cell("x"), Cell("y")),)),
                           Image(b"", 10, "a chart")])
    assert as_text(model) == "2.0 Two\n2.1 Para\n  1. a\n  2. b\nH1 | H2\nx | y\n" \
                             "[Chart: a chart]\n"


def test_lxml_from_python_docx_does_not_change_how_workbooks_are_read():
    """python-docx brings lxml, which openpyxl would use in place of defusedxml."""
    code = ("import cspdesk.exchange.reader, openpyxl, lxml.etree; "
            "print(openpyxl.LXML, openpyxl.DEFUSEDXML)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={**os.environ, "OPENPYXL_LXML": "True"})
    assert done.stdout.split() == ["False", "True"]
