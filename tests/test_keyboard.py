"""The officer's day by keyboard: Tab moves between controls, the focus can be seen, and
Ctrl+S saves whatever is being edited, in every tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QStringListModel, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QProxyStyle,
    QPushButton,
    QStyle,
    QStyleFactory,
    QTableView,
    QWidget,
)

from cspdesk.meetings.register import load_register
from cspdesk.performance.monthly import hotspot_notes
from cspdesk.priorities.priorities import get_priority
from ui.app import create_application
from ui.main_window import MainWindow
from ui.widgets.focus import RING, FocusStyle
from ui.widgets.forms import Field, FormDialog

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, demo_path, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(demo_path, settings=settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.activateWindow()
    return win


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def button_text(widget: QWidget | None) -> str:
    return widget.text().replace("&", "") if isinstance(widget, QPushButton) else ""


# Tab moves between controls -------------------------------------------------------------


def test_tab_leaves_the_meeting_list_for_the_buttons_and_keeps_the_meeting(window, qtbot):
    page = window.tab_pages[0].meetings
    page.view.setFocus()
    page.view.selectRow(3)
    chosen = page.current_meeting_id()
    press(qtbot, Qt.Key.Key_Tab)
    assert button_text(QApplication.focusWidget()) == "Plan meeting…"
    assert page.current_meeting_id() == chosen
    press(qtbot, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is page.view
    assert page.current_meeting_id() == chosen


def test_tab_leaves_the_register_for_its_buttons(window, qtbot):
    register = window.tab_pages[0].meetings.register
    register.view.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert button_text(QApplication.focusWidget()) == "All present"


def test_tab_walks_the_meetings_page_and_reaches_every_button_once(window, qtbot):
    page = window.tab_pages[0].meetings
    page.view.setFocus()
    seen = []
    for _ in range(40):  # once round the page: Tab until the meetings list has the focus again
        press(qtbot, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is page.view:
            break
    assert seen[-1] is page.view
    texts = [button_text(w) for w in seen]
    for text in ("Plan meeting…", "Plan series…", "Edit…", "Delete", "Calendar (.ics)…",
                 "All present", "Add in attendance…", "Sign-in sheet…", "Add action arising…"):
        assert texts.count(text) == 1, text
    assert seen.count(page.register.view) == 1


def test_no_table_in_any_tab_takes_the_tab_key(window, qtbot):
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
    tables = window.findChildren(QTableView)
    assert len(tables) >= 15
    walking = [t.objectName() or t.__class__.__name__ for t in tables if t.tabKeyNavigation()]
    assert walking == []


def test_arrows_still_move_within_a_table(window, qtbot):
    page = window.tab_pages[0].meetings
    page.view.setFocus()
    page.view.selectRow(0)
    first = page.current_meeting_id()
    press(qtbot, Qt.Key.Key_Down)
    assert page.view.currentIndex().row() == 1
    assert page.current_meeting_id() != first


# The focus can be seen --------------------------------------------------------------------


def ring_pixels(widget: QWidget) -> int:
    """How many pixels of the highlight colour the widget shows along its edges."""
    colour = widget.palette().color(QPalette.ColorRole.Highlight).rgb()
    image: QImage = widget.grab().toImage()
    width, height = image.width(), image.height()
    edge = [(x, y) for x in range(width) for y in (0, 1, height - 2, height - 1)]
    edge += [(x, y) for y in range(height) for x in (0, 1, width - 2, width - 1)]
    return sum(1 for x, y in edge if QColor(image.pixel(x, y)).rgb() == colour)


@pytest.fixture
def focus_style(qapp):
    create_application()  # as the program starts: the focus style is installed
    assert isinstance(QApplication.style(), FocusStyle)


def test_the_control_with_the_focus_has_a_ring(focus_style, window, qtbot):
    meetings = window.tab_pages[0].meetings
    plan = next(b for b in meetings.findChildren(QPushButton)
                if button_text(b) == "Plan meeting…")
    controls = [plan, meetings.view, meetings.group_filter]
    for control in controls:
        control.setFocus()
        assert QApplication.focusWidget() is control
        ringed = ring_pixels(control)
        window.tabs.tabBar().setFocus()
        unringed = ring_pixels(control)
        # A full ring round a control is at least its perimeter (less the corners); round
        # a table both of its pixels show (the frame is as wide), none hidden by the cells.
        perimeter = control.width() + control.height()
        assert ringed > (3 * perimeter if control is meetings.view else perimeter), control
        assert unringed < ringed / 4, control


# Ctrl+S saves what is being edited -------------------------------------------------------


def test_ctrl_s_saves_the_register(window, qtbot):
    tab = window.tab_pages[0]
    register = tab.meetings.register
    meeting = register.meeting_id
    register.view.setFocus()
    register.view.setCurrentIndex(register.model.index(0, 3))
    press(qtbot, Qt.Key.Key_X)  # the first member absent, the others present
    register.all_present.click()
    assert register.model.dirty
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert not register.model.dirty
    marks = [line.mark for line in load_register(window.db, meeting)]
    assert marks[0] == "absent" and marks[1:] == ["present"] * (len(marks) - 1)
    assert window.statusBar().currentMessage() == \
        "Saved the register of the ASBCP meeting on 29/06/2023."
    # The message is drawn at the left of the status bar: the database's name, on the
    # right, leaves it the room.
    bar = window.statusBar()
    message_width = bar.fontMetrics().horizontalAdvance(bar.currentMessage())
    assert window.database_label.geometry().left() > message_width


def test_ctrl_s_keeps_a_reason_still_being_typed(window, qtbot):
    register = window.tab_pages[0].meetings.register
    register.view.setFocus()
    register.view.setCurrentIndex(register.model.index(0, 3))
    press(qtbot, Qt.Key.Key_A)  # apologies; the cursor waits on the reason
    register.all_present.click()
    register.view.setFocus()
    press(qtbot, Qt.Key.Key_F2)
    qtbot.keyClicks(QApplication.focusWidget(), "On leave")
    press(qtbot, Qt.Key.Key_S, CTRL)  # no Enter first
    first = load_register(window.db, register.meeting_id)[0]
    assert (first.mark, first.reason) == ("apologies", "On leave")


def test_ctrl_s_with_nothing_edited_says_so(window, qtbot):
    before = window.db.execute("SELECT COUNT(*) FROM attendance").fetchone()[0]
    window.tab_pages[0].meetings.view.setFocus()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert window.statusBar().currentMessage() == \
        "Nothing to save: the register shown has no unsaved marks."
    assert window.db.execute("SELECT COUNT(*) FROM attendance").fetchone()[0] == before


def test_ctrl_s_saves_the_priority(window, qtbot):
    window.tabs.setCurrentIndex(2)
    panel = window.tab_pages[2].panel
    panel.form.title.setFocus()
    panel.form.title.selectAll()
    qtbot.keyClicks(panel.form.title, "Domestic abuse")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert get_priority(window.db, panel.priority_id).title == "Domestic abuse"
    assert not panel.dirty
    assert window.statusBar().currentMessage() == "Saved the priority 'Domestic abuse'."


def test_ctrl_s_saves_hotspot_notes(window, qtbot):
    window.tabs.setCurrentIndex(1)
    performance = window.tab_pages[1]
    performance.pages.setCurrentWidget(performance.monthly)
    monthly = performance.monthly
    monthly.notes.setFocus()
    qtbot.keyClicks(monthly.notes, "Retail thefts in Worksop town centre")
    press(qtbot, Qt.Key.Key_S, CTRL)
    index = monthly.view.currentIndex()
    area, month = monthly.model.areas[index.column()], monthly.model.months[index.row()]
    assert hotspot_notes(window.db, area.id, month) == "Retail thefts in Worksop town centre"
    assert window.statusBar().currentMessage() == "Saved the hotspot notes."


def test_ctrl_s_in_safer_streets_says_where_records_are_saved(window, qtbot):
    window.tabs.setCurrentIndex(3)
    window.tab_pages[3].view.setFocus()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert window.statusBar().currentMessage() == (
        "Nothing to save in Safer Streets: its records are saved in their own forms.")


def test_ctrl_s_in_a_form_saves_it(qtbot):
    saved = []
    dialog = FormDialog("Add an organisation", [Field("name", "Name", required=True)],
                        {}, lambda values: saved.append(values) or 7)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.widgets["name"].setFocus()
    qtbot.keyClicks(dialog.widgets["name"], "Bassetlaw CVS")
    qtbot.keyClick(dialog.widgets["name"], Qt.Key.Key_S, CTRL)
    assert saved == [{"name": "Bassetlaw CVS"}]
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.saved_id == 7


def test_the_focus_style_takes_a_stale_wrapper_for_no_widget(qapp):
    """A widget made where a deleted layout item was can reach the style as the item's old
    Python wrapper (a QWidgetItem): the style answers as for no widget, raising nothing
    (an exception there crashed the mapping dialog)."""
    import shiboken6
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QLabel, QStyle, QStyleOptionFrame, QWidgetItem

    from ui.widgets.focus import FocusStyle

    style = FocusStyle()
    item = QWidgetItem(QLabel("Organisation"))
    gone = QLabel("Meeting/Group")
    shiboken6.delete(gone)
    image = QImage(40, 20, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    for stale in (item, gone):
        style.polish(stale)  # nothing to polish, and nothing raised
        style.drawControl(QStyle.ControlElement.CE_ShapedFrame, QStyleOptionFrame(), painter,
                          stale)
    painter.end()


class WideFrames(QProxyStyle):
    """The platform's style with an item view's frame metric at least the ring's width."""

    def pixelMetric(self, metric, option=None, widget=None):  # noqa: N802 (Qt's name)
        value = super().pixelMetric(metric, option, widget)
        if metric == QStyle.PixelMetric.PM_DefaultFrameWidth and \
                isinstance(widget, QAbstractItemView):
            return max(value, RING)
        return value


def test_a_table_keeps_the_platforms_frame_with_room_for_the_ring(focus_style, qtbot):
    """Unfocused, a table under the focus style looks exactly as under the platform's own
    style with a frame as wide as the ring: the frame is widened, not redrawn."""
    platform = QStyleFactory.create(QApplication.style().baseStyle().name())
    views = []
    for style in (None, WideFrames(platform)):
        view = QTableView()
        qtbot.addWidget(view)
        if style is not None:
            view.setStyle(style)
        view.setModel(QStringListModel(["Bassetlaw CSP", "Newark and Sherwood CSP"]))
        view.resize(240, 120)
        view.show()
        views.append(view)
    qtbot.waitExposed(views[1])
    ours, wide = views
    assert ours.frameWidth() == wide.frameWidth() >= RING
    assert ours.grab().toImage() == wide.grab().toImage()
