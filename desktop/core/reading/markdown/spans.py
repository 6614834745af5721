"""Markdown's paired markup, found in one pass each: code spans, emphasis, images, autolinks, comments.

Each function gives exactly what `re.sub` with the pattern named in its docstring gave (the
reader used those patterns, and the corpus reads the same), but in time linear in the text.
The patterns were lazy (`.+?`) or back-referenced, so a run of openers with no closer ("*a *a
*a …", "<!--<!--…", "```…") made each opener scan to the end of the text: quadratic or
worse, in a single regex call that neither Cancel nor the reading time limit could stop.

The trick is the same everywhere: whether a position can close a span depends on the
characters around it, not on where the span opened, so the closers are listed once and each
opener takes the first closer far enough after it, found by a pointer that only moves forward.
Every loop looks at the cancel flag every `_EVERY` steps.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from desktop.core.model import CancelFlag
from desktop.core.work import check_cancel

_EVERY = 1024  # steps between looks at the cancel flag
_PIECE = 65_536  # characters one regular-expression pass takes between looks at the cancel flag
_TICKS = re.compile(r"`+")
_IMAGE_TAIL = re.compile(r"\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK_SCHEME = re.compile(r"(?:https?|ftp|mailto):")
_AUTOLINK_STOP = re.compile(r"[<>\s]")


def remove_comments(text: str, cancel: CancelFlag | None = None) -> str:
    """Return `text` without HTML comments: `re.sub(r"<!--.*?-->", "", text, flags=re.S)`.

    An unclosed `<!--` stays, and so does everything after it: no later one can close either.
    """
    out: list[str] = []
    last, step = 0, 0
    while True:
        step += 1
        if step % _EVERY == 0:
            check_cancel(cancel)
        start = text.find("<!--", last)
        end = text.find("-->", start + 4) if start >= 0 else -1
        if end < 0:
            break
        out.append(text[last:start])
        last = end + 3
    out.append(text[last:])
    return "".join(out)


def code_spans(text: str, hold: Callable[[str], str], cancel: CancelFlag | None = None) -> str:
    """Return `text` with each code span replaced by `hold(its stripped content)`.

    As `re.sub(r"(`+)(.+?)\\1", …, flags=re.S)` did: an opening run of backticks takes the
    longest length L (up to its own) for which L backticks occur again at least one character
    later, and closes at the first such place, which may be inside a longer run or inside the
    opening run itself ("```" holds "`").
    """
    if "`" not in text:
        return text
    # Runs longer than every run after them, in order: the longest run after any point is the
    # first of these past it. A stack keeps them; it holds fewer than sqrt(2n) runs.
    leaders: list[tuple[int, int]] = []
    for step, run in enumerate(_TICKS.finditer(text)):
        if step % _EVERY == 0:
            check_cancel(cancel)
        length = run.end() - run.start()
        while leaders and leaders[-1][1] <= length:
            leaders.pop()
        leaders.append((run.start(), length))
    out: list[str] = []
    last, at, lead = 0, text.find("`"), 0
    step = 0
    while at >= 0:
        opening = _TICKS.match(text, at)
        assert opening is not None  # text[at] is a backtick
        run_end = opening.end()
        size = run_end - at
        while lead < len(leaders) and leaders[lead][0] < run_end:
            lead += 1
        longest_after = leaders[lead][1] if lead < len(leaders) else 0
        later = min(size, longest_after)  # closing on a later run
        inside = (size - 1) // 2  # closing inside this run, after at least one backtick of content
        if later == 0 and inside == 0:
            break  # at most two backticks left here and none after: no span can start at or after `at`
        if inside >= later:
            length, close = inside, at + inside + 1
        else:
            length = later
            for run in _TICKS.finditer(text, run_end):  # the first run that long; the span covers it
                step += 1
                if step % _EVERY == 0:
                    check_cancel(cancel)
                if run.end() - run.start() >= length:
                    close = run.start()
                    break
        out.append(text[last:at])
        out.append(hold(text[at + length:close].strip()))
        last = close + length
        at = text.find("`", last)
        step += 1
        if step % _EVERY == 0:
            check_cancel(cancel)
    out.append(text[last:])
    return "".join(out)


@dataclass(frozen=True)
class Pair:
    """A kind of paired markup: its mark, and patterns matching where it may open and close a span.

    Each pattern starts with the mark's first character, and matches only that one character
    (the rest is lookaround), so marks that overlap ("***") are all found and the search skips
    quickly from one mark to the next.
    """

    mark: str
    opens: re.Pattern[str]
    closes: re.Pattern[str]


def unwrap_pairs(text: str, pairs: tuple[Pair, ...], cancel: CancelFlag | None = None) -> str:
    """Return `text` with each `mark`…`mark` span replaced by what it encloses, leftmost first.

    As `re.sub` of a lazy pattern `(mark)(?=…)(.+?)(?<=…)\\1` did: an opener at `p` closes at
    the first closer `q >= p + len(mark) + 1`, and spans do not overlap. The closers do not
    depend on the opener, so they are listed once.
    """
    closers: dict[str, list[int]] = {}
    openers: list[tuple[int, str]] = []
    for pair in pairs:
        closers[pair.mark] = _starts(pair.closes, text, cancel)
        openers.extend((at, pair.mark) for at in _starts(pair.opens, text, cancel))
    if not openers:
        return text
    openers.sort()
    places = [at for at, _ in openers]
    pointer = {pair.mark: 0 for pair in pairs}
    spent: set[str] = set()  # marks with no closer left
    out: list[str] = []
    last, k, step = 0, 0, 0
    while k < len(openers) and len(spent) < len(pairs):
        step += 1
        if step % _EVERY == 0:
            check_cancel(cancel)
        at, mark = openers[k]
        ends, i = closers[mark], pointer[mark]
        need = at + len(mark) + 1
        while i < len(ends) and ends[i] < need:
            i += 1
        pointer[mark] = i
        if i == len(ends):
            spent.add(mark)  # this opener and every later one of its mark find no closer
            k += 1
            continue
        out.append(text[last:at])
        out.append(text[at + len(mark):ends[i]])
        last = ends[i] + len(mark)
        k = bisect.bisect_left(places, last, k + 1)  # openers inside the span just closed are text
    out.append(text[last:])
    return "".join(out)


def _starts(pattern: re.Pattern[str], text: str, cancel: CancelFlag | None) -> list[int]:
    """Return every position where `pattern` matches in `text`."""
    found: list[int] = []
    matches = pattern.finditer(text)
    while True:
        check_cancel(cancel)
        chunk = [match.start() for match in itertools.islice(matches, _EVERY)]
        found.extend(chunk)
        if len(chunk) < _EVERY:
            return found


def in_pieces(text: str, boundary: re.Pattern[str], change: Callable[[str], str],
              cancel: CancelFlag | None = None) -> str:
    """Return `change(text)`, applied to pieces of about _PIECE characters with a look at the cancel flag between.

    Pieces are cut where `boundary` matches, so `change` must be a pass whose matches never
    reach across such a place (a tag across a `<`, an entity across a `&`): then the pieces
    give exactly what the whole would. A single pass over a 50 MB paragraph takes seconds.
    """
    if cancel is None or len(text) <= _PIECE:
        return change(text)
    out: list[str] = []
    start = 0
    while start < len(text):
        check_cancel(cancel)
        cut = boundary.search(text, start + _PIECE)
        end = cut.start() if cut else len(text)
        out.append(change(text[start:end]))
        start = end
    return "".join(out)


def ticking(replace: Callable[[re.Match[str]], str], cancel: CancelFlag | None) -> Callable[[re.Match[str]], str]:
    """Return `replace` made to look at the cancel flag every _EVERY calls: re.sub calls it once a match."""
    if cancel is None:
        return replace
    calls = 0

    def call(match: re.Match[str]) -> str:
        nonlocal calls
        calls += 1
        if calls % _EVERY == 0:
            check_cancel(cancel)
        return replace(match)

    return call


def remove_images(text: str, cancel: CancelFlag | None = None) -> str:
    """Return `text` without images: `re.sub(r'!\\[([^\\]]*)\\]\\((…)\\)', "", text)`.

    An image's alt text runs to the first `]` after its `![`; openers that share that `]`
    share the link part after it, which is matched once.
    """
    out: list[str] = []
    last, bracket, tail_at, tail_end = 0, -1, -1, -1
    at = text.find("![")
    step = 0
    while at >= 0:
        step += 1
        if step % _EVERY == 0:
            check_cancel(cancel)
        if bracket < at + 2:
            bracket = text.find("]", at + 2)
            if bracket < 0:
                break
        if tail_at != bracket:
            tail = _IMAGE_TAIL.match(text, bracket + 1)
            tail_at, tail_end = bracket, tail.end() if tail else -1
        if tail_end < 0:
            at = text.find("![", at + 1)
            continue
        out.append(text[last:at])
        last = tail_end
        at = text.find("![", last)
    out.append(text[last:])
    return "".join(out)


def autolinks(text: str, hold: Callable[[str], str], cancel: CancelFlag | None = None) -> str:
    """Return `text` with each `<https://…>` or `<name@host.tld>` replaced by `hold(what is inside)`.

    As `re.sub(r"<((?:https?|ftp|mailto):[^<>\\s]+|[^<>\\s@]+@[^<>\\s@]+\\.[^<>\\s@]+)>", …)` did.
    """
    out: list[str] = []
    last = 0
    at = text.find("<")
    step = 0
    while at >= 0:
        step += 1
        if step % _EVERY == 0:
            check_cancel(cancel)
        stop = _AUTOLINK_STOP.search(text, at + 1)
        if stop is None:
            break
        end = stop.start()
        inside = text[at + 1:end]
        if text[end] == ">" and _is_autolink(inside):
            out.append(text[last:at])
            out.append(hold(inside))
            last = end + 1
            at = text.find("<", last)
        else:
            at = end if text[end] == "<" else text.find("<", end + 1)
    out.append(text[last:])
    return "".join(out)


def _is_autolink(inside: str) -> bool:
    """Return whether the text between `<` and `>` (no `<`, `>` or spaces in it) is a URL or an address."""
    scheme = _AUTOLINK_SCHEME.match(inside)
    if scheme and scheme.end() < len(inside):
        return True
    if inside.count("@") != 1:
        return False
    name, host = inside.split("@")
    return bool(name) and "." in host[1:-1]
