"""WordprocessingML for the redline: accepting existing changes, and a paragraph's text atoms.

The redline works on the XML of both drafts, not on their reader text, so every run keeps its
formatting. Each body paragraph (table cells and content controls included) becomes a list
of atoms: the pieces of its runs that carry text (a w:t, a tab, a break, a symbol), the
zero-width pieces in between (a field character, a picture), and whole equations. The
paragraph's text is the atoms' texts joined; the word diff works on that text and the atoms
say where its pieces live in the XML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from desktop.core.reading.docx import wrapped_children

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W = "{" + W_NS + "}"
M = "{" + M_NS + "}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

P, R, T, DEL_TEXT, RPR, PPR = W + "p", W + "r", W + "t", W + "delText", W + "rPr", W + "pPr"
INS, DEL, MOVE_FROM, MOVE_TO = W + "ins", W + "del", W + "moveFrom", W + "moveTo"
TBL, TR, TC, TRPR, SDT, SDT_CONTENT, CUSTOM_XML = (
    W + "tbl", W + "tr", W + "tc", W + "trPr", W + "sdt", W + "sdtContent", W + "customXml"
)
INSTR_TEXT, DEL_INSTR_TEXT, FLD_CHAR = W + "instrText", W + "delInstrText", W + "fldChar"
W_ID, W_AUTHOR, W_DATE = W + "id", W + "author", W + "date"
MATH = {M + "oMath", M + "oMathPara"}
M_T = M + "t"

# Run children that stand for one character each, and the character the text model gives them.
ONE_CHAR = {W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
SYM = W + "sym"
FLD_SIMPLE = W + "fldSimple"
# Fields whose result the program works out on opening: their shown text is not the draft's words.
VOLATILE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES", "DATE", "TIME", "PRINTDATE", "SAVEDATE", "EDITTIME"}
# Inline elements whose runs are part of the paragraph's text.
INLINE_CONTAINERS = {W + n for n in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo")}
# Marks that only record a formatting or structure change; accepting all simply drops them.
PROPERTY_CHANGES = {
    W + n
    for n in (
        "rPrChange", "pPrChange", "tblPrChange", "tblPrExChange", "trPrChange", "tcPrChange",
        "sectPrChange", "tblGridChange", "numberingChange", "cellIns", "cellMerge",
    )
}
RANGE_MARKS = {W + n for n in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")}
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Equations stand in the diff text as one private character each (Supplementary PUA-A).
_MATH_BASE = 0xF0000


def xml_safe(text: str) -> str:
    """Return `text` without the characters XML 1.0 cannot hold (control characters)."""
    return _XML_ILLEGAL.sub("", text)


@dataclass(slots=True)
class Atom:
    """One piece of a paragraph: `text` is what it adds to the paragraph's text ("" if none)."""

    element: etree._Element  # the run child, or the whole equation
    run: etree._Element | None  # the w:r it sits in (None for an equation)
    text: str
    start: int = 0  # offset of the atom in the paragraph text


@dataclass(slots=True)
class Para:
    """A body paragraph with its atoms and the container (body, cell, control) it sits in."""

    element: etree._Element
    atoms: list[Atom]
    text: str
    container: etree._Element


class MathCodes:
    """Gives every distinct equation text one private character, shared by both drafts."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}

    def code(self, text: str) -> str:
        """Return the character standing for an equation with this text."""
        if text not in self.codes:
            self.codes[text] = chr(_MATH_BASE + len(self.codes) % 0xFFFD)
        return self.codes[text]


def body_paragraphs(body: etree._Element, math: MathCodes) -> list[Para]:
    """Return the paragraphs of a body in reading order, looking into tables and controls."""
    out: list[Para] = []
    _blocks(body, out, math)
    return out


def _blocks(container: etree._Element, out: list[Para], math: MathCodes) -> None:
    for child in container:
        tag = child.tag
        if tag == P:
            atoms = paragraph_atoms(child, math)
            out.append(Para(child, atoms, "".join(a.text for a in atoms), container))
        elif tag == TBL:
            for row in wrapped_children(child, TR):
                for cell in wrapped_children(row, TC):
                    _blocks(cell, out, math)
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                _blocks(content, out, math)
        elif tag == CUSTOM_XML:
            _blocks(child, out, math)


def paragraph_atoms(p: etree._Element, math: MathCodes) -> list[Atom]:
    """Return the atoms of one paragraph, offsets set, in document order."""
    atoms: list[Atom] = []
    _inline(p, atoms, math)
    offset = 0
    for atom in atoms:
        atom.start = offset
        offset += len(atom.text)
    return atoms


def _inline(parent: etree._Element, atoms: list[Atom], math: MathCodes) -> None:
    for child in parent:
        tag = child.tag
        if tag == R:
            for part in child:
                if part.tag != RPR:
                    atoms.append(Atom(part, child, _part_text(part)))
        elif tag in INLINE_CONTAINERS:
            _inline(child, atoms, math)
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                _inline(content, atoms, math)
        elif tag in MATH:
            atoms.append(Atom(child, None, math.code("".join(t.text or "" for t in child.iter(M_T)))))


def _volatile(instruction: str) -> bool:
    """Return whether a field's shown result is worked out by the program (a page number, a date)."""
    words = instruction.split()
    return bool(words) and words[0].upper() in VOLATILE_FIELDS


def without_volatile_fields(paras: list[Para]) -> list[Para]:
    """Return the paragraphs with no text for what page-number and date fields show.

    Word works those out again on opening, so "Page 17" in one draft's footer and "Page 10"
    in the other's is no change.
    """
    for para in paras:
        _blank_volatile_results(para.atoms)
    return _retexted(paras)


def with_note_codes(paras: list[Para], codes: dict[tuple[str, str], str]) -> list[Para]:
    """Return the paragraphs with each footnote or endnote reference as one private character.

    `codes` maps (kind, note id) to its character: a note of A and its partner in B share one,
    so the word diff sees a reference kept, added or removed like a word.
    """
    for para in paras:
        for atom in para.atoms:
            tag = atom.element.tag
            if tag in (W + "footnoteReference", W + "endnoteReference"):
                kind = etree.QName(atom.element).localname.removesuffix("Reference")
                atom.text = codes.get((kind, atom.element.get(W_ID, "")), "")
    return _retexted(paras)


def _retexted(paras: list[Para]) -> list[Para]:
    """Return the paragraphs with offsets and texts worked out again from their atoms."""
    out = []
    for para in paras:
        offset = 0
        for atom in para.atoms:
            atom.start = offset
            offset += len(atom.text)
        out.append(Para(para.element, para.atoms, "".join(a.text for a in para.atoms), para.container))
    return out


def _blank_volatile_results(atoms: list[Atom]) -> None:
    """Empty the atoms that a volatile field shows (complex fields and w:fldSimple)."""
    fields: list[list[str]] = []  # per open field: [instruction so far, "code" or "result"]
    for atom in atoms:
        tag = atom.element.tag
        holder = atom.run.getparent() if atom.run is not None else None
        if holder is not None and holder.tag == FLD_SIMPLE and _volatile(holder.get(W + "instr", "")):
            atom.text = ""
        if tag == FLD_CHAR:
            kind = atom.element.get(W + "fldCharType")
            if kind == "begin":
                fields.append(["", "code"])
            elif kind == "separate" and fields:
                fields[-1][1] = "result"
            elif kind == "end" and fields:
                fields.pop()
        elif tag == INSTR_TEXT and fields:
            fields[-1][0] += atom.element.text or ""
        elif atom.text and any(state == "result" and _volatile(code) for code, state in fields):
            atom.text = ""


def _part_text(part: etree._Element) -> str:
    """Return the text one run child adds to the paragraph (what Word shows for it)."""
    tag = part.tag
    if tag == T:
        return part.text or ""
    if tag in ONE_CHAR:
        return ONE_CHAR[tag]
    if tag == SYM:
        try:
            return chr(int(part.get(W + "char", ""), 16))
        except (ValueError, OverflowError):
            return ""
    return ""


# --- Accepting the changes a draft already carries --------------------------------------------


def accept_all(root: etree._Element) -> None:
    """Turn `root` (a document, header, footer or notes part) into its "Accept All" view, in place.

    Inserted and moved-to content stays, deleted and moved-from content goes; a paragraph whose
    mark was deleted joins the paragraph after it; deleted table rows go; formatting-change
    records and move ranges are dropped.
    """
    for row in [r for r in root.iter(TR) if _row_mark(r, DEL)]:
        table = row.getparent()
        table.remove(row)
        if table.tag == TBL and table.find(TR) is None:
            _remove_keep_tail(table)
    for el in [e for e in root.iter(DEL, MOVE_FROM, *PROPERTY_CHANGES, *RANGE_MARKS, W + "cellDel")]:
        parent = el.getparent()
        if parent is None or _in_mark_rpr(el):
            continue
        if el.tag in (DEL, MOVE_FROM) and parent.tag == TRPR:
            continue
        _remove_keep_tail(el)
    for p in list(root.iter(P)):
        _accept_mark(p)
    for el in [e for e in root.iter(INS, MOVE_TO)]:
        parent = el.getparent()
        if parent is None:
            continue
        if parent.tag in (RPR, TRPR):
            parent.remove(el)
        else:
            _unwrap(el)


def _row_mark(row: etree._Element, tag: str) -> bool:
    trpr = row.find(TRPR)
    return trpr is not None and trpr.find(tag) is not None


def _in_mark_rpr(el: etree._Element) -> bool:
    """Return whether `el` marks a paragraph mark (w:pPr/w:rPr/w:del) rather than content."""
    parent = el.getparent()
    return parent.tag == RPR and parent.getparent() is not None and parent.getparent().tag == PPR


def _accept_mark(p: etree._Element) -> None:
    """Drop a paragraph mark's change record; a deleted mark joins the paragraph to the next."""
    ppr = p.find(PPR)
    rpr = ppr.find(RPR) if ppr is not None else None
    if rpr is None:
        return
    deleted = False
    for mark in [m for m in rpr if m.tag in (INS, DEL, MOVE_FROM, MOVE_TO)]:
        deleted = deleted or mark.tag in (DEL, MOVE_FROM)
        rpr.remove(mark)
    if not deleted:
        return
    following = _next_block(p)
    if following is None or following.tag != P:
        return  # Word cannot join a paragraph into a table or past the end of its cell
    following_ppr = following.find(PPR)
    at = 0 if following_ppr is None else 1
    for child in [c for c in p if c.tag != PPR]:
        following.insert(at, child)
        at += 1
    _remove_keep_tail(p)


def _next_block(p: etree._Element) -> etree._Element | None:
    """Return the next paragraph, table or content control after `p` in its container."""
    sibling = p.getnext()
    while sibling is not None and sibling.tag not in (P, TBL, SDT, CUSTOM_XML, W + "sectPr"):
        sibling = sibling.getnext()
    return sibling


def _remove_keep_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _unwrap(el: etree._Element) -> None:
    """Replace `el` by its children."""
    parent = el.getparent()
    index = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
    _remove_keep_tail(el)


def new(tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    """Return a new element in the document's namespace map."""
    el = etree.Element(tag, nsmap={"w": W_NS})
    for key, value in (attrs or {}).items():
        el.set(key, value)
    return el
