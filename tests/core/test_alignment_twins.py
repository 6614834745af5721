"""Alignment misses found on held-out generated pairs, each rebuilt small by hand: twins whose
fates came out swapped, a one-word clause that moved, a split with a clause inserted between
its halves, and a merged part taken by a look-alike far away."""

from __future__ import annotations

from desktop.core.alignment import align
from tests.core.test_alignment import check_invariants, draft
from tests.core.test_alignment_cases import sentence


def by_a(pairs):
    return {p.a: p for p in pairs if p.a}


def terms(k: int, users: str) -> list[tuple[int, str, str]]:
    """Return one copy of a short set of terms (a document repeats them as an exhibit)."""
    return [(1, f"Exhibit {k}", ""), (2, "Service", sentence(20 + k)), (2, "Users", users),
            (2, "Affiliates", sentence(40)), (2, "Data", sentence(41))]


def test_identical_twins_keep_the_fates_their_neighbours_agree_with():
    # "Users" appears word for word in both copies. B moves the first copy's "Users" into the
    # second copy, just after its "Affiliates", and edits the second copy's "Users" in place.
    users = sentence(30, 24)
    a = draft(terms(1, users) + terms(2, users))
    first, second = terms(1, users), terms(2, users)
    del first[2]
    second[2] = (2, "Users", users.replace("audit", "written audit", 1))
    second.insert(4, (2, "Users", users))
    b = draft(first + second)
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    found = by_a(pairs)
    assert (found[("c3",)].kind, found[("c3",)].b) == ("moved", ("c9",))
    assert (found[("c8",)].kind, found[("c8",)].b) == ("modified", ("c7",))
    assert found[("c9",)].kind == "unchanged"


def test_one_word_clause_moves_when_its_twin_was_merged_away():
    lead = sentence(50, 20)
    a = draft([(1, "Data Protection", ""), (2, "", lead), (2, "", "Scope"), (2, "Nature", sentence(51)),
               (1, "Exhibit", ""), (2, "", sentence(52)), (2, "", "Scope"), (2, "Security", sentence(53))])
    # The first "Scope" moves to the exhibit's end; the exhibit's "Scope" joins the clause before.
    b = draft([(1, "Data Protection", ""), (2, "", lead), (2, "Nature", sentence(51)),
               (1, "Exhibit", ""), (2, "", f"{sentence(52)} Scope"), (2, "Security", sentence(53)),
               (2, "", "Scope")])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    found = by_a(pairs)
    assert (found[("c3",)].kind, found[("c3",)].b) == ("moved", ("c7",))
    assert found[("c6", "c7")].kind == "merged"


DISCLOSURES = ("The recipient may disclose Confidential Information to its employees, agents, advisors, "
               "contractors and other representatives who need to know it for the Purpose and who are bound "
               "by confidentiality obligations at least as protective as these.")
# Another set of terms' "Permitted Disclosures": the same opening, then other words (~0.4 alike).
LOOK_ALIKE = ("Recipient may disclose Confidential Information to its Users and Affiliates who need to know "
              "it, only as this Exhibit permits, after written notice and subject to the security measures "
              "of Attachment B.")
DISPUTE = ("Either party may bring a good-faith disagreement over charges before an arbitrator seated in "
           "Delaware within sixty days.")


def test_split_parts_may_have_a_new_clause_between_them():
    first, second = sentence(60, 16), sentence(61, 16)
    a = draft([(1, "Security", ""), (2, "Contact", f"{first} {second}"), (2, "Measures", sentence(62))])
    b = draft([(1, "Security", ""), (2, "Contact", first), (2, "Payment Dispute", DISPUTE),
               (2, "", second), (2, "Measures", sentence(62))])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    found = by_a(pairs)
    assert (found[("c2",)].kind, found[("c2",)].b) == ("split", ("c2", "c4"))
    assert [p.b for p in pairs if p.kind == "inserted"] == [("c3",)]


def test_merged_part_is_not_taken_by_a_look_alike_far_away():
    filler = [(2, f"Item {k}", sentence(80 + k)) for k in range(8)]
    a = draft([(1, "Confidentiality", ""), (2, "Use and Protection", sentence(72)),
               (2, "Permitted Disclosures", DISCLOSURES), (2, "Remedies", sentence(73)),
               (1, "Pages", ""), *filler])
    b = draft([(1, "Confidentiality", ""),
               (2, "Use and Protection", f"{sentence(72)} Permitted Disclosures. {DISCLOSURES}"),
               (2, "Remedies", sentence(73)), (1, "Pages", ""), *filler[:4],
               (2, "Permitted Disclosures", LOOK_ALIKE), *filler[4:]])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    found = by_a(pairs)
    assert (found[("c2", "c3")].kind, found[("c2", "c3")].b) == ("merged", ("c2",))
    assert [p.b for p in pairs if p.kind == "inserted"] == [("c9",)]


def test_twins_citing_their_own_sections_are_told_apart_by_the_citations():
    # Two copies of a Confidentiality section, each "Remedies" citing its own section. B inserts
    # a section first (1 → 2, 3 → 4), moves copy 1's Remedies into copy 2, just before copy 2's
    # own (after a new clause), and edits it: its citation names its old section, renumbered.
    remedies = "Breach of this Section {} may cause substantial harm for which damages are no remedy."
    exclusions = sentence(90, 20)
    a = draft([(1, "Confidentiality", ""), (2, "Exclusions", exclusions), (2, "Remedies", remedies.format(1)),
               (1, "Fees", ""), (2, "Invoices", sentence(91)),
               (1, "Confidentiality", ""), (2, "Exclusions", exclusions), (2, "Remedies", remedies.format(3))])
    b = draft([(1, "Security", ""), (2, "Measures", sentence(92)),
               (1, "Confidentiality", ""), (2, "Exclusions", exclusions),
               (1, "Fees", ""), (2, "Invoices", sentence(91)),
               (1, "Confidentiality", ""), (2, "Exclusions", exclusions), (2, "Changes", sentence(93)),
               (2, "Remedies", remedies.format(2).replace("substantial", "exclusive substantial")),
               (2, "Remedies", remedies.format(4))])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    found = by_a(pairs)
    assert (found[("c3",)].kind, found[("c3",)].b) == ("moved", ("c10",))
    assert (found[("c8",)].kind, found[("c8",)].b) == ("renumbered", ("c11",))
