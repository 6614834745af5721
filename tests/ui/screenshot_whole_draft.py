"""Screenshots of reading a round whole, and of a comparison export: `python -m tests.ui.screenshot_whole_draft [DOCS]`.

Saves, offscreen, in DOCS (default docs/):
- screenshot-whole-draft-redline.png: the sample deal's round 3 on the Whole draft tab against
  round 2, at the change to the liability caps (F8 from the clause before it);
- screenshot-compare-export.png: page 1 of two vendors' SaaS terms (Common Paper CSA v2 and
  Bonterms Cloud Terms) exported from the Compare window as PDF, topic by topic, as pdftoppm
  renders it (skipped, with a note, when pdftoppm is not installed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.core.playbook import default_playbook_path, load_playbook  # noqa: E402
from desktop.display.compare_rows import DraftInput, prepare_comparison  # noqa: E402
from desktop.export.comparison import comparison_report, export_comparison  # noqa: E402
from desktop.qt import QAbstractItemView, QApplication, QSettings  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.theme import apply_look  # noqa: E402
from desktop.ui.tour import DISMISSED_KEY  # noqa: E402
from tests.ui.screenshot import save, settle, wait_for_work  # noqa: E402

SAAS = Path(__file__).parents[1] / "data" / "md" / "pairs" / "saas-cloud-terms"


def save_whole_draft(window: MainWindow, path: Path) -> None:
    """Save round 3 read whole against round 2, the change to the liability caps current."""
    view = window.deal_view
    view.select_round_row(2)
    view.whole_draft_action.trigger()
    settle()
    pane = view.whole_draft
    redline = pane.redline
    caps = next(i for i, c in enumerate(redline.clauses) if c.clause.heading == "Liability Caps" and not c.dropped)
    pane.follow(redline.clauses[caps - 1].key)
    view.next_change_action.trigger()
    settle()
    view.clause_tree.scrollTo(view.clause_tree.currentIndex(), QAbstractItemView.ScrollHint.PositionAtCenter)
    save(window, path)


def save_export_page(docs: Path) -> None:
    """Export two vendors' papers as PDF and save its first page as a PNG."""
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is not installed: screenshot-compare-export.png not written")
        return
    playbook = load_playbook(default_playbook_path())
    a, b = SAAS / "commonpaper-csa-v2.md", SAAS / "bonterms-cloud-terms-v1.0.md"
    prepared = prepare_comparison(DraftInput(a.name, path=a), DraftInput(b.name, path=b), playbook,
                                  lambda done, total: None, threading.Event())
    with tempfile.TemporaryDirectory() as tmp:
        pdf = export_comparison(comparison_report(prepared), Path(tmp) / "comparison.pdf")
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(docs / "screenshot-compare-export")], check=True)
    print(f"wrote {docs / 'screenshot-compare-export.png'}")


def main(argv: list[str]) -> int:
    docs = Path(argv[0]) if argv else Path("docs")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_look(app)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "counterdraft.db")
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue(DISMISSED_KEY, True)
        window = MainWindow(store, settings=settings)
        window.resize(1400, 900)
        window.show()
        window.open_sample_deal()
        wait_for_work(window)
        save_whole_draft(window, docs / "screenshot-whole-draft-redline.png")
        window.close()
        store.close()
    save_export_page(docs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
