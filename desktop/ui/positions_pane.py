"""The side pane of the positions view: one position in one round, its evidence redline and its editors.

It shows what the grid's current cell holds and asks for edits through signals that carry
the position key and draft id they were made on, because a line edit reports
`editingFinished` when focus leaves it — possibly after the grid has moved to another cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from desktop.core.playbook import PositionSpec
from desktop.display.positions import (
    KEY_OF_STATUS,
    STATUS_WORDS,
    Cell,
    PositionRow,
    RoundColumn,
    RoundText,
    status_text,
)
from desktop.display.words import long_date
from desktop.qt import (
    QComboBox,
    QEvent,
    QFontMetrics,
    QFormLayout,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.ui.models import ClauseEntry, citation
from desktop.ui.positions_model import status_background, status_foreground
from desktop.ui.redline import RedlineView
from desktop.ui.undo import StanceValue

STATUS_ORDER = ("won", "conceded", "compromise", "open", "not_addressed")


def value_words(spec: PositionSpec | None, values: Mapping) -> str:
    """Return the extracted values as "Cap (months of fees): 12 · Uncapped carve-outs: data breach"."""
    labels = {v.name: (v.label, v.unit) for v in spec.values} if spec is not None else {}
    parts = []
    for name, value in values.items():
        label, unit = labels.get(name, (name.replace("_", " ").capitalize(), ""))
        if isinstance(value, dict) and "amount" in value:
            shown = f"{value.get('currency', '')} {value['amount']:,.0f}".strip()
        elif isinstance(value, (list, tuple)):
            shown = ", ".join(str(item) for item in value)
        elif isinstance(value, bool):
            shown = "yes" if value else "no"
        elif isinstance(value, float):
            shown = f"{value:g} {unit}".strip()
        else:
            shown = f"{value} {unit}".strip()
        parts.append(f"{label}: {shown}")
    return " · ".join(parts)


def evidence_entries(text: RoundText, clause_ids: Sequence[str]) -> list[ClauseEntry]:
    """Return the clauses `clause_ids` of a round as redline entries, each with its pair against the round before."""
    by_id = {c.id: c for c in text.clauses}
    previous = {c.id: c for c in text.previous}
    pair_of = {cid: pair for pair in text.pairs for cid in pair.b}
    entries = []
    for cid in clause_ids:
        clause = by_id.get(cid)
        if clause is None:
            continue
        pair = pair_of.get(cid)
        before = tuple(previous[a] for a in pair.a if a in previous) if pair is not None else ()
        within = citation(by_id.get(clause.parent)) if clause.parent else ""
        entries.append(ClauseEntry(clause, pair, previous=before, within=within))
    return entries


class ReasonEdit(QPlainTextEdit):
    """The one-line reason, wrapped over a few lines so it can be read whole; Enter or leaving it commits."""

    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("One line: why this status")
        self._fit_to_font()

    def _fit_to_font(self) -> None:
        self.setFixedHeight(QFontMetrics(self.font()).lineSpacing() * 4 + 12)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()  # four lines of the new size (Settings ▸ Font size)

    def text(self) -> str:
        """Return the reason as one line."""
        return " ".join(self.toPlainText().split())

    def setText(self, text: str) -> None:
        """Show `text` from its start."""
        self.setPlainText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.committed.emit()  # a reason is one line: Enter records it
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.committed.emit()


def _label(object_name: str, *, wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PositionPane(QWidget):
    """One position in one round: explanation, our stance, status and reason, values and evidence."""

    status_chosen = Signal(str, int, str)  # key, draft id, status
    confirm_requested = Signal(str, int)  # key, draft id
    reason_edited = Signal(str, int, str)  # key, draft id, reason
    stance_edited = Signal(str, object)  # key, StanceValue

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("positionPane")
        self.setMinimumWidth(160)
        self._row: PositionRow | None = None
        self._cell: Cell | None = None
        self._last: dict[int, str] = {}  # what each editor last showed, to tell typing from a refresh

        self.title = _label("positionTitle", wrap=True)
        self.group = _label("positionGroup", wrap=True)
        self.explanation = _label("positionExplanation", wrap=True)
        self.ask = QLineEdit()
        self.fallback = QLineEdit()
        self.walk_away = QLineEdit()
        for edit, hint in ((self.ask, "What we ask for"), (self.fallback, "What we would accept"),
                           (self.walk_away, "Below this we walk away")):
            edit.setPlaceholderText(hint)
            edit.editingFinished.connect(self._on_stance_edited)

        self.round_title = _label("sectionHeading", wrap=True)
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for status in STATUS_ORDER:
            self.status.addItem(f"{status_text(status)}  ({KEY_OF_STATUS[status]})", status)
        self.status.setPlaceholderText("No status yet")
        self.status.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.status.setToolTip("W won · C conceded · P compromise · O open · N not addressed")
        self.status.activated.connect(self._on_status_chosen)
        self.confirm_button = QPushButton("Confirm")
        self.confirm_button.setToolTip("Keep Counterdraft's suggested status (Enter in the grid)")
        self.confirm_button.clicked.connect(self._on_confirm)
        self.reason = ReasonEdit()
        self.reason.committed.connect(self._on_reason_edited)
        self.suggestion_note = _label("suggestionNote", wrap=True)
        self.values = _label("positionValues", wrap=True)
        self.evidence_title = _label("sectionHeading", wrap=True)
        self.redline = RedlineView()
        self.redline.setAccessibleName("Evidence")
        self._build_layout()
        self._fit_to_font()
        self.show_cell(None, None, None, None)

    def _fit_to_font(self) -> None:
        """Size what depends on the font: the status box's least width and the evidence's least height."""
        # Never so narrow that a status is cut: "≈ compromise" shows whole (its key may not).
        # Qt counts the minimum contents in widths of "X", the widest letter.
        metrics = QFontMetrics(self.status.font())
        self.status.setMinimumContentsLength(
            -(-metrics.horizontalAdvance(status_text("compromise")) // metrics.horizontalAdvance("X")))
        self.redline.setMinimumHeight(QFontMetrics(self.redline.font()).lineSpacing() * 4)
        self._keep_evidence_title_whole()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._keep_evidence_title_whole()

    def _keep_evidence_title_whole(self) -> None:
        """Keep the evidence's place tall enough for its heading's wrapped lines (a splitter knows no heightForWidth)."""
        layout = self.evidence.layout()
        margins = layout.contentsMargins()
        width = max(self.evidence.width() - margins.left() - margins.right(), 1)
        needed = (self.evidence_title.heightForWidth(width) + layout.spacing() + self.redline.minimumHeight()
                  + margins.top() + margins.bottom())
        if self.evidence.minimumHeight() != needed:
            self.evidence.setMinimumHeight(needed)

    def _build_layout(self) -> None:
        stance = QFormLayout()
        stance.setContentsMargins(0, 4, 0, 0)
        stance.addRow("Our ask:", self.ask)
        stance.addRow("Fallback:", self.fallback)
        stance.addRow("Walk-away:", self.walk_away)
        record = QFormLayout()
        record.addRow("Status:", self.status)
        record.addRow("Reason:", self.reason)
        for form in (stance, record):
            # In a narrow pane (or large type) a field goes under its label rather than off the edge.
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.confirm_button)
        confirm_row.addStretch()
        details = QWidget()
        layout = QVBoxLayout(details)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.group)
        layout.addWidget(self.explanation)
        layout.addLayout(stance)
        layout.addSpacing(6)
        layout.addWidget(self.round_title)
        layout.addLayout(record)
        layout.addWidget(self.suggestion_note)
        layout.addLayout(confirm_row)
        layout.addWidget(self.values)
        layout.addStretch(1)
        # A short pane scrolls rather than squeezing its labels over one another …
        self.scroll = QScrollArea()
        self.scroll.setObjectName("positionPaneScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll.viewport().setAutoFillBackground(False)  # the pane's own background shows through
        details.setAutoFillBackground(False)
        self.scroll.setWidget(details)
        self.details = details
        # … and the evidence keeps a place of its own below, however long the explanation.
        evidence = self.evidence = QWidget()
        evidence_layout = QVBoxLayout(evidence)
        evidence_layout.setContentsMargins(0, 4, 0, 0)
        evidence_layout.setSpacing(4)
        evidence_layout.addWidget(self.evidence_title)
        evidence_layout.addWidget(self.redline, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("positionPaneSplitter")
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(evidence)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        self.empty = QLabel("Click a cell of the grid to see the evidence for that round and set its status.")
        self.empty.setObjectName("emptyText")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.splitter)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

    # --- what the view tells it to show ----------------------------------------------------------
    @property
    def shown(self) -> tuple[str, int] | None:
        """Return the (position key, draft id) shown, or None."""
        if self._row is None or self._cell is None:
            return None
        return self._row.key, self._cell.draft_id

    def show_cell(
        self,
        row: PositionRow | None,
        cell: Cell | None,
        column: RoundColumn | None,
        text: RoundText | None,
        previous_round: int | None = None,
    ) -> None:
        """Show the position `row` in the round of `cell`, with the evidence found in `text`."""
        self._row, self._cell = row, cell
        if row is None or cell is None or column is None:
            self.pages.setCurrentWidget(self.empty)
            return
        self.pages.setCurrentWidget(self.pages.widget(1))
        self.title.setText(row.title)
        self.group.setText(row.group + (" · named first" if row.first else ""))
        self.explanation.setText(row.explanation or "No explanation in the playbook.")
        for edit, value in ((self.ask, row.ask), (self.fallback, row.fallback), (self.walk_away, row.walk_away)):
            if self._fill(edit, value):
                edit.setCursorPosition(0)  # show the start of a long stance, not its end
                edit.setToolTip(value)
        self.round_title.setText(f"{column.description[0].upper()}{column.description[1:]}")
        self._show_status(cell)
        finding = cell.finding
        self.values.setText(
            f"Values read: {value_words(row.spec, finding.values)}" if finding is not None and finding.values
            else "No values read from this round." if finding is not None else ""
        )
        self.values.setVisible(finding is not None)
        self._show_evidence(cell, column, text, previous_round)

    def _show_status(self, cell: Cell) -> None:
        self.status.blockSignals(True)
        self.status.setCurrentIndex(STATUS_ORDER.index(cell.status) if cell.status in STATUS_ORDER else -1)
        self.status.blockSignals(False)
        fill = status_background(cell.status, cell.suggested)
        style = f"color: {status_foreground(cell.status).name()}; font-weight: 600;"
        if fill is not None:
            style += f" background: {fill.name()};"
        if cell.suggested:
            style += " font-style: italic;"
        self.status.setStyleSheet(f"QComboBox {{ {style} }}")
        self._fill(self.reason, cell.reason)
        self.confirm_button.setVisible(cell.suggested)
        if cell.suggested:
            self.suggestion_note.setText(
                f"Suggested by Counterdraft: {STATUS_WORDS.get(cell.status, cell.status)}. Press Enter in the grid "
                "to confirm, or W, C, P, O, N to choose another status."
            )
        elif cell.status:
            self.suggestion_note.setText("Confirmed by you.")
        else:
            self.suggestion_note.setText("No status yet. Press W, C, P, O or N in the grid to set one.")

    def _fill(self, edit: QLineEdit | ReasonEdit, value: str) -> bool:
        """Show `value` in `edit` unless the user is typing there; return True when it was shown."""
        typing = edit.hasFocus() and edit.text() != self._last.get(id(edit))
        if typing:
            return False
        edit.setText(value)
        self._last[id(edit)] = value
        return True

    def _show_evidence(self, cell: Cell, column: RoundColumn, text: RoundText | None, previous_round: int | None) -> None:
        finding = cell.finding
        against = f", redline against round {previous_round}" if previous_round else " (the first round)"
        if finding is None or text is None:
            self.evidence_title.setText(f"Evidence in round {column.round_no}")
            self.redline.show_message(f"No clause of round {column.round_no} speaks to this position.")
            return
        entries = evidence_entries(text, finding.clauses)
        count = len(entries)
        self.evidence_title.setText(
            f"Evidence in round {column.round_no}: {count} clause{'s' * (count != 1)}{against}"
        )
        self._keep_evidence_title_whole()
        if not entries:
            self.redline.show_message("The evidence clauses are missing from this round.")
            return
        spans: dict[str, list[tuple[int, int]]] = {}
        for evidence in finding.evidence:
            spans.setdefault(evidence.clause, []).append((evidence.start, evidence.end))
        whose = "our" if column.sender == "us" else "their"
        source = f"In {whose} draft of {long_date(column.date)} (round {column.round_no}); evidence on yellow"
        self.redline.show_entries([(entry, spans.get(entry.clause.id, ())) for entry in entries], source=source)

    # --- edits -----------------------------------------------------------------------------------
    def _on_status_chosen(self, index: int) -> None:
        if self.shown is not None and index >= 0:
            self.status_chosen.emit(*self.shown, self.status.itemData(index))

    def _on_confirm(self) -> None:
        if self.shown is not None:
            self.confirm_requested.emit(*self.shown)

    def _on_reason_edited(self) -> None:
        if self.shown is not None and self._cell is not None and self.reason.text() != self._cell.reason:
            self._last[id(self.reason)] = self.reason.text()  # committed: no longer mid-typing
            self.reason_edited.emit(*self.shown, self.reason.text())

    def _on_stance_edited(self) -> None:
        if self._row is None:
            return
        value = StanceValue(self.ask.text().strip(), self.fallback.text().strip(), self.walk_away.text().strip())
        if value != StanceValue(self._row.ask, self._row.fallback, self._row.walk_away):
            for edit in (self.ask, self.fallback, self.walk_away):
                self._last[id(edit)] = edit.text()  # committed: no longer mid-typing
            self.stance_edited.emit(self._row.key, value)
