"""Build the redline story fixtures: pairs A -> B where B is a real Word file.

Each B is a byte-for-byte copy of a real .docx. Each A is the same package with one kind
of edit made in the package XML with lxml: only the edited part is rewritten, every other
zip entry is copied with its name, date and compression, so re-running this script gives
byte-identical files. Run it from the repository root:

    python tests/data/docx/stories/make_fixtures.py

It writes NAME-a.docx, NAME-b.docx and pairs.csv beside itself. SOURCES.md says where each
source file comes from. Most sources are in tests/data/docx; three (the two Bonterms forms and
the peer's WC044) are read from the shared corpus at CORPUS.
"""

from __future__ import annotations

import copy
import csv
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
REPO_DOCX = HERE.parent
CORPUS = Path("/work/shared/corpus")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

Edit = Callable[[etree._Element], None]  # changes a part's root element in place
Scope = Callable[[etree._Element], list[etree._Element]]


@dataclass(frozen=True)
class Fixture:
    """One A -> B pair: the real file (B), the part edited in A, and how."""

    name: str
    source: Path
    source_label: str
    part: str
    edit: Edit
    what_changed: str


# --- finding things in a part ------------------------------------------------------------


def text_of(element: etree._Element) -> str:
    """Give back the text of every w:t under element, joined."""
    return "".join(t.text or "" for t in element.iter(W + "t"))


def body_paragraph(root: etree._Element, starts_with: str) -> etree._Element:
    """Give back the one top-level body paragraph whose text starts with starts_with."""
    found = [p for p in root.find(W + "body").iterfind(W + "p") if text_of(p).startswith(starts_with)]
    assert len(found) == 1, (starts_with, len(found))
    return found[0]


def note(root: etree._Element, tag: str, note_id: str) -> etree._Element:
    """Give back the footnote or endnote (tag) with the given w:id."""
    return root.find(f"{W}{tag}[@{W}id='{note_id}']")


def text_boxes(root: etree._Element) -> list[etree._Element]:
    """Give back every w:txbxContent in the part."""
    return list(root.iter(W + "txbxContent"))


def ensure_child(parent: etree._Element, tag: str, first: bool = False) -> etree._Element:
    """Give back parent's child tag, adding it (first, or last) when it is missing."""
    child = parent.find(W + tag)
    if child is None:
        child = etree.Element(W + tag)
        if first:
            parent.insert(0, child)
        else:
            parent.append(child)
    return child


# --- the edits ---------------------------------------------------------------------------


def swap_word(word: str, replacement: str, hits: int = 1, scope: Scope | None = None) -> Edit:
    """Give back an edit replacing word (a whole word inside one w:t) by replacement.

    scope, when given, maps the part's root to the elements to search in.
    hits is how many w:t must hold the word: a text box carries its text twice, once in
    mc:Choice and once in the VML mc:Fallback, and both must change.
    """
    pattern = re.compile(rf"\b{re.escape(word)}\b")

    def edit(root: etree._Element) -> None:
        places = scope(root) if scope else [root]
        found = [t for place in places for t in place.iter(W + "t") if pattern.search(t.text or "")]
        assert len(found) == hits, (word, len(found))
        for t in found:
            assert len(pattern.findall(t.text)) == 1, t.text
            t.text = pattern.sub(replacement, t.text)

    return edit


def set_runs_text(paragraph: etree._Element, title: str, rest: str) -> None:
    """Give paragraph the text title (in its first run's format) and rest (plain), keeping its pPr."""
    runs = paragraph.findall(W + "r")
    first = copy.deepcopy(runs[0])
    for run in runs:
        paragraph.remove(run)
    for t in first.findall(W + "t")[1:]:
        first.remove(t)
    first.find(W + "t").text = title
    paragraph.append(first)
    if rest:
        run = etree.SubElement(paragraph, W + "r")
        t = etree.SubElement(run, W + "t")
        t.text = rest
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def insert_paragraph_like(like: str, before: str, title: str, rest: str) -> Edit:
    """Give back an edit adding, before the paragraph starting `before`, a copy of the
    paragraph starting `like` (same numbering and style) holding title and rest."""

    def edit(root: etree._Element) -> None:
        extra = copy.deepcopy(body_paragraph(root, like))
        set_runs_text(extra, title, rest)
        body_paragraph(root, before).addprevious(extra)

    return edit


def set_list_level(starts_with: str, level: str) -> Edit:
    """Give back an edit putting the numbered paragraph starting starts_with at level."""

    def edit(root: etree._Element) -> None:
        ilvl = body_paragraph(root, starts_with).find(f"{W}pPr/{W}numPr/{W}ilvl")
        ilvl.set(W + "val", level)

    return edit


def set_paragraph_style(starts_with: str, style: str) -> Edit:
    """Give back an edit giving the paragraph starting starts_with the style id style."""

    def edit(root: etree._Element) -> None:
        p_pr = ensure_child(body_paragraph(root, starts_with), "pPr", first=True)
        ensure_child(p_pr, "pStyle", first=True).set(W + "val", style)

    return edit


def make_run_bold(starts_with: str, run_text: str) -> Edit:
    """Give back an edit making bold the run whose whole text is run_text in that paragraph."""

    def edit(root: etree._Element) -> None:
        runs = [r for r in body_paragraph(root, starts_with).iterfind(W + "r") if text_of(r) == run_text]
        assert len(runs) == 1, (run_text, len(runs))
        r_pr = ensure_child(runs[0], "rPr", first=True)
        assert r_pr.find(W + "b") is None
        etree.SubElement(r_pr, W + "b")
        etree.SubElement(r_pr, W + "bCs")

    return edit


def move_paragraph_with_edit(starts_with: str, after: str, word: str, replacement: str) -> Edit:
    """Give back an edit moving the paragraph starting starts_with to just after the one
    starting `after`, with one word in it replaced (A's older wording at A's older place)."""

    def edit(root: etree._Element) -> None:
        moved = body_paragraph(root, starts_with)
        swap_word(word, replacement, scope=lambda _root: [moved])(root)
        body_paragraph(root, after).addnext(moved)

    return edit


# --- the fixtures ------------------------------------------------------------------------

NDA = REPO_DOCX / "commonpaper-mutual-nda-v1.0.docx"
NVCA = REPO_DOCX / "NVCA-Model-COI.docx"
HC031 = REPO_DOCX / "HC031-Complicated-Document.docx"
HIERARCHICAL = REPO_DOCX / "HierarchicalNumberedList.docx"
CSA2 = REPO_DOCX / "commonpaper-csa-v2.0-2024-02-02.docx"
BONTERMS_TERMS = REPO_DOCX / "bonterms-cloud-terms-v1.0-2022-02-04.docx"
WC004 = REPO_DOCX / "peer" / "WC004-Large.docx"
WC044 = CORPUS / "peer-wmlcomparer/WC/WC044-Text-Box.docx"
COVER = CORPUS / "docx/bonterms/Example-Cover-Page-for-Bonterms-Cloud-Terms.docx"
PLAYBOOK = CORPUS / "docx/bonterms/Playbook-of-Additional-Terms-for-Bonterms-Cloud-Terms-and-SLA.docx"

NON_SOLICIT = (
    "Non-Solicitation",
    ". During the MNDA Term, neither party will solicit for employment any employee of the"
    " other party with whom it had contact in connection with the Purpose.",
)

FIXTURES = (
    Fixture("header-edit", WC004, "peer WC004-Large.docx", "word/header1.xml",
            swap_word("Communication", "Status"),
            "default header: A 'Project Status Plan', B 'Project Communication Plan'"),
    Fixture("first-page-header-edit", NVCA, "NVCA-Model-COI.docx", "word/header1.xml",
            swap_word("national", "regional"),
            "first-page header (titlePg) of section 1: A 'a regional coalition', B 'a national coalition'"),
    Fixture("footer-edit", PLAYBOOK, "Bonterms Playbook", "word/footer1.xml",
            swap_word("guarantee", "warrant"),
            "default footer: A 'does not warrant the enforceability', B 'does not guarantee the enforceability'"),
    Fixture("footnote-edit", NVCA, "NVCA-Model-COI.docx", "word/footnotes.xml",
            swap_word("requires", "provides", scope=lambda root: [note(root, "footnote", "4")]),
            "footnote 4: A 'Section 245(c) of the DGCL provides that', B '... requires that'"),
    Fixture("endnote-edit", HC031, "HC031-Complicated-Document.docx", "word/endnotes.xml",
            swap_word("endnote", "annotation"),
            "endnote: A 'This is an annotation.', B 'This is an endnote.'"),
    Fixture("textbox-edit", HC031, "HC031-Complicated-Document.docx", "word/document.xml",
            swap_word("box", "frame", hits=2, scope=text_boxes),
            "text box (mc:Choice and VML mc:Fallback both): A 'Here is a text frame.', B 'Here is a text box.'"),
    Fixture("textbox-edit-small", WC044, "peer WC044-Text-Box.docx", "word/document.xml",
            swap_word("Textbox", "Sidebar", hits=2),
            "text box (mc:Choice and VML mc:Fallback both): A 'Sidebar.', B 'Textbox.'"),
    Fixture("table-cell-edit", COVER, "Bonterms Example Cover Page", "word/document.xml",
            swap_word("control", "prevail"),
            "table cell under Additional Terms: A '... and prevail in the event of any conflicts',"
            " B '... and control in the event of any conflicts'"),
    Fixture("renumbered-list", CSA2, "commonpaper-csa-v2.0-2024-02-02.docx", "word/document.xml",
            insert_paragraph_like("Restrictions & Obligations", "Restrictions & Obligations",
                                  "Definitions", ""),
            "A has an extra top-level numbered heading 'Definitions' as section 2, so A's sections"
            " 2..N are B's 1..N-1 shifted by one (B: 'Restrictions & Obligations' is 2, in A it is 3)"),
    Fixture("list-level-change", HIERARCHICAL, "HierarchicalNumberedList.docx", "word/document.xml",
            set_list_level("Click Insert", "0"),
            "'Click Insert and then choose...' is a top-level item (level 0) in A and a sub-item"
            " (level 1) in B, so the labels around it shift; no text change"),
    Fixture("style-change", BONTERMS_TERMS, "bonterms-cloud-terms-v1.0-2022-02-04.docx", "word/document.xml",
            set_paragraph_style("5. Data.", "Heading2"),
            "paragraph '5. Data.' is Heading2 in A and BodyText in B; no text change"),
    Fixture("bold-change", NDA, "commonpaper-mutual-nda-v1.0.docx", "word/document.xml",
            make_run_bold("Term and Termination", "Effective Date"),
            "in clause 5 (Term and Termination) the run 'Effective Date' is bold in A, plain in B;"
            " no text change"),
    Fixture("moved-clause-with-edit", NDA, "commonpaper-mutual-nda-v1.0.docx", "word/document.xml",
            move_paragraph_with_edit("Equitable Relief", "Exceptions", "may", "will"),
            "clause 'Equitable Relief' is clause 4 in A (after 'Exceptions') and reads 'A breach of this"
            " MNDA will cause irreparable harm'; in B it is clause 10 (after 'Governing Law') and reads"
            " '... may cause ...'; clauses between are renumbered"),
    Fixture("numbered-paragraph-deleted", NDA, "commonpaper-mutual-nda-v1.0.docx", "word/document.xml",
            insert_paragraph_like("Return or Destruction", "Return or Destruction", *NON_SOLICIT),
            "A has an extra numbered clause 6 'Non-Solicitation. ...' between 'Term and Termination'"
            " and 'Return or Destruction'; B lacks it, so B's clauses 6..11 were A's 7..12"),
)


# --- writing the package -----------------------------------------------------------------


def rewritten(original: bytes, edit: Edit) -> bytes:
    """Give back the part's XML after edit, keeping the original XML declaration bytes."""
    root = etree.fromstring(original)
    edit(root)
    prolog = original[: original.index(b"<", original.index(b"?>"))] if original.startswith(b"<?xml") else b""
    return prolog + etree.tostring(root, encoding="UTF-8")


def copy_entry(source: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """Give back a ZipInfo with the source entry's name, date, compression and attributes."""
    info = zipfile.ZipInfo(source.filename, date_time=source.date_time)
    info.compress_type = source.compress_type
    info.create_system = source.create_system
    info.external_attr = source.external_attr
    return info


def write_a(fixture: Fixture, target: Path) -> None:
    """Write fixture A: the source package with fixture.part edited."""
    with zipfile.ZipFile(fixture.source) as source, zipfile.ZipFile(target, "w") as out:
        assert fixture.part in source.namelist(), fixture.part
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == fixture.part:
                data = rewritten(data, fixture.edit)
            out.writestr(copy_entry(entry), data)


def build() -> None:
    """Write every fixture pair and pairs.csv."""
    rows = []
    for fixture in FIXTURES:
        a, b = HERE / f"{fixture.name}-a.docx", HERE / f"{fixture.name}-b.docx"
        write_a(fixture, a)
        shutil.copyfile(fixture.source, b)
        rows.append((fixture.name, a.name, b.name, fixture.what_changed, fixture.source_label))
    with open(HERE / "pairs.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("name", "a", "b", "what_changed", "source"))
        writer.writerows(rows)


if __name__ == "__main__":
    build()
