"""`counterdraft redline A B -o OUT.docx`: a Word redline of B with A's text as tracked changes."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.output import EXIT_OK, database_path
from desktop.cli.terminal import print_notes, say
from desktop.core.model import UserFacingError

COMMAND = "redline"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command's arguments."""
    p = sub.add_parser(COMMAND, help="a Word tracked-changes redline from A to B")
    p.add_argument("a", type=Path, metavar="A")
    p.add_argument("b", type=Path, metavar="B")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.docx")
    p.add_argument("--author", default=None, help="the author of the tracked changes (default: Counterdraft)")


def run(args: argparse.Namespace) -> int:
    """Read both drafts, write the redline and print one line saying what was written.

    Two copies of one text (different files, same words) are redlined: proving nothing changed
    is a redline's job too, and the line then says "no changes". One file given twice is not.
    """
    from desktop.export.files import refuse_overwriting, same_file
    from desktop.export.redline import check_output, load_redline_draft, write_redline

    # Before reading: a wrong output name should not wait for the read, nor a draft be lost.
    refuse_overwriting(args.output, (args.a, args.b), database=_database(args))
    check_output(args.output)
    if same_file(args.a, args.b):
        which = f"({args.a})" if args.a == args.b else f"({args.a} and {args.b})"
        raise UserFacingError(f"A and B are the same file {which}: a redline shows what changed between "
                              "two drafts. Give the earlier draft as A and the later one as B.")
    draft_a = load_redline_draft(args.a)
    draft_b = load_redline_draft(args.b)
    print_notes(args.a, draft_a.document.warnings)
    print_notes(args.b, draft_b.document.warnings)
    result = write_redline(draft_a, draft_b, args.output, author=args.author or "Counterdraft")
    plural = "s" if result.formatting != 1 else ""
    formatting = f", {result.formatting} formatting change{plural}" if result.formatting else ""
    changes = (f"{result.insertions} insertions, {result.deletions} deletions, {result.moves} moves{formatting}"
               if result.insertions or result.deletions or result.moves or result.formatting else
               "no changes: the two drafts read the same")
    say(f"{args.output}: redline of {args.a.name} → {args.b.name}, {changes} ({result.seconds:.2f} s)")
    print_notes(args.output, result.notes)
    return EXIT_OK


def _database(args: argparse.Namespace) -> Path | None:
    """Return the database the output must not land on; None when the output does not exist yet.

    An output that is not there (nor a link) cannot be the database, and a redline's .docx
    name cannot be one of the files SQLite makes beside it, so the common case skips the store.
    """
    if not (args.output.exists() or args.output.is_symlink()):
        return None
    return database_path(args, create=False)
