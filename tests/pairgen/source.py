"""Real contracts as generator trees, and 100-page documents grown by concatenating them.

A contract goes through the product's own reader and splitter (so .md and .docx both work),
and its clause tree becomes generator nodes. Cross-references inside the contract ("Section
2.1", "Sections 9.1(a)") become markers pointing at their target, so later renumbering moves
them along. Clauses nested deeper than three levels are lifted to level three, and lists are cut
at 26 items, since the generator labels them (a) to (z).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from desktop.core.pipeline import load_draft
from tests.pairgen.tree import MAX_LEVEL, Node, plain, ref, walk
from tests.pairgen.tree import REF_MARK as _MARK

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"

# Contracts the alignment was tuned on, and contracts held out from tuning (scored only).
TUNING = (
    "versions/commonpaper-csa/v2.x-2024-11-04.md",
    "versions/github-corporate-tos/2026-03-17.md",
    "pairs/dpa/commonpaper-dpa-v1.0.md",
    "pairs/dpa/bonterms-dpa-v1.0.md",
    "versions/commonpaper-mutual-nda/v1.0-2021-07-19.md",
)
HELD_OUT = (
    "versions/bonterms-cloud-terms/v1.0-2024-01-12-add-missing-c.md",
    "versions/github-additional-product-terms-copilot/2026-03-17.md",
    "pairs/ai-terms/commonpaper-ai-addendum-v1.0.md",
    "pairs/dpa/github-dpa-2021-10-07.md",
    "pairs/nda/bonterms-mutual-nda-v1.0.md",
)

LIST_ITEMS = 26
_XREF = re.compile(r"\b(Sections?|Clauses?|Articles?)(\s+)(\d+(?:\.\d+)*(?:\([a-z0-9]{1,4}\))*)")


@dataclass
class Contract:
    """A contract as top-level generator sections, with its name and word count."""

    name: str
    title: str
    sections: list[Node]
    words: int


class Uids:
    """Hands out unique node ids for one generated pair."""

    def __init__(self) -> None:
        self.next = 1

    def __call__(self) -> int:
        self.next += 1
        return self.next - 1


def load_contract(path: Path) -> Contract:
    """Return the contract at `path` as a generator tree (through the product's reader).

    Its uids are private to it: `instantiate` gives each use fresh ones.
    """
    uids = Uids()
    draft = load_draft(path)
    clauses = [c for c in draft.clauses if c.kind != "title"]
    title = next((c.heading for c in draft.clauses if c.kind == "title"), path.stem)
    by_id = {c.id: c for c in clauses}
    nodes: dict[str, Node] = {}
    top: list[Node] = []
    for c in clauses:
        text = " ".join(c.text.split())
        heading = " ".join(c.heading.split())
        if c.kind == "definition" and heading and heading in text:
            heading = ""  # the term is part of the sentence: the reader finds it again
        node = Node(uids(), heading, text)
        nodes[c.id] = node
        parent = c.parent
        depth = 1
        chain = parent
        while chain is not None and chain in by_id:
            depth += 1
            chain = by_id[chain].parent
        while parent is not None and depth > MAX_LEVEL:
            parent, depth = by_id[parent].parent, depth - 1
        if parent is None or parent not in nodes:
            top.append(node)
        else:
            nodes[parent].children.append(node)
    for node, level, _ in walk(top):
        if level == MAX_LEVEL - 1:
            del node.children[LIST_ITEMS:]  # item labels run (a) to (z)
    kept = {node.uid for node, _, _ in walk(top)}
    by_number = {c.number: nodes[c.id].uid for c in clauses if c.number and nodes[c.id].uid in kept}
    for node, _, _ in walk(top):
        node.text = _XREF.sub(lambda m: _resolve(m, by_number), node.text)
    sections = [s for s in top if s.text or s.heading or s.children]
    words = sum(len(plain(n.text).split()) + len(n.heading.split()) for n, _, _ in walk(sections))
    return Contract(path.stem, title, sections, words)


def _resolve(match: re.Match, by_number: dict[str, int]) -> str:
    """Return a cross-reference with its number as a marker when the target is known."""
    uid = by_number.get(match.group(3))
    return f"{match.group(1)}{match.group(2)}{ref(uid)}" if uid is not None else match.group(0)


def corpus_path(relative: str) -> Path:
    """Return the corpus file for a TUNING/HELD_OUT entry."""
    return CORPUS / relative


def instantiate(contract: Contract, uids: Uids) -> list[Node]:
    """Return a fresh copy of the contract's sections with new uids (references follow)."""
    fresh: dict[int, int] = {}
    for node, _, _ in walk(contract.sections):
        fresh[node.uid] = uids()

    def clone(node: Node) -> Node:
        text = _MARK.sub(lambda m: ref(fresh[int(m.group(1))]), node.text)
        return Node(fresh[node.uid], node.heading, text, [clone(c) for c in node.children])

    return [clone(s) for s in contract.sections]


def grow(contracts: list[Contract], words: int, uids: Uids) -> list[Node]:
    """Return top-level sections of `contracts` in turn, cycling, until about `words` words.

    A long agreement is several contracts end to end (master terms, DPA, AI addendum…); when
    the list runs out it starts again, as exhibits repeating boilerplate do.
    """
    sections: list[Node] = []
    total, k = 0, 0
    while total < words and contracts:
        contract = contracts[k % len(contracts)]
        sections += instantiate(contract, uids)
        total += contract.words
        k += 1
    return sections
