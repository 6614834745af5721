"""The Search window (Ctrl+K): every clause of every deal, and one position across every deal.

Typing searches after a short pause (the store's FTS5 index answers in milliseconds); Up and
Down walk the results without leaving the search box, Enter opens the selected one and Esc
closes the window. The Deal and Position boxes narrow the clauses; the "Across deals" tab
answers "what did I get on audit rights with the other vendors": for the chosen position,
each deal's final value, status and the round it was settled in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.core.playbook import Playbook
from desktop.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListView,
    QModelIndex,
    QObject,
    Qt,
    QTableView,
    QTabWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.ui.search_model import (
    HIT_ROLE,
    OUTCOME_ROLE,
    VALUE_COLUMN,
    OutcomesModel,
    RichTextDelegate,
    SearchResultsModel,
)

if TYPE_CHECKING:
    from desktop.store import Store

DEBOUNCE_MS = 150  # the pause after a keystroke before searching
LIMIT = 200
CLAUSES_TAB, ACROSS_TAB = 0, 1


class SearchDialog(QDialog):
    """Search every clause of every deal, or see one position across all deals; open what is found."""

    clause_chosen = Signal(int, int, str)  # deal id, draft id, clause id
    position_chosen = Signal(int, str, int)  # deal id, position key, draft id

    def __init__(self, store: Store, playbook: Callable[[], Playbook],
                 report: Callable[[UserFacingError], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search all deals")
        self.setObjectName("searchDialog")
        self.resize(820, 600)
        self._store = store
        self._playbook = playbook
        self._report = report
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)

        self.query = QLineEdit()
        self.query.setPlaceholderText("Search every clause of every deal: words, \"a phrase\", or indemnif*")
        self.query.setAccessibleName("Search words")
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(lambda text: self._timer.start())
        self.query.installEventFilter(self)
        self.deal_box = QComboBox()
        self.deal_box.setAccessibleName("Only this deal")
        self.deal_box.setToolTip("Search one deal only")
        self.position_box = QComboBox()
        self.position_box.setAccessibleName("Position")
        self.position_box.setToolTip("Only clauses on this position; the Across deals tab shows it in every deal")
        self.deal_box.currentIndexChanged.connect(lambda i: self.run_search())
        self.position_box.currentIndexChanged.connect(lambda i: self._on_position_changed())

        self.results_model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName("Matching clauses")
        self.results.setModel(self.results_model)
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setUniformItemSizes(False)
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.activated.connect(self._open_hit)
        self.results.doubleClicked.connect(self._open_hit)

        self.outcomes_model = OutcomesModel(self)
        self.outcomes = QTableView()
        self.outcomes.setObjectName("positionOutcomes")
        self.outcomes.setAccessibleName("The position in every deal")
        self.outcomes.setModel(self.outcomes_model)
        self.outcomes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.outcomes.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.outcomes.verticalHeader().hide()
        self.outcomes.setAlternatingRowColors(True)
        self.outcomes.setShowGrid(False)
        self.outcomes.setWordWrap(True)
        self.outcomes.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.outcomes.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(VALUE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.outcomes.setColumnWidth(0, 220)
        self.outcomes.activated.connect(self._open_outcome)
        self.outcomes.doubleClicked.connect(self._open_outcome)
        self.outcomes.installEventFilter(self)

        self.message = QLabel()
        self.message.setObjectName("searchMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.results, "Matching clauses")
        self.tabs.addTab(self.outcomes, "Across deals")
        self.tabs.setTabToolTip(ACROSS_TAB, "Pick a position: each deal's final value and status on it")
        self.tabs.currentChanged.connect(lambda index: self._refresh())
        self._lay_out()
        self.reload_choices()

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        deal_label = QLabel("&Deal:")
        deal_label.setBuddy(self.deal_box)
        position_label = QLabel("&Position:")
        position_label.setBuddy(self.position_box)
        filters.addWidget(deal_label)
        filters.addWidget(self.deal_box, 1)
        filters.addSpacing(12)
        filters.addWidget(position_label)
        filters.addWidget(self.position_box, 1)
        hint = QLabel("↑ ↓ choose · Enter opens · Esc closes")
        hint.setObjectName("counts")
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addLayout(filters)
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(hint)
        layout.addLayout(bottom)
        self.setTabOrder(self.query, self.deal_box)
        self.setTabOrder(self.deal_box, self.position_box)
        self.setTabOrder(self.position_box, self.tabs)

    # --- choices ----------------------------------------------------------------------------
    def reload_choices(self) -> None:
        """Fill the Deal and Position boxes from the store and the playbook, keeping what was chosen."""
        deal, position = self.deal_box.currentData(), self.position_box.currentData()
        for box in (self.deal_box, self.position_box):
            box.blockSignals(True)
            box.clear()
        self.deal_box.addItem("All deals", None)
        self.position_box.addItem("Any position", None)
        try:
            for row in self._store.deals():
                self.deal_box.addItem(row.name, row.id)
            for spec in self._playbook().positions:
                self.position_box.addItem(spec.title, spec.key)
        except UserFacingError as error:
            self._report(error)
        for box, value in ((self.deal_box, deal), (self.position_box, position)):
            box.setCurrentIndex(max(box.findData(value), 0))
            box.blockSignals(False)

    def choose_deal(self, deal_id: int | None) -> None:
        """Narrow the search to one deal (None: all deals)."""
        self.deal_box.setCurrentIndex(max(self.deal_box.findData(deal_id), 0))

    def choose_position(self, key: str | None) -> None:
        """Narrow the search to one position (None: any), which the Across deals tab then shows."""
        self.position_box.setCurrentIndex(max(self.position_box.findData(key), 0))

    def start(self) -> None:
        """Show the window with the search words selected, ready for new ones."""
        self.reload_choices()
        self.show()
        self.activateWindow()
        self.query.setFocus()
        self.query.selectAll()
        self._refresh()

    # --- searching ----------------------------------------------------------------------------
    def _refresh(self) -> None:
        self.deal_box.setEnabled(self.tabs.currentIndex() == CLAUSES_TAB)
        if self.tabs.currentIndex() == ACROSS_TAB:
            self.show_position()
        else:
            self.run_search()

    def _on_position_changed(self) -> None:
        self.run_search()
        if self.tabs.currentIndex() == ACROSS_TAB:
            self.show_position()

    def run_search(self) -> None:
        """Search now for the words typed, within the chosen deal and position."""
        self._timer.stop()
        if self.tabs.currentIndex() != CLAUSES_TAB:
            return
        words = self.query.text()
        try:
            hits = self._store.search(words, LIMIT, deal_id=self.deal_box.currentData(),
                                      position=self.position_box.currentData(), fold=True)
        except UserFacingError as error:
            self._report(error)
            hits = []
        self.results_model.set_hits(hits)
        if hits:
            self.results.setCurrentIndex(self.results_model.index(0))
        if not words.strip():
            self.message.setText("Type a word or two to search every clause of every deal.")
        elif not hits:
            self.message.setText("No clause matches all of these words"
                                 + (" with the chosen filters." if self._filtered() else "."))
        else:
            more = " (the best shown)" if len(hits) >= LIMIT else ""
            self.message.setText(f"{len(hits)} clause{'s' * (len(hits) != 1)}{more}; the same text kept "
                                 "through several rounds is listed once, in its latest round.")

    def _filtered(self) -> bool:
        return self.deal_box.currentData() is not None or self.position_box.currentData() is not None

    def show_position(self) -> None:
        """List the chosen position in every deal: final value, status and the round it settled in."""
        key = self.position_box.currentData()
        if key is None:
            self.outcomes_model.set_outcomes([], None)
            self.message.setText("Choose a position above to see where every deal ended on it.")
            return
        try:
            outcomes = self._store.position_across_deals(key)
            spec = self._playbook().get(key)
        except UserFacingError as error:
            self._report(error)
            return
        self.outcomes_model.set_outcomes(outcomes, spec)
        self.outcomes.resizeRowsToContents()
        if outcomes:
            self.outcomes.setCurrentIndex(self.outcomes_model.index(0, 0))
        title = self.position_box.currentText()
        self.message.setText(f"{title} in the latest round of each of {len(outcomes)} deal"
                             f"{'s' * (len(outcomes) != 1)}. A “?” marks a status Counterdraft suggested "
                             "and you have not confirmed." if outcomes else "No deal has a round yet.")

    # --- opening ------------------------------------------------------------------------------
    def _open_hit(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is not None:
            self.clause_chosen.emit(hit.deal_id, hit.draft_id, hit.clause_id)
            self.accept()

    def _open_outcome(self, index: QModelIndex) -> None:
        outcome = index.data(OUTCOME_ROLE)
        if outcome is not None:
            self.position_chosen.emit(outcome.deal_id, self.position_box.currentData(), outcome.draft_id)
            self.accept()

    def open_current(self) -> bool:
        """Open the selected result of the tab shown; False when nothing is selected."""
        view = self.results if self.tabs.currentIndex() == CLAUSES_TAB else self.outcomes
        index = view.currentIndex()
        if not index.isValid():
            return False
        (self._open_hit if view is self.results else self._open_outcome)(index)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the search box move through the results; Enter opens the selected one."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            view = self.results if self.tabs.currentIndex() == CLAUSES_TAB else self.outcomes
            if watched is self.query and key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown,
                                                 Qt.Key.Key_PageUp):
                self._step(view, key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and watched in (self.query, self.outcomes):
                if self._timer.isActive():
                    self.run_search()  # Enter before the pause: search first, then open
                self.open_current()
                return True
        return super().eventFilter(watched, event)

    def _step(self, view: QAbstractItemView, key: int) -> None:
        model = view.model()
        count = model.rowCount()
        if not count:
            return
        row = view.currentIndex().row()
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8, Qt.Key.Key_PageUp: -8}[key]
        row = min(max(row + step, 0), count - 1) if row >= 0 else 0
        index = model.index(row, 0)
        view.setCurrentIndex(index)
        view.scrollTo(index)


__all__ = ["SearchDialog"]
