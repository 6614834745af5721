"""The compare view's rows as a lawyer reads them: titles, each side's own numbers, headings and bullets."""

from __future__ import annotations

from desktop.core.model import Clause, Pair
from desktop.display.compare_rows import blocks_of, cite_of, first_words, make_row, numbers_of, title_of

LONG = ("GitHub Enterprise Cloud users may have access to the following Additional Products and Features: "
        "Actions, Advanced Security, Codespaces and Pages.")


def clause(cid: str, *, label: str = "", number: str = "", heading: str = "", text: str = "", level: int = 1,
           kind: str = "clause") -> Clause:
    return Clause(id=cid, label=label, number=number, heading=heading, level=level, parent=None, text=text,
                  kind=kind)  # type: ignore[arg-type]


def test_a_paragraph_without_number_or_heading_is_named_by_its_first_words():
    title = title_of([clause("c1", text=LONG)])
    assert "Paragraph without a number" not in title
    assert title.startswith("GitHub Enterprise Cloud users may have") and title.endswith("…")
    assert len(title) <= 60 and not title[:-1].endswith(" ")  # cut at a word
    assert title_of([clause("c1", text="Cryptomining;")]) == "Cryptomining;"
    # Only with nothing at all to show is there a placeholder.
    assert title_of([clause("c1")]) == "Paragraph without a number"


def test_a_bullet_is_a_list_item_and_never_a_number():
    for bullet in ("•", "-", "*", "◦", "▪"):
        item = clause("c2", label=bullet, text=LONG, level=2)
        assert cite_of(item) == ""
        assert not title_of([item]).startswith(bullet)
        row = make_row(Pair("inserted", (), ("c2",), True), (), (item,), by_topic=False)
        assert row.number == "" and row.heading.startswith("GitHub Enterprise Cloud")
        (block,) = blocks_of([item])
        assert block.style == "item" and block.lead in ("•", bullet) and block.text == LONG
    # A real label still cites when the number could not be built from it.
    assert cite_of(clause("c3", label="Section 4")) == "Section 4"


def test_a_topic_row_says_whose_number_is_whose():
    a = (clause("a1", label="4.2", number="4.2", heading="Cap", text="Capped at fees."),)
    b = (clause("b1", label="3.", number="3", heading="Limits", text=""),
         clause("b2", label="•", text="No indirect damages.", level=2),
         clause("b3", label="3.1", number="3.1", text="Capped at twelve months.", level=2))
    row = make_row(Pair("modified", ("a1",), ("b1", "b2", "b3"), True, topic="same", similarity=0.2), a, b, True)
    assert row.number == "A: 4.2 · B: 3–3.1"
    only_b = make_row(Pair("inserted", (), ("b3",), True, topic="one_side"), (), (b[2],), True)
    assert only_b.number == "B: 3.1" and only_b.words == "Only in B"
    # A side whose clauses have no number is left out rather than borrowing the other's.
    unnumbered = make_row(Pair("modified", ("a1",), ("b2",), True, topic="partial", similarity=0.1),
                          a, (b[1],), True)
    assert unnumbered.number == "A: 4.2"
    assert numbers_of(()) == ""


def test_blocks_show_headings_as_headings_and_sub_clauses_indented():
    blocks = blocks_of([
        clause("b1", label="3.", number="3", heading="Limits", level=1, kind="section"),
        clause("b2", label="•", text="No indirect damages.", level=2),
        clause("b3", label="3.1", number="3.1", heading="Cap", text="Capped at fees.", level=2),
        clause("b4", text="Plain words.", level=3),
    ])
    assert [(b.style, b.lead, b.depth) for b in blocks] == [
        ("heading", "3", 0), ("item", "•", 1), ("text", "3.1", 1), ("text", "", 2)]
    assert blocks[0].heading == "Limits" and blocks[2].heading == "Cap" and blocks[2].text == "Capped at fees."


def test_first_words_keeps_short_text_and_elides_long_text():
    assert first_words("  Version  Effective\nDate ") == "Version Effective Date"
    assert first_words("x" * 200).endswith("…") and len(first_words("x" * 200)) <= 60


def test_a_key_position_shows_each_sides_values_and_stars_the_better_for_us():
    from desktop.core.playbook import default_playbook_path, load_playbook
    from desktop.display.compare_rows import position_clauses, values_at

    playbook = load_playbook(default_playbook_path())
    a = (clause("c1", label="9.", number="9", heading="Limitation of Liability",
                text="Each party's total liability is capped at the fees paid in the 12 months before the claim."),)
    b = (clause("c1", label="7.", number="7", heading="Limitation of Liability",
                text="Each party's total liability is capped at the fees paid in the 3 months before the claim."),)
    cap = next(p for p in position_clauses(a, b, playbook) if p.key == "liability_cap")
    assert "12" in cap.a_value and "3" in cap.b_value
    # A customer wants the higher cap, a vendor the lower.
    assert cap.better("customer") == "a" and cap.better("vendor") == "b"
    assert cap.values_text("customer").startswith(f"{cap.title} — A: ★ ")
    assert "B: ★ " in cap.values_text("vendor") and "A: ★" not in cap.values_text("vendor")
    row = make_row(Pair("modified", ("c1",), ("c1",), True, topic="same", similarity=0.9), a, b, True)
    assert values_at([row], [cap]) == {0: (cap,)}
    lineage = make_row(Pair("modified", ("c1",), ("c1",), True), a, b, False)
    assert values_at([lineage], [cap]) == {}  # two rounds of one draft: the positions pane says it
