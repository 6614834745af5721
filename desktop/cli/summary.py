"""`counterdraft summary`: export a deal's negotiation summary (.docx, .pdf, .md) or issues list (.xlsx, .csv)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.output import EXIT_OK, database_path, open_deal
from desktop.cli.terminal import say

COMMAND = "summary"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command's arguments."""
    p = sub.add_parser(COMMAND, help="export the negotiation summary or the issues list")
    p.add_argument("--db", dest="sub_db", type=Path, help="the database file")
    p.add_argument("--deal", required=True, help="the deal's name")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.{docx,md,pdf,xlsx,csv}")


def run(args: argparse.Namespace) -> int:
    """Write the deal's summary or issues list to the -o file (its suffix picks the format); return 0."""
    from desktop.core.playbook import default_playbook_path, load_playbook
    from desktop.export.files import refuse_overwriting
    from desktop.export.summary import check_suffix, export_summary
    from desktop.export.summary.data import build_summary

    # Before opening anything: a bad name changes nothing, and the database is never written over.
    refuse_overwriting(args.output, database=database_path(args))
    suffix = check_suffix(args.output)
    shipped = load_playbook(default_playbook_path())
    with open_deal(args) as (store, deal):
        data = build_summary(store, deal.id, store.playbook(shipped))
    if suffix == ".pdf":
        from desktop.export.summary.pdf import ensure_application

        ensure_application()
    written = export_summary(data, args.output)
    say(f"{deal.name}: wrote {written}")
    return EXIT_OK
