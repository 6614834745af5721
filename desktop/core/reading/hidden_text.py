"""Invisible characters that change how a draft's text reads: found at reading, told to the user.

A right-to-left override makes the characters after it display in reverse order, so what a
reader sees is not what the file says ("Trojan Source"); a zero-width space or a stray
byte-order mark splits a word without a trace, so two texts that look the same compare as
different. Such characters are kept exactly as they are (originals are stored byte for byte)
but the reader adds notes to the draft's warnings, which the window and the command line show.

Characters with a place in ordinary text are left alone: the zero-width joiner and
non-joiner (emoji sequences, Persian and Indic scripts) and the left-to-right and
right-to-left marks (mixed-direction text).

The replacement character "�" gets a note too: it is what stands where bytes could not be
read as text (in a .txt or .md, bytes that are not valid UTF-8, replaced by decode_text), so
letters or words may be missing there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from desktop.core.model import Paragraph

DIRECTION = {  # they change the order characters are displayed in
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
}
ZERO_WIDTH = {  # they take no room, but count as characters when drafts are compared
    "\u200b": "zero-width space",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
}
REPLACEMENT = {"\ufffd": "replacement character"}
_DIRECTION = re.compile("[" + "".join(DIRECTION) + "]")
_ZERO_WIDTH = re.compile("[" + "".join(ZERO_WIDTH) + "]")
_REPLACEMENT = re.compile("\ufffd")
_HIDDEN = re.compile("[" + "".join(DIRECTION) + "".join(ZERO_WIDTH) + "]")
_WORDS_AROUND = 5  # words quoted on each side of the first hit
_WORD = re.compile(r"\S+")


def hidden_characters_notes(paragraphs: Iterable[Paragraph]) -> tuple[str, ...]:
    """Return plain sentences about the paragraphs that hold invisible characters; () when none do.

    Direction controls get a warning of their own, since they can make a clause display
    differently from what it says; zero-width characters get a milder one, and replacement
    characters (unreadable bytes) one of their own. Each names the kinds found (most frequent
    first), counts the paragraphs and quotes the words around the first hit (_place).
    """
    paragraphs = tuple(paragraphs)
    out = []
    direction = _note(paragraphs, _DIRECTION, DIRECTION)
    if direction is not None:
        where, kinds, place = direction
        out.append(f"{where} characters that change the order text is displayed in ({kinds}), the first "
                   f"in {place}. What you see there may not be what the file says: check the original.")
    zero_width = _note(paragraphs, _ZERO_WIDTH, ZERO_WIDTH)
    if zero_width is not None:
        where, kinds, place = zero_width
        out.append(f"{where} invisible characters ({kinds}), the first in {place}. They take no room "
                   "but count when drafts are compared, so a change there can look like no change.")
    unreadable = _note(paragraphs, _REPLACEMENT, REPLACEMENT)
    if unreadable is not None:
        where, _, place = unreadable
        out.append(f"{where} “\ufffd”, which stands where bytes could not be read as text (in a text or "
                   f"Markdown file: bytes that are not valid UTF-8, replaced when it was read), the first "
                   f"in {place}. Letters or words may be missing there: check the original.")
    return tuple(out)


def _note(paragraphs: tuple[Paragraph, ...], pattern: re.Pattern[str],
          names: dict[str, str]) -> tuple[str, str, str] | None:
    """Return (how many paragraphs hold, which kinds, where the first hit is) for `pattern`, or None."""
    found: dict[str, int] = {}
    count = 0
    first: Paragraph | None = None
    for paragraph in paragraphs:
        hits = pattern.findall(paragraph.text)
        if not hits:
            continue
        count += 1
        if first is None:
            first = paragraph
        for char in hits:
            found[char] = found.get(char, 0) + 1
    if first is None:
        return None
    kinds = sorted(found, key=lambda char: (-found[char], names[char]))
    shown = ", ".join(names[char] for char in kinds[:3]) + (f" and {len(kinds) - 3} more" if len(kinds) > 3 else "")
    return ("1 paragraph holds" if count == 1 else f"{count} paragraphs hold"), shown, _place(first, pattern)


def _place(paragraph: Paragraph, pattern: re.Pattern[str]) -> str:
    """Return the words around the first hit in `paragraph`, as the file stores them, quoted.

    The invisible characters are taken out, so the quote reads in the file's own order: with
    a right-to-left override, that is the text the display turned round.
    """
    hit = pattern.search(paragraph.text)
    assert hit is not None
    text = _HIDDEN.sub("", paragraph.text)
    at = len(_HIDDEN.sub("", paragraph.text[:hit.start()]))  # where the hit was, in `text`
    words = list(_WORD.finditer(text))
    if not words:
        return f"paragraph {paragraph.index + 1}"
    middle = next((i for i, m in enumerate(words) if m.end() >= at), len(words) - 1)
    start, end = max(0, middle - _WORDS_AROUND), min(len(words), middle + _WORDS_AROUND + 1)
    quote = " ".join(m.group() for m in words[start:end])
    quote = ("…" if start > 0 else "") + quote
    quote = quote + "…" if end < len(words) else quote.rstrip(".;:,")
    return f"“{quote}”"
