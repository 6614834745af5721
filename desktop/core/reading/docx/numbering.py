"""Word automatic list numbering: the label Word shows ("8.", "a.", "8.2", "(iii)") per paragraph.

Written against ECMA-376 Part 1 §17.9. A paragraph points at a numbering instance (w:num, by
numId) and a level (ilvl); the instance points at an abstract definition (w:abstractNum),
possibly through a numbering style (w:numStyleLink → style → w:num → w:abstractNum with the
matching w:styleLink). Each level has a start, a number format and a text template whose
%1..%9 stand for the current numbers of levels 1..9.

Counting follows Word: instances that share an abstract definition continue one running
count; an instance's w:startOverride (or an overriding w:lvl's w:start) resets that level the
first time a paragraph of that instance uses it. Using a level resets the deeper levels
(subject to w:lvlRestart). A level that has never been used shows its start minus one, which
is why Word shows "0.1" for a level-2 heading with no level-1 heading before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from desktop.core.model import CancelFlag
from desktop.core.reading.docx.styles import W_VAL, StyleSheet, W, decimal, int_val, on_off
from desktop.core.work import check_cancel

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")
_MAX_LINKS = 8  # numStyleLink chains deeper than this are treated as broken
# Real level texts are at most "%1.%2.%3.%4.%5.%6.%7.%8.%9." (27 characters); a hostile one
# of thousands of "%1" would make every paragraph's label huge. Labels are cut at _MAX_LABEL.
_MAX_LEVEL_TEXT = 64
_MAX_LABEL = 64
_MAX_REPEAT = 20  # past value 520, letters ("zzz…" 20 times) and Chicago symbols are shown as a number

# Word draws bullets from the Symbol and Wingdings fonts with private-use code points; the
# label shows the character a reader sees instead.
_BULLETS = {
    "\uf0b7": "•", "\uf0a7": "▪", "\uf06c": "●", "\uf06e": "■", "\uf071": "❑",
    "\uf075": "◆", "\uf076": "❖", "\uf0a8": "◆", "\uf0d8": "➢", "\uf0e8": "➔", "\uf0fc": "✓",
}


@dataclass(frozen=True)
class ListLevel:
    """One level of a list definition (w:lvl)."""

    start: int = 0  # ECMA-376: an absent w:start means 0
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: 0 never, N after level N (1-based) is used
    legal: bool = False  # w:isLgl: show every level's number in decimal
    style: str = ""  # w:pStyle: the paragraph style linked to this level


@dataclass
class _Instance:
    """One numbering instance (w:num): its definition and what it overrides."""

    abstract_id: str
    levels: dict[int, ListLevel] = field(default_factory=dict)  # w:lvlOverride/w:lvl
    starts: dict[int, int] = field(default_factory=dict)  # w:startOverride


def read_level(lvl: etree._Element) -> ListLevel:
    """Return the ListLevel that one w:lvl element defines."""
    fmt_el = lvl.find(W + "numFmt")
    if fmt_el is None:  # Word 2010+ may wrap it: <mc:AlternateContent>…<mc:Fallback>
        fmt_el = lvl.find(f"{MC}AlternateContent/{MC}Fallback/{W}numFmt")
    text_el = lvl.find(W + "lvlText")
    style_el = lvl.find(W + "pStyle")
    return ListLevel(
        start=int_val(lvl.find(W + "start")) or 0,
        fmt=fmt_el.get(W_VAL, "decimal") if fmt_el is not None else "decimal",
        text=text_el.get(W_VAL, "")[:_MAX_LEVEL_TEXT] if text_el is not None else "",
        restart=int_val(lvl.find(W + "lvlRestart")),
        legal=bool(on_off(lvl.find(W + "isLgl"))),
        style=style_el.get(W_VAL, "") if style_el is not None else "",
    )


def _ilvl(el: etree._Element) -> int | None:
    """Return the w:ilvl attribute of a w:lvl or w:lvlOverride as an int in 0..8, else None."""
    level = decimal(el.get(W + "ilvl"))
    return level if level is not None and 0 <= level < LEVELS else None


class ListDefinitions:
    """The list definitions of one document (word/numbering.xml); empty when absent."""

    def __init__(
        self, root: etree._Element | None, styles: StyleSheet | None = None, cancel: CancelFlag | None = None
    ) -> None:
        self._abstract: dict[str, dict[int, ListLevel]] = {}
        self._style_link: dict[str, str] = {}  # abstractNumId → numbering style id
        self._instances: dict[str, _Instance] = {}
        self._styles = styles or StyleSheet(None)
        if root is None:
            return
        for number, abstract in enumerate(root.iter(W + "abstractNum")):
            if number % 256 == 0:
                check_cancel(cancel)
            abstract_id = abstract.get(W + "abstractNumId", "")
            levels: dict[int, ListLevel] = {}
            for lvl in abstract.iter(W + "lvl"):
                level = _ilvl(lvl)
                if level is not None:
                    levels.setdefault(level, read_level(lvl))
            self._abstract.setdefault(abstract_id, levels)
            link = abstract.find(W + "numStyleLink")
            if link is not None and link.get(W_VAL):
                self._style_link.setdefault(abstract_id, link.get(W_VAL, ""))
        for number, num in enumerate(root.iter(W + "num")):
            if number % 256 == 0:
                check_cancel(cancel)
            ref = num.find(W + "abstractNumId")
            instance = _Instance(ref.get(W_VAL, "") if ref is not None else "")
            for override in num.iter(W + "lvlOverride"):
                level = _ilvl(override)
                if level is None:
                    continue
                start = int_val(override.find(W + "startOverride"))
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    instance.levels[level] = read_level(lvl)
                    if start is None and lvl.find(W + "start") is not None:
                        start = instance.levels[level].start
                if start is not None:
                    instance.starts[level] = start
            self._instances.setdefault(num.get(W + "numId", ""), instance)

    def resolve(self, num_id: str) -> tuple[str, dict[int, ListLevel], _Instance] | None:
        """Return (counter key, levels in force, instance) for a numId, None when broken."""
        instance = self._instances.get(num_id)
        if instance is None:
            return None
        abstract_id = instance.abstract_id
        for _ in range(_MAX_LINKS):
            if abstract_id not in self._abstract:
                return None
            link = self._style_link.get(abstract_id)
            if not link:
                break
            linked_num, _level = self._styles.num_pr(link)
            target = self._instances.get(linked_num or "")
            if target is None:
                return None
            abstract_id = target.abstract_id
        else:
            return None
        levels = dict(self._abstract[abstract_id])
        levels.update(instance.levels)
        return abstract_id, levels, instance

    def level_for_style(self, num_id: str, style_id: str) -> int | None:
        """Return the level whose w:pStyle links it to this paragraph style, None if none does."""
        resolved = self.resolve(num_id)
        if resolved is None or not style_id:
            return None
        for level, definition in sorted(resolved[1].items()):
            if definition.style == style_id:
                return level
        return None


class ListCounter:
    """The running list numbers of one document, fed paragraph by paragraph in body order."""

    def __init__(self, definitions: ListDefinitions) -> None:
        self.definitions = definitions
        self._counts: dict[str, list[int | None]] = {}
        self._started: set[tuple[str, int]] = set()  # (numId, ilvl) whose override was applied
        self.broken: dict[str, int] = {}  # numId → how many paragraphs pointed at it in vain

    def next_label(self, num_id: str, ilvl: int) -> str | None:
        """Return the label of the next paragraph of this list and level, counting it.

        Returns None when the paragraph is not numbered after all: numId "0" (numbering
        removed) or a reference to a definition that is missing (counted in `broken`).
        """
        if num_id == "0":
            return None
        resolved = self.definitions.resolve(num_id)
        if resolved is None:
            self.broken[num_id] = self.broken.get(num_id, 0) + 1
            return None
        key, levels, instance = resolved
        ilvl = min(max(ilvl, 0), LEVELS - 1)
        level = levels.get(ilvl)
        if level is None:
            return ""
        counts = self._counts.setdefault(key, [None] * LEVELS)
        count = counts[ilvl]
        if ilvl in instance.starts and (num_id, ilvl) not in self._started:
            self._started.add((num_id, ilvl))
            counts[ilvl] = instance.starts[ilvl]
        elif count is None:
            counts[ilvl] = instance.starts.get(ilvl, level.start)
        else:
            counts[ilvl] = count + 1
        for deeper in range(ilvl + 1, LEVELS):
            if _restarts(levels.get(deeper), deeper, ilvl):
                counts[deeper] = None
        starts = [instance.starts.get(n, levels[n].start if n in levels else 0) for n in range(LEVELS)]
        return render_label(level, levels, counts, starts)


def _bullet(char: str) -> str:
    """Return the character a reader sees for one character of a bullet's w:lvlText."""
    if char in _BULLETS:
        return _BULLETS[char]
    return "•" if "\ue000" <= char <= "\uf8ff" else char


def _restarts(level: ListLevel | None, deeper: int, used: int) -> bool:
    """Return whether using level `used` resets level `deeper` (w:lvlRestart, §17.9.10)."""
    restart = level.restart if level is not None else None
    if restart is None or restart - 1 >= deeper:  # absent, or naming itself/a deeper level
        return True
    if restart == 0:
        return False
    return used < restart


def render_label(
    level: ListLevel, levels: dict[int, ListLevel], counts: list[int | None], starts: list[int]
) -> str:
    """Return the label text: the level's w:lvlText with %1..%9 replaced by formatted numbers.

    A level not in use shows its start minus one (Word's "0.1"); `starts` holds each level's
    start for the paragraph's numbering instance.
    """
    if level.fmt == "bullet":
        return "".join(_bullet(ch) for ch in level.text).strip()

    def number(index: int) -> str:
        shown = levels.get(index, ListLevel())
        value = counts[index]
        if value is None:
            value = max(starts[index] - 1, 0)
        fmt = "decimal" if level.legal and shown.fmt not in ("none", "bullet") else shown.fmt
        return format_number(value, fmt)

    # Each level's number is written once, however often the text repeats its placeholder.
    numbers = {digit: number(int(digit) - 1) for digit in set(_PLACEHOLDER.findall(level.text))}
    return _PLACEHOLDER.sub(lambda found: numbers[found.group(1)], level.text).strip()[:_MAX_LABEL]


_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_WORDS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)
_CHICAGO = "*†‡§"
_LARGEST = 32767  # Word's own limit for a list number; beyond it a hostile file wants memory


def format_number(value: int, fmt: str) -> str:
    """Return a list number written in a Word number format (w:numFmt); unknown → decimal."""
    if fmt == "none":
        return ""
    if (value <= 0 or value > _LARGEST) and fmt not in ("decimal", "decimalZero"):
        return str(value)  # letters, Roman numerals and words have no zero (nor huge values)
    if fmt in ("lowerLetter", "upperLetter", "chicago") and (value - 1) // 26 >= _MAX_REPEAT:
        return str(value)  # Word would repeat the letter up to 1,261 times: only a hostile file
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"
    if fmt == "cardinalText":
        return _words(value).capitalize()
    if fmt == "ordinalText":
        return _ordinal_words(value).capitalize()
    if fmt == "decimalEnclosedParen":
        return f"({value})"
    if fmt == "decimalEnclosedFullstop":
        return f"{value}."
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and value <= 20:
        return chr(0x2460 + value - 1)
    if fmt == "chicago":
        return _CHICAGO[(value - 1) % 4] * ((value - 1) // 4 + 1)
    if fmt == "numberInDash":
        return f"- {value} -"
    return str(value)


def _roman(value: int) -> str:
    """Return a positive number in lower-case Roman numerals."""
    out = []
    for amount, numeral in _ROMAN:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)


def _words(value: int) -> str:
    """Return a non-negative number in English words ("twenty-one")."""
    if value < 20:
        return _ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    for amount, name in ((1_000_000, "million"), (1000, "thousand"), (100, "hundred")):
        if value >= amount:
            high, rest = divmod(value, amount)
            return f"{_words(high)} {name}" + (f" {_words(rest)}" if rest else "")
    return str(value)


def _ordinal_words(value: int) -> str:
    """Return a positive number as English ordinal words ("twenty-first")."""
    words = _words(value)
    head, sep, last = words.rpartition("-") if "-" in words else words.rpartition(" ")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last
