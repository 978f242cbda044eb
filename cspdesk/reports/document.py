"""The document model every paper is built as: plain data that any writer can render.

A ``Document`` is a list of blocks: ``Heading`` (with its number, "2.0"), ``Paragraph``
(runs of text, bold or not, with a number such as "2.1" in the margin), ``ItemList``
(bulleted, numbered or i., ii., iii.), ``Table`` (a header row and rows of ``Cell``),
``Image`` (PNG bytes with the words it shows) and ``PageBreak``. Numbers are part of the
text, worked out by ``Numbering`` as the committee report numbers its paragraphs, so every
writer shows the same ones. ``as_text`` writes a document as plain text, as a reader would
read it aloud: tests and previews read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

PARAGRAPH_STYLES = ("body", "title", "subtitle", "small")
LIST_STYLES = ("bullet", "number", "roman")
ALIGNS = ("left", "right", "center")


@dataclass(frozen=True)
class Run:
    """A stretch of text in one look."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 for a section ("2.0 Performance"), 2 for a part of one
    number: str = ""

    @property
    def label(self) -> str:
        return f"{self.number} {self.text}" if self.number else self.text


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    number: str = ""  # shown in the margin: "1.1"
    style: str = "body"  # one of PARAGRAPH_STYLES

    def __post_init__(self) -> None:
        if self.style not in PARAGRAPH_STYLES:
            raise ValueError(f"unknown paragraph style {self.style!r}")

    @classmethod
    def of(cls, text: str, number: str = "", style: str = "body",
           bold: bool = False) -> Paragraph:
        return cls((Run(text, bold=bold),), number, style)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class ItemList:
    items: tuple[str, ...]
    style: str = "bullet"  # one of LIST_STYLES

    def __post_init__(self) -> None:
        if self.style not in LIST_STYLES:
            raise ValueError(f"unknown list style {self.style!r}")

    def marker(self, index: int) -> str:
        """The mark before item ``index`` (from 0): '•', '3.' or 'iii.'."""
        if self.style == "bullet":
            return "•"
        if self.style == "number":
            return f"{index + 1}."
        return f"{roman(index + 1)}."


@dataclass(frozen=True)
class Cell:
    text: str
    bold: bool = False
    fill: str | None = None  # a background colour, '#dcefe2'
    align: str = "left"  # one of ALIGNS


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]  # empty for a table without a header row
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...] = ()  # relative widths of the columns; even when empty
    row_height_mm: float | None = None  # a least height for every row (room to sign)
    small: bool = False  # a smaller type, for wide tables

    def __post_init__(self) -> None:
        columns = len(self.header) or (len(self.rows[0]) if self.rows else 0)
        for row in self.rows:
            if len(row) != columns:
                raise ValueError(f"a table row has {len(row)} cells, not {columns}")
        if self.widths and len(self.widths) != columns:
            raise ValueError("a table needs one width per column")

    @property
    def columns(self) -> int:
        return len(self.header) or (len(self.rows[0]) if self.rows else 0)

    def column_shares(self) -> list[float]:
        """Each column's share of the width, adding up to 1."""
        widths = list(self.widths) or [1.0] * self.columns
        total = sum(widths) or 1.0
        return [w / total for w in widths]


@dataclass(frozen=True)
class Image:
    png: bytes
    width_mm: float
    description: str  # what the image shows, in words (alternative text, the caption)


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | ItemList | Table | Image | PageBreak


@dataclass
class Document:
    """A paper: its title (for the file's properties and the print job) and its blocks."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def headings(self) -> list[str]:
        return [b.label for b in self.blocks if isinstance(b, Heading)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def images(self) -> list[Image]:
        return [b for b in self.blocks if isinstance(b, Image)]


def cells(values: Iterable[object], bold: bool = False) -> tuple[Cell, ...]:
    """A row of plain cells from values (None is an empty cell)."""
    return tuple(Cell("" if v is None else str(v), bold=bold) for v in values)


def table(header: Sequence[str], rows: Iterable[Iterable[object]], **options: object) -> Table:
    """A table of plain cells: ``table(("Area", "Count"), [("Force", "6%")])``."""
    made = tuple(row if isinstance(row, tuple) and all(isinstance(c, Cell) for c in row)
                 else cells(row) for row in rows)
    return Table(tuple(header), made, **options)  # type: ignore[arg-type]


class Numbering:
    """Section and paragraph numbers as a committee report writes them: a section is "1.0",
    its paragraphs "1.1", "1.2"; the next section "2.0"."""

    def __init__(self) -> None:
        self.section_number = 0
        self.paragraph_number = 0

    def section(self) -> str:
        self.section_number += 1
        self.paragraph_number = 0
        return f"{self.section_number}.0"

    def next(self) -> str:
        self.paragraph_number += 1
        return f"{self.section_number}.{self.paragraph_number}"


_ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def roman(number: int) -> str:
    """A small number in lower-case Roman numerals: 4 -> 'iv' (up to 39)."""
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def as_text(document: Document) -> str:
    """The document as plain text: headings, numbered paragraphs, list items on their own
    lines, tables a row a line with cells separated by " | ", images by their words."""
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += ["", block.label]
        elif isinstance(block, Paragraph):
            lines.append(f"{block.number} {block.text}" if block.number else block.text)
        elif isinstance(block, ItemList):
            lines += [f"  {block.marker(i)} {item}" for i, item in enumerate(block.items)]
        elif isinstance(block, Table):
            rows = ([block.header] if block.header else []) + [
                tuple(c.text for c in row) for row in block.rows]
            lines += [" | ".join(row).replace("\n", " / ") for row in rows]
        elif isinstance(block, Image):
            lines.append(f"[Chart: {block.description}]")
    return "\n".join(lines).strip() + "\n"
