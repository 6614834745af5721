"""A round's rows worked out before the write: what Store.add_round stores, less the ids SQLite gives.

Storing a 100-page round is ~1,350 clause rows, as many pairs, the findings and the file's
parts. Turning the objects into rows (hashes, JSON, runs, the checks) is most of the Python
cost of `Store.add_round`, and none of it needs the database, so the window works it out on
the import's worker (`prepare_round`, pure: no connection, no Store) and the GUI thread only
writes it (`Store.add_round(..., rows=...)`), in one transaction as before. The command line
and the tests leave `rows` out and add_round works it out itself: the same rows either way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.model import Comparison, Draft, Finding, Pair, Suggestion
from desktop.store import originals as store_originals
from desktop.store import positions as store_positions
from desktop.store import rows as store_rows
from desktop.store.errors import StoreError

PairKeys = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True, eq=False)
class RoundRows:
    """What add_round writes for one draft, its comparison and its positions, worked out in advance."""

    draft: Draft
    comparison: Comparison | None
    findings: tuple[Finding, ...]
    suggestions: tuple[Suggestion, ...]
    sha256: str  # of the file as imported
    parts: list[bytes]  # the file cut for storing (store_originals.cut)
    clauses: store_rows.ClauseRows
    pairs: store_rows.PairRows | None  # None without a comparison
    findings_rows: tuple[tuple, ...]
    links: tuple[PairKeys, ...]  # each pair's (A keys, B keys), for the thread links
    stored_pairs: tuple[Pair, ...]  # the pairs as reading them back gives them

    def made_for(self, draft: Draft, comparison: Comparison | None, findings: Sequence[Finding],
                 suggestions: Sequence[Suggestion]) -> bool:
        """Return whether these rows were worked out for exactly these objects."""
        return (self.draft is draft and self.comparison is comparison
                and self.findings == tuple(findings) and self.suggestions == tuple(suggestions))


def prepare_round(draft: Draft, comparison: Comparison | None = None, findings: Sequence[Finding] = (),
                  suggestions: Sequence[Suggestion] = ()) -> RoundRows:
    """Return the rows of a round; ValueError when the comparison or findings are not the draft's.

    Pure (no database): the window calls it on the import's worker. A round whose text would
    grow the database by more than MAX_ROUND_TEXT_BYTES is refused (RoundTooLarge).
    """
    check_growth(draft, comparison)
    store_positions.check_record(draft.clauses, findings, suggestions)
    pairs = None if comparison is None else store_rows.pair_rows(draft.clauses, comparison)
    return RoundRows(
        draft=draft,
        comparison=comparison,
        findings=tuple(findings),
        suggestions=tuple(suggestions),
        sha256=hashlib.sha256(draft.original).hexdigest(),
        parts=store_originals.cut(draft.original),
        clauses=store_rows.clause_rows(draft.clauses),
        pairs=pairs,
        findings_rows=store_positions.finding_rows(findings),
        links=tuple((p.a, p.b) for p in comparison.pairs) if comparison is not None else (),
        stored_pairs=store_rows.as_stored(comparison.pairs) if comparison is not None else (),
    )


# The text one round may add to the database: clause texts and the changed pairs' diffs. The
# readers' own limits keep real and hostile drafts far below it (a 300-page contract is ~1 MB);
# this is the last guard, so that no input can grow the database out of all proportion.
MAX_ROUND_TEXT_BYTES = 64 * 1024 * 1024


class RoundTooLarge(StoreError):
    """A round would add more text to the database than any contract holds."""


def check_growth(draft: Draft, comparison: Comparison | None) -> None:
    """Raise RoundTooLarge when storing `draft` (and its comparison) would add too much text."""
    size = sum(len(c.text) + len(c.heading) for c in draft.clauses)
    if comparison is not None:
        size += sum(len(text) for pair in comparison.pairs if pair.kind != "unchanged" for _, text in pair.diff)
    if size > MAX_ROUND_TEXT_BYTES:
        raise RoundTooLarge(
            f"{draft.document.name} holds about {size // (1024 * 1024)} MB of text, far more than any contract, "
            "so it was not stored. Check that it is the right file."
        )


# Clauses written per step when a round is written in steps (Store.add_round_steps): 400
# clause rows and their new texts are ~5 ms of SQLite's time (2 cores, under load).
CLAUSES_PER_STEP = 400


def clause_chunks(rows: store_rows.ClauseRows, size: int | None = None) -> list[store_rows.ClauseRows]:
    """Return `rows` cut into pieces of at most `size` clauses, each with the texts it uses.

    Written piece by piece with store_rows.insert_clauses they give the same rows, ids
    included, as written whole: new texts and the clauses go in in the same order (a text an
    earlier piece wrote is there already, and its insert does nothing).
    """
    size = CLAUSES_PER_STEP if size is None else size
    if len(rows.rows) <= size:
        return [rows]
    texts = dict(rows.texts)
    pieces = []
    for start in range(0, len(rows.rows), size):
        piece = rows.rows[start:start + size]
        used = dict.fromkeys(row[-1] for row in piece)
        pieces.append(store_rows.ClauseRows(tuple((digest, texts[digest]) for digest in used), piece))
    return pieces
