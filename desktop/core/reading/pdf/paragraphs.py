"""Turning the lines of a PDF back into the paragraphs a word processor had, for clause splitting.

A PDF keeps only positioned lines. A paragraph boundary shows as one of: a line that starts
with a clause number ("8.1", "(a)", "Section 9") set apart by a tab, at another indent, or
after an item of a list ends; a taller gap than the document's usual line pitch; a change of
type size; body text after a bold heading line; a change of indentation; a short line that
ends a sentence; a page break after a finished sentence. Cells side by side are table
paragraphs, as the Word reader reports them.

Headings are told by type: a short paragraph larger than the body, or in another typeface,
is an outline heading, ranked by size, then weight; a wholly bold short paragraph, or a bold
run at its start, becomes `bold_prefix`, exactly what the Word reader reports. Numbers stay in the text as typed, as the plain-text reader leaves
them, unless the document reuses the same kind of number at several indents ("1." under
"1.", as Word's automatic multi-level lists print); then each number becomes the paragraph's
`label` and its indent its `num_level`, as the Word reader reports automatic numbering.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.core.clause_labels import split_typed_number
from desktop.core.model import Paragraph
from desktop.core.reading.pdf.lines import Line
from desktop.core.reading.text import CLAUSE_START

_SENTENCE_END = re.compile(r"[.:;!?][”\"’')\]]*$")
# How an item of a run-in list ends: "…the following:", "(a) …;", "(b) …; and". A bare "and"
# or "," at a line end is more often a sentence running on to a cited "16.2 (Waiver)".
_LIST_BREAK = re.compile(r"(?:[.:;!?]|;\s+(?:and|or))[”\"’')\]]*$")
_HYPHENATED = re.compile(r"(\w+)[-\u00ad]$")
_WORD_START = re.compile(r"^([a-z]\w*)")
_SAME_X = 3.0  # points: two lines this close start at the same indent
_HEADING_GROWTH = 1.0  # points larger than the body text that make a heading
_MAX_HEADING_WORDS = 20
_MAX_BOLD_HEADING_WORDS = 14


@dataclass
class _Para:
    """A paragraph being gathered from lines."""

    lines: list[Line] = field(default_factory=list)

    @property
    def first(self) -> Line:
        return self.lines[0]

    def continuation_x(self) -> tuple[float, ...]:
        """Return the indents a next line of this paragraph may start at."""
        if len(self.lines) > 1:
            return (self.lines[1].x,)
        first = self.first
        return (first.x, first.body_x)


@dataclass(frozen=True)
class _Layout:
    """What is usual in this document: body type size, line pitch, full line lengths by indent."""

    body_size: float
    body_font: str  # the family most of the text is set in
    pitch: float  # baseline-to-baseline distance inside a paragraph, as a multiple of the size
    full_length: dict[int, int]  # indent (rounded) -> characters in a full line there
    page_width: float
    left: float  # the page's left margin: the smallest indent

    def full_at(self, x: float) -> int:
        """Return how many characters a full line holds at indent `x`.

        The longest lines measured there count, but never less than most of the width left
        between `x` and a right margin as wide as the left one, at half an em a character: a
        page of short list items has no full line to measure.
        """
        room = max(10, round(0.8 * (self.page_width - x - self.left) / (0.5 * self.body_size)))
        return max(self.full_length.get(round(x), 0), room)


def _layout(lines: list[Line]) -> _Layout:
    """Return the usual size, pitch and line lengths of a document's lines."""
    sizes: Counter[float] = Counter()
    fonts: Counter[str] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
        fonts[line.font] += len(line.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 12.0
    body_font = fonts.most_common(1)[0][0] if fonts else ""
    pitches: Counter[float] = Counter()
    for before, after in zip(lines, lines[1:]):
        if before.page == after.page and abs(before.size - after.size) < 0.5 and before.y > after.y:
            pitches[round((before.y - after.y) / max(after.size, 1.0), 2)] += 1
    pitch = pitches.most_common(1)[0][0] if pitches else 1.2
    by_x: dict[int, list[int]] = {}
    for line in lines:
        by_x.setdefault(round(line.x), []).append(len(line.text))
    full = {x: _high(lengths) for x, lengths in by_x.items() if len(lengths) >= 5}
    return _Layout(body_size, body_font, pitch, full, max(line.width for line in lines), min(line.x for line in lines))


def _high(values: list[int]) -> int:
    """Return the 90th percentile of `values`: a full line, ignoring a few overlong ones."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]


def _starts_clause(line: Line) -> bool:
    """Return whether a line opens with what could be a clause number or bullet."""
    return bool(CLAUSE_START.match(line.text))


def _breaks(para: _Para, line: Line, layout: _Layout) -> bool:
    """Return whether `line` starts a new paragraph rather than continuing `para`."""
    last = para.lines[-1]
    if abs(line.size - last.size) > 0.5 or (line.font != last.font and _is_heading(para, layout)):
        return True
    if not line.bold and len(para.lines) <= 2 and all(before.bold for before in para.lines):
        return True  # a bold heading line, then the body: bold words inside a paragraph do not count
    at_indent = any(abs(line.x - x) <= _SAME_X for x in para.continuation_x())
    if len(para.lines) == 1 and line.x < para.first.x - _SAME_X:
        at_indent = para.first.x - line.x <= 72  # a first-line indent, then the paragraph's margin
    ends_sentence = bool(_SENTENCE_END.search(last.text))
    if line.page != last.page:
        if not at_indent or _starts_clause(line):
            return True
        return ends_sentence and not line.text[:1].islower()
    gap = (last.y - line.y) / max(line.size, 1.0)
    if gap <= 0 or gap > layout.pitch + 0.1:
        return True  # a taller gap, or a jump back up the page (a new column or a text box)
    if line.size > layout.body_size + _HEADING_GROWTH and line.bold == last.bold and len(para.lines) < 3:
        return False  # a centred title wrapped onto a second line, each line at its own indent
    if not at_indent or (line.body_x > line.x and _starts_clause(line)):
        return True  # another indent, or a list number set apart from its text
    full = layout.full_at(last.x)
    if _starts_clause(line) and len(last.text) < 0.9 * full and _LIST_BREAK.search(last.text):
        return True  # "…the following:" / "(a) …;" / "(b) …; and" then the next item
    return ends_sentence and len(last.text) < 0.75 * full


def _join(before: str, after: str, vocabulary: set[str]) -> str:
    """Return two lines of one paragraph joined, undoing a line-break hyphen only where safe.

    A soft hyphen always goes. A hard hyphen goes only when the document spells the joined
    word without it elsewhere ("indemnifi-" + "cation" when "indemnification" occurs);
    otherwise it stays ("third-" + "party" gives "third-party").
    """
    hyphen = _HYPHENATED.search(before)
    if hyphen and after[:1].isalpha():
        start = _WORD_START.match(after)
        joined = hyphen.group(1) + (start.group(1) if start else "")
        if start and (before.endswith("\u00ad") or joined.lower() in vocabulary):
            return before[:-1] + after
        return before + after  # "Third-" + "Party" is "Third-Party"
    return f"{before} {after}"


def _gather(lines: list[Line], layout: _Layout) -> list[_Para]:
    """Return the lines grouped into paragraphs."""
    paras: list[_Para] = []
    for line in lines:
        if not paras or _breaks(paras[-1], line, layout):
            paras.append(_Para())
        paras[-1].lines.append(line)
    return paras


def _vocabulary(lines: list[Line]) -> set[str]:
    """Return every lower-cased word of the document, to judge line-break hyphens."""
    words: set[str] = set()
    for line in lines:
        words.update(re.findall(r"\w+", line.text.lower()))
    return words


def _x_levels(xs: list[float]) -> list[float]:
    """Return the distinct indents among `xs`, left to right, merging those within _SAME_X."""
    levels: list[float] = []
    for x in sorted(xs):
        if not levels or x - levels[-1] > _SAME_X:
            levels.append(x)
    return levels


def _level_of(x: float, levels: list[float]) -> int:
    """Return the position of the indent `x` among `levels`."""
    return min(range(len(levels)), key=lambda at: abs(levels[at] - x))


def _multilevel(numbered: list[tuple[_Para, str, str]]) -> bool:
    """Return whether the same kind of number appears at two indents: a multi-level list."""
    indents: dict[str, list[float]] = {}
    for para, _label, kind in numbered:
        indents.setdefault(kind, []).append(para.first.x)
    return any(len(_x_levels(xs)) > 1 and len(xs) >= 4 for xs in indents.values())


def build_paragraphs(lines: list[Line], check: Callable[[], None] | None = None) -> list[Paragraph]:
    """Return the paragraphs of a document's body lines, numbered and styled for the clause splitter."""
    if not lines:
        return []
    layout = _layout(lines)
    vocabulary = _vocabulary(lines)
    paras = _gather(lines, layout)
    numbered: list[tuple[_Para, str, str]] = []
    for para in paras:
        typed = split_typed_number(para.first.text) if _starts_clause(para.first) else None
        if typed is not None:
            typed_label = typed[0]
            numbered.append((para, typed_label.shown, f"{typed_label.family}{typed_label.style}"))
    tables = _table_paragraphs(paras)
    numbered = [entry for entry in numbered if id(entry[0]) not in tables]
    labels = {id(para): shown for para, shown, _kind in numbered}
    levels = _x_levels([para.first.x for para, _s, _k in numbered]) if _multilevel(numbered) else []
    heading_styles = sorted({_style(p) for p in paras if _is_heading(p, layout)}, reverse=True)
    out: list[Paragraph] = []
    for number, para in enumerate(paras):
        if check is not None and number % 256 == 0:
            check()
        text = para.lines[0].text
        for line in para.lines[1:]:
            text = _join(text, line.text, vocabulary)
        bold = para.first.text[: para.first.bold_chars].rstrip() if para.first.bold_chars else ""
        if para.first.bold and all(line.bold for line in para.lines):
            bold = text if len(text.split()) <= _MAX_BOLD_HEADING_WORDS else ""
        label, num_level, num_id = "", None, ""
        shown = labels.get(id(para))
        if levels and shown is not None:
            label, num_level, num_id = shown, _level_of(para.first.x, levels), "pdf"
            text = text[len(shown):].lstrip()
            bold = bold[len(shown):].lstrip() if bold.startswith(shown) else ""
        outline = heading_styles.index(_style(para)) if _is_heading(para, layout) else None
        out.append(Paragraph(
            index=len(out), text=text, label=label, outline_level=outline, num_id=num_id,
            num_level=num_level, bold_prefix=bold if text.startswith(bold) else "", in_table=id(para) in tables,
        ))
    return out


def _table_paragraphs(paras: list[_Para]) -> set[int]:
    """Return the ids of paragraphs that are table cells: split off a row, or side by side.

    Two paragraphs that start on the same baseline of a page sit in neighbouring columns; the
    Word reader reads such cells as table paragraphs, so this reader does too.
    """
    starts: dict[tuple[int, int], list[_Para]] = {}
    for para in paras:
        starts.setdefault((para.first.page, round(para.first.y)), []).append(para)
    found = {id(para) for para in paras if para.first.cell}
    for group in starts.values():
        if len(group) > 1:
            found.update(id(para) for para in group)
    return found


def _is_heading(para: _Para, layout: _Layout) -> bool:
    """Return whether a paragraph is a heading: short, and set larger than the body or in another face.

    Word's and LibreOffice's default heading styles use a larger size, or the body size in
    the heading font ("Limits on Updates" in sans oblique amid serif text).
    """
    words = sum(len(line.text.split()) for line in para.lines)
    if words > _MAX_HEADING_WORDS or len(para.lines) > 3:
        return False
    if para.first.size > layout.body_size + _HEADING_GROWTH:
        return True
    return (bool(layout.body_font) and all(line.font != layout.body_font for line in para.lines)
            and not _SENTENCE_END.search(para.lines[-1].text.rstrip(".")))


def _style(para: _Para) -> tuple[int, bool, bool]:
    """Return how a heading is set: larger, then bold, then upright sorts higher (level 0 first)."""
    first = para.first
    return round(first.size), first.bold, not first.italic
