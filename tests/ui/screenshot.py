"""Screenshots of the window for the docs: `python -m tests.ui.screenshot [OUT.png] [--states]`.

Opens the window offscreen on a fresh temporary database, opens the sample deal (waiting for
its import), selects round 3 and a clause with a substantive change to the liability caps,
and saves the window to OUT.png (default docs/screenshot-main-window.png). It then opens the
Positions tab at 1280×720 with the liability cap's cell of round 3 selected and saves it as
screenshot-positions.png in the same folder, then the History tab of the same clause
(screenshot-history.png) and round 3's overview of changes (screenshot-round-overview.png).
With --states it also saves the empty states
next to OUT: OUT-no-deals.png, OUT-no-rounds.png, OUT-round-1.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.qt import QAbstractItemView, QApplication, QEventLoop, QModelIndex, QSettings, QTimer  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.ui.dialogs import DealForm  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.theme import apply_look  # noqa: E402
from desktop.ui.tour import DISMISSED_KEY  # noqa: E402

DEFAULT_OUT = Path("docs/screenshot-main-window.png")
POSITIONS_NAME = "screenshot-positions.png"
HISTORY_NAME = "screenshot-history.png"
OVERVIEW_NAME = "screenshot-round-overview.png"


def wait_for_work(window: MainWindow) -> None:
    """Run the event loop until the window's background work has delivered its outcome."""
    if not window.tasks.busy:
        return
    loop = QEventLoop()
    window.tasks.idle.connect(loop.quit)
    loop.exec()


def liability_clause(window: MainWindow) -> QModelIndex:
    """Return the index of a substantively changed clause about the liability cap (or the first change)."""
    model = window.deal_view.clause_model
    fallback = model.first_changed()

    def walk(parent: QModelIndex) -> QModelIndex | None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            entry = model.entry(index)
            if entry and entry.pair and entry.pair.substantive and not entry.dropped:
                words = f"{entry.clause.heading} {entry.clause.text}".lower()
                if "cap" in entry.clause.heading.lower() or ("liability" in words and "cap" in words):
                    if {op for op, _ in entry.pair.diff} >= {"-", "+"}:
                        return index
            found = walk(index)
            if found is not None:
                return found
        return None

    return walk(QModelIndex()) or fallback


def settle() -> None:
    """Run the event loop briefly so posted layout and paint requests are handled before a grab."""
    loop = QEventLoop()
    QTimer.singleShot(50, loop.quit)
    loop.exec()


def save(window: MainWindow, path: Path) -> None:
    settle()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path}")


def save_positions(window: MainWindow, path: Path, *, key: str = "liability_cap", round_no: int = 3,
                   size: tuple[int, int] | None = None) -> None:
    """Save the Positions tab of the selected deal with the cell of `key` in round `round_no` selected.

    `size` shows the window at that size for this picture only (a laptop's 1280×720).
    """
    before = window.size()
    if size is not None:
        window.resize(*size)
    window.positions_tab_action.trigger()
    view = window.positions_view
    rounds = window.store.rounds(window.current_deal.id)
    if not view.select_cell(key, rounds[round_no - 1].id):
        raise SystemExit(f"the positions grid has no cell for {key} in round {round_no}")
    view.grid.setFocus()
    settle()
    view.grid.scrollToTop()
    save(window, path)
    window.clauses_tab_action.trigger()
    window.resize(before)


def history_clause(window: MainWindow) -> QModelIndex:
    """Return the index of round 3's clause whose thread goes back to round 1's "9.1 Liability Caps"."""
    view = window.deal_view
    for index in tree_indexes(view.clause_model):
        entry = view.clause_model.entry(index)
        if entry is None or entry.dropped:
            continue
        view.clause_tree.setCurrentIndex(index)
        thread = view.selected_thread()
        first = next(e.clause for e in thread.entries if e.clause is not None)
        if thread.entries[0].clause is not None and first.heading == "Liability Caps":
            return index
    raise SystemExit("the sample deal has no clause whose thread starts at 9.1 Liability Caps")


def tree_indexes(model, parent: QModelIndex = QModelIndex()) -> list[QModelIndex]:
    """Return every index of column 0 under `parent`, depth first."""
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        out.append(index)
        out.extend(tree_indexes(model, index))
    return out


def save_history(window: MainWindow, path: Path) -> None:
    """Save the History tab of a round-3 clause with a real history (9.1 Liability Caps, split in round 3)."""
    view = window.deal_view
    view.changed_only.setChecked(False)
    index = history_clause(window)
    view.clause_tree.setCurrentIndex(index)
    view.show_history()
    settle()
    view.clause_tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
    view.history.text.setFocus()
    save(window, path)
    view.right_tabs.setCurrentIndex(0)
    view.changed_only.setChecked(True)


def save_overview(window: MainWindow, path: Path) -> None:
    """Save the Round overview tab with its first change selected (as F8 from the top selects it)."""
    view = window.deal_view
    view.left_tabs.setCurrentWidget(view.overview)
    view.clause_tree.clearSelection()
    view.clause_tree.setCurrentIndex(QModelIndex())
    view.next_change_action.trigger()
    view.overview.table.setFocus()
    settle()
    view.overview.table.scrollToTop()
    save(window, path)
    view.left_tabs.setCurrentIndex(0)


def main(argv: list[str]) -> int:
    """Write the screenshots; return the exit code."""
    states = "--states" in argv
    names = [arg for arg in argv if not arg.startswith("--")]
    out = Path(names[0]) if names else DEFAULT_OUT
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Counterdraft")
    app.setOrganizationName("Counterdraft")
    apply_look(app)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "counterdraft.db")
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue(DISMISSED_KEY, True)  # the tour has its own screenshot (screenshot_themes.py)
        window = MainWindow(store, settings=settings)
        window.resize(1400, 900)
        window.show()
        if states:
            save(window, out.with_name(f"{out.stem}-no-deals.png"))
        window.open_sample_deal()
        wait_for_work(window)
        view = window.deal_view
        view.select_round_row(2)
        index = liability_clause(window)
        view.clause_tree.setCurrentIndex(index)
        settle()  # the tree must have its final size before it can centre the clause
        view.clause_tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        save(window, out)
        save_positions(window, out.with_name(POSITIONS_NAME), size=(1280, 720))
        save_history(window, out.with_name(HISTORY_NAME))
        save_overview(window, out.with_name(OVERVIEW_NAME))
        if states:
            view.select_round_row(0)
            save(window, out.with_name(f"{out.stem}-round-1.png"))
            form = DealForm("Beta Labs — model weights licence", "Beta Labs Ltd", "customer",
                            "Model licence with weights", "England and Wales")
            deal_id = store.create_deal(form.name, counterparty=form.counterparty, our_side=form.our_side,
                                        deal_type=form.deal_type, jurisdictions=form.jurisdictions)
            window.refresh_deals(select_deal=deal_id)
            save(window, out.with_name(f"{out.stem}-no-rounds.png"))
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
