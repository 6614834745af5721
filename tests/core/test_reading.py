"""Reading drafts: dispatch on the extension, Markdown blocks and labels, plain-text encodings, bad input."""

from __future__ import annotations

import codecs
import hashlib
import threading
from pathlib import Path

import pytest

from desktop.core import reading
from desktop.core.model import Cancelled, ReadError
from desktop.core.reading import decode_text, read_draft
from desktop.core.reading.markdown import read_markdown_text

DATA = Path(__file__).resolve().parents[1] / "data"


def md(text: str):
    """Return the paragraphs of Markdown `text`."""
    return read_markdown_text(text)[0]


# ---- dispatch and bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("old.doc", "old-format Word file (.doc)"),
        ("scan.pdf", "is not a PDF"),
        ("notes.rtf", "“.rtf” files cannot be read"),
        ("README", "Files without an extension cannot be read"),
    ],
)
def test_unsupported_extensions_are_refused_with_advice(name, words):
    with pytest.raises(ReadError) as caught:
        read_draft(name, b"anything")
    assert words in str(caught.value)
    assert ".docx" in str(caught.value)


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(ReadError, match="Cannot find gone.md"):
        read_draft(tmp_path / "gone.md")


def test_a_folder_is_not_a_draft(tmp_path):
    folder = tmp_path / "drafts.txt"
    folder.mkdir()
    with pytest.raises(ReadError, match="is a folder"):
        read_draft(folder)


@pytest.mark.parametrize("name", ["empty.md", "empty.txt", "empty.docx"])
def test_an_empty_file_is_refused(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(ReadError, match="^The file is empty.$"):
        read_draft(path)


def test_a_file_of_blank_lines_is_empty():
    with pytest.raises(ReadError, match="^The file is empty.$"):
        read_draft("blank.txt", b" \r\n\t\n")


def test_text_over_the_size_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_TEXT_BYTES", 10)
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * 11)
    with pytest.raises(ReadError, match="too big"):
        read_draft(path)
    with pytest.raises(ReadError, match="too big"):
        read_draft("big.txt", b"y" * 11)


def test_binary_bytes_in_a_text_file_are_refused():
    with pytest.raises(ReadError, match="looks like a binary file"):
        read_draft("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")


def test_given_bytes_are_read_instead_of_the_path_and_hashed():
    data = b"# Terms\n\n1. Fees.\n"
    doc = read_draft("/nowhere/terms.md", data)
    assert doc.kind == "md" and doc.name == "terms.md"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert [p.text for p in doc.paragraphs] == ["Terms", "Fees."]


def test_the_file_on_disk_is_read_and_left_unchanged(tmp_path):
    path = tmp_path / "draft.markdown"
    original = b"Some text\r\nwrapped here.\r\n"
    path.write_bytes(original)
    doc = read_draft(path)
    assert doc.paragraphs[0].text == "Some text wrapped here."
    assert path.read_bytes() == original


def test_docx_goes_to_the_word_reader():
    pytest.importorskip("desktop.core.reading.docx")
    path = DATA / "docx" / "commonpaper-csa-v2.0-2024-02-02.docx"
    doc = read_draft(path)
    assert doc.kind == "docx"
    assert doc.paragraphs[1].label == "1." and doc.paragraphs[1].text == "Service"


def test_progress_is_reported_and_cancel_stops_reading():
    seen: list[tuple[int, int]] = []
    read_draft("a.md", b"para one\n\npara two\n", progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        read_draft("a.md", b"para one\n", cancel=stop)
    with pytest.raises(Cancelled):
        read_draft("a.txt", b"para one\n", cancel=stop)


# ---- plain text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + "“Fees” — 5 €".encode("utf-8"), "“Fees” — 5 €"),
        (codecs.BOM_UTF16_LE + "“Fees” — 5 €".encode("utf-16-le"), "“Fees” — 5 €"),
        (codecs.BOM_UTF16_BE + "“Fees” — 5 €".encode("utf-16-be"), "“Fees” — 5 €"),
        (codecs.BOM_UTF32_LE + "“Fees” — 5 €".encode("utf-32-le"), "“Fees” — 5 €"),
        (codecs.BOM_UTF32_BE + "“Fees” — 5 €".encode("utf-32-be"), "“Fees” — 5 €"),
        ("Fees are due.".encode("utf-16-le"), "Fees are due."),  # no byte-order mark
        ("“Fees” — 5 €".encode("utf-8"), "“Fees” — 5 €"),
        (b"\x93Fees\x94 \x96 5 \x80", "“Fees” – 5 €"),  # Word's Windows-1252 plain text
        (b"caf\xe9 \x81", "café \x81"),  # a byte cp1252 leaves undefined falls back to Latin-1
    ],
)
def test_text_encodings_are_detected(data, expected):
    assert decode_text(data) == expected


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_file_read_under_a_guessed_legacy_encoding_carries_a_note(suffix):
    legacy = read_draft(f"notes{suffix}", b"1. Fees. \x93Net\x94 thirty days, pay\xe9.\n")
    assert any("Windows-1252" in note for note in legacy.warnings)
    for unicode in ("1. Fees. “Net” thirty days.\n".encode("utf-8"), b"1. Fees. Net thirty days.\n",
                    codecs.BOM_UTF16_LE + "1. Fees.".encode("utf-16-le")):
        assert not any("Windows-1252" in note for note in read_draft(f"notes{suffix}", unicode).warnings)


def test_a_damaged_unicode_file_is_refused():
    with pytest.raises(ReadError, match="damaged"):
        decode_text(codecs.BOM_UTF8 + b"\xff\xfe\xfa")


def test_text_paragraphs_split_at_blank_lines_and_clause_numbers():
    text = (
        "MASTER AGREEMENT\n\n"
        "8. Limitation of Liability\n"
        "8.1 Each party's liability is capped\n"
        "at the fees paid.\n"
        "(a) This cap does not apply\n"
        "to fraud.\n"
        "Section 9 Indemnity\n\n\n"
        "  The parties agree\n  to indemnify.  \n"
    )
    doc = read_draft("a.txt", text.encode())
    assert doc.kind == "txt"
    assert [p.text for p in doc.paragraphs] == [
        "MASTER AGREEMENT",
        "8. Limitation of Liability",
        "8.1 Each party's liability is capped at the fees paid.",
        "(a) This cap does not apply to fraud.",
        "Section 9 Indemnity",
        "The parties agree to indemnify.",
    ]
    assert all(p.label == "" for p in doc.paragraphs)


# ---- Markdown ----------------------------------------------------------------------------


def test_markdown_headings_paragraphs_and_wrapping():
    paras = md("# Title\n\nSome text that\nwraps here.\n\n## Part *Two*\nBody.\n")
    assert [(p.text, p.outline_level, p.style) for p in paras] == [
        ("Title", 0, "Heading 1"),
        ("Some text that wraps here.", None, "Normal"),
        ("Part Two", 1, "Heading 2"),
        ("Body.", None, "Normal"),
    ]


def test_front_matter_is_skipped_and_gives_the_title():
    doc = read_draft("t.md", b"---\ntitle: GitHub Terms\nversions:\n  fpt: '*'\n---\n\nBody.\n")
    assert doc.title == "GitHub Terms"
    assert [p.text for p in doc.paragraphs] == ["Body."]


def test_ordered_lists_number_from_the_first_marker_like_pandoc():
    paras = md("3. three\n7. four\n9. five\n")
    assert [p.label for p in paras] == ["3.", "4.", "5."]
    assert len({p.num_id for p in paras}) == 1 and all(p.num_level == 0 for p in paras)


@pytest.mark.parametrize(
    ("source", "labels"),
    [
        ("a. one\nb. two\nc. three\n", ["a.", "b.", "c."]),
        ("(a) one\n(b) two\n", ["(a)", "(b)"]),
        ("a) one\nb) two\n", ["a)", "b)"]),
        ("i. one\nii. two\niii. three\niv. four\n", ["i.", "ii.", "iii.", "iv."]),
        ("(i) one\n(ii) two\n", ["(i)", "(ii)"]),
        ("h. one\ni. two\nj. three\n", ["h.", "i.", "j."]),  # "i." after "h." is a letter
        ("v. one\nw. two\n", ["v.", "w."]),  # "v." starts a letter list, not roman five
        ("A.  one\nB.  two\n", ["A.", "B."]),
        ("I.  one\nII. two\n", ["I.", "II."]),  # pandoc wants two spaces after "I." too
    ],
)
def test_fancy_list_styles_follow_pandoc(source, labels):
    assert [p.label for p in md(source)] == labels


def test_a_capital_letter_and_one_space_is_a_sentence_not_a_list():
    paras = md("B. Russell wrote this.\n")
    assert paras[0].label == "" and paras[0].text == "B. Russell wrote this."


@pytest.mark.parametrize("indent", [2, 3, 4])
def test_nested_lists_by_indentation(indent):
    pad = " " * indent
    paras = md(f"1. Fees\n\n{pad}1. Invoices\n{pad}{pad}a. monthly\n{pad}{pad}b. yearly\n{pad}2. Taxes\n2. Term\n")
    assert [(p.label, p.num_level, p.text) for p in paras] == [
        ("1.", 0, "Fees"),
        ("1.", 1, "Invoices"),
        ("a.", 2, "monthly"),
        ("b.", 2, "yearly"),
        ("2.", 1, "Taxes"),
        ("2.", 0, "Term"),
    ]
    assert paras[0].num_id == paras[5].num_id != paras[1].num_id


def test_bullets_show_the_glyph_and_continuations_keep_the_item_level():
    paras = md("- first\n\n  more of first\n\n  - inner\n* second\n\nAfter the list.\n")
    assert [(p.label, p.num_level, p.text) for p in paras] == [
        ("•", 0, "first"),
        ("", 0, "more of first"),
        ("–", 1, "inner"),
        ("•", 0, "second"),
        ("", None, "After the list."),
    ]


def test_a_bullet_list_may_follow_a_paragraph_line_directly():
    paras = md("Prohibited uses:\n* Cryptomining;\n* Spam.\n")
    assert [(p.label, p.text) for p in paras] == [("", "Prohibited uses:"), ("•", "Cryptomining;"), ("•", "Spam.")]


def test_a_list_item_holding_a_heading_is_a_numbered_heading():
    paras = md("1. ## Service  \n\n    1.1 Access.\n\n2. ## Restrictions\n<span>Lazy</span> line\n")
    assert [(p.label, p.outline_level, p.num_level, p.text) for p in paras] == [
        ("1.", 1, 0, "Service"),
        ("", None, 0, "1.1 Access."),
        ("2.", 1, 0, "Restrictions"),
        ("", None, 0, "Lazy line"),
    ]


def test_inline_markup_is_removed_and_text_kept_exactly():
    paras = md(
        '<span class="coverpage_link">Customer’s</span> **bold** and _it_ and [the site](https://x.y/a_(b))'
        " and `a*b` and &amp; &#8220;q&#8221; <https://example.com/a_b> snake_case 5 * 3\\*"
    )
    assert paras[0].text == (
        "Customer’s bold and it and the site and a*b and & “q” https://example.com/a_b snake_case 5 * 3*"
    )


def test_html_comments_images_and_admonitions_are_dropped():
    paras = md("<!-- markdownlint-disable -->\n> [!NOTE]\n> Deprecated ![logo](x.png) terms.\n")
    assert [p.text for p in paras] == ["Deprecated terms."]


@pytest.mark.parametrize(
    ("source", "bold"),
    [
        ("**Title.** Body text.", "Title."),
        ("**Introduction**. This MNDA", "Introduction"),
        ('<span class="header_3">Access and Use.</span>  During the term', "Access and Use."),
        ('1.1 <span class="header_3">Access and Use.</span> During', "1.1 Access and Use."),
        ("**5.1.** Use of Customer Data.", "5.1."),
        ("_Users._ Customer acknowledges", "Users."),
        ("**_Indirect Damages._ To the maximum extent permitted by applicable law, no party is liable for anything.**",
         "Indirect Damages."),
        ("Plain **bold later**", ""),
    ],
)
def test_run_in_titles_become_the_bold_prefix(source, bold):
    paragraph = md(source)[0]
    assert paragraph.bold_prefix == bold
    assert paragraph.text.startswith(bold)


def test_a_header_span_alone_in_a_list_item_is_all_bold():
    paragraph = md('1. <span class="header_2">Service</span>\n')[0]
    assert (paragraph.label, paragraph.text, paragraph.bold_prefix) == ("1.", "Service", "Service")


def test_pipe_tables_give_one_paragraph_per_row():
    paras = md("Before.\n\n|| PARTY 1 | PARTY 2 |\n|:--- | :----: | :----: |\n| Signature | | |\n| Name | Ann | Bo |\n")
    rows = [p for p in paras if p.in_table]
    assert [p.text for p in rows] == ["PARTY 1 | PARTY 2", "Signature", "Name | Ann | Bo"]
    assert [p.table_cell for p in rows] == [(0, 0, 0), (0, 1, 0), (0, 2, 0)]


def test_task_list_boxes_show_as_pandoc_draws_them():
    assert [p.text for p in md("- [x] Expires in a year.\n- [ ] Continues.\n")] == [
        "☒ Expires in a year.",
        "☐ Continues.",
    ]


def test_html_ordered_lists_get_the_labels_a_browser_shows():
    paras = md(
        '<ol style="list-style-type:lower-alpha">\n  <li>First.</li>\n\n  <li>The Parties:\n'
        '  <ol style="list-style-type:lower-roman">\n    <li>exporter;</li>\n    <li>importer.</li>\n  </ol>\n'
        "  </li>\n</ol>\n\nAfter.\n"
    )
    assert [(p.label, p.num_level, p.text) for p in paras] == [
        ("a.", 0, "First."),
        ("b.", 0, "The Parties:"),
        ("i.", 1, "exporter;"),
        ("ii.", 1, "importer."),
        ("", None, "After."),
    ]


def test_the_corpus_csa_reads_like_its_pandoc_rendering():
    doc = read_draft(DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md")
    labelled = [(p.label, p.num_level, p.text) for p in doc.paragraphs if p.label][:4]
    assert labelled == [
        ("1.", 0, "Service"),
        ("1.", 1, labelled[1][2]),
        ("2.", 1, labelled[2][2]),
        ("3.", 1, labelled[3][2]),
    ]
    assert labelled[1][2].startswith("Access and Use. During the Subscription Period")
    assert "<span" not in " ".join(p.text for p in doc.paragraphs)
    assert doc.title == "Cloud Service Agreement"
