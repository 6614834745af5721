"""The words topic alignment compares: headings reduced to stems and topics, texts to stem sets.

Two vendors' papers rarely share sentences, but they share subjects and vocabulary: "Limitation
of Liability" and "Limitations of Liability", "Defense of Claims" and "Indemnification",
"Miscellaneous" and "General Terms". This module turns a heading into a set of word stems plus
the canonical topics it names, and a clause text into a set of content-word stems with the
vendor's own name ("GitHub") replaced by its role ("provider"), so that the scores in
desktop.core.topics compare like with like.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from desktop.core.model import Clause

_STEM = 6  # a crude stemmer: the first six letters ("limitation"/"limitations" -> "limita")
_WORD = re.compile(r"[a-z]+")
_STOP = frozenset(
    "a an and any are as at be by for from has have in into is it its may must no not of on or "
    "our shall such that the their them these this those to under upon was were which will with "
    "without you your we us all other than each either neither herein hereunder thereof".split()
)
# Words every clause of a contract uses: noise in a text, but not in a heading ("Agreement").
_TEXT_STOP = _STOP | frozenset("party parties agreement section sections applicable including means".split())
# Names vendors give themselves for the same role, read as the role.
_ROLE = {
    "vendor": "provider", "supplier": "provider", "licensor": "provider", "processor": "provider",
    "company": "provider", "client": "customer", "licensee": "customer", "controller": "customer",
    "subscriber": "customer",
}
# Capitalised subjects that are not the vendor's name ("Each party will", "Customer may").
_NOT_A_NAME = frozenset(
    "customer provider vendor supplier licensor licensee company client party parties each "
    "neither either recipient discloser processor controller user users we you this the any "
    "if in no nothing all such subject except unless these our either upon".split()
)
_SUBJECT = re.compile(r"\b([A-Z][A-Za-z]+)(?:'s|’s)?\s+(?:will|may|shall|must|warrants|agrees)\b")

# Canonical subjects and the heading words that name them. A heading can name several
# ("Term; Termination; Suspension").
_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("liability", r"liabilit|damages waiver|consequential damages|indirect damages"),
        ("cap", r"\bcaps?\b|total liability|maximum liability|aggregate liability"),
        ("exceptions", r"exception|exclusion"),
        ("indemnity", r"indemn|defen[cs]e of claims|hold harmless"),
        ("confidentiality", r"confidential|non-?disclosure"),
        ("termination", r"terminat|cancell?ation"),
        ("governing_law", r"governing law|choice of law|jurisdiction|venue|courts"),
        ("disputes", r"dispute|arbitrat"),  # arbitration is not the choice of law
        ("warranty", r"warrant|disclaimer"),
        ("payment", r"payment|\bfees?\b|pricing|invoic|\btax"),
        ("definitions", r"definition|defined terms|interpretation"),
        ("general", r"general terms|general provisions|miscellaneous"),
        ("ip", r"intellectual property|reserv\w* (?:of )?rights|proprietary rights|ownership"),
        ("privacy", r"privacy|personal data|data protection"),
        ("security", r"security"),
        ("feedback", r"feedback"),
        ("support", r"support"),
        ("suspension", r"suspen"),
        ("force_majeure", r"force majeure"),
        ("assignment", r"assign"),
        ("notices", r"notice|communications"),
        ("publicity", r"publicity|logo|trademark"),
        ("survival", r"surviv"),
        ("subcontracting", r"subcontract|sub-?processor|subprocessor"),
        ("export", r"export"),
        ("independence", r"independent contractor"),
        ("beneficiaries", r"beneficiar"),
        ("entire_agreement", r"entire agreement|complete agreement|precedence"),
        ("amendment", r"amendment|modification|changes to"),
        ("waiver", r"waiver|severab"),
        ("beta", r"beta|preview|trial"),
        ("government", r"government"),
        ("affiliates", r"affiliate"),
        ("acceptable_use", r"acceptable use|usage rules|restriction|prohibited|high risk"),
        ("audit", r"audit|inspection"),
        ("breach_notice", r"security incident|data breach|breach notification"),
        ("deletion", r"deletion|return of (?:customer )?data|data export"),
        ("transfers", r"transfer|international|cross-border"),
        ("service_levels", r"service level|\bsla\b|uptime"),
        ("insurance", r"insurance"),
        ("compliance", r"compliance with laws|comply|compliance"),
        ("training", r"machine learning|training|model improvement"),
        ("outputs", r"output|suggestion"),
    )
)


_PREFIX = re.compile(r"\b(sub|non|co|re|pre)-(?=[a-z])")


# Heading words that say what kind of clause it is, not what it is about (stems).
_GENERIC_HEADING = frozenset("obliga genera proced other additi respon requir custom provid by of".split())


def words(text: str) -> list[str]:
    """Return the lower-case words of `text`, "sub-processor" read as "subprocessor"."""
    return _WORD.findall(_PREFIX.sub(r"\1", text.casefold()))


def vendor_name(clauses: Sequence[Clause]) -> str:
    """Return the vendor's own name as the draft uses it ("github"), or "" when it says "Provider".

    The most frequent capitalised subject of "X will/may/shall" that is not a role word.
    """
    counts: Counter[str] = Counter()
    for clause in clauses:
        for match in _SUBJECT.finditer(clause.text):
            name = match.group(1).casefold()
            if name not in _NOT_A_NAME and name not in _STOP:
                counts[name] += 1
    if not counts:
        return ""
    name, count = counts.most_common(1)[0]
    return name if count >= 3 else ""


def stem(word: str) -> str:
    """Return a crude stem of a lower-case word: singular, then its first six letters."""
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and len(word) > 3 and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word[:_STEM]


def stems(text: str, vendor: str = "", *, heading: bool = False) -> frozenset[str]:
    """Return the content-word stems of `text`, roles and the vendor's name read as roles.

    A heading keeps the words every clause uses ("Agreement", "Parties"): there they name it.
    """
    stop = _STOP if heading else _TEXT_STOP
    out = set()
    for word in words(text):
        if word == vendor:
            word = "provider"
        word = _ROLE.get(word, word)
        if len(word) < 3 or word in stop:
            continue
        out.add(stem(word))
    return frozenset(out)


def topics(heading: str) -> frozenset[str]:
    """Return the canonical subjects a heading names ("Defense of Claims" -> {"indemnity"})."""
    lower = " ".join(words(heading))
    return frozenset(name for name, pattern in _TOPICS if pattern.search(lower))


def overlap(x: Iterable[str] | frozenset[str], y: Iterable[str] | frozenset[str]) -> float:
    """Return how much two heading word sets share, 0..1: containment blended with Jaccard.

    Containment lets "Termination" match "Term and Termination"; the Jaccard part prefers the
    heading that says nothing else.
    """
    x, y = frozenset(x), frozenset(y)
    if not x or not y:
        return 0.0
    shared = x & y
    common = len(shared)
    score = 0.5 * common / min(len(x), len(y)) + 0.5 * common / len(x | y)
    # "OpenAI Obligations" and "Obligations" (of confidentiality) share only a word that
    # names no subject.
    return 0.5 * score if shared <= _GENERIC_HEADING else score


def cosine(x: frozenset[str], y: frozenset[str]) -> float:
    """Return the cosine similarity of two word sets (binary vectors), 0..1."""
    if not x or not y:
        return 0.0
    return len(x & y) / math.sqrt(len(x) * len(y))


# Subjects (named as in _TOPICS) a clause's text names when its heading does not ("OpenAI will not use Customer
# Content to develop or improve the Services" is the training clause under "OpenAI
# Obligations"). Few and specific: a word every clause uses in passing would pair anything.
_CONCEPTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("training", r"\btrain(?:s|ed|ing)?\b|develop or improve|improve (?:the|our|its) (?:services|models?)"),
        ("publicity", r"\blogos?\b|trademarks?|publicity|endorse|\bbrand"),
        ("independence", r"independent contractors?|joint venture|legal partners|agency relationship"),
        ("amendment", r"(?:update|modify|change|amend)s? (?:these|this) (?:terms|agreement)"),
        ("export", r"export control|sanction"),
        ("subcontracting", r"sub-?processors?|subcontractors?"),
        ("audit", r"\baudits?\b"),
        ("breach_notice", r"personal data breach|security incident"),
        ("disputes", r"arbitrat"),
        ("governing_law", r"governed by (?:the )?laws?|governing law"),
    )
)


def concepts(text: str) -> frozenset[str]:
    """Return the subjects of `concepts` a clause's text names ("training", "publicity" …)."""
    lower = " ".join(words(text))
    return frozenset(name for name, pattern in _CONCEPTS if pattern.search(lower))
