"""`counterdraft history`: one clause's thread through every round of a deal.

The clause is named by its number as it stands in the latest round that has it ("8.1"); when
no round has a clause with that number, a heading ("Liability Caps") is accepted instead.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from desktop.cli.output import EXIT_OK, open_deal
from desktop.cli.terminal import print_json, say_lines
from desktop.core.model import Clause, DiffOp, UserFacingError

COMMAND = "history"
_KEEP = 30  # characters kept at each end of a long unchanged stretch in the text redline

_HELP = (
    "CLAUSE is the clause's number as it stands in the latest round that has it (\"8.1\", "
    "\"8.1(a)\"; a leading § or \"Section\" and a trailing dot are ignored). Rounds are "
    "searched from the latest back. When no round has a clause with that number, CLAUSE is "
    "taken as a heading (\"Liability Caps\", case ignored).")


class HistoryError(UserFacingError):
    """The clause asked for is not in the deal."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command's arguments."""
    p = sub.add_parser(COMMAND, help="one clause's thread through every round of a deal",
                       description="Print one clause's text in every round of a deal, with "
                                   "what changed between rounds. " + _HELP)
    p.add_argument("--db", dest="sub_db", type=Path, metavar="PATH", help="the database file")
    p.add_argument("--deal", required=True, help="the deal's name")
    p.add_argument("--clause", required=True, metavar="CLAUSE",
                   help="the clause number as in the latest round that has it, or a heading")
    p.add_argument("--json", action="store_true", help="print JSON (the default is readable text)")


def _number_key(text: str) -> str:
    """Return a clause number as compared: no §/Section, spaces or trailing dot, case folded."""
    text = re.sub(r"^\s*(§+|section\b)\s*", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", "", text).rstrip(".").casefold()


def _find_clause(store, deal, wanted: str) -> tuple[int, Clause]:
    """Return (draft id, clause) of the clause named `wanted`, latest round first."""
    rounds = store.rounds(deal.id)
    if not rounds:
        raise HistoryError(f"Deal {deal.name!r} has no rounds yet: import a draft into it first.")
    in_rounds = [(r.id, store.clauses(r.id)) for r in reversed(rounds)]
    number = _number_key(wanted)
    heading = " ".join(wanted.split()).casefold()
    for matches in (lambda c: number != "" and _number_key(c.number) == number,
                    lambda c: heading != "" and " ".join(c.heading.split()).casefold() == heading):
        for draft_id, clauses in in_rounds:
            for clause in clauses:
                if matches(clause):
                    return draft_id, clause
    numbers = [c.number for c in in_rounds[0][1] if c.level == 1 and c.number]
    has = (f"its latest round has {numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else
           f"its latest round has {numbers[0]}" if numbers else
           "its latest round has no numbered clauses")
    raise HistoryError(f"No clause {wanted} in deal {deal.name}; {has}.")


def history_json(store, deal, draft_id: int, clause: Clause, wanted: str) -> dict:
    """Return the `history --json` object for one clause's thread."""
    from desktop.core.diff import word_diff
    from desktop.store import ClauseRef

    thread = store.thread(ClauseRef(draft_id, clause.id))
    files = {r.id: r.file_name for r in store.rounds(deal.id)}
    rounds, previous = [], None
    for entry in thread.entries:
        diff: tuple[DiffOp, ...] = ()
        if entry.clause is not None and previous is not None:
            diff = word_diff(previous.text, entry.clause.text)
        rounds.append({
            "round": entry.round_no, "from": entry.sender, "date": entry.date,
            "file": files[entry.draft_id],
            "clause": None if entry.clause is None else entry.clause.as_json(),
            "kind": entry.kind, "substantive": entry.substantive, "marker": entry.marker,
            "diff": [[op, text] for op, text in diff],
        })
        previous = entry.clause
    return {"deal": deal.name, "clause": wanted, "title": thread.title, "rounds": rounds}


def _shorten(text: str, *, head: bool, tail: bool) -> str:
    """Return an unchanged stretch cut to its first and/or last words when it is long."""
    if len(text) <= 2 * _KEEP + 5:
        return text
    first = text[:_KEEP].rsplit(" ", 1)[0]
    last = text[-_KEEP:].split(" ", 1)[-1]
    if not head:
        return "… " + last
    if not tail:
        return first + " …"
    return first + " … " + last


def redline_text(diff: list[list[str]]) -> str:
    """Return a word diff as one line: [-deleted-] and {+inserted+}, long unchanged text cut.

    Unchanged text keeps only the words next to a change: the last words before the first
    change, the first words after the last, and both ends of a stretch between changes.
    """
    parts = []
    for index, (op, text) in enumerate(diff):
        if op == "=":
            parts.append(_shorten(text, head=index > 0, tail=index < len(diff) - 1))
        else:
            parts.append(f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
    return " ".join("".join(parts).split())


def history_lines(obj: dict) -> list[str]:
    """Return the readable form of a `history --json` object, line by line (each printed as one line)."""
    lines = [f"{obj['deal']}: {obj['title']}"]
    for r in obj["rounds"]:
        note = r["marker"]
        if r["kind"] not in (None, "unchanged") and r["substantive"] is not None:
            weight = "substantive" if r["substantive"] else "cosmetic"
            note = ", ".join(filter(None, (note, weight)))
        lines.append(f"R{r['round']}  {r['from']:<4}  {r['date']}  {r['file']}"
                     + (f"  [{note}]" if note else ""))
        clause = r["clause"]
        if clause is None:
            lines.append("    (no clause in this round)")
            continue
        name = " ".join(p for p in (clause["number"] or clause["label"], clause["heading"]) if p)
        changed = any(op != "=" for op, _ in r["diff"])
        if r["diff"] and not changed:
            body = "unchanged"
        elif changed:
            body = redline_text(r["diff"])
        else:
            body = clause["text"]
        lines.append("    " + ": ".join(part for part in (name, body) if part))
    return lines


def run(args: argparse.Namespace) -> int:
    """Run the command and return its exit code."""
    with open_deal(args) as (store, deal):
        draft_id, clause = _find_clause(store, deal, args.clause)
        obj = history_json(store, deal, draft_id, clause, args.clause)
    if args.json:
        print_json(obj)
    else:
        say_lines(history_lines(obj))
    return EXIT_OK
