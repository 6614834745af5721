"""The Word redline: B's own .docx with A's text shown as native tracked changes.

`write_redline(a, b, out)` opens B's package, accepts any changes B already carries, aligns
A's and B's paragraphs (desktop.export.redline.align), word-diffs the matched ones and marks
B's runs with w:ins / w:del / w:moveFrom / w:moveTo (desktop.export.redline.runs). Every other
part of B's zip (styles, numbering, headers, images, relationships) is copied through
unchanged. "Accept All" in Word gives B's text; "Reject All" gives A's.

A Markdown or plain-text B is first laid out as a plain .docx (python-docx: headings as
Heading styles, list numbers typed) and redlined into that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from desktop.core.model import Document, Draft, ReadError
from desktop.core.reading.docx import NO_TEXT, NO_TEXT_PICTURES, open_package
from desktop.core.work import Progress, check_cancel
from desktop.export.redline.formatting import Lists
from desktop.export.redline.moves import named_moves
from desktop.export.redline.notes import (
    NOTE_KINDS,
    NoteCopies,
    NotePairs,
    in_reference_order,
    note_codes,
    pair_notes,
)
from desktop.export.redline.package import (
    RedlineError,
    accepted_side_parts,
    ids,
    max_id,
    plain_docx,
    plain_paragraphs,
    word_body,
    write_zip,
)
from desktop.export.redline.runs import Marks, deleted_story
from desktop.export.redline.stories import (
    Side,
    header_footer_pairs,
    pair_in_order,
    story_paragraphs,
    text_boxes,
)
from desktop.export.redline.track import track_story
from desktop.export.redline.untracked import removed_text_boxes, untracked_notes
from desktop.export.redline.xml import MathCodes, W, body_paragraphs, with_note_codes

__all__ = ["RedlineError", "RedlineResult", "check_output", "load_redline_draft", "write_redline"]


@dataclass(frozen=True)
class RedlineResult:
    """What a redline holds, and how long writing it took."""

    insertions: int  # w:ins elements written
    deletions: int  # w:del elements written
    moves: int  # moveFrom/moveTo pairs written
    seconds: float
    formatting: int = 0  # paragraphs and runs whose properties changed (w:pPrChange, w:rPrChange)
    notes: tuple[str, ...] = ()  # changes the redline could not mark (a picture, a removed header…)


def write_redline(
    a: Draft,
    b: Draft,
    out: Path,
    *,
    author: str = "Counterdraft",
    date: str | None = None,
    substantive_only: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> RedlineResult:
    """Write B with A's text as tracked changes to `out` (a .docx), atomically; return the counts.

    `date` is ISO 8601 (default: now, UTC). With `substantive_only`, paragraphs whose change is
    only cosmetic (punctuation, case, quotes, cross-reference numbers) show B's text unmarked.
    Raises Cancelled when `cancel` is set, RedlineError for a wrong name or folder, and
    ExportError (which RedlineError is a kind of) when `out` cannot be written.
    """
    started = time.perf_counter()
    out = Path(out)
    check_output(out)
    stamp = _word_date(date)
    check_cancel(cancel)
    b_bytes = b.original if b.document.kind == "docx" else plain_docx(b.document)
    package = open_package(b_bytes)
    root, body = word_body(package)
    side_b = Side(package, root)
    side_a = None
    if a.document.kind == "docx":
        package_a = open_package(a.original)
        side_a = Side(package_a, word_body(package_a)[0])
    math = MathCodes()
    note_pairs = [pair_notes(side_a, side_b, kind, math) for kind in NOTE_KINDS] if side_a else []
    codes_a, codes_b = note_codes(note_pairs)
    paras_b = with_note_codes(body_paragraphs(body, math), codes_b)
    if side_a is not None:
        paras_a = with_note_codes(body_paragraphs(side_a.root.find(W + "body"), math), codes_a)
    else:
        paras_a = plain_paragraphs(a, math)
    check_cancel(cancel)
    numbering_b = side_b.linked("/numbering")
    lists = Lists(_linked_part(side_a, "/numbering"), _linked_part(side_b, "/numbering"))
    marks = Marks(author=author or "Counterdraft", date=stamp, next_id=max_id(root, b_bytes) + 1,
                  styles=ids(package, "/styles", W + "style", W + "styleId"), lists=lists)
    parts = {package.main_part: root}
    copies = NoteCopies(side_a, side_b, note_pairs, lambda note: deleted_story(note, marks), marks.notes) \
        if side_a is not None else None
    marks.copy_note = copies
    moves = named_moves(a, b, paras_a, paras_b)
    track_story(paras_a, paras_b, body, marks, moves=moves, substantive_only=substantive_only,
                progress=progress, cancel=cancel)
    if side_a is not None:
        _track_text_boxes(side_a.root, root, marks, math, substantive_only)
        parts.update(_track_headers_and_footers(side_a, side_b, marks, math, substantive_only))
        parts.update(_track_notes(note_pairs, side_b, marks, math, substantive_only))
    if copies is not None:
        parts.update(copies.parts)
    for group in note_pairs:
        tree = side_b.part(group.part) if group.part else None
        if tree is not None and group.part is not None and in_reference_order(tree, root, group.kind):
            parts[group.part] = tree
    if lists.changed and numbering_b is not None and lists.tree_b is not None:
        parts[numbering_b] = lists.tree_b
    check_cancel(cancel)
    written = {name: _serialise(tree) for name, tree in parts.items()}
    for name, data in accepted_side_parts(package, b_bytes).items():
        written.setdefault(name, data)
    write_zip(b_bytes, written, out)
    notes = untracked_notes(side_a, side_b, math) + marks.notes
    return RedlineResult(marks.insertions, marks.deletions, marks.moves, time.perf_counter() - started,
                         marks.formatting, tuple(notes))


def _track_headers_and_footers(side_a: Side, side_b: Side, marks: Marks, math: MathCodes,
                               substantive_only: bool) -> dict[str, etree._Element]:
    """Track B's headers and footers against A's; return the parts marked."""
    changed: dict[str, etree._Element] = {}
    for name_b, name_a in header_footer_pairs(side_a, side_b):
        tree_b = side_b.part(name_b)
        if tree_b is None:
            continue
        tree_a = side_a.part(name_a) if name_a else None
        before = marks.next_id
        paras_a = story_paragraphs(tree_a, math) if tree_a is not None else []
        paras_b = story_paragraphs(tree_b, math)
        if paras_b:
            track_story(paras_a, paras_b, tree_b, marks, substantive_only=substantive_only)
        _track_text_boxes(tree_a, tree_b, marks, math, substantive_only)
        if marks.next_id != before:
            changed[name_b] = tree_b
    return changed


def _track_notes(note_pairs: list[NotePairs], side_b: Side, marks: Marks, math: MathCodes,
                 substantive_only: bool) -> dict[str, etree._Element]:
    """Track each of B's footnotes and endnotes against its partner in A; return the parts marked."""
    changed: dict[str, etree._Element] = {}
    for group in note_pairs:
        before = marks.next_id
        for note_a, note_b in group.pairs:
            paras_b = story_paragraphs(note_b, math)
            if paras_b:
                paras_a = story_paragraphs(note_a, math) if note_a is not None else []
                track_story(paras_a, paras_b, note_b, marks, substantive_only=substantive_only)
            _track_text_boxes(note_a, note_b, marks, math, substantive_only)
        tree = side_b.part(group.part) if group.part else None
        if tree is not None and group.part is not None and marks.next_id != before:
            changed[group.part] = tree
    return changed


def _track_text_boxes(root_a: etree._Element | None, root_b: etree._Element, marks: Marks, math: MathCodes,
                      substantive_only: bool) -> None:
    """Track each of B's text boxes in one part against the same flavour of A's, paired by text.

    A text box of A that B no longer has cannot be marked (it lives in a drawing of A's): it is
    noted instead.
    """
    boxes_a = text_boxes(root_a) if root_a is not None else {}
    for flavour, boxes_b in text_boxes(root_b).items():
        paired = pair_in_order(boxes_a.get(flavour, []), boxes_b, math)
        for box_a, box_b in paired:
            paras_b = story_paragraphs(box_b, math)
            if paras_b:
                paras_a = story_paragraphs(box_a, math) if box_a is not None else []
                track_story(paras_a, paras_b, box_b, marks, substantive_only=substantive_only)
        if flavour != "fallback":  # the same boxes as "choice", for older programs
            kept = {id(box_a) for box_a, _box_b in paired}
            removed = [box for box in boxes_a.get(flavour, []) if id(box) not in kept]
            marks.notes += removed_text_boxes(removed, math)


def _linked_part(side: Side | None, kind: str) -> etree._Element | None:
    """Return the tree of the part a draft's main part links to with this relationship type."""
    name = side.linked(kind) if side is not None else None
    return side.part(name) if side is not None and name else None


def _serialise(tree: etree._Element) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def load_redline_draft(path: Path) -> Draft:
    """Return a draft to redline: read as usual, or, for a Word file the reader declines because
    it has no text (pictures only, or empty), its package alone: a redline still marks its text.

    A file that is not a sound .docx still raises the reader's ReadError.
    """
    from desktop.core.pipeline import load_draft
    from desktop.core.reading import read_file_bytes

    try:
        return load_draft(path)
    except ReadError as error:
        # Only "no text" is forgiven: a file refused as hostile (too large, nested) stays refused.
        if Path(path).suffix.lower() not in (".docx", ".docm") or str(error) not in (NO_TEXT, NO_TEXT_PICTURES):
            raise
        data = read_file_bytes(path)
        package = open_package(data)
        root = package.xml(package.main_part)
        if root is None or root.find(W + "body") is None:
            raise
    document = Document(name=Path(path).name, kind="docx", sha256=hashlib.sha256(data).hexdigest(), paragraphs=())
    return Draft(document=document, clauses=(), original=data)


def check_output(out: Path) -> None:
    """Raise RedlineError, in plain words, when a redline cannot be written to `out`."""
    if out.suffix.lower() != ".docx":
        raise RedlineError(f"The redline is a Word document: give it a name ending in .docx, not “{out.name}”.")
    if not out.parent.is_dir():
        raise RedlineError(f"The folder {out.parent} does not exist. Choose an existing folder for the redline.")
    if out.is_dir():
        raise RedlineError(f"{out} is a folder. Give the redline a file name ending in .docx.")


def _word_date(date: str | None) -> str:
    """Return `date` (ISO 8601, default now) as Word writes revision dates: UTC, "Z", no fraction."""
    if date is None:
        moment = dt.datetime.now(dt.timezone.utc)
    else:
        try:
            moment = dt.datetime.fromisoformat(date.replace("Z", "+00:00"))
        except ValueError:
            raise RedlineError(f"“{date}” is not a date; write it as 2026-11-30 or 2026-11-30T09:00:00Z.") from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
