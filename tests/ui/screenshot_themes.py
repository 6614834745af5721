"""The main views in the light and the dark theme: `python -m tests.ui.screenshot_themes [DOCS] [--theme T]`.

Writes, offscreen, in DOCS (default docs/), for each theme T in light and dark:
screenshot-T-redline.png (the sample deal, round 3, a clause with a change to the liability
caps), screenshot-T-positions.png, screenshot-T-history.png, screenshot-T-overview.png,
screenshot-T-compare.png (rounds 2 and 3 side by side), screenshot-T-no-deals.png and
screenshot-T-no-rounds.png (empty states), screenshot-T-tour.png (the first-run tour) and
screenshot-T-shortcuts.png (the F1 cheat sheet).

Run it with QT_SCALE_FACTOR=2 to check the window at 200% scaling: the files are then named
screenshot-T-200-*.png, and `--size 1280x800` gives the window the logical size it has on a
2560x1600 laptop screen at 200%.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.core.playbook import default_playbook_path, load_playbook  # noqa: E402
from desktop.qt import QAbstractItemView, QApplication, QSettings, QWidget  # noqa: E402
from desktop.samples import SAMPLE_DEAL  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.ui import help_dialogs  # noqa: E402
from desktop.ui.compare_picker import DraftSource  # noqa: E402
from desktop.ui.compare_window import CompareWindow  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.theme import apply_theme  # noqa: E402
from desktop.ui.tour import shown_tour  # noqa: E402
from tests.ui.screenshot import (  # noqa: E402
    liability_clause,
    save_history,
    save_overview,
    save_positions,
    settle,
    wait_for_work,  # noqa: E402
)
from tests.ui.screenshot_compare import Loud  # noqa: E402
from tests.ui.screenshot_compare import settle as settle_compare  # noqa: E402


def grab(widget: QWidget, path: Path) -> None:
    """Save `widget` as the PNG `path` once posted layout and paint work is done."""
    settle()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path}")


def shoot_theme(theme: str, docs: Path, tmp: Path, size: tuple[int, int] = (1400, 900)) -> None:
    """Write every screenshot of `theme` into `docs`, the windows `size` (logical pixels) big."""
    app = QApplication.instance()
    apply_theme(app, theme, None)
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    prefix = f"screenshot-{theme}-" + ("" if scale in ("1", "1.0") else f"{round(float(scale) * 100)}-")
    store = Store(tmp / f"{theme}.db")
    settings = QSettings(str(tmp / f"{theme}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, settings=settings)
    window.resize(*size)
    window.show()
    grab(window, docs / f"{prefix}no-deals.png")
    window.open_sample_deal()  # opens the tour on the first run
    wait_for_work(window)
    view = window.deal_view
    view.select_round_row(2)
    index = liability_clause(window)
    view.clause_tree.setCurrentIndex(index)
    settle()
    view.clause_tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
    grab(window, docs / f"{prefix}tour.png")
    shown_tour(window).dismiss()
    grab(window, docs / f"{prefix}redline.png")
    save_positions(window, docs / f"{prefix}positions.png")
    save_history(window, docs / f"{prefix}history.png")
    save_overview(window, docs / f"{prefix}overview.png")
    cheat = help_dialogs.show_shortcuts(window)
    grab(cheat, docs / f"{prefix}shortcuts.png")
    cheat.close()
    deal_id = store.create_deal("Beta Labs — model weights licence", counterparty="Beta Labs Ltd",
                                our_side="customer", deal_type="Model licence", jurisdictions="England and Wales")
    window.refresh_deals(select_deal=deal_id)
    grab(window, docs / f"{prefix}no-rounds.png")

    playbook = load_playbook(default_playbook_path())
    sample = store.deal_by_name(SAMPLE_DEAL["name"])
    rounds = store.rounds(sample.id)
    compare = CompareWindow(store, Loud(), lambda: playbook)
    compare.resize(*size)
    compare.show()
    compare.compare(DraftSource("Sample deal — round 2", draft_id=rounds[1].id),
                    DraftSource("Sample deal — round 3", draft_id=rounds[2].id))
    settle_compare(compare)
    grab(compare, docs / f"{prefix}compare.png")
    compare.close()
    window.close()
    store.close()


def main(argv: list[str]) -> int:
    """Write the screenshots of the themes asked for; return the exit code."""
    themes, size = ["light", "dark"], (1400, 900)
    if "--theme" in argv:
        themes = [argv[argv.index("--theme") + 1]]
        argv = [a for a in argv if a not in ("--theme", themes[0])]
    if "--size" in argv:
        given = argv[argv.index("--size") + 1]
        width, height = (int(part) for part in given.split("x"))
        size = (width, height)
        argv = [a for a in argv if a not in ("--size", given)]
    docs = Path(argv[0]) if argv else Path("docs")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Counterdraft")
    app.setOrganizationName("Counterdraft")
    with tempfile.TemporaryDirectory() as tmp:
        for theme in themes:
            shoot_theme(theme, docs, Path(tmp), size)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
