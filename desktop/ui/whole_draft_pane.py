"""The Whole draft tab: a round read whole against the round before it, or against any earlier round.

Against the round before, the pairs are the store's (the same the clause tree shows). Against
an earlier round they are computed on a worker by the core pipeline (compare_named), with the
window's progress strip and Cancel, and kept in memory for the rest of the session. The tab
builds its document only while it is on screen, so switching rounds costs nothing when it is
not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from desktop.core.model import Comparison
from desktop.core.pipeline import compare_named
from desktop.display.document_redline import DocumentRedline, RedlineClause, document_redline, plain_document
from desktop.display.words import long_date
from desktop.qt import QComboBox, QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget, Signal
from desktop.ui.whole_draft import WholeDraftView

if TYPE_CHECKING:
    from desktop.store import RoundRow, Store
    from desktop.ui.tasks import Task, TaskRunner

CacheKey = tuple[int, str, int, str]  # (earlier draft id, its sha256, later draft id, its sha256)


def round_words(row: RoundRow) -> str:
    """Return "round 3, their draft of 2 Feb 2024"."""
    whose = "our" if row.sender == "us" else "their"
    return f"round {row.round_no}, {whose} draft of {long_date(row.date)}"


class WholeDraftPane(QWidget):
    """The round shown, whole, as one redline against the earlier round the user picks."""

    clause_chosen = Signal(object)  # the RedlineClause the reader moved into

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.runner: TaskRunner | None = None  # the window's; without one, comparing runs here
        self._round: RoundRow | None = None
        self._earlier: list[RoundRow] = []
        self._show_cosmetic = False
        self._stale = True  # the document does not show the round and base chosen
        self._cache: dict[CacheKey, Comparison] = {}
        self._comparison: Comparison | None = None
        self._waiting: CacheKey | None = None  # the comparison the tab waits for
        self._follow: str | None = None  # the clause to bring into view ("b:c12")
        self.task: Task | None = None

        self.title = QLabel("Whole draft")
        self.title.setObjectName("sectionHeading")
        self.against = QComboBox()
        self.against.setAccessibleName("Compare against")
        self.against.setToolTip("The earlier round this round is compared with")
        self.against.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.against.currentIndexChanged.connect(lambda index: self._refresh())
        self.against_label = QLabel("against")
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.view = WholeDraftView()
        self.view.setAccessibleName("Whole-draft redline")
        self.view.clause_chosen.connect(self._on_clause_chosen)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.title)
        bar.addWidget(self.against_label)
        bar.addWidget(self.against)
        bar.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.counts)  # a line of its own: the pane is often narrow
        layout.addWidget(self.view)

    # --- what the deal page tells it ----------------------------------------------------------
    def show_round(self, row: RoundRow | None, earlier: Sequence[RoundRow]) -> None:
        """Show `row` against the round before it; `earlier` are the deal's rounds before it, in order."""
        self._round = row
        self._earlier = list(earlier)
        self._follow = None
        self.against.blockSignals(True)
        self.against.clear()
        for number, base in enumerate(reversed(self._earlier)):
            words = round_words(base)
            self.against.addItem(words[0].upper() + words[1:] + (" (previous)" if number == 0 else ""), base)
        self.against.blockSignals(False)
        has_base = bool(self._earlier)
        self.against.setVisible(has_base)
        self.against_label.setVisible(has_base)
        self.title.setText(f"Round {row.round_no}" if row is not None else "Whole draft")
        self._refresh()

    def set_show_cosmetic(self, on: bool) -> None:
        """Mark cosmetic changes (True) or read them as unchanged (False)."""
        if on == self._show_cosmetic:
            return
        self._show_cosmetic = on
        current = self.view.current_clause()
        if current is not None and self._follow is None:
            self._follow = current.key
        if self._comparison is not None and self.isVisible():
            self._show(self._comparison)
        else:
            self._stale = True

    def follow(self, key: str | None) -> None:
        """Bring the clause `key` ("b:c12", "a:c7" for a dropped one) into view, now or once shown."""
        self._follow = key
        if key is not None and not self._stale:
            self.view.follow(key)

    @property
    def base(self) -> RoundRow | None:
        """Return the earlier round compared with, None for a first round."""
        return self.against.currentData()

    @property
    def against_previous(self) -> bool:
        """Return True when the round is compared with the round just before it (as the clause tree is)."""
        base = self.base
        return base is not None and bool(self._earlier) and base.id == self._earlier[-1].id

    @property
    def redline(self) -> DocumentRedline | None:
        """Return the redline shown, or None."""
        return self.view.redline

    def step(self, forward: bool) -> RedlineClause | None:
        """Go to the next (or previous) change of the whole draft; None at the end."""
        if self._stale:
            self._refresh()
        return self.view.step(forward)

    # --- building -----------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._refresh()

    def _refresh(self) -> None:
        """Show the chosen round against the chosen base (only while on screen)."""
        self._stale = True
        if not self.isVisible():
            return
        row, base = self._round, self.base
        self._waiting = None
        if row is None:
            self._comparison = None
            self.counts.clear()
            self.view.show_message("Select a round to read it whole.")
            self._stale = False
            return
        if base is None:
            self._comparison = None
            redline = plain_document(self._name(row), self._store.clauses(row.id))
            self.counts.setText(f"First round · {len(redline.clauses)} clauses")
            self.view.show_redline(redline)
            self._after_show()
            return
        key = (base.id, base.sha256, row.id, row.sha256)
        if self.against_previous:
            comparison = Comparison(self._name(base), self._name(row), self._store.clauses(base.id),
                                    self._store.clauses(row.id), self._store.pairs(row.id))
            self._show(comparison)
        elif key in self._cache:
            self._show(self._cache[key])
        else:
            self._compare(key, base, row)

    def _compare(self, key: CacheKey, base: RoundRow, row: RoundRow) -> None:
        name_a, name_b = self._name(base), self._name(row)
        clauses_a, clauses_b = self._store.clauses(base.id), self._store.clauses(row.id)
        self._waiting = key
        self._comparison = None
        self.counts.setText("Comparing…")
        self.view.show_message(f"Comparing round {row.round_no} with round {base.round_no}…")
        if self.runner is None:
            self._compared(key, compare_named(name_a, clauses_a, name_b, clauses_b))
            return

        def work(progress, cancel) -> Comparison:
            return compare_named(name_a, clauses_a, name_b, clauses_b, progress=progress, cancel=cancel)

        self.task = self.runner.run(f"Comparing round {row.round_no} with round {base.round_no}…", work,
                                    on_success=lambda comparison: self._compared(key, comparison),
                                    failure_title="The rounds could not be compared")
        self.task.finished.connect(lambda: self._not_compared(key))

    def _compared(self, key: CacheKey, comparison: Comparison) -> None:
        self._cache[key] = comparison
        if self._waiting == key:
            self._waiting = None
            self._show(comparison)

    def _not_compared(self, key: CacheKey) -> None:
        self.task = None
        if self._waiting == key:  # cancelled or failed (the runner said why)
            self._waiting = None
            self.counts.clear()
            self.view.show_message("The rounds were not compared. Choose the round to compare with again.")

    def _show(self, comparison: Comparison) -> None:
        self._comparison = comparison
        redline = document_redline(comparison, show_cosmetic=self._show_cosmetic)
        self.counts.setText(redline.counts_text())
        self.view.show_redline(redline)
        self._after_show()

    def _after_show(self) -> None:
        self._stale = False
        if self._follow is not None:
            self.view.follow(self._follow)

    @staticmethod
    def _name(row: RoundRow) -> str:
        words = round_words(row)
        return words[0].upper() + words[1:]

    def _on_clause_chosen(self, clause: RedlineClause) -> None:
        self._follow = clause.key
        self.clause_chosen.emit(clause)

