"""Reading the raw HTML blocks some Markdown drafts contain (GitHub's DPA writes its clauses as `<ol>`).

A browser shows `<ol style="list-style-type:lower-alpha">` items as "a.", "b.", …; the reader
gives those items the same labels so the splitter can number them, and turns `<h1>`…`<h6>`,
`<p>` and `<li>` into paragraphs. Other tags are dropped and their text kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from desktop.core.model import CancelFlag
from desktop.core.reading.markdown.inline import inline_text
from desktop.core.reading.markdown.lists import MAX_LIST_VALUE, bullet_glyph, list_label
from desktop.core.work import check_cancel

_BLOCK_TAGS = (
    "ol", "ul", "li", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody",
    "tr", "td", "th", "blockquote", "section", "details", "summary", "dl", "dt", "dd", "center",
)
_BLOCK_START = re.compile(r"^</?(" + "|".join(_BLOCK_TAGS) + r")(?=[\s>/])", re.I)
_CONTAINER = re.compile(r"<(/?)(ol|ul|table|div|blockquote|dl)\b", re.I)  # up to the next ">"
_TOKEN = re.compile(r"<[^<>]+>")
_TAG_NAME = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9]*)\b([^>]*)>$")
_STYLE = re.compile(r"list-style-type\s*:\s*([a-z-]+)", re.I)
_TYPE = re.compile(r"\btype\s*=\s*[\"']?([aAiI1])", re.I)
_START = re.compile(r"\bstart\s*=\s*[\"']?(\d+)", re.I)
_EVERY = 256  # lines or tags between looks at the cancel flag
_PIECE = 65_536  # characters of a long line searched between looks at the cancel flag
_CSS_STYLES = {
    "lower-alpha": "lowerAlpha", "lower-latin": "lowerAlpha", "upper-alpha": "upperAlpha",
    "upper-latin": "upperAlpha", "lower-roman": "lowerRoman", "upper-roman": "upperRoman",
    "decimal": "decimal",
}
_TYPE_STYLES = {"a": "lowerAlpha", "A": "upperAlpha", "i": "lowerRoman", "I": "upperRoman", "1": "decimal"}


def is_html_block_start(body: str) -> bool:
    """Return whether a line (without leading spaces) opens a raw HTML block."""
    return bool(_BLOCK_START.match(body))


def html_block_end(lines: list[str], start: int, cancel: CancelFlag | None = None) -> int:
    """Return the index of the first line after the HTML block that starts at `start`.

    The block ends at a blank line once every `<ol>`, `<ul>`, `<table>` … it opened is closed,
    so a list with blank lines between its items stays one block.
    """
    depth = 0
    i = start
    while i < len(lines):
        if (i - start) % _EVERY == 0:
            check_cancel(cancel)
        line = lines[i]
        if not line.strip() and depth <= 0:
            return i
        depth += _container_change(line, cancel)
        i += 1
    return i


def _container_change(line: str, cancel: CancelFlag | None = None) -> int:
    """Return how many containers `line` opens, less how many it closes.

    A tag runs to the next `>`; a line of `<ol <ol <ol …` with no `>` opens none, found
    without looking for a `>` from each of them. A long line is searched in pieces cut before
    a `<` (where no tag name can be cut short), with a look at the cancel flag between.
    """
    change, at, step = 0, 0, 0
    while at < len(line):
        step += 1
        if step % _EVERY == 0 or len(line) - at > _PIECE:
            check_cancel(cancel)
        cut = line.find("<", at + _PIECE) if len(line) - at > _PIECE else -1
        cut = len(line) if cut < 0 else cut
        match = _CONTAINER.search(line, at, cut)
        if match is None:
            at = cut
            continue
        end = line.find(">", match.end())
        if end < 0:
            break
        change += -1 if match.group(1) else 1
        at = end + 1
    return change


def html_block_paragraphs(
    block: str, cancel: CancelFlag | None = None
) -> Iterator[tuple[str, str, int | None, str, int]]:
    """Yield (text, raw, outline level, label, list depth) for each paragraph of an HTML block."""
    lists: list[list] = []  # [style, next value] per open list
    raw: list[str] = []
    inked = False  # whether `raw` holds anything but white space
    label, depth, level = "", 0, None

    def flush() -> Iterator[tuple[str, str, int | None, str, int]]:
        nonlocal raw, label, level, inked
        source = "".join(raw)
        text = inline_text(source, cancel)
        if text or label:
            yield text, source, level, label, depth
        raw, label, level, inked = [], "", None, False

    for number, token in enumerate(_tokens(block)):
        if number % _EVERY == 0:
            check_cancel(cancel)
        tag = _TAG_NAME.match(token) if token.startswith("<") else None
        if tag is None:
            raw.append(token)
            inked = inked or not token.isspace() and token != ""
            continue
        closing, name, attrs = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in ("ol", "ul"):
            yield from flush()
            if closing:
                if lists:
                    lists.pop()
            elif name == "ul":
                lists.append(["bullet", 1])
            else:
                css = _STYLE.search(attrs)
                typed = _TYPE.search(attrs)
                start = _START.search(attrs)
                style = _CSS_STYLES.get(css.group(1).lower(), "decimal") if css else (
                    _TYPE_STYLES[typed.group(1)] if typed else "decimal")
                lists.append([style, _start_value(start.group(1)) if start else 1])
        elif name == "li" and not closing:
            yield from flush()
            if lists:
                style, value = lists[-1]
                depth = len(lists) - 1
                label = bullet_glyph(depth) if style == "bullet" else list_label(style, ".", value)
                lists[-1][1] = value + 1
        elif re.fullmatch(r"h[1-6]", name):
            yield from flush()
            if not closing:
                level = int(name[1]) - 1
        elif name in ("td", "th") and not closing:
            if inked:
                raw.append(" | ")
        elif name == "br":
            raw.append(" ")
        elif name in _BLOCK_TAGS:
            yield from flush()
        else:
            raw.append(token)  # inline tags: inline_text drops them, run-in titles read them
            inked = True
    yield from flush()


def _tokens(block: str) -> Iterator[str]:
    """Yield the text and the tags of `block` in turn, as `re.split(r"(<[^<>]+>)", block)` lists them.

    One at a time: a list of them all for a 20 MB block took seconds to make, with no look at
    the cancel flag.
    """
    last = 0
    for tag in _TOKEN.finditer(block):
        yield block[last:tag.start()]
        yield tag.group()
        last = tag.end()
    yield block[last:]


def _start_value(digits: str) -> int:
    """Return an `<ol start>` value, no larger than any list label shows (a browser clamps it too)."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= len(str(MAX_LIST_VALUE)) and int(digits) <= MAX_LIST_VALUE else MAX_LIST_VALUE
