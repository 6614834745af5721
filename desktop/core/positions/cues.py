"""Cue patterns compiled for speed: each regular expression with the words a match must contain.

A playbook has a few hundred cue patterns and a long draft a few thousand sentences; trying
every pattern on every sentence costs too much. So each pattern is read once (with the
standard library's own regular-expression parser) to find the literal words any match must
contain: `(total|aggregate) liabilit(y|ies)…exceed` needs a word beginning "liabilit", one of
"total"/"aggregate", and "exceed". A sentence is tried against a pattern only when it has a
word for each such requirement. A pattern with no certain words (rare) is tried on every
sentence, so the result never depends on this shortcut, only the speed
(tests/core/test_positions.py checks it on real drafts).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

try:  # the parser behind `re`; private, so any surprise just disables the shortcut
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python versions
    _sre_parse = None
    _sre = None

_MIN_ANCHOR = 2
# Words in nearly every sentence of a contract make poor anchors: a pattern anchored on
# "shall" would be tried everywhere. Another required word is preferred when there is one.
_COMMON = frozenset("""
    shall will may must not any all such this that the and other party parties agreement third
    person company under with from after within period date day days upon each its their which
    have has been be or to of in for by as on at no
""".split())


@dataclass(frozen=True)
class CuePattern:
    """One compiled cue pattern and the word prefixes a match must contain (None: unknown).

    `regex` is meant for lower-cased text: a pattern without capitals is compiled without
    IGNORECASE, which makes Python's matcher about twice as fast.
    """

    source: str
    regex: re.Pattern
    anchors: tuple[str, ...] | None
    required: tuple[tuple[str, ...], ...] = ()  # every such set must be met (anchors is the first)
    # The pattern without its leading word boundary: Python's matcher skips ahead to a literal
    # start quickly but tries a leading \b at every character, ten times slower.
    fast: re.Pattern | None = None

    def search(self, text: str) -> bool:
        """Return whether the pattern matches anywhere in (lower-cased) `text`."""
        if self.fast is None:
            return self.regex.search(text) is not None
        # Any match of the whole pattern is a match of `fast` at the same place, so none can
        # start before fast's first match: the whole pattern need only be tried from there.
        found = self.fast.search(text)
        return found is not None and self.regex.search(text, found.start()) is not None


def _literal_words(run: str, at_word_start: bool) -> list[str]:
    """Return the words of a literal run that begin at a word start (the first only if `at_word_start`)."""
    words = []
    for match in re.finditer(r"[a-z0-9]+", run):
        starts_word = match.start() > 0 or at_word_start
        if starts_word and len(match.group()) >= _MIN_ANCHOR:
            words.append(match.group())
    return words


def _best(options: list[set[str]]) -> set[str] | None:
    """Return the most selective anchor set: no common words if possible, then the longest shortest word."""
    options = [o for o in options if o]
    if not options:
        return None
    return max(options, key=lambda o: (o.isdisjoint(_COMMON), min(len(w) for w in o), -len(o)))


def _either(results: list[tuple[list[set[str]], bool]]) -> set[str] | None:
    """Return the words one of which a match of any alternative contains, None when one has none.

    Each alternative gives its most selective anchor set; a match of the group contains a word
    of the alternative it took, so of their union.
    """
    union: set[str] = set()
    for found, _ in results:
        best = _best(found)
        if best is None:
            return None
        union |= best
    return union


def _anchors(items, at_word_start: bool, prefix: str = "") -> tuple[list[set[str]], bool]:
    """Return (sets of words a match of `items` must contain one of each, whether it ends at a word start).

    `prefix` is literal text just before `items` (the parser moves a prefix common to all
    alternatives out of the group: `sccs?|standard` becomes `s(?:ccs?|tandard)`).
    """
    options: list[set[str]] = []
    run = prefix
    run_start = at_word_start
    if prefix:
        at_word_start = not prefix[-1].isalnum()
    for op, arg in list(items) + [(None, None)]:
        if op is _sre.LITERAL:
            if not run:
                run_start = at_word_start
            run += chr(arg).lower()
            at_word_start = not chr(arg).isalnum()
            continue
        if run and op in (_sre.SUBPATTERN, _sre.BRANCH):
            # The group continues the literal run: let each alternative carry it.
            carried, run = run, ""
            body = arg[-1] if op is _sre.SUBPATTERN else None
            alternatives = [body] if op is _sre.SUBPATTERN else arg[1]
            results = [_anchors(alternative, run_start, carried) for alternative in alternatives]
            either = _either(results)
            if either is not None:
                options.append(either)
            else:
                options.extend({w} for w in _literal_words(carried, run_start))
            at_word_start = all(end for _, end in results)
            continue
        if run:
            options.extend({w} for w in _literal_words(run, run_start))
            run = ""
        if op is None:
            break
        if op is _sre.AT and arg is _sre.AT_BOUNDARY:
            at_word_start = True
        elif op is _sre.SUBPATTERN:
            found, at_word_start = _anchors(arg[-1], at_word_start)
            options.extend(found)
        elif op is _sre.BRANCH:
            results = [_anchors(alternative, at_word_start) for alternative in arg[1]]
            either = _either(results)
            if either is not None:
                options.append(either)
            at_word_start = all(end for _, end in results)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            low, _high, body = arg
            found, ends = _anchors(body, at_word_start)
            if low >= 1:
                options.extend(found)
            at_word_start = ends and (at_word_start or low >= 1)
        elif op is _sre.IN:
            at_word_start = all(
                (kind is _sre.CATEGORY and value in (_sre.CATEGORY_SPACE, _sre.CATEGORY_NOT_WORD))
                or (kind is _sre.LITERAL and not chr(value).isalnum())
                for kind, value in arg)
        else:
            at_word_start = False
    return [o for o in options if o], at_word_start


def requirements_of(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Return sets of word prefixes a match of `pattern` must contain one of each, most selective first.

    `(total|aggregate) liabilit(y|ies)[^.]*exceed` gives ({"liability", "liabilities"},
    {"aggregate", "total"}, {"exceed"}) in some order; () when nothing is certain.
    """
    if _sre_parse is None:
        return ()
    try:
        found, _ = _anchors(_sre_parse.parse(pattern.lower()), True)
    except Exception:  # noqa: BLE001 - a pattern the analysis does not understand is simply tried everywhere
        return ()
    found.sort(key=lambda o: (o.isdisjoint(_COMMON), min(len(w) for w in o), -len(o)), reverse=True)
    unique = list(dict.fromkeys(tuple(sorted(o)) for o in found))
    return tuple(unique)


_ESCAPE = re.compile(r"\\.")


def compile_cue(pattern: str) -> CuePattern:
    """Return `pattern` compiled to match lower-cased text case-insensitively, with its anchors."""
    flags = re.IGNORECASE if any(ch.isupper() for ch in _ESCAPE.sub("", pattern)) else 0
    required = requirements_of(pattern)
    fast = None
    if pattern.startswith("\\b"):
        try:
            fast = re.compile(pattern[2:], flags)
        except re.error:
            fast = None
    return CuePattern(pattern, re.compile(pattern, flags), required[0] if required else None, required, fast)


class CueIndex:
    """Which patterns are worth trying on which sentences of one draft."""

    def __init__(self, patterns: Sequence[CuePattern], words: list[set[str]]) -> None:
        """Index `patterns` for sentences given as their sets of lower-case words ("[a-z0-9]+" runs)."""
        self.words = words
        vocabulary = sorted(set().union(*self.words)) if self.words else []
        expanded: dict[str, frozenset[str]] = {}

        def words_starting(prefix: str) -> frozenset[str]:
            """Return the draft's words that begin with `prefix`."""
            found = expanded.get(prefix)
            if found is None:
                at = bisect.bisect_left(vocabulary, prefix)
                end = at
                while end < len(vocabulary) and vocabulary[end].startswith(prefix):
                    end += 1
                found = expanded[prefix] = frozenset(vocabulary[at:end])
            return found

        self.always = [i for i, p in enumerate(patterns) if p.anchors is None]
        # word of this draft -> patterns it may start a match of
        self.by_word: dict[str, list[int]] = {}
        # per pattern: for each further requirement, the draft's words that meet it
        self.rest: list[tuple[frozenset[str], ...]] = []
        self.impossible: set[int] = set()
        self.anchor_words: frozenset[str] = frozenset()
        for i, pattern in enumerate(patterns):
            rest = []
            for option in pattern.required[1:]:
                met = frozenset().union(*(words_starting(w) for w in option))
                if not met:
                    self.impossible.add(i)
                rest.append(met)
            self.rest.append(tuple(rest))
            if i in self.impossible:
                continue
            for anchor in pattern.anchors or ():
                for word in words_starting(anchor):
                    self.by_word.setdefault(word, []).append(i)
        self.anchor_words = frozenset(self.by_word)

    def candidates(self, sentence: int) -> list[int]:
        """Return the indices of the patterns to try on sentence number `sentence`."""
        words = self.words[sentence]
        found = set(self.always)
        by_word = self.by_word
        for word in words & self.anchor_words:
            found.update(by_word[word])
        out = []
        rest = self.rest
        for p in found:
            for met in rest[p]:
                if words.isdisjoint(met):
                    break
            else:
                out.append(p)
        return out
