"""Formatting as tracked changes: A's paragraph properties kept in w:pPrChange, its run
properties in w:rPrChange (the stretches of kept text whose formatting changed: restyled).

A paragraph whose text is the same in both drafts can still differ in its style, its list
(w:numPr) or its indents. Recording A's properties in w:pPrChange lets "Reject All" restore
A's list labels and styles. Lists need care: a list is named by a number (w:numId) that means
something only in its own package, so each of A's lists is mapped to the list of B that its
paragraphs became, or, when none did, copied into B's numbering part under a new number.
"""

from __future__ import annotations

import bisect
import copy
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from desktop.export.redline.xml import PPR, RPR, Para, W

NUM_PR, NUM_ID, ILVL = W + "numPr", W + "numId", W + "ilvl"
ABSTRACT, NUM, ABSTRACT_ID = W + "abstractNum", W + "num", W + "abstractNumId"
VAL = W + "val"
_NOT_FORMATTING = {RPR, W + "sectPr", W + "pPrChange"}
# Run properties that say nothing about how the text looks: marks, proofing, language.
_NOT_RUN_FORMATTING = {W + n for n in ("rPrChange", "ins", "del", "moveFrom", "moveTo", "lang", "noProof",
                                         "webHidden", "specVanish", "oMath")}
_NOT_DEFINITION = {W + "nsid", W + "tmpl"}


class Lists:
    """Maps A's list numbers to B's, copying A's list definitions into B's numbering if need be."""

    def __init__(self, tree_a: etree._Element | None, tree_b: etree._Element | None) -> None:
        self.tree_a, self.tree_b = tree_a, tree_b
        self.ids_b = {n.get(NUM_ID) for n in tree_b.iter(NUM)} if tree_b is not None else set()
        self.votes: dict[str, Counter[str]] = {}
        self.mapping: dict[str, str | None] = {}
        self.changed = False  # B's numbering part was added to

    def vote(self, ppr_a: etree._Element | None, ppr_b: etree._Element | None) -> None:
        """Count one matched pair of paragraphs: A's list became B's list."""
        num_a, num_b = _num_id(ppr_a), _num_id(ppr_b)
        if num_a is not None and num_b is not None and num_a not in self.mapping:
            self.votes.setdefault(num_a, Counter())[num_b] += 1

    def map(self, num_a: str) -> str | None:
        """Return B's list number for A's list `num_a` (None: the paragraph leaves the list)."""
        if num_a not in self.mapping:
            self.mapping[num_a] = self._decide(num_a)
        return self.mapping[num_a]

    def _decide(self, num_a: str) -> str | None:
        """Return B's list for A's: the one A's paragraphs became, if it numbers as A's did;
        else A's list copied into B, so that Reject All gives A's labels back."""
        if num_a == "0":  # "no list": numId 0 takes a list away
            return "0"
        votes = self.votes.get(num_a)
        candidate = votes.most_common(1)[0][0] if votes else num_a
        if self.tree_a is None or self.tree_b is None:
            return candidate if votes or num_a in self.ids_b else None
        definition_a = _definition(self.tree_a, num_a)
        if definition_a is None:
            return candidate if votes else None
        if candidate in self.ids_b and _definition(self.tree_b, candidate) == definition_a:
            return candidate
        return self._copy_list(num_a)

    def _copy_list(self, num_a: str) -> str | None:
        """Copy A's list `num_a` and its abstract definition into B's numbering; return its number."""
        assert self.tree_a is not None and self.tree_b is not None
        num = next((n for n in self.tree_a.iter(NUM) if n.get(NUM_ID) == num_a), None)
        abstract_id = _child_val(num, ABSTRACT_ID) if num is not None else None
        abstract = next((a for a in self.tree_a.iter(ABSTRACT) if a.get(ABSTRACT_ID) == abstract_id), None)
        if num is None or abstract is None:
            return None
        new_abstract = copy.deepcopy(abstract)
        for child in list(new_abstract):
            if child.tag in _NOT_DEFINITION:  # a second list with A's nsid would merge with it
                new_abstract.remove(child)
        new_abstract.set(ABSTRACT_ID, str(_next_number(self.tree_b, ABSTRACT, ABSTRACT_ID)))
        new_num = copy.deepcopy(num)
        new_id = str(_next_number(self.tree_b, NUM, NUM_ID))
        new_num.set(NUM_ID, new_id)
        new_num.find(ABSTRACT_ID).set(VAL, new_abstract.get(ABSTRACT_ID))
        first_num = self.tree_b.find(NUM)
        if first_num is not None:
            first_num.addprevious(new_abstract)
        else:
            self.tree_b.append(new_abstract)
        nums = self.tree_b.findall(NUM)
        (nums[-1].addnext if nums else self.tree_b.append)(new_num)
        self.ids_b.add(new_id)
        self.changed = True
        return new_id


def properties_in_b(ppr: etree._Element | None, lists: Lists) -> etree._Element | None:
    """Return A's paragraph properties with A's list numbers turned into B's (a copy)."""
    if ppr is None:
        return None
    out = copy.deepcopy(ppr)
    num_pr = out.find(NUM_PR)
    num_id = num_pr.find(NUM_ID) if num_pr is not None else None
    if num_pr is not None and num_id is not None:
        mapped = lists.map(num_id.get(VAL, ""))
        if mapped is None:
            out.remove(num_pr)
        else:
            num_id.set(VAL, mapped)
    return out


def formatting_key(ppr: etree._Element | None) -> bytes:
    """Return what a paragraph's properties say about its formatting, comparable across drafts."""
    if ppr is None:
        return b""
    return b"".join(etree.tostring(child, method="c14n", exclusive=True) for child in ppr if child.tag not in _NOT_FORMATTING)


def record_change(ppr_b: etree._Element, ppr_a: etree._Element | None, change: etree._Element) -> None:
    """Add w:pPrChange (`change`, holding A's properties) as the last child of B's paragraph properties."""
    old = etree.SubElement(change, PPR)
    for child in ppr_a if ppr_a is not None else ():
        if child.tag not in _NOT_FORMATTING:
            old.append(copy.deepcopy(child))
    ppr_b.append(change)


def _num_id(ppr: etree._Element | None) -> str | None:
    num_pr = ppr.find(NUM_PR) if ppr is not None else None
    return _child_val(num_pr, NUM_ID) if num_pr is not None else None


def _child_val(el: etree._Element, tag: str) -> str | None:
    child = el.find(tag)
    return child.get(VAL) if child is not None else None


def _definition(tree: etree._Element, num_id: str) -> bytes | None:
    """Return a list's whole definition (its overrides and abstract levels) as comparable bytes."""
    num = next((n for n in tree.iter(NUM) if n.get(NUM_ID) == num_id), None)
    if num is None:
        return None
    abstract_id = _child_val(num, ABSTRACT_ID)
    abstract = next((a for a in tree.iter(ABSTRACT) if a.get(ABSTRACT_ID) == abstract_id), None)
    parts = [etree.tostring(c, method="c14n", exclusive=True) for c in num if c.tag != ABSTRACT_ID]
    if abstract is not None:
        parts += [etree.tostring(c, method="c14n", exclusive=True) for c in abstract if c.tag not in _NOT_DEFINITION]
    return b"".join(parts)


def _next_number(tree: etree._Element, tag: str, attribute: str) -> int:
    numbers = [int(v) for el in tree.iter(tag) if (v := el.get(attribute, "")).isdigit()]
    return max(numbers, default=0) + 1


@dataclass(frozen=True, slots=True)
class Restyled:
    """A stretch of B's kept text (start, end) whose run properties in A were `properties`."""

    start: int
    end: int
    properties: etree._Element | None


def restyled(para_a: Para, para_b: Para, kept: Sequence[tuple[int, int, int]]) -> list[Restyled]:
    """Return the stretches of kept text whose run formatting differs between A and B.

    `kept` holds the diff's unchanged stretches as (A offset, B offset, length).
    """
    spans_a, spans_b = _format_spans(para_a), _format_spans(para_b)
    out: list[Restyled] = []
    for start_a, start_b, length in kept:
        done = 0
        while done < length:
            at_a, at_b = _span_at(spans_a, start_a + done), _span_at(spans_b, start_b + done)
            if at_a is None or at_b is None:
                break
            step = min(at_a[1] - (start_a + done), at_b[1] - (start_b + done), length - done)
            if at_a[2] != at_b[2]:
                begin = start_b + done
                if out and out[-1].end == begin and out[-1].properties is at_a[3]:
                    out[-1] = Restyled(out[-1].start, begin + step, at_a[3])
                else:
                    out.append(Restyled(begin, begin + step, at_a[3]))
            done += step
    return out


def _format_spans(para: Para) -> list[tuple[int, int, bytes, etree._Element | None]]:
    """Return (start, end, formatting key, run properties) for each run's text in a paragraph."""
    out: list[tuple[int, int, bytes, etree._Element | None]] = []
    keys: dict[int, tuple[bytes, etree._Element | None]] = {}
    for atom in para.atoms:
        if not atom.text:
            continue
        if atom.run is None:
            key, rpr = b"equation", None
        else:
            if id(atom.run) not in keys:
                rpr = atom.run.find(RPR)
                keys[id(atom.run)] = (_run_key(rpr), rpr)
            key, rpr = keys[id(atom.run)]
        end = atom.start + len(atom.text)
        if out and out[-1][1] == atom.start and out[-1][2] == key:
            out[-1] = (out[-1][0], end, key, out[-1][3])
        else:
            out.append((atom.start, end, key, rpr))
    return out


def _span_at(spans, position: int):
    """Return the span holding `position` (spans are sorted and do not overlap)."""
    k = bisect.bisect_right(spans, position, key=lambda span: span[0]) - 1
    return spans[k] if 0 <= k < len(spans) and spans[k][0] <= position < spans[k][1] else None


def _run_key(rpr: etree._Element | None) -> bytes:
    """Return what run properties say about how text looks, comparable across drafts."""
    if rpr is None:
        return b""
    return b"".join(etree.tostring(child, method="c14n", exclusive=True)
                    for child in rpr if child.tag not in _NOT_RUN_FORMATTING)
