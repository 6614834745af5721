"""The text lines of a PDF page, with where they sit and how they are set, from pypdf's text layer.

pypdf decodes the glyphs, inserts the spaces and line breaks its layout rules find, and hands
each run of text to a visitor with its text matrix, transformation matrix and font. A line
here is what pypdf ends with a line break, placed at its first visible run: that is enough
to see indentation (a hanging list number, a first-line indent), vertical gaps between
paragraphs, larger heading type and bold run-in titles.

Running heads, running feet and page numbers are recognised across pages and dropped, so they
neither break a paragraph that runs over a page nor show up as clauses.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

# A font whose name says it is heavy: "ABCDEF+Arial-BoldMT", "TimesNewRomanPS-BoldItalicMT".
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|demi\b|,b\b", re.I)
# "7", "- 7 -", "Page 7", "Page 7 of 12", "7 / 12", "vii": what a page number looks like.
_ITALIC_NAME = re.compile(r"italic|oblique|,i\b", re.I)
_SUBSET_TAG = re.compile(r"^/?[A-Z]{6}\+")
_STYLE_SUFFIX = re.compile(r"[-,](?:bold|italic|oblique|black|heavy|semibold|demibold|regular|roman|book|medium|light|mt|ps|[bi])+$", re.I)
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I
)
_DIGITS = re.compile(r"\d+")
_LABEL = re.compile(r"^(?:\(?[0-9A-Za-z]{1,4}(?:\.[0-9]+)*[.)]?|[•▪◦·●○■□➢►✓◆◇–—*-])$")
# Only the outermost lines of a page can be a running head or foot.
_EDGE_LINES = 3
_CELL_GAP = 2.0  # a blank stretch this many ems wide, after a run's estimated end, parts two cells
_EDGE_SHARE = 0.12  # ...and only when they sit within this share of the page height from its edge


@dataclass(frozen=True)
class Run:
    """One piece of text as pypdf hands it over: where it starts and in what font."""

    text: str
    x: float
    y: float
    size: float
    bold: bool
    font: str  # the family, without subset tag or style: "DejaVuSerif", "Arial"
    italic: bool


@dataclass
class Line:
    """One line of text on a page, placed at its first visible run."""

    page: int
    text: str
    x: float  # left edge of the first visible run, in points from the page's left
    y: float  # baseline of the first visible run, in points from the page's bottom
    size: float  # font size of the first visible run, in points
    height: float  # the page's height, to tell a running head from body text
    width: float  # the page's width, to tell a full line from a short one
    body_x: float  # where the text after a leading list number starts; x when there is none
    bold_chars: int = 0  # how many leading characters are set in bold
    font: str = ""  # the family of the first visible run
    italic: bool = False
    cell: bool = False  # one cell of a table row (the row had text in two or more columns)

    @property
    def bold(self) -> bool:
        """Return whether the whole line is bold (a bold heading, not a bold word)."""
        return self.bold_chars >= len(self.text.rstrip()) > 0


def _family(font: dict | None) -> tuple[str, bool]:
    """Return a font's family name ("ABCDEF+Arial-BoldItalicMT" gives "Arial") and whether it is italic."""
    name = str(font.get("/BaseFont", "")) if font else ""
    bare = _SUBSET_TAG.sub("", name).lstrip("/")
    family = bare
    while True:
        shorter = _STYLE_SUFFIX.sub("", family)
        if shorter == family:
            break
        family = shorter
    family = re.sub(r"(?:PS)?MT$|PS$", "", family)  # "TimesNewRomanPSMT" and "TimesNewRomanPS-BoldMT"
    return family, bool(_ITALIC_NAME.search(bare))


def _is_bold(font: dict | None) -> bool:
    """Return whether a PDF font dictionary names or describes a bold face."""
    if not font:
        return False
    name = str(font.get("/BaseFont", ""))
    if _BOLD_NAME.search(name):
        return True
    try:
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else None
        weight = descriptor.get("/FontWeight") if descriptor is not None else None
        return weight is not None and float(weight) >= 600
    except (AttributeError, TypeError, ValueError, KeyError):  # a damaged descriptor costs only the hint
        return False


class PageLines:
    """Collects the runs pypdf visits on one page and groups them into lines."""

    def __init__(self, page: int, width: float, height: float) -> None:
        self.page = page
        self.width = width
        self.height = height
        self.lines: list[Line] = []
        self._runs: list[Run] = []
        self._fonts: dict[int, tuple[str, bool]] = {}
        self._bold: dict[int, bool] = {}
        self._keep: list[dict | None] = []

    def visit(self, text: str, cm: list[float], tm: list[float], font: dict | None, size: float) -> None:
        """Take one run of text from pypdf's visitor; a line break in it ends the line."""
        if not text:
            return
        # The run's origin and scale in page space: the text matrix times the CTM.
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
        scale = math.hypot(a, b) or 1.0
        pieces = text.split("\n")
        for number, piece in enumerate(pieces):
            if number:
                self.end_line()
            if piece:
                family, italic = self._fonts.get(id(font)) or self._font(font)
                self._runs.append(Run(piece, x, y, abs(size * scale), self._bold[id(font)], family, italic))

    def _font(self, font: dict | None) -> tuple[str, bool]:
        """Return a font's family and italic flag, remembering them (and its weight) for the page."""
        self._fonts[id(font)] = _family(font)
        self._bold[id(font)] = _is_bold(font)
        self._keep.append(font)  # the ids above stay valid while the page is read
        return self._fonts[id(font)]

    def end_line(self) -> None:
        """Close the line being collected, one Line per table cell when it crosses a wide gap."""
        runs, self._runs = self._runs, []
        cells = _cells(runs)
        for cell in cells:
            self._add(cell, is_cell=len(cells) > 1)

    def _add(self, runs: list[Run], is_cell: bool) -> None:
        """Add the line (or table cell) made of `runs`, if it has any visible text."""
        visible = [run for run in runs if run.text.strip()]
        if not visible:
            return
        text = " ".join("".join(run.text for run in runs).split())
        first = visible[0]
        bold = ""
        for run in runs[runs.index(first):]:
            if not run.bold and run.text.strip():
                break
            bold += run.text
        bold_chars = len(" ".join(bold.split())) + (1 if bold[-1:].isspace() else 0)
        # A list number set apart from its text by a tab (a hanging indent) is a run of its own,
        # followed by a gap wider than a space.
        label_run = (len(visible) > 1 and len(first.text.strip()) <= 6
                     and visible[1].x > first.x + _label_width(first) + 0.4 * first.size)
        self.lines.append(Line(
            page=self.page, text=text, x=first.x, y=first.y, size=first.size, height=self.height, width=self.width,
            body_x=visible[1].x if label_run else first.x, bold_chars=min(bold_chars, len(text)),
            font=first.font, italic=first.italic, cell=is_cell,
        ))

    def finish(self) -> list[Line]:
        """Return the page's lines once pypdf has visited all of it."""
        self.end_line()
        return self.lines


def _width(run: Run) -> float:
    """Return a generous estimate of how wide a run is set, from its characters and size.

    pypdf reports where runs start, not where they end; an upper bound per character keeps
    ordinary text from looking like two table cells.
    """
    wide = sum(1 for ch in run.text if ch.isupper() or ch in "mwMW@%")
    return run.size * (0.62 * len(run.text) + 0.2 * wide)


def _label_width(run: Run) -> float:
    """Return about how wide a short list number ("10.", "(iv)") is set: digits are half an em."""
    ems = {".": 0.28, ",": 0.28, "(": 0.33, ")": 0.33, " ": 0.25}
    return run.size * sum(ems.get(ch, 0.7 if ch.isupper() else 0.55) for ch in run.text.strip())


def _cells(runs: list[Run]) -> list[list[Run]]:
    """Return a line's runs split where a wide blank gap separates them: the cells of a table row."""
    cells: list[list[Run]] = [[]]
    end = None
    for run in runs:
        if not run.text.strip():
            cells[-1].append(run)
            continue
        opening = "".join(r.text for r in cells[0]).strip() if len(cells) == 1 else ""
        is_label = bool(_LABEL.match(opening))  # "10." then a tab to the heading: one line
        if end is not None and run.x - end > _CELL_GAP * run.size and cells[-1] and not is_label:
            cells.append([])
        cells[-1].append(run)
        end = max(end or run.x, run.x + _width(run))
    return [cell for cell in cells if cell]


def _edge_lines(lines: list[Line]) -> list[Line]:
    """Return the lines of one page that could be a running head or foot."""
    if not lines:
        return []
    ordered = sorted(lines, key=lambda line: -line.y)
    height = lines[0].height or 792.0
    top = [line for line in ordered[:_EDGE_LINES] if line.y > height * (1 - _EDGE_SHARE)]
    bottom = [line for line in ordered[-_EDGE_LINES:] if line.y < height * _EDGE_SHARE]
    return top + bottom


def _shape(text: str) -> str:
    """Return a line's text with its numbers blanked, so "Page 3" and "Page 4" match."""
    return _DIGITS.sub("#", text.strip().lower())


def drop_running_lines(pages: list[list[Line]]) -> list[Line]:
    """Return the body lines of all pages in order, without running heads, feet and page numbers.

    A line near the top or bottom of a page is running text when its shape (numbers blanked)
    recurs near the edge of at least half the pages (and of two or more), or when it is only a
    page number.
    """
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_shape(line.text) for line in _edge_lines(lines)})
    needed = max(2, (len(pages) + 1) // 2)
    body: list[Line] = []
    for lines in pages:
        edge = {id(line) for line in _edge_lines(lines)}
        for line in lines:
            if id(line) in edge and (seen[_shape(line.text)] >= needed or _PAGE_NUMBER.match(line.text)):
                continue
            body.append(line)
    return body
