"""B's package for the redline: reading both drafts' XML, and writing the result atomically.

A Word draft's body is parsed from its own package (its tracked changes accepted); a Markdown or
text draft is laid out as plain Word paragraphs first. The result is B's zip with the rewritten
parts swapped in and every other part copied byte for byte.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from desktop.core.model import Document, Draft, ReadError
from desktop.core.reading.docx import DAMAGED, WordPackage, parse_xml
from desktop.export.files import ExportError, write_atomically
from desktop.export.redline.xml import (
    W_ID,
    XML_SPACE,
    MathCodes,
    Para,
    R,
    W,
    accept_all,
    new,
    paragraph_atoms,
    xml_safe,
)

# Parts besides the body whose own tracked changes are accepted in the output.
_SIDE_PARTS = re.compile(r"^word/(header\d*|footer\d*|footnotes|endnotes)\.xml$", re.IGNORECASE)
_WORD_PART = re.compile(r"^word/[^/]+\.xml$", re.IGNORECASE)
_W_ID = re.compile(rb"\bw:id=\"(\d{1,18})\"")
_CHANGE_BYTES = (b"<w:ins ", b"<w:del ", b"<w:moveFrom ", b"<w:moveTo ", b"Change ")


class RedlineError(ExportError):
    """The redline cannot be written where or how it was asked for."""


def word_body(package: WordPackage) -> tuple[etree._Element, etree._Element]:
    """Return (root, body) of a package's main part, its own tracked changes accepted."""
    root = package.xml(package.main_part)
    body = root.find(W + "body") if root is not None else None
    if body is None:
        raise ReadError(DAMAGED)
    accept_all(body)
    return root, body


def plain_docx(document: Document) -> bytes:
    """Return a plain .docx of a Markdown or text draft: one Word paragraph per paragraph."""
    import docx  # python-docx, only needed for non-Word drafts

    out = docx.Document()
    # Each paragraph goes straight before the section properties: python-docx's add_paragraph
    # looks for them among all the body's children each time, quadratic in a long draft.
    end = out.element.body.sectPr
    style_ids: dict[int, str] = {}
    for text, level in _plain_texts(document):
        p = new(W + "p")
        if level is not None and 0 <= level <= 8:
            if level not in style_ids:
                style_ids[level] = out.styles[f"Heading {level + 1}"].style_id
            properties = new(W + "pPr")
            properties.append(new(W + "pStyle", {W + "val": style_ids[level]}))
            p.append(properties)
        if text:
            p.append(_text_run(text))
        end.addprevious(p)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _text_run(text: str) -> etree._Element:
    """Return a run of `text`, its tabs and line breaks as Word's own tab and break marks."""
    run = new(R)
    for k, piece in enumerate(re.split(r"(\t|\n)", text)):
        if k % 2:
            run.append(new(W + ("tab" if piece == "\t" else "br")))
        elif piece:
            t = new(W + "t", {XML_SPACE: "preserve"})
            t.text = piece
            run.append(t)
    return run


def _plain_texts(document: Document) -> list[tuple[str, int | None]]:
    """Return the paragraph texts of a non-Word draft, list numbers typed in, XML-safe."""
    return [
        (xml_safe(f"{p.label} {p.text}" if p.label else p.text), p.outline_level)
        for p in document.paragraphs
    ]


def plain_paragraphs(a: Draft, math: MathCodes) -> list[Para]:
    """Return a Markdown or text draft's paragraphs as Word paragraphs, list numbers typed in."""
    holder = new(W + "body")
    out = []
    for text, _level in _plain_texts(a.document):
        p = new(W + "p")
        p.append(_text_run(text))
        holder.append(p)
        atoms = paragraph_atoms(p, math)
        out.append(Para(p, atoms, "".join(x.text for x in atoms), holder))
    return out


def max_id(root: etree._Element, data: bytes) -> int:
    """Return the largest numeric w:id in the package, so new marks never reuse one.

    Revision ids are unique across the body, headers, footers and notes: the main part's tree
    `root` is walked, and every other Word part of the package `data` is scanned as bytes.
    """
    best = 0
    for el in root.iter():
        value = el.get(W_ID)
        if value is not None and value.isdigit():
            best = max(best, int(value))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if _WORD_PART.match(name):
                for match in _W_ID.finditer(archive.read(name)):
                    best = max(best, int(match.group(1)))
    return best


def ids(package: WordPackage, kind: str, tag: str, attribute: str) -> set[str]:
    """Return the ids (style ids, numbering ids) defined in one of B's parts."""
    part = package.related(package.main_part, kind)
    root = package.xml(part) if part else None
    return {el.get(attribute) for el in root.iter(tag)} if root is not None else set()


def accepted_side_parts(package: WordPackage, data: bytes) -> dict[str, bytes]:
    """Return the headers, footers and notes that carried tracked changes, with them accepted."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if _SIDE_PARTS.match(n)]
    for name in names:
        raw = package.read(name)
        if raw is not None and any(mark in raw for mark in _CHANGE_BYTES):
            root = parse_xml(raw, name)
            accept_all(root)
            out[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def write_zip(source: bytes, parts: dict[str, bytes], out: Path) -> None:
    """Write B's zip with `parts` replaced to `out`, atomically (desktop.export.files).

    A part B does not have (a notes part the redline gave it) is added at the end.
    """

    def write(path: Path) -> None:
        with zipfile.ZipFile(io.BytesIO(source)) as archive, \
                zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            infos = archive.infolist()
            for info in infos:
                data = parts.get(info.filename)
                if data is None:
                    data = archive.read(info)
                entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = info.external_attr
                target.writestr(entry, data)
            stamp = infos[0].date_time if infos else (1980, 1, 1, 0, 0, 0)
            for name in sorted(set(parts) - {info.filename for info in infos}):
                entry = zipfile.ZipInfo(name, date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(entry, parts[name])

    write_atomically(out, write)
