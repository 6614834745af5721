"""Reading the text of Word text boxes: WmlComparer's text-box files, then small documents."""

from __future__ import annotations

from pathlib import Path

from desktop.cli import main as cli_main
from desktop.core.reading.docx import read_docx
from tests.core.hostile import R_NS, W_NS, docx_bytes, paragraph

PEER = Path(__file__).resolve().parents[1] / "data" / "docx" / "peer"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V_NS = "urn:schemas-microsoft-com:vml"


def read(name: str):
    """Return the Document of a WmlComparer file in tests/data/docx/peer."""
    return read_docx(name, (PEER / name).read_bytes())


def texts(doc) -> list[str]:
    """Return a document's paragraph texts."""
    return [p.text for p in doc.paragraphs]


# -- WmlComparer's files ---------------------------------------------------------------------


def test_clauses_lists_a_text_box_that_is_the_whole_document(capsys):
    assert cli_main(["clauses", str(PEER / "WC045-Text-Box.docx")]) == 0
    assert "Textbox." in capsys.readouterr().out


def test_compare_names_the_changed_text_box(capsys):
    before, after = PEER / "WC045-Text-Box.docx", PEER / "WC045-Text-Box-Mod.docx"
    assert cli_main(["compare", "--json", str(before), str(after)]) == 0
    out = capsys.readouterr().out
    assert '"modified": 1' in out and '["-", "Textbox"], ["+", "Textbox2"]' in out


def test_a_box_follows_its_anchor_whose_own_text_is_unchanged():
    doc = read("WC044-Text-Box.docx")
    assert texts(doc) == ["Test 1.", "Test 2.", "Textbox."]
    assert doc.warnings == ()  # the box is read, not counted as skipped


def test_a_box_written_twice_as_choice_and_fallback_is_read_once():
    doc = read("WC046-Two-Text-Box.docx")
    assert texts(doc) == ["Para before.", "Text1 Text2 Text3", "Textbox2", "Textbox1", "Para after", "Another para after"]


def test_a_box_in_a_cell_stays_in_the_cell():
    cells = [(p.table_cell, p.text) for p in read("WC048-Text-Box-in-Cell.docx").paragraphs[:4]]
    assert cells == [((0, 0, 0), "This is a test."), ((0, 0, 0), "Textbox1"),
                     ((0, 0, 1), "This is a test."), ((0, 0, 1), "Textbox2")]


def test_a_table_in_a_box_gives_its_cells():
    doc = read("WC050-Table-in-Text-Box.docx")
    cells = [(p.table_cell, p.text) for p in doc.paragraphs if p.table_cell]
    assert cells[:2] == [((0, 0, 0), "This is a test"), ((0, 0, 1), "This is another test.")]
    assert len(cells) == 9 and doc.paragraphs[11].table_cell is None  # the body resumes after the box


# -- small documents -------------------------------------------------------------------------


def document(body: str) -> bytes:
    """Return a .docx whose body may hold mc:, wps: and v: markup."""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" '
        f'xmlns:r="{R_NS}" xmlns:mc="{MC_NS}" xmlns:wps="{WPS_NS}" xmlns:v="{V_NS}"><w:body>{body}</w:body></w:document>'
    )
    return docx_bytes(document=xml, numbering=NUMBERING)


NUMBERING = (
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
)


def anchor(text: str, choice: str, fallback: str = "") -> str:
    """Return a paragraph with `text`, then a run holding a text box as Word writes it."""
    alternate = (
        f"<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>{choice}"
        f"</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        f"<w:txbxContent>{fallback or choice}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent>"
    )
    return f"<w:p><w:r><w:t>{text}</w:t></w:r><w:r>{alternate}</w:r></w:p>"


def test_changes_and_numbering_inside_a_box_are_read_as_in_the_body():
    inside = (
        '<w:p><w:r><w:t xml:space="preserve">Pay </w:t></w:r><w:ins w:id="1" w:author="A"><w:r><w:t>promptly</w:t>'
        '</w:r></w:ins><w:del w:id="2" w:author="B"><w:r><w:delText> never</w:delText></w:r></w:del></w:p>'
        + paragraph("Second", num=("1", 0))
    )
    body = paragraph("First", num=("1", 0)) + anchor("Anchor.", inside) + paragraph("Third", num=("1", 0))
    doc = read_docx("t.docx", document(body))
    assert [(p.label, p.text) for p in doc.paragraphs] == [
        ("1.", "First"), ("", "Anchor."), ("", "Pay promptly"), ("2.", "Second"), ("3.", "Third"),
    ]
    assert [(c.kind, c.text, c.paragraph) for c in doc.tracked_changes] == [("insert", "promptly", 2), ("delete", " never", 2)]


def test_the_fallback_is_read_when_the_choice_has_no_box_and_an_old_pict_alone_is_read():
    no_box = '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing/></mc:Choice><mc:Fallback><w:pict><v:textbox>'
    old = "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>" + paragraph("Old VML") + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    body = (
        f"<w:p><w:r>{no_box}<w:txbxContent>{paragraph('Fallback only')}</w:txbxContent></v:textbox></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>" + old
    )
    assert texts(read_docx("t.docx", document(body))) == ["Fallback only", "Old VML"]


def test_a_box_in_a_box_and_a_deleted_box_once_accepted():
    nested = anchor("Outer.", paragraph("Inner."))
    deleted = f'<w:p><w:r><w:t>Kept.</w:t></w:r><w:del w:id="3" w:author="A"><w:r><w:pict><v:textbox><w:txbxContent>{paragraph("Gone")}</w:txbxContent></v:textbox></w:pict></w:r></w:del></w:p>'
    doc = read_docx("t.docx", document(anchor("Anchor.", nested) + deleted))
    assert texts(doc) == ["Anchor.", "Outer.", "Inner.", "Kept."]
