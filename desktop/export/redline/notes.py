"""Footnotes and endnotes in the redline: paired by text, tracked inside, restored when removed.

Notes live in their own parts, each named by a reference in the text. B's notes are paired with
A's by aligning their texts in reference order; a paired note is tracked inside like any
story. In the body's word diff each reference is one private character, shared by a note and
its partner, so a reference kept, added or removed reads like a word.

A reference that the redline shows deleted (or moved away) points to a copy of A's note, its
text marked deleted, so that Reject All brings the note back where it stood. LibreOffice gives
the n-th reference in the text the note with the n-th smallest id, so notes are numbered in
reading order at the end.
"""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from desktop.export.redline.stories import REL, Side, pair_in_order
from desktop.export.redline.xml import MathCodes, W

NOTE_KINDS = ("footnote", "endnote")
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_NOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml"
_NOTE_BASE = 0x100000  # note references stand in the diff text as private characters (PUA-B)


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
    notes_a: list[etree._Element]  # all of A's, in reference order


def pair_notes(side_a: Side, side_b: Side, kind: str, math: MathCodes) -> NotePairs:
    """Return B's footnotes (or endnotes) paired with A's by their text, in reference order."""
    part, notes_b = notes(side_b, kind)
    _part_a, notes_a = notes(side_a, kind)
    pairs = pair_in_order(notes_a, notes_b, math)
    kept = {id(a) for a, _b in pairs if a is not None}
    return NotePairs(kind, part, pairs, [n for n in notes_a if id(n) not in kept], notes_a)


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
    """Copy A's note into B's notes under a new id; return the id and the copy.

    A note without a paragraph gets an empty one: LibreOffice passes over such a note when it
    hands out notes to references, giving every later reference the wrong note.
    """
    taken = [int(v) for n in tree_b.iter(W + kind) if (v := n.get(W + "id", "")).lstrip("-").isdigit()]
    new_id = str(max(taken, default=0) + 1)
    copy_ = copy.deepcopy(note_a)
    copy_.set(W + "id", new_id)
    if copy_.find(W + "p") is None:
        etree.SubElement(copy_, W + "p")
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


class NoteCopies:
    """Copies A's notes into B's package, marked deleted, for the references the redline deletes."""

    def __init__(self, side_a: Side, side_b: Side, groups: list[NotePairs],
                 mark_deleted: Callable[[etree._Element], None], notes: list[str]) -> None:
        self.side_a, self.side_b = side_a, side_b
        self.groups = {group.kind: group for group in groups}
        self.by_id = {group.kind: {n.get(W + "id", ""): n for n in group.notes_a} for group in groups}
        self.mark_deleted = mark_deleted
        self.notes = notes  # where to say what could not be restored
        self.parts: dict[str, etree._Element] = {}  # parts written or changed
        self._said: set[str] = set()

    def __call__(self, kind: str, note_id: str) -> str | None:
        """Return the id in B's package of a deleted copy of A's note `note_id` (None: no copy)."""
        group, note = self.groups.get(kind), self.by_id.get(kind, {}).get(note_id)
        if group is None or note is None:
            return None
        tree = self.side_b.part(group.part) if group.part else None
        if tree is None:
            added = new_notes_part(self.side_a, self.side_b, kind)
            if added is None:
                if kind not in self._said:
                    self._said.add(kind)
                    self.notes.append(f"A's removed {kind}s could not be shown: B's package has no room for "
                                      f"{kind}s, so Reject All does not bring them back; check them by eye")
                return None
            group.part, new_parts = added
            self.parts.update(new_parts)
            tree = new_parts[group.part]
        new_id, restored = restore_note(note, tree, kind)
        self.mark_deleted(restored)
        assert group.part is not None  # set above when B had no part
        self.parts[group.part] = tree
        return new_id
