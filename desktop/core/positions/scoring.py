"""A small linear model that weighs a sentence's words, headings and cue hits for each position.

The hand-written cues say where a position may be; on real contracts they also fire on
sentences that merely mention a cap, an audit or a licence in passing. The model, trained on
the CUAD dev split (tests/benchmarks/train_positions.py rebuilds it), scores each sentence
from its words and word pairs, the words of its headings, and which of the position's cues
it, its neighbours and its clause hit. A sentence that passes its position's threshold is a
seed; its immediate neighbours in the same clause join it as evidence at a lower
neighbour threshold, because a lawyer's snippet often runs over two or three sentences and
only one of them states the position outright. It is logistic regression, so scoring is a sum of
weights — pure Python, no dependencies — and it ships as JSON beside the playbook. Positions
the model does not know (the AI-specific ones CUAD does not label, and every user position)
are decided by the cues alone.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

_TOKEN = re.compile(r"[a-z0-9]{2,}")

Weights = tuple[float, ...]  # one weight per position, in the order of PositionModel.keys


def sentence_words(lower: str) -> list[str]:
    """Return the words of a lower-cased sentence as the model and the cue index see them.

    Runs of letters and digits; one-character runs ("a", "s" of "party's") are left out.
    """
    return _TOKEN.findall(lower)


def length_feature(words: list[str]) -> str:
    """Return the feature that says how long a sentence is."""
    n = len(words)
    return "len:short" if n < 12 else "len:long" if n > 80 else "len:mid"


def features(words: list[str], heading_words: Iterable[str], cues: Iterable[str], *, shouted: bool) -> set[str]:
    """Return the feature names of one sentence (what the model was trained on).

    Words of one letter are left out. `cues` are already-formed cue features
    ("t:liability_cap" for a term hit, "g:audit_rights" for a heading naming the position,
    "n:…" for a hit in a neighbouring sentence, …).
    """
    kept = [w for w in words if len(w) > 1]
    out = {"w:" + w for w in kept}
    out.update("b:" + a + "_" + b for a, b in zip(kept, kept[1:]))
    out.update("h:" + w for w in heading_words)
    out.update(cues)
    out.add(length_feature(kept))
    if shouted:
        out.add("caps")
    return out


@dataclass(frozen=True)
class PositionModel:
    """Per-position biases, thresholds and weights; words and word pairs kept apart for speed.

    Each feature's weights are a tuple with one entry per position, so a sentence's scores
    are sums the interpreter runs in C (`map(sum, zip(…))`), and thresholds are compared as
    log-odds, so no exponentials are needed either.
    """

    keys: tuple[str, ...]
    bias: tuple[float, ...]
    threshold: tuple[float, ...]  # probability a sentence needs to be evidence…
    cue_threshold: tuple[float, ...]  # …or this one, when one of the position's own cue terms matches it
    neighbour_threshold: tuple[float, ...]  # a seed's neighbour in its clause joins from this one (1.0: never)
    words: dict[str, Weights]  # "w:" features by word
    pairs: dict[str, dict[str, Weights]]  # "b:" features by first word, then second
    others: dict[str, Weights]  # every other feature by name
    _logit_threshold: tuple[float, ...] = field(init=False, repr=False, compare=False)
    _logit_cue_threshold: tuple[float, ...] = field(init=False, repr=False, compare=False)
    _logit_neighbour_threshold: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def scores(self, feats: Iterable[str]) -> list[float]:
        """Return the probability, per position in `keys`, for a sentence given as feature names."""
        found = [self.bias]
        for name in set(feats):
            if name.startswith("w:"):
                weights = self.words.get(name[2:])
            elif name.startswith("b:"):
                first, _, second = name[2:].partition("_")
                weights = self.pairs.get(first, {}).get(second)
            else:
                weights = self.others.get(name)
            if weights:
                found.append(weights)
        return [_sigmoid(t) for t in map(sum, zip(*found))]

    def vectors(self, names: Iterable[str]) -> list[Weights]:
        """Return the weight tuples of the (non-word) features `names` that the model knows."""
        return [v for v in map(self.others.get, names) if v]

    def logits(self, words: list[str], word_set: set[str], known: list[Weights]) -> list[float]:
        """Return the log-odds per position of a sentence: its words, word pairs, and `known` vectors.

        `words` come from sentence_words(), `word_set` is set(words), and `known` holds
        vectors() of the sentence's other features.
        """
        found = [self.bias, *known]
        found.extend(v for v in map(self.words.get, word_set) if v)
        get_first = self.pairs.get
        seen: set[tuple[str, str]] = set()
        for first, second in zip(words, words[1:]):
            following = get_first(first)
            if following is not None:
                weights = following.get(second)
                if weights is not None and (first, second) not in seen:  # a feature counts once
                    seen.add((first, second))
                    found.append(weights)
        return list(map(sum, zip(*found)))

    def sentence_scores(self, words: list[str], heading_words: Iterable[str], cues: Iterable[str],
                        *, shouted: bool) -> list[float]:
        """Return what scores(features(…)) returns, by the fast path."""
        names = {"h:" + w for w in heading_words} | set(cues)
        names.add(length_feature([w for w in words if len(w) > 1]))
        if shouted:
            names.add("caps")
        return [_sigmoid(t) for t in self.logits(words, set(words), self.vectors(names))]

    def decide(self, logits: list[float], cued: Iterable[str] = ()) -> set[str]:
        """Return the keys whose log-odds pass their threshold; `cued` hit their own cue terms."""
        cued = set(cued)
        return {k for k, z, t, ct in zip(self.keys, logits, self._logit_threshold, self._logit_cue_threshold)
                if z >= (ct if k in cued else t)}

    def joins(self, logits: list[float]) -> set[str]:
        """Return the keys whose log-odds pass their neighbour threshold (a seed's neighbour joins it)."""
        return {k for k, z, t in zip(self.keys, logits, self._logit_neighbour_threshold) if z >= t}

    def __post_init__(self) -> None:
        object.__setattr__(self, "_logit_threshold", tuple(_logit(p) for p in self.threshold))
        object.__setattr__(self, "_logit_cue_threshold", tuple(_logit(p) for p in self.cue_threshold))
        object.__setattr__(self, "_logit_neighbour_threshold",
                           tuple(math.inf if p >= 1 else _logit(p) for p in self.neighbour_threshold))


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    if x < -40:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


def model_from_dict(raw: dict) -> PositionModel:
    """Return a PositionModel from its JSON form.

    {"positions": [{"key", "bias", "threshold", "cue_threshold", "neighbour_threshold"}, …],
     "weights": {feature: [[position number, weight], …]}} — a feature's weights for all
    positions sit together, which keeps the file small.
    """
    positions = raw["positions"]  # a file without neighbour thresholds joins no neighbours
    words: dict[str, Weights] = {}
    pairs: dict[str, dict[str, Weights]] = {}
    others: dict[str, Weights] = {}
    for name, entries in raw["weights"].items():
        dense = [0.0] * len(positions)
        for i, w in entries:
            dense[int(i)] = float(w)
        weights = tuple(dense)
        if name.startswith("w:"):
            words[name[2:]] = weights
        elif name.startswith("b:"):
            first, _, second = name[2:].partition("_")
            pairs.setdefault(first, {})[second] = weights
        else:
            others[name] = weights
    return PositionModel(
        keys=tuple(p["key"] for p in positions),
        bias=tuple(float(p["bias"]) for p in positions),
        threshold=tuple(float(p["threshold"]) for p in positions),
        cue_threshold=tuple(float(p.get("cue_threshold", p["threshold"])) for p in positions),
        neighbour_threshold=tuple(float(p.get("neighbour_threshold", 1.0)) for p in positions),
        words=words,
        pairs=pairs,
        others=others,
    )


def load_model(path: Path) -> PositionModel | None:
    """Return the model in `path`, or None when there is none (or it cannot be read)."""
    try:
        return model_from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
