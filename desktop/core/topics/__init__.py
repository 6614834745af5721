"""Topic alignment: match the clauses of two unrelated drafts by subject, not by sequence.

Two vendors' papers share no history, so a redline between them would be noise. Instead the
clauses are paired by what they are about, in order of trust:
  1. the documents' titles with each other;
  2. top-level sections, scored on their headings (stems and canonical subjects, so
     "Defense of Claims" meets "Indemnification"), the words of their whole subtree and the
     playbook positions found in them;
  3. within each matched pair of sections, their children, recursively; a single clause
     matched with a whole section takes the section's children with it (one "merged"/"split"
     pair), since it says in one paragraph what the other side says in several;
  4. what is left, against what is left on the other side, through a rare-word and heading
     index (never all pairs), with a stricter threshold.
A heading may be written as the text's first words ("1.1. Services Term. OpenAI will …"), and
a clause's text may name the subject the other side's heading names ("Training" meets "will
not use Customer Content to develop or improve"). Within matched sections, a tentative pair
waits when either clause scores clearly better against another clause of the other draft,
and what is left meets what is left at any depth. A heading-only section stands for its
children, and no section's parts join a pair beyond _MOST_IN_PAIR clauses a side: a pair of
dozens of clauses says nothing. Measured against a lawyer's topic gold by
tests/benchmarks/eval_topics.py.
Each pair is labelled "same" (same subject), "partial" (related) or "one_side" (the other
draft has nothing on it), and says why it was matched (`Pair.reason`: "same position: …",
"same heading", "similar wording (62%)"). The CLI.md contract holds: every clause in exactly one pair, and
each pair's word diff rebuilds both texts.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from desktop.core.alignment import lone_pair
from desktop.core.diff import is_substantive, similarity, word_diff_noting
from desktop.core.model import Clause, Pair
from desktop.core.playbook import Playbook
from desktop.core.topics.side import Side, stem_index
from desktop.core.topics.words import cosine, overlap
from desktop.core.work import Progress, check_cancel

TOPIC_LABELS = ("same", "partial", "one_side")

_ALL_PAIRS = 2500  # score every pair of two clause lists up to this many pairs, else index
_SECTION_MIN = 0.3  # score a pair of top-level sections needs
_CHILD_MIN = 0.25  # within matched sections
_LEFTOVER_MIN = 0.4  # anywhere else
_POSITION_BONUS = 0.25  # both clauses answer the same playbook position
_NAMED = 0.7  # one clause's heading names the subject the other's text names
_CONCEPT_BONUS = 0.1  # both texts name the same subject ("train", "logo", "audit")
_CANDIDATES = 8  # best index candidates scored per clause
_MOST_IN_PAIR = 10  # clauses a section's parts may add to its pair with a single clause, a side
_UNHEADED = 0.8  # weight of a heading's words found in an unheaded clause's text
_RIVAL = 0.8  # within matched sections, a pair scoring under this share of a clause's best elsewhere waits
# A stem in more clauses than this says little about any one of them, and voting through it
# costs every clause that many steps: without a cap, 50,000 clauses took quadratic time. At
# 100 the votes still grew with repeated words (the growth test: ×2.53 per doubling on a quiet
# CI machine); at 32 they do not (×2.0), and the topic gold is unchanged (76/89, 36/48).
_MOST_POSTINGS = 32


class _Matcher:
    """The state of one topic alignment: both sides' features and the groups matched so far."""

    def __init__(self, a: Side, b: Side, cancel: threading.Event | None,
                 titles: dict[str, str] | None = None):
        self.a, self.b = a, b
        self.cancel = cancel
        self.titles = titles or {}  # position key -> its playbook title, for reasons
        self.reasons: list[str] = []  # why each group was matched, by group
        self.group_a: list[int | None] = [None] * len(a)
        self.group_b: list[int | None] = [None] * len(b)
        self.groups: list[tuple[list[int], list[int], str]] = []
        self.lopsided: list[tuple[int, int]] = []  # a section matched with a single clause

    def check(self) -> None:
        check_cancel(self.cancel)

    # -- scoring -----------------------------------------------------------------------------
    def score(self, i: int, j: int, whole: bool) -> tuple[float, str]:
        """Return the score of pairing A's clause i with B's clause j, and its label.

        `whole` scores sections on their whole subtree's words, not just their own text.
        """
        a, b = self.a, self.b
        ca, cb = a.clauses[i], b.clauses[j]
        head = max(overlap(a.head[i], b.head[j]), 0.9 * overlap(a.topic[i], b.topic[j]))
        if a.topic[i] & b.concepts[j] or b.topic[j] & a.concepts[i]:
            head = max(head, _NAMED)  # "Training" meets "… will not use Customer Content to develop or improve"
        # A section's own text is at most an opening ("Either party may terminate if:").
        use_tree = whole or not (a.text[i] and b.text[j]) or bool(a.children[i] or b.children[j])
        text = cosine(a.tree[i], b.tree[j]) if use_tree else cosine(a.text[i], b.text[j])
        pos = (a.tree_positions[i] & b.tree_positions[j]) if use_tree else (a.positions[i] & b.positions[j])
        if a.head[i] and b.head[j]:
            score = 0.5 * head + 0.5 * text
        elif a.head[i] or b.head[j]:
            # One side heads its clause ("Indemnity"), the other only says it ("You agree to
            # indemnify"): the heading's words in the other clause's text stand for its heading.
            words_a, words_b = (a.tree[i], b.tree[j]) if use_tree else (a.text[i], b.text[j])
            named, said, other = ((a.head[i], words_b, b) if a.head[i] else (b.head[j], words_a, a))
            named = named - other.common()  # "Customer Obligations": only "obligations" tells
            found = len(named & said) / len(named) if named else 0.0
            score = 0.5 * _UNHEADED * found + 0.5 * text
        else:
            score = text
        if pos:
            score += _POSITION_BONUS
        elif a.concepts[i] & b.concepts[j]:
            score += _CONCEPT_BONUS
        if (ca.kind == "definition") != (cb.kind == "definition"):
            score *= 0.6
        elif ("definitions" in a.topic[i]) != ("definitions" in b.topic[j]):
            score *= 0.75  # "Liability Definitions" is a glossary, not the liability clause
        same = head >= 0.9 or text >= 0.55 or score >= 0.6
        return score, "same" if same else "partial"

    def reason(self, i: int, j: int, whole: bool) -> str:
        """Return why A's clause i was paired with B's clause j, in a few plain words.

        Reads the same evidence as `score` (computed again only for the pairs accepted).
        """
        a, b = self.a, self.b
        use_tree = whole or not (a.text[i] and b.text[j]) or bool(a.children[i] or b.children[j])
        pos = (a.tree_positions[i] & b.tree_positions[j]) if use_tree else (a.positions[i] & b.positions[j])
        parts = []
        if pos:
            names = sorted(self.titles.get(k, k.replace("_", " ")) for k in pos)
            parts.append("same position: " + ", ".join(names[:2]) + (" …" if len(names) > 2 else ""))
        heads = overlap(a.head[i], b.head[j]) if a.head[i] and b.head[j] else 0.0
        subjects = 0.9 * overlap(a.topic[i], b.topic[j]) if a.topic[i] and b.topic[j] else 0.0
        if max(heads, subjects) >= 0.9:
            parts.append("same heading")
        elif a.topic[i] & b.concepts[j] or b.topic[j] & a.concepts[i]:
            parts.append("heading named in the other's text")
        elif max(heads, subjects) >= 0.4:
            parts.append("similar heading")
        text = cosine(a.tree[i], b.tree[j]) if use_tree else cosine(a.text[i], b.text[j])
        if text >= 0.2 or not parts:
            parts.append(f"similar wording ({round(100 * text)}%)")
        return " · ".join(parts)

    # -- matching ----------------------------------------------------------------------------
    def add(self, ia: list[int], jb: list[int], label: str, reason: str = "") -> None:
        g = len(self.groups)
        self.groups.append((ia, jb, label))
        self.reasons.append(reason)
        for i in ia:
            self.group_a[i] = g
        for j in jb:
            self.group_b[j] = g

    def rivals(self) -> None:
        """Note each clause's best score against any clause of the other draft (via the index)."""
        self.best_a = [0.0] * len(self.a)
        self.best_b = [0.0] * len(self.b)
        every_a, every_b = range(len(self.a)), range(len(self.b))
        pairs = ([(i, j) for i in every_a for j in every_b] if len(self.a) * len(self.b) <= _ALL_PAIRS
                 else self.indexed(every_a, every_b))
        for n, (i, j) in enumerate(pairs):
            if n % 256 == 0:
                self.check()
            score = self.score(i, j, False)[0]
            self.best_a[i] = max(self.best_a[i], score)
            self.best_b[j] = max(self.best_b[j], score)

    def greedy(self, candidates: list[tuple[float, int, int, str]], minimum: float,
               gate: bool = False, whole: bool = False) -> list[tuple[int, int]]:
        """Accept the best-scoring pairs above `minimum`, each clause at most once.

        With `gate`, a tentative ("partial") pair is refused when either clause has a clearly
        better match elsewhere in the other draft: a "Feedback" clause inside an IP section is not paired with the
        other side's "Training" clause just because their sections met.
        """
        accepted = []
        for score, i, j, label in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
            if score < minimum or self.group_a[i] is not None or self.group_b[j] is not None:
                continue
            if gate and label != "same" and score < _RIVAL * max(self.best_a[i], self.best_b[j]):
                continue
            self.add([i], [j], label, self.reason(i, j, whole))
            accepted.append((i, j))
        return accepted

    def match_lists(self, ia: Sequence[int], jb: Sequence[int], minimum: float, whole: bool,
                    gate: bool = False) -> list[tuple[int, int]]:
        """Match two lists of unmatched clauses; every pair scored when few, else via an index."""
        ia = [i for i in ia if self.group_a[i] is None]
        jb = [j for j in jb if self.group_b[j] is None]
        if not ia or not jb:
            return []
        if len(ia) * len(jb) <= _ALL_PAIRS:
            pairs = [(i, j) for i in ia for j in jb]
        else:
            pairs = self.indexed(ia, jb)
        candidates = []
        for n, (i, j) in enumerate(pairs):
            if n % 256 == 0:
                self.check()
            score, label = self.score(i, j, whole)
            candidates.append((score, i, j, label))
        return self.greedy(candidates, minimum, gate, whole)

    def indexed(self, ia: Sequence[int], jb: Sequence[int]) -> list[tuple[int, int]]:
        """Return candidate pairs sharing rare words, heading stems or positions (not all pairs)."""
        most = min(max(8, len(jb) // 20), _MOST_POSTINGS)
        words = stem_index(self.b, jb, most)
        heads: dict[frozenset[str], list[int]] = defaultdict(list)
        by_topic: dict[str, list[int]] = defaultdict(list)
        by_position: dict[str, list[int]] = defaultdict(list)
        by_head_stem: dict[str, list[int]] = defaultdict(list)
        for j in jb:
            if self.b.head[j]:
                heads[self.b.head[j]].append(j)
            for stem in self.b.head[j]:
                by_head_stem[stem].append(j)
            for topic in self.b.topic[j] | self.b.concepts[j]:
                by_topic[topic].append(j)
            for key in self.b.positions[j]:
                by_position[key].append(j)
        out: list[tuple[int, int]] = []
        for n, i in enumerate(ia):
            if n % 64 == 0:
                self.check()
            votes: dict[int, float] = defaultdict(float)
            for stem in sorted(self.a.text[i] | self.a.head[i]):  # one order: votes are sums of floats
                for j in words.get(stem, ()):
                    votes[j] += 1.0 / len(words[stem])
            best = sorted(votes, key=lambda j: (-votes[j], j))[:_CANDIDATES]
            chosen = set(best) | set(heads.get(self.a.head[i], ())[:_CANDIDATES])
            for topic in self.a.topic[i] | self.a.concepts[i]:
                chosen.update(by_topic[topic][:_CANDIDATES])
            for stem in self.a.head[i]:  # "Data Subject Requests" meets "Data Subjects"
                chosen.update(by_head_stem[stem][:_CANDIDATES])
            for key in self.a.positions[i]:
                chosen.update(by_position[key][:_CANDIDATES])
            out.extend((i, j) for j in sorted(chosen))
        return out

    def descend(self, start: list[tuple[int, int]]) -> None:
        """Match the children of each matched pair of sections, recursively."""
        queue = list(start)
        while queue:
            self.check()
            i, j = queue.pop()
            kids_a, kids_b = self.a.children[i], self.b.children[j]
            if kids_a and kids_b:
                queue.extend(self.match_lists(kids_a, kids_b, _CHILD_MIN, whole=False, gate=True))
            elif kids_a or kids_b:
                self.lopsided.append((i, j))

    def absorb(self, i: int, j: int) -> None:
        """Fold the unmatched subtree of a section into its pair with a single clause."""
        g = self.group_a[i]
        assert g is not None  # a lopsided pair is a matched pair
        ia, jb, label = self.groups[g]
        more_a = [k for k in self.a.descendants(i) if self.group_a[k] is None]
        more_b = [k for k in self.b.descendants(j) if self.group_b[k] is None]
        if len(ia) + len(more_a) > _MOST_IN_PAIR or len(jb) + len(more_b) > _MOST_IN_PAIR:
            return  # a pair of dozens of clauses says nothing: its parts stay one-sided
        self.groups[g] = (ia + more_a, jb + more_b, label)
        for k in more_a:
            self.group_a[k] = g
        for k in more_b:
            self.group_b[k] = g

    def promote(self) -> None:
        """Let a heading-only section stand for its children: a clause matched with one of them
        is matched with the section and its unmatched children, when the section is unmatched.
        """
        for g, (ia, jb, label) in enumerate(self.groups):
            for side, own, group_of in ((self.a, ia, self.group_a), (self.b, jb, self.group_b)):
                if len(own) != 1:
                    continue
                parent = side.parent[own[0]]
                if parent < 0 or group_of[parent] is not None or side.clauses[parent].text.strip():
                    continue
                rest = [k for k in side.descendants(parent) if group_of[k] is None]
                if any(group_of[k] not in (None, g) for k in side.descendants(parent)):
                    continue  # its other children found their own matches
                if 1 + len(own) + len(rest) > _MOST_IN_PAIR:
                    continue
                for k in [parent, *rest]:
                    group_of[k] = g
                own[:] = sorted([parent, *own, *rest])

    def run(self, progress: Progress | None) -> None:
        """Match titles, sections, their children, then what is left."""
        titles_a = [k for k, c in enumerate(self.a.clauses) if c.kind == "title"]
        titles_b = [k for k, c in enumerate(self.b.clauses) if c.kind == "title"]
        if titles_a and titles_b:
            self.add([titles_a[0]], [titles_b[0]], "same", "both documents' titles")
        self.rivals()
        if progress:
            progress(1, 4)
        sections = self.match_lists(self.a.roots(), self.b.roots(), _SECTION_MIN, whole=True)
        self.descend(sections)
        # Two drafts nest the same subject at different depths ("2.2 Notices to Customer" is a
        # subclause, "Promptly inform Customer" an item of a list): within each matched pair of
        # sections, what is left meets what is left at any depth. Each clause is under one
        # section, so this stays linear.
        for i, j in sections:
            self.descend(self.match_lists(self.a.descendants(i), self.b.descendants(j), _CHILD_MIN,
                                          whole=False, gate=True))
        self.promote()
        if progress:
            progress(2, 4)
        # Operative clauses first: a glossary's "Feedback" means … would otherwise take the
        # other side's feedback clause from this side's.
        for definitions in (False, True):
            rest_a = [i for i in range(len(self.a)) if self.group_a[i] is None
                      and (definitions or self.a.clauses[i].kind != "definition")]
            rest_b = [j for j in range(len(self.b)) if self.group_b[j] is None
                      and (definitions or self.b.clauses[j].kind != "definition")]
            self.descend(self.match_lists(rest_a, rest_b, _LEFTOVER_MIN, whole=False))
        # What a section says in parts that found no better match elsewhere goes with the
        # single clause that says it all at once.
        for i, j in self.lopsided:
            self.absorb(i, j)
        if progress:
            progress(3, 4)


def _pair(a: Sequence[Clause], b: Sequence[Clause], label: str, reason: str = "") -> Pair:
    """Return the Pair of clauses matched by topic, with its word diff and kind."""
    text_a, text_b = "".join(c.text for c in a), "".join(c.text for c in b)
    full_a, full_b = ("\n".join(f"{c.heading}\n{c.text}" for c in cs) for cs in (a, b))
    same = full_a == full_b
    if len(a) > 1:
        kind = "merged"
    elif len(b) > 1:
        kind = "split"
    else:
        kind = "unchanged" if same else "modified"
    diff, coarse = word_diff_noting(text_a, text_b)
    return Pair(
        kind=kind,
        a=tuple(c.id for c in a),
        b=tuple(c.id for c in b),
        substantive=not same and is_substantive(full_a, full_b),
        diff=diff,
        similarity=1.0 if same else similarity(full_a, full_b),
        topic=label,
        coarse=coarse,
        reason=reason,
    )


def _lone(clause: Clause, side: str) -> Pair:
    """Return the pair of a clause the other draft has nothing on: the lineage's lone pair, on one side."""
    return replace(lone_pair(clause, side), topic="one_side", reason="nothing on it in the other draft")


_PLAYBOOK: list[Playbook] = []


def default_playbook() -> Playbook:
    """Return the shipped playbook, read once."""
    from desktop.core.playbook import default_playbook_path, load_playbook

    if not _PLAYBOOK:
        _PLAYBOOK.append(load_playbook(default_playbook_path()))
    return _PLAYBOOK[0]


def _position_clauses(clauses: Sequence[Clause], playbook: Playbook) -> dict[str, set[str]]:
    """Return clause id -> the playbook position keys found in it."""
    from desktop.core.positions import find_positions

    out: dict[str, set[str]] = defaultdict(set)
    for finding in find_positions(tuple(clauses), playbook):
        for clause_id in finding.clauses:
            out[clause_id].add(finding.key)
    return out


def align_by_topic(
    a: Sequence[Clause],
    b: Sequence[Clause],
    *,
    playbook: Playbook | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> tuple[Pair, ...]:
    """Return the topic-aligned pairs of A's clauses with B's, in B's order.

    Every clause of A and of B is in exactly one pair. Matched pairs are "modified" or
    "unchanged" ("merged"/"split" when a clause meets a whole section), clauses only one
    side has are "deleted"/"inserted"; `Pair.topic` says "same", "partial" or "one_side", and
    `Pair.reason` why, in a few plain words.
    A clause of A the other side has nothing on follows the pair of the A clause before it.
    Clauses answering the same position of `playbook` (the shipped one when None) count as
    evidence of a match.
    """
    a, b = tuple(a), tuple(b)
    playbook = playbook if playbook is not None else default_playbook()
    if progress:
        progress(0, 4)
    matcher = _Matcher(Side.build(a, _position_clauses(a, playbook)),
                       Side.build(b, _position_clauses(b, playbook)), cancel,
                       {p.key: p.title for p in playbook.positions})
    matcher.run(progress)
    trailing: dict[int | None, list[int]] = defaultdict(list)
    last: int | None = None
    for i, g in enumerate(matcher.group_a):
        if g is None:
            trailing[last].append(i)
        else:
            last = g
    pairs = [_lone(a[i], "-") for i in trailing[None]]
    emitted: set[int] = set()
    for j, g in enumerate(matcher.group_b):
        if j % 64 == 0:
            matcher.check()
        if g is None:
            pairs.append(_lone(b[j], "+"))
        elif g not in emitted:
            emitted.add(g)
            ia, jb, label = matcher.groups[g]
            pairs.append(_pair([a[i] for i in sorted(ia)], [b[k] for k in sorted(jb)], label,
                               matcher.reasons[g]))
            pairs.extend(_lone(a[i], "-") for i in trailing[g])
    if progress:
        progress(4, 4)
    return tuple(pairs)
