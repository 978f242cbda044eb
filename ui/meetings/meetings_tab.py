"""The Meetings tab: meetings and registers, attendance statistics, actions, the partnership."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cspdesk.meetings.meetings import get_meeting
from cspdesk.meetings.structure import list_group_records
from ui.accessibility import make_accessible
from ui.exports import XLSX, export_in_background, when_used
from ui.meetings.meetings_page import MeetingsPage
from ui.widgets.lazy_tabs import LazyTabWidget, made_from
from ui.widgets.sub_pages import ReadWhenChosen
from ui.widgets.tab import Tab

if TYPE_CHECKING:
    from ui.meetings.actions_page import ActionsPage
    from ui.meetings.statistics_page import StatisticsPage
    from ui.meetings.structure_page import StructurePage

# Loaded with openpyxl when the officer first exports, not when the window opens.
export_statistics_xlsx = when_used("cspdesk.meetings.exports:export_statistics_xlsx")

# The pages, in order.
MEETINGS, STATISTICS, ACTIONS, PARTNERSHIP = range(4)


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
        # The pages behind the first are made (their modules imported) when first chosen:
        # the window opens on meetings and registers.
        self.pages = LazyTabWidget()
        for title, make in ((self.tr("Meetings and registers"), MeetingsPage),
                            (self.tr("Attendance statistics"), made_from(
                                "ui.meetings.statistics_page:StatisticsPage")),
                            (self.tr("Actions arising"), made_from(
                                "ui.meetings.actions_page:ActionsPage")),
                            (self.tr("Partnership"), made_from(
                                "ui.meetings.structure_page:StructurePage"))):
            self.pages.add_lazy(title, make)
        self.pages.made.connect(self._page_made)
        self.meetings: MeetingsPage = self.pages.page(MEETINGS)
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.pages)
        self.reading = ReadWhenChosen(self.pages)
        self.empty_state.action_clicked.connect(self.start_partnership)

    @property
    def statistics(self) -> StatisticsPage:
        return self.pages.page(STATISTICS)  # type: ignore[no-any-return]

    @property
    def actions(self) -> ActionsPage:
        return self.pages.page(ACTIONS)  # type: ignore[no-any-return]

    @property
    def structure(self) -> StructurePage:
        return self.pages.page(PARTNERSHIP)  # type: ignore[no-any-return]

    def _page_made(self, index: int, page: QWidget) -> None:
        """A page just made: wired up, and given the open database."""
        if hasattr(page, "changed"):
            page.changed.connect(lambda source=page: self._changed(source))
        if index == STATISTICS:
            page.export_requested.connect(self.export_statistics)
        if self.db is not None and index:
            self._give_database(page)
        if index:
            make_accessible(self.window())  # its controls named, Tab in reading order

    def _give_database(self, page: QWidget) -> None:
        """The page on screen reads the database now, any other the first time it is
        chosen (``ReadWhenChosen``)."""
        page.db = self.db  # never a database closed since, even before it reads

        def read() -> None:
            if self.db is not None:
                page.set_database(self.db)

        self.reading.read(page, read)

    def load(self) -> bool:
        """The page on screen reads its data now, the others the first time they are
        chosen; pages not made yet get the database when they are made."""
        assert self.db is not None
        for _index, page in self.pages.made_pages():
            self._give_database(page)
        return bool(list_group_records(self.db))

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
        """A page wrote: the sibling pages made so far and the other tabs show it too."""
        assert self.db is not None
        wrote = self.pages.indexOf(source)
        if wrote == PARTNERSHIP:
            self.meetings.set_database(self.db)  # groups may be new or renamed
        elif wrote != MEETINGS:
            self.meetings.refresh()
        for index, page in self.pages.made_pages():
            if index not in (MEETINGS, wrote):
                self._give_database(page)  # read now when on screen, else when next chosen
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
