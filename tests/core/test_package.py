"""Opening .docx packages safely: hostile and broken files give a plain ReadError, never a crash."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.model import ReadError, UserFacingError
from desktop.core.reading.docx import package, read_docx
from desktop.core.reading.docx.package import open_package, parse_xml
from tests.core import hostile

DATA = Path(__file__).resolve().parents[1] / "data" / "docx"


def read_error(data: bytes) -> str:
    """Return the message of the ReadError that reading these bytes as a .docx raises."""
    with pytest.raises(ReadError) as caught:
        read_docx("draft.docx", data)
    assert isinstance(caught.value, UserFacingError)
    return str(caught.value)


def test_empty_file():
    assert read_error(b"") == "The file is empty."


def test_plain_text_renamed_to_docx(tmp_path):
    data = hostile.write(tmp_path, "notes.docx", hostile.not_a_zip()).read_bytes()
    assert read_error(data).startswith("This file is not a Word document (.docx).")


def test_truncated_zip_is_reported_as_damaged():
    assert "damaged or incomplete" in read_error(hostile.truncated_zip())


def test_legacy_doc_asks_to_resave_as_docx():
    assert read_error(hostile.ole_file("WordDocument")) == (
        "This is an old-format Word file (.doc). Open it in Word and save it as .docx, then "
        "import it again."
    )


def test_encrypted_package_asks_to_remove_the_password():
    assert read_error(hostile.ole_file("EncryptedPackage")) == (
        "This file is password-protected. Open it in Word, remove the password, and import it again."
    )


@pytest.mark.parametrize(
    ("stream", "expected"),
    [("EncryptedPackage", package.PASSWORD), ("WordDocument", package.LEGACY_DOC), ("Book", package.NOT_DOCX)],
)
def test_ole_with_an_unreadable_directory_falls_back_to_the_stream_names(stream, expected):
    assert read_error(hostile.ole_unreadable(stream)) == expected


def test_missing_document_part():
    assert "word/document.xml is missing" in read_error(hostile.without_document())


def test_too_many_entries():
    assert "far more parts" in read_error(hostile.too_many_entries())


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    data = hostile.zip_bomb(tmp_path / "bomb.docx")
    assert len(data) < 2_000_000
    started = time.perf_counter()
    assert "zip bomb" in read_error(data)
    assert time.perf_counter() - started < 0.5  # refused from the headers, nothing inflated


def test_declared_size_over_the_cap_is_refused():
    data = hostile.docx_bytes(hostile.paragraph("x" * 5000))
    with pytest.raises(ReadError, match="zip bomb"):
        open_package(data, max_bytes=1000)


def test_zip_bomb_with_lying_headers_stops_at_the_declared_size():
    data = hostile.lying_zip_bomb(real_megabytes=30, declared=1000)
    started = time.perf_counter()
    message = read_error(data)
    assert time.perf_counter() - started < 0.5
    assert "damaged" in message or "zip bomb" in message


def test_xxe_is_refused_and_no_file_is_read():
    message = read_error(hostile.xxe())
    assert "document type declaration" in message
    assert "root:" not in message


def test_billion_laughs_is_refused():
    assert "document type declaration" in read_error(hostile.billion_laughs())


def test_doctype_in_utf16_is_refused():
    assert "document type declaration" in read_error(hostile.utf16_doctype())


def test_parser_refuses_doctype_even_when_called_directly():
    with pytest.raises(ReadError, match="document type declaration"):
        parse_xml(b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>', "x.xml")


def test_malformed_xml_names_the_part():
    assert "word/document.xml" in read_error(hostile.malformed())


def test_document_without_a_body_is_damaged():
    data = hostile.docx_bytes(document=hostile.part("document", ""))
    assert "damaged" in read_error(data)


def test_a_spreadsheet_is_not_a_word_document(tmp_path):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("[Content_Types].xml", hostile.CONTENT_TYPES)
        book.writestr("xl/workbook.xml", "<workbook/>")
    assert read_error(buffer.getvalue()).startswith("This file is not a Word document")


def test_macro_enabled_document_is_read_as_text_only():
    data = hostile.docx_bytes(hostile.paragraph("Clause text."))
    doc = read_docx("draft.docm", data)
    assert [p.text for p in doc.paragraphs] == ["Clause text."]


def test_strict_open_xml_namespaces_are_read():
    strict_doc = hostile.docx_bytes(
        document=hostile.part("document", "<w:body>" + hostile.paragraph("Strict clause.") + "</w:body>")
        .replace(hostile.W_NS, "http://purl.oclc.org/ooxml/wordprocessingml/main")
    )
    assert [p.text for p in read_docx("s.docx", strict_doc).paragraphs] == ["Strict clause."]


def test_the_input_bytes_are_not_modified():
    data = hostile.docx_bytes(hostile.paragraph("Unchanged."))
    copy = bytes(data)
    read_docx("draft.docx", data)
    assert data == copy


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_read_or_raise_read_error(data):
    try:
        read_docx("any.docx", data)
    except ReadError:
        pass


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=30))
def test_a_damaged_real_docx_reads_or_raises_read_error(flips):
    data = bytearray((DATA / "DD002-DenseComments.docx").read_bytes())
    for position, value in flips:
        data[position % len(data)] = value
    try:
        read_docx("damaged.docx", bytes(data))
    except ReadError:
        pass


@pytest.mark.parametrize("name", ["../evil.sh", "word/../../evil.xml", "/etc/passwd", "C:/Windows/x.dll",
                                  "..\\..\\evil.bat", "word\\..\\..\\x"])
def test_entry_names_that_climb_out_of_the_package_are_refused(name):
    with pytest.raises(ReadError, match="unsafe names"):
        read_docx("draft.docx", hostile.path_traversal(name))


@pytest.mark.parametrize("name", ["word/media/image..png", "customXml/item1.xml", "word/a b.xml", "docProps/..x"])
def test_odd_but_harmless_entry_names_are_read(name):
    doc = read_docx("draft.docx", hostile.path_traversal(name))
    assert [p.text for p in doc.paragraphs] == ["Clause."]


def test_an_entry_count_over_the_cap_is_refused_from_the_end_record_alone(monkeypatch):
    import zipfile

    def never(*args, **kwargs):
        raise AssertionError("zipfile read the central directory")

    data = hostile.too_many_entries(package.MAX_ENTRIES + 1)
    monkeypatch.setattr(zipfile.ZipFile, "__init__", never)
    assert "far more parts" in read_error(data)


def test_nesting_deeper_than_the_parser_allows_is_a_plain_message():
    assert "nests tables" in read_error(hostile.nested_tables(100))
    doc = read_docx("draft.docx", hostile.nested_tables(60))
    assert [p.text for p in doc.paragraphs] == ["1. Innermost clause."]
