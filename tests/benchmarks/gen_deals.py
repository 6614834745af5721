"""Build the benchmark's database of years of deals: 200 deals × 10 rounds × 300 clauses.

Run: `python -m tests.benchmarks.gen_deals [--rebuild]` (the suite calls `deals_database()`).
Every clause is real contract text: each deal takes its own run of 300 pieces of the corpus
(eval_compare.corpus_paragraphs: the versioned contracts, then CUAD's), and each later round is
the one before with seeded edits — a few clauses reworded, one deleted, one inserted, one moved
now and then. The first deal has 12 rounds (the suite opens it).

Everything goes through the real `Store` API, as an import from the window would: each round
is a .docx original (laid out like bench_redline's drafts), its clauses, its comparison with
the round before made by the real aligner, and the playbook positions found in it. So clause
texts are deduplicated, threads linked and positions stored exactly as in use. The file is
cached as build/bench/deals-v{GENERATOR_VERSION}.db: bump the version when the recipe changes.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import io
import multiprocessing
import random
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

import docx

from desktop.core.model import Clause, Comparison, Document, Draft
from desktop.core.pipeline import compare_clauses
from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.core.record import Standing, assess_round
from desktop.store import Store
from tests.benchmarks.eval_compare import CORPUS, Node, corpus_paragraphs, tree

GENERATOR_VERSION = 1
ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / "build" / "bench"
DEALS, ROUNDS, CLAUSES, LONG_DEAL_ROUNDS = 200, 10, 300, 12
_COMPANIES = ("Acme AI", "Northwind Models", "Helios Data", "Blue Fjord Labs", "Quanta Vision",
              "Lumen Health", "Orbital Retail", "Cedar Bank", "Vantage Robotics", "Kestrel Media")
_DEALS = ("model licence", "SaaS with an AI feature", "data licence", "API terms",
          "fine-tuning services", "evaluation agreement")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def deals_database(rebuild: bool = False, log=print) -> Path:
    """Return the cached benchmark database, building it first when missing (or `rebuild`)."""
    path = BENCH_DIR / f"deals-v{GENERATOR_VERSION}.db"
    if path.exists() and not rebuild:
        return path
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    build(partial, log=log)
    partial.rename(path)
    log(f"built {path.name} in {time.perf_counter() - started:.0f} s")
    return path


class _DocxLayout:
    """Lays a round out as .docx bytes: Heading 1 sections, List Number clauses (bench_redline's layout).

    The other parts (styles, settings, theme) come once from a small Word-made file of the
    corpus, so an original weighs what a Word file of its length does (python-docx's own
    template is three times heavier); each round then only needs its document.xml, and
    2,000 originals take seconds rather than minutes.
    """

    def __init__(self) -> None:
        template = CORPUS / "docx" / "python-redlines" / "original.docx"
        buffer = io.BytesIO(template.read_bytes()) if template.exists() else io.BytesIO()
        if not template.exists():
            docx.Document().save(buffer)
        with zipfile.ZipFile(buffer) as package:
            self.parts = {name: package.read(name) for name in package.namelist()}

    def bytes(self, nodes: list[Node]) -> bytes:
        """Return the .docx of a round's (origin, level, heading, text) nodes."""
        paragraphs = []
        for _origin, level, heading, text in nodes:
            if level == 1:
                paragraphs.append(self._paragraph("Heading1", heading or text[:40]))
                paragraphs.append(self._paragraph("", text))
            else:
                paragraphs.append(self._paragraph("ListNumber" if level == 2 else "ListNumber2", text))
        body = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}">'
                f'<w:body>{"".join(paragraphs)}<w:sectPr/></w:body></w:document>')
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in self.parts.items():
                package.writestr(name, body.encode("utf-8") if name == "word/document.xml" else data)
        return buffer.getvalue()

    @staticmethod
    def _paragraph(style: str, text: str) -> str:
        props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        return f'<w:p>{props}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def first_round(pieces: list[str], rnd: random.Random) -> list[Node]:
    """Return a deal's first draft: CLAUSES nodes, a section heading every dozen clauses."""
    nodes: list[Node] = []
    for k, text in enumerate(pieces):
        level = 1 if k % 12 == 0 else rnd.choice((2, 2, 3)) if nodes[-1][1] >= 2 else 2
        nodes.append((k, level, f"Section {k // 12 + 1}" if level == 1 else "", text))
    return nodes


def next_round(nodes: list[Node], spare: list[str], rnd: random.Random) -> list[Node]:
    """Return the next draft: ~4% of clauses reworded, one deleted, one inserted, sometimes one moved."""
    edited = list(nodes)
    for _ in range(max(1, len(nodes) // 25)):
        m = rnd.randrange(1, len(edited))
        origin, level, heading, text = edited[m]
        words, donor = text.split(" "), rnd.choice(spare).split()
        for _ in range(rnd.randint(1, 3)):
            words[rnd.randrange(len(words))] = rnd.choice(donor)
        edited[m] = (origin, level, heading, " ".join(words))
    del edited[rnd.randrange(2, len(edited))]
    edited.insert(rnd.randrange(2, len(edited)), (None, 3, "", rnd.choice(spare)))
    if rnd.random() < 0.3:
        m = rnd.randrange(2, len(edited))
        if edited[m][1] == 3:
            edited.insert(rnd.randrange(2, len(edited)), edited.pop(m))
    return edited


def clauses_of(nodes: list[Node]) -> tuple[Clause, ...]:
    """Return a round's clauses as the splitter would number them, each with its paragraph."""
    return tuple(replace(c, paragraphs=(k,)) for k, c in enumerate(tree(nodes)))


def prepare_deal(task: tuple[int, list[str], list[str], int, int]) -> tuple[dict, list[tuple]]:
    """Return one deal's particulars and its rounds, read, compared and assessed (no store).

    `task` is (deal number, its first draft's pieces of text, spare pieces for inserts and
    rewording, rounds, seed). Runs in a worker process: what the window's import worker does.
    Each round is (draft, sender, date, comparison or None, findings, suggestions).
    """
    deal_no, pieces, spare, rounds, seed = task
    rnd = random.Random(seed * 100_003 + deal_no)
    layout, playbook = _DocxLayout(), load_playbook(default_playbook_path())
    company, kind = _COMPANIES[deal_no % len(_COMPANIES)], _DEALS[deal_no % len(_DEALS)]
    deal = {"name": f"{company} — {kind} {2021 + deal_no % 5} #{deal_no + 1}", "counterparty": f"{company}, Inc.",
            "our_side": "customer", "deal_type": kind, "jurisdictions": "New York, USA"}
    standing = Standing.fresh(playbook, "customer")
    nodes, previous, out = first_round(pieces, rnd), None, []
    day0 = datetime.date(2021, 1, 4) + datetime.timedelta(days=7 * deal_no)
    for round_no in range(1, rounds + 1):
        if round_no > 1:
            nodes = next_round(nodes, spare, rnd)
        sender = "them" if round_no % 2 else "us"
        original = layout.bytes(nodes)
        file_name = f"{company} {kind} v{round_no}.docx"
        document = Document(file_name, "docx", hashlib.sha256(original).hexdigest(), (),
                            title=f"{kind.title()} Agreement")
        draft = Draft(document, clauses_of(nodes), original)
        comparison = None
        if previous is not None:
            comparison = Comparison(previous.document.name, file_name, previous.clauses, draft.clauses,
                                    compare_clauses(previous.clauses, draft.clauses))
        findings, suggestions = assess_round(playbook, draft.clauses, standing, sender=sender,
                                             comparison=comparison)
        standing = standing.after(sender, findings, suggestions)
        date = (day0 + datetime.timedelta(days=9 * round_no)).isoformat()
        out.append((draft, sender, date, comparison, findings, suggestions))
        previous = draft
    return deal, out


def build(path: Path, *, deals: int = DEALS, rounds: int = ROUNDS, clauses: int = CLAUSES,
          seed: int = 8, log=print) -> None:
    """Write the benchmark database to `path` (a new file) through the Store API.

    Two worker processes read, compare and assess the rounds; this process writes them with
    Store.add_round, one transaction per round, as the window's GUI thread does.
    """
    started = time.perf_counter()
    pool = corpus_paragraphs(enough=deals * clauses * 36)
    log(f"  {len(pool)} pieces of corpus text in {time.perf_counter() - started:.1f} s")
    tasks = []
    for deal_no in range(deals):
        start = (deal_no * clauses) % max(1, len(pool) - clauses)
        spare = pool[(start + clauses) % len(pool):][:200] or pool[:200]
        tasks.append((deal_no, pool[start:start + clauses], spare,
                      LONG_DEAL_ROUNDS if deal_no == 0 else rounds, seed))
    playbook = load_playbook(default_playbook_path())
    with Store(path) as store, multiprocessing.get_context("spawn").Pool(2) as workers:
        for done, (deal, prepared) in enumerate(workers.imap(prepare_deal, tasks, chunksize=2), start=1):
            deal_id = store.create_deal(**deal)
            store.ensure_deal_positions(deal_id, playbook, deal["our_side"])
            for draft, sender, date, comparison, findings, suggestions in prepared:
                store.add_round(deal_id, draft, sender=sender, date=date, comparison=comparison,
                                findings=findings, suggestions=suggestions)
            if done % 25 == 0:
                log(f"  {done} deals in {time.perf_counter() - started:.0f} s")


def main(argv: list[str] | None = None) -> int:
    """Build (or with --rebuild, rebuild) the cached database and print where it is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build again even when cached")
    args = parser.parse_args(argv)
    path = deals_database(rebuild=args.rebuild)
    print(f"{path} ({path.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
