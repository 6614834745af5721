"""Which of B's stories answers which of A's, beyond the body.

Word keeps text in stories apart from the body: headers and footers (parts named by each
section's properties, by type: default, first page, even pages), footnotes and endnotes (their
own parts: desktop.export.redline.notes) and text boxes (w:txbxContent, inside a drawing in a
run). Headers and footers pair by section and type; text boxes (and notes) pair by aligning
their texts in reading order, so an inserted one does not shift every pair after it.
"""

from __future__ import annotations

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
