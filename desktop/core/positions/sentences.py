"""Sentences of clause text as character spans, for evidence that is a sentence and not a clause.

Legal sentences are long and full of full stops that end nothing: "Inc.", "U.S.", "e.g.",
"Section 8.1", "(a)". A stop ends a sentence only when whitespace and a capital, digit,
quote or bracket follow and the word before it is not a known abbreviation or a lone
initial. A line break always ends one (clause text joins its paragraphs with "\n"), and a
very long run-on sentence — common in OCR'd exhibits — is cut at semicolons so that the
evidence stays readable.
"""

from __future__ import annotations

import re

# Words that end with a stop without ending the sentence (compared lower-case, without the stop).
_ABBREVIATIONS = frozenset("""
    inc ltd co corp llc l.l.c plc n.v b.v s.a a.g gmbh no nos sec secs art arts cl para paras
    e.g i.e u.s u.k u.s.a viz vs v cf approx dept mr mrs ms dr st jr sr ph.d et al fig p pp
""".split())

_STOP = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_SEMICOLON = re.compile(r";\s+")
_LONG = 700  # characters: past this, a sentence is also cut at semicolons
_SHORT = 12  # characters: a shorter piece ("(a)", "1.") joins the sentence after it


def _ends_sentence(text: str, at: int) -> bool:
    """Return whether the stop at `at` ends a sentence (not an abbreviation or an initial)."""
    if text[at] == "\n":
        return True
    if text[at] != ".":
        return True
    found = _WORD_BEFORE.search(text, max(0, at - 12), at)
    if found is None:
        return True  # "8.1." or ")." — numbers and brackets end sentences
    word = found.group(1)
    if len(word) == 1 and word.isupper():
        return False  # an initial: "J. Smith", "Exhibit A. " is rarer than a name
    return word.lower().rstrip(".") not in _ABBREVIATIONS


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Return (start, end) narrowed past surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return a long sentence cut at semicolons into pieces of reasonable length."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    for match in _SEMICOLON.finditer(text, start, end):
        if match.start() + 1 - piece_start >= _LONG // 3:
            pieces.append((piece_start, match.start() + 1))
            piece_start = match.end()
    pieces.append((piece_start, end))
    return pieces


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return the sentences of `text` as (start, end) offsets, without surrounding whitespace."""
    raw: list[tuple[int, int]] = []
    start = 0
    for match in _STOP.finditer(text):
        if not _ends_sentence(text, match.start()):
            continue
        raw.append((start, match.end()))
        start = match.end()
    raw.append((start, len(text)))
    spans: list[tuple[int, int]] = []
    carry: int | None = None  # start of a short piece waiting to join the next sentence
    for begin, end in raw:
        begin, end = _trim(text, begin, end)
        if begin >= end:
            continue
        if carry is not None:
            begin, carry = carry, None
        if end - begin < _SHORT:
            carry = begin
            continue
        if end - begin > _LONG:
            spans.extend(_cut_long(text, begin, end))
        else:
            spans.append((begin, end))
    if carry is not None:
        if spans:
            spans[-1] = (spans[-1][0], _trim(text, carry, len(text))[1])
        else:
            spans.append(_trim(text, carry, len(text)))
    return spans


# "Section 8 (Limitation of Liability)": a cross-reference names a heading without being one.
# Matched on lower-cased text, without a leading \b, which Python's matcher finds much faster.
_CROSS_REFERENCE = re.compile(
    r"(?:section|clause|article|paragraph|exhibit|schedule)s?\s+[\w.()]+?\s*(\([^()]{3,80}\))")


def blank_reference_titles(text: str) -> str:
    """Return `text` with the titles inside cross-references blanked, keeping every offset."""
    if "(" not in text:
        return text
    lower = text.lower()
    if len(lower) != len(text):  # a rare letter whose lower case is longer: keep offsets exact
        lower = "".join(ch.lower()[:1] for ch in text)
    out = list(text)
    for match in _CROSS_REFERENCE.finditer(lower):
        lo, hi = match.span(1)
        if any(ch.isalpha() for ch in text[lo:hi]) and not text[lo + 1:hi - 1].strip().isdigit():
            out[lo:hi] = " " * (hi - lo)
    return "".join(out)
