"""The date a Word draft was last saved, read from its core properties for the import dialog."""

from __future__ import annotations

import datetime
import io
import zipfile

from desktop.core.reading import saved_date
from tests.conftest import DATA

RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/>'
        '<Relationship Id="r2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
        'Target="docProps/core.xml"/></Relationships>')
BODY = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:body><w:p/></w:body></w:document>')


def word_file(tmp_path, modified: str | None, name: str = "draft.docx"):
    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dcterms="http://purl.org/dc/terms/">'
            + (f"<dcterms:modified>{modified}</dcterms:modified>" if modified is not None else "")
            + "</cp:coreProperties>")
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as package:
        package.writestr("_rels/.rels", RELS)
        package.writestr("word/document.xml", BODY)
        package.writestr("docProps/core.xml", core)
    path = tmp_path / name
    path.write_bytes(data.getvalue())
    return path


def test_the_last_saved_date_of_a_word_file(tmp_path):
    assert saved_date(word_file(tmp_path, "2024-02-02T09:30:00Z")) == datetime.date(2024, 2, 2)
    assert saved_date(DATA / "docx" / "Comment.docx") == datetime.date(2014, 10, 28)


def test_no_date_when_there_is_none_to_read(tmp_path):
    assert saved_date(word_file(tmp_path, None)) is None
    assert saved_date(word_file(tmp_path, "last Tuesday")) is None
    assert saved_date(DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md") is None  # not Word
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert saved_date(broken) is None
    assert saved_date(tmp_path / "missing.docx") is None
