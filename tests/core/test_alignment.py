"""Clause alignment: every clause once, diffs that rebuild, and the right kind for each pair."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.alignment import align
from desktop.core.diff import side_a, side_b
from desktop.core.model import PAIR_KINDS, Cancelled, Clause

VOCABULARY = (
    "customer provider fees invoice liability cap months data security audit notice term "
    "termination licence model weights output training confidential party agreement law "
    "court indemnify claim breach days hours deletion warranty service support 12 24 30"
).split()


def draft(nodes: list[tuple[int, str, str]]) -> tuple[Clause, ...]:
    """Return clauses for (level, heading, text) nodes, numbered "1", "1.2", "1.2.3" by place."""
    clauses, counters, parents = [], [0, 0, 0, 0], [None, None, None, None]
    for k, (level, heading, text) in enumerate(nodes, start=1):
        counters[level - 1] += 1
        counters[level:] = [0] * (len(counters) - level)
        number = ".".join(str(n) for n in counters[:level])
        parents[level] = f"c{k}"
        clauses.append(
            Clause(id=f"c{k}", label=f"{counters[level - 1]}.", number=number, heading=heading,
                   level=level, parent=parents[level - 1], text=text)
        )
    return tuple(clauses)


def texts(clauses, ids):
    by_id = {c.id: c for c in clauses}
    return "".join(by_id[i].text for i in ids)


def check_invariants(a, b, pairs):
    """Assert the CLI.md contract: each clause once, B's order kept, diffs rebuild the texts.

    Pairs follow B's order by their first B clause (a split's second part may come later).
    """
    assert sorted(i for p in pairs for i in p.a) == sorted(c.id for c in a)
    assert sorted(j for p in pairs for j in p.b) == sorted(c.id for c in b)
    place = {c.id: k for k, c in enumerate(b)}
    firsts = [place[p.b[0]] for p in pairs if p.b]
    assert firsts == sorted(firsts)
    for p in pairs:
        assert p.kind in PAIR_KINDS
        assert side_a(p.diff) == texts(a, p.a)
        assert side_b(p.diff) == texts(b, p.b)
        assert 0.0 <= p.similarity <= 1.0
        assert (p.kind == "inserted") == (not p.a)
        assert (p.kind == "deleted") == (not p.b)


def kinds_by_a(pairs):
    return {p.a[0] if p.a else p.b[0]: p.kind for p in pairs}


# --- Properties -----------------------------------------------------------------------------

sentences = st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=14).map(" ".join)
nodes = st.lists(
    st.tuples(st.integers(1, 3), st.sampled_from(["", "Fees", "Liability", "Audit", "Term"]), sentences),
    max_size=30,
).map(lambda ns: [(1 if k == 0 else min(level, ns[k - 1][0] + 1), h, t) for k, (level, h, t) in enumerate(ns)])


def edited(base: list[tuple[int, str, str]], rnd) -> list[tuple[int, str, str]]:
    """Return `base` after a few random edits, moves, insertions, deletions and restyles."""
    out = list(base)
    for _ in range(rnd.randint(0, 8)):
        op = rnd.choice(["edit", "delete", "insert", "move", "cosmetic", "heading"])
        if not out and op != "insert":
            continue
        k = rnd.randrange(len(out)) if out else 0
        if op == "edit":
            level, heading, text = out[k]
            words = text.split() or [""]
            words[rnd.randrange(len(words))] = rnd.choice(VOCABULARY)
            out[k] = (level, heading, " ".join(words))
        elif op == "delete":
            del out[k]
        elif op == "insert":
            out.insert(k, (rnd.randint(1, 3), "", " ".join(rnd.choices(VOCABULARY, k=6))))
        elif op == "move":
            out.insert(rnd.randrange(len(out)), out.pop(k))
        elif op == "cosmetic":
            level, heading, text = out[k]
            out[k] = (level, heading, text.upper() + ".")
        else:
            level, heading, text = out[k]
            out[k] = (level, heading + " and More", text)
    return [(1 if k == 0 else min(level, out[k - 1][0] + 1), h, t) for k, (level, h, t) in enumerate(out)]


@settings(max_examples=200, deadline=None)
@given(nodes, st.randoms(use_true_random=False))
def test_random_edits_keep_every_clause_once_and_diffs_rebuild(base, rnd):
    a, b = draft(base), draft(edited(base, rnd))
    check_invariants(a, b, align(a, b))


@settings(max_examples=100, deadline=None)
@given(nodes, nodes)
def test_unrelated_drafts_keep_every_clause_once(base_a, base_b):
    a, b = draft(base_a), draft(base_b)
    check_invariants(a, b, align(a, b))


@settings(max_examples=100, deadline=None)
@given(nodes)
def test_identical_drafts_are_all_unchanged(base):
    a = draft(base)
    pairs = align(a, list(a))
    check_invariants(a, a, pairs)
    assert all(p.kind == "unchanged" and not p.substantive for p in pairs)
    assert [p.a for p in pairs] == [p.b for p in pairs]


# --- Examples -------------------------------------------------------------------------------

CSA = [
    (1, "Service", ""),
    (2, "Access and Use", "Customer may access and use the Cloud Service for its internal business purposes."),
    (2, "Support", "Provider will provide Technical Support as described in the Order Form."),
    (1, "Professional Services", "Provider will perform the Professional Services described in an SOW."),
    (1, "Limitation of Liability", ""),
    (2, "Liability Caps", "Each party's total cumulative liability will not be more than 12 months of fees."),
    (2, "Damages Waiver", "Neither party will be liable for lost profits or consequential damages."),
    (1, "Governing Law", "The laws of the State of New York govern this Agreement."),
]


def test_renumbered_section_is_renumbered_not_deleted_and_inserted():
    a = draft(CSA)
    b = draft([n for n in CSA if n[1] != "Professional Services"])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    kinds = kinds_by_a(pairs)
    assert kinds["c4"] == "deleted"
    # Section 3 went, so 4 (Limitation of Liability) became 3 and 4.1 became 3.1, and so on.
    assert [kinds[f"c{k}"] for k in (5, 6, 7, 8)] == ["renumbered"] * 4
    assert not any(p.substantive for p in pairs if p.kind == "renumbered")
    assert [kinds[f"c{k}"] for k in (1, 2, 3)] == ["unchanged"] * 3


def test_inserted_section_renumbers_everything_after_it():
    a = draft(CSA)
    b = draft(CSA[:3] + [(1, "Machine Learning", "Usage Data may be used to train models.")] + CSA[3:])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    inserted = [p for p in pairs if p.kind == "inserted"]
    assert [p.b for p in inserted] == [("c4",)] and inserted[0].substantive
    assert {p.kind for p in pairs if p.a and int(p.a[0][1:]) >= 4} == {"renumbered"}


def test_renumbered_with_edits_stays_renumbered_and_shows_the_edit():
    a = draft(CSA)
    changed = [n for n in CSA if n[1] != "Professional Services"]
    changed[4] = (2, "Liability Caps", changed[4][2].replace("12", "24"))
    pairs = align(a, draft(changed))
    cap = next(p for p in pairs if p.a == ("c6",))
    assert cap.kind == "renumbered" and cap.substantive
    assert ("-", "12") in cap.diff and ("+", "24") in cap.diff


def test_modified_cap_is_substantive():
    a = draft(CSA)
    b = draft([(lv, h, t.replace("12 months", "24 months")) for lv, h, t in CSA])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    cap = next(p for p in pairs if p.a == ("c6",))
    assert cap.kind == "modified" and cap.substantive
    assert cap.diff == (
        ("=", "Each party's total cumulative liability will not be more than "),
        ("-", "12"),
        ("+", "24"),
        ("=", " months of fees."),
    )
    assert all(p.kind == "unchanged" for p in pairs if p is not cap)


@pytest.mark.parametrize(
    "restyle",
    [
        lambda t: t.replace(" ", "  "),
        lambda t: t.rstrip("."),
        lambda t: t.upper(),
        lambda t: t.replace("'", "\u2019"),
    ],
)
def test_cosmetic_change_is_modified_but_not_substantive(restyle):
    a = draft(CSA)
    b = draft([(lv, h, restyle(t)) for lv, h, t in CSA])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    assert {p.kind for p in pairs} <= {"modified", "unchanged"}
    assert not any(p.substantive for p in pairs)


def test_clause_moved_to_the_end_is_moved():
    a = draft(CSA)
    b = draft(CSA[:3] + CSA[4:] + [CSA[3]])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    kinds = kinds_by_a(pairs)
    assert kinds["c4"] == "moved"
    assert list(kinds.values()).count("moved") == 1
    assert "deleted" not in kinds.values() and "inserted" not in kinds.values()


def test_clause_moved_to_another_parent_is_moved():
    a = draft(CSA)
    b = draft(CSA[:2] + [CSA[6], CSA[2]] + CSA[3:6] + CSA[7:])
    kinds = kinds_by_a(align(a, b))
    assert kinds["c7"] == "moved"  # Damages Waiver now sits under Service
    assert kinds["c3"] == "renumbered"  # Support kept its place among its siblings


def test_moved_section_carries_its_children_without_moving_them():
    a = draft(CSA)
    b = draft(CSA[4:7] + CSA[:4] + CSA[7:])  # Limitation of Liability now comes first
    kinds = kinds_by_a(align(a, b))
    assert {k for k, v in kinds.items() if v == "moved"} == {"c5"}
    # Its sub-clauses kept their parent and their place, and only their numbers changed.
    assert kinds["c6"] == kinds["c7"] == kinds["c2"] == kinds["c3"] == "renumbered"


def test_deleted_clause_follows_its_preceding_neighbour():
    a = draft(CSA)
    b = draft(CSA[:2] + CSA[3:])
    pairs = align(a, b)
    order = [p.a[0] if p.a else p.b[0] for p in pairs]
    assert order.index("c3") == order.index("c2") + 1
    deleted = next(p for p in pairs if p.a == ("c3",))
    assert deleted.kind == "deleted" and deleted.substantive
    assert deleted.diff == (("-", CSA[2][2]),)


def test_deleted_clause_stays_put_when_its_neighbour_moves_away():
    a = draft(CSA)
    b = draft(CSA[:2] + CSA[4:] + [CSA[2]])  # Support moves to the end, Professional Services goes
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    order = [p.a[0] if p.a else p.b[0] for p in pairs]
    assert kinds_by_a(pairs)["c3"] == "moved" and kinds_by_a(pairs)["c4"] == "deleted"
    assert order.index("c4") == order.index("c2") + 1


def test_deleted_first_clause_comes_first():
    a = draft(CSA)
    pairs = align(a, draft(CSA[1:]))
    assert pairs[0].a == ("c1",) and pairs[0].kind == "deleted"
    assert pairs[0].diff == () and pairs[0].substantive  # a heading alone still says something


def test_empty_inserted_clause_has_no_diff_and_is_not_substantive():
    a = draft(CSA)
    pairs = align(a, draft(CSA + [(1, "", "")]))
    assert pairs[-1].kind == "inserted" and pairs[-1].diff == () and not pairs[-1].substantive


def test_duplicate_texts_pair_up_in_place():
    base = [(1, "", "[Reserved]"), (1, "Fees", "Customer pays the fees."), (1, "", "[Reserved]"),
            (1, "Term", "The term is one year."), (1, "", "[Reserved]")]
    a, b = draft(base), draft(base[:2] + base[3:])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    assert [p.kind for p in pairs].count("deleted") == 1
    assert {p.kind for p in pairs} == {"unchanged", "renumbered", "deleted"}


def test_reworded_clause_in_place_is_modified():
    a = draft(CSA)
    b = draft(
        [(lv, h, t.replace("lost profits or consequential damages", "lost revenues, profits or indirect damages"))
         for lv, h, t in CSA]
    )
    pairs = align(a, b)
    waiver = next(p for p in pairs if p.a == ("c7",))
    assert waiver.kind == "modified" and waiver.b == ("c7",) and 0.5 < waiver.similarity < 1


def test_split_clause_is_split():
    cap = "If there are Increased Claims, liability is capped at the Increased Cap Amount. "
    rest = "For all other claims, liability is capped at the General Cap Amount."
    a = draft([(1, "Fees", "Customer pays the fees."), (1, "Liability Caps", cap + rest)])
    b = draft([(1, "Fees", "Customer pays the fees."), (1, "Liability Caps", ""), (2, "", cap), (2, "", rest)])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    split = next(p for p in pairs if p.a == ("c2",))
    assert split.kind == "split" and split.b == ("c2", "c3", "c4")


def test_merged_clauses_are_merged():
    one, two = "Customer pays all fees on time. ", "Late fees accrue interest at one percent monthly."
    a = draft([(1, "Fees", one), (1, "", two), (1, "Term", "The term is one year.")])
    b = draft([(1, "Fees", one + two), (1, "Term", "The term is one year.")])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    assert pairs[0].kind == "merged" and pairs[0].a == ("c1", "c2") and not pairs[0].substantive


def test_rewritten_clause_under_the_same_heading_in_place_is_modified():
    a = draft(CSA)
    b = draft([(lv, h, "Notwithstanding anything else, Provider's aggregate exposure is unlimited for data breaches and USD 5,000 otherwise.")
               if h == "Liability Caps" else (lv, h, t) for lv, h, t in CSA])
    cap = next(p for p in align(a, b) if p.a == ("c6",))
    assert cap.kind == "modified" and cap.b == ("c6",) and cap.similarity < 0.5 and cap.substantive


def test_rewritten_clause_spread_over_a_lead_in_and_items_is_split():
    old = ("Either party may terminate this Agreement if the other party (a) fails to cure a material "
           "breach within 30 days after notice, or (b) becomes the debtor in bankruptcy proceedings.")
    a = draft([(1, "Fees", "Customer pays the fees."), (1, "Termination", old), (1, "Law", "New York law governs.")])
    b = draft([(1, "Fees", "Customer pays the fees."),
               (1, "Termination", "Either party may terminate the Framework Terms immediately:"),
               (2, "", "if the other party fails to cure a material breach within 30 days after notice;"),
               (2, "", "if the other party becomes the debtor in bankruptcy proceedings."),
               (1, "Law", "New York law governs.")])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    assert [(p.kind, p.b) for p in pairs if p.a == ("c2",)] == [("split", ("c2", "c3", "c4"))]


def test_unrelated_clause_is_not_forced_into_a_match():
    a = draft([(1, "Fees", "Customer pays the fees within thirty days."), (1, "Law", "New York law governs.")])
    b = draft([(1, "Fees", "Customer pays the fees within thirty days."),
               (1, "Audit", "Provider may audit Customer records once a year with notice.")])
    kinds = [p.kind for p in align(a, b)]
    assert sorted(kinds) == ["deleted", "inserted", "unchanged"]


def test_empty_inputs():
    assert align([], []) == ()
    a = draft(CSA)
    assert {p.kind for p in align(a, [])} == {"deleted"}
    assert {p.kind for p in align([], a)} == {"inserted"}


def test_progress_reaches_the_end_and_cancel_stops():
    seen = []
    align(draft(CSA), draft(CSA[1:]), progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] and seen == sorted(seen)
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        align(draft(CSA), draft(CSA), cancel=stop)


def test_the_unit_weight_shortcut_picks_what_the_weighted_search_picks():
    import random

    from desktop.core.alignment.state import heaviest_increasing

    rng = random.Random(7)
    for trial in range(3000):
        n = rng.randint(0, 40)
        # Distinct values (anchors' positions) and repeated ones (equal values never both kept).
        values = rng.sample(range(200), n) if trial % 2 else [rng.randint(0, 9) for _ in range(n)]
        fast = heaviest_increasing(values, [1] * n)  # patience sorting
        weighted = heaviest_increasing(values, [2] * n)  # the Fenwick tree, same choice
        assert fast == weighted, values
        kept = [values[k] for k in sorted(fast)]
        assert kept == sorted(set(kept))


def test_a_part_is_found_in_a_huge_paragraph_by_its_words_as_partial_ratio_would():
    from rapidfuzz import fuzz

    from desktop.core.alignment.split import PART_FOUND, PARTIAL_RATIO_BUDGET, _found_in

    words = [f"w{i % 997}x{i // 997}" for i in range(6000)]  # a web page's text run into one paragraph
    whole = " ".join(words)
    kept = " ".join(words[2000:2400])
    edited = " ".join(words[2000:2400:2] + ["inserted"] * 10)
    foreign = " ".join(f"other{i}" for i in range(400))
    assert len(kept) * len(whole) > PARTIAL_RATIO_BUDGET  # the long path is the one tested
    assert _found_in(kept, whole) and not _found_in(foreign, whole)
    assert not _found_in(edited, whole)  # half its trigrams are new
    short = " ".join(words[10:20])
    small = " ".join(words[:60])
    assert _found_in(short, small) == (fuzz.partial_ratio(short, small, score_cutoff=100 * PART_FOUND) > 0)
