"""The window's colours, in one place. Each has a meaning ("error", "red", "typed") and a
shade for a light palette and one for a dark one; in high contrast none is used at all: the
system's colours hold everywhere and the words carry the meaning (a RAG cell says "Red", a
message is a sentence, a flagged count says why in its tip).

Text colours reach a widget through its palette (``colour_text``), never a style sheet, and
follow a change of the system's colours while the window is open. A background always comes
with its own text colour (``tint``), so it reads on a light and a dark palette alike.
Charts are pictures with their own white ground, like a report's figures, and keep theirs.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel, QWidget

TEXT = {  # meaning: (on a light palette, on a dark one)
    "error": ("#b3261e", "#ff8a80"),
    "warning": ("#8a5300", "#ffcc80"),
    "good": ("#1b6e3a", "#81c995"),
    "quiet": ("#6b6b6b", "#b0b0b0"),
    "info": ("#1f4e79", "#9dc3e6"),
}
TINTS = {  # meaning: (background, its text), the same on either palette
    "red": ("#f4b6b0", "#8c1d18"),
    "amber": ("#fce2a6", "#7a4f01"),
    "green": ("#c6e7c4", "#1e5b1c"),
    "typed": ("#fff4cc", "#1c1c1c"),
    "derived": ("#e6e6e6", "#1c1c1c"),
    "note": ("#fff4ce", "#3b2f00"),
    "neutral": ("#eeeeee", "#1c1c1c"),
}
MEANING = "cspdeskColour"  # the property a coloured widget keeps its meaning in


def high_contrast(palette: QPalette | None = None) -> bool:
    """The system asks for high contrast (Windows' setting, read by Qt 6.10 and later), or
    the palette is one: a pure black or pure white window with its text at 15:1 or more."""
    hints = QGuiApplication.styleHints()
    access = getattr(hints, "accessibility", None)
    if access is not None and palette is None and \
            access().contrastPreference() == Qt.ContrastPreference.HighContrast:
        return True
    palette = palette or QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    pure = window.name() in ("#000000", "#ffffff")
    return pure and contrast(window, text) >= 15


def dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""
    def luminance(colour: QColor) -> float:
        parts = [v / 255 for v in (colour.red(), colour.green(), colour.blue())]
        lin = [p / 12.92 if p <= 0.03928 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(meaning: str) -> QColor | None:
    """The colour of text meaning ``meaning`` on the palette in use; None in high contrast
    (the palette's own text colour)."""
    if high_contrast():
        return None
    light, on_dark = TEXT[meaning]
    return QColor(on_dark if dark() else light)


def tint(meaning: str) -> tuple[QColor, QColor] | None:
    """(background, text) for a cell or strip meaning ``meaning``; None in high contrast."""
    if high_contrast():
        return None
    background, text = TINTS[meaning]
    return QColor(background), QColor(text)


def tinted_html(text: str, meaning: str, italic: bool = False) -> str:
    """``text`` (escaped) on its tint, for a rich-text label; plain in high contrast."""
    shown = f"<i>{html.escape(text)}</i>" if italic else html.escape(text)
    pair = tint(meaning)
    if pair is None:
        return shown
    return (f"<span style='background:{pair[0].name()}; color:{pair[1].name()}'>"
            f"&nbsp;{shown}&nbsp;</span>")


def coloured_html(text: str, meaning: str) -> str:
    """``text`` (escaped) in the colour meaning ``meaning``; plain in high contrast."""
    colour = text_colour(meaning)
    escaped = html.escape(text)
    return escaped if colour is None else f"<span style='color:{colour.name()}'>{escaped}</span>"


def colour_text(widget: QWidget, meaning: str | None) -> None:
    """Show ``widget``'s text in the colour meaning ``meaning`` (None: the palette's own),
    again whenever the system's colours change."""
    widget.setProperty(MEANING, ("text", meaning))
    _follow(widget)
    _apply_once(widget)


def tint_widget(widget: QWidget, meaning: str | None) -> None:
    """Fill ``widget`` (a banner, a strip) with the tint meaning ``meaning`` and its text."""
    widget.setProperty(MEANING, ("tint", meaning))
    widget.setAutoFillBackground(meaning is not None)
    _follow(widget)
    _apply_once(widget)


def _apply_once(widget: QWidget) -> None:
    """Colour ``widget`` now, its own palette change not echoed back."""
    assert _FOLLOWER is not None
    _FOLLOWER.applying.add(id(widget))
    try:
        _apply(widget)
    finally:
        _FOLLOWER.applying.discard(id(widget))


def _apply(widget: QWidget) -> None:
    kind, meaning = widget.property(MEANING)
    palette = QPalette()  # only the roles set here are the widget's own; the rest inherit
    if kind == "text" and meaning is not None and (colour := text_colour(meaning)):
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
            palette.setColor(QPalette.ColorGroup.Active, role, colour)
            palette.setColor(QPalette.ColorGroup.Inactive, role, colour)
    elif kind == "tint" and meaning is not None and (pair := tint(meaning)):
        palette.setColor(QPalette.ColorRole.Window, pair[0])
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
            palette.setColor(role, pair[1])
    widget.setPalette(palette)


class _Follower(QObject):
    """Colours a widget again when the application's palette changes."""

    applying: set[int] = set()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange) \
                and isinstance(watched, QWidget) and watched.property(MEANING) and \
                id(watched) not in self.applying:
            _apply_once(watched)
        return False


_FOLLOWER: _Follower | None = None


def _follow(widget: QWidget) -> None:
    global _FOLLOWER
    if _FOLLOWER is None:
        _FOLLOWER = _Follower()
    if not widget.property("cspdeskFollows"):
        widget.installEventFilter(_FOLLOWER)
        widget.setProperty("cspdeskFollows", True)


def error_label(text: str = "") -> QLabel:
    """A label for a refusal, in the error colour, wrapping."""
    label = QLabel(text)
    label.setWordWrap(True)
    colour_text(label, "error")
    return label
