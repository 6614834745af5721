"""Screenshots of the Compare window for the docs: `python -m tests.ui.screenshot_compare [DOCS_FOLDER]`.

Saves, offscreen, in DOCS_FOLDER (default docs/):
- screenshot-compare-side-by-side.png: two vendors' SaaS terms (Common Paper CSA v2 and Bonterms
  Cloud Terms, matched by topic), listing the rows about the liability cap, the general cap current;
- screenshot-compare-topics.png: the same two papers in the combined view, topic by topic: A's clause
  beside B's, or one word redline where their wording is close;
- screenshot-compare-combined.png: the sample deal's rounds 2 and 3 as one combined redline,
  substantive changes only, at the change to the liability caps.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.core.playbook import default_playbook_path, load_playbook  # noqa: E402
from desktop.qt import QApplication, QEventLoop, QTimer  # noqa: E402
from desktop.samples import SAMPLE_DEAL, create_sample_deal  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.ui.compare_picker import DraftSource  # noqa: E402
from desktop.ui.compare_window import CompareWindow  # noqa: E402
from desktop.ui.theme import apply_look  # noqa: E402

SAAS = Path(__file__).parents[1] / "data" / "md" / "pairs" / "saas-cloud-terms"


class Loud:
    """Messages for the window: a screenshot run stops on any."""

    def warn(self, title: str, text: str) -> None:
        raise SystemExit(f"{title}: {text}")

    def crash(self, summary: str, details: str) -> None:
        raise SystemExit(details)


def settle(window: CompareWindow, milliseconds: int = 1200) -> None:
    """Run the event loop until the comparison is shown and the batched layout has had time to finish."""
    loop = QEventLoop()
    if window.tasks.busy:
        window.tasks.idle.connect(loop.quit)
        loop.exec()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def show_position(window: CompareWindow, key: str, heading: str) -> None:
    """List only the changes to position `key` and make current the first whose heading has `heading`."""
    view = window.view
    for i in range(view.position_filter.count()):
        position = view.position_filter.itemData(i)
        if position is not None and position.key == key:
            view.position_filter.setCurrentIndex(i)
    while view.go_to_change(forward=True):
        if heading in view.rows_model.rows[view.rows_model.current].heading:
            break


def main() -> int:
    docs = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_look(app)
    playbook = load_playbook(default_playbook_path())
    store = Store(Path(tempfile.mkdtemp(prefix="counterdraft-shots-")) / "deals.db")

    window = CompareWindow(store, Loud(), lambda: playbook)
    window.resize(1500, 920)
    window.show()
    a, b = SAAS / "commonpaper-csa-v2.md", SAAS / "bonterms-cloud-terms-v1.0.md"
    window.compare(DraftSource(a.name, path=a), DraftSource(b.name, path=b))
    settle(window)
    show_position(window, "liability_cap", "Cap")
    settle(window, 400)
    window.grab().save(str(docs / "screenshot-compare-side-by-side.png"))
    window.view.combined_action.trigger()
    settle(window, 800)
    window.grab().save(str(docs / "screenshot-compare-topics.png"))
    window.close()

    deal = create_sample_deal(store)
    rounds = store.rounds(deal)
    window = CompareWindow(store, Loud(), lambda: playbook)
    window.resize(1500, 920)
    window.show()
    name = SAMPLE_DEAL["name"]
    window.compare(DraftSource(f"{name} — round 2", draft_id=rounds[1].id),
                   DraftSource(f"{name} — round 3", draft_id=rounds[2].id))
    settle(window)
    window.view.combined_action.trigger()
    window.view.substantive_only.setChecked(True)
    settle(window)
    show_position(window, "liability_cap", "Liability Caps")
    settle(window, 400)
    window.grab().save(str(docs / "screenshot-compare-combined.png"))
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
