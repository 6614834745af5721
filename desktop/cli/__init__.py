"""The `counterdraft` command: the window by default, headless commands over the same core.

The command names, flags and JSON keys are a stable interface (see CLI.md in the design
notes). Exit codes: 0 success, 2 the input is at fault (one `error: …` line on stderr, the
database untouched), 1 anything else, which is a bug.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import __version__
from desktop.cli.output import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, open_database
from desktop.cli.terminal import print_error, print_json, print_notes, say
from desktop.core.model import Comparison, UserFacingError

if TYPE_CHECKING:
    from desktop.core.model import Draft
    from desktop.core.playbook import Playbook
    from desktop.core.rounds import PreparedRound, RoundFile
    from desktop.store import Store


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors follow our `error: …` / exit 2 convention."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UserFacingError(message)


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every subcommand."""
    parser = _Parser(prog="counterdraft", description="Counterdraft: every draft, every clause, every concession.")
    parser.add_argument("--version", action="version", version=f"counterdraft {__version__}")
    parser.add_argument("--db", type=Path, help="the database file (default: in your user data folder)")
    parser.add_argument("--self-check", action="store_true",
                        help="check that this installation works (offscreen, in a temporary folder) and exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("clauses", help="the clause tree of one or more drafts")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print JSON (the default output is a readable outline)")

    p = sub.add_parser("compare", help="align two drafts clause by clause and diff them word by word")
    p.add_argument("a", type=Path, metavar="A")
    p.add_argument("b", type=Path, metavar="B")
    p.add_argument("--json", action="store_true", help="print JSON (the default output is a summary)")
    p.add_argument("--by", choices=("auto", "lineage", "topic"), default="auto",
                   help="align as versions of one draft (lineage), by subject for unrelated drafts "
                        "(topic), or pick from the texts (auto, the default)")

    p = sub.add_parser("positions", help="the playbook positions found in one or more drafts, with values")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print JSON (the default output is a readable list)")
    p.add_argument("--playbook", type=Path, help="a playbook .toml to use instead of the shipped one")

    p = sub.add_parser("import", help="add rounds to a deal (the deal is created if it does not exist)")
    p.add_argument("--db", dest="sub_db", type=Path, help="the database file")
    p.add_argument("--deal", required=True, help="the deal's name")
    p.add_argument("--from", dest="sender", required=True, choices=("us", "them"), help="who sent the draft")
    p.add_argument("--date", type=_date, default=None, help="the round's date, YYYY-MM-DD (default: today)")
    p.add_argument("--json", action="store_true", help="print the imported rounds as JSON")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")

    p = sub.add_parser("demo", help="create the sample deal")
    p.add_argument("--db", dest="sub_db", type=Path, help="the database file")

    for module in _command_modules():
        module.add_parser(sub)
    return parser


def _command_modules():
    """The commands that live in modules of their own, each with `add_parser(sub)` and `run(args)`."""
    from desktop.cli import history as cli_history
    from desktop.cli import redline as cli_redline
    from desktop.cli import restore as cli_restore
    from desktop.cli import summary as cli_summary

    return (cli_redline, cli_summary, cli_history, cli_restore)


def _cmd_clauses(args: argparse.Namespace) -> int:
    from desktop.core.pipeline import load_draft

    drafts = [load_draft(path) for path in args.files]
    if args.json:
        objects = [
            {"file": str(path), "clauses": [c.as_json() for c in draft.clauses],
             "warnings": list(draft.document.warnings)}
            for path, draft in zip(args.files, drafts)
        ]
        print_json(objects[0] if len(objects) == 1 else objects)
        return EXIT_OK
    for path, draft in zip(args.files, drafts):
        print_notes(path, draft.document.warnings)
        say(f"{path}: {len(draft.clauses)} clauses")
        for clause in draft.clauses:
            head = " ".join(part for part in (clause.number or clause.label, clause.heading) if part)
            body = clause.text if len(clause.text) <= 80 else clause.text[:77] + "…"
            say("  " * clause.level + (f"{head}  {body}" if head else body))
    return EXIT_OK


def _cmd_positions(args: argparse.Namespace) -> int:
    from desktop.core.pipeline import load_draft
    from desktop.core.playbook import default_playbook_path, load_playbook
    from desktop.core.positions import find_positions, positions_json
    from desktop.core.values import describe_values

    playbook = load_playbook(args.playbook or default_playbook_path())
    results = []
    for path in args.files:
        draft = load_draft(path)
        results.append((path, draft, find_positions(draft.clauses, playbook)))
    if args.json:
        objects = [dict(positions_json(str(path), draft.clauses, findings), warnings=list(draft.document.warnings))
                   for path, draft, findings in results]
        print_json(objects[0] if len(objects) == 1 else objects)
        return EXIT_OK
    for path, draft, findings in results:
        print_notes(path, draft.document.warnings)
        numbers = {c.id: c.number or c.label or c.id for c in draft.clauses}
        say(f"{path}: {len(findings)} of {len(playbook.positions)} positions found")
        for finding in findings:
            spec = playbook.get(finding.key)
            where = ", ".join(numbers[c] for c in finding.clauses[:4])
            value = describe_values(spec, finding.values) if spec is not None else ""
            say(f"  {finding.title}: {value or '—'}  ({where})")
    return EXIT_OK


def _comparison_json(comparison: Comparison) -> dict:
    return {
        "a": comparison.a,
        "b": comparison.b,
        "clauses_a": [c.as_json() for c in comparison.clauses_a],
        "clauses_b": [c.as_json() for c in comparison.clauses_b],
        "pairs": [p.as_json() for p in comparison.pairs],
        "counts": comparison.counts(),
        "seconds": {key: round(value, 4) for key, value in comparison.seconds.items()},
        "by": comparison.by,
    }


def _cmd_compare(args: argparse.Namespace) -> int:
    from desktop.cli.read_pair import load_pair
    from desktop.core.compare_any import compare_any
    from desktop.core.formatting import with_formatting_changes

    seconds: dict[str, float] = {}
    draft_a, draft_b = load_pair(args.a, args.b, seconds=seconds)
    comparison = compare_any(str(args.a), draft_a.clauses, str(args.b), draft_b.clauses,
                             by=args.by, seconds=seconds)
    comparison = with_formatting_changes(comparison, draft_a.document, draft_b.document)
    notes = comparison.notes()
    if args.json:
        extra = {"notes": notes} if notes else {}
        print_json(dict(_comparison_json(comparison), warnings_a=list(draft_a.document.warnings),
                        warnings_b=list(draft_b.document.warnings), **extra))
        return EXIT_OK
    print_notes(args.a, draft_a.document.warnings)
    print_notes(args.b, draft_b.document.warnings)
    print_notes(args.b, notes)
    counts = comparison.counts()
    say(f"{args.a} → {args.b}: {len(comparison.clauses_a)} → {len(comparison.clauses_b)} clauses")
    if comparison.by == "topic":
        from desktop.core.topics import TOPIC_LABELS

        topics = {label: sum(1 for p in comparison.pairs if p.topic == label) for label in TOPIC_LABELS}
        say("  matched by topic (the drafts share no history): "
              f"{topics['same']} same topic, {topics['partial']} partial, {topics['one_side']} on one side only")
        return EXIT_OK
    say("  " + ", ".join(f"{counts[k]} {k}" for k in ("modified", "moved", "renumbered", "inserted", "deleted", "split", "merged", "unchanged") if counts[k]))
    say(f"  {counts['substantive']} substantive, {counts['cosmetic']} cosmetic")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from desktop.core.pipeline import load_draft
    from desktop.core.playbook import default_playbook_path, load_playbook
    from desktop.core.rounds import RoundFile

    date = args.date or dt.date.today().isoformat()
    files = [RoundFile(path, args.sender, date) for path in args.files]
    # Read every file before touching the database, so a bad file leaves it unchanged.
    drafts = [load_draft(file.path) for file in files]
    shipped = load_playbook(default_playbook_path())
    store = open_database(args, create=True)
    try:
        added = [(store.round(draft_id), item.draft.document.warnings)
                 for draft_id, item in _import_rounds(store, args.deal, files, drafts, shipped)]
    finally:
        store.close()
    if args.json:
        print_json([
            {"deal": args.deal, "round": r.round_no, "from": r.sender, "date": r.date, "file": r.file_name,
             "sha256": r.sha256, "clauses": r.clause_count, "changed": r.changed_count,
             "substantive": r.substantive_count, "cosmetic": r.cosmetic_count, "warnings": list(notes)}
            for r, notes in added
        ])
        return EXIT_OK
    for (r, notes), path in zip(added, args.files):
        print_notes(path, notes)
        change = "first round" if r.changed_count is None else (
            f"{r.changed_count} changed ({r.substantive_count} substantive, {r.cosmetic_count} cosmetic)")
        say(f"{args.deal}: round {r.round_no} from {r.sender}, {r.date}: {r.file_name}, {r.clause_count} clauses, {change}")
    return EXIT_OK


_IMPORT_TRIES = 5  # another program adding rounds to the same deal: compare again this many times


def _import_rounds(store: Store, deal_name: str, files: Sequence[RoundFile], drafts: Sequence[Draft],
                   shipped: Playbook) -> list[tuple[int, PreparedRound]]:
    """Return (draft id, prepared round) for each file, stored as the deal's next rounds in one transaction.

    Each round is compared with the deal's latest round as it was read; Store.add_round checks,
    holding the write lock, that it still is. When another program (a second import, the
    window) added or took out a round meanwhile, the comparison no longer holds: the rounds are
    compared and assessed again against the new latest round, and nothing wrong is stored.
    """
    from desktop.core.rounds import LatestRound, prepare_rounds
    from desktop.store import RoundsChanged, StoreError

    for attempt in range(_IMPORT_TRIES):
        deal = store.deal_by_name(deal_name)
        if deal is None:
            try:
                store.create_deal(deal_name)
            except StoreError:
                if store.deal_by_name(deal_name) is None:
                    raise
            deal = store.deal_by_name(deal_name)  # ours, or the one another import just made
            assert deal is not None
        playbook = store.playbook(shipped)
        store.ensure_deal_positions(deal.id, playbook, deal.our_side)
        rounds = store.rounds(deal.id)
        latest = LatestRound(rounds[-1].file_name, store.clauses(rounds[-1].id)) if rounds else None
        prepared = prepare_rounds(files, latest, playbook=playbook, standing=store.standing(deal.id), drafts=drafts)
        written: list[tuple[int, PreparedRound]] = []
        try:
            with store.writing():
                after: int | None = rounds[-1].id if rounds else None
                for item in prepared:
                    draft_id = store.add_round(deal.id, item.draft, sender=item.sender, date=item.date,
                                               comparison=item.comparison, findings=item.findings,
                                               suggestions=item.suggestions, after=after)
                    written.append((draft_id, item))
                    after = draft_id
            return written
        except RoundsChanged:
            if attempt == _IMPORT_TRIES - 1:
                raise
            print_notes(deal_name, ["another program changed this deal's rounds while the drafts were being "
                                    "compared; they are compared again with its latest round."])
    raise AssertionError("unreachable")


def _cmd_demo(args: argparse.Namespace) -> int:
    from desktop.samples import SAMPLE_DEAL, create_sample_deal

    store = open_database(args, create=True)
    try:
        deal_id = create_sample_deal(store)
        rounds = store.rounds(deal_id)
    finally:
        store.close()
    say(f"{SAMPLE_DEAL['name']}: {len(rounds)} rounds")
    return EXIT_OK


def _cmd_window(args: argparse.Namespace) -> int:
    from desktop.ui.app import run

    return run(args.db)


_COMMANDS = {
    "clauses": _cmd_clauses,
    "compare": _cmd_compare,
    "positions": _cmd_positions,
    "import": _cmd_import,
    "demo": _cmd_demo,
    None: _cmd_window,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the process exit code."""
    try:
        args = build_parser().parse_args(argv)
        if args.self_check:
            from desktop.selfcheck import run as self_check

            return self_check()
        command = _COMMANDS.get(args.command)
        if command is None:
            command = next(m.run for m in _command_modules() if m.COMMAND == args.command)
        return command(args)
    except UserFacingError as exc:
        print_error(exc)
        return EXIT_INPUT
    except BrokenPipeError:
        # `counterdraft compare … | head` closing the pipe early is not an error.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
