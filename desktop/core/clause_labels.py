"""Reading clause numbers, headings and defined terms off the start of a paragraph.

These are the small judgements the clause splitter makes about one paragraph at a time:
is "(iv)" a roman four, where does "Section 9." end, is "Access and Use." a run-in title,
is `“Customer Data” means …` a definition. The tree-building lives in `clauses`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_KEYWORDS = {"article": "article", "section": "section", "clause": "clause", "§": "section", "§§": "section"}

_NUMBER = re.compile(
    r"""(?:
      (?P<kw>ARTICLE|Article|SECTION|Section|CLAUSE|Clause|§§?)\s*
        (?P<kwnum>\d+(?:\.\d+)*[A-Za-z]?|[IVXLCDM]+|[A-Z])(?P<kwend>[.:]?)
    | (?P<multi>\d+(?:\.\d+)+)(?P<multiend>\.?)
    | (?P<num>\d+)(?P<numend>[.)])
    | \((?P<paren>\d{1,3}|[a-z]{1,2}|[A-Z]{1,2}|[ivxlc]{1,7}|[IVXLC]{1,7})\)
    | (?P<letter>[a-z]|[A-Z]|[ivxlc]{2,7}|[IVXLC]{2,7})(?P<letterend>[.)])
    | (?P<bullet>[•▪◦·●○■□➢►✓◆◇–—*o-])
    )""",
    re.X,
)
_AFTER_NUMBER = re.compile(r"\s+|$")
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_BULLETS = set("•▪◦·●○■□➢►✓◆◇–—*-o")

_SMALL_WORDS = frozenset(
    "a an the and or nor of to in on for with by from at as vs via under upon into per not but "
    "than that its their our your this these those de la".split()
)
_ABBREVIATIONS = frozenset(
    "inc ltd co corp llc llp plc pvt bv nv ag gmbh no nos mr mrs ms dr st jr sr vs etc e.g i.e u.s u.k".split()
)
# "Fees. Customer will …"; without a space only "Definitions.The …" (lower-case, then a word).
_RUN_IN = re.compile(
    r"(?P<title>[^.!?;:\n]{1,90}?)\.(?:[ \t\u00a0]+|(?<=[a-z]\.)(?=[A-Z][a-z]))(?P<rest>\S.*)", re.S
)
# What starts a name or address, not a clause: "Anthony K. Chan", "U.S. sales", "Baker Botts L.L.P."
_INITIAL_NEXT = re.compile(r"[A-Z][a-z]?\.")
# A full stop ends a sentence unless it closes an initialism ("U.S. Federal Government Terms").
_SENTENCE_BREAK = re.compile(r"[;!?]|(?<![A-Z])\.\s+\S")
_DEFINITION = re.compile(
    r"""(?:(?:The|A|An)\s+)?[“"‘']\s*(?P<term>[^“”"‘’\n]{1,80}?)\s*,?[”"’'],?
        (?:\s*\([^()]{0,80}\))?
        (?:\s*,?\s*(?:(?:or|and)\s+)?[“"‘'][^“”"‘’\n]{1,60}[”"’'],?(?:\s*\([^()]{0,80}\))?)*
        \s*,?\s*(?:means?|shall\s+mean|has\s+the\s+meanings?|have\s+the\s+meanings?|shall\s+have\s+the\s+meanings?
          |will\s+have\s+the\s+meanings?|is\s+defined|are\s+defined|refers?|includes?|shall\s+include
          |is|are|will\s+mean)\b""",
    re.X | re.I,
)
_DEFINING_VERB = re.compile(
    r"\s*(?:means?|shall\s+mean|has\s+the\s+meanings?|have\s+the\s+meanings?|is\s+defined|refers?\s+to)\b", re.I
)


@dataclass(frozen=True)
class Label:
    """A clause number as shown, and what it means for nesting and citation."""

    shown: str  # as the reader sees it: "8.2", "(a)", "Section 9.", "•"
    family: str  # decimal, multi, alpha, ALPHA, roman, ROMAN, bullet, other
    style: str  # the decoration: ".", ")", "()", "", or a keyword ("section", "article", "clause")
    value: int = 0  # position in its sequence: 8 for "8.", 3 for "(c)", 4 for "(iv)"
    core: str = ""  # what a citation uses: "8", "8.2", "a", "iv", "IV"
    parts: tuple[int, ...] = ()  # for dotted numbers: (8, 2, 1)
    ambiguous: bool = False  # a letter that is also a roman numeral: i, v, x, l, c

    @property
    def citable(self) -> bool:
        """Return whether the label contributes to a citation (bullets do not)."""
        return self.family not in ("bullet", "other") or bool(self.core)

    def as_letter(self) -> Label:
        """Return this ambiguous label read as a letter ("(i)" after "(h)")."""
        upper = self.core.isupper()
        return replace(self, family="ALPHA" if upper else "alpha", value=_letter_value(self.core), ambiguous=False)

    def as_roman(self) -> Label:
        """Return this ambiguous label read as a roman numeral ("(i)" that starts a list)."""
        upper = self.core.isupper()
        return replace(self, family="ROMAN" if upper else "roman", value=roman_value(self.core), ambiguous=False)


def roman_value(text: str) -> int:
    """Return the value of a roman numeral ("iv" → 4)."""
    total, lower = 0, text.lower()
    for here, after in zip(lower, lower[1:] + " "):
        value = _ROMAN_VALUES[here]
        total += -value if after != " " and _ROMAN_VALUES[after] > value else value
    return total


def _letter_value(text: str) -> int:
    lower = text.lower()
    return (ord(lower[0]) - 96) + 26 * (len(lower) - 1)


def _letters(token: str, style: str, shown: str) -> Label:
    lower = token.lower()
    upper = token.isupper()
    is_roman = bool(_ROMAN.match(lower))
    if len(token) == 1:
        label = Label(shown, "ALPHA" if upper else "alpha", style, _letter_value(token), token)
        if is_roman:  # i, v, x, l, c: decided by the clauses around it
            label = replace(label, ambiguous=True)
            return label.as_roman() if lower == "i" else label
        return label
    if is_roman:
        return Label(shown, "ROMAN" if upper else "roman", style, roman_value(token), token)
    if len(set(lower)) == 1:  # "aa", "bb": Word's letters after z
        return Label(shown, "ALPHA" if upper else "alpha", style, _letter_value(token), token)
    return Label(shown, "other", style, 0, token)


def _from_match(match: re.Match, shown: str) -> Label | None:
    if match.group("kw"):
        keyword = _KEYWORDS[match.group("kw").lower()]
        token = match.group("kwnum")
        if "." in token:
            parts = tuple(int(p) for p in token.split(".") if p.isdigit())
            return Label(shown, "multi", keyword, parts[-1] if parts else 0, token, parts)
        if token.isdigit():
            return Label(shown, "decimal", keyword, int(token), token, (int(token),))
        if _ROMAN.match(token.lower()):
            return Label(shown, "ROMAN", keyword, roman_value(token), token)
        return Label(shown, "other", keyword, 0, token)
    if match.group("multi"):
        token = match.group("multi")
        parts = tuple(int(p) for p in token.split("."))
        return Label(shown, "multi", ".", parts[-1], token, parts)
    if match.group("num"):
        value = int(match.group("num"))
        return Label(shown, "decimal", match.group("numend"), value, str(value), (value,))
    if match.group("paren"):
        token = match.group("paren")
        if token.isdigit():
            return Label(shown, "decimal", "()", int(token), token, (int(token),))
        return _letters(token, "()", shown)
    if match.group("letter"):
        return _letters(match.group("letter"), match.group("letterend"), shown)
    if match.group("bullet"):
        return Label(shown, "bullet", "")
    return None


def parse_label(shown: str) -> Label | None:
    """Return the meaning of an automatic list label as Word shows it, or None when it is blank."""
    text = shown.strip()
    if not text:
        return None
    if len(text) <= 2 and all(ch in _BULLETS or not ch.isalnum() for ch in text) and not text.startswith("("):
        return Label(text, "bullet", "")
    match = _NUMBER.fullmatch(text)
    if match:
        found = _from_match(match, text)
        if found is not None:
            return found
    # Word can show anything ("Schedule 1", "A-1"); keep it, and cite it as shown.
    return Label(text, "other", "", 0, text.rstrip(".:"))


def split_typed_number(text: str) -> tuple[Label, str] | None:
    """Return the number typed at the start of `text` and the text after it, or None."""
    match = _NUMBER.match(text)
    if not match:
        return None
    after = _AFTER_NUMBER.match(text, match.end())
    if after is None:
        return None
    rest = text[after.end():]
    if match.group("bullet") and (not rest or match.group("bullet") == "o" and not after.group(0)):
        return None
    if match.group("bullet") == "o" and rest[:1].islower():
        return None  # "o" bullets are rare; "o" before a lowercase word is more likely prose
    if match.group("kw") and not match.group("kwend") and rest and not (
            rest[0].isupper() or rest[0] in "—–-:"):
        # "Section 8.4 (Exceptions) does not apply …" cites a section; it does not number one.
        return None
    label = _from_match(match, text[: match.end()])
    if label is None:
        return None
    return label, rest


def is_title(text: str, max_words: int = 12) -> bool:
    """Return whether `text` reads as a heading: short, Title Case or CAPITALS, one phrase."""
    text = text.strip().rstrip(".:").strip()
    if not text or len(text) > 120 or _SENTENCE_BREAK.search(text):
        return False
    words = text.split()
    if len(words) > max_words or not any(ch.isalpha() for ch in text):
        return False
    for position, word in enumerate(words):
        bare = word.strip("()[],&/“”\"'‘’-–—")
        if not bare:
            continue
        if position and bare.lower() in _SMALL_WORDS:
            continue
        if not (bare[0].isupper() or (position and bare[0].isdigit())):
            return False
    return True


def looks_like_heading(text: str) -> bool:
    """Return whether a paragraph in a Heading style is a heading rather than a clause styled as one.

    Word templates often number clauses with Heading styles; "a merger, consolidation …;"
    is then a clause. A heading starts with a capital, is short, and is not a sentence.
    """
    text = text.strip()
    first = next((ch for ch in text if ch.isalpha()), "")
    if not first or len(text) > 160:
        return False
    if text.endswith((";", ",", " and", " or")) or re.search(r"(?<![A-Z])\.\s+[A-Z]", text):
        return False
    return first.isupper() or len(text.split()) <= 4  # "npm" is a product name, not a clause


def is_caps_heading(text: str) -> bool:
    """Return whether `text` is a short heading in capitals ("LIMITATION OF LIABILITY")."""
    if not text.isupper():  # cheap first: most paragraphs have a lower-case letter
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters) and is_title(text, 12)


def run_in_heading(body: str, *, strict: bool) -> tuple[str, str] | None:
    """Return (heading, rest) when `body` opens with an unmarked run-in title ("Fees. Customer will …").

    `strict` is for paragraphs without a number, where a false title costs more: at most six
    words, not ten.
    """
    match = _RUN_IN.match(body)
    if not match:
        return None
    title, rest = match.group("title").strip(), match.group("rest")
    words = title.split()
    if not words or len(title) < 3 or len(words[-1]) == 1 or "   " in title:
        return None  # an initial ("Anthony K.") or columns of a table, not a title
    if re.split(r"[,\s]", words[-1])[-1].lower() in _ABBREVIATIONS or _INITIAL_NEXT.match(rest):
        return None
    if strict and any(ch.isdigit() or ch in "\"“”()" for ch in title):
        return None  # "Exhibit 10. …", "January 1, 2001. …": dates and exhibits, not titles
    if not is_title(title, 6 if strict else 10):
        return None
    return title, rest


def definition_term(body: str, bold_prefix: str = "") -> str:
    """Return the term a definition paragraph defines (`“Customer Data” means …`), or ""."""
    match = _DEFINITION.match(body)
    if match:
        return match.group("term").strip()
    if bold_prefix and body.startswith(bold_prefix) and len(bold_prefix.split()) <= 6:
        if _DEFINING_VERB.match(body, len(bold_prefix)):
            return bold_prefix.strip("“”\"'‘’ ")
    return ""


def cite(base: str, label: Label) -> str:
    """Return the citation of a clause labelled `label` whose nearest numbered ancestor cites as `base`.

    "8" + "1." gives "8.1"; "8.1" + "a." gives "8.1(a)"; a dotted label ("8.2") already carries
    its parents and is used as is; "Section 9" cites as "9" and "ARTICLE IV" as "IV".
    """
    core = label.core
    if not label.citable or not core:
        return ""
    if label.family in ("multi", "other") or label.style in ("section", "article", "clause"):
        return core  # "Section 9" is cited as 9 wherever it sits; "8.2" already names its parents
    wrapped = label.family in ("alpha", "ALPHA", "roman", "ROMAN") or label.style == "()"
    if not base:
        return f"({core})" if label.style == "()" else core
    if wrapped or base.endswith(")"):
        return f"{base}({core})"
    return f"{base}.{core}"
