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

import re
from collections.abc import Callable

from desktop.core.model import CancelFlag
from desktop.core.work import check_cancel

_EVERY = 1024  # steps between looks at the cancel flag
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


def unwrap_pairs(text: str, marks: tuple[str, ...], opens: Callable[[str, int, str], bool],
                 closes: Callable[[str, int, str], bool], cancel: CancelFlag | None = None) -> str:
    """Return `text` with each `mark`…`mark` pair replaced by what it encloses, leftmost first.

    As `re.sub` of a lazy pattern `(mark)(?=…)(.+?)(?<=…)\\1` did: an opener at `p` (where
    `opens(text, p, mark)`) closes at the first `q >= p + len(mark) + 1` where
    `closes(text, q, mark)`; matches do not overlap. `closes` must not depend on the opener.
    """
    closers: dict[str, list[int]] = {}
    openers: list[tuple[int, str]] = []
    for mark in marks:
        found = _positions(text, mark, cancel)
        closers[mark] = [q for q in found if closes(text, q, mark)]
        openers.extend((p, mark) for p in found if opens(text, p, mark))
    if not openers:
        return text
    openers.sort()
    pointer = dict.fromkeys(marks, 0)
    out: list[str] = []
    last = 0
    for step, (at, mark) in enumerate(openers):
        if step % _EVERY == 0:
            check_cancel(cancel)
        if at < last:
            continue  # inside the span just closed
        ends, i = closers[mark], pointer[mark]
        need = at + len(mark) + 1
        while i < len(ends) and ends[i] < need:
            i += 1
        pointer[mark] = i
        if i == len(ends):
            continue  # no closer for this mark; another mark's opener may still match
        out.append(text[last:at])
        out.append(text[at + len(mark):ends[i]])
        last = ends[i] + len(mark)
    out.append(text[last:])
    return "".join(out)


def _positions(text: str, mark: str, cancel: CancelFlag | None) -> list[int]:
    """Return every position where `mark` starts in `text`, overlapping ones included ("***")."""
    found: list[int] = []
    at = text.find(mark)
    while at >= 0:
        if len(found) % _EVERY == 0:
            check_cancel(cancel)
        found.append(at)
        at = text.find(mark, at + 1)
    return found


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
