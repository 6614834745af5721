"""The text of tracked changes and comment ranges, kept as spans of one running text.

A change or a comment range covers whatever text the body walk passes while it is open, and
changes nest (a deletion inside an insertion) while ranges overlap. Copying each piece of text
into every open change or range costs the number open times the text: a file of 200 nested
insertions, or 5,000 ranges never closed, turns a few hundred kilobytes into gigabytes. Here
each piece is written once, to a `TextLog`; a change or range remembers where in the log it
starts and ends, and its text is cut out only at the end, after its length has been checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.model import ChangeKind

# A comment's anchor is kept for reference, never shown whole; a range left open to the end of
# a long document would otherwise be a copy of the document per comment.
MAX_ANCHOR_CHARS = 1_000
_ANCHOR_WINDOW = 4 * MAX_ANCHOR_CHARS  # raw text looked at: whitespace collapses when joined

TOO_MUCH_TEXT = (
    "{name} unpacks to far more text than it holds: its tracked changes or comments overlap "
    "or nest far more than in any real document, so it was not opened. If you trust it, open "
    "it in Word, accept or reject the changes, save a copy as .docx and import the copy."
)


class TextLog:
    """Text appended in document order; spans of it are cut out once the walk is over."""

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self.length = 0  # characters appended so far: where the next span starts
        self._whole: str | None = None

    def append(self, text: str) -> None:
        """Add text at the end."""
        self._pieces.append(text)
        self.length += len(text)

    def cut(self, start: int, end: int) -> str:
        """Return the text between two lengths; the first call joins the pieces once."""
        if self._whole is None:
            self._whole = "".join(self._pieces)
            self._pieces = []
        return self._whole[start:end]


@dataclass(slots=True)
class ChangeMark:
    """One tracked change found in the body: its text is `text`, or the log's span start..end."""

    kind: ChangeKind
    author: str
    date: str
    position: int  # the raw paragraph it sits in
    start: int = 0
    end: int = 0
    text: str | None = None  # set for a changed paragraph mark or table row

    def size(self) -> int:
        """Return the length its text will have."""
        return len(self.text) if self.text is not None else self.end - self.start

    def cut(self, log: TextLog) -> str:
        """Return its text."""
        return self.text if self.text is not None else log.cut(self.start, self.end)


@dataclass(slots=True)
class Anchor:
    """Where a comment sits: the raw paragraph position and the span of accepted text it covers."""

    position: int
    ranged: bool = False
    start: int = 0
    end: int | None = None  # None while the range is open
    hidden_at_start: int = 0  # the count of hidden pieces when the range opened
    saw_deleted: bool = False

    def close(self, log: TextLog, hidden: int) -> None:
        """End the range here: `hidden` is the count of hidden (deleted) pieces so far."""
        self.end = log.length
        self.saw_deleted = hidden > self.hidden_at_start

    def size(self) -> int:
        """Return at most how long its text will be."""
        return min((self.end or 0) - self.start, MAX_ANCHOR_CHARS + 1)

    def text(self, log: TextLog) -> str:
        """Return the commented text, whitespace collapsed, cut at MAX_ANCHOR_CHARS with "…"."""
        if not self.ranged or self.end is None:
            return ""
        window = MAX_ANCHOR_CHARS + 1
        while True:  # a longer stretch only while collapsed whitespace leaves the text short
            stop = min(self.end, self.start + window)
            text = " ".join(log.cut(self.start, stop).split())
            if len(text) > MAX_ANCHOR_CHARS or stop == self.end or window >= _ANCHOR_WINDOW:
                break
            window *= 2
        if len(text) > MAX_ANCHOR_CHARS or stop < self.end:
            return text[:MAX_ANCHOR_CHARS].rstrip() + "…"
        return text
