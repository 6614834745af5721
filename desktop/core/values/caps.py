"""Values of the liability cap and the IP indemnity, read from plain clause sentences.

Each rule takes the sentences of a finding's evidence (already through `plain_wording`) and
returns the values it can establish; the first sentence that settles a value wins, so the
general cap stated first is not overwritten by a later special one.
"""

from __future__ import annotations

import re

from desktop.core.values.amounts import money, whole

# ------------------------------------------------------------------------------ vocabulary

# The fixed vocabulary of uncapped carve-outs (and of claims under a super-cap), in the order
# a lawyer lists them, with the wording that names each.
CARVE_OUTS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        ("confidentiality", r"confidential"),
        ("indemnity", r"indemnif|indemnit|defen[cs]e obligations|obligations to defend"),
        (
            "data breach",
            r"data breach|security (?:breach|incident)|breach of (?:its |the )?(?:data )?security"
            r"|breach of section [\d.]+\s*\((?:data )?security\)|unauthori[sz]ed (?:access|disclosure)",
        ),
        ("data protection", r"data protection|\bprivacy\b|standard contractual clauses|\bSCCs?\b|\bDPA\b|UK Addendum"),
        ("gross negligence", r"gross(?:ly)? neglig"),
        ("wilful misconduct", r"wil+ful (?:misconduct|default)|intentional (?:misconduct|wrongdoing)"),
        ("fraud", r"\bfraud"),
        ("death or personal injury", r"\bdeath\b|bodily injury|personal injury"),
        ("IP infringement", r"infring|misappropriat|intellectual property rights"),
        (
            "payment obligations",
            r"payment obligations|obligations? to pay|fail\w* to pay|(?:fees|amounts?|monies|sums) (?:due|owed|payable)",
        ),
    )
)


def carve_outs_in(text: str) -> list[str]:
    """Return the carve-out vocabulary named in `text`, in vocabulary order."""
    return [name for name, pattern in CARVE_OUTS if pattern.search(text)]


# ------------------------------------------------------------------------------ liability cap

# A higher cap for some claims: "Increased Cap Amount", "Enhanced Claims", "super-cap".
_SUPER = re.compile(
    r"\b(?:increased|enhanced|super|special|higher|additional|separate|secondary)[\s-]+"
    r"(?:liability\s+)?(?:cap|claims)\b|\bsuper-?caps?\b|\b(?:data|security) (?:breach|protection|security) (?:claims|cap)\b",
    re.I,
)
# Caps on free, trial and preview use, which are not the deal's cap.
_PREVIEW = re.compile(r"\b(?:trials?|betas?|previews?|pre-release|early access|evaluation)\b", re.I)
_FREE = re.compile(r"\bfree of charge\b|\bat no charge\b|\bfree (?:products|services|plans?|tier)\b", re.I)
# Words that say a figure limits liability.
_LIMITS = re.compile(
    r"exceed|more than|limited to|up to|\bcap(?:ped)?\b|greater of|lesser of|maximum|in excess of", re.I
)
_MONTHS_OF_FEES = (
    # "fees paid or payable ... in the 12 months preceding", "during the prior year"
    re.compile(
        r"\b(?:fees?|amounts?|charges?|sums?|consideration)\b[^.;]{0,160}?\b(?:paid|payable|received|owed)\b"
        r"[^.;]{0,120}?\b(?:in|during|for|over|within)\s+(?:the|any)?\s*"
        r"(?:(?:immediately\s+)?(?:preceding|prior|previous|last|past|first)\s+)?"
        r"(?P<n>\d+(?:\.\d+)?)?\s*-?\s*(?P<unit>months?|years?)\b",
        re.I,
    ),
    # "12 months of fees", "12 months' fees", "1 year's fees"
    re.compile(
        r"\b(?P<n>\d+(?:\.\d+)?)\s*-?\s*(?P<unit>months?|years?)(?:'s|s'|')?\s+(?:of\s+|worth of\s+)?"
        r"(?:the\s+)?(?:subscription\s+)?(?:fees|charges)",
        re.I,
    ),
    # "annual fees"
    re.compile(r"\b(?P<unit>annual|yearly)\s+(?:subscription\s+)?(?:fees|charges)", re.I),
)
_FEE_WORDS = r"fees|charges|sums|amounts?|consideration|value|prices?|payments?|monies|compensation|royalties"
_MULTIPLE = re.compile(
    r"\b(?P<n>\d+(?:\.\d+)?)\s*(?:x|×|times)\s+(?P<what>(?:the|of|all|total|aggregate|annual|amounts?|\s)*"
    rf"(?:{_FEE_WORDS}|[A-Za-z]+\s+cap\b|cap\b)|\w+)",
    re.I,
)
# "50% of the fees paid…": a fraction of the fees, read as a multiple (0.5×).
_PERCENT_OF_FEES = re.compile(
    rf"\b(?P<n>\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)(?:\s*\([^)]*\))?\s+of\s+(?:the\s+)?(?:\w+\s+){{0,4}}?(?:{_FEE_WORDS})\b",
    re.I,
)
_CAP_REFERENCE = re.compile(
    r"\b((?!(?:Increased|Enhanced|Super|Special|Higher|Additional|The|This|Each|Sections?)\b)"
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+Cap(?:\s+Amount)?)\b(?!s)"
)
_AGREEMENT_CAP = re.compile(
    r"limitations? of liability (?:stated|set (?:out|forth)|contained|provided)?\s*(?:in|under)\s+the\s+"
    r"((?:[A-Z]\w+\s+)?Agreement)"
)
_UNCAPPED_TERM = re.compile(r"\b((?:Unlimited|Uncapped|Excluded)\s+Claims)\b")
_UNCAPPED_DEFINITION = re.compile(r"\"(?:Unlimited|Uncapped|Excluded) Claims?\"\s+means", re.I)
_CARVE_TRIGGER = re.compile(
    r"\b(?:do(?:es)?|will|shall)\s+not\s+(?:apply|limit|restrict|be\s+(?:subject\s+to|limited\s+by))\b"
    r"|\bnot\s+be\s+subject\s+to\b|\bunlimited\b|\buncapped\b|\bexcluding\b|\bother than\b"
    r"|\bexcept\s+(?:for|with (?:respect|regard) to|in (?:the case|the event) of|in respect of|in connection with"
    r"|to the extent|under|as to)\b|\bwith the exception of\b"
    r"|\bnothing in\b[^.]{0,80}?\b(?:(?:shall|will|is intended to|does)\b[^.]{0,30}?)?\b(?:limit|exclude|restrict)\w*",
    re.I,
)
_WAIVER = re.compile(
    r"waiver|indirect|consequential|special damages|punitive|incidental|exemplary|lost profits", re.I
)
# Words that only a cap (not a damages waiver) uses.
_CAP_FIGURE_WORDS = re.compile(
    r"\bcaps?\b|exceed|\btotal\b|aggregate|cumulative|maximum|more than|limited to|in excess of", re.I
)
_CAP_WORDS = re.compile(r"\bcaps?\b|limitations?|\blimits?\b|exceed|total|aggregate|cumulative|maximum|more than", re.I)
# Where one sentence states two caps: "…12 months of fees, except that for Data Breaches…".
_SEGMENT_BREAK = re.compile(
    r",?\s+(?:except that|provided(?:,)? however,? that|provided that)\s+"
    r"|,?\s+(?:with|plus|and)\s+(?=(?:an?\s+)?(?:\S+\s+)?super-?cap)",
    re.I,
)
# Shorthand for a super-cap as a multiple: "a 3× super-cap".
_SUPER_MULTIPLE = re.compile(r"\b(?P<n>\d+(?:\.\d+)?)\s*(?:x|×|times)\s+super-?cap", re.I)


def _months_of_fees(text: str) -> float | None:
    """Return the look-back period of a fees-based cap in months, or None."""
    for pattern in _MONTHS_OF_FEES:
        m = pattern.search(text)
        if m:
            unit = m.group("unit").lower()
            n = float(m.groupdict().get("n") or 1)
            return n * 12 if unit.startswith(("year", "annual")) else n
    return None


def _carve_outs(sentence: str) -> tuple[list[str], str | None] | None:
    """Return (carve-outs, defined term) when `sentence` takes claims outside the cap, else None."""
    if _UNCAPPED_DEFINITION.search(sentence):
        window = sentence
    else:
        m = _CARVE_TRIGGER.search(sentence)
        if not m:
            return None
        subject = sentence[: m.start()] or sentence
        # "Section 8.2 (Damages Waiver) does not apply to … Confidentiality" lifts the waiver,
        # not the cap; so does "no liability for consequential damages…, provided that such
        # limitation shall not apply to fraud".
        if _WAIVER.search(subject) and not _CAP_WORDS.search(subject):
            return None
        if _WAIVER.search(sentence) and not _CAP_FIGURE_WORDS.search(sentence):
            return None
        window = sentence if m.group(0).lower() in ("unlimited", "uncapped") else sentence[m.end() :]
    term = _UNCAPPED_TERM.search(window)
    return carve_outs_in(window), term.group(1) if term else None


def _cap_figures(segment: str, prefix: str, found: dict) -> None:
    """Put the months, multiple and amount of one cap statement into `found` under `prefix`."""
    months = _months_of_fees(segment)
    multiple = _MULTIPLE.search(segment)
    names = {
        "cap_": ("cap_months_of_fees", "cap_fee_multiple", "cap_amount"),
        "super_cap_": ("super_cap_months_of_fees", "super_cap_multiple", "super_cap_amount"),
    }[prefix]
    if months is not None:
        found.setdefault(names[0], whole(months))
    if multiple and (prefix == "super_cap_" or not re.search(r"\bcap\b", multiple.group("what"), re.I)):
        if re.search(rf"{_FEE_WORDS}|cap", multiple.group("what"), re.I):
            found.setdefault(names[1], whole(float(multiple.group("n"))))
    elif (percent := _PERCENT_OF_FEES.search(segment)) is not None and float(percent.group("n")) != 100:
        found.setdefault(names[1], whole(float(percent.group("n")) / 100))
    if prefix == "super_cap_" and (shorthand := _SUPER_MULTIPLE.search(segment)) is not None:
        found.setdefault(names[1], whole(float(shorthand.group("n"))))
    sums = money(segment)
    if sums and _LIMITS.search(segment):
        found.setdefault(names[2], sums[0])


def liability_cap(sentences: list[str]) -> dict:
    """Return the liability-cap values established by `sentences`."""
    found: dict = {}
    carve: list[str] = []
    for sentence in sentences:
        if _PREVIEW.search(sentence) or _FREE.search(sentence):
            sums = money(sentence)
            if sums and _PREVIEW.search(sentence):
                found.setdefault("preview_cap_amount", sums[0])
            continue
        carve_outs = _carve_outs(sentence)
        if carve_outs is not None:
            carve += [c for c in carve_outs[0] if c not in carve]
            if carve_outs[1]:
                found.setdefault("uncapped_reference", carve_outs[1])
        for index, segment in enumerate(_SEGMENT_BREAK.split(sentence)):
            # "…12 months of fees, except that for X liability will not exceed 3x…": a second
            # cap in the same sentence is a special cap for some claims.
            is_super = bool(_SUPER.search(segment)) or (
                index > 0 and bool(_LIMITS.search(segment)) and bool(re.search(r"\bclaims?\b|\bbreach", segment, re.I))
            )
            if is_super:
                found["super_cap"] = True
                # Only a sentence that takes nothing out of a cap or waiver names super-cap claims.
                claims = [] if _CARVE_TRIGGER.search(sentence) else carve_outs_in(segment)
                if claims:
                    found["super_cap_claims"] = tuple(dict.fromkeys(found.get("super_cap_claims", ()) + tuple(claims)))
            _cap_figures(segment, "super_cap_" if is_super else "cap_", found)
            formula = re.search(r"\b(greater|lesser|less) of\b|(to a maximum of|but not (?:more|greater) than)", segment, re.I)
            if formula and not is_super:
                found.setdefault("cap_formula", "greater of" if (formula.group(1) or "").lower() == "greater" else "lesser of")
            if not is_super:
                reference = _CAP_REFERENCE.search(segment) or _AGREEMENT_CAP.search(segment)
                if reference:
                    found.setdefault("cap_reference", reference.group(1))
    if carve:
        found["uncapped_carve_outs"] = tuple(name for name, _ in CARVE_OUTS if name in carve)
    return found


# ------------------------------------------------------------------------------ IP indemnity

_COVERING = re.compile(
    r"\b(?:will|shall|agrees? to|must)\s+(?:\w+,?\s+){0,4}?(?:defend|indemnify)\b|\bcovered claim\"?\s+means\b"
    r"|\b(?:defends|indemnifies)\b",
    re.I,
)
_INFRINGEMENT = re.compile(r"infring|misappropriat|intellectual property|copyright|patent|trade secret", re.I)
_OUTPUTS = re.compile(r"\boutputs?\b|\bsuggestions\b|generated (?:content|code|output)|\bcompletions?\b", re.I)
_TRAINING = re.compile(r"training data|data used to train|trained on|model training|train(?:ing)? (?:the |its )?models?", re.I)
_NO_INDEMNITY = re.compile(
    r"no (?:obligation|duty) to (?:defend|indemnify)|(?:will|shall|does) not (?:defend|indemnify)"
    r"|no (?:indemnity|indemnification)\b",
    re.I,
)
_EXCLUSION = re.compile(
    r"(?:will|shall|do|does)\s+not\s+apply|no (?:obligation|liability)|(?:will|shall) not be (?:liable|responsible)"
    r"|(?:does|will|shall) not cover|excludes?\s+(?:any\s+)?claims|\bexclusions?\b|\bexcluded\b",
    re.I,
)
_CUSTOMER_OBLIGATION = re.compile(r"^\W*(?:the\s+)?(?:customer|licensee|client)'s obligations", re.I)
_PROMPTS = re.compile(r"\bprompts?\b|\binputs?\b", re.I)
_CUSTOMER_DATA = re.compile(
    r"customer (?:data|content|materials)|data (?:provided|supplied|submitted) by (?:the )?customer"
    r"|\byour (?:data|content)\b",
    re.I,
)
_UNCAPPED = re.compile(r"\buncapped\b|\bunlimited\b|not (?:be )?subject to (?:any|the) (?:limitation|cap)", re.I)
_OWN_CAP = re.compile(r"exceed|capped at|limited to|maximum", re.I)


def ip_indemnity(sentences: list[str]) -> dict:
    """Return the IP-indemnity values established by `sentences`."""
    found: dict = {}
    scope: set[str] = set()
    none = False
    for sentence in sentences:
        if _NO_INDEMNITY.search(sentence):
            none = True
            continue
        exclusion = _EXCLUSION.search(sentence)
        claims = _INFRINGEMENT.search(sentence) or _OUTPUTS.search(sentence) or _TRAINING.search(sentence)
        if _COVERING.search(sentence) and claims and not exclusion:
            scope.add("service")
            if _OUTPUTS.search(sentence):
                scope.add("outputs")
            if _TRAINING.search(sentence):
                scope.add("training data")
        elif exclusion and not _CUSTOMER_OBLIGATION.search(sentence):
            after = sentence[exclusion.start() :]
            if _PROMPTS.search(after):
                found["excludes_customer_prompts"] = True
            if _CUSTOMER_DATA.search(after):
                found["excludes_customer_data"] = True
        if _UNCAPPED.search(sentence):
            found.setdefault("uncapped", True)
        elif _OWN_CAP.search(sentence) and re.search(r"indemn", sentence, re.I):
            sums = money(sentence)
            found.setdefault("own_cap", True)
            if sums:
                found.setdefault("own_cap_amount", sums[0])
    if {"outputs", "training data"} <= scope:
        found["covers"] = "training data and outputs"
    elif "outputs" in scope or "training data" in scope:
        found["covers"] = "outputs" if "outputs" in scope else "training data"
    elif scope:
        found["covers"] = "service only"
    elif none:
        found["covers"] = "none"
    return found
