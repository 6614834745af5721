"""The record of a negotiation: the status each position reached in a round, and the outcome.

A lawyer keeps this record by hand today: for each playbook position and each round, who gave
way and how far. `suggest_round` proposes it from the values read out of two consecutive
drafts (see desktop.core.values); the user confirms or overrides each suggestion.

How a move is read depends on who sent the draft, as a negotiator reads it:

- **Their draft is a proposal, never our agreement.** A value that moves our way there is them
  giving way: "won" when it reaches our ask, "compromise" when it stops short. A value that
  moves their way (including taking back something they gave us) is pushback: "open", because
  nothing is conceded until we accept it.
- **Our draft is what we are willing to sign.** A value that moves our way there is our
  counter: "open" until they accept it. A value that moves their way is a concession we
  offered: "conceded" ("compromise" when it still meets our fallback).
- **Leaving the other side's wording untouched accepts it.** When a draft keeps what the other
  side proposed in the round before (the position was "open"), the sender has accepted it,
  judged against our ask ("won"), our fallback ("compromise") or neither ("conceded"). When
  the ask has nothing comparable in it, the position stays "open".
- A position that first appears is "open"; one that disappears is "open" with the drop flagged
  for review; one in neither draft is "not_addressed". When the wording of a linked clause
  changed but no value did, the position is "open" with "Clause changed; review".
- Otherwise an unchanged position keeps the status it had.

A side's move is measured from where that side stood last: their 12 months, our redline asking
24, then their counter at 18 is their move from 12 to 18 our way ("compromise"), not pushback
from our 24; their counter back at 12 is them holding their ground ("open").
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from desktop.core import values as typed_values
from desktop.core.model import Clause, Comparison, Finding, Suggestion
from desktop.core.playbook import SIDE_OF, Playbook, PositionSpec
from desktop.core.record_words import (
    change_text,
    clause_names,
    evidence_text,
    status_words,
    summary,
)
from desktop.core.work import check_cancel

__all__ = ["Standing", "assess_round", "outcome", "suggest_round"]

_OTHER_SIDE = {"customer": "vendor", "vendor": "customer"}
_LONGEST_STANCE = 70  # characters of a stance quoted in a reason


@dataclass(frozen=True)
class Standing:
    """Where a deal stands before its next round: our side, our stances, the latest round's record.

    `findings` is None when the latest round was stored without a record (imported before
    positions existed); `assess_round` then reads it again from the comparison.
    """

    our_side: str = "customer"
    asks: Mapping[str, str] = field(default_factory=dict)
    fallbacks: Mapping[str, str] = field(default_factory=dict)
    round_no: int = 0  # the latest round's number; 0 before the first round
    sender: str | None = None  # who sent the latest round
    findings: tuple[Finding, ...] | None = ()
    statuses: Mapping[str, str] = field(default_factory=dict)  # latest round's, by position key
    # The findings of each side's own latest draft ("us" / "them"), to tell how far a side
    # moved from where it stood last, not just from the other side's draft.
    last_by_sender: Mapping[str, tuple[Finding, ...] | None] = field(default_factory=dict)

    @classmethod
    def fresh(cls, playbook: Playbook, our_side: str) -> Standing:
        """Return the standing of a deal with no rounds, its stances taken from the playbook."""
        stances = {p.key: p.stance(our_side) for p in playbook.positions}
        return cls(our_side=our_side, asks={k: s.ask for k, s in stances.items()},
                   fallbacks={k: s.fallback for k, s in stances.items()})

    def after(self, sender: str, findings: Sequence[Finding],
              suggestions: Sequence[Suggestion]) -> Standing:
        """Return the standing once a round with these findings and suggestions is added."""
        return replace(self, round_no=self.round_no + 1, sender=sender, findings=tuple(findings),
                       statuses={s.key: s.status for s in suggestions},
                       last_by_sender={**self.last_by_sender, sender: tuple(findings)})


def assess_round(playbook: Playbook, clauses: Sequence[Clause], standing: Standing, *,
                 sender: str, comparison: Comparison | None = None,
                 cancel: threading.Event | None = None,
                 ) -> tuple[tuple[Finding, ...], tuple[Suggestion, ...]]:
    """Return the positions found in a new round's clauses and the statuses they suggest.

    `comparison` compares the deal's latest round (A) with this one (B); None for round 1.
    """
    from desktop.core.positions import find_positions

    check_cancel(cancel)
    findings = find_positions(tuple(clauses), playbook)
    previous = standing.findings
    if previous is None and comparison is not None:
        previous = find_positions(comparison.clauses_a, playbook)
    check_cancel(cancel)
    suggestions = suggest_round(
        playbook, previous if standing.round_no else None, findings, sender=sender,
        our_side=standing.our_side, asks=standing.asks, fallbacks=standing.fallbacks,
        previous_statuses=standing.statuses, previous_sender=standing.sender,
        sender_previous=standing.last_by_sender.get(sender),
        round_no=standing.round_no + 1, comparison=comparison, clauses=clauses)
    return findings, suggestions


def suggest_round(playbook: Playbook, previous: Sequence[Finding] | None,
                  current: Sequence[Finding], *, sender: str, our_side: str,
                  asks: Mapping[str, str], fallbacks: Mapping[str, str] | None = None,
                  previous_statuses: Mapping[str, str] | None = None,
                  previous_sender: str | None = None,
                  sender_previous: Sequence[Finding] | None = None, round_no: int = 0,
                  comparison: Comparison | None = None, clauses: Sequence[Clause] = (),
                  ) -> tuple[Suggestion, ...]:
    """Return one suggested status, with a one-line reason, per playbook position for a round.

    `previous` holds the findings of the round before (None for a deal's first round, or when
    they are unknown); `current` those of the round just sent by `sender` ("us" | "them").
    `our_side` is the deal's (customer | vendor | data_provider); `asks` and `fallbacks` are
    our stance texts by position key, read with values.extract_values so they can be compared.
    `previous_statuses` and `previous_sender` say where each position stood and who sent the
    round before; `sender_previous` holds the findings of the sender's own draft before this
    one (when the round before came from the other side), so that "they went from 12 to 18
    after we asked for 24" reads as their move our way, not as pushback. `comparison`
    (previous → current) tells which clauses really changed, and `clauses` (the current
    draft's) lets reasons cite clause numbers. The module docstring says how each move is read.
    """
    if sender not in ("us", "them"):
        raise ValueError(f"sender must be 'us' or 'them', not {sender!r}")
    judge = _RoundJudge(previous, current, sender=sender, our_side=our_side, asks=asks,
                        fallbacks=fallbacks or {}, previous_statuses=previous_statuses or {},
                        previous_sender=previous_sender, sender_previous=sender_previous,
                        round_no=round_no,
                        comparison=comparison, clauses=clauses)
    return tuple(judge.suggest(spec) for spec in playbook.positions)


def outcome(statuses_by_round: Sequence[object] | Mapping[int, object]) -> str:
    """Return a position's outcome: its status in the final round ("not_addressed" if none).

    Takes the statuses in round order (or a mapping round number → status); each may be a
    status string, anything with a `.status` (a stored PositionStatus), or None for a round
    without one, in which case the latest round that has one counts.
    """
    if isinstance(statuses_by_round, Mapping):
        ordered = [statuses_by_round[k] for k in sorted(statuses_by_round)]
    else:
        ordered = list(statuses_by_round)
    for item in reversed(ordered):
        status = getattr(item, "status", item)
        if status:
            return str(status)
    return "not_addressed"


class _RoundJudge:
    """The context of one round's suggestions: who sent it, what came before, what changed."""

    def __init__(self, previous: Sequence[Finding] | None, current: Sequence[Finding], *,
                 sender: str, our_side: str, asks: Mapping[str, str],
                 fallbacks: Mapping[str, str], previous_statuses: Mapping[str, str],
                 previous_sender: str | None, sender_previous: Sequence[Finding] | None,
                 round_no: int, comparison: Comparison | None, clauses: Sequence[Clause]):
        self.known_before = previous is not None
        self.before = {f.key: f for f in previous or ()}
        self.now = {f.key: f for f in current}
        self.sender = sender
        self.us = SIDE_OF.get(our_side, "customer")
        self.them = _OTHER_SIDE[self.us]
        self.asks, self.fallbacks = asks, fallbacks
        self.statuses = previous_statuses
        # Who sent the round before: the other side, unless we are told otherwise.
        self.previous_sender = previous_sender or ("them" if sender == "us" else "us")
        # Where the sender itself stood last; the round before is its own when it sent that too.
        if self.previous_sender == sender:
            sender_previous = previous
        self.own = None if sender_previous is None else {f.key: f for f in sender_previous}
        self.round_no = round_no
        self.clauses_now = {c.id: c for c in (clauses or (comparison.clauses_b if comparison else ()))}
        self.clauses_before = {c.id: c for c in (comparison.clauses_a if comparison else ())}
        self.changed_now: set[str] = set()
        self.deleted_before: set[str] = set()
        for pair in comparison.pairs if comparison else ():
            # Only wording a lawyer must read again counts: cosmetic edits and pure renumbering
            # are not a reason to reopen a position.
            if pair.kind != "unchanged" and pair.substantive:
                self.changed_now.update(pair.b)
                if not pair.b:
                    self.deleted_before.update(pair.a)

    # -- wording -----------------------------------------------------------------------------
    def where(self, counter: bool = False) -> str:
        """Return "their draft (round 3)", "our draft (round 4)" or, for a reply, "their counter"."""
        whose = "their" if self.sender == "them" else "our"
        noun = "counter" if counter and self.sender == "them" and self.round_no > 1 else "draft"
        return f"{whose} {noun} (round {self.round_no})" if self.round_no else f"{whose} {noun}"

    def ask_text(self, spec: PositionSpec, text: str) -> str:
        """Return a stance as short as the cells show it, or the lawyer's own words."""
        found = typed_values.extract_values(spec, text) if text else {}
        described = summary(spec, found) if found else ""
        # The lawyer's own words, up to the first ";": the headline of the stance.
        words = described or " ".join(text.split(";")[0].split())
        if len(words) <= _LONGEST_STANCE:
            return words
        return words[:_LONGEST_STANCE].rsplit(" ", 1)[0].rstrip(",;:") + " …"

    # -- judging -----------------------------------------------------------------------------
    def meets(self, spec: PositionSpec, values: dict, stance: str) -> bool | None:
        """Return whether `values` are at least as good for us as a stance text, None if unclear."""
        target = typed_values.extract_values(spec, stance) if stance.strip() else {}
        names = [name for name in target if name in values]
        if not names:
            return None
        verdicts = typed_values.compare_values(spec, {n: target[n] for n in names},
                                          {n: values[n] for n in names})
        known = False
        for name in names:
            verdict = verdicts.get(name, "unknown")
            if verdict == self.them:
                return False
            known = known or verdict in ("same", self.us)
        return True if known else None

    def wording_changed(self, before: Finding, now: Finding) -> bool:
        """Return whether a clause the position rests on was substantively reworded."""
        touched = (set(now.clauses) & self.changed_now) or (set(before.clauses) & self.deleted_before)
        if not touched:
            return False
        old = evidence_text(before, self.clauses_before)
        new = evidence_text(now, self.clauses_now)
        # The evidence itself tells whether the change is in the part that matters; without
        # it, the clause change alone has to do.
        return old != new if old and new else True

    def suggest(self, spec: PositionSpec) -> Suggestion:
        """Return the suggested status of one position in this round."""
        before, now = self.before.get(spec.key), self.now.get(spec.key)
        if now is None:
            if before is None:
                return self.absent(spec)
            was = summary(spec, before.values) or clause_names(before.clauses, self.clauses_before)
            back = f"round {self.round_no - 1}" if self.round_no > 1 else "the round before"
            was_text = f"; {back} had {was}" if was else ""
            return Suggestion(spec.key, "open",
                              f"Dropped from {self.where()}{was_text}: review.")
        described = summary(spec, now.values) or clause_names(now.clauses, self.clauses_now)
        if before is None:
            return self.first(spec, described)
        verdicts = typed_values.compare_values(spec, before.values, now.values)
        moved = {name: side for name, side in verdicts.items() if side != "same"}
        if moved:
            return self.moved(spec, before, now, moved)
        if self.wording_changed(before, now):
            where = clause_names(now.clauses, self.clauses_now, changed=self.changed_now)
            what = f"{where} reworded" if where else "reworded"
            values = f"; values unchanged ({summary(spec, now.values)})" if now.values else ""
            return Suggestion(spec.key, "open",
                              f"Clause changed; review: {what} in {self.where()}{values}.")
        return self.unchanged(spec, now, described)

    def absent(self, spec: PositionSpec) -> Suggestion:
        """Return "not_addressed": the position is in neither draft."""
        if self.known_before and self.round_no > 1:
            reason = f"Not in {self.where()}, nor in round {self.round_no - 1}."
        else:
            reason = f"Not in {self.where()}."
        return Suggestion(spec.key, "not_addressed", reason)

    def first(self, spec: PositionSpec, described: str) -> Suggestion:
        """Return "open" for a position this round raises for the first time."""
        opening = "First appears in" if self.known_before or self.round_no <= 1 else "Found in"
        reason = f"{opening} {self.where()}" + (f": {described}" if described else "")
        ask = self.asks.get(spec.key, "")
        if ask.strip():
            reason += f"; our ask: {self.ask_text(spec, ask)}"
        return Suggestion(spec.key, "open", reason if reason.endswith("…") else reason + ".")

    def moved(self, spec: PositionSpec, before: Finding, now: Finding,
              moved: dict[str, str]) -> Suggestion:
        """Return the status of a position whose values differ from the round before.

        The sender's move is measured from where the sender itself stood last when that is
        known (their 12, then our 24, then their 18 is their move from 12 to 18); otherwise
        from the round before.
        """
        base = before
        own = self.own.get(spec.key) if self.own is not None else None
        if own is not None and own is not before:
            base = own
            moved = {n: side for n, side in
                     typed_values.compare_values(spec, own.values, now.values).items() if side != "same"}
        ask = self.asks.get(spec.key, "")
        ask_part = f"; our ask was {self.ask_text(spec, ask)}" if ask.strip() else ""
        if not moved:
            return self.held(spec, before, now, ask_part)
        change = change_text(spec, base.values, now.values, moved)
        ours = [n for n, side in moved.items() if side == self.us]
        theirs = [n for n, side in moved.items() if side == self.them]
        if ours and theirs:
            return Suggestion(spec.key, "open",
                              f"{change} in {self.where()}: some of it our way, some theirs; review.")
        if not ours and not theirs:
            return Suggestion(spec.key, "open",
                              f"{change} in {self.where()}; not clear whom it favours: review.")
        if self.sender == "them" and ours:
            status = "won" if self.meets(spec, now.values, ask) else "compromise"
            return Suggestion(spec.key, status,
                              f"{change} in {self.where(counter=True)}{ask_part}: {status}.")
        if self.sender == "them":
            away = f", away from our ask of {self.ask_text(spec, ask)}" if ask.strip() else ", their way"
            return Suggestion(spec.key, "open", f"{change} in {self.where(counter=True)}{away}: "
                                                "open until we accept it.")
        if ours:
            return Suggestion(spec.key, "open",
                              f"{change} in {self.where()}{ask_part}: open until they accept it.")
        fallback = self.fallbacks.get(spec.key, "")
        if self.meets(spec, now.values, fallback):
            return Suggestion(spec.key, "compromise",
                              f"{change} in {self.where()}, within our fallback of "
                              f"{self.ask_text(spec, fallback)}: compromise.")
        return Suggestion(spec.key, "conceded", f"{change} in {self.where()}{ask_part}: conceded.")

    def held(self, spec: PositionSpec, before: Finding, now: Finding, ask_part: str) -> Suggestion:
        """Return "open" for a sender that kept its own last position against the other side's."""
        mine = summary(spec, now.values) or "its wording"
        other = summary(spec, before.values) or "theirs"
        if self.sender == "them":
            return Suggestion(spec.key, "open",
                              f"They held at {mine} in {self.where(counter=True)} against our "
                              f"{other}{ask_part}: open until we accept it.")
        return Suggestion(spec.key, "open",
                          f"We held at {mine} in {self.where()} against their {other}{ask_part}: "
                          "open until they accept it.")

    def unchanged(self, spec: PositionSpec, now: Finding, described: str) -> Suggestion:
        """Return the status of a position left as it was: accepted, or still where it stood."""
        previous = self.statuses.get(spec.key)
        if previous == "open" and self.previous_sender != self.sender:
            ask = self.asks.get(spec.key, "")
            verdict = self.meets(spec, now.values, ask)
            if verdict is not None:
                return self.accepted(spec, described, ask, verdict)
            if ask.strip():
                # Kept, but nothing in it can be weighed against the ask: the lawyer must.
                return Suggestion(spec.key, "open",
                                  f"{self.kept(described)} in {self.where()}; check it "
                                  f"against our ask ({self.ask_text(spec, ask)}): open.")
        status = previous or "open"
        still = f"; still {status_words(status)}" if previous else ""
        return Suggestion(spec.key, status,
                          f"Unchanged in {self.where()}: {described or 'as before'}{still}.")

    def accepted(self, spec: PositionSpec, value: str, ask: str, meets_ask: bool) -> Suggestion:
        """Return the status of the other side's proposal kept by this round's sender."""
        kept = f"{self.kept(value)} in {self.where()}"
        asked = self.ask_text(spec, ask)
        if meets_ask:
            return Suggestion(spec.key, "won", f"{kept}; it meets our ask of {asked}: won.")
        fallback = self.fallbacks.get(spec.key, "")
        if self.meets(spec, self.now[spec.key].values, fallback):
            return Suggestion(spec.key, "compromise",
                              f"{kept}; short of our ask of {asked} but within our fallback of "
                              f"{self.ask_text(spec, fallback)}: compromise.")
        return Suggestion(spec.key, "conceded", f"{kept}; our ask was {asked}: conceded.")

    def kept(self, described: str) -> str:
        """Return "We kept their terms (60 days)" or "They accepted our terms (60 days)"."""
        terms = f"terms ({described})" if described else "wording"
        return f"They accepted our {terms}" if self.sender == "them" else f"We kept their {terms}"
