"""The rounds' files: kept byte for byte, a .docx's unchanged members stored once across rounds."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from desktop.store import originals as store_originals
from tests.store.conftest import build_draft

DATA = Path(__file__).resolve().parents[1] / "data" / "docx"
ROUND_1 = DATA / "commonpaper-csa-v1.0-final-2022-02-03.docx"
ROUND_2 = DATA / "commonpaper-csa-v2.0-2024-02-02.docx"


def with_new_document(data: bytes, text: str) -> bytes:
    """Return the .docx `data` with its word/document.xml replaced, as the next round of a deal is."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "word/document.xml":
                body = body.replace(b"</w:body>", f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body>".encode())
            target.writestr(info, body)
    return out.getvalue()


def part_bytes(store) -> int:
    (size,) = store._conn.execute("SELECT coalesce(sum(length(bytes)), 0) FROM original_parts").fetchone()
    return size


def test_a_docx_is_cut_only_at_its_members_and_joins_back_exactly():
    data = ROUND_1.read_bytes()
    parts = store_originals.cut(data)
    assert len(parts) > 3 and b"".join(parts) == data
    assert store_originals.cut(b"%PDF-1.7 not a zip") == [b"%PDF-1.7 not a zip"]
    assert store_originals.cut(b"PK\x03\x04 broken zip") == [b"PK\x03\x04 broken zip"]


def test_rounds_of_a_deal_share_their_unchanged_members_and_read_back_byte_for_byte(store):
    # Both rounds written by the same program, as a deal's drafts are (one lawyer's Word).
    one = with_new_document(ROUND_1.read_bytes(), "A clause added in round one.")
    two = with_new_document(ROUND_1.read_bytes(), "A clause added in round two.")
    deal = store.create_deal("Acme")
    first = store.add_round(deal, build_draft(["a"], original=one), sender="them", date="2024-01-01")
    alone = part_bytes(store)
    second = store.add_round(deal, build_draft(["a"], original=two), sender="us", date="2024-01-02")
    assert store.original(first) == one and store.original(second) == two
    shared = store._conn.execute(
        "SELECT count(*) FROM original_pieces AS a JOIN original_pieces AS b ON a.part_id = b.part_id "
        "WHERE a.draft_id = ? AND b.draft_id = ?", (first, second)).fetchone()[0]
    # Only the new document part and the zip's directories are new in round two: styles,
    # theme, fonts and settings are stored once.
    assert shared >= 5
    assert part_bytes(store) - alone < 0.75 * len(two)

def test_deleting_rounds_keeps_the_parts_others_use_and_then_removes_them(store):
    one, other = ROUND_1.read_bytes(), ROUND_2.read_bytes()
    deal = store.create_deal("Acme")
    first = store.add_round(deal, build_draft(["a"], original=one), sender="them", date="2024-01-01")
    second = store.add_round(deal, build_draft(["a"], original=with_new_document(one, "x")), sender="us",
                             date="2024-01-02")
    beta = store.create_deal("Beta")
    kept = store.add_round(beta, build_draft(["a"], original=other), sender="us", date="2024-01-01")
    store.delete_round(first)
    assert store.original(second) == with_new_document(one, "x")
    store.delete_deal(deal)
    assert store.original(kept) == other
    (orphans,) = store._conn.execute(
        "SELECT count(*) FROM original_parts WHERE id NOT IN (SELECT part_id FROM original_pieces)").fetchone()
    assert orphans == 0
    store.delete_deal(beta)
    assert store._conn.execute("SELECT count(*) FROM original_parts").fetchone() == (0,)


def test_a_file_that_is_not_a_zip_is_stored_whole(store):
    deal = store.create_deal("Acme")
    draft_id = store.add_round(deal, build_draft(["a"], original=b"%PDF-1.7\n..."), sender="them",
                               date="2024-01-01")
    assert store.original(draft_id) == b"%PDF-1.7\n..."
    assert store._conn.execute("SELECT count(*) FROM original_pieces").fetchone() == (0,)
