"""A meeting's papers from the Meetings tab: its agenda items, and its agenda and minutes as
Word documents (and as prints, through the tab's print choices)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QWidget

from cspdesk.meetings.meetings import get_meeting
from cspdesk.reports.agenda_paper import build_agenda
from cspdesk.reports.minutes_paper import build_minutes
from cspdesk.store.connection import Database
from ui.exports import export_in_background
from ui.reports.agenda_dialog import AgendaDialog

if TYPE_CHECKING:  # Qt's printing is loaded when something is printed
    from ui.reports.printing import PrintChoice

DOCX = "Word documents (*.docx)"
BUILDERS = {"agenda": build_agenda, "minutes": build_minutes}


def edit_agenda(parent: QWidget, db: Database, meeting_id: int) -> bool:
    """The agenda items dialog; True when the agenda was saved."""
    return AgendaDialog(db, meeting_id, parent).exec() == QDialog.DialogCode.Accepted


def write_paper(parent: QWidget, db: Database, meeting_id: int, paper: str) -> None:
    """Ask where, then write the meeting's agenda or minutes as a Word document."""
    meeting = get_meeting(db, meeting_id)
    document = BUILDERS[paper](db, meeting_id)
    suggested = f"{meeting.group_short_name} {paper} {meeting.date}.docx"
    export_in_background(parent, db, parent.tr("Meeting papers"), suggested, DOCX,
                         word_writer(document))


def paper_choices(db: Database, meeting_id: int) -> list[PrintChoice]:
    """The meeting's agenda and minutes, for File > Print."""
    label = get_meeting(db, meeting_id).label
    return [(f"The agenda of {label}", lambda: build_agenda(db, meeting_id)),
            (f"The minutes of {label}", lambda: build_minutes(db, meeting_id))]


def word_writer(document: Any) -> Callable[[Any, Path], object]:
    """Writes ``document`` as .docx; python-docx is imported only when a paper is written."""
    def write(_db: Any, path: Path) -> object:
        from cspdesk.reports.docx_writer import write_docx

        return write_docx(document, path, overwrite=True)
    return write
