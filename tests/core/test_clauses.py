"""Splitting drafts into clause trees: real corpus contracts, typed numbering, and invariants."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.clauses import clauses_json, split_clauses
from desktop.core.model import Clause, Document, Paragraph
from desktop.core.reading import read_draft

DATA = Path(__file__).resolve().parents[1] / "data"


def corpus(name: str) -> tuple[Clause, ...]:
    """Return the clauses of a fixture in tests/data/md (or docx)."""
    folder = "docx" if name.endswith(".docx") else "md"
    return split_clauses(read_draft(DATA / folder / name))


def by_number(clauses, number: str) -> Clause:
    found = [c for c in clauses if c.number == number]
    assert len(found) == 1, f"{number}: {found}"
    return found[0]


def text_doc(*texts: str, kind: str = "txt") -> Document:
    """Return a Document whose paragraphs are `texts`, with nothing but text (as a .txt gives)."""
    paragraphs = tuple(Paragraph(index=i, text=t) for i, t in enumerate(texts))
    return Document(name="t", kind=kind, sha256="", paragraphs=paragraphs)


def outline(clauses) -> list[tuple[str, str, int, str]]:
    return [(c.label, c.number, c.level, c.heading) for c in clauses]


# ---- the Common Paper Cloud Service Agreement ----------------------------------------------


@pytest.fixture(scope="module")
def csa_v2() -> tuple[Clause, ...]:
    return corpus("commonpaper-csa-v2.0-2024-02-02.md")


def test_csa_v2_top_level_sections(csa_v2):
    assert csa_v2[0].kind == "title" and csa_v2[0].heading == "Cloud Service Agreement"
    top = [(c.label, c.number, c.heading) for c in csa_v2 if c.level == 1 and c.kind != "title"]
    assert top == [
        ("1.", "1", "Service"),
        ("2.", "2", "Restrictions & Obligations"),
        ("3.", "3", "Privacy & Security"),
        ("4.", "4", "Payment & Taxes"),
        ("5.", "5", "Term & Termination"),
        ("6.", "6", "Representations & Warranties"),
        ("7.", "7", "Disclaimer of Warranties"),
        ("8.", "8", "Limitation of Liability"),
        ("9.", "9", "Indemnification"),
        ("10.", "10", "Confidentiality"),
        ("11.", "11", "Reservation of Rights"),
        ("12.", "12", "General Terms"),
        ("13.", "13", "Definitions"),
    ]
    assert all(c.text == "" and c.kind == "section" for c in csa_v2 if c.level == 1 and c.label)


def test_csa_v2_liability_caps_split_into_lettered_subclauses(csa_v2):
    caps = by_number(csa_v2, "8.1")
    assert (caps.label, caps.heading, caps.text, caps.level) == ("1.", "Liability Caps", "", 2)
    first = by_number(csa_v2, "8.1(a)")
    assert (first.label, first.level, first.parent, first.heading) == ("a.", 3, caps.id, "")
    assert first.text.startswith("Except as provided in Section 8.4 (Exceptions), each party’s total cumulative")
    assert by_number(csa_v2, "8.1(b)").text.startswith("If there are Increased Claims")
    waiver = by_number(csa_v2, "8.2")
    assert waiver.heading == "Damages Waiver"
    assert waiver.text.startswith("Except as provided in Section 8.4 (Exceptions), under no circumstances")


def test_csa_v2_run_in_titles_leave_the_text(csa_v2):
    access = by_number(csa_v2, "1.1")
    assert access.heading == "Access and Use"
    assert access.text.startswith("During the Subscription Period and subject to the terms of this Agreement")
    assert by_number(csa_v2, "12.2").heading == "Modifications, Severability, and Waiver"


def test_csa_v2_definitions_are_one_clause_per_term(csa_v2):
    definitions = [c for c in csa_v2 if c.kind == "definition"]
    section = by_number(csa_v2, "13")
    assert len(definitions) == 31
    assert all(c.parent == section.id for c in definitions)
    affiliate = by_number(csa_v2, "13.2")
    assert (affiliate.kind, affiliate.heading) == ("definition", "Affiliate")
    assert affiliate.text.startswith('"Affiliate" means an entity that, directly or indirectly, controls')
    assert by_number(csa_v2, "13.23").heading == "Personal Data"  # "will have the meaning(s)"


def test_csa_v2_docx_rendering_gives_the_same_tree(csa_v2):
    pytest.importorskip("desktop.core.reading.docx")
    docx = corpus("commonpaper-csa-v2.0-2024-02-02.docx")
    first = by_number(docx, "8.1(a)")
    assert first.label == "a." and first.text.startswith("Except as provided in Section 8.4")
    assert outline(docx) == outline(csa_v2)


def test_csa_v1_typed_numbers_nest_under_numbered_headings():
    clauses = corpus("commonpaper-csa-v1.0-final-2022-02-03.md")
    liability = by_number(clauses, "9")
    assert (liability.label, liability.heading) == ("9.", "Limitation of Liability")
    caps = by_number(clauses, "9.1")
    assert (caps.label, caps.heading, caps.parent, caps.level) == ("9.1", "Liability Caps", liability.id, 2)
    assert caps.text.startswith("If there are Increased Claims")
    assert by_number(clauses, "1.3").heading == "Support"  # the title's period sits outside its span
    restrictions = by_number(clauses, "2.1")
    assert (restrictions.heading, restrictions.text) == ("Restrictions on Customer", "")
    lettered = by_number(clauses, "2.1(a)")
    assert (lettered.label, lettered.parent, lettered.level) == ("(a)", restrictions.id, 3)
    assert by_number(clauses, "3").text.startswith("Provider will perform the Professional Services")
    assert by_number(clauses, "15.17").heading == "Key Terms"  # mismatched quotes in the source
    assert by_number(clauses, "14.10").heading == "No Third-Party Beneficiary"


def test_csa_v1_docx_rendering_agrees_with_the_markdown():
    pytest.importorskip("desktop.core.reading.docx")
    assert outline(corpus("commonpaper-csa-v1.0-final-2022-02-03.docx")) == outline(
        corpus("commonpaper-csa-v1.0-final-2022-02-03.md"))


# ---- other publishers ----------------------------------------------------------------------


def test_mutual_nda_bold_titles_after_list_numbers():
    clauses = corpus("commonpaper-mutual-nda-v1.0-2021-07-19.md")
    numbered = [c for c in clauses if c.number]
    assert [c.number for c in numbered] == [str(n) for n in range(1, 12)]
    assert numbered[0].heading == "Introduction"
    assert numbered[0].text.startswith("This Mutual Non-Disclosure Agreement (which incorporates")
    assert numbered[7].heading == "Disclaimer" and numbered[7].text.startswith("ALL CONFIDENTIAL INFORMATION")
    assert clauses[-1].kind == "paragraph" and clauses[-1].text.startswith("Common Paper Mutual Non-Disclosure")


def test_github_terms_letter_sections_and_definitions():
    clauses = corpus("github-corporate-tos-2026-03-17.md")
    assert not any("redirect_from" in c.text for c in clauses)
    definitions_section = by_number(clauses, "A")
    assert definitions_section.heading == "Definitions"
    terms = [c for c in clauses if c.parent == definitions_section.id]
    assert all(c.kind == "definition" for c in terms)
    assert [c.heading for c in terms[:3]] == ["Affiliate", "Agreement", "All Users"]
    grant = by_number(clauses, "D.3")
    assert (grant.label, grant.heading) == ("1.".replace("1", "3"), "License Grant to Us")
    assert grant.text.startswith("Customer grants to GitHub the right to store")
    term = by_number(clauses, "K")
    assert term.heading == "Term; Termination; Suspension"
    effect = by_number(clauses, "K.4")
    bullets = [c for c in clauses if c.parent == effect.id]
    assert [c.label for c in bullets] == ["•", "•", "•"]
    assert bullets[0].heading == "Order Forms" and bullets[0].number == ""
    liability = by_number(clauses, "N")
    assert [c.heading for c in clauses if c.parent == liability.id] == [
        "Indirect Damages", "Limitation of Total Liability", "Exclusions"]


def test_bonterms_typed_bold_numbers_titles_and_inline_definitions():
    clauses = corpus("bonterms-cloud-terms-v1.0-2022-02-04.md")
    data = by_number(clauses, "5")
    assert (data.label, data.heading, data.text, data.kind) == ("5.", "Data", "", "section")
    use = by_number(clauses, "5.1")
    assert (use.label, use.heading, use.parent) == ("5.1.", "Use of Customer Data", data.id)
    assert use.text.startswith("Subject to this Agreement, Provider will access")
    liability_definitions = by_number(clauses, "16.5")
    assert liability_definitions.heading == "Liability Definitions"  # "Definitions.The …": no space
    children = [c for c in clauses if c.parent == liability_definitions.id]
    assert [(c.kind, c.heading) for c in children] == [
        ("definition", "Enhanced Cap"), ("definition", "Enhanced Claims"),
        ("definition", "General Cap"), ("definition", "Uncapped Claims")]
    high_risk = by_number(clauses, "9.2")
    assert high_risk.text == (
        "Customer:\nacknowledges that the Cloud Service is not designed for (and Provider has no liability "
        "for) use prohibited in this Section 9.2.")
    assert by_number(clauses, "9.2(b)").text == "will not submit Sensitive Data to the Cloud Service, and"
    glossary = [c for c in clauses if c.parent == by_number(clauses, "23").id]
    assert glossary[0].heading == "Acceptable Use Policy" and len(glossary) == 34


def test_bonterms_bold_reformatting_does_not_change_the_clauses():
    def shape(clauses):
        return [(c.label, c.number, c.heading, c.text, c.level, c.kind) for c in clauses]

    assert shape(corpus("bonterms-cloud-terms-v1.0-2022-02-26-heading-bold-reformat.md")) == shape(
        corpus("bonterms-cloud-terms-v1.0-2022-02-04.md"))


# ---- typed numbers in plain text -----------------------------------------------------------


def test_typed_numbers_nest_by_shape():
    clauses = split_clauses(text_doc(
        "ARTICLE IV",
        "Section 9. Fees.",
        "9.1 Payment. Customer will pay.",
        "(a) monthly;",
        "(b) yearly;",
        "(c) per use;",
        "(d) on demand;",
        "(e) in advance;",
        "(f) in arrears;",
        "(g) by card;",
        "(h) by wire;",
        "(i) by cheque;",
        "(j) by barter.",
        "9.1.1 Late payments bear interest.",
        "(i) first month;",
        "(ii) second month;",
        "(iii) third month;",
        "(iv) fourth month;",
        "(v) fifth month.",
        "9.2 Taxes. Customer pays taxes.",
        "§ 10 Term.",
    ))
    assert [(c.label, c.number, c.level) for c in clauses] == [
        ("ARTICLE IV", "IV", 1),
        ("Section 9.", "9", 2),
        ("9.1", "9.1", 3),
        ("(a)", "9.1(a)", 4), ("(b)", "9.1(b)", 4), ("(c)", "9.1(c)", 4), ("(d)", "9.1(d)", 4),
        ("(e)", "9.1(e)", 4), ("(f)", "9.1(f)", 4), ("(g)", "9.1(g)", 4), ("(h)", "9.1(h)", 4),
        ("(i)", "9.1(i)", 4),  # a letter after (h), not roman one
        ("(j)", "9.1(j)", 4),
        ("9.1.1", "9.1.1", 4),
        ("(i)", "9.1.1(i)", 5), ("(ii)", "9.1.1(ii)", 5), ("(iii)", "9.1.1(iii)", 5),
        ("(iv)", "9.1.1(iv)", 5),
        ("(v)", "9.1.1(v)", 5),  # roman five after (iv), not the letter v
        ("9.2", "9.2", 3),
        ("§ 10", "10", 2),
    ]
    assert clauses[1].heading == "Fees" and clauses[1].text == ""
    assert (clauses[2].heading, clauses[2].text) == ("Payment", "Customer will pay.")
    assert clauses[3].text == "monthly;"


def test_roman_items_under_a_letter_and_letters_after_numbers():
    clauses = split_clauses(text_doc(
        "8. Liability.",
        "(a) Each party's liability is capped at:",
        "(i) the fees paid; or",
        "(ii) one million dollars.",
        "(b) The cap does not apply to fraud.",
    ))
    assert [c.number for c in clauses] == ["8", "8(a)", "8(a)(i)", "8(a)(ii)", "8(b)"]
    assert [c.level for c in clauses] == [1, 2, 3, 3, 2]


def test_a_capitalised_numbered_heading_holds_its_body_and_subclauses():
    clauses = split_clauses(text_doc(
        "8. LIMITATION OF LIABILITY",
        "Neither party is liable for indirect damages.",
        "The cap is the fees paid.",
        "8.1 Exceptions. The cap does not apply to fraud.",
        "9. Term",
        "This Agreement lasts one year.",
    ))
    assert [(c.number, c.heading, c.text) for c in clauses] == [
        ("8", "LIMITATION OF LIABILITY",
         "Neither party is liable for indirect damages.\nThe cap is the fees paid."),
        ("8.1", "Exceptions", "The cap does not apply to fraud."),
        ("9", "Term", "This Agreement lasts one year."),
    ]
    assert clauses[1].paragraphs == (3,) and clauses[0].paragraphs == (0, 1, 2)


def test_a_sentence_citing_a_section_is_not_a_section():
    clauses = split_clauses(text_doc(
        "1. Fees. Customer pays.",
        "Section 8.4 (Exceptions) does not apply to this Section.",
        "Section 2 shall survive.",
    ))
    assert len(clauses) == 1
    assert clauses[0].text == (
        "Customer pays.\nSection 8.4 (Exceptions) does not apply to this Section.\nSection 2 shall survive.")


def test_plain_paragraphs_stand_alone_under_an_unnumbered_heading():
    document = Document(name="t", kind="docx", sha256="", paragraphs=(
        Paragraph(0, "Agreement", style="Title"),
        Paragraph(1, "Preamble text."),
        Paragraph(2, "Payment", outline_level=1, style="Heading 2"),
        Paragraph(3, "Fees are due monthly."),
        Paragraph(4, "Late fees apply."),
        Paragraph(5, "Fees | 100", in_table=True, table_cell=(0, 0, 0)),
    ))
    clauses = split_clauses(document)
    assert [(c.kind, c.level, c.parent, c.heading, c.text) for c in clauses] == [
        ("title", 1, None, "Agreement", ""),
        ("paragraph", 1, None, "", "Preamble text."),
        ("section", 1, None, "Payment", ""),
        ("paragraph", 2, "c3", "", "Fees are due monthly."),
        ("paragraph", 2, "c3", "", "Late fees apply."),
        ("paragraph", 2, "c3", "", "Fees | 100"),
    ]


def test_automatic_word_labels_nest_by_list_level():
    p = Paragraph
    document = Document(name="t", kind="docx", sha256="", paragraphs=(
        p(0, "Limitation of Liability", label="8.", num_id="1", num_level=0),
        p(1, "Liability Caps.", label="8.1", num_id="1", num_level=1),
        p(2, "Except as provided below, the cap applies.", label="(a)", num_id="1", num_level=2),
        p(3, "This continues (a).", num_level=None),
        p(4, "Exceptions. None.", label="8.2", num_id="1", num_level=1),
        p(5, "Term", label="9.", num_id="1", num_level=0),
    ))
    clauses = split_clauses(document)
    assert [(c.number, c.level, c.heading, c.text) for c in clauses] == [
        ("8", 1, "Limitation of Liability", ""),
        ("8.1", 2, "Liability Caps", ""),
        ("8.1(a)", 3, "", "Except as provided below, the cap applies.\nThis continues (a)."),
        ("8.2", 2, "Exceptions", "None."),
        ("9", 1, "", "Term"),
    ]


def test_clauses_json_has_the_cli_shape():
    clauses = split_clauses(text_doc("1. Fees. Customer pays."))
    assert clauses_json("a.txt", clauses) == {"file": "a.txt", "clauses": [{
        "id": "c1", "label": "1.", "number": "1", "heading": "Fees", "level": 1, "parent": None,
        "text": "Customer pays."}]}


def test_fifty_thousand_words_split_well_under_100_ms():
    document = read_draft(DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md")
    copies = [replace(p, index=i) for i, p in enumerate(list(document.paragraphs) * 12)]
    big = replace(document, paragraphs=tuple(copies))
    assert sum(len(p.text.split()) for p in big.paragraphs) > 50_000
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        split_clauses(big)
        best = min(best, time.perf_counter() - started)
    assert best < 0.1


# ---- invariants ------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_PIECES = [
    "8.", "8.2", "8.2.1", "(a)", "(h)", "(i)", "(iv)", "(v)", "a.", "iv.", "Section 9", "SECTION 9.",
    "ARTICLE IV", "Article 4", "§ 9", "•", "-", "“Fee” means", '"Affiliate" has the meaning', "Fees.",
    "Access and Use.", "LIMITATION OF LIABILITY", "Customer", "shall", "pay", "the", "fees", "and",
    "within", "30", "days", ";", ":", "—", "U.S.", "Inc.", "(Exceptions)", "x_y", "é",
]


@st.composite
def documents(draw) -> Document:
    """Return a random Document shaped like what the readers produce."""
    count = draw(st.integers(0, 25))
    paragraphs = []
    for index in range(count):
        words = draw(st.lists(st.sampled_from(_PIECES), min_size=0, max_size=10))
        text = " ".join(words)
        cut = draw(st.integers(0, len(words)))
        paragraphs.append(Paragraph(
            index=index,
            text=text,
            label=draw(st.sampled_from(["", "", "", "1.", "a.", "(i)", "i.", "•", "2.1", "Article 1", " "])),
            style=draw(st.sampled_from(["", "Normal", "Title"])),
            outline_level=draw(st.sampled_from([None, None, None, 0, 1, 2])),
            num_id=draw(st.sampled_from(["", "1", "2"])),
            num_level=draw(st.sampled_from([None, None, 0, 1, 2])),
            bold_prefix=" ".join(words[:cut]) if draw(st.booleans()) else "",
            in_table=draw(st.booleans()) and draw(st.booleans()),
        ))
    kind = draw(st.sampled_from(["md", "docx", "txt"]))
    return Document(name="x", kind=kind, sha256="", paragraphs=tuple(paragraphs))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_the_tree_is_well_formed_and_no_word_is_lost(document):
    """Invariants of every split.

    Tree: ids are c1…cn in order; a parent comes before its child; level is 1 without a parent
    and the parent's level + 1 with one.

    Words: every paragraph with text or a label belongs to exactly one clause; and for every
    clause, the words (\\w+ runs) of its source paragraphs' texts, in order, equal the words of
    its typed label, then its heading, then its text. The one exception is a definition, whose
    heading repeats the term that its text keeps, so there the heading is left out.
    """
    clauses = split_clauses(document)
    position = {c.id: i for i, c in enumerate(clauses)}
    for i, clause in enumerate(clauses):
        assert clause.id == f"c{i + 1}"
        if clause.parent is None:
            assert clause.level == 1
        else:
            assert position[clause.parent] < i
            assert clause.level == clauses[position[clause.parent]].level + 1
    owners = [i for c in clauses for i in c.paragraphs]
    assert len(owners) == len(set(owners))
    wanted = {p.index for p in document.paragraphs if p.text.strip() or p.label.strip()}
    assert set(owners) <= {p.index for p in document.paragraphs}
    assert {i for i in wanted if document.paragraphs[i].text.strip()} <= set(owners)
    for clause in clauses:
        source = [document.paragraphs[i] for i in clause.paragraphs]
        typed = clause.label if clause.label != source[0].label.strip() else ""
        heading = "" if clause.kind == "definition" else clause.heading
        mine = _WORD.findall(f"{typed} {heading} {clause.text}")
        assert mine == _WORD.findall(" ".join(p.text for p in source)), clause


def test_a_numbered_paragraph_after_a_lettered_list_in_markdown_follows_on_from_its_section(tmp_path):
    # Markdown starts every list at level 0, so "53." once read as the next item of the "(a)"/"(b)"
    # list and nested under 52.2 (its .docx twin was right). It follows on from "## 52." instead.
    path = tmp_path / "dpa.md"
    path.write_text(
        "# Data Processing Terms\n\n## 52. Security\n\n"
        "52.1 **Security Measures.** Provider will implement the Security Measures.\n\n"
        "52.2 **Customer Responsibilities.**\n\n"
        "(a) Customer is responsible for reviewing the information made available by Provider.\n\n"
        "(b) Customer is solely responsible for complying with notification laws.\n\n"
        "53. **Data Protection Impact Assessment.** Upon Customer's request, Provider will assist Customer.\n\n"
        "## 54. Data Subject Requests\n\nProvider will promptly notify Customer of any request.\n",
        encoding="utf-8")
    clauses = split_clauses(read_draft(path))
    section = by_number(clauses, "52")
    assessment = next(c for c in clauses if c.heading == "Data Protection Impact Assessment")
    assert (assessment.number, assessment.label, assessment.level) == ("53", "53.", section.level)
    assert assessment.parent == section.parent
    assert [c.number for c in clauses if c.parent == by_number(clauses, "52.2").id] == ["52.2(a)", "52.2(b)"]
