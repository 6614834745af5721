"""Turning one Markdown paragraph's source into the text a reader sees, and finding its run-in title.

Markdown drafts carry emphasis, links, HTML spans (Common Paper writes
`<span class="header_3">Access and Use.</span>`), entities and escapes. A lawyer reading the
rendered page sees none of that markup, so the paragraph text keeps only the words.
"""

from __future__ import annotations

import html
import re

from desktop.core.model import CancelFlag
from desktop.core.reading.markdown import spans
from desktop.core.work import check_cancel

# Private-use characters mark text that later passes must not touch (code spans, escapes, URLs).
# The same characters in the draft itself are held first, so they are never taken for marks.
_HOLD_OPEN, _HOLD_CLOSE = "\ue000", "\ue001"
_HELD = re.compile(_HOLD_OPEN + r"([0-9]+)" + _HOLD_CLOSE)
_MARKS = re.compile("[" + _HOLD_OPEN + _HOLD_CLOSE + "]")

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\s*\)")
_REF_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_SPACES = re.compile(r"[ \t\r\n]+")
# Where a long paragraph may be cut for a pass whose matches never reach across the cut.
_BEFORE_TAG, _BEFORE_ENTITY, _BEFORE_WORD = re.compile("<"), re.compile("&"), re.compile(r"[^ \t\r\n]")
# A character reference too long for any character: html.unescape would turn the number into
# an int, and Python refuses numbers of more than 4,300 digits.
_LONG_CHARREF = re.compile(r"&#(?:[0-9]{9,}|[xX][0-9a-fA-F]{9,});?")
# Link text may hold a link, emphasis may hold emphasis: each pass takes off one layer. Drafts
# nest two or three deep; the limit keeps a file nesting thousands deep from costing a pass each.
_MAX_PASSES = 8
# Emphasis: where a mark may open and close, as the lookarounds of the old patterns said:
# `(\*\*|__)(?=\S)(.+?)(?<=\S)\1`, `~~(?=\S)(.+?)(?<=\S)~~`, `\*(?=[^\s*])(.+?)(?<=[^\s*])\*` and
# `(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)`.
_STRONG = (spans.Pair("**", re.compile(r"\*(?=\*\S)"), re.compile(r"\*(?<=\S\*)(?=\*)")),
           spans.Pair("__", re.compile(r"_(?=_\S)"), re.compile(r"_(?<=\S_)(?=_)")))
_STRIKE = (spans.Pair("~~", re.compile(r"~(?=~\S)"), re.compile(r"~(?<=\S~)(?=~)")),)
_EM_STAR = (spans.Pair("*", re.compile(r"\*(?=[^\s*])"), re.compile(r"\*(?<=[^\s*]\*)")),)
_EM_UNDER = (spans.Pair("_", re.compile(r"_(?<![\w\\]_)(?=\S)"), re.compile(r"_(?<=\S_)(?!\w)")),)

# What may open a run-in title: bold/italic markers, Common Paper's heading spans, HTML emphasis.
_TITLE_OPEN = re.compile(
    r"\*\*|__|\*(?!\*)|_(?!_)|<span\s+class=\"header_[23]\"[^>]*>|<(strong|b|em|i)>"
)
# A typed number may come before the title: `1.1 <span class="header_3">Access and Use.</span>`.
_NUMBER_BEFORE_TITLE = re.compile(r"\s*(?:\d+(?:\.\d+)*\.?|\([a-zA-Z0-9]{1,5}\)|[a-zA-Z][.)])\s+")
_MAX_TITLE_WORDS = 20
_MAX_TITLE_NESTING = 3  # `**_Title._ text**` is one level; a title is not looked for deeper than this


def inline_text(raw: str, cancel: CancelFlag | None = None) -> str:
    """Return the visible text of Markdown inline source: no markup, entities decoded, spaces collapsed."""
    held: list[str] = []

    def hold(text: str) -> str:
        held.append(text)
        if len(held) % 1024 == 0:
            check_cancel(cancel)
        return f"{_HOLD_OPEN}{len(held) - 1}{_HOLD_CLOSE}"

    def link_text(match: re.Match[str]) -> str:
        return match.group(1)

    text = _MARKS.sub(lambda m: hold(m.group()), raw) if _MARKS.search(raw) else raw
    text = spans.code_spans(text, hold, cancel)
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: hold(m.group(1)), text)
    if "<" in text:
        text = spans.autolinks(text, hold, cancel)
    if "![" in text:
        text = spans.remove_images(text, cancel)
    for _ in range(_MAX_PASSES if "[" in text else 0):  # link text may itself hold a link or emphasis
        check_cancel(cancel)
        previous = text
        text = _LINK.sub(spans.ticking(link_text, cancel), text)
        text = _REF_LINK.sub(spans.ticking(link_text, cancel), text)
        if text == previous:
            break
    if "<" in text:
        text = spans.in_pieces(text, _BEFORE_TAG, lambda piece: _TAG.sub("", _BREAK_TAG.sub(" ", piece)), cancel)
    for _ in range(_MAX_PASSES):  # nested emphasis: **_Indirect Damages._ To the …**
        check_cancel(cancel)
        previous = text
        if "**" in text or "__" in text:
            text = spans.unwrap_pairs(text, _STRONG, cancel)
        if "~~" in text:
            text = spans.unwrap_pairs(text, _STRIKE, cancel)
        if "*" in text:
            text = spans.unwrap_pairs(text, _EM_STAR, cancel)
        if "_" in text:
            text = spans.unwrap_pairs(text, _EM_UNDER, cancel)
        if text == previous:
            break
    text = _unescape_and_release(text, held, cancel)
    return spans.in_pieces(text, _BEFORE_WORD, lambda piece: _SPACES.sub(" ", piece), cancel).strip()


def _unescape_and_release(text: str, held: list[str], cancel: CancelFlag | None) -> str:
    """Return `text` with entities decoded and each held piece put back, as the file wrote it.

    A held piece may hold earlier pieces (a code span inside an autolink), never later ones.
    Entities are decoded only outside held pieces, and what they decode to is never taken for
    a hold mark (`&#57344;` is the private-use character, written out).
    """
    def unescape(part: str) -> str:
        if "&" not in part:
            return part
        return spans.in_pieces(part, _BEFORE_ENTITY, lambda piece: html.unescape(_shorten_charrefs(piece)), cancel)

    if not held:
        return unescape(text)
    released: list[str] = []
    for number, piece in enumerate(held):
        if number % 1024 == 0:
            check_cancel(cancel)
        released.append(_HELD.sub(lambda m: released[int(m.group(1))], piece) if _HOLD_OPEN in piece else piece)
    parts = _HELD.split(text)
    return "".join(released[int(part)] if i % 2 else unescape(part) for i, part in enumerate(parts))


def _shorten_charrefs(text: str) -> str:
    """Return `text` with numeric character references html.unescape could not take shortened.

    The leading zeros go; a number still longer than eight digits is beyond Unicode, which
    html.unescape (and a browser) shows as U+FFFD.
    """
    if "&#" not in text:
        return text

    def shorten(match: re.Match[str]) -> str:
        ref = match.group()
        hexadecimal = ref[2] in "xX"
        digits = ref[3 if hexadecimal else 2:].rstrip(";").lstrip("0") or "0"
        if len(digits) > 8:
            return "\ufffd"
        return "&#" + ("x" if hexadecimal else "") + digits + (";" if ref.endswith(";") else "")

    return _LONG_CHARREF.sub(shorten, text)


def _closing(raw: str, opener: str, start: int) -> tuple[int, int] | None:
    """Return (start, end) of the marker that closes `opener`, searching from `start`."""
    if opener.startswith("<span"):
        at = raw.find("</span>", start)
        return (at, at + 7) if at >= 0 else None
    if opener.startswith("<"):
        close = "</" + opener[1:]
        at = raw.lower().find(close.lower(), start)
        return (at, at + len(close)) if at >= 0 else None
    at = start
    while True:
        at = raw.find(opener, at)
        if at < 0:
            return None
        before = raw[at - 1] if at > 0 else " "
        after = raw[at + len(opener)] if at + len(opener) < len(raw) else " "
        if opener in ("*", "_") and (after == opener or before == opener):
            at += 2  # part of a `**` or `__` pair, not our closer
            continue
        if opener in ("_", "__") and (after.isalnum()):
            at += len(opener)  # intra-word underscore (snake_case) does not close emphasis
            continue
        if not before.isspace():
            return at, at + len(opener)
        at += len(opener)


def run_in_title(raw: str, cancel: CancelFlag | None = None) -> str:
    """Return the visible text up to the end of a leading bold/italic/header span, or "".

    The result is always a prefix of `inline_text(raw)`. It may start with a typed number
    ("1.1 Access and Use.") because the splitter, not the reader, separates numbers. When the
    whole paragraph is emphasised, the title is looked for inside it (GitHub writes
    `**_Indirect Damages._ To the maximum extent …**`), down to _MAX_TITLE_NESTING levels.
    """
    return _run_in_title(raw, None, cancel, _MAX_TITLE_NESTING)


def _run_in_title(raw: str, full: str | None, cancel: CancelFlag | None, depth: int) -> str:
    """Return run_in_title(raw), given `full`, the inline text of `raw` if known; look `depth` levels inside."""
    lead = _NUMBER_BEFORE_TITLE.match(raw)
    start = lead.end() if lead and _TITLE_OPEN.match(raw, lead.end()) else 0
    if start == 0 and raw[:1].isspace():
        start = len(raw) - len(raw.lstrip())
    opened = _TITLE_OPEN.match(raw, start)
    if not opened:
        return ""
    close = _closing(raw, opened.group(0), opened.end())
    if close is None:
        return ""
    if full is None:
        full = inline_text(raw, cancel)
    prefix = inline_text(raw[: close[1]], cancel)
    if prefix == full and depth > 0:
        inner_raw = raw[opened.end() : close[0]]
        inner_full = inline_text(inner_raw, cancel)
        inner = _run_in_title(inner_raw, inner_full, cancel, depth - 1)
        if inner and inner != inner_full and full.startswith(inner):
            return inner
    if not prefix or not full.startswith(prefix) or len(prefix.split()) > _MAX_TITLE_WORDS:
        return ""
    return prefix
