"""Values of the IP and scope positions (ownership, fine-tuning, licence, exclusivity), from clause sentences.

Each rule takes the sentences of a finding's evidence (already through `plain_wording`) and
returns what it can establish; anything the wording doesn't settle is left out.
"""

from __future__ import annotations

import re

from desktop.core.values.amounts import whole
from desktop.core.values.data import first_period, flags

VENDOR_WORDS = r"provider|vendor|supplier|licensor|company|github|we"
CUSTOMER_WORDS = r"customer|licensee|client|you"
OUTPUT = r"(?:outputs?|suggestions|generated (?:content|code|output|materials))"

# ------------------------------------------------------------------------------ IP


def input_ownership(sentences: list[str]) -> dict:
    """Return who owns the customer's inputs and the vendor's licence to them."""
    found: dict = {}
    for sentence in sentences:
        found.update(
            flags(
                sentence,
                {
                    "customer_retains": rf"\b(?:{CUSTOMER_WORDS})\b\s+(?:\(\w\)\s+)?(?:will\s+)?retains?\s+(?:all\s+)?(?:ownership|right)"
                    r"[^.]{0,80}(?:input|prompts|customer data|customer content|your code|your content)",
                    "licence_to_vendor": r"(?:may\s+(?:\w+,\s+)*(?:copy|use|process)|licen[cs]e\s+to|authori[sz]es\s+\w+\s+to\s+process)"
                    r"[^.]{0,120}(?:input|prompts|customer data|customer content)",
                    "licence_limited_to_service": r"(?:to the extent necessary|solely|only)\s+(?:to|for)\s+(?:provide|providing|the provision of|perform)",
                },
            )
        )
    return found


def output_ownership(sentences: list[str]) -> dict:
    """Return who owns the outputs, and any assignment or licence back."""
    found: dict = {}
    for sentence in sentences:
        if "owner" not in found:
            if re.search(
                rf"(?:does|will|shall) not (?:own|claim (?:any )?ownership)[^.]{{0,40}}{OUTPUT}|claims? no (?:ownership|rights?)[^.]{{0,20}}{OUTPUT}",
                sentence,
                re.I,
            ):
                found["owner"] = "not claimed by vendor"
            elif re.search(
                rf"\b(?:{CUSTOMER_WORDS})\b[^.]{{0,120}}\bowns?\s+(?:all\s+)?(?:right,? title[^.]{{0,40}}in and to\s+)?(?:the\s+|all\s+)?{OUTPUT}",
                sentence,
                re.I,
            ):
                found["owner"] = "customer"
            elif re.search(rf"\b(?:{VENDOR_WORDS})\b[^.]{{0,60}}\bowns?\b[^.]{{0,40}}{OUTPUT}", sentence, re.I):
                found["owner"] = "vendor"
        found.update(
            flags(
                sentence,
                {
                    "vendor_assigns": rf"assigns?\s+to\s+(?:the\s+)?(?:{CUSTOMER_WORDS})[^.]{{0,80}}{OUTPUT}",
                    "licence_to_vendor": rf"grants?\s+(?:to\s+)?(?:the\s+)?(?:{VENDOR_WORDS}|us)\b[^.]{{0,100}}licen[cs]e[^.]{{0,80}}{OUTPUT}",
                },
            )
        )
    return found


def ip_ownership(sentences: list[str]) -> dict:
    """Return who owns IP developed under the deal, and the vendor's right to feedback."""
    found: dict = {}
    for sentence in sentences:
        if "owner" not in found:
            if re.search(r"jointly own|joint(?:ly)? (?:ownership|owned)", sentence, re.I):
                found["owner"] = "joint"
            elif re.search(rf"assigns?\s+to\s+(?:the\s+)?(?:{CUSTOMER_WORDS})\b", sentence, re.I):
                found["owner"] = "customer"
            elif re.search(
                rf"\b(?:{VENDOR_WORDS})\b\s+(?:retains|owns|will own|shall own)[^.]{{0,60}}(?:right,? title|intellectual property|ownership)",
                sentence,
                re.I,
            ):
                found["owner"] = "vendor"
        if re.search(r"feedback[^.]{0,120}(?:freely|without (?:any )?(?:restriction|obligation)|any purpose)", sentence, re.I):
            found["feedback_licence"] = True
    return found


def fine_tuning(sentences: list[str]) -> dict:
    """Return the fine-tuning rights and who owns a tuned model."""
    found: dict = {}
    tuned = r"(?:fine[- ]?tuned|custom(?:ised|ized)?|tuned)\s+models?"
    for sentence in sentences:
        if re.search(r"fine[- ]?tun|customi[sz]e (?:the )?models?", sentence, re.I):
            if re.search(r"(?:may|will|shall|must)\s+not\s+(?:\w+\s+){0,2}(?:fine[- ]?tune|customi[sz]e)", sentence, re.I):
                found.setdefault("fine_tuning_allowed", False)
            elif re.search(r"\bmay\b|\bcan\b|right to|permitted", sentence, re.I):
                found.setdefault("fine_tuning_allowed", True)
        if "tuned_model_owner" not in found:
            if re.search(rf"\b(?:{CUSTOMER_WORDS})\b[^.]{{0,40}}\bowns?\b[^.]{{0,40}}{tuned}", sentence, re.I):
                found["tuned_model_owner"] = "customer"
            elif re.search(rf"\b(?:{VENDOR_WORDS})\b[^.]{{0,40}}\b(?:owns?|retains?)\b[^.]{{0,60}}{tuned}", sentence, re.I):
                found["tuned_model_owner"] = "vendor"
        if re.search(rf"{tuned}[^.]{{0,80}}(?:solely|only|exclusively)\s+(?:for|by)\s+(?:the\s+)?(?:{CUSTOMER_WORDS})", sentence, re.I):
            found["exclusive_to_customer"] = True
    return found


# ------------------------------------------------------------------------------ scope


def _yes_no(text: str, yes: str, no: str) -> bool | None:
    """Return False if `no` matches, True if `yes` does, else None (the negative wins)."""
    if re.search(no, text, re.I):
        return False
    return True if re.search(yes, text, re.I) else None


def license_scope(sentences: list[str]) -> dict:
    """Return the attributes of the licence grant (exclusive, transferable, perpetual…)."""
    text = " ".join(sentences)
    checks = {
        "exclusive": (r"(?<!non-)(?<!non)\bexclusive\b", r"non-?exclusive"),
        "transferable": (r"(?<!non-)(?<!non)\btransferable\b", r"non-?transferable|not transferable|may not (?:assign|transfer)"),
        "sublicensable": (
            r"(?<!non-)\bsublicensable\b|right to (?:grant )?sublicen",
            r"non-?sublicensable|not sublicensable|without the right to sublicen|(?:not|never)[^.]{0,60}\bsublicense",
        ),
        "affiliates": (r"\baffiliates?\b", r"(?!)"),
        "perpetual": (r"\bperpetual\b", r"(?!)"),
        "irrevocable": (r"(?<!non-)\birrevocable\b", r"\brevocable\b(?<!irrevocable)"),
    }
    found = {}
    for name, (yes, no) in checks.items():
        value = _yes_no(text, yes, no)
        if value is not None:
            found[name] = value
    found.update(
        flags(
            text,
            {
                "internal_use_only": r"internal (?:business )?(?:use|purposes|operations)",
                "no_competing_models": r"(?:develop|train|build|create|improve)[^.]{0,60}(?:compet\w+|similar)[^.]{0,40}(?:models?|products?|services?)"
                r"|use[^.]{0,40}outputs?[^.]{0,60}(?:develop|train)[^.]{0,40}models?",
            },
        )
    )
    return found


def exclusivity(sentences: list[str]) -> dict:
    """Return whether a promise is exclusive, and its field, territory and term."""
    text = " ".join(sentences)
    found: dict = {}
    value = _yes_no(text, r"(?<!non-)(?<!non)\bexclusive(?:ly)?\b", r"non-?exclusive")
    if value is not None:
        found["exclusive"] = value
    if (m := re.search(r"field of use\s+(?:of\s+)?([^.;,]{3,60})|in the field of\s+([^.;,]{3,60})", text, re.I)) is not None:
        found["field"] = (m.group(1) or m.group(2)).strip()
    if (m := re.search(r"\bterritory\b\s+(?:of|is|means)\s+(?:the\s+)?([^.;,]{2,60})", text, re.I)) is not None:
        found["territory"] = m.group(1).strip()
    for sentence in sentences:
        if re.search(r"exclusiv", sentence, re.I) and (p := first_period(sentence)) is not None and p.unit in ("month", "year"):
            found.setdefault("term_months", whole(p.months()))
    return found
