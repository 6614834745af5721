"""Screenshots of the Search window: `python -m tests.ui.screenshot_search [OUT.png]`.

Builds a temporary database with the sample deal and two more deals of real contracts from
/work/shared/corpus/versions (Bonterms Cloud Terms and the GitHub corporate terms, two rounds
each), searches for "indemnif*" and saves the Search window to OUT.png (default
docs/screenshot-search.png); then shows the IP indemnity across the deals and saves
screenshot-search-positions.png beside it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.core.pipeline import compare_drafts, load_draft  # noqa: E402
from desktop.core.playbook import default_playbook_path, load_playbook  # noqa: E402
from desktop.core.record import assess_round  # noqa: E402
from desktop.qt import QApplication, QSettings  # noqa: E402
from desktop.samples import create_sample_deal  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.search_actions import open_search  # noqa: E402
from desktop.ui.theme import apply_look  # noqa: E402
from tests.ui.screenshot import settle  # noqa: E402

CORPUS = Path("/work/shared/corpus/versions")
DEALS = (
    ("Northwind — Bonterms cloud terms", "Bonterms", "vendor",
     [("bonterms-cloud-terms/v1.0-2022-02-04.md", "them", "2024-03-01"),
      ("bonterms-cloud-terms/v1.0-2024-01-12-add-missing-c.md", "us", "2024-03-15")]),
    ("GitHub Enterprise — corporate terms", "GitHub, Inc.", "customer",
     [("github-corporate-tos/2017-06-09.md", "them", "2024-05-02"),
      ("github-corporate-tos/2018-04-19.md", "us", "2024-05-20")]),
)


def add_deal(store: Store, name: str, counterparty: str, side: str, rounds: list[tuple[str, str, str]]) -> None:
    """Store a deal of real drafts as an import would: positions found, statuses suggested."""
    playbook = store.playbook(load_playbook(default_playbook_path()))
    deal_id = store.create_deal(name, counterparty=counterparty, our_side=side)
    store.ensure_deal_positions(deal_id, playbook, side)
    standing = store.standing(deal_id)
    previous = None
    for relative, sender, date in rounds:
        path = CORPUS / relative
        draft = load_draft(path.name, path.read_bytes())
        comparison = compare_drafts(previous, draft) if previous is not None else None
        findings, suggestions = assess_round(playbook, draft.clauses, standing, sender=sender, comparison=comparison)
        store.add_round(deal_id, draft, sender=sender, date=date, comparison=comparison, findings=findings,
                        suggestions=suggestions)
        standing = standing.after(sender, findings, suggestions)
        previous = draft


def main(argv: list[str]) -> int:
    if not CORPUS.is_dir():
        print(f"{CORPUS} is missing: the screenshot needs the shared corpus")
        return 1
    out = Path(argv[0]) if argv else Path("docs/screenshot-search.png")
    app = QApplication.instance() or QApplication([])
    apply_look(app)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "deals.db")
        create_sample_deal(store)
        for name, counterparty, side, rounds in DEALS:
            add_deal(store, name, counterparty, side, rounds)
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, settings=settings)
        window.resize(1400, 900)
        window.show()
        dialog = open_search(window)
        dialog.query.setText("indemnif*")
        dialog.run_search()
        settle()
        out.parent.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(out))
        print(f"wrote {out} ({dialog.results_model.rowCount()} results)")
        dialog.tabs.setCurrentIndex(1)
        dialog.choose_position("ip_indemnity")
        settle()
        positions = out.with_name("screenshot-search-positions.png")
        dialog.grab().save(str(positions))
        print(f"wrote {positions}")
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
