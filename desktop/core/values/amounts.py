"""Numbers, money and periods as contracts write them: "twelve (12) months", "USD 500,000", "2x".

`plain_wording` rewrites a clause so that every number is in digits ("one and a half times" →
"1.5 times", "twelve (12) months" → "12 months", "twice" → "2 times") and quotes and spacing
are plain; the finders below then only need to look for digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, "hundred", *_SCALES], key=len, reverse=True))
# A run of number words: "one hundred and eighty", "twenty-four", "one million".
_WORD_RUN = re.compile(
    rf"\b(?P<run>(?:{_NUMBER_WORD})(?:(?:\s+|-|\s+and\s+)(?:{_NUMBER_WORD}))*)\b"
    r"(?P<half>(?:\s+|-)and(?:\s+|-)a(?:\s+|-)half\b)?",
    re.I,
)
_MULTIPLE_WORDS = [
    (re.compile(r"\btwice\b", re.I), "2 times"),
    (re.compile(r"\bdouble\b(?=\s+(?:the|of|all|any|its|such)\b)", re.I), "2 times"),
    (re.compile(r"\b(?:triple|treble)\b(?=\s+(?:the|of|all|any|its|such)\b)", re.I), "3 times"),
]
# "12 (12)", "three times (3x)": the figure in brackets repeats the one before it.
_REPEATED_FIGURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*\(\s*(\d[\d,]*(?:\.\d+)?)\s*\)")
_REPEATED_MULTIPLE = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:x|×|times)\s*\(\s*(\d+(?:\.\d+)?)\s*(?:x|×|times)?\s*\)", re.I
)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " ", "–": "-", "—": "-"})
_MARKUP = re.compile(r"\*\*|__|\\(?=[^\w\s])")
_SPACES = re.compile(r"[ \t]+")


def _words_to_number(words: list[str]) -> float | None:
    """Return the value of a run of number words, or None when they don't form one number."""
    total, current, previous = 0, 0, ""
    for word in words:
        if word == "and":
            continue
        if word in _UNITS:
            if previous in ("unit", "tens") and (previous == "unit" or _UNITS[word] >= 10):
                return None
            current += _UNITS[word]
            previous = "unit"
        elif word in _TENS:
            if previous in ("unit", "tens"):
                return None
            current += _TENS[word]
            previous = "tens"
        elif word == "hundred":
            current = max(current, 1) * 100
            previous = "hundred"
        else:
            total += max(current, 1) * _SCALES[word]
            current, previous = 0, "scale"
    return float(total + current)


def _spell_digits(match: re.Match) -> str:
    """Return a run of number words as digits ("twenty-four" → "24"), or unchanged."""
    words = [w.lower() for w in re.split(r"(?:\s+|-)+", match.group("run")) if w]
    if words[0] == "hundred" or words[0] in _SCALES:  # "$1 million": a magnitude, not a number
        return match.group(0)
    value = _words_to_number(words)
    if value is None:
        return match.group(0)
    if match.group("half"):
        value += 0.5
    return format_number(value)


def format_number(value: float) -> str:
    """Return `value` without a trailing ".0" ("12", "1.5")."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def plain_wording(text: str) -> str:
    """Return `text` with plain quotes and spacing and every number written in digits."""
    text = _SPACES.sub(" ", _MARKUP.sub("", text.translate(_QUOTES)))
    for pattern, digits in _MULTIPLE_WORDS:
        text = pattern.sub(digits, text)
    text = _WORD_RUN.sub(_spell_digits, text)
    text = _REPEATED_MULTIPLE.sub(lambda m: f"{m.group(2)} times", text)
    return _REPEATED_FIGURE.sub(lambda m: m.group(2), text)


# ------------------------------------------------------------------------------ sentences

# Full stops that do not end a sentence: "U.S.", "e.g.", "Art. 28", "No. 5".
_ABBREVIATION = re.compile(r"\b(?:U\.S|U\.K|e\.g|i\.e|etc|Inc|Ltd|Co|Corp|No|Nos|Sec|Art|vs|cf|St)\.", re.I)
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[\"'(\[]?[A-Z0-9])|\n+")


def sentences(text: str) -> list[str]:
    """Return the sentences of `text` (already plain), in order, without empty ones."""
    guarded = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", "\x00"), text)
    parts = _SENTENCE_END.split(guarded)
    return [p.replace("\x00", ".").strip() for p in parts if p and p.strip()]


# ------------------------------------------------------------------------------ money

_CURRENCY_SIGNS = {
    "$": "USD", "us$": "USD", "us $": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD",
    "u.s. dollars": "USD", "us dollars": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR",
    "euros": "EUR", "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP",
    "pounds sterling": "GBP", "c$": "CAD", "cad": "CAD", "a$": "AUD", "aud": "AUD",
    "chf": "CHF", "jpy": "JPY", "¥": "JPY", "inr": "INR", "₹": "INR",
}  # fmt: skip
_FIGURE = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_MAGNITUDE = r"(?:\s*(?P<mag>k|m|mm|mn|bn|thousand|million|billion)\b)?"
_CODE_AFTER = r"(?P<post>USD|EUR|GBP|CAD|AUD|CHF|JPY|INR|U\.S\. dollars|US dollars|dollars?|euros?|pounds(?: sterling)?)"
_MONEY = re.compile(
    r"(?:(?P<pre>US\s?\$|C\$|A\$|\$|€|£|¥|₹|\b(?:USD|EUR|GBP|CAD|AUD|CHF|JPY|INR)\b)\s?"
    + _FIGURE + _MAGNITUDE + r"(?:\s+" + _CODE_AFTER + r"\b)?"
    + r"|\b" + _FIGURE.replace("num", "num2") + _MAGNITUDE.replace("mag", "mag2") + r"\s+"
    + _CODE_AFTER.replace("post", "post2") + r"\b)",
    re.I,
)
_MAGNITUDES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


def money(text: str) -> list[dict]:
    """Return every sum of money in `text` as {"amount": float, "currency": "USD"}, in order."""
    found = []
    for m in _MONEY.finditer(text):
        figure = m.group("num") or m.group("num2")
        magnitude = (m.group("mag") or m.group("mag2") or "").lower()
        sign = (m.group("pre") or m.group("post") or m.group("post2") or "").lower()
        amount = float(figure.replace(",", "")) * _MAGNITUDES.get(magnitude, 1)
        currency = _CURRENCY_SIGNS.get(re.sub(r"\s+", " ", sign), sign.upper())
        if m.group("pre") and m.group("post"):  # "$5,000.00 USD": the code after names it
            currency = _CURRENCY_SIGNS.get(m.group("post").lower(), currency)
        found.append({"amount": amount, "currency": currency})
    return found


def describe_money(value: dict) -> str:
    """Return a sum as a lawyer reads it: "USD 1,000,000", "EUR 250,000.50"."""
    amount = float(value.get("amount", 0))
    figure = f"{amount:,.0f}" if amount.is_integer() else f"{amount:,.2f}"
    return f"{value.get('currency', '')} {figure}".strip()


# ------------------------------------------------------------------------------ periods


@dataclass(frozen=True)
class Period:
    """A length of time written in a clause: 30 days, 72 hours, 12 months."""

    number: float
    unit: str  # "hour", "day", "week", "month", "year"
    business: bool = False  # "business days", "working days"
    start: int = 0  # offset of the match in the text it was found in
    end: int = 0

    def days(self) -> float:
        """Return the period in days; months and years count in whole days (12 months = 365)."""
        if self.unit in ("month", "year"):
            return float(round(self.number * (365 / 12 if self.unit == "month" else 365)))
        return self.number * {"hour": 1 / 24, "day": 1, "week": 7}[self.unit]

    def hours(self) -> float:
        """Return the period in hours."""
        return self.days() * 24

    def months(self) -> float:
        """Return the period in months (a year counts as 12, 30 days as one)."""
        if self.unit == "year":
            return self.number * 12
        if self.unit == "month":
            return self.number
        return self.days() / 30


_PERIOD = re.compile(
    r"\b(?P<num>\d+(?:\.\d+)?)\s*-?\s*(?P<kind>business\s+|working\s+|calendar\s+)?"
    r"(?P<unit>hours?|days?|weeks?|months?|years?)\b",
    re.I,
)


def periods(text: str) -> list[Period]:
    """Return every period ("30 days", "12-month", "2 business days") in `text`, in order."""
    return [
        Period(
            number=float(m.group("num")),
            unit=m.group("unit").lower().rstrip("s"),
            business=bool(m.group("kind")) and m.group("kind").strip().lower() != "calendar",
            start=m.start(),
            end=m.end(),
        )
        for m in _PERIOD.finditer(text)
    ]


def whole(value: float) -> float | int:
    """Return `value` as an int when it has no fraction (12.0 → 12), else rounded to 2 places."""
    return int(value) if float(value).is_integer() else round(value, 2)


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)", re.I)


def percents(text: str) -> list[float]:
    """Return every percentage in `text`, in order."""
    return [float(m.group(1)) for m in _PERCENT.finditer(text)]
