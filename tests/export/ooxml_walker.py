"""An independent reader of .docx paragraph text under "Accept All" and "Reject All".

Standard library only (zipfile + xml.etree), and no import from desktop: the redline's
round-trip property is checked by a reader that shares no code with the writer.

Text model, the same for every file it reads: w:t and w:delText give their text, m:t (equations)
its text, w:tab/w:ptab a tab, w:br/w:cr a line feed, w:noBreakHyphen "-", w:sym its character;
field codes, pictures, text boxes and notes give nothing. Paragraphs are the w:p of the body,
of table cells and of content controls, in reading order. `story_texts` reads the same way the
headers, footers, notes and text boxes.

- accept: w:ins and w:moveTo content is kept, w:del and w:moveFrom content dropped; a paragraph
  whose mark is deleted (or moved from) joins the next paragraph of its container; a deleted
  table row is dropped.
- reject: the mirror image: inserted / moved-to content, marks and rows go; deleted and
  moved-from content stays.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Literal

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
View = Literal["accept", "reject"]

_DROPPED = {"accept": (W + "del", W + "moveFrom"), "reject": (W + "ins", W + "moveTo")}
_KEPT_WRAPPERS = {W + n for n in ("ins", "del", "moveFrom", "moveTo", "hyperlink", "smartTag",
                                  "customXml", "fldSimple", "dir", "bdo")}
_CHARS = {W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}


def main_part(archive: zipfile.ZipFile) -> str:
    """Return the name of the main document part (via the package relationships)."""
    try:
        rels = ET.fromstring(archive.read("_rels/.rels"))
    except KeyError:
        return "word/document.xml"
    for rel in rels.iter(RELS):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def paragraphs(path: str | Path, view: View = "accept") -> list[str]:
    """Return the text of every paragraph of the .docx at `path` as `view` shows it."""
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read(main_part(archive)))
    body = root.find(W + "body")
    out: list[str] = []
    _blocks(body, view, out)
    return out


def texts(path: str | Path, view: View = "accept") -> list[str]:
    """Return the non-empty paragraph texts (what a round-trip check compares)."""
    return [t for t in paragraphs(path, view) if t]


def story_texts(path: str | Path, view: View = "accept") -> dict[str, list[str]]:
    """Return the non-empty paragraph texts of the stories beside the body, as `view` shows them.

    Keys: "headers" and "footers" (every header or footer part, in name order), "footnotes" and
    "endnotes" (each note's paragraphs, separators left out; notes the text no longer names
    are left out too, as Word shows them), "text boxes" (each box once: the mc:Choice copy, or a
    plain one, never the mc:Fallback twin).
    """
    out: dict[str, list[str]] = {"headers": [], "footers": [], "footnotes": [], "endnotes": [], "text boxes": []}
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        body = ET.fromstring(archive.read(main_part(archive)))
        for name in sorted(names):
            short = name.rsplit("/", 1)[-1].lower()
            for kind in ("header", "footer"):
                if name.lower().startswith("word/") and short.startswith(kind) and short.endswith(".xml"):
                    texts_ = []
                    _blocks(ET.fromstring(archive.read(name)), view, texts_)
                    out[kind + "s"] += [t for t in texts_ if t]
        for kind in ("footnote", "endnote"):
            named = _named_notes(body, kind, view)
            name = f"word/{kind}s.xml"
            if name not in names:
                continue
            for note in ET.fromstring(archive.read(name)).iter(W + kind):
                if note.get(W + "type") in (None, "normal") and note.get(W + "id") in named:
                    texts_ = []
                    _blocks(note, view, texts_)
                    out[kind + "s"] += [t for t in texts_ if t]
        fallback = {id(box) for fb in body.iter(MC + "Fallback") for box in fb.iter(W + "txbxContent")}
        for box in body.iter(W + "txbxContent"):
            if id(box) not in fallback:
                texts_ = []
                _blocks(box, view, texts_)
                out["text boxes"] += [t for t in texts_ if t]
    return out


def _named_notes(body: ET.Element, kind: str, view: View) -> set[str]:
    """Return the ids of the notes whose reference the body keeps in this view."""
    dropped = {id(ref) for tag in _DROPPED[view] for holder in body.iter(tag) for ref in holder.iter(W + kind + "Reference")}
    return {ref.get(W + "id", "") for ref in body.iter(W + kind + "Reference") if id(ref) not in dropped}


def _row_dropped(row: ET.Element, view: View) -> bool:
    trpr = row.find(W + "trPr")
    if trpr is None:
        return False
    gone = W + "del" if view == "accept" else W + "ins"
    return trpr.find(gone) is not None


def _children(parent: ET.Element, tag: str):
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == W + "customXml":
            yield from _children(child, tag)


def _blocks(container: ET.Element, view: View, out: list[str]) -> None:
    """Append the paragraphs of a container; a paragraph with a removed mark joins the next."""
    pending: str | None = None
    for child in container:
        tag = child.tag
        if tag == W + "p":
            text = "".join(_inline(child, view))
            if pending is not None:
                text, pending = pending + text, None
            if _mark_removed(child, view):
                pending = text
            else:
                out.append(text)
            continue
        if tag not in (W + "tbl", W + "sdt", W + "customXml"):
            continue  # bookmarks, comment ranges, section properties
        if pending is not None:
            out.append(pending)
            pending = None
        if tag == W + "tbl":
            for row in _children(child, W + "tr"):
                if not _row_dropped(row, view):
                    for cell in _children(row, W + "tc"):
                        _blocks(cell, view, out)
        elif tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                _blocks(content, view, out)
        else:
            _blocks(child, view, out)
    if pending is not None:
        out.append(pending)


def _mark_removed(p: ET.Element, view: View) -> bool:
    rpr = p.find(f"{W}pPr/{W}rPr")
    return rpr is not None and any(rpr.find(tag) is not None for tag in _DROPPED[view])


def _inline(parent: ET.Element, view: View):
    for child in parent:
        tag = child.tag
        if tag in _DROPPED[view]:
            continue
        if tag == W + "r":
            yield from _run(child)
        elif tag in _KEPT_WRAPPERS:
            yield from _inline(child, view)
        elif tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _inline(content, view)
        elif tag in (M + "oMath", M + "oMathPara"):
            yield from _math(child, view)


def _math(parent: ET.Element, view: View):
    for child in parent:
        if child.tag in _DROPPED[view]:
            continue
        if child.tag == M + "t":
            yield child.text or ""
        else:
            yield from _math(child, view)


def _run(run: ET.Element):
    for child in run:
        tag = child.tag
        if tag in (W + "t", W + "delText"):
            yield child.text or ""
        elif tag in _CHARS:
            yield _CHARS[tag]
        elif tag == W + "sym":
            try:
                yield chr(int(child.get(W + "char", ""), 16))
            except (ValueError, OverflowError):
                pass


if __name__ == "__main__":  # python -m tests.export.ooxml_walker FILE.docx [accept|reject]
    for line in paragraphs(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "accept"):  # type: ignore[arg-type]
        print(line)
