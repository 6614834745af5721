"""The rounds' files, kept byte for byte: a zip (.docx) as shared parts, anything else whole.

From one round of a deal to the next, most members of a .docx (styles, theme, settings,
fonts, images) are byte-for-byte the same, and they are already deflated, so compressing
the file again gains nothing. A zip is instead cut at the start and end of each sizeable
member's stored data; each distinct part is stored once (`original_parts`, keyed by its
sha256) and the round lists its parts in order (`original_pieces`). Joined, they are the
file exactly as imported: the cut only slices the bytes, and is checked before it is used.
Plain functions over an open sqlite3 connection; `desktop.store.Store` decides the
transactions.
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
import struct
import zipfile

# Members whose stored data is smaller than this stay in the part around them: a part costs
# a row and an index entry, more than sharing a few hundred bytes saves.
MIN_SHARED = 512
# A file that would cut into more parts than this (a zip of thousands of members) is kept
# whole: one query looks all of a file's parts up.
MAX_PARTS = 2000
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")  # a zip local file header, 30 bytes
_LOCAL_SIGNATURE = b"PK\x03\x04"


def cut(data: bytes) -> list[bytes]:
    """Return `data` cut into consecutive parts at its zip members' data; [data] when not a zip."""
    if not data.startswith(_LOCAL_SIGNATURE):
        return [data]
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return [data]
    cuts = {0, len(data)}
    for info in members:
        header = data[info.header_offset:info.header_offset + _LOCAL_HEADER.size]
        if len(header) < _LOCAL_HEADER.size or info.compress_size < MIN_SHARED:
            continue
        fields = _LOCAL_HEADER.unpack(header)
        if fields[0] != _LOCAL_SIGNATURE:
            continue
        start = info.header_offset + _LOCAL_HEADER.size + fields[9] + fields[10]
        end = start + info.compress_size
        if end <= len(data):
            cuts.update((start, end))
    bounds = sorted(cuts)
    parts = [data[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]
    return parts if len(parts) <= MAX_PARTS and b"".join(parts) == data else [data]


def insert(conn: sqlite3.Connection, draft_id: int, data: bytes, parts: list[bytes] | None = None) -> None:
    """Store a round's file: as shared parts when it cuts into more than one, else whole.

    `parts` is cut(data) when the caller worked it out already.
    """
    parts = cut(data) if parts is None else parts
    if len(parts) == 1:
        conn.execute("INSERT INTO originals (draft_id, bytes) VALUES (?, ?)", (draft_id, data))
        return
    conn.execute("INSERT INTO originals (draft_id, bytes) VALUES (?, ?)", (draft_id, b""))
    hashes = [hashlib.sha256(part).digest() for part in parts]
    conn.executemany("INSERT INTO original_parts (hash, bytes) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING",
                     list(zip(hashes, parts)))
    ids = {digest: row_id for row_id, digest in conn.execute(
        f"SELECT id, hash FROM original_parts WHERE hash IN ({', '.join('?' * len(set(hashes)))})",
        list(set(hashes)))}
    conn.executemany("INSERT INTO original_pieces (draft_id, ordinal, part_id) VALUES (?, ?, ?)",
                     [(draft_id, ordinal, ids[digest]) for ordinal, digest in enumerate(hashes)])


def read(conn: sqlite3.Connection, draft_id: int) -> bytes | None:
    """Return a round's file exactly as imported, or None when the round does not exist."""
    row = conn.execute("SELECT bytes FROM originals WHERE draft_id = ?", (draft_id,)).fetchone()
    if row is None:
        return None
    if len(row[0]):
        return bytes(row[0])
    parts = conn.execute(
        "SELECT p.bytes FROM original_pieces AS o JOIN original_parts AS p ON p.id = o.part_id "
        "WHERE o.draft_id = ? ORDER BY o.ordinal", (draft_id,))
    return b"".join(bytes(part) for (part,) in parts)
