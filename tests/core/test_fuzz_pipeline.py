"""Fuzzing the whole pipeline: generated drafts and edits go through read → split → align → diff → redline.

Hypothesis builds a random clause tree (numbering in several styles, headings, sub-clauses,
Unicode text with right-to-left scripts, emoji and combining marks), writes it as a .txt, .md
or .docx draft, applies a random sequence of edits for the next round, and runs the pipeline.
The properties: nothing raises; every clause of each round is in exactly one pair; each
pair's diff rebuilds both clause texts exactly (`problems` of the comparison benchmark); and
the Word redline of the two rounds reads as B under Accept All and as A under Reject All.

About 500 examples run in the normal test run. For a longer hunt, multiply them:
`COUNTERDRAFT_FUZZ_SCALE=20 python -m pytest tests/core/test_fuzz_pipeline.py`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.pipeline import compare_clauses, load_draft
from tests.benchmarks.eval_compare import problems
from tests.core import hostile

SCALE = max(1, int(os.environ.get("COUNTERDRAFT_FUZZ_SCALE", "1")))


def examples(count: int):
    """Return Hypothesis settings for `count` examples (times SCALE), with no per-example deadline."""
    return settings(max_examples=count * SCALE, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


# Words from several scripts: Latin with accents, Hebrew, Arabic, CJK, emoji (with joiners
# and flags), combining marks, legal symbols, and characters Markdown or HTML give meaning to.
WORDS = st.one_of(
    st.sampled_from(["Customer", "Vendor", "shall", "not", "liability", "fees", "Data", "may",
                     "months", "twelve", "(12)", "$1,000,000", "Section", "3.2", "herein", "and",
                     "café", "naïve", "§", "¶", "—", "“quoted”", "e\u0301", "a\u0308\u0301"]),
    st.sampled_from(["הסכם", "הספק", "مرحبا", "القانون", "合同", "責任", "🙂", "👩\u200d⚖️", "🇪🇺",
                     "\u200f", "\u202b", "x\u2069"]),
    st.sampled_from(["<b>", "</i>", "&amp;", "*bold*", "_it_", "`code`", "[link](x)", "#", "|",
                     "\\", "<script>", "&#x41;"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Zs", "Co", "Cn")),
            min_size=1, max_size=8),
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=14).map(" ".join)
STYLES = ("decimal", "outline", "section", "article", "none")


@dataclass(frozen=True)
class Item:
    """One clause of a generated contract: heading, body text, and (a), (b) … sub-clauses."""

    heading: str
    text: str
    subs: tuple[str, ...]


HEADING_WORDS = st.sampled_from(["Fees", "Term", "Liability", "Data", "Use", "Confidentiality", "Données",
                                 "הסכם", "القانون", "責任", "Überblick"])
ITEMS = st.builds(Item, heading=st.lists(HEADING_WORDS, min_size=1, max_size=3).map(" ".join),
                  text=SENTENCE, subs=st.lists(SENTENCE, max_size=3).map(tuple))
CONTRACTS = st.lists(ITEMS, min_size=1, max_size=10)


def roman(n: int) -> str:
    """Return `n` (1-39) in capital Roman numerals."""
    ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    return "X" * (n // 10) + ones[n % 10]


def label(style: str, n: int) -> str:
    """Return the number of clause `n` in a numbering style ("" for unnumbered clauses)."""
    return {"decimal": f"{n}.", "outline": f"{n}.1", "section": f"Section {n}.",
            "article": f"ARTICLE {roman(n)}", "none": ""}[style]


def lines(items: list[Item], style: str) -> list[str]:
    """Return the contract as paragraphs of text, numbered in `style`."""
    out = []
    for n, item in enumerate(items, start=1):
        out.append(f"{label(style, n)} {item.heading}. {item.text}".strip())
        out.extend(f"({chr(97 + k)}) {sub}" for k, sub in enumerate(item.subs))
    return out


def render(items: list[Item], style: str, kind: str) -> bytes:
    """Return the bytes of the contract as a .txt, .md (headings and lists) or .docx file."""
    if kind == "docx":
        return hostile.docx_bytes("".join(hostile.paragraph(escape(p)) for p in lines(items, style)))
    if kind == "md":
        return markdown(items, style).encode("utf-8")
    return "\n\n".join(lines(items, style)).encode("utf-8")


def markdown(items: list[Item], style: str) -> str:
    """Return the contract as Markdown: a title, a heading per clause, sub-clauses as a list."""
    out = ["# Master Services Agreement"]
    for n, item in enumerate(items, start=1):
        out.append(f"## {label(style, n)} {item.heading}".replace("  ", " "))
        out.append(item.text)
        if item.subs:
            out.append("\n".join(f"- ({chr(97 + k)}) {sub}" for k, sub in enumerate(item.subs)))
    return "\n\n".join(out) + "\n"


@st.composite
def edited(draw, items: list[Item]) -> list[Item]:
    """Return the contract after a random sequence of negotiation edits."""
    out = list(items)
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["reword", "insert", "delete", "move", "sub", "case", "punctuate"]))
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        if op == "insert" or not out:
            out.insert(at, draw(ITEMS))
        elif op == "delete" and len(out) > 1:
            out.pop(at)
        elif op == "move":
            out.insert(draw(st.integers(0, len(out) - 1)), out.pop(at))
        elif op == "reword":
            words = out[at].text.split(" ")
            words[draw(st.integers(0, len(words) - 1))] = draw(WORDS)
            out[at] = replace(out[at], text=" ".join(words))
        elif op == "sub":
            out[at] = replace(out[at], subs=out[at].subs + (draw(SENTENCE),))
        elif op == "case":
            out[at] = replace(out[at], text=out[at].text.upper())
        elif op == "punctuate":
            out[at] = replace(out[at], text=out[at].text + ";")
    return out


@st.composite
def rounds(draw, kinds=("txt", "md", "docx")):
    """Return (kind, style, A bytes, B bytes): two rounds of one generated contract."""
    kind = draw(st.sampled_from(kinds))
    style = draw(st.sampled_from(STYLES))
    a = draw(CONTRACTS)
    b = draw(edited(a))
    if kind == "md" and draw(st.booleans()):  # half the Markdown drafts are plain paragraphs
        kind = "md-plain"
    b_style = draw(st.sampled_from((style, style, *STYLES)))  # sometimes renumbered in another style
    written = "txt" if kind == "md-plain" else kind
    return kind.removesuffix("-plain"), style, render(a, style, written), render(b, b_style, written)


def compare(kind: str, a_bytes: bytes, b_bytes: bytes):
    a = load_draft(f"a.{kind}", a_bytes)
    b = load_draft(f"b.{kind}", b_bytes)
    pairs = compare_clauses(a.clauses, b.clauses)
    return a, b, pairs


@examples(250)
@given(rounds(kinds=("txt", "md")))
def test_text_and_markdown_rounds_align_and_diff_exactly(case):
    kind, _style, a_bytes, b_bytes = case
    a, b, pairs = compare(kind, a_bytes, b_bytes)
    assert a.clauses and b.clauses
    assert problems(a.clauses, b.clauses, pairs) == []


@examples(150)
@given(rounds(kinds=("docx",)))
def test_word_rounds_align_and_diff_exactly(case):
    _kind, _style, a_bytes, b_bytes = case
    a, b, pairs = compare("docx", a_bytes, b_bytes)
    assert problems(a.clauses, b.clauses, pairs) == []
    # The reader keeps every generated paragraph's text.
    assert "".join(p.text for p in a.document.paragraphs).replace(" ", "") != ""


@examples(60)
@given(case=rounds(kinds=("docx", "txt")))
def test_the_redline_accepts_to_b_and_rejects_to_a(case, tmp_path_factory):
    redline_docx = pytest.importorskip("desktop.export.redline")
    walker = pytest.importorskip("tests.export.ooxml_walker")
    kind, _style, a_bytes, b_bytes = case
    folder = tmp_path_factory.mktemp("redline")
    a_path, b_path = folder / f"a.{kind}", folder / f"b.{kind}"
    a_path.write_bytes(a_bytes)
    b_path.write_bytes(b_bytes)
    a, b = load_draft(a_path), load_draft(b_path)
    out = folder / "redline.docx"
    redline_docx.write_redline(a, b, out)
    if kind == "docx":
        expect_a, expect_b = walker.texts(a_path, "accept"), walker.texts(b_path, "accept")
    else:
        expect_a = [t for t in (p.text for p in a.document.paragraphs) if t.strip()]
        expect_b = [t for t in (p.text for p in b.document.paragraphs) if t.strip()]
    assert walker.texts(out, "accept") == expect_b
    assert walker.texts(out, "reject") == expect_a


def test_a_generated_contract_has_the_clauses_it_was_made_of():
    items = [Item("Fees", "Customer pays.", ("monthly", "in euros")), Item("Term", "One year.", ())]
    for kind in ("txt", "md", "docx"):
        draft = load_draft(f"x.{kind}", render(items, "decimal", kind))
        texts = [c.text for c in draft.clauses]
        assert any("Customer pays." in t for t in texts) and any("One year." in t for t in texts), (kind, texts)
