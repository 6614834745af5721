"""Reading .docx drafts: real files from the corpus, then small documents written in each test."""

from __future__ import annotations

import hashlib
import threading
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from desktop.core.model import Cancelled
from desktop.core.reading.docx import bold_prefix, read_docx
from tests.core.hostile import docx_bytes, paragraph

DATA = Path(__file__).resolve().parents[1] / "data" / "docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read(name: str):
    """Return the Document of a fixture in tests/data/docx."""
    return read_docx(name, (DATA / name).read_bytes())


def by_text(doc, start: str):
    """Return the first paragraph whose text starts with `start`."""
    return next(p for p in doc.paragraphs if p.text.startswith(start))


# -- real files ----------------------------------------------------------------------------


def test_common_paper_csa_labels_match_what_word_shows():
    doc = read("commonpaper-csa-v2.0-2024-02-02.docx")
    section = by_text(doc, "Limitation of Liability")
    caps = by_text(doc, "Liability Caps.")
    child = doc.paragraphs[caps.index + 1]
    assert (section.label, section.num_level) == ("8.", 0)
    assert (caps.label, caps.num_level) == ("1.", 1)
    assert (child.label, child.num_level) == ("a.", 2)
    assert child.text.startswith("Except as provided in Section 8.4 (Exceptions)")
    assert by_text(doc, "Indemnification").label == "9."
    assert [p.index for p in doc.paragraphs] == list(range(len(doc.paragraphs)))
    assert doc.kind == "docx" and doc.name == "commonpaper-csa-v2.0-2024-02-02.docx"


def test_document_carries_the_sha256_of_the_bytes():
    data = (DATA / "Table.docx").read_bytes()
    assert read_docx("Table.docx", data).sha256 == hashlib.sha256(data).hexdigest()


def test_github_terms_numbered_definitions_and_nested_bullets():
    doc = read("github-corporate-tos-2017-06-09.docx")
    numbered = [p for p in doc.paragraphs if p.label and p.label[0].isdigit()]
    assert [p.label for p in numbered] == [f"{n}." for n in range(1, 9)]
    assert numbered[0].text.startswith("The “Agreement” refers")
    machine = by_text(doc, "A machine account is an account")
    assert (machine.label, machine.num_level) == ("–", 1)
    assert doc.paragraphs[machine.index - 1].label == "•"


def test_mutual_nda_labels_and_bold_run_in_headings():
    doc = read("commonpaper-mutual-nda-v1.0.docx")
    numbered = [p for p in doc.paragraphs if p.label]
    assert [p.label for p in numbered] == [f"{n}." for n in range(1, 12)]
    assert [p.bold_prefix for p in numbered[:3]] == [
        "Introduction", "Use and Protection of Confidential Information", "Exceptions",
    ]
    assert numbered[0].text.startswith("Introduction. This Mutual Non-Disclosure Agreement")


def test_bonterms_bold_headings_include_their_typed_numbers():
    doc = read("bonterms-cloud-terms-v1.0-2022-02-26-heading-bold-reformat.docx")
    use = by_text(doc, "5.1. Use of Customer Data.")
    assert use.bold_prefix == "5.1. Use of Customer Data"
    assert use.label == ""  # the number is typed, so it stays in the text
    warranty = by_text(doc, "it has the legal power and authority")
    assert warranty.label == "(a)"


def test_hierarchical_list_labels():
    doc = read("HierarchicalNumberedList.docx")
    assert [p.label for p in doc.paragraphs] == ["1)", "a)", "b)", "2)", "a)", "b)", "c)", "i)", "3)", "a)"]
    assert [p.num_level for p in doc.paragraphs][:8] == [0, 1, 1, 0, 1, 1, 1, 2]
    assert doc.paragraphs[0].style == "List Paragraph"


def test_roman_numeral_list_labels():
    doc = read("NumberedListRomanNumerals.docx")
    assert [p.label for p in doc.paragraphs] == ["I.", "a.", "b.", "c.", "II.", "a.", "b.", "III.", "a.", "b."]


def test_nvca_charter_ordinal_articles_and_legal_numbering_read_fast():
    data = (DATA / "NVCA-Model-COI.docx").read_bytes()
    started = time.perf_counter()
    doc = read_docx("NVCA-Model-COI.docx", data)
    assert time.perf_counter() - started < 0.5  # measured ~0.03 s; the bar is 0.2 s for 50k words
    labels = [p.label for p in doc.paragraphs if p.label]
    assert labels[6:10] == ["First", "Second", "Third", "Fourth"]
    assert "2.3.1" in labels and "(iii)" in labels
    ninth = next(p for p in doc.paragraphs if p.label == "Ninth")
    assert ninth.style == "Heading 2"
    assert sum(len(p.text.split()) for p in doc.paragraphs) > 19_000
    assert "94 footnotes or endnotes were not read." in doc.warnings


def naive_accept_all(data: bytes) -> list[str]:
    """Return paragraph texts after accepting all changes, by a deliberately simple method.

    Remove deleted and moved-from text and deleted table rows, keep inserted text, and join a
    paragraph whose mark was deleted to the next paragraph.
    """
    root = etree.fromstring(zipfile.ZipFile(__import__("io").BytesIO(data)).read("word/document.xml"))
    for row in list(root.iter(W + "tr")):
        if row.find(f"{W}trPr/{W}del") is not None:
            row.getparent().remove(row)
    for el in list(root.iter(W + "del", W + "moveFrom")):
        if el.getparent().tag not in (W + "rPr", W + "trPr"):
            el.getparent().remove(el)
    out, carry = [], ""
    for p in root.iter(W + "p"):
        text = carry + "".join(t.text or "" if t.tag == W + "t" else " " for t in p.iter(W + "t", W + "tab"))
        mark = p.find(f"{W}pPr/{W}rPr")
        nxt = p.getnext()
        if mark is not None and mark.find(W + "del") is not None and nxt is not None and nxt.tag == W + "p":
            carry = text
            continue
        carry = ""
        if text.strip():
            out.append(" ".join(text.split()))
    return out


def test_tracked_revisions_read_as_accept_all():
    data = (DATA / "RA001-Tracked-Revisions-01.docx").read_bytes()
    doc = read_docx("RA001.docx", data)
    ours = [" ".join(p.text.split()) for p in doc.paragraphs]
    assert ours == naive_accept_all(data)
    # LibreOffice's own Accept All gives the same paragraphs (it moves one floating table).
    libreoffice = (DATA / "RA001-Tracked-Revisions-01.accepted-by-libreoffice.txt").read_text("utf-8-sig")
    expected = [" ".join(line.split()) for line in libreoffice.splitlines() if line.strip()]
    ours_with_labels = [" ".join(f"{p.label} {p.text}".split()) for p in doc.paragraphs]
    assert Counter(ours_with_labels) == Counter(expected)


def test_tracked_revisions_are_listed_with_their_authors():
    doc = read("RA001-Tracked-Revisions-01.docx")
    kinds = Counter(c.kind for c in doc.tracked_changes)
    assert kinds == {"insert": 138, "delete": 111, "move_from": 15, "move_to": 15}
    assert {c.author for c in doc.tracked_changes} == {"Author"}
    assert all(0 <= c.paragraph < len(doc.paragraphs) for c in doc.tracked_changes)
    inserted = next(c for c in doc.tracked_changes if c.text == "Order of injection:")
    assert doc.paragraphs[inserted.paragraph].text == "Order of injection:"


def test_deleted_numbered_paragraphs_merge_into_the_next_one():
    doc = read("002-DeletedNumberedParagraphs.docx")
    assert [(p.label, p.text) for p in doc.paragraphs] == [
        ("", "This is text before."), ("", "This is text after."),
    ]
    deletions = [c for c in doc.tracked_changes if c.kind == "delete"]
    assert len(deletions) == 10 and {c.paragraph for c in deletions} == {1}
    assert deletions[1].text == "Video provides a powerful way to help you prove your point."
    assert deletions[0].text == "¶" and deletions[0].author == "e"


def test_deleted_and_inserted_paragraph_marks():
    doc = read("RP048-Deleted-Inserted-Para-Mark.docx")
    assert [p.text for p in doc.paragraphs][:4] == [
        "Video provides a powerful way to help you prove your point.",
        "When you click Online Video, you can paste in the embed code for the video you want to add.",
        "This is an inserted paragraph.",
        "And another one.",
    ]
    assert {c.author for c in doc.tracked_changes} == {"Test User", "Eric White"}


def test_dense_comments_with_their_anchors():
    doc = read("DD002-DenseComments.docx")
    found = {c.author: c for c in doc.comments}
    assert len(doc.comments) == 10
    assert (found["Alice"].anchor, found["Alice"].text) == ("recitals", "scope of the recitals")
    assert found["Carol"].anchor == "definition term"  # overlapping ranges
    assert found["Dan"].anchor == "term scope"
    assert found["Erin"].anchor == (
        "Each obligation under this clause is several. It continues until performance is complete."
    )
    assert found["Erin"].paragraph == 3
    assert found["Heidi"].anchor == "" and found["Heidi"].paragraph == 6  # a reply marks a point
    assert doc.paragraphs[found["Frank"].paragraph].text == "The indemnity cap applies to all claims."
    assert found["Alice"].date == "2020-01-01T00:00:00Z"


def test_single_comment():
    (comment,) = read("Comment.docx").comments
    assert (comment.author, comment.text, comment.anchor, comment.paragraph) == (
        "Eric White", "This is a comment.", "you click Online Video", 0,
    )


def test_table_cells_have_their_coordinates():
    doc = read("Table.docx")
    assert all(p.in_table for p in doc.paragraphs)
    assert [(p.table_cell, p.text) for p in doc.paragraphs[3:6]] == [
        ((0, 1, 0), "100"), ((0, 1, 1), "200"), ((0, 1, 2), "300"),
    ]


def test_complicated_document_warns_about_what_it_skipped():
    doc = read("HC031-Complicated-Document.docx")
    assert doc.warnings == (
        "1 image was skipped.",
        "2 footnotes or endnotes were not read.",
    )
    assert "Here is a text box." in [p.text for p in doc.paragraphs]  # text boxes are read
    rows = [p.text for p in doc.paragraphs if p.table_cell and p.table_cell[0] == 0]
    assert "100" not in rows and "400" in rows  # the deleted row is gone
    assert [p.label for p in doc.paragraphs if p.label][:3] == ["1)", "a)", "b)"]


def test_progress_is_reported_and_cancel_stops_reading():
    data = (DATA / "NVCA-Model-COI.docx").read_bytes()
    seen = []
    read_docx("n.docx", data, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] > 0
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        read_docx("n.docx", data, cancel=stop)


# -- small documents -----------------------------------------------------------------------


def texts(body: str, **parts) -> list[str]:
    """Return the paragraph texts of a document with this body."""
    return [p.text for p in read_docx("t.docx", docx_bytes(body, **parts)).paragraphs]


def run(text: str, props: str = "") -> str:
    """Return a w:r with optional run properties."""
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_tabs_and_breaks_become_single_spaces_and_ends_are_trimmed():
    body = '<w:p><w:r><w:t xml:space="preserve">  8.2</w:t><w:tab/><w:t>Fees</w:t><w:br/><w:t>due</w:t></w:r></w:p>'
    assert texts(body) == ["8.2 Fees due"]


def test_field_codes_are_skipped_and_results_kept():
    body = (
        "<w:p>" + run("See Section ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 \\h </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("8.2")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + '<w:fldSimple w:instr="PAGE">' + run(" on page 3") + "</w:fldSimple></w:p>"
        + '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>BROKEN</w:instrText></w:r></w:p>'
        + paragraph("Still read after a broken field.")
    )
    assert texts(body) == ["See Section 8.2 on page 3", "Still read after a broken field."]


def test_hyperlinks_content_controls_smart_tags_and_insertions_are_read():
    body = (
        "<w:p>" + '<w:hyperlink r:id="x">' + run("GitHub") + "</w:hyperlink>"
        + "<w:sdt><w:sdtContent>" + run(" Customer") + "</w:sdtContent></w:sdt>"
        + '<w:smartTag w:uri="u" w:element="e">' + run(" shall") + "</w:smartTag>"
        + '<w:ins w:id="1" w:author="A">' + run(" promptly") + "</w:ins>"
        + '<w:del w:id="2" w:author="B"><w:r><w:delText> never</w:delText></w:r></w:del>'
        + '<w:moveFrom w:id="3" w:author="C">' + run(" moved-away") + "</w:moveFrom>"
        + '<w:moveTo w:id="4" w:author="C">' + run(" pay") + "</w:moveTo>"
        + run(" hidden", "<w:vanish/>") + "</w:p>"
        + "<w:sdt><w:sdtContent>" + paragraph("Block content control.") + "</w:sdtContent></w:sdt>"
    )
    doc = read_docx("t.docx", docx_bytes(body))
    assert [p.text for p in doc.paragraphs] == ["GitHub Customer shall promptly pay", "Block content control."]
    assert [(c.kind, c.author, c.text, c.paragraph) for c in doc.tracked_changes] == [
        ("insert", "A", " promptly", 0), ("delete", "B", " never", 0),
        ("move_from", "C", " moved-away", 0), ("move_to", "C", " pay", 0),
    ]


def test_empty_paragraphs_are_dropped_but_numbered_empty_ones_kept():
    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    body = paragraph("One") + "<w:p/>" + paragraph("", num=("1", 0)) + paragraph(" ") + paragraph("Two", num=("1", 0))
    doc = read_docx("t.docx", docx_bytes(body, numbering=numbering))
    assert [(p.index, p.label, p.text) for p in doc.paragraphs] == [(0, "", "One"), (1, "1.", ""), (2, "2.", "Two")]


def test_nested_tables_and_deleted_rows():
    inner = f"<w:tbl><w:tr><w:tc>{paragraph('inner')}</w:tc></w:tr></w:tbl>"
    deleted_row = f'<w:tr><w:trPr><w:del w:id="9" w:author="D"/></w:trPr><w:tc>{paragraph("gone")}</w:tc></w:tr>'
    body = (
        f"<w:tbl>{deleted_row}<w:tr><w:tc>{paragraph('a')}</w:tc><w:tc>{paragraph('b')}{inner}</w:tc></w:tr></w:tbl>"
        + paragraph("after")
    )
    doc = read_docx("t.docx", docx_bytes(body))
    assert [(p.text, p.table_cell) for p in doc.paragraphs] == [
        ("a", (0, 0, 0)), ("b", (0, 0, 1)), ("inner", (1, 0, 0)), ("after", None),
    ]
    assert [(c.kind, c.text) for c in doc.tracked_changes] == [("delete", "gone")]


def test_deleted_paragraph_mark_joins_the_next_paragraph_keeping_its_style():
    styles = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/></w:style>'
    )
    body = (
        '<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr>' + run("The fee is ") + "</w:p>"
        + paragraph("due monthly.", style="Quote")
    )
    doc = read_docx("t.docx", docx_bytes(body, styles=styles))
    assert [(p.text, p.style) for p in doc.paragraphs] == [("The fee is due monthly.", "Quote")]
    assert [(c.kind, c.text, c.paragraph) for c in doc.tracked_changes] == [("delete", "¶", 0)]


BOLD_STYLES = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="BoldPara"><w:name w:val="Bold Para"/><w:rPr><w:b/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="Term"><w:name w:val="Term"/><w:basedOn w:val="Strong"/></w:style>'
)


@pytest.mark.parametrize(
    ("body", "prefix"),
    [
        ("<w:p>" + run("Access and Use.", "<w:b/>") + run(" Customer may use it.") + "</w:p>", "Access and Use."),
        ("<w:p>" + run("Fees", '<w:rStyle w:val="Term"/>') + run(" ") + run(".", "<w:b/>") + run(" Due.") + "</w:p>", "Fees ."),
        ("<w:p>" + run("Wholly bold heading", "<w:b/>") + "</w:p>", ""),
        ("<w:p>" + run("Plain ") + run("then bold", "<w:b/>") + "</w:p>", ""),
        ("<w:p>" + run("Off.", '<w:b w:val="0"/>') + run(" text") + "</w:p>", ""),
        (
            '<w:p><w:pPr><w:pStyle w:val="BoldPara"/></w:pPr>' + run("Term.") + run(" Not bold.", '<w:rStyle w:val="Strong"/>') + "</w:p>",
            "Term.",
        ),
    ],
)
def test_bold_run_in_headings(body, prefix):
    (para,) = read_docx("t.docx", docx_bytes(body, styles=BOLD_STYLES)).paragraphs
    assert para.bold_prefix == prefix
    assert para.text.startswith(para.bold_prefix)


def test_bold_prefix_of_pieces():
    assert bold_prefix([(" ", False), ("Notices.", True), (" ", False), ("All notices", False)]) == "Notices."
    assert bold_prefix([]) == ""


def test_outline_levels_and_style_names():
    styles = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Sub"><w:name w:val="Sub"/><w:basedOn w:val="Lvl"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Lvl"><w:name w:val="Lvl"/><w:pPr><w:outlineLvl w:val="3"/></w:pPr></w:style>'
    )
    body = (
        paragraph("By name", style="H2") + paragraph("By basedOn", style="Sub")
        + paragraph("Direct", ppr='<w:outlineLvl w:val="0"/>') + paragraph("Body text", ppr='<w:outlineLvl w:val="9"/>')
        + paragraph("Unknown style", style="Nope")
    )
    doc = read_docx("t.docx", docx_bytes(body, styles=styles))
    assert [(p.style, p.outline_level) for p in doc.paragraphs] == [
        ("Heading 2", 1), ("Sub", 3), ("Normal", 0), ("Normal", None), ("Normal", None),
    ]


def test_comment_on_deleted_text_has_no_paragraph():
    comments = (
        '<w:comment w:id="1" w:author="Ann" w:date="2024-01-02T00:00:00Z"><w:p>' + run("Why cut this?") + "</w:p></w:comment>"
        '<w:comment w:id="2" w:author="Bo"><w:p>' + run("Orphan") + "</w:p></w:comment>"
    )
    body = (
        "<w:p>" + run("Kept. ") + '<w:commentRangeStart w:id="1"/>'
        + '<w:del w:id="5" w:author="A"><w:r><w:delText>Cut.</w:delText></w:r></w:del>'
        + '<w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r></w:p>'
    )
    doc = read_docx("t.docx", docx_bytes(body, comments=comments))
    assert [(c.author, c.text, c.anchor, c.paragraph) for c in doc.comments] == [
        ("Ann", "Why cut this?", "", -1), ("Bo", "Orphan", "", -1),
    ]
