"""Building .docx packages in memory for tests: small well-formed ones, and hostile ones.

Nothing here touches the shared corpus: every file is made from a few lines of XML, so each
test says exactly what its input holds.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{REL_NS}">'
    f'<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def part(root: str, inner: str) -> str:
    """Return an XML part: `inner` inside a WordprocessingML root element named `root`."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:{root} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{inner}</w:{root}>'
    )


def docx_bytes(
    body: str = "<w:p><w:r><w:t>Hello</w:t></w:r></w:p>",
    *,
    numbering: str | None = None,
    styles: str | None = None,
    comments: str | None = None,
    document: str | None = None,
) -> bytes:
    """Return a minimal .docx: `body` is the inside of w:body; the other parts are optional.

    `numbering`, `styles` and `comments` are the insides of their root elements; `document`
    replaces the whole word/document.xml when given (for malformed or hostile XML).
    """
    parts = {"numbering": numbering, "styles": styles, "comments": comments}
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{R_NS}/{kind}" Target="{kind}.xml"/>'
        for n, (kind, inner) in enumerate(parts.items(), start=10)
        if inner is not None
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr("word/document.xml", document or part("document", f"<w:body>{body}</w:body>"))
        package.writestr(
            "word/_rels/document.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{REL_NS}">{rels}</Relationships>',
        )
        for kind, inner in parts.items():
            if inner is not None:
                package.writestr(f"word/{kind}.xml", part(kind, inner))
    return buffer.getvalue()


def paragraph(text: str, *, num: tuple[str, int] | None = None, style: str = "", ppr: str = "") -> str:
    """Return a w:p with one run of text, optionally numbered (numId, ilvl) and styled."""
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    props += ppr
    return f'<w:p><w:pPr>{props}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    """Return the path of a file written into the test's temporary folder."""
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- hostile or broken files ----------------------------------------------------------------


def not_a_zip() -> bytes:
    """Return plain text pretending to be a .docx."""
    return b"This is a plain text file that someone renamed to .docx.\n"


def truncated_zip() -> bytes:
    """Return the first half of a valid .docx, as an interrupted download leaves it."""
    data = docx_bytes(paragraph("A clause that will be cut off. " * 50))
    return data[: len(data) // 2]


def ole_file(stream: str) -> bytes:
    """Return a minimal OLE compound file (legacy Office container) holding one named stream.

    "WordDocument" makes a legacy .doc; "EncryptedPackage" makes a password-protected .docx.
    """
    header = bytearray(512)
    header[0:8] = OLE_SIGNATURE
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *([0xFFFFFFFF] * 126))
    directory = _ole_entry("Root Entry", 5) + _ole_entry(stream, 2) + bytes(256)
    return bytes(header) + fat + directory


def _ole_entry(name: str, kind: int) -> bytes:
    """Return one 128-byte OLE directory entry."""
    encoded = (name + "\0").encode("utf-16-le")
    entry = bytearray(128)
    entry[: len(encoded)] = encoded
    struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
    struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
    struct.pack_into("<IQ", entry, 116, 0xFFFFFFFE, 0)
    return bytes(entry)


def ole_unreadable(stream: str) -> bytes:
    """Return an OLE signature followed by junk that still mentions a stream name."""
    return OLE_SIGNATURE + b"\x00" * 40 + stream.encode("utf-16-le") + b"\x00" * 100


def zip_bomb(path: Path, megabytes: int = 210) -> bytes:
    """Return a .docx whose document.xml inflates to `megabytes` MB of zeros (~1 MB on disk).

    The member is written with zipfile in a streaming way, a megabyte at a time.
    """
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        with package.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                member.write(chunk)
    return path.read_bytes()


def lying_zip_bomb(real_megabytes: int = 30, declared: int = 1000) -> bytes:
    """Return a .docx whose document.xml inflates to many MB but whose headers claim `declared`.

    Both the local header and the central directory are rewritten to lie about the size.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr("word/document.xml", bytes(real_megabytes << 20))
    data = bytearray(buffer.getvalue())
    name = b"word/document.xml"
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", data, local + 22, declared)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def too_many_entries(count: int = 10_001) -> bytes:
    """Return a .docx-shaped zip with `count` tiny extra members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr("word/document.xml", part("document", "<w:body/>"))
        for n in range(count):
            package.writestr(f"x/{n}", b"")
    return buffer.getvalue()


def without_document() -> bytes:
    """Return a zip that has package parts but no word/document.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
    return buffer.getvalue()


def xxe() -> bytes:
    """Return a .docx whose document.xml declares an external entity reading a local file."""
    return docx_bytes(
        document=(
            '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
            f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p>'
            "</w:body></w:document>"
        )
    )


def billion_laughs() -> bytes:
    """Return a .docx whose document.xml holds the "billion laughs" entity expansion."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    )
    return docx_bytes(
        document=(
            f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
            f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
            "</w:body></w:document>"
        )
    )


def utf16_doctype() -> bytes:
    """Return a .docx whose document.xml is UTF-16 and hides a DOCTYPE from a byte search."""
    text = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document [<!ENTITY a "b">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body/></w:document>'
    )
    return docx_bytes(document=text.encode("utf-16"))  # type: ignore[arg-type]


def malformed() -> bytes:
    """Return a .docx whose document.xml is not well-formed XML."""
    return docx_bytes(document=f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>oops</w:body>')
