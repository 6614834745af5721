"""Which playbook positions a draft addresses: the clauses, the evidence sentences and their values.

Detection works sentence by sentence, in two steps.

1. Cues (the playbook's `.cues.toml`). For each sentence it notes
   - which positions a cue term matches;
   - which positions a heading above it names — the clause's own heading or an ancestor's,
     which is how the clause's place in the tree counts — or a term it uses that the draft
     defines under such a name ("Liability Cap" means …). Under such a heading or defined
     term, the position's context terms (written with a leading "~") count too: "exceed"
     means a liability cap only inside a limitation-of-liability clause.
   An exclude pattern vetoes the position for that sentence. Titles inside cross-references
   ("Section 8 (Limitation of Liability)") are blanked first, so a survival clause that lists
   section titles is not mistaken for those sections.
2. Decision. Positions the shipped model knows (position_model.py, trained on CUAD) are
   decided by its score over the sentence's words, its headings, and the cue hits of the
   sentence, its neighbours and its clause — for sentences the cues point at in some way;
   the others by the cues alone (a term hit, or a context hit under a naming heading or
   defined term). A sentence the model finds brings along an immediate neighbour in its
   clause that passes the model's much lower neighbour threshold: lawyers' snippets often run
   over two or three sentences. A position's exclude patterns veto it either way.

Headings and table-of-contents lines are never evidence. Regular expressions are compiled
once per playbook object, and each is tried only on sentences holding the words it needs.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.core.model import Clause, Evidence, Finding
from desktop.core.playbook import Playbook, PositionSpec, default_playbook_path
from desktop.core.positions.cues import CueIndex, CuePattern, compile_cue
from desktop.core.positions.scoring import PositionModel, features, length_feature, load_model, sentence_words
from desktop.core.positions.sentences import blank_reference_titles, sentence_spans
from desktop.core.values import extract_values
from desktop.core.values.draft_terms import DraftTerms

_ANCESTOR_DEPTH = 3  # how many headings up the tree still say what a clause is about
_MIN_WORDS = 5  # a shorter sentence is a heading or a fragment, never evidence
_TITLE_WORD = re.compile(r"\b[A-Z][a-z]+\b")
_LOWER_WORD = re.compile(r"\b[a-z]{4,}\b")
_CAPS_WORD = re.compile(r"\b[A-Z]{2,}\b")
_HEADING_WORD = re.compile(r"[a-z]+")
_PROSE = re.compile(r"[a-z]{2,} [a-z]{2,} [a-z]{3,}")


def _title_like(sentence: str) -> bool:
    """Return whether a sentence reads as a heading or a contents line rather than prose."""
    if len(sentence.split()) < _MIN_WORDS:
        return True
    if _PROSE.search(sentence):
        return False  # three lower-case words in a row: prose, the common case, decided quickly
    titled = len(_TITLE_WORD.findall(sentence))
    if titled < 3:
        return False
    lower = len(_LOWER_WORD.findall(sentence))
    # "Limitation of Consequential Damages EXCEPT FOR …" is a clause in capitals, not a title.
    return lower <= titled // 3 and len(_CAPS_WORD.findall(sentence)) < titled


def _shouted(text: str) -> bool:
    """Return whether a sentence is set in capitals, as US disclaimers and caps often are."""
    return text[:80].isupper()


@dataclass(frozen=True)
class _Slot:
    """What one pattern of the detector's flat list is: whose, which kind, and its model feature."""

    position: int
    kind: str  # "term", "context" or "exclude"
    feature: str  # "p:liability_cap:1a2b3c4d", stable while the pattern's text is unchanged


@dataclass(slots=True)
class Sentence:
    """One sentence of a clause and what the cues say about it (positions by playbook index)."""

    clause: str
    start: int
    end: int
    text: str  # with cross-reference titles blanked
    lower: str
    words: list[str]
    word_set: set[str]
    headed: frozenset[int]  # positions a heading above it names
    heading_words: frozenset[str]
    terms: set[int] = field(default_factory=set)
    context: set[int] = field(default_factory=set)  # "~" terms under a naming heading or defined term
    defined: set[int] = field(default_factory=set)  # uses a term defined under a name the position's headings match
    excluded: set[int] = field(default_factory=set)
    patterns: list[int] = field(default_factory=list)  # which term/context patterns matched (flat list)

    def cued(self) -> set[int]:
        """Return the positions whose own cue terms establish this sentence."""
        return (self.terms - self.excluded) | self.context


class Detector:
    """The positions of one playbook, compiled, ready to run over any number of drafts."""

    def __init__(self, playbook: Playbook, model: PositionModel | None = None) -> None:
        self.playbook = playbook
        self.specs = playbook.positions
        self.keys = tuple(spec.key for spec in self.specs)
        # Cue feature names by kind and position, made once: "t:liability_cap", "g:audit_rights", …
        self._names = {kind: [f"{kind}:{key}" for key in self.keys] for kind in "tcdgknx"}
        # Heading patterns one by one, with the position each names.
        self.heading_patterns: list[CuePattern] = []
        self.heading_owner: list[int] = []
        # Every term, context and exclude pattern of every position, in one flat list.
        self.patterns: list[CuePattern] = []
        self.slots: list[_Slot] = []
        for i, spec in enumerate(self.specs):
            for pattern in spec.cues.headings:
                compiled = _compiled(pattern)
                if compiled is not None:
                    self.heading_patterns.append(compiled)
                    self.heading_owner.append(i)
            for term in spec.cues.terms:
                self._add_pattern(term.removeprefix("~"), i, "context" if term.startswith("~") else "term")
            for term in spec.cues.exclude:
                self._add_pattern(term, i, "exclude")
        self.model = model
        known = set(model.keys) if model is not None else set()
        # The model decides only the shipped positions it was trained on.
        self.modelled = {i for i, spec in enumerate(self.specs) if spec.key in known and not spec.user_defined}

    def _add_pattern(self, pattern: str, position: int, kind: str) -> None:
        """Add one cue pattern to the flat list (a pattern that does not compile is left out)."""
        compiled = _compiled(pattern)
        if compiled is not None:
            self.patterns.append(compiled)
            feature = f"p:{self.keys[position]}:{zlib.crc32(pattern.encode()):08x}"
            self.slots.append(_Slot(position, kind, feature))

    # ---- cues ---------------------------------------------------------------------------
    def _named_by(self, texts: list[str]) -> dict[str, frozenset[int]]:
        """Return, for each heading or defined term in `texts`, the positions whose heading patterns match it."""
        unique = list(dict.fromkeys(t for t in texts if t))
        lowered = [t.lower() for t in unique]
        index = CueIndex(self.heading_patterns, [set(sentence_words(t)) for t in lowered])
        return {text: frozenset(self.heading_owner[p] for p in index.candidates(at)
                                if self.heading_patterns[p].search(lowered[at]))
                for at, text in enumerate(unique)}

    def _heading_hits(self, clauses: Sequence[Clause]) -> dict[str, tuple[frozenset[int], frozenset[str]]]:
        """Return, per clause id, the positions its heading or an ancestor's names, and their words."""
        by_id = {c.id: c for c in clauses}
        named = self._named_by([c.heading for c in clauses if c.kind != "definition"])
        cache: dict[str, frozenset[str]] = {}

        def heading_words(text: str) -> frozenset[str]:
            found = cache.get(text)
            if found is None:
                found = cache[text] = frozenset(w for w in _HEADING_WORD.findall(text.lower()) if len(w) > 2)
            return found

        own = {c.id: named[c.heading] for c in clauses if c.heading and c.kind != "definition"}
        out = {}
        for clause in clauses:
            found = set(own.get(clause.id, ()))
            texts = [clause.heading] if clause.kind != "definition" else []
            parent, depth = clause.parent, 0
            while parent is not None and depth < _ANCESTOR_DEPTH:
                ancestor = by_id.get(parent)
                if ancestor is None:
                    break
                found |= own.get(parent, frozenset())
                texts.append(ancestor.heading)
                parent, depth = ancestor.parent, depth + 1
            words = frozenset().union(*(heading_words(t) for t in texts))
            out[clause.id] = (frozenset(found), words)
        return out

    def _defined_terms(self, clauses: Sequence[Clause]) -> tuple[re.Pattern | None, dict[str, frozenset[int]],
                                                                 list[frozenset[str]]]:
        """Return a pattern for the terms this draft defines under a position's heading words, their positions,
        and each term's words (a sentence that lacks some word of every term cannot use one)."""
        terms = [c.heading.strip("\"“”' ") for c in clauses if c.kind == "definition"]
        found = {term: p for term, p in self._named_by(terms).items() if p}
        if not found:
            return None, {}, []
        # Longest first, so "Liability Cap Amount" wins over "Liability Cap".
        alternatives = "|".join(re.escape(t) for t in sorted(found, key=len, reverse=True))
        needs = [frozenset(sentence_words(t.lower())) for t in found]
        return re.compile(rf"\b(?:{alternatives})\b"), found, needs

    def sentences(self, clauses: Sequence[Clause]) -> list[Sentence]:
        """Return every sentence that could be evidence, with the positions its cues point to."""
        headed = self._heading_hits(clauses)
        defined, defined_positions, defined_needs = self._defined_terms(clauses)
        out: list[Sentence] = []
        for clause in clauses:
            if not clause.text.strip():
                continue
            text = blank_reference_titles(clause.text)
            context, heading_words = headed[clause.id]
            for start, end in sentence_spans(clause.text):
                sentence = text[start:end]
                if not _title_like(sentence):
                    lower = sentence.lower()
                    words = sentence_words(lower)
                    out.append(Sentence(clause.id, start, end, sentence, lower, words, set(words),
                                        context, heading_words))
        index = CueIndex(self.patterns, [s.word_set for s in out])
        patterns, slots = self.patterns, self.slots
        for at, record in enumerate(out):
            if defined is not None and any(need <= record.word_set for need in defined_needs):
                for match in defined.finditer(record.text):
                    record.defined.update(defined_positions[match.group()])
            for p in index.candidates(at):
                slot = slots[p]
                if slot.kind == "context" and slot.position not in record.headed and slot.position not in record.defined:
                    continue
                if not patterns[p].search(record.lower):
                    continue
                if slot.kind == "exclude":
                    record.excluded.add(slot.position)
                    continue
                (record.terms if slot.kind == "term" else record.context).add(slot.position)
                record.patterns.append(p)
        return out

    def _clause_cues(self, sentences: list[Sentence]) -> dict[str, set[str]]:
        """Return, per clause, the cue features all its sentences share: headings ("h:", "g:") and hits ("k:").

        A position's clause often states it once and then elaborates, so a cue hit anywhere in
        the clause ("k:") counts for each of its sentences.
        """
        names = self._names
        out: dict[str, set[str]] = {}
        for s in sentences:
            shared = out.get(s.clause)
            if shared is None:
                shared = out[s.clause] = {"h:" + w for w in s.heading_words}
                shared.update(names["g"][i] for i in s.headed)
            shared.update(names["k"][i] for i in s.terms)
        return out

    def _sentence_cues(self, sentences: list[Sentence], at: int) -> set[str]:
        """Return the cue features of sentence `at` itself and of its neighbours in the clause ("n:")."""
        names = self._names
        s = sentences[at]
        cues = {names["t"][i] for i in s.terms - s.excluded}
        cues.update(names["x"][i] for i in s.excluded)
        cues.update(names["c"][i] for i in s.context)
        cues.update(names["d"][i] for i in s.defined)
        cues.update(self.slots[p].feature for p in s.patterns)
        for near in (at - 1, at + 1):
            if 0 <= near < len(sentences) and sentences[near].clause == s.clause:
                cues.update(names["n"][i] for i in sentences[near].terms)
        return cues

    def model_features(self, sentences: list[Sentence]) -> list[set[str]]:
        """Return the model's features of every sentence (what train_positions trains on)."""
        shared = self._clause_cues(sentences)
        return [features(s.words, (), shared[s.clause] | self._sentence_cues(sentences, at), shouted=_shouted(s.text))
                for at, s in enumerate(sentences)]

    # ---- decision -----------------------------------------------------------------------
    def _join_neighbours(self, sentences: list[Sentence], scored: dict[int, list[float]],
                         spans: list[list[Evidence]]) -> None:
        """Add to `spans` each model-found sentence's neighbours in its clause that pass the neighbour threshold.

        A snippet a lawyer marks often runs over two or three sentences, and only one of them
        says outright what the position is; the others ("Such audit shall …") score lower.
        Only the immediate neighbours of sentences found by the model itself join, once.
        """
        model = self.model
        assert model is not None
        index_of = {k: i for i, k in enumerate(self.keys)}
        seeds = [{(e.clause, e.start) for e in found} if i in self.modelled else set()
                 for i, found in enumerate(spans)]
        for at, logits in scored.items():
            s = sentences[at]
            joining = [i for i in map(index_of.get, model.joins(logits))
                       if i is not None and i in self.modelled and i not in s.excluded]
            for i in joining:
                for near in (at - 1, at + 1):
                    if 0 <= near < len(sentences) and sentences[near].clause == s.clause \
                            and (s.clause, sentences[near].start) in seeds[i]:
                        spans[i].append(Evidence(s.clause, s.start, s.end))
                        break

    def find(self, clauses: Sequence[Clause]) -> tuple[Finding, ...]:
        """Return the positions found in `clauses`, in playbook order."""
        sentences = self.sentences(clauses)
        spans: list[list[Evidence]] = [[] for _ in self.specs]
        model = self.model if self.modelled else None  # None: no position here is the model's to decide
        modelled, keys = self.modelled, self.keys
        index_of = {k: i for i, k in enumerate(keys)}
        shared_names = self._clause_cues(sentences) if model is not None else {}
        shared = {clause: model.vectors(names) for clause, names in shared_names.items()} if model is not None else {}
        # Positions the cues tie each clause to: the model weighs only sentences the cues point
        # at in some way (a term, a heading, a defined term, or a hit elsewhere in the clause).
        in_clause: dict[str, set[int]] = {}
        for s in sentences:
            in_clause.setdefault(s.clause, set()).update(s.terms)
        scored: dict[int, list[float]] = {}  # the model's log-odds of each sentence it weighed
        for at, s in enumerate(sentences):
            cued = s.cued()
            for i in cued - modelled:
                spans[i].append(Evidence(s.clause, s.start, s.end))
            if model is not None and not modelled.isdisjoint(s.terms | s.context | s.headed | s.defined | in_clause[s.clause]):
                own = self._sentence_cues(sentences, at)
                own.add(length_feature(s.words))
                if _shouted(s.text):
                    own.add("caps")
                logits = scored[at] = model.logits(s.words, s.word_set, shared[s.clause] + model.vectors(own))
                for key in model.decide(logits, {keys[i] for i in cued}):
                    decided = index_of.get(key)
                    if decided is not None and decided in modelled and decided not in s.excluded:  # an exclude vetoes
                        spans[decided].append(Evidence(s.clause, s.start, s.end))
        if model is not None:
            self._join_neighbours(sentences, scored, spans)
        texts = {c.id: c.text for c in clauses}
        order = {c.id: n for n, c in enumerate(clauses)}
        terms = DraftTerms.of(clauses)
        findings = []
        for spec, evidence in zip(self.specs, spans):
            if evidence:
                evidence = sorted(set(evidence), key=lambda e: (order[e.clause], e.start))
                findings.append(_finding(spec, texts, evidence, terms))
        return tuple(findings)


def _compiled(pattern: str) -> CuePattern | None:
    """Return `pattern` compiled, or None when it does not compile (a user's broken pattern stops nothing)."""
    try:
        return compile_cue(pattern)
    except re.error:
        return None


def _finding(spec: PositionSpec, texts: dict[str, str], evidence: list[Evidence], terms: DraftTerms) -> Finding:
    """Return the finding for `spec` with its evidence, clause ids and extracted values (`terms`: the draft's)."""
    joined = " ".join(texts[e.clause][e.start:e.end] for e in evidence)
    return Finding(
        key=spec.key,
        title=spec.title,
        clauses=tuple(dict.fromkeys(e.clause for e in evidence)),
        evidence=tuple(evidence),
        values=extract_values(spec, joined, terms),
    )


_DETECTORS: dict[int, Detector] = {}
_SHIPPED_MODEL: list[PositionModel | None] = []


def shipped_model() -> PositionModel | None:
    """Return the model shipped beside the default playbook (loaded once), or None."""
    if not _SHIPPED_MODEL:
        _SHIPPED_MODEL.append(load_model(default_playbook_path().with_suffix(".model.json")))
    return _SHIPPED_MODEL[0]


def detector_for(playbook: Playbook) -> Detector:
    """Return the compiled detector of `playbook`, compiling it on first use."""
    detector = _DETECTORS.get(id(playbook))
    if detector is None or detector.playbook is not playbook:
        if len(_DETECTORS) > 16:  # user playbooks are rebuilt on every edit; keep a few
            _DETECTORS.clear()
        detector = _DETECTORS[id(playbook)] = Detector(playbook, shipped_model())
    return detector


def find_positions(clauses: Sequence[Clause], playbook: Playbook) -> tuple[Finding, ...]:
    """Return the playbook positions the clauses address, in playbook order, with evidence and values."""
    return detector_for(playbook).find(clauses)


def positions_json(name: str, clauses: Sequence[Clause], findings: Sequence[Finding]) -> dict:
    """Return the CLI.md `positions` object for one file."""
    return {
        "file": name,
        "clauses": [clause.as_json() for clause in clauses],
        "positions": [finding.as_json() for finding in findings],
    }
