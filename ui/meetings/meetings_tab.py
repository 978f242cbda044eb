"""The Meetings tab: meetings and registers, attendance statistics, actions, the partnership."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from cspdesk.meetings.meetings import get_meeting
from cspdesk.meetings.structure import list_group_records
from ui.exports import XLSX, export_in_background, when_used
from ui.meetings.actions_page import ActionsPage
from ui.meetings.meetings_page import MeetingsPage
from ui.meetings.statistics_page import StatisticsPage
from ui.meetings.structure_page import StructurePage
from ui.widgets.tab import Tab

# Loaded with openpyxl when the officer first exports, not when the window opens.
export_statistics_xlsx = when_used("cspdesk.meetings.exports:export_statistics_xlsx")


class MeetingsTab(Tab):
    title = "Meetings"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("No groups or meetings yet"),
            self.tr("This database holds no groups or meetings yet. Start with the "
                    "partnership: its organisations, the people who sit for them and its "
                    "groups (the JSG, the PDG and the operational groups). Then plan "
                    "meetings and take their registers here."),
            parent,
            empty_action=self.tr("Set up the partnership…"),
        )
        self.meetings = MeetingsPage()
        self.statistics = StatisticsPage()
        self.actions = ActionsPage()
        self.structure = StructurePage()
        self.pages = QTabWidget()
        self.pages.addTab(self.meetings, self.tr("Meetings and registers"))
        self.pages.addTab(self.statistics, self.tr("Attendance statistics"))
        self.pages.addTab(self.actions, self.tr("Actions arising"))
        self.pages.addTab(self.structure, self.tr("Partnership"))
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.pages)
        for page in (self.meetings, self.actions, self.structure):
            page.changed.connect(lambda source=page: self._changed(source))
        self.statistics.export_requested.connect(self.export_statistics)
        self._read_when_chosen: set[QWidget] = set()
        self.pages.currentChanged.connect(self._read_chosen)
        self.empty_state.action_clicked.connect(self.start_partnership)

    def load(self) -> bool:
        """The page on screen reads its data now; the actions and the partnership, when
        not on screen, the first time they are chosen (the statistics page waits too)."""
        assert self.db is not None
        for page in (self.meetings, self.statistics, self.actions, self.structure):
            if page in (self.actions, self.structure) and page is not self.pages.currentWidget():
                page.db = self.db  # never a database closed since
                self._read_when_chosen.add(page)
            else:
                page.set_database(self.db)
        return bool(list_group_records(self.db))

    def _read_chosen(self) -> None:
        page = self.pages.currentWidget()
        if page in self._read_when_chosen and self.db is not None:
            self._read_when_chosen.discard(page)
            page.set_database(self.db)

    def confirm_leave(self) -> bool:
        return self.meetings.register.confirm_leave()

    def save_edits(self) -> str:
        """Ctrl+S: save the register being taken (the only thing edited in place here)."""
        register = self.meetings.register
        if self.db is None or register.meeting_id is None or not register.model.dirty:
            return self.tr("Nothing to save: the register shown has no unsaved marks.")
        meeting = get_meeting(self.db, register.meeting_id).label
        if register.save():
            return self.tr("Saved the register of {meeting}.").format(meeting=meeting)
        return self.tr("The register of {meeting} was not saved.").format(meeting=meeting)

    def sub_pages(self) -> list[tuple[str, Any]]:
        return [(slug, lambda page=page: self.pages.setCurrentWidget(page))
                for slug, page in (("statistics", self.statistics), ("actions", self.actions),
                                   ("partnership", self.structure))]

    def start_partnership(self) -> None:
        self.show_content()
        self.pages.setCurrentWidget(self.structure)

    def _changed(self, source: QWidget) -> None:
        """A page wrote: the sibling pages and the other tabs show it too."""
        assert self.db is not None
        if source is self.structure:
            self.meetings.set_database(self.db)  # groups may be new or renamed
        elif source is not self.meetings:
            self.meetings.refresh()
        self.statistics.set_database(self.db)
        if source is not self.actions:
            self.actions.refresh()
        if source is not self.structure:
            self.structure.refresh()
        self.data_changed.emit()

    def export_statistics(self, group: str | None, start: str | None, end: str | None) -> None:
        if self.db is None:
            return
        name = f"{group or 'CSP'} attendance.xlsx"
        export_in_background(
            self, self.db, self.tr("Attendance statistics"), name, XLSX,
            lambda db, path: export_statistics_xlsx(db, path, group, start, end,
                                                    overwrite=True))

    def print_choices(self) -> list[tuple[str, Any]]:
        """The chosen meeting's register, blank sign-in sheet, agenda and minutes (the
        register saved first, or left as it was saved)."""
        meeting_id = self.meetings.current_meeting_id()
        if self.db is None or meeting_id is None or self.pages.currentWidget() is not \
                self.meetings or not self.meetings.register.confirm_leave():
            return []
        from cspdesk.reports.prints import register_document, sign_in_sheet  # when printing
        from ui.reports.meeting_papers import paper_choices

        db, label = self.db, get_meeting(self.db, meeting_id).label
        return [(f"The register of {label}", lambda: register_document(db, meeting_id)),
                (f"A sign-in sheet for {label}", lambda: sign_in_sheet(db, meeting_id)),
                *paper_choices(db, meeting_id)]
