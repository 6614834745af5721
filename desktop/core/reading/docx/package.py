"""Opening a .docx package safely: the file may be hostile, so everything is checked first.

A .docx is a zip of XML parts. Nothing is ever extracted to disk: members are inflated into
memory under a byte budget, and XML is parsed with entity expansion, DTD loading and network
access switched off, and any DOCTYPE refused. Every failure is a `ReadError` whose message
tells the lawyer what is wrong and what to do.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib

from lxml import etree

from desktop.core.model import ReadError

MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # far above any real contract, far below a zip bomb
# "<" in the XML parts of one file, counted before parsing. Real Word files carry ~100 a paragraph (the
# corpus's densest: 106), so this is a heavily formatted 1,000-page contract. The parser needs
# 120-250 bytes an element: the tree of the worst part allowed stays under about 800 MB.
MAX_XML_TAGS = 2_000_000
MAX_RATIO = 100  # real .docx parts compress 3-30x; deflate bombs reach ~1000x
RATIO_FLOOR = 5 * 1024 * 1024  # small parts may compress well without being a threat
_CHUNK = 1024 * 1024
# What zipfile raises on a corrupt archive: its own errors, and plain ones from the bytes
# it decodes (an impossible version, a bad struct, a bad file name or extra field).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    NotImplementedError,
    ValueError,
    OSError,
    EOFError,
    struct.error,
    UnicodeDecodeError,
)

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
W_TRANSITIONAL = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_STRICT = b"http://purl.oclc.org/ooxml/officeDocument/relationships"
R_TRANSITIONAL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

EMPTY = "The file is empty."
NOT_DOCX = (
    "This file is not a Word document (.docx). Save the draft from Word as .docx and "
    "import it again."
)
DAMAGED = (
    "This Word file is damaged or incomplete (it may not have finished downloading or "
    "copying). Get a fresh copy of the draft and import it again."
)
LEGACY_DOC = (
    "This is an old-format Word file (.doc). Open it in Word and save it as .docx, then "
    "import it again."
)
PASSWORD = (
    "This file is password-protected. Open it in Word, remove the password, and import "
    "it again."
)
TOO_BIG = (
    "This file unpacks to far more data than any Word document holds, so it was not "
    "opened (it may be a \"zip bomb\"). If you trust it, open it in Word, save a copy as "
    ".docx and import the copy."
)
TOO_MANY = (
    "This file holds far more parts than any Word document, so it was not opened. If you "
    "trust it, open it in Word, save a copy as .docx and import the copy."
)
NO_BODY = (
    "This file has no Word document body (word/document.xml is missing), so it is not a "
    "Word document. Save the draft from Word as .docx and import it again."
)
DOCTYPE = (
    "This Word file contains a document type declaration, which Word never writes and "
    "which can be used to attack the computer reading it, so it was not opened. If you "
    "trust it, open it in Word, save a copy as .docx and import the copy."
)
UNSAFE_NAMES = (
    "This file holds parts with unsafe names (pointing outside the file), which Word never writes: "
    "it may have been tampered with, so it was not opened. If you trust it, open it in Word, "
    "save a copy as .docx and import the copy."
)
DUPLICATE_NAMES = (
    "This file holds two parts under one name (such as word/document.xml and WORD/DOCUMENT.XML), "
    "which Word never writes: programs could show different text from it, so it was not opened. "
    "Get a fresh copy of the draft from its sender."
)
TOO_MANY_TAGS = (
    "This Word file holds far more markup than any real document, so it was not opened. If "
    "you trust it, open it in Word, save a copy as .docx and import the copy."
)
TOO_DEEP = (
    "This Word file nests tables (or other content) more deeply than any real document, so "
    "it was not opened. Open it in Word, save a copy as .docx and import the copy."
)
BAD_XML = (
    "This Word file is damaged: part of it ({part}) is not valid XML. Open it in Word, "
    "save a copy as .docx and import the copy."
)


def parse_xml(data: bytes, part: str) -> etree._Element:
    """Return the root element of one XML part, refusing DTDs, entities and malformed XML."""
    if _declares_doctype(data):
        raise ReadError(DOCTYPE)
    if data.count(b"<") > MAX_XML_TAGS:  # counted in C before the parser builds the tree
        raise ReadError(TOO_MANY_TAGS)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        # libxml2 stops at 256 levels of nesting (huge_tree is off): say so plainly.
        if "Excessive depth" in str(exc):
            raise ReadError(TOO_DEEP) from exc
        raise ReadError(BAD_XML.format(part=part)) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ReadError(DOCTYPE)
    return root


def _declares_doctype(data: bytes) -> bool:
    """Return whether the raw bytes carry a DOCTYPE or ENTITY declaration in any encoding."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return True
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00<\x00" in data[:8] or b"<\x00" in data[:4]:
        text = _decode_utf16(data)
        return "<!DOCTYPE" in text or "<!ENTITY" in text
    return False


def _decode_utf16(data: bytes) -> str:
    """Return UTF-16 XML bytes as text (either byte order), or "" when they are not UTF-16."""
    for codec in ("utf-16", "utf-16-le", "utf-16-be"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return ""


class WordPackage:
    """The parts of one .docx, inflated on demand within a shared byte budget."""

    def __init__(self, data: bytes, *, max_bytes: int = MAX_TOTAL_BYTES) -> None:
        if not data:
            raise ReadError(EMPTY)
        if data.startswith(OLE_SIGNATURE):
            raise ReadError(ole_message(data))
        if _declared_entry_count(data) > MAX_ENTRIES:  # before zipfile reads every entry
            raise ReadError(TOO_MANY)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except _ZIP_ERRORS as exc:
            raise ReadError(DAMAGED if data.startswith(b"PK") else NOT_DOCX) from exc
        if len(infos) > MAX_ENTRIES:
            raise ReadError(TOO_MANY)
        declared = 0
        for info in infos:
            declared += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                raise ReadError(TOO_BIG)
        if declared > max_bytes:
            raise ReadError(TOO_BIG)
        if any(_unsafe_name(info.filename) for info in infos):
            raise ReadError(UNSAFE_NAMES)
        # OPC part names are compared without case (ECMA-376 Part 2, §6.2.2.3) and a package
        # must not hold two equal ones; zip names are not, so a tampered file can carry two
        # bodies, each program reading a different one.
        if len({_part_key(info.filename) for info in infos}) < len(infos):
            raise ReadError(DUPLICATE_NAMES)
        # Part names are case-insensitive in OPC; zip names are not.
        self._names = {info.filename.lower(): info for info in infos}
        self._budget = max_bytes
        self._max_bytes = max_bytes
        self._tags = 0  # "<" in the XML parts parsed so far
        self.main_part = self._find_main_part()

    def _find_main_part(self) -> str:
        """Return the name of the main document part, following the package relationships."""
        target = ""
        rels = self.xml("_rels/.rels")
        if rels is not None:
            for rel in rels.iter(PKG_RELS):
                if rel.get("Type", "").endswith("/officeDocument"):
                    target = rel.get("Target", "").lstrip("/")
                    break
        for name in (target, "word/document.xml"):
            if name and name.lower() in self._names:
                return name
        if "xl/workbook.xml" in self._names or "ppt/presentation.xml" in self._names:
            raise ReadError(NOT_DOCX)
        raise ReadError(NO_BODY)

    @property
    def inflated(self) -> int:
        """Return how many bytes of parts have been read so far."""
        return self._max_bytes - self._budget

    def has(self, name: str) -> bool:
        """Return whether the package holds a part of this name."""
        return name.lower() in self._names

    def read(self, name: str) -> bytes | None:
        """Return the inflated bytes of a part, or None when the package does not hold it."""
        info = self._names.get(name.lower())
        if info is None:
            return None
        if info.file_size > self._budget:
            raise ReadError(TOO_BIG)
        out = bytearray()
        try:
            with self._zip.open(info) as member:
                # zipfile never yields more than the declared size, and the declared sizes
                # were checked above; counting here still stops a lying header at the cap.
                while chunk := member.read(_CHUNK):
                    out += chunk
                    if len(out) > self._budget:
                        raise ReadError(TOO_BIG)
        except _ZIP_ERRORS as exc:  # NotImplementedError first: it is a RuntimeError too
            raise ReadError(DAMAGED) from exc
        except RuntimeError as exc:  # a zip-level password
            raise ReadError(PASSWORD) from exc
        self._budget -= len(out)
        return bytes(out)

    def xml(self, name: str) -> etree._Element | None:
        """Return the parsed root of an XML part, or None when the package does not hold it."""
        data = self.read(name)
        if data is None:
            return None
        # The trees of the body, styles, numbering and comments are held together: one count.
        self._tags += data.count(b"<")
        if self._tags > MAX_XML_TAGS:
            raise ReadError(TOO_MANY_TAGS)
        # Word's "Strict Open XML" flavour uses other namespace names for the same markup.
        if W_STRICT in data or R_STRICT in data:
            data = data.replace(W_STRICT, W_TRANSITIONAL).replace(R_STRICT, R_TRANSITIONAL)
        return parse_xml(data, name)

    def related(self, source: str, type_suffix: str) -> str | None:
        """Return the part that `source` links to with a relationship of this type, if any."""
        folder, base = posixpath.split(source)
        rels = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        if rels is None:
            return None
        for rel in rels.iter(PKG_RELS):
            if rel.get("Type", "").endswith(type_suffix) and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target)
                )
                if self.has(name):
                    return name
        return None


def _declared_entry_count(data: bytes) -> int:
    """Return the entry count the zip's end-of-central-directory record declares (0 if none).

    Read straight from the last 64 KB, so a zip claiming millions of entries is refused
    before any of them is parsed. A zip64 count (0xFFFF here) is left to the later check.
    """
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return 0
    return struct.unpack_from("<H", data, end + 10)[0]


def _unsafe_name(name: str) -> bool:
    """Return whether a zip entry name could point outside the package if it were extracted.

    Nothing is ever extracted, but such a name ("../x", "/etc/x", "C:\\x") only comes from a
    tampered file, so the whole package is refused rather than trusted.
    """
    cleaned = name.replace("\\", "/")
    return (
        cleaned.startswith("/")
        or (len(cleaned) > 1 and cleaned[1] == ":")
        or ".." in cleaned.split("/")
        or "\0" in name
    )


_ESCAPE = re.compile("%([0-9A-Fa-f]{2})")  # "%2E" in a part name is ".", as in a URI


def _part_key(name: str) -> str:
    """Return the name two zip entries must not share: case, escapes and slash direction aside."""
    return _ESCAPE.sub(lambda found: chr(int(found.group(1), 16)), name).replace("\\", "/").casefold()


def open_package(data: bytes, *, max_bytes: int = MAX_TOTAL_BYTES) -> WordPackage:
    """Return the checked package of a .docx, or raise ReadError saying why it cannot be read."""
    return WordPackage(data, max_bytes=max_bytes)


def ole_message(data: bytes) -> str:
    """Return the message for an OLE compound file: encrypted .docx, legacy .doc or other."""
    names = _ole_stream_names(data)
    if names is None:  # unreadable directory: fall back to looking for the names' bytes
        names = {
            name
            for name in ("EncryptedPackage", "WordDocument")
            if name.encode("utf-16-le") in data
        }
    if "EncryptedPackage" in names:
        return PASSWORD
    if "WordDocument" in names:
        return LEGACY_DOC
    return NOT_DOCX


def _ole_stream_names(data: bytes) -> set[str] | None:
    """Return the entry names in an OLE compound file's directory, or None if unreadable."""
    if len(data) < 512:
        return None
    sector_shift = struct.unpack_from("<H", data, 30)[0]
    if sector_shift not in (9, 12):
        return None
    size = 1 << sector_shift
    first_dir = struct.unpack_from("<I", data, 48)[0]
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < 0xFFFFFFFA]
    fat: list[int] = []
    for sector in fat_sectors:
        start = (sector + 1) * size
        if start + size > len(data):
            return None
        fat.extend(struct.unpack_from(f"<{size // 4}I", data, start))
    names: set[str] = set()
    sector = first_dir
    seen: set[int] = set()
    while sector < 0xFFFFFFFA and sector not in seen and len(seen) < 10_000:
        seen.add(sector)
        start = (sector + 1) * size
        if start + size > len(data):
            return None
        for entry in range(start, start + size, 128):
            length = struct.unpack_from("<H", data, entry + 64)[0]
            if 2 <= length <= 64:
                names.add(data[entry : entry + length - 2].decode("utf-16-le", "replace"))
        sector = fat[sector] if sector < len(fat) else 0xFFFFFFFE
    return names
