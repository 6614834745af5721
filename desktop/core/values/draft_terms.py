"""Values that the rest of the draft settles: defined terms and Cover Page variables.

Standard terms (Bonterms, Common Paper) state a cap, a covered claim or the governing law by
a capitalised term: "will not exceed the General Cap", "defend Customer against Provider
Covered Claims", "The Governing Law governs this Agreement". Either the draft defines the
term ("“Enhanced Cap” means three times (3x) the General Cap"), and its definition is read
with the evidence, or the parties fill it in on a Cover Page the draft only refers to, and
the value is "per Cover Page" rather than nothing.

`DraftTerms.of(clauses)` is built once per draft; `settle(key, sentences, found, terms)` adds
what the terms say to the values a rule read from the evidence sentences alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop.core.model import Clause
from desktop.core.values.amounts import plain_wording, sentences

ON_COVER_PAGE = "on_cover_page"  # the flag every such position declares in the playbook

# "General Cap", "Increased Cap Amount", "Enhanced Cap" (not "Section 16.1 (General Cap)": titles are masked).
_CAP_TERM = re.compile(r"\b((?:[A-Z][a-z]+\s+){1,2}Cap(?:\s+Amount)?)\b(?!s)")
_LEAD = re.compile(r"^(?:(?:The|This|That|Each|Any|Such|Our|Its|Their|An?)\s+)+")  # "The General Cap" is "General Cap"
_COVERED_TERM = re.compile(r"\b((?:[A-Z][a-z]+[\s-]+)?Covered[\s-]+Claims?)\b")
_LAW_TERM = re.compile(r"\b(?:the|The)\s+(Governing\s+Law)\b")
_CAP_FIGURES = ("cap_months_of_fees", "cap_fee_multiple", "cap_amount")
_TITLE = re.compile(r"\([^()]{2,60}\)")  # "Section 16.1 (General Cap)": a title, not the term in use


def _norm(term: str) -> str:
    """Return a term as compared: case-folded, hyphens as spaces, singular."""
    words = re.sub(r"[\s\-‐–]+", " ", term.strip("\"“”'‘’ ")).casefold()
    return words[:-1] if words.endswith("s") and not words.endswith("ss") else words


@dataclass(frozen=True)
class DraftTerms:
    """The terms a draft defines, and whether it leaves terms to a Cover Page."""

    definitions: dict[str, str]  # _norm(term) -> its definition's text
    cover_page: bool  # the draft refers to a "Cover Page" the parties fill in

    @classmethod
    def of(cls, clauses: Sequence[Clause]) -> DraftTerms:
        """Return the defined terms of `clauses` and whether they refer to a Cover Page."""
        definitions = {_norm(c.heading): c.text for c in clauses if c.kind == "definition" and c.heading}
        return cls(definitions, any("Cover Page" in c.text for c in clauses))

    def definition(self, term: str) -> str | None:
        """Return the definition of `term` in this draft, or None."""
        return self.definitions.get(_norm(term))

    def on_cover_page(self, term: str) -> bool:
        """Return whether `term` is a Cover Page variable: used, not defined here, and a Cover Page exists."""
        return self.cover_page and self.definition(term) is None


def _terms(pattern: re.Pattern, parts: list[str]) -> list[str]:
    """Return the distinct terms `pattern` finds in `parts`, outside cross-reference titles, in order."""
    found = []
    for part in parts:
        for match in pattern.finditer(_TITLE.sub(" ", part)):
            term = _LEAD.sub("", match.group(1))
            if " " in term.strip() and term not in found:
                found.append(term)
    return found


def _definitions(parts: list[str], terms: list[str], draft: DraftTerms) -> list[str]:
    """Return the sentences defining `terms` that are not among `parts` already.

    A definition names its term ("“Enhanced Cap” means three times (3x) the General Cap"),
    so it reads right on its own.
    """
    extra: list[str] = []
    for term in terms:
        text = draft.definition(term)
        if text is not None:
            extra += [s for s in sentences(plain_wording(text)) if s not in parts and s not in extra]
    return extra


def _read(parts: list[str], terms: list[str], found: dict, draft: DraftTerms,
          rule: Callable[[list[str]], dict]) -> dict:
    """Return `found` with what the definitions of `terms` add (the evidence's own values win)."""
    extra = _definitions(parts, terms, draft)
    return {**rule(extra), **found} if extra else found


# Positions whose values a defined term may hold: the term's pattern, the values that settle
# the position, and whether its definitions are read even when one of those is already found
# (a cap's definition can add super-caps and carve-outs to the figure the evidence gives).
_SETTLED_BY_TERMS = {
    "liability_cap": (_CAP_TERM, _CAP_FIGURES, True),
    "ip_indemnity": (_COVERED_TERM, ("covers",), False),
    "governing_law": (_LAW_TERM, ("jurisdiction",), False),
}


def settle(key: str, parts: list[str], found: dict, draft: DraftTerms,
           rule: Callable[[list[str]], dict]) -> dict:
    """Return `found` (read by `rule` from `parts`) with what the draft's terms settle for position `key`."""
    if key not in _SETTLED_BY_TERMS:
        return found
    pattern, settling, always = _SETTLED_BY_TERMS[key]
    terms = _terms(pattern, parts)
    if terms and (always or not any(k in found for k in settling)):
        found = _read(parts, terms, found, draft, rule)
        if not any(k in found for k in settling) and any(draft.on_cover_page(t) for t in terms):
            found[ON_COVER_PAGE] = True
    return found
