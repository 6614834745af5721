"""Building .docx packages in memory for tests: small well-formed ones, and hostile ones.

Nothing here touches the shared corpus: every file is made from a few lines of XML, so each
test says exactly what its input holds.
"""

from __future__ import annotations

import io
import struct
import warnings
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


def docm_with_macros(text: str = "1. Fees. Customer pays the fees.") -> bytes:
    """Return a macro-enabled .docm: a text body plus a vbaProject.bin with an AutoOpen macro.

    The macro part is an OLE-signed stub holding VBA source words; a reader that ever ran or
    even parsed it would be wrong, so only the body text may come out.
    """
    macro = OLE_SIGNATURE + b"Attribute VB_Name = \"ThisDocument\"\nSub AutoOpen()\nShell \"calc.exe\"\nEnd Sub\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES.replace(
            "document.main+xml", "document.macroEnabled.main+xml"))
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr("word/document.xml", part("document", f"<w:body>{paragraph(text)}</w:body>"))
        package.writestr(
            "word/_rels/document.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{REL_NS}">'
            '<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/'
            'vbaProject" Target="vbaProject.bin"/></Relationships>',
        )
        package.writestr("word/vbaProject.bin", macro)
    return buffer.getvalue()


def path_traversal(name: str = "../../../evil.sh") -> bytes:
    """Return a readable .docx that also holds an entry whose name climbs out of the package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr("word/document.xml", part("document", f"<w:body>{paragraph('Clause.')}</w:body>"))
        package.writestr(zipfile.ZipInfo(name), b"#!/bin/sh\nrm -rf ~\n")
    return buffer.getvalue()


def long_document(pages: int = 2000, clauses_per_page: int = 8) -> bytes:
    """Return a legitimate numbered contract of `pages` pages (about 550 words each)."""
    words = ("The Provider shall deliver the Services in accordance with the Specification and the "
             "Service Levels set out in the Schedule")
    body, number = [], 0
    for _ in range(pages):
        for _ in range(clauses_per_page):
            number += 1
            body.append(paragraph(f"{number}. Obligation {number}. " + f"{words} {number}. " * 4))
        body.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
    return docx_bytes("".join(body))


def table(*cells: str) -> str:
    """Return a one-row w:tbl whose cells hold the given block XML."""
    return "<w:tbl><w:tr>" + "".join(f"<w:tc>{cell}</w:tc>" for cell in cells) + "</w:tr></w:tbl>"


def only_tables() -> bytes:
    """Return a .docx whose every clause sits in a table cell (a common term-sheet layout)."""
    return docx_bytes(
        table(paragraph("1. Fees"), paragraph("Customer pays the fees monthly."))
        + table(paragraph("2. Term"), paragraph("The term is one year."))
    )


def only_images(count: int = 3) -> bytes:
    """Return a .docx whose body holds pictures and no text (a scanned draft)."""
    drawing = (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
        'drawingml/2006/wordprocessingDrawing"><wp:extent cx="5000" cy="7000"/></wp:inline>'
        "</w:drawing></w:r></w:p>"
    )
    return docx_bytes(drawing * count)


def nested_tables(depth: int) -> bytes:
    """Return a .docx with one table nested `depth` deep, its innermost cell holding a clause."""
    inner = paragraph("1. Innermost clause.")
    for _ in range(depth):
        inner = table(inner)
    return docx_bytes(inner)


def broken_numbering() -> bytes:
    """Return a .docx whose paragraphs point at missing lists, levels and abstract definitions."""
    return docx_bytes(
        paragraph("Fees are due monthly.", num=("7", 0))  # num 7's abstractNum does not exist
        + paragraph("The term is one year.", num=("99", 3))  # no num 99 at all
        + paragraph("Either party may end it.", num=("7", 12))  # level 12: beyond Word's 0-8
        + paragraph("Notices go by email.", num=("x", -1)),  # not numbers
        numbering='<w:num w:numId="7"><w:abstractNumId w:val="42"/></w:num>'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="nonsense"/>'
        '<w:lvlText w:val="%9.%0"/></w:lvl></w:abstractNum>',
    )


RTL_EMOJI = ("1. הסכם זה כפוף לדין הישראלי 🙂", "2. يخضع هذا الاتفاق للقانون 👩‍⚖️",
             "3. Mixed עברית and English 🇪🇺 e\u0301\u0301 text")


def rtl_emoji_docx() -> bytes:
    """Return a .docx with Hebrew, Arabic, emoji (with joiners and flags) and combining marks."""
    return docx_bytes("".join(paragraph(text, ppr="<w:bidi/>") for text in RTL_EMOJI))


def external_references() -> bytes:
    """Return a .docx that points outside itself: a remote template, a linked picture, an XInclude.

    Word would fetch the template and picture when opening it; a reader must fetch nothing.
    """
    include = ('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" '
               'parse="text"/>')
    body = paragraph("1. Fees. Customer pays.") + f"<w:p>{include}</w:p>"
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{REL_NS}">'
        f'<Relationship Id="rId1" Type="{R_NS}/attachedTemplate" Target="http://example.invalid/t.dotm" '
        'TargetMode="External"/>'
        f'<Relationship Id="rId2" Type="{R_NS}/image" Target="http://example.invalid/p.png" '
        'TargetMode="External"/>'
        f'<Relationship Id="rId3" Type="{R_NS}/styles" Target="http://example.invalid/styles.xml" '
        'TargetMode="External"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr("word/document.xml", part("document", f"<w:body>{body}</w:body>"))
        package.writestr("word/_rels/document.xml.rels", rels)
    return buffer.getvalue()


# -- issue 23: small files that unpack to a great deal ----------------------------------------


def deleted_marks(count: int) -> bytes:
    """Return a .docx of `count` paragraphs whose marks are tracked-deleted: Accept All joins them all."""
    joined = "".join(
        f'<w:p><w:pPr><w:rPr><w:del w:id="{n}" w:author="A"/></w:rPr></w:pPr><w:r><w:t>x{n}</w:t></w:r></w:p>'
        for n in range(count)
    )
    return docx_bytes(joined + paragraph("end."))


def unclosed_comment_ranges(ranges: int, paragraphs: int) -> bytes:
    """Return a .docx that opens `ranges` comment ranges, closes none, then holds `paragraphs` clauses."""
    starts = "".join(f'<w:commentRangeStart w:id="{n}"/>' for n in range(ranges))
    body = starts + "".join(paragraph(f"{n}. Clause {n} of the agreement.") for n in range(1, paragraphs + 1))
    comments = "".join(
        f'<w:comment w:id="{n}" w:author="A"><w:p><w:r><w:t>Note {n}</w:t></w:r></w:p></w:comment>'
        for n in range(ranges)
    )
    return docx_bytes(body, comments=comments)


def nested_changes(depth: int, runs: int = 1, tag: str = "ins") -> bytes:
    """Return a .docx whose one paragraph holds `runs` runs inside `depth` nested w:<tag> changes."""
    inner = "".join(f"<w:r><w:t>inserted text {n} </w:t></w:r>" for n in range(runs))
    for n in range(depth):
        inner = f'<w:{tag} w:id="{n}" w:author="A">{inner}</w:{tag}>'
    return docx_bytes(f"<w:p>{inner}</w:p>")


def row_marks(marks: int, words: int) -> bytes:
    """Return a .docx whose one table row carries `marks` tracked insertions and `words` words."""
    props = "".join(f'<w:ins w:id="{n}" w:author="A"/>' for n in range(marks))
    cell = paragraph(" ".join(f"word{n}" for n in range(words)))
    return docx_bytes(f"<w:tbl><w:tr><w:trPr>{props}</w:trPr><w:tc>{cell}</w:tc></w:tr></w:tbl>")


def one_list(level: str, paragraphs: int = 2, *, ppr: str = "") -> bytes:
    """Return a .docx of `paragraphs` numbered paragraphs in one list whose level 0 is `level`.

    `level` is the inside of the w:lvl (start, numFmt, lvlText); `ppr` is added to each paragraph.
    """
    numbering = (
        f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">{level}</w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    )
    body = "".join(paragraph(f"Clause {n}.", num=("1", 0), ppr=ppr) for n in range(paragraphs))
    return docx_bytes(body, numbering=numbering)


def two_bodies(second: str = "WORD/DOCUMENT.XML", *, text: str = "Shown text.", hidden: str = "Hidden text.") -> bytes:
    """Return a .docx holding word/document.xml and a second member named `second` with other text."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():  # zipfile warns of an exact duplicate name: that is the point
        warnings.simplefilter("ignore", UserWarning)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr("[Content_Types].xml", CONTENT_TYPES)
            package.writestr("_rels/.rels", PACKAGE_RELS)
            package.writestr("word/document.xml", part("document", f"<w:body>{paragraph(text)}</w:body>"))
            package.writestr(second, part("document", f"<w:body>{paragraph(hidden)}</w:body>"))
    return buffer.getvalue()


def nested(depth: int, open_tag: str, close_tag: str, inner: str) -> str:
    """Return `inner` wrapped `depth` times in the given opening and closing tags."""
    return open_tag * depth + inner + close_tag * depth
