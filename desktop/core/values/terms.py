"""Values of the liability, performance, termination and general positions, from clause sentences.

Each rule takes the sentences of a finding's evidence (already through `plain_wording`) and
returns what it can establish; anything the wording doesn't settle is left out.
"""

from __future__ import annotations

import re

from desktop.core.values.amounts import money, percents, periods, whole
from desktop.core.values.data import first_period, flags
from desktop.core.values.ip import CUSTOMER_WORDS, OUTPUT, VENDOR_WORDS

# ------------------------------------------------------------------------------ liability and compliance


def harmful_outputs(sentences: list[str]) -> dict:
    """Return who answers for harmful or wrong outputs."""
    return flags(
        " ".join(sentences),
        {
            "vendor_responsible": rf"\b(?:{VENDOR_WORDS})\b\s+(?:will|shall)\s+(?:be\s+)?(?:responsible|liable|indemnify|defend)[^.]{{0,80}}{OUTPUT}",
            "disclaimed": r"may be (?:incorrect|inaccurate|offensive|harmful)|not (?:provide any )?(?:represent|warrant)\w*[^.]{0,80}outputs?"
            rf"|{OUTPUT}[^.]{{0,60}}(?:as[- ]is|without warranty)|not a substitute for human",
            "human_oversight": r"human (?:oversight|review)",
            "customer_responsible": rf"\b(?:{CUSTOMER_WORDS})\b\s+(?:retains?|are|is|will be|shall be)\s+(?:solely\s+)?responsib\w+\s+for[^.]{{0,40}}(?:{OUTPUT}|use of)",
        },
    )


_LAWS = (
    ("EU AI Act", r"\bAI Act\b|Artificial Intelligence Act|Regulation \(EU\) 2024/1689"),
    ("GDPR", r"\bGDPR\b|Regulation \(EU\) 2016/679"),
    ("CCPA", r"\bCCPA\b|\bCPRA\b|California Consumer Privacy Act"),
    ("HIPAA", r"\bHIPAA\b|Health Insurance Portability"),
    ("FTC Act", r"\bFTC\b|Federal Trade Commission"),
    ("Colorado AI Act", r"Colorado (?:AI|Artificial Intelligence) Act|SB ?24-205"),
    ("NYC Local Law 144", r"Local Law 144"),
    ("export controls", r"export control"),
)


def regulatory_compliance(sentences: list[str]) -> dict:
    """Return the laws named and who commits to comply with them."""
    text = " ".join(sentences)
    found = flags(
        text,
        {
            "vendor_complies": rf"\b(?:{VENDOR_WORDS})\b\s+(?:will|shall|must)\s+comply|each party (?:will|shall|must) comply",
            "customer_complies": rf"\b(?:{CUSTOMER_WORDS})(?:'s use[^.]{{0,40}})?\s+(?:will|shall|must)\s+(?:\w+\s+)?comply"
            r"|each party (?:will|shall|must) comply|must not (?:\w+\s+){0,3}violate any applicable laws",
        },
    )
    laws = tuple(name for name, pattern in _LAWS if re.search(pattern, text, re.I))
    if laws:
        found["laws"] = laws
    if (m := re.search(r"\b(provider|deployer)s?\b[^.]{0,40}(?:AI Act|general[- ]purpose AI)|(?:AI Act|GPAI)[^.]{0,40}\b(provider|deployer)\b", text, re.I)):
        found["ai_act_role"] = (m.group(1) or m.group(2)).lower()
    return found


def insurance(sentences: list[str]) -> dict:
    """Return the insurance limits, tail and certificate promised."""
    text = " ".join(sentences)
    found = flags(
        text,
        {
            "certificate": r"certificates? of insurance",
            "cyber": r"\bcyber|technology errors|errors and omissions|\bE&O\b|network security|privacy liability",
        },
    )
    if sums := money(text):
        found["coverage_amount"] = sums[0]
    if (m := re.search(r"for\s+(\d+(?:\.\d+)?)\s*(months?|years?)\s+(?:after|following|thereafter)", text, re.I)) is not None:
        found["tail_months"] = whole(float(m.group(1)) * (12 if m.group(2).lower().startswith("year") else 1))
    return found


_WARRANTY_PERIODS = (
    re.compile(r"warrant\w*[^.]{0,100}?(?:for a period of|period of|for)\s+(?:[^.\d]{0,40}?)(\d+)\s*(days?|months?|years?)", re.I),
    re.compile(r"(\d+)\s*-?\s*(days?|months?|years?)\s+warranty", re.I),
    re.compile(r"warranty[^.]{0,40}\b(?:first|of)\s+(\d+)\s*(days?|months?|years?)", re.I),
    re.compile(r"(?:for a period of|period of)\s+(\d+)\s*(days?|months?|years?)[^.]{0,200}\bwarrants?\b", re.I),
)


def warranty(sentences: list[str]) -> dict:
    """Return the warranty period, the time to report a breach and the time to fix it."""
    found: dict = {}
    for sentence in sentences:
        if m := next((m for p in _WARRANTY_PERIODS if (m := p.search(sentence))), None):
            found.setdefault("warranty_days", whole(periods(f"{m.group(1)} {m.group(2)}")[0].days()))
        if (p := first_period(sentence, r"(?:report|notice|notify)[^.]{0,120}within")) and re.search(r"discover", sentence, re.I):
            found.setdefault("claim_window_days", whole(p.days()))
        elif m := re.search(r"(\d+)\s*days?\s+to\s+(?:report|notify|give notice)", sentence, re.I):
            found.setdefault("claim_window_days", int(m.group(1)))
        if m := re.search(
            r"within\s+(\d+)\s*days?\s+(?:after|of)\s+(?:receiving|receipt|\w+'s warranty report)"
            r"|(\d+)\s*days?\s+to\s+(?:fix|cure|correct|remedy|repair)|(?:fix|cure|correct|remedy|repair)\w*\s+within\s+(\d+)\s*days?",
            sentence,
            re.I,
        ):
            found.setdefault("fix_days", int(m.group(1) or m.group(2) or m.group(3)))
        if re.search(r"disclaims? all (?:other )?warranties|as[- ]is", sentence, re.I):
            found["disclaimer"] = True
    return found


# ------------------------------------------------------------------------------ performance


def performance_sla(sentences: list[str]) -> dict:
    """Return the availability level and remedies promised."""
    found: dict = {}
    for sentence in sentences:
        if re.search(r"availab|uptime|of the time", sentence, re.I) and (found_percents := [p for p in percents(sentence) if p >= 90]):
            found.setdefault("uptime_percent", whole(found_percents[0]))
    found.update(
        flags(
            " ".join(sentences),
            {
                "service_credits": r"service credits?|credits?\s+(?:against|towards) (?:the )?fees",
                "accuracy_commitment": r"(?:warrants?|guarantees?|commits?|will ensure)[^.]{0,80}accura",
            },
        )
    )
    return found


_CHANGE = r"update|change|modif|version|replace|upgrade"


def model_versioning(sentences: list[str]) -> dict:
    """Return the notice of model changes and the right to stay on a version."""
    found: dict = {}
    for sentence in sentences:
        if re.search(r"notice", sentence, re.I) and re.search(_CHANGE, sentence, re.I) and (p := first_period(sentence)):
            found.setdefault("notice_days", whole(p.days()))
        found.update(
            flags(
                sentence,
                {
                    "version_pinning": r"(?:continue|remain)\s+(?:to\s+)?(?:use|on)[^.]{0,60}(?:version|model)|\bpin(?:ned)?\b|previous version",
                    "no_material_degradation": r"(?:not|never)\s+(?:materially\s+)?(?:decrease|degrade|reduce)[^.]{0,60}(?:functionality|obligations|performance)"
                    r"|without (?:materially )?reducing",
                    "change_without_notice": rf"(?:{_CHANGE})\w*[^.]{{0,60}}(?:at any time|without (?:prior )?notice)",
                },
            )
        )
    return found


def deprecation(sentences: list[str]) -> dict:
    """Return the notice before a model or feature is retired, and transition help."""
    found: dict = {}
    retire = r"deprecat|discontinu|end[- ]of[- ]life|sunset|retir|withdraw"
    for sentence in sentences:
        if re.search(rf"{retire}|notice", sentence, re.I) and (p := first_period(sentence)):
            found.setdefault("notice_days", whole(p.days()))
        found.update(
            flags(
                sentence,
                {
                    "transition_help": r"transition|migrat\w+|replacement (?:model|version|service)",
                    "without_notice": rf"(?:{retire})\w*[^.]{{0,60}}(?:at any time|without (?:prior )?notice)",
                },
            )
        )
    return found


# ------------------------------------------------------------------------------ suspension and termination


def acceptable_use(sentences: list[str]) -> dict:
    """Return the suspension protections and the vendor's right to change the policy."""
    return flags(
        " ".join(sentences),
        {
            "cure_before_suspension": r"(?:opportunity|time|chance)\s+to\s+(?:cure|resolve|remedy)|seek to resolve the issue|fails? to cure",
            "suspension_notice": r"(?:prior|advance)\s+notice|inform[^.]{0,40}before suspend|notice[^.]{0,40}before[^.]{0,20}suspen|on or before such suspension",
            "suspend_without_notice": r"with or without notice|without (?:prior )?notice|effective immediately",
            "policy_may_change": r"(?:policy|policies)[^.]{0,80}(?:update|modify|change)[^.]{0,40}(?:from time to time|at any time)"
            r"|may (?:update|modify|change)[^.]{0,60}(?:policy|policies)",
        },
    )


_FOR_CAUSE = re.compile(r"breach|default|insolv|bankrupt|fails? to|failure to|cure|force majeure|change of control", re.I)


def termination_for_convenience(sentences: list[str]) -> dict:
    """Return who may end the contract without cause, on what notice, and with what refund.

    A termination right on notice that names no cause counts as one for convenience, since
    many drafts never say "for convenience".
    """
    found: dict = {}
    convenience = r"without cause|for convenience|for any reason|for no reason|at any time"
    for sentence in sentences:
        if not re.search(r"terminat|cancel", sentence, re.I):
            continue
        if not re.search(convenience, sentence, re.I) and (_FOR_CAUSE.search(sentence) or not re.search(r"notice", sentence, re.I)):
            continue
        if "who" not in found:
            if re.search(r"either party|each party|both parties|the parties may|either \w+ or \w+ may", sentence, re.I):
                found["who"] = "either party"
            elif re.search(rf"\b(?:{CUSTOMER_WORDS})\b\s+may\s+(?:\w+\s+)?terminat|terminated by (?:the\s+)?(?:{CUSTOMER_WORDS})\b", sentence, re.I):
                found["who"] = "customer"
            elif re.search(rf"\b(?:{VENDOR_WORDS})\b\s+may\s+(?:\w+\s+)?terminat|terminated by (?:the\s+)?(?:{VENDOR_WORDS})\b", sentence, re.I):
                found["who"] = "vendor"
        if (p := first_period(sentence)) is not None:
            found.setdefault("notice_days", whole(p.days()))
    text = " ".join(sentences)
    found.update(
        flags(
            text,
            {
                "refund": r"\brefund",
                "termination_fee": r"termination (?:fee|charge)|(?:pay|owe)[^.]{0,40}(?:remainder|balance|remaining)",
            },
        )
    )
    return found


def post_termination(sentences: list[str]) -> dict:
    """Return the transition help, run-off period, refund and fee acceleration on termination."""
    found: dict = {}
    help_words = (
        r"transition (?:assistance|services|support|period|help)|wind[- ]down|continued access"
        r"|continue to (?:provide|use|access)[^.]{0,40}after"
    )
    for sentence in sentences:
        if re.search(help_words, sentence, re.I):
            found["transition_help"] = True
            if (p := first_period(sentence)) is not None:
                found.setdefault("transition_days", whole(p.days()))
    found.update(
        flags(
            " ".join(sentences),
            {
                "refund": r"\brefund",
                "fees_accelerate": r"(?:unpaid|remaining|outstanding|owed)[^.]{0,40}(?:immediately|become) due|must pay those fees immediately",
            },
        )
    )
    return found


_TRIGGERS = (
    ("bankruptcy", r"bankrupt|insolven|receivership|benefit of creditors"),
    ("cessation of business", r"ceases? (?:to )?(?:do|conduct|operat)|ceases operation|discontinu\w+ (?:the|its) business"),
    ("end of support", r"(?:fails? to|ceases? to|stops?) (?:provide |offer )?(?:support|maintenance)|end of support"),
    ("material breach", r"material breach|fails? to cure"),
)


def escrow(sentences: list[str]) -> dict:
    """Return whether source code or weights are in escrow, and what releases them."""
    text = " ".join(sentences)
    if re.search(r"\bno (?:source code )?escrow\b|not (?:be )?(?:required to )?(?:deposit|escrow)", text, re.I):
        return {"escrow": False}
    found = flags(text, {"escrow": r"escrow", "weights_included": r"(?:model )?weights|model parameters"})
    if "escrow" not in found:
        found.pop("weights_included", None)
    triggers = tuple(name for name, pattern in _TRIGGERS if re.search(pattern, text, re.I))
    if triggers and found:
        found["release_triggers"] = triggers
    return found


# ------------------------------------------------------------------------------ governing law

_PLACE = r"[A-Z][\w.]*(?:\s+(?:and|of|the)\s+[A-Z][\w.]*|\s+[A-Z][\w.]*)*"
_LAW = re.compile(rf"[Ll]aws? of\s+(?:the\s+)?(?:[Ss]tate of\s+|[Cc]ommonwealth of\s+|[Pp]rovince of\s+)?({_PLACE})")
_COURTS = re.compile(rf"[Cc]ourts?\s+(?:located\s+)?(?:in|of|for)\s+(?:the\s+)?({_PLACE})")
# A federal layer named beside a state ("laws of Delaware and the federal laws of the USA").
_FEDERAL = {"USA", "U.S.A", "U.S", "US", "United States", "United States of America"}


def _places(pattern: re.Pattern, text: str) -> str | None:
    """Return the places `pattern` names in `text`, joined with " / ", or None."""
    places = list(dict.fromkeys(m.group(1).rstrip(".") for m in pattern.finditer(text)))
    places = [p for p in places if p not in _FEDERAL] or places
    return " / ".join(places) or None


def governing_law(sentences: list[str]) -> dict:
    """Return the governing law and the courts named."""
    text = " ".join(sentences)
    found = {}
    if jurisdiction := _places(_LAW, text):
        found["jurisdiction"] = jurisdiction
    if venue := _places(_COURTS, text):
        found["venue"] = venue
    return found
