"""How much a draft may unpack to: the bounds that keep a small hostile file from growing huge.

Each bound is far above any real contract (the corpus's largest has 502 paragraphs, 259
clauses and a 10,196-character clause; a 2,000-page contract has about 16,000 clauses) and
far below what would exhaust memory or fill the database. A file past one is refused with a
plain message saying so.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.core.model import ReadError

# 2,000 pages at 25 paragraphs a page; past this a file is generated, not drafted.
MAX_CLAUSES = 50_000
# About 300,000 words, or 600 pages, in one paragraph or clause (twice issue 22's 1 MB paragraph).
MAX_CLAUSE_CHARS = 2_000_000

TOO_MANY_CLAUSES = (
    "{name} splits into more than {limit:,} paragraphs or clauses, far more than any contract, "
    "so it was not imported. Check that it is the right file."
)
CLAUSE_TOO_LONG = (
    "{name} has a paragraph or clause longer than {limit:,} characters, far longer than any "
    "contract's, so it was not imported. Check that it is the right file."
)


def check_lengths(name: str, texts: Sequence[str]) -> None:
    """Refuse a draft of more than MAX_CLAUSES paragraphs or clauses, or with one too long."""
    if len(texts) > MAX_CLAUSES:
        raise ReadError(TOO_MANY_CLAUSES.format(name=name, limit=MAX_CLAUSES))
    if any(len(text) > MAX_CLAUSE_CHARS for text in texts):
        raise ReadError(CLAUSE_TOO_LONG.format(name=name, limit=MAX_CLAUSE_CHARS))
