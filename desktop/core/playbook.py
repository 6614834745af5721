"""The playbook: the key positions of an AI contract, what favours whom, and how to spot them.

The shipped playbook is data in resources/playbooks/: `<name>.toml` says what each position
means (values, who each value favours, our default stances, the CUAD categories it answers
to) and `<name>.cues.toml` says how to find it in a draft (heading and text cues). The user's
own positions and edits live in the database and are laid over the shipped file, which is
never written to.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from desktop.core.model import UserFacingError

Side = Literal["customer", "vendor"]
ValueKind = Literal["number", "money", "flag", "choice", "list", "text"]

# Our side as the deal records it, mapped to the playbook's two stances: a data provider
# licensing its data out negotiates like a vendor.
SIDE_OF = {"customer": "customer", "vendor": "vendor", "data_provider": "vendor"}


@dataclass(frozen=True)
class ValueSpec:
    """One value a position extracts from clause text, and which side it favours."""

    name: str  # "cap_months_of_fees"
    kind: ValueKind
    label: str  # "Cap (months of fees)"
    unit: str = ""  # "months", "hours", "days", "USD", "× fees"
    # For numbers and money: the side a LARGER value favours. For flags: the side True favours.
    # For choices: `choices` runs from best for the customer to best for the vendor.
    favours: Side | Literal["neither"] = "neither"
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stance:
    """Our default ask, fallback and walk-away on one position, for one side of the deal."""

    ask: str = ""
    fallback: str = ""
    walk_away: str = ""


@dataclass(frozen=True)
class Cues:
    """How to recognise a position in a draft: heading words, text patterns, and exclusions.

    Patterns are case-insensitive regular expressions matched against a clause's heading
    (`headings`) or against its sentences (`terms`); `exclude` vetoes a sentence.
    """

    headings: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class PositionSpec:
    """One key position of the playbook."""

    key: str  # "liability_cap"
    title: str  # "Limitation of liability cap"
    group: str  # "Liability", "Data", "IP", "Scope", "Performance", "Termination", "Privacy", "General"
    explanation: str  # two or three sentences for the user
    values: tuple[ValueSpec, ...] = ()
    customer: Stance = field(default_factory=Stance)
    vendor: Stance = field(default_factory=Stance)
    cuad: tuple[str, ...] = ()  # CUAD category names exactly as in master_clauses_dev.csv
    cues: Cues = field(default_factory=Cues)
    first: bool = False  # one of the three positions the user named first
    user_defined: bool = False

    def stance(self, our_side: str) -> Stance:
        """Return our default stance on this position for `our_side` (customer, vendor, data_provider)."""
        return self.vendor if SIDE_OF.get(our_side, "customer") == "vendor" else self.customer


@dataclass(frozen=True)
class Playbook:
    """An ordered set of positions: the three named first, then by group."""

    name: str
    positions: tuple[PositionSpec, ...]

    def get(self, key: str) -> PositionSpec | None:
        """Return the position with `key`, or None."""
        return next((p for p in self.positions if p.key == key), None)

    def keys(self) -> tuple[str, ...]:
        """Return the position keys in display order."""
        return tuple(p.key for p in self.positions)


def _value(raw: dict) -> ValueSpec:
    return ValueSpec(
        name=raw["name"],
        kind=raw.get("kind", "text"),
        label=raw.get("label", raw["name"]),
        unit=raw.get("unit", ""),
        favours=raw.get("favours", "neither"),
        choices=tuple(raw.get("choices", ())),
    )


def _stance(raw: dict | None) -> Stance:
    raw = raw or {}
    return Stance(ask=raw.get("ask", ""), fallback=raw.get("fallback", ""), walk_away=raw.get("walk_away", ""))


def _cues(raw: dict | None) -> Cues:
    raw = raw or {}
    return Cues(
        headings=tuple(raw.get("headings", ())),
        terms=tuple(raw.get("terms", ())),
        exclude=tuple(raw.get("exclude", ())),
    )


def position_from_dict(raw: dict, cues: dict | None = None) -> PositionSpec:
    """Return a PositionSpec from its TOML/JSON form (also how the store keeps user positions)."""
    return PositionSpec(
        key=raw["key"],
        title=raw["title"],
        group=raw.get("group", "General"),
        explanation=raw.get("explanation", ""),
        values=tuple(_value(v) for v in raw.get("values", ())),
        customer=_stance(raw.get("customer")),
        vendor=_stance(raw.get("vendor")),
        cuad=tuple(raw.get("cuad", ())),
        cues=_cues(cues if cues is not None else raw.get("cues")),
        first=bool(raw.get("first", False)),
        user_defined=bool(raw.get("user_defined", False)),
    )


def load_playbook(path: str | Path) -> Playbook:
    """Return the playbook in `path` (a .toml file), with its `.cues.toml` companion if present."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        cues_path = path.with_suffix(".cues.toml")
        cues = tomllib.loads(cues_path.read_text(encoding="utf-8")) if cues_path.exists() else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UserFacingError(f"The playbook {path.name} cannot be read: {error}.") from None
    positions = [position_from_dict(raw, cues.get(raw["key"])) for raw in data.get("positions", ())]
    # The three positions the user named come first; the rest keep the file's order.
    positions.sort(key=lambda p: not p.first)
    return Playbook(name=data.get("name", path.stem), positions=tuple(positions))


def default_playbook_path() -> Path:
    """Return the path of the shipped AI-contracts playbook."""
    from desktop.resources import resource_path

    return resource_path("playbooks", "ai-contracts.toml")
