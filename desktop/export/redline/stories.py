"""Which of B's stories answers which of A's, beyond the body.

Word keeps text in stories apart from the body: headers and footers (parts named by each
section's properties, by type: default, first page, even pages), footnotes and endnotes (in
their own parts, each named by a reference in the text) and text boxes (w:txbxContent, inside
a drawing in a run). Headers and footers pair by section and type; notes and text boxes pair
by aligning their texts in reading order, so an inserted note does not shift every pair after it.
"""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from desktop.core.reading.docx import WordPackage
from desktop.export.redline.align import align_paragraphs
from desktop.export.redline.xml import MathCodes, P, Para, W, accept_all, body_paragraphs, without_volatile_fields

REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
TXBX = W + "txbxContent"
SECT_PR = W + "sectPr"
HEADER_FOOTER = (W + "headerReference", W + "footerReference")
NOTE_KINDS = ("footnote", "endnote")
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_NOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml"
_NOTE_BASE = 0x100000  # note references stand in the diff text as private characters (PUA-B)


@dataclass
class Side:
    """One draft's Word package, its main part's tree (changes accepted) and its linked parts."""

    package: WordPackage
    root: etree._Element
    targets: dict[str, str] = field(default_factory=dict)  # relationship id -> part name
    linked_parts: list[tuple[str, str]] = field(default_factory=list)  # (relationship type, part name)
    trees: dict[str, etree._Element] = field(default_factory=dict)  # linked parts parsed so far

    def __post_init__(self) -> None:
        folder, base = posixpath.split(self.package.main_part)
        rels = self.package.xml(posixpath.join(folder, "_rels", base + ".rels"))
        for rel in rels.iter(REL) if rels is not None else ():
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" or not target:
                continue
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            if self.package.has(name):
                self.targets[rel.get("Id", "")] = name
                self.linked_parts.append((rel.get("Type", ""), name))

    def part(self, name: str) -> etree._Element | None:
        """Return a linked part's tree, its own tracked changes accepted (parsed once)."""
        if name not in self.trees:
            tree = self.package.xml(name)
            if tree is None:
                return None
            accept_all(tree)
            self.trees[name] = tree
        return self.trees[name]

    def linked(self, type_suffix: str) -> str | None:
        """Return the part the main part links to with a relationship of this type."""
        return self.package.related(self.package.main_part, type_suffix)

    def references(self) -> Iterator[tuple[tuple[int, str, str], str]]:
        """Yield ((section, "header"/"footer", type), part name) for each section's references."""
        body = self.root.find(W + "body")
        sections = list(body.iter(SECT_PR)) if body is not None else []
        for index, section in enumerate(sections):
            for ref in section:
                if ref.tag in HEADER_FOOTER:
                    part = self.targets.get(ref.get(R_ID, ""))
                    if part is not None:
                        yield (index, etree.QName(ref).localname, ref.get(W + "type", "default")), part


def header_footer_pairs(a: Side | None, b: Side) -> list[tuple[str, str | None]]:
    """Return (B's part, A's part or None) for each header and footer B's sections name, once.

    A's part is the one A names at the same section and type, else at the same type in any
    section; None when A has no such header or footer.
    """
    in_a = list(a.references()) if a is not None else []
    by_key: dict[tuple[int, str, str], str] = {}
    by_type: dict[tuple[str, str], str] = {}
    for key, part in in_a:
        by_key.setdefault(key, part)
        by_type.setdefault(key[1:], part)
    out: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for key, part in b.references():
        if part not in seen:
            seen.add(part)
            out.append((part, by_key.get(key) or by_type.get(key[1:])))
    return out


def notes(side: Side, kind: str) -> tuple[str | None, list[etree._Element]]:
    """Return the part of footnotes or endnotes and its notes, in the order the text names them.

    Separator notes (Word's own lines above the notes) are left out, and so are notes the text
    never names.
    """
    name = side.linked("/" + kind + "s")
    tree = side.part(name) if name else None
    if tree is None:
        return name, []
    by_id = {n.get(W + "id"): n for n in tree.iter(W + kind) if n.get(W + "type") in (None, "normal")}
    out = []
    for ref in side.root.iter(W + kind + "Reference"):
        note = by_id.pop(ref.get(W + "id"), None)
        if note is not None:
            out.append(note)
    return name, out


@dataclass
class NotePairs:
    """B's notes of one kind with their partners in A, and A's notes that B no longer has."""

    kind: str
    part: str | None  # B's part for this kind of note (None: B has none)
    pairs: list[tuple[etree._Element | None, etree._Element]]
    removed: list[etree._Element]


def pair_notes(side_a: Side, side_b: Side, kind: str, math: MathCodes) -> NotePairs:
    """Return B's footnotes (or endnotes) paired with A's by their text, in reference order."""
    part, notes_b = notes(side_b, kind)
    _part_a, notes_a = notes(side_a, kind)
    pairs = pair_in_order(notes_a, notes_b, math)
    kept = {id(a) for a, _b in pairs if a is not None}
    return NotePairs(kind, part, pairs, [n for n in notes_a if id(n) not in kept])


def note_codes(all_pairs: list[NotePairs]) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """Return the private characters standing for A's and B's note references (a pair shares one)."""
    codes_a: dict[tuple[str, str], str] = {}
    codes_b: dict[tuple[str, str], str] = {}
    count = 0
    for group in all_pairs:
        for note_a, note_b in group.pairs:
            code = chr(_NOTE_BASE + count % 0xFFFD)
            count += 1
            codes_b[group.kind, note_b.get(W + "id", "")] = code
            if note_a is not None:
                codes_a[group.kind, note_a.get(W + "id", "")] = code
        for note_a in group.removed:
            codes_a[group.kind, note_a.get(W + "id", "")] = chr(_NOTE_BASE + count % 0xFFFD)
            count += 1
    return codes_a, codes_b


def new_notes_part(side_a: Side, side_b: Side, kind: str) -> tuple[str, dict[str, etree._Element]] | None:
    """Give B a footnotes (or endnotes) part, for A's notes B dropped with all its own.

    The part starts as A's, its separators only, and is linked from B's main part and named in
    its content types. Return the new part's name and every part written or changed (the new
    part, the main part's relationships, the content types); None when B's package cannot take one.
    """
    name_a = side_a.linked("/" + kind + "s")
    tree_a = side_a.part(name_a) if name_a else None
    folder, base = posixpath.split(side_b.package.main_part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    rels = side_b.package.xml(rels_name)
    types = side_b.package.xml("[Content_Types].xml")
    name = posixpath.join(folder, kind + "s.xml")
    if tree_a is None or rels is None or types is None or side_b.package.has(name):
        return None
    tree = copy.deepcopy(tree_a)
    for note in [n for n in tree if n.get(W + "type") in (None, "normal")]:
        tree.remove(note)
    taken = {rel.get("Id") for rel in rels}
    rel_id = next(f"rIdCd{k}" for k in range(1, len(taken) + 2) if f"rIdCd{k}" not in taken)
    etree.SubElement(rels, REL, {"Id": rel_id, "Type": _REL_TYPE + kind + "s", "Target": kind + "s.xml"})
    etree.SubElement(types, _CONTENT_TYPES + "Override",
                     {"PartName": "/" + name, "ContentType": _NOTES_TYPE.format(kind=kind)})
    side_b.trees[name] = tree
    return name, {name: tree, rels_name: rels, "[Content_Types].xml": types}


def restore_note(note_a: etree._Element, tree_b: etree._Element, kind: str) -> tuple[str, etree._Element]:
    """Copy A's removed note into B's notes under a new id; return the id and the copy."""
    taken = [int(v) for n in tree_b.iter(W + kind) if (v := n.get(W + "id", "")).lstrip("-").isdigit()]
    new_id = str(max(taken, default=0) + 1)
    copy_ = copy.deepcopy(note_a)
    copy_.set(W + "id", new_id)
    tree_b.append(copy_)
    return new_id, copy_


def in_reference_order(tree: etree._Element, root: etree._Element, kind: str) -> bool:
    """Number the notes of a notes part in the order the text names them; return whether any changed.

    LibreOffice gives the n-th reference in the text the note with the n-th smallest id, not
    the note its id names: a note restored from A (given the next free id) must be renumbered
    to where its reference stands. Ids already rising in reading order are left alone.
    """
    references = list(root.iter(W + kind + "Reference"))
    order: dict[str, int] = {}
    for ref in references:
        order.setdefault(ref.get(W + "id", ""), len(order))
    notes_ = [n for n in tree if n.tag == W + kind and n.get(W + "type") in (None, "normal")]
    ids = [int(n.get(W + "id", "")) for n in notes_ if n.get(W + "id", "").lstrip("-").isdigit()]
    if len(ids) != len(notes_):
        return False  # an id that is not a number: nothing can be renumbered safely
    ranked = sorted(notes_, key=lambda n: order.get(n.get(W + "id", ""), len(order)))
    first = min(ids, default=1)
    renamed = {n.get(W + "id", ""): str(first + k) for k, n in enumerate(ranked)}
    if all(old == new for old, new in renamed.items()) and ranked == notes_:
        return False
    for note in notes_:
        tree.remove(note)
        note.set(W + "id", renamed[note.get(W + "id", "")])
    tree.extend(ranked)
    for ref in references:
        ref.set(W + "id", renamed.get(ref.get(W + "id", ""), ref.get(W + "id", "")))
    return True


def pair_in_order(items_a: list[etree._Element], items_b: list[etree._Element],
                  math: MathCodes) -> list[tuple[etree._Element | None, etree._Element]]:
    """Return (A's item or None, B's item) for each of B's notes or boxes, pairing by their text."""
    texts_a = [story_text(item, math) for item in items_a]
    texts_b = [story_text(item, math) for item in items_b]
    partner: dict[int, int] = {}
    for step in align_paragraphs(texts_a, texts_b):
        if step.a is not None and step.b is not None:
            partner[step.b] = step.a
    return [(items_a[partner[j]] if j in partner else None, item) for j, item in enumerate(items_b)]


def story_text(container: etree._Element, math: MathCodes) -> str:
    """Return a story's text, its paragraphs joined by line feeds."""
    return "\n".join(p.text for p in body_paragraphs(container, math))


def text_boxes(root: etree._Element) -> dict[str, list[etree._Element]]:
    """Return the text boxes of a part in reading order, by flavour.

    A drawing written for Word 2010 and later carries its text box twice, in mc:Choice and, for
    older programs, in mc:Fallback: each flavour is paired with the same flavour of A.
    """
    out: dict[str, list[etree._Element]] = {"choice": [], "fallback": [], "plain": []}
    for box in root.iter(TXBX):
        flavour = "plain"
        for ancestor in box.iterancestors(MC + "Choice", MC + "Fallback"):
            flavour = "choice" if ancestor.tag == MC + "Choice" else "fallback"
            break
        out[flavour].append(box)
    return out


def story_paragraphs(container: etree._Element, math: MathCodes) -> list[Para]:
    """Return a story's paragraphs (a header, a note, a text box), or none when it has no w:p.

    In a header or footer, what page-number and date fields show is not compared.
    """
    if container.find(".//" + P) is None:
        return []
    paras = body_paragraphs(container, math)
    return without_volatile_fields(paras) if container.tag in (W + "hdr", W + "ftr") else paras
