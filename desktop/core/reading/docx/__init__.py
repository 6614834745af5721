"""Reading a .docx draft into a Document: its paragraphs as Word's "Accept All" shows them.

Choices, made once for every caller:
- Text is the accepted view: inserted and moved-to text is kept, deleted and moved-from text
  is dropped, and a paragraph whose mark was deleted joins the paragraph after it (as Accept
  All does; the joined paragraph keeps the later paragraph's style and numbering). Deleted
  table rows are dropped. Formatting changes (w:rPrChange, w:pPrChange) do not affect text.
- Tabs and line breaks inside a paragraph become one space each, so a clause reads as one
  line; a non-breaking hyphen becomes "-"; soft hyphens, field codes (w:instrText) and
  hidden text (w:vanish) are left out; field results, hyperlinks, content controls, smart
  tags and simple fields are read. Leading and trailing spaces are trimmed.
- Paragraphs with no text and no list label are left out, so `Paragraph.index` counts only
  the paragraphs returned. An empty numbered paragraph is kept: Word shows and counts it.
- Equations are read as their plain characters; symbol-font glyphs (w:sym) are left out.
- Comments come from word/comments.xml, anchored to the accepted text between
  w:commentRangeStart and w:commentRangeEnd; a reply with no range marks a point.
- A text box's paragraphs are read as paragraphs of their own, right after the paragraph that
  anchors the box (one version of a box Word wrote twice, as DrawingML and as VML).
- Footnotes, endnotes, headers, footers and images are not read; the document's warnings say
  what was skipped.
- Every w:ins, w:del, w:moveFrom and w:moveTo becomes a TrackedChange. A changed paragraph
  mark has the text "¶" (as Word's balloons show it); a changed table row has the row's text.
- What a file unpacks to is bounded: paragraphs and their length (desktop.core.reading.limits),
  and all the text returned (paragraphs, labels, changes, comments and their anchors) to a
  multiple of the XML it came from, so nested changes or overlapping comment ranges cannot
  turn a small file into gigabytes. A comment's anchor text is cut at 1,000 characters,
  and all anchors together may hold at most twice the document's text (plus 100,000).
"""

from __future__ import annotations

import hashlib

from lxml import etree

from desktop.core.model import CancelFlag, Comment, Document, Paragraph, ReadError, TrackedChange
from desktop.core.reading.docx.body import (
    AUTHOR,
    DATE,
    OUTLINE,
    SPACES,
    W_ID,
    BodyReader,
    P,
    RawParagraph,
    T,
    wrapped_children,
)
from desktop.core.reading.docx.numbering import ListDefinitions
from desktop.core.reading.docx.package import DAMAGED, WordPackage, open_package, parse_xml
from desktop.core.reading.docx.spans import TOO_MUCH_TEXT, Anchor, TextLog
from desktop.core.reading.docx.styles import StyleSheet, W, int_val
from desktop.core.work import Progress, check_cancel

# What the Word redline (desktop.export.redline) reads and writes parts with.
__all__ = [
    "DAMAGED", "NO_TEXT", "NO_TEXT_PICTURES", "WordPackage", "open_package", "parse_xml", "read_docx", "wrapped_children",
]

NO_TEXT = "This Word document has no text in it. Check that it is the right file."
NO_TEXT_PICTURES = (
    "This Word document holds only pictures, no text (it may be a scan). Counterdraft compares "
    "text: get the draft as a Word document with real text, or run it through text "
    "recognition in Word or Acrobat first, and import it again."
)
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
# Text returned per byte of XML read, and a floor for tiny files. Text is always shorter than
# the XML holding it; only overlapping changes and comment ranges repeat it (a deletion inside
# an insertion counts twice), and real files stay far below this.
TEXT_PER_XML_BYTE = 2
TEXT_FLOOR = 1_000_000
ANCHORS_PER_CHARACTER = 2  # commented text, all comments together, per character of the text
ANCHOR_FLOOR = 100_000  # a hundred comments on whole clauses of a short draft


def read_docx(
    name: str,
    data: bytes,
    *,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> Document:
    """Return the Document of a .docx file's bytes, as Word's "Accept All" view shows it.

    Raises ReadError (with a plain message) for anything that is not a readable .docx,
    and Cancelled when `cancel` is set while reading.
    """
    package = open_package(data)
    root = package.xml(package.main_part)
    body = root.find(W + "body") if root is not None else None
    if body is None:
        raise ReadError(DAMAGED)
    styles = StyleSheet(_related_xml(package, "/styles"))
    lists = ListDefinitions(_related_xml(package, "/numbering"), styles, cancel)
    check_cancel(cancel)
    max_text = TEXT_PER_XML_BYTE * package.inflated + TEXT_FLOOR  # the comments will add to it
    reader = BodyReader(styles, lists, progress, cancel, name=name, max_text=max_text)
    reader.body(body)
    paragraphs = _paragraphs(reader)
    if not paragraphs:
        raise ReadError(NO_TEXT_PICTURES if reader.skipped["images"] else NO_TEXT)
    comments_root = _related_xml(package, "/comments")
    check_cancel(cancel)
    limit = TEXT_PER_XML_BYTE * package.inflated + TEXT_FLOOR
    text = sum(len(p.text) + len(p.label) for p in paragraphs)
    anchored = sum(anchor.size() for anchor in reader.anchors.values())
    returned = text + anchored + sum(change.size() for change in reader.changes)
    # Measured before any change or anchor text is cut out. Anchors repeat the document's own
    # text, so they are held to it too: thousands of ranges over one stretch are no review.
    if returned > limit or anchored > ANCHORS_PER_CHARACTER * text + ANCHOR_FLOOR:
        raise ReadError(TOO_MUCH_TEXT.format(name=name))
    where = _final_positions(reader.raws, len(paragraphs))
    changes = tuple(
        TrackedChange(change.kind, change.author, change.date, change.cut(reader.changed_text), where[change.position])
        for change in reader.changes
    )
    comments = _comments(comments_root, reader.anchors, reader.accepted_text, where, cancel)
    if returned + sum(len(c.text) for c in comments) > limit:
        raise ReadError(TOO_MUCH_TEXT.format(name=name))
    return Document(
        name=name,
        kind="docx",
        sha256=hashlib.sha256(data).hexdigest(),
        paragraphs=paragraphs,
        tracked_changes=changes,
        comments=comments,
        title=_title(package, paragraphs),
        warnings=_warnings(reader),
    )


def _related_xml(package: WordPackage, kind: str) -> etree._Element | None:
    """Return the parsed part the main document links to with this relationship type."""
    part = package.related(package.main_part, kind)
    return package.xml(part) if part else None


def _paragraphs(reader: BodyReader) -> tuple[Paragraph, ...]:
    """Return the kept paragraphs (text or label), numbering each raw one's final index."""
    out: list[Paragraph] = []
    styles = reader.styles
    for raw in reader.raws:
        if not raw.emitted:
            continue
        text = "".join(piece for piece, _bold in raw.pieces).strip()
        if not text and not raw.label:
            continue
        outline = int_val(raw.ppr.find(OUTLINE)) if raw.ppr is not None else None
        if outline is None:
            outline = styles.outline_level(raw.style_id)
        elif not 0 <= outline <= 8:  # 9 is Word's "body text"
            outline = None
        raw.final = len(out)
        out.append(
            Paragraph(
                index=raw.final,
                text=text,
                label=raw.label,
                style=styles.name(raw.style_id) if raw.style_id else "",
                outline_level=outline,
                num_id=raw.num_id,
                num_level=raw.num_level,
                bold_prefix=bold_prefix(raw.pieces),
                in_table=raw.cell is not None,
                table_cell=raw.cell,
            )
        )
    return tuple(out)


def bold_prefix(pieces: list[tuple[str, bool]]) -> str:
    """Return the bold run-in title opening a paragraph ("Access and Use."), else "".

    The title is the leading bold text when non-bold text follows it; spaces between bold
    pieces do not break it. A wholly bold paragraph (a heading) has no run-in title.
    """
    taken: list[str] = []
    saw_bold = False
    for text, bold in pieces:
        if bold:
            taken.append(text)
            saw_bold = saw_bold or bool(text.strip())
        elif text.strip():
            return "".join(taken).strip() if saw_bold else ""
        else:
            taken.append(text)
    return ""


def _final_positions(raws: list[RawParagraph], count: int) -> list[int]:
    """Return, per raw position (and one past the end), the index of the paragraph it ended in.

    A raw paragraph that was merged, dropped or deleted belongs to the next kept paragraph
    (a deleted paragraph mark joins its text to the next one); past the end, to the last.
    """
    last = count - 1
    where = [last] * (len(raws) + 1)
    following = None
    for position in range(len(raws) - 1, -1, -1):
        if raws[position].final is not None:
            following = raws[position].final
        where[position] = following if following is not None else last
    return where


def _comments(
    root, anchors: dict[str, Anchor], accepted: TextLog, where: list[int], cancel: CancelFlag | None
) -> tuple[Comment, ...]:
    """Return the comments of word/comments.xml with their anchors, in document order."""
    if root is None:
        return ()
    found: list[Comment] = []
    for number, comment in enumerate(root.iter(W + "comment")):
        if number % 256 == 0:
            check_cancel(cancel)
        anchor = anchors.get(comment.get(W_ID, ""))
        text = "\n".join(
            "".join(" " if el.tag in SPACES else el.text or "" for el in p.iter(T, *SPACES)).strip()
            for p in comment.iter(P)
        ).strip()
        anchor_text = anchor.text(accepted) if anchor is not None else ""
        if anchor is None or (anchor.ranged and not anchor_text and anchor.saw_deleted):
            paragraph = -1
        else:
            paragraph = where[anchor.position]
        found.append(
            Comment(comment.get(AUTHOR, ""), comment.get(DATE, ""), text, anchor_text, paragraph)
        )
    found.sort(key=lambda c: c.paragraph if c.paragraph >= 0 else len(where))
    return tuple(found)


def _title(package: WordPackage, paragraphs: tuple[Paragraph, ...]) -> str:
    """Return the document title: the file's Title property, else its first "Title" paragraph."""
    core = package.related("", "/core-properties")
    root = package.xml(core) if core else None
    title_el = root.find(DC_TITLE) if root is not None else None
    if title_el is not None and (title_el.text or "").strip():
        return title_el.text.strip()
    return next((p.text for p in paragraphs if p.style == "Title"), "")


_SKIPPED = {  # kind: (one, many, what happened)
    "images": ("image", "images", "skipped"),
    "notes": ("footnote or endnote", "footnotes or endnotes", "not read"),
    "embedded": ("embedded document", "embedded documents", "skipped"),
}


def _warnings(reader: BodyReader) -> tuple[str, ...]:
    """Return plain sentences about what was read around or could not be worked out."""
    out = []
    for kind, count in reader.skipped.items():
        if count:
            one, many, what = _SKIPPED[kind]
            out.append(f"{count} {many} were {what}." if count > 1 else f"1 {one} was {what}.")
    broken = sum(reader.counter.broken.values())
    if broken:
        out.append(
            f"{broken} numbered paragraph{'s' if broken > 1 else ''} point to list numbering "
            "that is missing from the file, so they are shown without a number."
        )
    return tuple(out)
