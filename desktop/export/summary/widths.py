"""Table column widths from their content, so no word is ever broken across two lines of a cell.

Word, LibreOffice and Qt all break a word that is wider than its column ("Substantiv|e").
`fit_widths` takes a table's preferred shares of the text width and widens every column that
is narrower than its longest header word (and, within reason, its longest word in the
body), taking the room from the columns that have some to spare.

Widths are estimated from the characters of Times New Roman (the summary's font) in ems,
rounded up, so the estimate errs on the wide side: no font needs to be installed, and the
.docx writer, which never lays text out, gets the same widths as the PDF.
"""

from __future__ import annotations

from collections.abc import Sequence

TEXT_WIDTH_PT = 6.9 * 72  # US Letter with 0.8" margins: the width every table spans
TABLE_FONT_PT = 9.0
# Word's default cell margins (0.08" each side) and Qt's cellpadding 4px plus the borders.
CELL_PADDING_PT = 13.0
_BODY_WORD_SHARE = 0.3  # a longer unbroken body word (a file name) may wrap rather than widen its column
_SHORT_CELL = 12  # a body cell this short ("10 Apr 2024", "Round 2 (Us)") reads best on one line

# Approximate advance widths of Times New Roman in ems; anything else counts as 0.5.
_NARROW = set("fijlrtI.,;:'!|()[]{}-‘’ ")
_WIDE = set("mwMW%@&—")
_BOLD = 1.06


def word_width(word: str, *, bold: bool = False, size: float = TABLE_FONT_PT) -> float:
    """Return the width of `word` in points, a little wider than it prints."""
    ems = 0.0
    for ch in word:
        if ch in _NARROW:
            ems += 0.34
        elif ch in _WIDE:
            ems += 0.92
        elif ch.isupper():
            ems += 0.72
        else:
            ems += 0.52
    return ems * size * (_BOLD if bold else 1.0)


def longest_word(text: str, *, bold: bool = False) -> float:
    """Return the width in points of the widest word of `text` (0 for no text)."""
    return max((word_width(word, bold=bold) for word in text.split()), default=0.0)


def fit_widths(shares: Sequence[float], header: Sequence[str], body: Sequence[Sequence[str]],
               total: float = TEXT_WIDTH_PT) -> tuple[float, ...]:
    """Return the columns' shares of `total`, each wide enough for its longest header word.

    `body` holds each row's cell texts (their words may widen a column up to a limit);
    the shares keep their proportions where they can and always add up to 1.
    """
    count = len(shares)
    scale = sum(shares) or 1.0
    widths = [total * share / scale for share in shares]
    needed = []
    for column in range(count):
        head = longest_word(header[column], bold=True) if column < len(header) else 0.0
        cells = (row[column] for row in body if column < len(row))
        words = max((word_width(text) if len(text) <= _SHORT_CELL else longest_word(text) for text in cells),
                    default=0.0)
        needed.append(min(max(head, min(words, total * _BODY_WORD_SHARE)) + CELL_PADDING_PT, total))
    if sum(needed) >= total:  # nothing to spare: every column gets its minimum, scaled to fit
        return tuple(n / sum(needed) for n in needed)
    # Widen the narrow columns, taking the room from the others in proportion to their slack.
    for _ in range(count):
        short = sum(max(n - w, 0.0) for n, w in zip(needed, widths))
        if short <= 1e-6:
            break
        widths = [max(w, n) for w, n in zip(widths, needed)]
        slack = [max(w - n, 0.0) for w, n in zip(widths, needed)]
        spare = sum(slack)
        widths = [w - short * s / spare for w, s in zip(widths, slack)]
    return tuple(w / total for w in widths)
