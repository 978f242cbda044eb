"""The papers in the window: Reports > Committee report…, the agenda items dialog, the
meeting's Word papers, and File > Print / Print Preview / Print to PDF of each printable
screen."""

from __future__ import annotations

import re

import docx
import pytest
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from cspdesk.dates import format_date
from cspdesk.meetings.agenda import find_meeting, list_agenda
from cspdesk.meetings.meetings import get_meeting
from cspdesk.reports.fields import load_fields
from ui.reports import printing, text_document
from ui.reports.agenda_dialog import AgendaDialog
from ui.reports.report_dialog import CommitteeReportDialog


def pdf_pages(path) -> int:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    return len(re.findall(rb"/Type\s*/Page(?!s)", data))


@pytest.fixture
def said(monkeypatch):
    """Every message box's text, in order, instead of showing it."""
    messages: list[str] = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name,
                            lambda *args, **_: messages.append(args[2]) or None)
    return messages


@pytest.fixture
def save_to(monkeypatch):
    def answer(path):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    return answer


@pytest.fixture
def window(qtbot, demo_window):
    win = demo_window
    return win


def test_the_committee_report_dialog_previews_remembers_and_writes_word(
        qtbot, demo_db, tmp_path, said, save_to):
    dialog = CommitteeReportDialog(demo_db)
    qtbot.addWidget(dialog)
    shown = dialog.preview_view.toPlainText()
    assert "Force\n102,000\n108,120\n6%\nsignificant" in shown
    assert "funding of £750,000 across Bassetlaw and Newark and Sherwood" in shown
    dialog.widgets["report_to"].setText("Cabinet")
    dialog.implication_boxes["legal"].setPlainText("The CSP is a statutory duty.")
    out = tmp_path / "report.docx"
    save_to(out)
    dialog.write_word()
    assert said == [f"Wrote {out}."]
    word = docx.Document(str(out))
    assert word.paragraphs[0].text == "Report to: Cabinet Meeting - 26 June 2023"
    assert "5.2\tLegal Implications" not in [p.text for p in word.paragraphs]
    assert "Legal Implications" in [p.text.split(" ", 1)[-1] for p in word.paragraphs
                                    if p.style.name == "Heading 2"]
    assert len(word.inline_shapes) == 2
    remembered = load_fields(demo_db)
    assert remembered.report_to == "Cabinet"
    assert remembered.implication("legal") == "The CSP is a statutory duty."


def test_a_refused_field_is_said_and_not_remembered(qtbot, demo_db):
    dialog = CommitteeReportDialog(demo_db, draw_chart=None)
    qtbot.addWidget(dialog)
    dialog.year.setCurrentText("2023-24")
    dialog.update_preview()
    assert dialog.error.text() == "'2023-24' is not a financial year written like 2023/24."
    assert load_fields(demo_db).financial_year == "2023/24"


def test_unticking_an_area_takes_it_out_of_the_tables(qtbot, demo_db):
    dialog = CommitteeReportDialog(demo_db, draw_chart=None)
    qtbot.addWidget(dialog)
    for row in range(dialog.areas.count()):
        item = dialog.areas.item(row)
        if item.text().strip() == "Nottinghamshire":
            item.setCheckState(item.checkState().Unchecked)
    dialog.update_preview()
    assert "County\n" not in dialog.preview_view.toPlainText()
    assert "Nottinghamshire" not in load_fields(demo_db).areas


def test_the_committee_report_print_preview_has_its_pages(qtbot, demo_db):
    dialog = CommitteeReportDialog(demo_db, draw_chart=None)
    qtbot.addWidget(dialog)
    preview = text_document.preview(dialog, dialog.document())
    qtbot.addWidget(preview)
    widget = preview.findChild(QPrintPreviewWidget)
    widget.updatePreview()
    assert widget.pageCount() >= 6


def test_every_printable_screen_previews(window, qtbot, monkeypatch):
    previewed = []

    def fake_preview(parent, document):
        dialog = text_document.preview(parent, document)
        widget = dialog.findChild(QPrintPreviewWidget)
        widget.updatePreview()
        previewed.append((document.title, widget.pageCount()))
        monkeypatch.setattr(dialog, "exec", lambda: 0)
        return dialog

    monkeypatch.setattr(printing, "preview", fake_preview)
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *a: (items[0], True))
    for index in range(4):
        window.tabs.setCurrentIndex(index)
        window.print_page("preview")
    meeting = get_meeting(window.db, window.tab_pages[0].meetings.current_meeting_id())
    period = window.tab_pages[1].comparison.picker.period()
    assert [t for t, _ in previewed] == [
        f"{meeting.group_short_name} register {format_date(meeting.date)}",
        f"All crime: {period.label} against {period.previous_label}",
        "BNS CSP priority register 2023/24", "Safer Streets 4: action tracker"]
    assert all(pages >= 1 for _, pages in previewed)


def test_print_to_pdf_of_the_minutes(window, monkeypatch, tmp_path, said, save_to):
    meetings = window.tab_pages[0].meetings
    meetings.select_meeting(find_meeting(window.db, "JSG", "18/04/2023").id)
    offered = []

    def pick(_parent, _title, _label, items, *args):
        offered.extend(items)
        return next(i for i in items if i.startswith("The minutes")), True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    out = tmp_path / "minutes.pdf"
    save_to(out)
    window.print_page("pdf")
    assert offered == [
        "The register of the JSG meeting on 18/04/2023",
        "A sign-in sheet for the JSG meeting on 18/04/2023",
        "The agenda of the JSG meeting on 18/04/2023",
        "The minutes of the JSG meeting on 18/04/2023"]
    assert said == [f"Wrote {out}."]
    assert pdf_pages(out) == 2


def test_print_goes_through_the_print_dialog(window, monkeypatch, tmp_path):
    out = tmp_path / "printed.pdf"

    class FakePrintDialog:
        def __init__(self, printer, _parent):
            self.printer = printer

        def setWindowTitle(self, title):  # noqa: N802 (Qt's name)
            assert title == "Print BNS CSP priority register 2023/24"

        def exec(self):
            self.printer.setOutputFormat(self.printer.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(out))
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(text_document, "QPrintDialog", FakePrintDialog)
    window.tabs.setCurrentIndex(2)
    window.print_page("print")
    assert pdf_pages(out) >= 2


def test_nothing_to_print_is_said(window, said):
    window.tab_pages[0].pages.setCurrentIndex(3)  # Partnership
    window.tabs.setCurrentIndex(0)
    window.print_page("preview")
    assert said == ["There is nothing on this page to print. Print from a meeting's register, "
                    "the comparison, the priority register or a programme's actions."]


def test_the_agenda_items_dialog_adds_an_item_before_any_other_business(qtbot, demo_db):
    meeting = find_meeting(demo_db, "JSG", "18/10/2022").id
    dialog = AgendaDialog(demo_db, meeting)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 7  # the standing items, none saved yet
    dialog.add_item()
    dialog.title.setText("Serious Violence Duty")
    dialog.decisions.setPlainText("A local delivery plan will be drafted.")
    dialog.list.setCurrentRow(0)
    dialog.title.setText("")
    dialog.save()
    assert dialog.error.text() == "Item 1 of the agenda has no title; give it one or remove it."
    assert list_agenda(demo_db, meeting) == []
    dialog.title.setText("Welcome and apologies")
    dialog.save()
    saved = list_agenda(demo_db, meeting)
    assert [i.title for i in saved][4:] == ["Priorities", "Serious Violence Duty",
                                           "Any other business", "Date of next meeting"]
    assert saved[5].decisions == "A local delivery plan will be drafted."
    assert saved[0].title == "Welcome and apologies"


def test_the_meetings_page_writes_the_minutes_as_word(window, tmp_path, said, save_to):
    page = window.tab_pages[0].meetings
    page.select_meeting(find_meeting(window.db, "PDG", "25/05/2023").id)
    out = tmp_path / "pdg.docx"
    save_to(out)
    page.write_paper("minutes")
    assert said == [f"Wrote {out}."]
    headings = [p.text for p in docx.Document(str(out)).paragraphs
                if p.style.name.startswith("Heading")]
    assert headings[0] == "Present" and "Quorum" in headings
    assert "4. Safer Streets 4: progress" in headings and headings[-1] == "Actions arising"
