"""Turning one Markdown paragraph's source into the text a reader sees, and finding its run-in title.

Markdown drafts carry emphasis, links, HTML spans (Common Paper writes
`<span class="header_3">Access and Use.</span>`), entities and escapes. A lawyer reading the
rendered page sees none of that markup, so the paragraph text keeps only the words.
"""

from __future__ import annotations

import html
import re

# Private-use characters mark text that later passes must not touch (code spans, escapes, URLs).
_HOLD_OPEN, _HOLD_CLOSE = "\ue000", "\ue001"
_HELD = re.compile(_HOLD_OPEN + r"(\d+)" + _HOLD_CLOSE)

_CODE = re.compile(r"(`+)(.+?)\1", re.S)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)>")
_IMAGE = re.compile(r"!\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\s*\)")
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\s*\)")
_REF_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_EM_STAR = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*", re.S)
_EM_UNDER = re.compile(r"(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)", re.S)
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~", re.S)
_SPACES = re.compile(r"[ \t\r\n]+")

# What may open a run-in title: bold/italic markers, Common Paper's heading spans, HTML emphasis.
_TITLE_OPEN = re.compile(
    r"\*\*|__|\*(?!\*)|_(?!_)|<span\s+class=\"header_[23]\"[^>]*>|<(strong|b|em|i)>"
)
# A typed number may come before the title: `1.1 <span class="header_3">Access and Use.</span>`.
_NUMBER_BEFORE_TITLE = re.compile(r"\s*(?:\d+(?:\.\d+)*\.?|\([a-zA-Z0-9]{1,5}\)|[a-zA-Z][.)])\s+")
_MAX_TITLE_WORDS = 20


def inline_text(raw: str) -> str:
    """Return the visible text of Markdown inline source: no markup, entities decoded, spaces collapsed."""
    held: list[str] = []

    def hold(text: str) -> str:
        held.append(text)
        return f"{_HOLD_OPEN}{len(held) - 1}{_HOLD_CLOSE}"

    text = _CODE.sub(lambda m: hold(m.group(2).strip()), raw)
    text = _ESCAPE.sub(lambda m: hold(m.group(1)), text)
    text = _AUTOLINK.sub(lambda m: hold(m.group(1)), text)
    text = _IMAGE.sub("", text)
    previous = None
    while previous != text:  # link text may itself hold a link or emphasis
        previous = text
        text = _LINK.sub(lambda m: m.group(1), text)
        text = _REF_LINK.sub(lambda m: m.group(1), text)
    text = _BREAK_TAG.sub(" ", text)
    text = _TAG.sub("", text)
    previous = None
    while previous != text:  # nested emphasis: **_Indirect Damages._ To the …**
        previous = text
        text = _STRONG.sub(lambda m: m.group(2), text)
        text = _STRIKE.sub(lambda m: m.group(1), text)
        text = _EM_STAR.sub(lambda m: m.group(1), text)
        text = _EM_UNDER.sub(lambda m: m.group(1), text)
    text = html.unescape(text)
    while _HELD.search(text):
        text = _HELD.sub(lambda m: held[int(m.group(1))], text)
    return _SPACES.sub(" ", text).strip()


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


def run_in_title(raw: str) -> str:
    """Return the visible text up to the end of a leading bold/italic/header span, or "".

    The result is always a prefix of `inline_text(raw)`. It may start with a typed number
    ("1.1 Access and Use.") because the splitter, not the reader, separates numbers. When the
    whole paragraph is emphasised, the title is looked for inside it (GitHub writes
    `**_Indirect Damages._ To the maximum extent …**`).
    """
    full = inline_text(raw)
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
    prefix = inline_text(raw[: close[1]])
    if prefix == full:
        inner = run_in_title(raw[opened.end() : close[0]])
        if inner and inner != inline_text(raw[opened.end() : close[0]]) and full.startswith(inner):
            return inner
    if not prefix or not full.startswith(prefix) or len(prefix.split()) > _MAX_TITLE_WORDS:
        return ""
    return prefix
