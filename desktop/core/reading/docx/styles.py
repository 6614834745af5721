"""Word styles (word/styles.xml): names, outline levels, list numbering and bold, by style id.

Paragraph and character styles inherit from each other through w:basedOn; every question here
walks that chain from the style itself to its furthest ancestor and takes the nearest answer.
"""

from __future__ import annotations

import re

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_VAL = W + "val"
_FALSE = {"0", "false", "off", "none"}
_HEADING = re.compile(r"heading ([1-9])$", re.IGNORECASE)
_LARGEST = 2**31 - 1  # ST_DecimalNumber: Word's numbers are 32-bit
_MAX_CHAIN = 64  # a w:basedOn cycle or absurd depth must not hang the reader


def on_off(el: etree._Element | None) -> bool | None:
    """Return the value of an on/off property element (w:b, w:vanish), None when absent."""
    if el is None:
        return None
    return el.get(W_VAL, "1").lower() not in _FALSE


def int_val(el: etree._Element | None) -> int | None:
    """Return the integer w:val of an element, None when absent or not a number."""
    return decimal(el.get(W_VAL)) if el is not None else None


def decimal(value: str | None) -> int | None:
    """Return an attribute's whole number within Word's 32-bit range, None when it is not one.

    Written out rather than int(): int() raises ValueError past 4,300 digits (a hostile
    w:start) and accepts "1_0" and other scripts' digits, which no Word file holds. A number
    past the range is clamped to its end, as Word does with a w:start beyond its limit.
    """
    if value is None:
        return None
    text = value.strip()
    digits = text[1:] if text[:1] in ("+", "-") else text
    if not digits or not (digits.isascii() and digits.isdigit()):
        return None
    digits = digits.lstrip("0") or "0"
    number = _LARGEST if len(digits) > len(str(_LARGEST)) else min(int(digits), _LARGEST)
    return -number if text[:1] == "-" else number


class StyleSheet:
    """The styles of one document, answering by style id (an empty sheet when absent)."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, etree._Element] = {}
        self.default_paragraph = ""
        self.default_bold = False
        self._names: dict[str, str] = {}
        self._elements: dict[tuple[str, str], etree._Element | None] = {}
        self._num_prs: dict[str, tuple[str | None, int | None]] = {}
        if root is None:
            return
        for style in root.iter(W + "style"):
            style_id = style.get(W + "styleId", "")
            if not style_id:
                continue
            self._styles.setdefault(style_id, style)
            if style.get(W + "type") == "paragraph" and on_off_attr(style.get(W + "default")):
                self.default_paragraph = self.default_paragraph or style_id
        bold = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}b")
        self.default_bold = bool(on_off(bold))

    def paragraph_style(self, style_id: str | None) -> str:
        """Return the id of the paragraph style in force: the given one if known, else the default."""
        if style_id and style_id in self._styles:
            return style_id
        return self.default_paragraph

    def name(self, style_id: str) -> str:
        """Return the style's display name ("Heading 2", "List Paragraph"), or its id."""
        if style_id not in self._names:
            self._names[style_id] = self._name(style_id)
        return self._names[style_id]

    def _name(self, style_id: str) -> str:
        style = self._styles.get(style_id)
        if style is None:
            return style_id
        name_el = style.find(W + "name")
        name = name_el.get(W_VAL, "") if name_el is not None else ""
        if not name:
            return style_id
        # Word stores its built-in heading names in lower case and shows them capitalised.
        match = _HEADING.match(name)
        return f"Heading {match.group(1)}" if match else name

    def _chain(self, style_id: str) -> list[etree._Element]:
        """Return the style and its w:basedOn ancestors, nearest first, cycles cut."""
        chain: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(chain) < _MAX_CHAIN:
            style = self._styles.get(style_id)
            if style is None:
                break
            seen.add(style_id)
            chain.append(style)
            based = style.find(W + "basedOn")
            style_id = based.get(W_VAL, "") if based is not None else ""
        return chain

    def _nearest(self, kind: str, style_id: str, path: str) -> etree._Element | None:
        """Return the element at `path` in the nearest style of the chain that has it."""
        key = (kind, style_id)
        if key not in self._elements:
            found = None
            for style in self._chain(style_id):
                found = style.find(path)
                if found is not None:
                    break
            self._elements[key] = found
        return self._elements[key]

    def num_pr(self, style_id: str) -> tuple[str | None, int | None]:
        """Return the (numId, ilvl) a paragraph style gives, each None when not set."""
        if style_id not in self._num_prs:
            self._num_prs[style_id] = self._num_pr(style_id)
        return self._num_prs[style_id]

    def _num_pr(self, style_id: str) -> tuple[str | None, int | None]:
        num_pr = self._nearest("numPr", style_id, f"{W}pPr/{W}numPr")
        if num_pr is None:
            return None, None
        num_id = num_pr.find(W + "numId")
        return (
            num_id.get(W_VAL) if num_id is not None else None,
            int_val(num_pr.find(W + "ilvl")),
        )

    def outline_level(self, style_id: str) -> int | None:
        """Return the 0-based outline level a paragraph style gives, None for body text."""
        level = int_val(self._nearest("outline", style_id, f"{W}pPr/{W}outlineLvl"))
        if level is not None:
            return level if 0 <= level <= 8 else None
        match = _HEADING.match(self.name(style_id)) if style_id else None
        return int(match.group(1)) - 1 if match else None

    def bold(self, style_id: str) -> bool | None:
        """Return whether the style (paragraph or character) makes its runs bold, None if silent."""
        return on_off(self._nearest("bold", style_id, f"{W}rPr/{W}b"))


def on_off_attr(value: str | None) -> bool:
    """Return the truth of an on/off attribute such as w:default="1"."""
    return value is not None and value.lower() not in _FALSE
