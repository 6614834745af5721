"""Markdown list markers: which markers start a list item, and the label a renderer shows for it.

pandoc's "fancy lists" decide the style from the first marker ("a." letters, "i." roman,
"(1)" numbers in parentheses) and number the items from its value; Word's letter numbering
goes a … z, aa, bb …; bullets show "•" and "–" by depth in pandoc's Word output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.clause_labels import roman_value

BULLET = re.compile(r"^([*+-])([ \t]+|$)")
_ORDERED = re.compile(
    r"^(?:\((?P<p2>[0-9]{1,9}|[a-zA-Z]|[ivxlcdmIVXLCDM]+|#)\)"
    r"|(?P<p1>[0-9]{1,9}|[a-zA-Z]|[ivxlcdmIVXLCDM]+|#)(?P<d>[.)]))(?P<sp>[ \t]+|$)"
)
MAX_LIST_VALUE = 999_999_999  # the largest number a Markdown list marker can have (nine digits)
# Letters and roman numerals grow with the value ("zzzz…", "mmmm…"): past this a label is
# written in digits, so a list of a hundred thousand lettered items cannot make labels of
# thousands of letters each. Roman list markers go up to 4999 (mmmmcmxcix).
_MAX_SPELLED = 4999
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


@dataclass
class Marker:
    """One list marker as written: its kind, style, delimiter, value and the item's content column."""

    bullet: bool
    style: str  # "bullet", "decimal", "lowerAlpha", "upperAlpha", "lowerRoman", "upperRoman"
    delim: str  # ".", ")", "()" or "" for bullets
    value: int
    content: int  # column where the item's text starts (relative to the container)


def parse_marker(line: str, list_style: str | None = None) -> Marker | None:
    """Return the list marker at the start of `line` (no leading spaces), or None.

    `list_style` is the style of the list being continued: pandoc reads "i." as a letter in a
    letter list, and as roman one when it starts a list (its `romanOne` rule).
    """
    bullet = BULLET.match(line)
    if bullet:
        return Marker(True, "bullet", "", 0, _content_column(line, bullet.end(1), bullet.group(2)))
    match = _ORDERED.match(line)
    if not match:
        return None
    token = match.group("p1") or match.group("p2")
    delim = match.group("d") or "()"
    if token == "#":
        style, value = "decimal", 1
    elif token.isdigit():
        style, value = "decimal", int(token)
    else:
        lower = token.lower()
        upper = token.isupper()
        roman_ok = bool(_ROMAN.match(lower))
        if len(token) == 1 and list_style in ("lowerAlpha", "upperAlpha"):
            style, value = list_style, ord(lower) - 96
        elif len(token) == 1 and list_style in ("lowerRoman", "upperRoman") and roman_ok:
            style, value = list_style, roman_value(lower)
        elif len(token) == 1 and lower != "i":
            style, value = ("upperAlpha" if upper else "lowerAlpha"), ord(lower) - 96
        elif roman_ok and (token.islower() or upper):
            style, value = ("upperRoman" if upper else "lowerRoman"), roman_value(lower)
        else:
            return None
        # pandoc: a capital letter and a period need two spaces after them, so "B. Russell"
        # stays a sentence ("II." does not: only one-letter markers could be initials)
        two_spaces = len(match.group("sp")) >= 2 or match.end() >= len(line)
        if upper and len(token) == 1 and delim == "." and not two_spaces:
            return None
    return Marker(False, style, delim, value, _content_column(line, match.start("sp"), match.group("sp")))


def _content_column(line: str, marker_end: int, spaces: str) -> int:
    """Return the column an item's text starts at: after the marker and up to four spaces."""
    if not spaces or marker_end >= len(line.rstrip()):
        return marker_end + 1
    width = len(spaces.expandtabs(4))
    return marker_end + (1 if width > 4 else width)


def _format_value(style: str, value: int) -> str:
    """Return `value` written in a list style: "3", "c", "iv", "IV"."""
    if style == "decimal" or value > _MAX_SPELLED:
        return str(value)
    if style in ("lowerAlpha", "upperAlpha"):
        # Word's letter numbering after z: aa, bb, cc …
        letter = chr(97 + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if style == "upperAlpha" else letter
    numerals = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out, rest = "", max(value, 1)
    for size, text in numerals:
        while rest >= size:
            out, rest = out + text, rest - size
    return out.upper() if style == "upperRoman" else out


def list_label(style: str, delim: str, value: int) -> str:
    """Return the label a renderer shows for item `value` of a list ("3.", "c)", "(iv)")."""
    shown = _format_value(style, value)
    return f"({shown})" if delim == "()" else shown + delim


def bullet_glyph(depth: int) -> str:
    """Return the bullet pandoc's Word output shows at list nesting `depth`."""
    return "•" if depth % 2 == 0 else "–"
