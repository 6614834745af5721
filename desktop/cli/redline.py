"""`counterdraft redline A B -o OUT.docx`: a Word redline of B with A's text as tracked changes."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.output import EXIT_OK, print_notes

COMMAND = "redline"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command's arguments."""
    p = sub.add_parser(COMMAND, help="a Word tracked-changes redline from A to B")
    p.add_argument("a", type=Path, metavar="A")
    p.add_argument("b", type=Path, metavar="B")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.docx")
    p.add_argument("--author", default=None, help="the author of the tracked changes (default: Counterdraft)")


def run(args: argparse.Namespace) -> int:
    """Read both drafts, write the redline and print one line saying what was written."""
    from desktop.export.redline import check_output, load_redline_draft, write_redline

    check_output(args.output)  # before reading: a wrong output name should not wait for the read
    draft_a = load_redline_draft(args.a)
    draft_b = load_redline_draft(args.b)
    print_notes(args.a, draft_a.document.warnings)
    print_notes(args.b, draft_b.document.warnings)
    result = write_redline(draft_a, draft_b, args.output, author=args.author or "Counterdraft")
    print(
        f"{args.output}: redline of {args.a.name} → {args.b.name}, {result.insertions} insertions, "
        f"{result.deletions} deletions, {result.moves} moves ({result.seconds:.2f} s)"
    )
    return EXIT_OK
