"""Fingerprints of the CLI's JSON on every corpus document, to prove a refactor changed nothing.

`python -m tests.benchmarks.snapshot_cli OUT.json` runs `compare --json` on every consecutive
pair of versions in the corpus (Markdown, rendered Word and the AI vendors' terms), `compare
--by topic --json` on every cross-vendor pair, and `clauses --json` and `positions --json` on
every file, in this process, and writes one SHA-256 per run (the timings left out).
`--against OLD.json` then prints every run whose output differs and exits 1 if any does.
Each run is forked with a time limit (a run that hangs is fingerprinted as "timeout": one
real pair of AI terms does today, see issue 22). Reads ../shared/corpus and says so when it
is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SUFFIXES = {".md", ".docx", ".pdf", ".txt"}


def _drafts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES)


def runs() -> list[list[str]]:
    """Return every CLI argument list the snapshot takes."""
    out: list[list[str]] = []
    version_roots = [CORPUS / "versions", CORPUS / "docx-rendered" / "versions", CORPUS / "ai-terms-versions"]
    for root in version_roots:
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            files = _drafts(folder)
            out += [["compare", str(a), str(b), "--json"] for a, b in zip(files, files[1:])]
            out += [["clauses", str(f), "--json"] for f in files]
            out += [["positions", str(f), "--json"] for f in files]
    for root in (CORPUS / "pairs", CORPUS / "docx-rendered" / "pairs"):
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            files = _drafts(folder)
            out += [["compare", str(a), str(b), "--by", "topic", "--json"]
                    for i, a in enumerate(files) for b in files[i + 1:]]
    for f in _drafts(CORPUS / "docx"):
        out += [["clauses", str(f), "--json"], ["positions", str(f), "--json"]]
    return out


def fingerprint(args: list[str]) -> str:
    """Return the SHA-256 of one run's exit code and JSON output, without its timings."""
    from desktop.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(args)
    text = stdout.getvalue()
    try:
        data = json.loads(text)
        if isinstance(data, dict):
            data.pop("seconds", None)
        text = json.dumps(data, sort_keys=True)
    except ValueError:
        pass
    return hashlib.sha256(f"{code}\n{text}\n{stderr.getvalue()}".encode()).hexdigest()


def forked(args: list[str], limit: float) -> str:
    """Return `fingerprint(args)` computed in a forked child, or "timeout" after `limit` seconds."""
    import os
    import select

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: loaded modules are shared, so a run costs no import time
        os.close(read_end)
        try:
            os.write(write_end, fingerprint(args).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    ready, _, _ = select.select([read_end], [], [], limit)
    result = os.read(read_end, 100).decode() if ready else ""
    os.close(read_end)
    if not ready:
        os.kill(pid, 9)
    os.waitpid(pid, 0)
    return result or "timeout"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--against", type=Path)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds a run may take")
    ns = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"the corpus is missing: {CORPUS}", file=sys.stderr)
        return 2
    prints = {}
    every = runs()
    # Warm up here, once: the forked children then share the loaded modules and models.
    fingerprint(next(a for a in every if a[0] == "positions"))
    for args in every:
        key = " ".join(a.replace(str(CORPUS) + "/", "") for a in args)
        prints[key] = forked(args, ns.limit)
    ns.out.write_text(json.dumps(prints, indent=1, sort_keys=True))
    print(f"{len(prints)} runs fingerprinted into {ns.out}")
    if ns.against:
        old = json.loads(ns.against.read_text())
        changed = sorted(k for k in old.keys() | prints.keys() if old.get(k) != prints.get(k))
        for key in changed:
            print(f"differs: {key}")
        print(f"{len(prints) - len(changed)} of {len(prints)} runs identical")
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
