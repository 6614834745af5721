"""The benchmark suite's input drafts: .docx pairs of 10 to 300 pages made from real contract text.

A pair is eval_compare's synthetic pair (corpus clauses concatenated, B with a section
inserted early, ~5% of clauses reworded, ~1% deleted and as many inserted, some moved), laid
out by bench_redline's `write_docx` (Heading 1 sections, List Number clauses), at 500 words a
page: 100 pages are ~50k words, ~1,100 clauses. Pairs are cached under
build/bench/pairs-v{INPUTS_VERSION}/ (python-docx takes a while on 300 pages); bump the
version when the recipe changes.
"""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks.bench_redline import write_docx
from tests.benchmarks.eval_compare import synthetic_drafts
from tests.benchmarks.gen_deals import BENCH_DIR

INPUTS_VERSION = 1
WORDS_PER_PAGE = 500
PAGES = (10, 50, 100, 200, 300)


def docx_pair(pages: int) -> tuple[Path, Path]:
    """Return the (A, B) .docx drafts of `pages` pages, building and caching them when missing."""
    folder = BENCH_DIR / f"pairs-v{INPUTS_VERSION}"
    a, b = folder / f"{pages:03d}p-A.docx", folder / f"{pages:03d}p-B.docx"
    if not (a.exists() and b.exists()):
        folder.mkdir(parents=True, exist_ok=True)
        nodes_a, nodes_b = synthetic_drafts(words=pages * WORDS_PER_PAGE, seed=pages)
        for nodes, path in ((nodes_a, a), (nodes_b, b)):
            partial = path.with_suffix(".partial.docx")
            write_docx(nodes, partial)
            partial.rename(path)
    return a, b


def plain_text(path: Path) -> str:
    """Return a draft's text as the `redlines` package takes it: its paragraphs, a blank line apart."""
    import docx

    return "\n\n".join(p.text for p in docx.Document(str(path)).paragraphs if p.text)


def word_count(path: Path) -> int:
    """Return how many words a .docx draft holds."""
    return len(plain_text(path).split())
