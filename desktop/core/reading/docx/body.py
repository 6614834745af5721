"""Walking a .docx body in order: paragraphs, tables, text boxes, tracked changes, comment anchors.

`BodyReader` sees each paragraph once. It keeps the accepted view (see desktop.core.reading.docx
for the choices), gives each paragraph its list label in body order, and remembers every
tracked change and comment anchor by the position of the raw paragraph it sits in.

Its work and memory grow with the file, never faster: each piece of text is stored once (the
text of changes and comment ranges as spans of one log, see `spans`), a paragraph joined by a
deleted mark takes over its predecessor's pieces rather than copying them, and the count of
paragraphs and the length of each are bounded (`desktop.core.reading.limits`). Nesting is as
deep as the XML parser allows (256 levels: huge_tree is off), well within Python's recursion
limit.

A text box's paragraphs are paragraphs of their own, read right after the paragraph that anchors
the box (the one whose run holds the w:drawing or w:pict), each box in order, in the anchor's
table cell if it has one. Word writes a box twice inside mc:AlternateContent, as DrawingML
(mc:Choice) and as VML (mc:Fallback): one version is read, never both. When the anchoring
paragraph's mark is deleted, the box's paragraphs come before the paragraph it joins.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from desktop.core.model import CancelFlag, ChangeKind, ReadError
from desktop.core.reading.docx.numbering import ListCounter, ListDefinitions
from desktop.core.reading.docx.spans import TOO_MUCH_TEXT, Anchor, ChangeMark, TextLog
from desktop.core.reading.docx.styles import W_VAL, StyleSheet, W, int_val, on_off
from desktop.core.reading.limits import CLAUSE_TOO_LONG, MAX_CLAUSE_CHARS, MAX_CLAUSES, TOO_MANY_CLAUSES
from desktop.core.work import Progress, check_cancel

P, R, T, DEL_TEXT = W + "p", W + "r", W + "t", W + "delText"
PPR, RPR, PSTYLE, RSTYLE = W + "pPr", W + "rPr", W + "pStyle", W + "rStyle"
NUMPR, NUMID, ILVL, OUTLINE = W + "numPr", W + "numId", W + "ilvl", W + "outlineLvl"
B, VANISH = W + "b", W + "vanish"
TBL, TR, TC, TRPR = W + "tbl", W + "tr", W + "tc", W + "trPr"
SDT, SDT_CONTENT, CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
INS, DEL, MOVE_FROM, MOVE_TO = W + "ins", W + "del", W + "moveFrom", W + "moveTo"
FLD_CHAR, SYM = W + "fldChar", W + "sym"
CRS, CRE, COMMENT_REF = W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference"
W_ID, AUTHOR, DATE = W + "id", W + "author", W + "date"
M_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
MATH = {"{http://schemas.openxmlformats.org/officeDocument/2006/math}" + n for n in ("oMath", "oMathPara")}
TXBX = W + "txbxContent"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
ALTERNATE, CHOICE, FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"

CHANGE_KINDS: dict[str, ChangeKind] = {INS: "insert", DEL: "delete", MOVE_FROM: "move_from", MOVE_TO: "move_to"}
INLINE_CONTAINERS = {W + n for n in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo")}
SPACES = {W + n for n in ("tab", "ptab", "br", "cr")}
PICTURES = {W + n for n in ("drawing", "pict", "object")} | {ALTERNATE}
NOTES = {W + "footnoteReference", W + "endnoteReference"}
PARAGRAPH_MARK = "¶"
# Empty paragraphs are dropped, but each costs memory while the body is read: a file of
# nothing else is bounded too, far above the spacing paragraphs of a real contract.
MAX_RAW_PARAGRAPHS = 4 * MAX_CLAUSES
_CHECK_EVERY = 1024  # runs between two looks at the cancel flag (and the time limit)


@dataclass(slots=True)
class RawParagraph:
    """A paragraph as found in the XML, before merging, numbering and dropping."""

    ppr: etree._Element | None
    style_id: str
    style_bold: bool | None
    cell: tuple[int, int, int] | None
    pieces: list[tuple[str, bool]] = field(default_factory=list)  # (text, bold)
    chars: int = 0  # the length of the pieces' text
    mark_deleted: bool = False
    emitted: bool = False
    label: str = ""
    num_id: str = ""
    num_level: int | None = None
    final: int | None = None


class BodyReader:
    """Walks the document body once, in order, collecting paragraphs, changes and comments."""

    def __init__(
        self,
        styles: StyleSheet,
        lists: ListDefinitions,
        progress: Progress | None = None,
        cancel: CancelFlag | None = None,
        name: str = "This file",
        max_text: int = sys.maxsize,
    ) -> None:
        self.name = name
        self.max_text = max_text  # characters of text that table rows' changes may copy
        self.row_text_chars = 0
        self.styles = styles
        self.counter = ListCounter(lists)
        self.progress = progress
        self.cancel = cancel
        self.raws: list[RawParagraph] = []
        self.kept = 0  # paragraphs with text or a label taken into the accepted view
        self.changes: list[ChangeMark] = []
        self.changed_text = TextLog()  # every text a change covers, deleted text included
        self.active = 0  # how many changes the walk is inside
        self.accepted_text = TextLog()  # accepted text (and paragraph ends) while a range is open
        self.hidden = 0  # pieces of deleted or hidden text passed so far
        self.anchors: dict[str, Anchor] = {}
        self.open_anchors: dict[str, Anchor] = {}  # by comment id
        self.runs = 0
        self.fields: list[bool] = []  # per open field: True once past its instruction
        self.field_hidden = False
        self.discard = 0  # > 0 inside a deleted table row
        self.tables = 0
        self.boxes: list[etree._Element] = []  # the text boxes anchored in the paragraph being read
        self.skipped = {"images": 0, "notes": 0, "embedded": 0}

    # -- blocks ---------------------------------------------------------------------------

    def body(self, body: etree._Element) -> None:
        """Read every block of the body, reporting progress by top-level block."""
        children = len(body)
        step = max(children // 100, 1)
        pending: RawParagraph | None = None
        for done, child in enumerate(body):
            pending = self.block(child, None, pending)
            if self.progress is not None and done % step == 0:
                self.progress(done, children)
        if pending is not None:
            self.emit(pending)
        for anchor in self.open_anchors.values():  # a range never closed runs to the end
            anchor.close(self.accepted_text, self.hidden)
        self.open_anchors.clear()
        if self.progress is not None:
            self.progress(children, children)

    def blocks(self, container: etree._Element, cell: tuple[int, int, int] | None) -> None:
        """Read the paragraphs and tables of a container (a table cell, a content control)."""
        pending: RawParagraph | None = None
        for child in container:
            pending = self.block(child, cell, pending)
        if pending is not None:
            self.emit(pending)

    def block(self, child, cell, pending: RawParagraph | None) -> RawParagraph | None:
        """Read one block; return the paragraph whose deleted mark joins it to the next one."""
        tag = child.tag
        if tag == P:
            raw = self.paragraph(child, cell)
            boxes, self.boxes = self.boxes, []
            if pending is not None:  # joined: take the pieces over, as copying them is quadratic
                pending.pieces.extend(raw.pieces)
                raw.pieces, pending.pieces = pending.pieces, []
                self.grow(raw, pending.chars)
            if not raw.mark_deleted:
                self.emit(raw)
            for box in boxes:
                self.blocks(box, cell)
            return raw if raw.mark_deleted else None
        if tag in (CRS, CRE):
            self.comment_mark(child, len(self.raws))
            return pending
        if pending is not None:  # Word cannot join a paragraph into a table
            self.emit(pending)
        if tag == TBL:
            self.table(child)
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                self.blocks(content, cell)
        elif tag == CUSTOM_XML:
            self.blocks(child, cell)
        elif tag == W + "altChunk":
            self.skipped["embedded"] += 1
        return None

    def table(self, tbl: etree._Element) -> None:
        """Read a table row by row; a deleted row is walked for its changes, then dropped."""
        index = self.tables
        self.tables += 1
        row_no = 0
        for row in wrapped_children(tbl, TR):
            deleted = self.row_changes(row)
            self.discard += deleted
            for col, cell in enumerate(wrapped_children(row, TC)):
                self.blocks(cell, (index, row_no, col))
            self.discard -= deleted
            row_no += not deleted

    def row_changes(self, row: etree._Element) -> bool:
        """Record a row's tracked insertion or deletion; return whether the row is deleted."""
        trpr = row.find(TRPR)
        deleted = False
        text = None
        if trpr is not None:
            for mark in trpr:
                if mark.tag in (INS, DEL):
                    if text is None:  # once per row, however many marks it carries
                        text = self.row_text(row)
                    self.row_text_chars += len(text)
                    if self.row_text_chars > self.max_text:
                        raise ReadError(TOO_MUCH_TEXT.format(name=self.name))
                    self.record(mark, len(self.raws), text)
                    deleted = deleted or mark.tag == DEL
        return deleted

    def row_text(self, row: etree._Element) -> str:
        """Return the text of a table row, refusing the file once rows' changes copy too much.

        A row's text includes the tables nested in it, so marked rows nested in marked rows
        copy the innermost text once a level: counted as it is gathered, it stays bounded.
        """
        pieces: list[str] = []
        room = self.max_text - self.row_text_chars
        for el in row.iter(T, DEL_TEXT):
            if el.text:
                pieces.append(el.text)
                room -= len(el.text)
                if room < 0:
                    raise ReadError(TOO_MUCH_TEXT.format(name=self.name))
        return "".join(pieces)

    # -- paragraphs -----------------------------------------------------------------------

    def paragraph(self, p: etree._Element, cell) -> RawParagraph:
        """Read one w:p into a raw paragraph (text pieces with their boldness)."""
        if len(self.raws) % 64 == 0:
            check_cancel(self.cancel)
        if len(self.raws) >= MAX_RAW_PARAGRAPHS:
            raise ReadError(TOO_MANY_CLAUSES.format(name=self.name, limit=MAX_CLAUSES))
        ppr = p.find(PPR)
        style_el = ppr.find(PSTYLE) if ppr is not None else None
        style_id = self.styles.paragraph_style(style_el.get(W_VAL) if style_el is not None else None)
        raw = RawParagraph(ppr, style_id, self.styles.bold(style_id), cell)
        position = len(self.raws)
        self.raws.append(raw)
        mark_rpr = ppr.find(RPR) if ppr is not None else None
        if mark_rpr is not None:
            for mark in mark_rpr:
                if mark.tag in CHANGE_KINDS:
                    self.record(mark, position, PARAGRAPH_MARK)
                    raw.mark_deleted = raw.mark_deleted or mark.tag in (DEL, MOVE_FROM)
        self.inline(p, raw, position, False)
        # A field instruction never spans paragraphs; an unfinished one must not hide the rest.
        if not all(self.fields):
            self.fields = [True] * len(self.fields)
            self.field_hidden = False
        if self.open_anchors:
            self.accepted_text.append(" ")
        return raw

    def inline(self, parent, raw: RawParagraph, position: int, hidden: bool) -> None:
        """Read the runs of a paragraph or of an inline container inside it."""
        for child in parent:
            tag = child.tag
            if tag == R:
                self.run(child, raw, position, hidden)
            elif tag in INLINE_CONTAINERS:
                self.inline(child, raw, position, hidden)
            elif tag in CHANGE_KINDS:
                change = self.record(child, position)
                self.active += 1
                self.inline(child, raw, position, hidden or tag in (DEL, MOVE_FROM))
                self.active -= 1
                change.end = self.changed_text.length
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.inline(content, raw, position, hidden)
            elif tag in (CRS, CRE):
                self.comment_mark(child, position)
            elif tag in MATH:
                self.add("".join(t.text or "" for t in child.iter(M_T)), False, raw, hidden)

    def run(self, r: etree._Element, raw: RawParagraph, position: int, hidden: bool) -> None:
        """Read one w:r: its text, tabs and breaks, fields and references."""
        self.runs += 1
        if self.runs % _CHECK_EVERY == 0:  # one paragraph may hold a great many runs
            check_cancel(self.cancel)
        bold = self.styles.default_bold if raw.style_bold is None else raw.style_bold
        for child in r:
            tag = child.tag
            if tag == T:
                self.add(child.text, bold, raw, hidden)
            elif tag == RPR:
                bold, vanish = self.run_format(child, raw)
                hidden = hidden or vanish
            elif tag in SPACES:
                self.add(" ", bold, raw, hidden)
            elif tag == DEL_TEXT:
                self.add(child.text, bold, raw, True)
            elif tag == FLD_CHAR:
                self.field_char(child.get(W + "fldCharType"))
            elif tag == W + "noBreakHyphen":
                self.add("-", bold, raw, hidden)
            elif tag == SYM:
                self.add(_symbol(child.get(W + "char", "")), bold, raw, hidden)
            elif tag in PICTURES:
                self.picture(child, hidden)
            elif tag == COMMENT_REF:
                comment_id = child.get(W_ID, "")
                if comment_id not in self.anchors:
                    self.anchors[comment_id] = Anchor(position)
            elif tag in NOTES:
                self.skipped["notes"] += 1

    def picture(self, picture: etree._Element, hidden: bool) -> None:
        """Keep a picture's text boxes to read after its paragraph; count one without any."""
        boxes = text_boxes(picture)
        if not boxes:
            self.skipped["images"] += 1
        elif not (hidden or self.field_hidden):  # a deleted or hidden box is gone once accepted
            self.boxes.extend(boxes)

    def run_format(self, rpr: etree._Element, raw: RawParagraph) -> tuple[bool, bool]:
        """Return (bold, hidden) for a run with these properties in this paragraph."""
        direct = char_style = None
        vanish = False
        for prop in rpr:
            tag = prop.tag
            if tag == B:
                direct = on_off(prop)
            elif tag == RSTYLE:
                char_style = prop.get(W_VAL)
            elif tag == VANISH:
                vanish = bool(on_off(prop))
        if direct is not None:
            return direct, vanish
        base = self.styles.default_bold if raw.style_bold is None else raw.style_bold
        from_char = self.styles.bold(char_style) if char_style else None
        # Bold is a toggle property: a bold character style in a bold paragraph style cancels.
        return (base != from_char if from_char is not None else base), vanish

    def add(self, text: str | None, bold: bool, raw: RawParagraph, hidden: bool) -> None:
        """Add text to the paragraph (unless hidden), to the changes and comments around it."""
        if not text or self.field_hidden:
            return
        if self.active:
            self.changed_text.append(text)
        if hidden:
            self.hidden += 1
            return
        raw.pieces.append((text, bold))
        self.grow(raw, len(text))
        if self.open_anchors:
            self.accepted_text.append(text)

    def grow(self, raw: RawParagraph, chars: int) -> None:
        """Count `chars` more characters in a paragraph, refusing one longer than any clause."""
        raw.chars += chars
        if raw.chars > MAX_CLAUSE_CHARS:
            raise ReadError(CLAUSE_TOO_LONG.format(name=self.name, limit=MAX_CLAUSE_CHARS))

    def field_char(self, kind: str | None) -> None:
        """Track complex fields: text between begin and separate is the hidden instruction."""
        if kind == "begin":
            self.fields.append(False)
        elif kind == "separate" and self.fields:
            self.fields[-1] = True
        elif kind == "end" and self.fields:
            self.fields.pop()
        self.field_hidden = not all(self.fields)

    # -- marks ----------------------------------------------------------------------------

    def record(self, mark: etree._Element, position: int, text: str | None = None) -> ChangeMark:
        """Note one tracked change: its `text`, or (None) the text walked until its end is set."""
        start = self.changed_text.length
        change = ChangeMark(CHANGE_KINDS[mark.tag], mark.get(AUTHOR, ""), mark.get(DATE, ""),
                            position, start, start, text)
        self.changes.append(change)
        return change

    def comment_mark(self, mark: etree._Element, position: int) -> None:
        """Open or close the text range a comment is anchored to."""
        comment_id = mark.get(W_ID, "")
        if mark.tag == CRS:
            # A second start for the same comment replaces the first, whose text nothing reads.
            anchor = Anchor(position, ranged=True, start=self.accepted_text.length, hidden_at_start=self.hidden)
            self.anchors[comment_id] = anchor
            self.open_anchors[comment_id] = anchor
        else:
            opened = self.open_anchors.pop(comment_id, None)
            if opened is not None:
                opened.close(self.accepted_text, self.hidden)

    # -- numbering ------------------------------------------------------------------------

    def emit(self, raw: RawParagraph) -> None:
        """Take a paragraph into the accepted view and give it its list label, in body order."""
        if self.discard:
            return
        raw.emitted = True
        self.label(raw)
        if raw.label or any(text.strip() for text, _bold in raw.pieces):
            self.kept += 1
            if self.kept > MAX_CLAUSES:
                raise ReadError(TOO_MANY_CLAUSES.format(name=self.name, limit=MAX_CLAUSES))

    def label(self, raw: RawParagraph) -> None:
        """Give an emitted paragraph its list label, counting it in its list."""
        num_id, ilvl = None, None
        num_pr = raw.ppr.find(NUMPR) if raw.ppr is not None else None
        if num_pr is not None:
            num_el = num_pr.find(NUMID)
            num_id = num_el.get(W_VAL) if num_el is not None else None
            ilvl = int_val(num_pr.find(ILVL))
        style_num, style_ilvl = self.styles.num_pr(raw.style_id)
        if num_id is None:
            num_id = style_num
        if not num_id or num_id == "0":
            return
        if ilvl is None:
            ilvl = style_ilvl
        if ilvl is None:
            ilvl = self.counter.definitions.level_for_style(num_id, raw.style_id) or 0
        label = self.counter.next_label(num_id, ilvl)
        if label is not None:
            raw.label, raw.num_id, raw.num_level = label, num_id, ilvl


def wrapped_children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Yield the children with this tag, looking through content controls and custom XML."""
    # A stack of open containers rather than recursion: each child is passed on once, however
    # deeply the wrappers nest.
    stack = [iter(parent)]
    while stack:
        for child in stack[-1]:
            if child.tag == tag:
                yield child
            elif child.tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    stack.append(iter(content))
                    break
            elif child.tag == CUSTOM_XML:
                stack.append(iter(child))
                break
        else:
            stack.pop()


def text_boxes(picture: etree._Element) -> list[etree._Element]:
    """Return the outermost w:txbxContent of a picture, in order, from one version of each
    mc:AlternateContent: the first mc:Choice holding a text box, else the mc:Fallback.

    Each element is looked at once; boxes nested in a box are found when the box is read.
    """
    found: list[etree._Element] = []
    stack = [picture]
    while stack:
        el = stack.pop()
        if el.tag == TXBX:
            found.append(el)
        elif el.tag == ALTERNATE:
            versions = [v for v in el if v.tag == CHOICE] + [v for v in el if v.tag == FALLBACK]
            found.extend(next((boxes for boxes in map(text_boxes, versions) if boxes), []))
        else:
            stack.extend(reversed(el))
    return found


def _symbol(code: str) -> str:
    """Return the character of a w:sym, or "" for a private-use symbol-font glyph."""
    if len(code) > 8:  # a character code is four hex digits; a long one is no character
        return ""
    try:
        char = chr(int(code, 16))
    except (ValueError, OverflowError):
        return ""
    return "" if "\ue000" <= char <= "\uf8ff" else char
