"""Writing revision marks into B's paragraphs: split runs, wrap insertions, add A's deletions.

B's runs are split where the word diff changes, each piece keeping its run's properties;
inserted pieces are wrapped in w:ins (w:moveTo for a moved paragraph). A's deleted text is
rebuilt from A's own runs (their formatting, tabs and breaks) as w:del runs with w:delText,
placed where the diff puts it. Pictures, notes and fields of A are not copied into deletions:
they belong to A's package, and only their text matters to "Reject All".
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from lxml import etree

from desktop.export.redline.formatting import Lists, Restyled
from desktop.export.redline.xml import (
    DEL,
    DEL_TEXT,
    INS,
    MOVE_FROM,
    MOVE_TO,
    PPR,
    RPR,
    W_AUTHOR,
    W_DATE,
    W_ID,
    XML_SPACE,
    Atom,
    Para,
    R,
    T,
    W,
    new,
)

M_OMATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath"
PPR_CHANGE, RPR_CHANGE = W + "pPrChange", W + "rPrChange"
INSTR_TEXT, DEL_INSTR_TEXT, FLD_CHAR = W + "instrText", W + "delInstrText", W + "fldChar"
# Run content that draws (text boxes, shapes, pictures): zero-width in the text.
DRAWINGS = {W + "drawing", W + "pict", "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}
_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
NOTE_REFERENCES = {W + "footnoteReference", W + "endnoteReference"}
_DROP_FROM_RPR = {W + "rPrChange", INS, DEL, MOVE_FROM, MOVE_TO}
_DROP_FROM_PPR = {W + "sectPr", W + "pPrChange"}


@dataclass
class Marks:
    """Makes revision elements with unique ids, one author and one date, and counts them."""

    author: str
    date: str
    next_id: int
    styles: set[str] = field(default_factory=set)  # B's style ids (A's formatting may name others)
    lists: Lists = field(default_factory=lambda: Lists(None, None))  # A's lists -> B's
    # Gives the id in B's package of a deleted copy of A's note ("footnote", A's id), or None
    # (desktop.export.redline.notes.NoteCopies): a deleted reference points to it.
    copy_note: Callable[[str, str], str | None] | None = None
    insertions: int = 0
    deletions: int = 0
    moves: int = 0
    formatting: int = 0  # paragraphs and runs whose properties changed (w:pPrChange, w:rPrChange)
    stories: int = 0  # stories tracked so far (a move's name says which story it is in)
    notes: list[str] = field(default_factory=list)  # changes the redline could not mark, in plain words

    def make(self, tag: str, counted: bool = True) -> etree._Element:
        """Return a new w:ins/w:del/w:moveFrom/w:moveTo (or range start) with id, author and date.

        Not `counted`: a mark that only keeps the document consistent, not a change to report.
        """
        el = new(tag, {W_ID: str(self.next_id), W_AUTHOR: self.author, W_DATE: self.date})
        self.next_id += 1
        if not counted:
            return el
        if tag == INS:
            self.insertions += 1
        elif tag == DEL:
            self.deletions += 1
        elif tag in (PPR_CHANGE, RPR_CHANGE):
            self.formatting += 1
        return el

    def clean_rpr(self, rpr: etree._Element | None) -> etree._Element | None:
        """Return a copy of A's run properties fit for B's package (or None)."""
        if rpr is None:
            return None
        out = copy.deepcopy(rpr)
        for child in list(out):
            if child.tag in _DROP_FROM_RPR or (child.tag == W + "rStyle" and child.get(W + "val") not in self.styles):
                out.remove(child)
        return out

    def clean_ppr(self, ppr: etree._Element | None) -> etree._Element:
        """Return a copy of A's paragraph properties fit for B's package (never a section break)."""
        out = copy.deepcopy(ppr) if ppr is not None else new(PPR)
        for child in list(out):
            if child.tag in _DROP_FROM_PPR:
                out.remove(child)
            elif child.tag == W + "pStyle" and child.get(W + "val") not in self.styles:
                out.remove(child)
            elif child.tag == W + "numPr":
                num = child.find(W + "numId")
                mapped = self.lists.map(num.get(W + "val", "")) if num is not None else None
                if mapped is None:
                    out.remove(child)
                else:
                    num.set(W + "val", mapped)
            elif child.tag == RPR:
                cleaned = self.clean_rpr(child)
                out.replace(child, cleaned)
        return out


def mark_paragraph(p: etree._Element, mark: etree._Element) -> None:
    """Record a change to the paragraph mark (w:pPr/w:rPr/w:ins, w:del, w:moveFrom, w:moveTo)."""
    ppr = p.find(PPR)
    if ppr is None:
        ppr = new(PPR)
        p.insert(0, ppr)
    rpr = ppr.find(RPR)
    if rpr is None:
        rpr = new(RPR)
        anchor = next((c for c in ppr if c.tag in (W + "sectPr", W + "pPrChange")), None)
        if anchor is None:
            ppr.append(rpr)
        else:
            anchor.addprevious(rpr)
    rpr.insert(0, mark)


# --- A's text as deleted (or moved-from) content ------------------------------------------------


def removed_content(atoms: list[Atom], start: int, end: int, marks: Marks, wrapper: str) -> list[etree._Element]:
    """Return A's text between `start` and `end` as elements wrapped in `wrapper` (w:del/w:moveFrom)."""
    text_tag = DEL_TEXT if wrapper == DEL else T
    out: list[etree._Element] = []
    holder: etree._Element | None = None
    run: etree._Element | None = None
    source_run = None
    fields = _whole_fields(atoms, start, end)
    length = atoms[-1].start + len(atoms[-1].text) if atoms else 0
    for atom in atoms:
        width = len(atom.text)
        if width:
            if atom.start + width <= start or atom.start >= end:
                continue
        elif not (id(atom) in fields or (_portable_drawing(atom) and start < end and (
                start <= atom.start < end or atom.start == end == length))):
            continue  # a field's code or a picture goes only with its whole field, or where it stood
        if atom.run is None:  # an equation: copied whole, its content marked inside
            out.append(_marked_math(copy.deepcopy(atom.element), marks, wrapper))
            holder = run = None
            continue
        if holder is None:
            holder = marks.make(wrapper)
            out.append(holder)
        if run is None or source_run is not atom.run:
            run = new(R)
            rpr = marks.clean_rpr(atom.run.find(RPR))
            if rpr is not None:
                run.append(rpr)
            holder.append(run)
            source_run = atom.run
        if atom.element.tag == T:
            piece = atom.text[max(0, start - atom.start): end - atom.start]
            text_el = new(text_tag)
            text_el.text = piece
            text_el.set(XML_SPACE, "preserve")
            run.append(text_el)
        elif atom.element.tag in NOTE_REFERENCES:
            reference = _note_reference(atom.element, marks)
            if reference is not None:
                run.append(reference)
        elif atom.element.tag == INSTR_TEXT and wrapper == DEL:
            code = copy.deepcopy(atom.element)
            code.tag = DEL_INSTR_TEXT
            run.append(code)
        elif atom.element.tag in DRAWINGS:
            run.append(_drawing_copy(atom.element, marks))
        else:
            run.append(copy.deepcopy(atom.element))
    return out


def _whole_fields(atoms: list[Atom], start: int, end: int) -> set[int]:
    """Return the atoms (by id) that code the fields lying wholly between `start` and `end`.

    A deleted field keeps its code (w:fldChar, w:instrText), so that Reject All brings back a
    live field (a DATE, a cross-reference) and not the text it last showed. A field only partly
    deleted keeps none: its code stays with the part B kept.
    """
    out: set[int] = set()
    if start >= end:
        return out
    open_fields: list[tuple[int, list[int]]] = []  # (where the field begins, its code atoms)
    for atom in atoms:
        tag = atom.element.tag
        if tag == FLD_CHAR:
            kind = atom.element.get(W + "fldCharType")
            if kind == "begin":
                open_fields.append((atom.start, [id(atom)]))
            elif open_fields:
                open_fields[-1][1].append(id(atom))
                if kind == "end":
                    begins, codes = open_fields.pop()
                    if start <= begins and atom.start <= end:
                        out.update(codes)
        elif tag == INSTR_TEXT and open_fields:
            open_fields[-1][1].append(id(atom))
    return out


def _portable_drawing(atom: Atom) -> bool:
    """Return whether a drawing of A (a text box, a shape) can be copied into B: it names no
    part of A's package (an image, a chart), which B's would not hold."""
    return atom.element.tag in DRAWINGS and not any(
        key.startswith(_R_NS) for el in atom.element.iter() for key in el.attrib
    )


def _drawing_copy(element: etree._Element, marks: Marks) -> etree._Element:
    """Return a copy of A's drawing with fresh drawing ids (Word wants them unique)."""
    out = copy.deepcopy(element)
    for properties in out.iter(_DOC_PR):
        properties.set("id", str(marks.next_id))
        marks.next_id += 1
    return out


def restore_removed_drawings(para_a: Para, para_b: Para, marks: Marks) -> None:
    """Put back, as deleted, the text boxes and shapes of A's paragraph that B's lacks.

    Each goes where it stood: at the start of the paragraph when it opened A's, else at the end.
    """
    def key(atom: Atom) -> str:
        return "".join(t.text or "" for t in atom.element.iter(T))

    drawings_a = [atom for atom in para_a.atoms if atom.element.tag in DRAWINGS]
    drawings_b = [atom for atom in para_b.atoms if atom.element.tag in DRAWINGS]
    missing = len(drawings_a) - len(drawings_b)  # an edited box is tracked as a story of its own
    if missing <= 0:
        return
    kept: dict[str, int] = {}
    for atom in drawings_b:
        kept[key(atom)] = kept.get(key(atom), 0) + 1
    for atom in drawings_a:
        if kept.get(key(atom), 0):
            kept[key(atom)] -= 1
            continue
        if missing <= 0 or not _portable_drawing(atom) or atom.run is None:
            continue
        missing -= 1
        run = new(R)
        rpr = marks.clean_rpr(atom.run.find(RPR))
        if rpr is not None:
            run.append(rpr)
        run.append(_drawing_copy(atom.element, marks))
        holder = marks.make(DEL)
        holder.append(run)
        if atom.start == 0:
            ppr = para_b.element.find(PPR)
            (ppr.addnext if ppr is not None else lambda el: para_b.element.insert(0, el))(holder)
        else:
            para_b.element.append(holder)


def _note_reference(element: etree._Element, marks: Marks) -> etree._Element | None:
    """Return A's note reference pointing to a deleted copy of its note in B's package (None: no copy)."""
    kind = etree.QName(element).localname.removesuffix("Reference")
    note_id = marks.copy_note(kind, element.get(W_ID, "")) if marks.copy_note is not None else None
    if note_id is None:
        return None
    out = copy.deepcopy(element)
    out.set(W_ID, note_id)
    return out


def deleted_story(container: etree._Element, marks: Marks) -> None:
    """Mark all of a story copied from A (a note B no longer has) as deleted, in place."""
    paragraphs = list(container.iter(W + "p"))
    for run in [r for r in container.iter(R) if r.getparent().tag not in (DEL, INS)]:
        if any(child.tag in (T, DEL_TEXT) for child in run) or run.find(W + "tab") is not None:
            for text in run.iter(T):
                text.tag = DEL_TEXT
            holder = marks.make(DEL)
            run.addprevious(holder)
            holder.append(run)
    for p in paragraphs[:-1]:
        mark_paragraph(p, marks.make(DEL))


def _marked_math(math: etree._Element, marks: Marks, wrapper: str) -> etree._Element:
    """Return an equation whose content is wrapped in a revision mark (math runs take w:ins/w:del)."""
    for omath in [math] if math.tag == M_OMATH else list(math.iter(M_OMATH)):
        holder = marks.make(DEL if wrapper in (DEL, MOVE_FROM) else INS)
        for child in list(omath):
            if not child.tag.endswith("oMathParaPr"):
                holder.append(child)
        omath.append(holder)
    return math


def deleted_paragraph(para: Para, marks: Marks) -> etree._Element:
    """Return a new paragraph showing A's paragraph as deleted."""
    p = new(W + "p")
    p.append(marks.clean_ppr(para.element.find(PPR)))
    p.extend(removed_content(para.atoms, 0, len(para.text), marks, DEL))
    mark_paragraph(p, marks.make(DEL))
    return p


def moved_paragraph(para: Para, ops: Sequence[tuple[str, str]], marks: Marks, move: str) -> etree._Element:
    """Return a new paragraph showing A's paragraph moved away, as Word pairs it by `move`.

    `ops` is the word diff from A's paragraph to where it went: the words it kept are moved
    (w:moveFrom), the words it lost on the way are deleted here (w:del), so that "Reject All"
    gives A's paragraph back in its place and nothing at the far end.
    """
    p = new(W + "p")
    p.append(marks.clean_ppr(para.element.find(PPR)))
    start, end = move_range(marks, "moveFrom", move)
    p.append(start)
    pos = 0
    for op, text in ops:
        if op != "+":
            p.extend(removed_content(para.atoms, pos, pos + len(text), marks, MOVE_FROM if op == "=" else DEL))
            pos += len(text)
    p.append(end)
    mark_paragraph(p, marks.make(MOVE_FROM))
    return p


def move_range(marks: Marks, side: str, name: str) -> tuple[etree._Element, etree._Element]:
    """Return the w:moveFromRangeStart/End (or moveTo) pair that brackets one end of a move."""
    start = marks.make(W + side + "RangeStart")
    start.set(W + "name", name)
    end = new(W + side + "RangeEnd", {W_ID: start.get(W_ID)})
    return start, end


# --- B's runs, split and marked -----------------------------------------------------------------


def rewrite(para: Para, ranges: list[tuple[int, int, str]], deletions: dict[int, list[etree._Element]],
            marks: Marks, kept: str | None = None, formats: Sequence[Restyled] = ()) -> None:
    """Mark B's paragraph in place: text in "+" ranges is wrapped in w:ins, deletions added.

    `ranges` cover B's text in order as (start, end, "=" or "+"); `deletions` maps a position in
    B's text to the elements showing A's text removed there. With `kept` (w:moveTo, at the far
    end of a move), the text in "=" ranges is wrapped in it. `formats` are the stretches of
    kept text whose run formatting A had otherwise: each gets w:rPrChange with A's.
    """
    cuts = sorted({s for s, _e, _op in ranges} | set(deletions) | {x for f in formats for x in (f.start, f.end)})
    pending = dict(deletions)

    def state(pos: int) -> tuple[str, int]:
        op = next((op for s, e, op in ranges if s <= pos < e), ranges[-1][2] if ranges else "=")
        return op, next((k for k, f in enumerate(formats) if f.start <= pos < f.end), -1)

    for group in _by_run(para.atoms):
        first = group[0]
        if first.run is None:  # an equation
            removed = pending.pop(first.start, None)
            if removed:
                for el in removed:
                    first.element.addprevious(el)
            if state(first.start)[0] == "+":
                _marked_math(first.element, marks, INS)
            continue
        pieces = list(_pieces(group, cuts, state, pending))
        run = first.run
        if len(pieces) == 1 and pieces[0][0] == ("=", -1) and not pieces[0][2] and kept is None:
            continue  # untouched run
        rpr = run.find(RPR)
        for (op, restyled), children, removed in pieces:
            for el in removed:
                run.addprevious(el)
            if not children:
                continue
            piece = new(R, dict(run.attrib))
            if rpr is not None:
                piece.append(copy.deepcopy(rpr))
            if restyled >= 0:
                _record_run_change(piece, formats[restyled].properties, marks)
            piece.extend(children)
            wrapper = INS if op == "+" else kept
            if wrapper is not None:
                holder = marks.make(wrapper)
                holder.append(piece)
                piece = holder
            run.addprevious(piece)
        run.getparent().remove(run)
    for position in sorted(pending):  # deletions at the very end of the paragraph
        para.element.extend(pending[position])


def _record_run_change(run: etree._Element, old: etree._Element | None, marks: Marks) -> None:
    """Give a run w:rPrChange holding A's run properties `old` (last in its w:rPr)."""
    rpr = run.find(RPR)
    if rpr is None:
        rpr = new(RPR)
        run.insert(0, rpr)
    change = marks.make(RPR_CHANGE)
    before = etree.SubElement(change, RPR)
    cleaned = marks.clean_rpr(old)
    if cleaned is not None:
        before.extend(list(cleaned))
    rpr.append(change)


def _by_run(atoms: list[Atom]) -> Iterator[list[Atom]]:
    """Yield the atoms grouped by the run (or equation) they belong to, in order."""
    group: list[Atom] = []
    for atom in atoms:
        if group and (atom.run is None or atom.run is not group[0].run):
            yield group
            group = []
        group.append(atom)
    if group:
        yield group


def _pieces(group: list[Atom], cuts: list[int], state, pending: dict[int, list[etree._Element]]):
    """Yield (op, children, deletions before) for one run split at the diff's cut points."""
    op_now: str | None = None
    children: list[etree._Element] = []
    removed: list[etree._Element] = []
    for atom in group:
        element, width = atom.element, len(atom.text)
        if element.tag == T and width > 1 and cuts:
            inner = [c for c in cuts if atom.start < c < atom.start + width]
            bounds = [atom.start, *inner, atom.start + width]
            parts = [(a, b) for a, b in zip(bounds, bounds[1:])]
        else:
            parts = [(atom.start, atom.start + width)]
        for a, b in parts:
            here = pending.pop(a, None) if (b > a) else None
            op = state(a)
            if here or op != op_now:
                if children or removed:
                    yield op_now or "=", children, removed
                children, removed = [], here or []
                op_now = op
            if element.tag == T and len(parts) > 1:
                piece = new(T)
                piece.text = atom.text[a - atom.start: b - atom.start]
                piece.set(XML_SPACE, "preserve")
                children.append(piece)
            else:
                children.append(element)
    if children or removed:
        yield op_now or "=", children, removed
