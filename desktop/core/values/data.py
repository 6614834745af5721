"""Values of the audit, data and privacy positions, read from plain clause sentences.

Each rule takes the sentences of a finding's evidence (already through `plain_wording`) and
returns what it can establish. Flags are only ever set when the wording says so; a value
the text doesn't settle is left out rather than guessed.
"""

from __future__ import annotations

import re

from desktop.core.values.amounts import Period, periods, whole


def flags(text: str, patterns: dict[str, str]) -> dict:
    """Return {name: True} for each pattern found in `text` (case-insensitive)."""
    return {name: True for name, pattern in patterns.items() if re.search(pattern, text, re.I)}


def first_period(sentence: str, after: str = "") -> Period | None:
    """Return the first period in `sentence` (after the first match of `after`, if given)."""
    if after:
        m = re.search(after, sentence, re.I)
        if not m:
            return None
        sentence = sentence[m.start() :]
    found = periods(sentence)
    return found[0] if found else None


_CUSTOMER_WORDS = r"customer|licensee|client|data exporter|you"

# ------------------------------------------------------------------------------ audit rights

_FREQUENCY = (
    (re.compile(r"\bquarterly\b", re.I), 4.0),
    (re.compile(r"\b(?:annual(?:ly)?|yearly)\b", re.I), 1.0),
    (re.compile(r"\bonce\s+(?:a|per|each|every|in any)\s+(?:calendar\s+|contract\s+|fiscal\s+|financial\s+)?(?:year|12-?\s*month)", re.I), 1.0),
)
_TIMES_A_YEAR = re.compile(
    r"\b(?P<n>\d+)\s+times\s+(?:a|per|each|every|in any)\s+(?:calendar\s+|contract\s+|fiscal\s+)?(?:year|12-?\s*month)", re.I
)
_ONCE_EVERY = re.compile(r"\bonce\s+every\s+(?P<n>\d+)\s*(?P<unit>years?|months?)", re.I)
_AUDIT_NOTICE = re.compile(
    r"\b(?P<n>\d+)\s*(?:business\s+|calendar\s+)?days?'?\s+(?:prior\s+|advance\s+)?(?:written\s+)?(?:notice|request)"
    r"|notice\s+(?:of\s+)?at\s+least\s+(?P<m>\d+)\s*(?:business\s+|calendar\s+)?days?",
    re.I,
)
_COST = re.compile(
    r"\b(?:at|for)\s+(?:the\s+)?(?P<a>\w+(?:\s\w+)?)'s\s+(?:sole\s+|own\s+)?(?:cost|expense)"
    r"|\b(?P<b>\w+(?:\s\w+)?)\s+(?:is|will be|shall be)\s+(?:solely\s+)?responsible\s+for\s+(?:all\s+)?(?:the\s+)?(?:costs|fees|expenses)"
    r"|\b(?P<c>\w+(?:\s\w+)?)\s+(?:will|shall)\s+(?:bear|pay|reimburse)\b[^.]{0,40}(?:costs?|expenses?|fees)"
    r"|(?:costs?|expenses?) of (?:any |such |the |each )?(?:audit|inspection)s?[^.]{0,30}(?:borne|paid) by (?:the\s+)?(?P<d>\w+(?:\s\w+)?)",
    re.I,
)
# "X may … audit … at its own expense": the party that audits pays.
_AUDITOR_PAYS = re.compile(r"\bmay\b[^.]{0,80}\b(?:audit|inspect)[^.]{0,80}at (?:its|their) (?:sole |own )?(?:cost|expense)", re.I)
# "…unless the audit reveals an underpayment of more than 5%, in which case X will reimburse": a shift.
_COST_SHIFT = re.compile(r"(?:discrepanc|underpa|overcharg|error|non-?compliance)[^.]{0,160}\b(?:reimburse|bear|pay)", re.I)
_AUDIT_FLAGS = {
    "customer_audit": r"(?:allow for|permit)\s+(?:and contribute to\s+)?audits?|submit[^.]{0,60}for\s+(?:an\s+)?audit"
    r"|^(?![^.]*(?:supervisory authority|regulator))[^.]*\b(?:may|is allowed to|shall have the right to)\b[^.]{0,80}"
    r"\b(?:audit|inspect)\w*"
    r"|\b(?:customer|licensee|client|data exporter)\b[^.]{0,60}\b(?:right|entitled|may|choose)\b[^.]{0,30}"
    r"\b(?:conduct|carry out|perform|audit|inspect)|exercise its audit right",
    "audit_reports": r"\bSOC\s?[123]\b|\baudit reports?\b|summary cop(?:y|ies) of its|third-party audit and certification"
    r"|ISO\s?27001|audited[^.]{0,60}third-party auditors",
    "reports_first": r"audit rights[^.]{0,160}(?:satisfied by|by instructing)|only exercise its audit rights",
    "third_party_auditor": r"(?:conducted|carried out|performed|undertaken)\s+by\s+an?\s+(?:independent|third[- ]party|qualified)"
    r"|^(?![^.]*\baudited\b)[^.]*\bindependent\b[^.]{0,40}\b(?:auditor|accountant|accounting firm)"
    r"|mandate an independent auditor|use of an?\s+independent[^.]{0,40}(?:auditor|audit firm)"
    r"|inspection body composed of independent|(?:another|an?) (?:independent )?auditor mandated by",
    "auditor_confidentiality": r"(?:enter into|sign|subject to|bound by)\s+(?:an?\s+|reasonable\s+|appropriate\s+)?"
    r"(?:confidentiality|non-disclosure)|\bNDA\b|duty of confidentiality|on a confidential basis"
    r"|treat any results as confidential",
}


def audit_rights(sentences: list[str]) -> dict:
    """Return the audit-rights values established by `sentences`."""
    found: dict = {}
    costs: set[str] = set()
    for sentence in sentences:
        for name in flags(sentence, _AUDIT_FLAGS):
            found[name] = True
        frequency = next((n for pattern, n in _FREQUENCY if pattern.search(sentence)), None)
        if (m := _TIMES_A_YEAR.search(sentence)) is not None:
            frequency = float(m.group("n"))
        elif (m := _ONCE_EVERY.search(sentence)) is not None:
            months = float(m.group("n")) * (12 if m.group("unit").lower().startswith("year") else 1)
            frequency = 12 / months
        if frequency is not None:
            found.setdefault("frequency_per_year", whole(frequency))
        if (m := _AUDIT_NOTICE.search(sentence)) is not None:
            found.setdefault("notice_days", int(m.group("n") or m.group("m")))
        if re.search(r"each party (?:will|shall) bear its own", sentence, re.I):
            costs.add("shared")
        for m in _COST.finditer(sentence):
            who = (m.group("a") or m.group("b") or m.group("c") or m.group("d")).lower()
            costs.add("customer" if re.search(rf"\b(?:{_CUSTOMER_WORDS}|auditing party)\b", who) else "vendor")
        if _AUDITOR_PAYS.search(sentence):
            costs.add("customer")
        if costs and _COST_SHIFT.search(sentence):
            costs.add("vendor")
    if costs:
        found["cost_bearer"] = costs.pop() if len(costs) == 1 else "shared"
    return found


# ------------------------------------------------------------------------------ breach notification

_CUSTOMER_NOTIFIES = re.compile(rf"^\W*(?:the\s+)?(?:{_CUSTOMER_WORDS})\b[^.]{{0,40}}\b(?:must|will|shall)\s+(?:promptly\s+)?notify", re.I)


def breach_notification(sentences: list[str]) -> dict:
    """Return the breach-notification window established by `sentences`."""
    found: dict = {}
    for sentence in sentences:
        if _CUSTOMER_NOTIFIES.search(sentence):
            continue  # the customer's duty to report misuse to the vendor
        if re.search(r"without undue delay", sentence, re.I):
            found["without_undue_delay"] = True
        period = next((p for p in periods(sentence) if p.unit in ("hour", "day", "week")), None)
        if period is not None:
            found.setdefault("notice_hours", whole(period.hours()))
    return found


# ------------------------------------------------------------------------------ deletion and return

_DELETES = re.compile(r"\bdelet|\bdestr(?:oy|uction)|\beras|\bpurg", re.I)
_EXPORTS = re.compile(r"\b(?:export|extract)(?:s|ed|ing)?\b|\bretriev|copy of (?:its|the|all|their)|\breturn\b", re.I)


def data_deletion(sentences: list[str]) -> dict:
    """Return the deletion and return-of-data values established by `sentences`."""
    found: dict = {}
    for sentence in sentences:
        deletes, exports = _DELETES.search(sentence), _EXPORTS.search(sentence)
        if exports and (not deletes or exports.start() < deletes.start()):
            # "Export window of 30 days, then deletion within 30 days": each figure follows its word.
            window = sentence[exports.start() : deletes.start()] if deletes else sentence
            if (period := first_period(window)) is not None:
                found.setdefault("export_days", whole(period.days()))
        if deletes:
            period = first_period(sentence[deletes.start() :]) or first_period(sentence)
            if period is not None and period.unit != "year":
                found.setdefault("deletion_days", whole(period.days()))
        if re.search(
            r"certif\w*\b[^.]{0,60}\b(?:delet|destr|done so)|certificate of (?:deletion|destruction)"
            r"|(?:delet|destr)\w*[^.]{0,60}\bcertif",
            sentence,
            re.I,
        ):
            found["certificate"] = True
        if re.search(r"\breturn(?:s|ed)?\b[^.]{0,80}\b(?:data|content)|\b(?:data|content)\b[^.]{0,80}\breturned\b|(?:\b(?:export|extract)(?:s|ed|ing)?\b|copy of)[^.]{0,60}(?:data|content)", sentence, re.I):
            found["return_of_data"] = True
    return found


# ------------------------------------------------------------------------------ training

_TRAINING_TOPIC = re.compile(
    r"\btrain(?:s|ing|ed)?\b|machine learning models?|artificial intelligence[^.]{0,20}models?"
    r"|improve (?:its|the|our) (?:models?|AI)",
    re.I,
)
_TRAINING_CHOICES = (
    ("opt-out", r"opt[- ]?out|unless (?:customer|you) (?:opts?|disables?|turns? off|objects?)|may (?:disable|turn off)"),
    (
        "opt-in",
        r"opt[- ]?in\b|(?:with|upon|subject to)\s+(?:the\s+)?(?:customer's|your)\s+(?:prior\s+)?(?:express\s+)?"
        r"(?:written\s+)?consent|if you allow|only if (?:customer|you) (?:enables?|chooses?|allows?)"
        r"|unless the (?:cover page|order form)|if the (?:cover page|order form) permits",
    ),
    (
        "prohibited",
        r"(?:may|will|shall|must)\s+not\s+(?:use|train|process)[^.]{0,120}\btrain|\bno training\b"
        r"|not (?:be )?used (?:to|for) train",
    ),
    ("de-identified or aggregated only", r"de-?identif|aggregat|anonymi[sz]"),
    ("permitted", r"\bmay\b|\bcan\b|permitted|authori[sz]es|is entitled"),
)


def training_use(sentences: list[str]) -> dict:
    """Return whether and how the vendor may train on customer data, per `sentences`."""
    found: dict = {}
    for index, sentence in enumerate(sentences):
        if not _TRAINING_TOPIC.search(sentence) or re.search(r"(?:does|do|will) not constitute train|other than train", sentence, re.I):
            if re.search(r"(?:to|for)\s+(?:\w+,?\s+){0,4}(?:improve|enhance)\b", sentence, re.I):
                found.setdefault("improvement_use", True)
            continue
        # "…may be used to train models. However, the data must be aggregated first." The
        # condition often sits in the next sentence.
        window = sentence
        following = sentences[index + 1] if index + 1 < len(sentences) else ""
        if re.match(r"(?:However|Provided|But|Such use|Before)\b", following):
            window = f"{sentence} {following}"
        if "training" not in found:
            choice = next((c for c, p in _TRAINING_CHOICES if re.search(p, window, re.I)), None)
            if choice is not None:
                found["training"] = choice
        if re.search(r"(?:maintain|develop|provide),?\s+(?:\w+,?\s+){0,3}(?:and\s+)?improve", sentence, re.I):
            found.setdefault("improvement_use", True)
    return found


# ------------------------------------------------------------------------------ prompts, security, residency

_PROMPTS = r"\b(?:prompts?|inputs?|outputs?)\b"


def prompt_confidentiality(sentences: list[str]) -> dict:
    """Return how prompts and outputs are kept confidential, per `sentences`."""
    found: dict = {}
    for sentence in sentences:
        found.update(
            flags(
                sentence,
                {
                    "confidential": rf"{_PROMPTS}[^.]{{0,80}}(?:confidential information|treated as confidential|kept confidential)"
                    rf"|confidential information (?:includes|will include|shall include)[^.]{{0,60}}{_PROMPTS}",
                    "human_review": rf"(?:human|personnel|employees|staff)[^.]{{0,30}}(?:review|read|access)[^.]{{0,60}}{_PROMPTS}",
                },
            )
        )
        if re.search(rf"(?:retain|store|keep|delete)[^.]{{0,80}}{_PROMPTS}|{_PROMPTS}[^.]{{0,80}}(?:retained|stored|kept|deleted)", sentence, re.I):
            period = first_period(sentence)
            if period is not None:
                found.setdefault("retention_days", whole(period.days()))
    return found


_STANDARDS = (
    ("SOC 1", r"\bSOC\s?1\b"),
    ("SOC 2", r"\bSOC\s?2\b"),
    ("ISO 27001", r"ISO(?:/IEC)?\s?27001"),
    ("ISO 27017", r"ISO(?:/IEC)?\s?27017"),
    ("ISO 27018", r"ISO(?:/IEC)?\s?27018"),
    ("ISO 27701", r"ISO(?:/IEC)?\s?27701"),
    ("ISO 42001", r"ISO(?:/IEC)?\s?42001"),
    ("PCI DSS", r"\bPCI[\s-]?DSS\b"),
    ("FedRAMP", r"\bFedRAMP\b"),
    ("NIST", r"\bNIST\b"),
)


def data_security(sentences: list[str]) -> dict:
    """Return the security standards and measures named in `sentences`."""
    text = " ".join(sentences)
    found = flags(
        text,
        {
            "encryption_in_transit": r"encrypt\w*[^.]{0,80}(?:in transit|transmitted|over public networks)|in transit[^.]{0,40}encrypt",
            "encryption_at_rest": r"encrypt\w*[^.]{0,60}at rest|at rest[^.]{0,40}encrypt",
            "technical_measures": r"technical and organi[sz]ational (?:security )?measures|appropriate technical",
        },
    )
    standards = tuple(name for name, pattern in _STANDARDS if re.search(pattern, text, re.I))
    if standards:
        found["standards"] = standards
    return found


_REGIONS = (
    ("EU", r"\bEuropean Union\b|\bEU\b"),
    ("EEA", r"\bEuropean Economic Area\b|\bEEA\b"),
    ("UK", r"\bUnited Kingdom\b|\bUK\b"),
    ("Switzerland", r"\bSwitzerland\b|\bSwiss\b"),
    ("US", r"\bUnited States\b|\bU\.S\.(?!\s*\$)|\bUSA\b"),
    ("Canada", r"\bCanada\b"),
    ("Australia", r"\bAustralia\b"),
    ("Japan", r"\bJapan\b"),
    ("India", r"\bIndia\b"),
)
_MECHANISMS = (
    ("SCCs", r"standard contractual clauses|\bSCCs?\b"),
    ("UK Addendum", r"UK Addendum|\bIDTA\b|international data transfer (?:agreement|addendum)"),
    ("Data Privacy Framework", r"Data Privacy Framework|\bDPF\b"),
    ("BCRs", r"binding corporate rules|\bBCRs?\b"),
)


def data_residency(sentences: list[str]) -> dict:
    """Return the regions, transfer mechanisms and residency promises in `sentences`."""
    text = " ".join(sentences)
    found = flags(
        text,
        {
            "residency_commitment": r"(?:stored|hosted|processed|kept)\s+(?:only|solely|exclusively)\s+(?:with)?in"
            r"|(?:will|shall) not (?:transfer|store|process|move)[^.]{0,60}\boutside\b",
            "transfer_anywhere": r"any (?:other )?country in which|worldwide|any (?:other )?(?:country|jurisdiction|location)",
        },
    )
    regions = tuple(name for name, pattern in _REGIONS if re.search(pattern, text))
    mechanisms = tuple(name for name, pattern in _MECHANISMS if re.search(pattern, text, re.I))
    if regions:
        found["regions"] = regions
    if mechanisms:
        found["transfer_mechanisms"] = mechanisms
    return found


# ------------------------------------------------------------------------------ privacy overlay

_OBJECTION = re.compile(
    r"within\s+(?P<a>\d+)\s*(?:business\s+|calendar\s+)?days?\s+(?:after|of|following|from)[^.]{0,100}\bobject"
    r"|\bobject\w*[^.]{0,60}within\s+(?P<b>\d+)\s*(?:business\s+|calendar\s+)?days?"
    r"|(?P<d>\d+)\s*(?:business\s+|calendar\s+)?days?\s+to\s+object"
    r"|\bhas\s+(?P<c>\d+)\s*(?:business\s+|calendar\s+)?days?[^.]{0,60}\bobject",
    re.I,
)
_SUBPROCESSOR_NOTICE = re.compile(
    r"at\s+least\s+(?P<a>\d+)\s*(?:business\s+|calendar\s+)?days?\s+(?:in\s+advance|before|prior)"
    r"|(?P<b>\d+)\s*(?:business\s+|calendar\s+)?days?'?\s+(?:prior\s+|advance\s+)?(?:written\s+)?notice"
    r"|(?:prior\s+)?notice[^.]{0,60}\bis\s+(?P<c>\d+)\s*(?:business\s+|calendar\s+)?days?",
    re.I,
)


def gdpr_processor(sentences: list[str]) -> dict:
    """Return the Article 28 processor terms established by `sentences`."""
    found: dict = {}
    # Notice periods count only in sentences about subprocessors, unless the text is short
    # hand that never names them ("10 business days' notice; 30 days to object").
    mentions_subprocessors = any(re.search(r"sub-?processor", s, re.I) for s in sentences)
    for sentence in sentences:
        found.update(
            flags(
                sentence,
                {
                    "processor": r"\b(?:provider|vendor|supplier|github|company|data importer)\b[^.]{0,60}\b(?:is|as|acts as|acting as|deemed)"
                    r"\s+(?:a\s+|the\s+)?(?:data\s+)?processor\b|Article 28|Art\. 28",
                    "flow_down": r"at least the (?:same )?level of (?:data )?protection|(?:same|equivalent) data protection obligations"
                    r"|flow[- ]down|written (?:agreement|contract)[^.]{0,80}subprocessor",
                    "liable_for_subprocessors": r"(?:remains?|is|will be)\s+(?:fully\s+)?(?:liable|responsible)\s+for[^.]{0,60}subprocessors",
                },
            )
        )
        if mentions_subprocessors and not re.search(r"sub-?processor", sentence, re.I):
            continue
        if (m := _OBJECTION.search(sentence)) is not None:
            found.setdefault("objection_days", int(m.group("a") or m.group("b") or m.group("c") or m.group("d")))
        if (m := _SUBPROCESSOR_NOTICE.search(sentence)) is not None:
            found.setdefault("subprocessor_notice_days", int(m.group("a") or m.group("b") or m.group("c")))
    return found


def ccpa_service_provider(sentences: list[str]) -> dict:
    """Return the CCPA/CPRA service-provider terms established by `sentences`."""
    return flags(
        " ".join(sentences),
        {
            "service_provider": r"(?:as|is|acts as|acting as)\s+a\s+\"?(?:service provider|contractor)\b",
            "no_sell_or_share": r"not\s+(?:\w+\s+){0,2}(?:sell|share)\b|\bno (?:sale|selling|sharing)\b",
            "no_combining": r"not\s+(?:\w+\s+){0,2}combine",
            "certification": r"certif(?:ies|y)\s+that it understands",
        },
    )


def abuse_monitoring(sentences: list[str]) -> dict:
    """Return the vendor's abuse-monitoring rights established by `sentences`."""
    found: dict = {}
    for sentence in sentences:
        found.update(
            flags(
                sentence,
                {
                    "vendor_may_review": r"(?:monitor|review|scan|inspect)[^.]{0,80}(?:abuse|misuse|violations?|prompts|inputs|content)"
                    r"|(?:abuse|misuse)[^.]{0,40}(?:monitor|detect)",
                    "human_review": r"human review|(?:authori[sz]ed\s+)?(?:employees|personnel|staff) may (?:review|access)",
                    "zero_retention": r"zero[- ]data[- ]retention|zero retention|(?:will|does) not (?:retain|store)[^.]{0,40}(?:prompts|inputs)"
                    r"|opt out of (?:abuse )?monitoring",
                },
            )
        )
        if re.search(r"retain|store|keep|kept", sentence, re.I) and (period := first_period(sentence)) is not None:
            found.setdefault("retention_days", whole(period.days()))
    return found
