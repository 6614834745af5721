"""A small .docx never unpacks to much more than it holds, and never crashes the reader (issue 23).

Each test builds its file in code. Sizes are chosen so the fixed reader takes a fraction of a
second while the old one, which copied text into every open change or comment range, joined
deleted paragraph marks by copying, and let a number or a label grow without end, used many
times the memory asserted here (or raised ValueError, or returned everything unchecked).
"""

from __future__ import annotations

import time
import tracemalloc

import pytest

from desktop.core import clauses as clause_splitting
from desktop.core.model import Cancelled, Document, Paragraph, ReadError
from desktop.core.pipeline import load_draft
from desktop.core.reading import limits
from desktop.core.reading.docx import body as body_reading
from desktop.core.reading.docx import read_docx, spans
from desktop.core.reading.docx.styles import decimal
from tests.core import hostile


def traced(work):
    """Return what `work()` returns (None after a ReadError) and the most memory Python held meanwhile."""
    tracemalloc.start()
    try:
        try:
            result = work()
        except ReadError:
            result = None
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# -- tracked changes and comment ranges in linear time and memory ----------------------------


def test_deleted_paragraph_marks_join_in_linear_memory():
    data = hostile.deleted_marks(3_000)  # each mark once copied every piece before it: 37 MB
    doc, peak = traced(lambda: read_docx("marks.docx", data))
    (para,) = doc.paragraphs
    assert para.text.startswith("x0x1x2") and para.text.endswith("x2999end.")
    assert peak < 12 * 1024 * 1024


def test_a_paragraph_joined_past_the_length_limit_is_refused(monkeypatch):
    monkeypatch.setattr(body_reading, "MAX_CLAUSE_CHARS", 1_000)
    with pytest.raises(ReadError, match="longer than 1,000 characters"):
        read_docx("marks.docx", hostile.deleted_marks(400))


def test_unclosed_comment_ranges_cost_one_copy_of_the_text():
    data = hostile.unclosed_comment_ranges(20, 200)
    doc = read_docx("ranges.docx", data)
    assert len(doc.comments) == 20
    # A range never closed runs to the end of the document; its anchor is cut at 1,000 characters.
    first = doc.comments[0]
    assert first.anchor.startswith("1. Clause 1 of the agreement. 2. Clause 2")
    assert len(first.anchor) <= 1_001 and first.anchor.endswith("…")
    assert doc.comments[-1].anchor == first.anchor


def test_a_thousand_ranges_over_one_stretch_are_refused_in_little_memory():
    data = hostile.unclosed_comment_ranges(1_000, 1_000)  # each range once copied all the text: 50 MB
    with pytest.raises(ReadError, match="comments overlap or nest far more"):
        read_docx("ranges.docx", data)
    assert traced(lambda: read_docx("ranges.docx", data))[1] < 8 * 1024 * 1024


def test_overlapping_and_reopened_comment_ranges_keep_their_own_text():
    run = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'.format
    body = (
        '<w:p><w:commentRangeStart w:id="1"/>' + run("Alpha ") + '<w:commentRangeStart w:id="2"/>'
        + run("beta ") + '<w:commentRangeEnd w:id="1"/>' + run("gamma") + "</w:p>"
        + '<w:p><w:commentRangeStart w:id="3"/>' + run("Delta") + '<w:commentRangeEnd w:id="2"/>'
        + '<w:commentRangeStart w:id="3"/>' + run(" epsilon") + '<w:commentRangeEnd w:id="3"/>'
        + '<w:commentRangeEnd w:id="3"/><w:del w:id="9"><w:r><w:delText>gone</w:delText></w:r></w:del></w:p>'
    )
    comments = "".join(
        f'<w:comment w:id="{n}" w:author="A{n}"><w:p><w:r><w:t>c{n}</w:t></w:r></w:p></w:comment>' for n in (1, 2, 3)
    )
    doc = read_docx("t.docx", hostile.docx_bytes(body, comments=comments))
    assert [(c.author, c.anchor, c.paragraph) for c in doc.comments] == [
        ("A1", "Alpha beta", 0),
        ("A2", "beta gamma Delta", 0),
        ("A3", "epsilon", 1),  # the second start replaces the first, as before
    ]


def test_nested_insertions_are_refused_before_their_text_is_copied():
    data = hostile.nested_changes(200, runs=2_000)
    with pytest.raises(ReadError, match="unpacks to far more text than it holds"):
        read_docx("nested.docx", data)
    assert traced(lambda: read_docx("nested.docx", data))[1] < 4 * 1024 * 1024
    assert len(read_docx("twice.docx", hostile.nested_changes(2, runs=2_000)).tracked_changes) == 2


def test_a_deletion_inside_an_insertion_is_read_as_before():
    inner = '<w:del w:id="2" w:author="B"><w:r><w:delText>dropped </w:delText></w:r></w:del>'
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Keep </w:t></w:r><w:ins w:id="1" w:author="A">'
        f'<w:r><w:t xml:space="preserve">added </w:t></w:r>{inner}<w:r><w:t>tail</w:t></w:r></w:ins></w:p>'
    )
    doc = read_docx("t.docx", hostile.docx_bytes(body))
    assert doc.paragraphs[0].text == "Keep added tail"
    assert [(c.kind, c.author, c.text) for c in doc.tracked_changes] == [
        ("insert", "A", "added dropped tail"),
        ("delete", "B", "dropped "),
    ]


def test_many_marks_on_one_table_row_are_refused():
    with pytest.raises(ReadError, match="unpacks to far more text"):
        read_docx("rows.docx", hostile.row_marks(1_000, 2_000))
    doc = read_docx("rows.docx", hostile.row_marks(2, 50))
    assert [c.text.split()[-1] for c in doc.tracked_changes] == ["word49", "word49"]


# -- numbering values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [("7", 7), (" 12 ", 12), ("+3", 3), ("-2", -2), ("0009", 9), ("2147483648", 2**31 - 1),
     ("9" * 5_000, 2**31 - 1), ("-" + "9" * 5_000, -(2**31 - 1)), ("1_0", None), ("٣", None),
     ("", None), ("-", None), ("0x1", None), ("1.5", None), (None, None)],
)
def test_numbers_in_attributes_are_read_within_words_range(text, number):
    assert decimal(text) == number


@pytest.mark.parametrize("where", ["start", "startOverride", "ilvl", "numId", "lvlRestart", "outlineLvl"])
@pytest.mark.parametrize("digits", [4_300, 5_000])
def test_a_number_of_thousands_of_digits_reads_without_a_crash(where, digits):
    huge = "9" * digits  # str() gives up past 4,300 digits (the next number), int() too
    level = f'<w:start w:val="{huge}"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
    if where == "lvlRestart":
        level += f'<w:lvlRestart w:val="{huge}"/>'
    ppr = f'<w:outlineLvl w:val="{huge}"/>' if where == "outlineLvl" else ""
    data = hostile.one_list(level, ppr=ppr)
    if where in ("startOverride", "ilvl", "numId"):
        override = f'<w:lvlOverride w:ilvl="{huge if where == "ilvl" else 0}"><w:startOverride w:val="{huge}"/></w:lvlOverride>'
        num_id = huge if where == "numId" else "1"
        numbering = (
            f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">{level}</w:lvl></w:abstractNum>'
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="1"/>{override}</w:num>'
        )
        body = "".join(hostile.paragraph(f"Clause {n}.", num=(num_id, 0)) for n in range(2))
        body += f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{huge}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
        body += "<w:r><w:t>Third.</w:t></w:r></w:p>"
        data = hostile.docx_bytes(body, numbering=numbering)
    draft = load_draft("numbers.docx", data)
    labels = [p.label for p in draft.document.paragraphs]
    assert labels[:2] == ["2147483647.", "2147483648."]
    assert all(len(label) < 20 for label in labels)


def test_a_huge_level_text_gives_a_short_label_in_little_memory():
    level = '<w:start w:val="32000"/><w:numFmt w:val="chicago"/><w:lvlText w:val="' + "%1" * 500 + '"/>'
    data = hostile.one_list(level, paragraphs=20)
    doc, peak = traced(lambda: read_docx("labels.docx", data))
    assert all(len(p.label) <= 64 for p in doc.paragraphs)
    assert peak < 8 * 1024 * 1024


def test_letters_past_a_sane_count_are_written_as_numbers():
    level = '<w:start w:val="600"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%1)"/>'
    assert [p.label for p in read_docx("l.docx", hostile.one_list(level)).paragraphs] == ["(600)", "(601)"]
    level = '<w:start w:val="27"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%1)"/>'
    assert [p.label for p in read_docx("l.docx", hostile.one_list(level)).paragraphs] == ["(aa)", "(bb)"]


# -- how many paragraphs and clauses, and how long -------------------------------------------


def test_a_tiny_file_of_fifty_thousand_paragraphs_is_refused():
    data = hostile.docx_bytes("<w:p><w:r><w:t>1.</w:t></w:r></w:p>" * 50_001)
    assert len(data) < 20_000
    with pytest.raises(ReadError, match="more than 50,000 paragraphs or clauses"):
        read_docx("many.docx", data)


def test_empty_paragraphs_are_bounded_too(monkeypatch):
    monkeypatch.setattr(body_reading, "MAX_RAW_PARAGRAPHS", 400)
    with pytest.raises(ReadError, match="paragraphs or clauses"):
        read_docx("empty.docx", hostile.docx_bytes("<w:p/>" * 401 + hostile.paragraph("Text.")))
    assert len(read_docx("empty.docx", hostile.docx_bytes("<w:p/>" * 300 + hostile.paragraph("Text."))).paragraphs) == 1


@pytest.mark.parametrize(("name", "data"), [
    ("many.txt", b"1. Fees.\n\n" * 501),
    ("many.md", b"1. Fees.\n\n" * 501),
])
def test_text_drafts_of_too_many_paragraphs_are_refused(monkeypatch, name, data):
    monkeypatch.setattr(limits, "MAX_CLAUSES", 500)
    with pytest.raises(ReadError, match="more than 500 paragraphs or clauses"):
        load_draft(name, data)
    assert len(load_draft(name, b"1. Fees.\n\n" * 500).clauses) == 500


def test_a_paragraph_past_the_length_limit_is_refused_in_every_format(monkeypatch):
    monkeypatch.setattr(limits, "MAX_CLAUSE_CHARS", 1_000)
    monkeypatch.setattr(body_reading, "MAX_CLAUSE_CHARS", 1_000)
    long = "word " * 250
    for name, data in (("long.txt", long.encode()), ("long.docx", hostile.docx_bytes(hostile.paragraph(long * 2)))):
        with pytest.raises(ReadError, match="longer than 1,000 characters"):
            load_draft(name, data)


def test_a_clause_joined_past_the_length_limit_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_CLAUSE_CHARS", 1_000)
    body = hostile.paragraph("1. Fees.") + hostile.paragraph("The customer pays the fees. " * 10) * 3
    assert len(load_draft("ok.docx", hostile.docx_bytes(body)).clauses) == 1
    with pytest.raises(ReadError, match="longer than 1,000 characters"):
        load_draft("long.docx", hostile.docx_bytes(body + hostile.paragraph("The customer pays. " * 20) * 3))


def test_a_clause_of_many_paragraphs_is_joined_in_linear_time():
    def split_seconds(count: int) -> float:
        paragraphs = [Paragraph(0, "Fees. The customer pays the fees.", "1.")] + [
            Paragraph(n, f"The customer pays the fees of month {n} on the first day of the month. " * 10)
            for n in range(1, count)
        ]
        doc = Document(name="d.txt", kind="txt", sha256="", paragraphs=tuple(paragraphs))
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            (clause,) = clause_splitting.split_clauses(doc)
            best = min(best, time.process_time() - started)
        assert clause.text.count("\n") >= count - 2
        return best

    small, large = split_seconds(1_000), split_seconds(8_000)
    assert large < 16 * max(small, 0.002)  # 8x the paragraphs: linear is 8x, the old join was 30x+


# -- duplicate parts ---------------------------------------------------------------------------


@pytest.mark.parametrize("second", ["WORD/DOCUMENT.XML", "word/document.xml", "word/Document.xml",
                                    "word\\document.xml", "word/%64ocument.xml"])
def test_a_package_with_two_parts_of_one_name_is_refused(second):
    data = hostile.two_bodies(second)
    with pytest.raises(ReadError, match="two parts under one name"):
        read_docx("two bodies.docx", data)


def test_distinct_parts_that_differ_by_more_than_case_are_read():
    doc = read_docx("ok.docx", hostile.two_bodies("word/document2.xml"))
    assert [p.text for p in doc.paragraphs] == ["Shown text."]


# -- nesting -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("open_tag", "close_tag", "inner"), [
    ('<w:ins w:id="1">', "</w:ins>", "<w:r><w:t>x</w:t></w:r>"),
    ("<w:hyperlink>", "</w:hyperlink>", "<w:r><w:t>x</w:t></w:r>"),
    ("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", "<w:r><w:t>x</w:t></w:r>"),
])
def test_nesting_five_thousand_deep_is_a_plain_error_and_the_deepest_parseable_reads(open_tag, close_tag, inner):
    deep = hostile.docx_bytes("<w:p>" + hostile.nested(5_000, open_tag, close_tag, inner) + "</w:p>")
    with pytest.raises(ReadError, match="more deeply than any real document"):
        read_docx("deep.docx", deep)
    levels = open_tag.count("<")
    fits = (256 - 5) // levels  # w:document, w:body, w:p, w:r and w:t stand around the nesting
    doc = read_docx("deep.docx", hostile.docx_bytes("<w:p>" + hostile.nested(fits, open_tag, close_tag, inner) + "</w:p>"))
    assert doc.paragraphs[0].text == "x"


@pytest.mark.parametrize(("open_tag", "close_tag"), [
    ("<w:customXml>", "</w:customXml>"),
    ("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>"),
    ("<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>"),
])
def test_the_deepest_parseable_blocks_read_without_recursion_trouble(open_tag, close_tag):
    levels = open_tag.count("<")
    fits = (256 - 5) // levels
    data = hostile.docx_bytes(hostile.nested(fits, open_tag, close_tag, hostile.paragraph("1. Deep clause.")))
    assert read_docx("deep.docx", data).paragraphs[0].text == "1. Deep clause."


def test_table_rows_in_deeply_nested_content_controls_are_all_found():
    rows = "".join(f"<w:tr><w:tc>{hostile.paragraph(f'Row {n}.')}</w:tc></w:tr>" for n in range(3))
    wrapped = hostile.nested(60, "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", rows)
    doc = read_docx("t.docx", hostile.docx_bytes(f"<w:tbl>{wrapped}{rows}</w:tbl>"))
    assert [p.text for p in doc.paragraphs] == [f"Row {n}." for n in range(3)] * 2


# -- markup and cancel -------------------------------------------------------------------------


def test_a_part_of_millions_of_tags_is_refused_before_it_is_parsed(monkeypatch):
    from desktop.core.reading.docx import package

    monkeypatch.setattr(package, "MAX_XML_TAGS", 1_000)
    with pytest.raises(ReadError, match="far more markup"):
        read_docx("tags.docx", hostile.docx_bytes("<w:p/>" * 1_000 + hostile.paragraph("Text.")))


class CountingFlag:
    """A cancel flag that turns on at its `after`-th look."""

    def __init__(self, after: int) -> None:
        self.after, self.looks = after, 0

    def is_set(self) -> bool:
        self.looks += 1
        return self.looks >= self.after


def test_cancel_is_seen_inside_one_paragraph_of_many_runs():
    data = hostile.docx_bytes("<w:p>" + "<w:r><w:t>word </w:t></w:r>" * 5_000 + "</w:p>")
    flag = CountingFlag(after=3)
    with pytest.raises(Cancelled):
        read_docx("runs.docx", data, cancel=flag)
    assert flag.looks == 3


def test_cancel_is_seen_while_reading_list_definitions():
    numbering = "".join(
        f'<w:abstractNum w:abstractNumId="{n}"><w:lvl w:ilvl="0"><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        for n in range(600)
    )
    flag = CountingFlag(after=2)
    with pytest.raises(Cancelled):
        read_docx("lists.docx", hostile.docx_bytes(hostile.paragraph("Text."), numbering=numbering), cancel=flag)
    assert flag.looks == 2



@pytest.mark.parametrize(("raw", "expected"), [
    ("word " * 100, ("word " * 100).strip()),
    (("word" + " " * 20) * 150, ("word " * 150).strip()),  # 3,600 raw characters, 749 once collapsed
    # Only the first 4,000 characters are looked at, however much the spaces collapse.
    (("word" + " " * 20) * 400, ("word " * 167).strip() + "…"),
    ("x" * 5_000, "x" * 1_000 + "…"),
])
def test_an_anchor_is_its_text_with_spaces_collapsed_and_cut_at_a_thousand_characters(raw, expected):
    log = spans.TextLog()
    log.append("before ")
    anchor = spans.Anchor(0, ranged=True, start=log.length)
    for start in range(0, len(raw), 7):
        log.append(raw[start:start + 7])
    anchor.close(log, hidden=0)
    log.append(" after")
    assert anchor.text(log) == expected
    assert anchor.size() == min(len(raw), 1_001)


def test_the_markup_limit_counts_every_part_of_the_file_together(monkeypatch):
    from desktop.core.reading.docx import package

    half = "<w:p/>" * 600
    data = hostile.docx_bytes(half + hostile.paragraph("Text."), styles=half.replace("w:p", "w:style"))
    assert read_docx("ok.docx", data).paragraphs[0].text == "Text."
    monkeypatch.setattr(package, "MAX_XML_TAGS", 1_000)  # each part is under it, both are not
    with pytest.raises(ReadError, match="far more markup"):
        read_docx("tags.docx", data)


def test_marked_rows_nested_in_marked_rows_stop_copying_at_the_limit():
    inner = hostile.paragraph("word " * 10_000)  # 50,000 characters, copied once a marked level
    for level in range(80):
        inner = f'<w:tbl><w:tr><w:trPr><w:ins w:id="{level}" w:author="A"/></w:trPr><w:tc>{inner}</w:tc></w:tr></w:tbl>'
    data = hostile.docx_bytes(inner)
    with pytest.raises(ReadError, match="unpacks to far more text"):
        read_docx("rows.docx", data)
    # Stopped while gathering, at about 1 MB of copies rather than 80 x 50,000 characters.
    assert traced(lambda: read_docx("rows.docx", data))[1] < 8 * 1024 * 1024
