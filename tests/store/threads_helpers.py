"""Building deals round by round with hand-written pairs, for the thread tests."""

from __future__ import annotations

from desktop.core.model import Comparison, Pair
from desktop.store import ClauseRef

CAP = "Each party's total liability is capped at the fees paid in the 12 months before the claim."
AUDIT = "Customer may audit the Vendor once a year with an independent auditor of its choice."
TERM = "Either party may terminate this Agreement on 30 days written notice to the other."
FEES = "Customer pays the fees within 30 days of each invoice, in US dollars, without set-off."
DATA = "Vendor will not use Customer Data to train or improve any artificial intelligence model."


def pair(kind: str, a: str | tuple[str, ...] = (), b: str | tuple[str, ...] = (), *,
         substantive: bool = False) -> Pair:
    """Return a Pair from clause keys ("c1" or a tuple of them)."""
    a_keys = (a,) if isinstance(a, str) else a
    b_keys = (b,) if isinstance(b, str) else b
    return Pair(kind, a_keys, b_keys, substantive, (), 0.5)


def same(n: int) -> tuple[Pair, ...]:
    """Return the pairs of two drafts with n clauses each, clause i unchanged as clause i."""
    return tuple(pair("unchanged", f"c{i}", f"c{i}") for i in range(1, n + 1))


class Deal:
    """A deal in a store, with its drafts kept so later rounds can be compared with them."""

    def __init__(self, store, make_draft, name: str = "Acme API"):
        self.store, self.make_draft = store, make_draft
        self.id = store.create_deal(name)
        self.drafts: list = []
        self.ids: list[int] = []

    def add(self, texts: list[str], pairs: tuple[Pair, ...] | None = None, *,
            sender: str = "them") -> int:
        """Add a round with these clause texts; `pairs` compare it with the previous round."""
        draft = self.make_draft(texts, name=f"r{len(self.ids) + 1}.docx")
        comparison = None
        if self.drafts and pairs is not None:
            comparison = self.compare(self.drafts[-1], draft, pairs)
        draft_id = self.store.add_round(self.id, draft, sender=sender,
                                        date=f"2024-0{len(self.ids) + 1}-01",
                                        comparison=comparison)
        self.drafts.append(draft)
        self.ids.append(draft_id)
        return draft_id

    @staticmethod
    def compare(a, b, pairs) -> Comparison:
        """Return a Comparison of two drafts with the given pairs."""
        return Comparison(a.document.name, b.document.name, a.clauses, b.clauses, tuple(pairs))

    def ref(self, round_no: int, key: str) -> ClauseRef:
        """Return the ClauseRef of a clause of a round (1-based)."""
        return ClauseRef(self.ids[round_no - 1], key)

    def chain(self, round_no: int, key: str) -> list[str | None]:
        """Return the thread of a clause as "R<round>:<key>" per round, None where it has none."""
        thread = self.store.thread(self.ref(round_no, key))
        return [None if e.clause is None else f"R{e.round_no}:{e.clause.id}"
                for e in thread.entries]

    def markers(self, round_no: int, key: str) -> list[str]:
        """Return the markers of a clause's thread, one per round."""
        return [e.marker for e in self.store.thread(self.ref(round_no, key)).entries]
