"""What the search window lists: matching clauses with their highlighted snippet, and one position in every deal.

Clause text is the other side's input: a snippet is escaped whole and only the store's match
marks (SNIPPET_MARKS) become markup, so a clause holding "<b>" or "<img src=…>" reads as those
characters. The plain text of each row (DisplayRole) is what a screen reader says.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from desktop.core.playbook import PositionSpec
from desktop.display.positions import STATUS_WORDS, status_text, value_text
from desktop.qt import (
    QAbstractListModel,
    QAbstractTableModel,
    QColor,
    QModelIndex,
    QObject,
    QPainter,
    QPalette,
    QRectF,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTextDocument,
)
from desktop.store.search import SNIPPET_MARKS, DealOutcome, SearchHit
from desktop.ui import look
from desktop.ui.positions_model import STATUS_COLOURS, status_background

HIT_ROLE = Qt.ItemDataRole.UserRole + 40  # the SearchHit of a row
OUTCOME_ROLE = Qt.ItemDataRole.UserRole + 41  # the DealOutcome of a row
HTML_ROLE = Qt.ItemDataRole.UserRole + 42  # the row as rich text (escaped, marks made bold)
_PAD = 8


def round_words(numbers: Sequence[int]) -> str:
    """Return "round 2", "rounds 1 and 2" or "rounds 1–3" for the round numbers given (ascending)."""
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"round {numbers[0]}"
    if list(numbers) == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
        return f"rounds {numbers[0]}–{numbers[-1]}"
    return "rounds " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def plain_snippet(snippet: str) -> str:
    """Return a snippet without its match marks."""
    return snippet.replace(SNIPPET_MARKS[0], "").replace(SNIPPET_MARKS[1], "")


def snippet_html(snippet: str) -> str:
    """Return a snippet as HTML: every character escaped, each marked match in <b class="hit">.

    An opening mark without its closing one (a clause that itself holds "⟦") marks to the end.
    """
    open_mark, close_mark = SNIPPET_MARKS
    pieces = snippet.split(open_mark)
    out = [html.escape(pieces[0].replace(close_mark, ""))]
    for piece in pieces[1:]:
        matched, _, rest = piece.partition(close_mark)
        out.append(f'<b class="hit">{html.escape(matched)}</b>')
        out.append(html.escape(rest.replace(close_mark, "")))
    return "".join(out)


def clause_words(hit: SearchHit) -> str:
    """Return the clause as a lawyer names it: "8.2 Limitation of liability" ("Unnumbered clause" without either)."""
    words = " ".join(part for part in (hit.number, hit.heading) if part)
    return words or "Unnumbered clause"


def hit_title(hit: SearchHit) -> str:
    """Return "Acme AI · Round 3 · 8.2 Limitation of liability"."""
    return f"{hit.deal_name} · Round {hit.round_no} · {clause_words(hit)}"


def also_words(hit: SearchHit) -> str:
    """Return "same text in rounds 1 and 2" for a folded hit kept through other rounds, else ""."""
    others = getattr(hit, "other_rounds", ())
    return f"same text in {round_words(others)}" if others else ""


class SearchResultsModel(QAbstractListModel):
    """The clauses a search found, best match first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        """Show `hits`, replacing what was shown."""
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        """Return the hit at `row`, or None."""
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        hit = self.hit(index.row()) if index.isValid() else None
        if hit is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            also = also_words(hit)
            return f"{hit_title(hit)}{f' ({also})' if also else ''}\n{plain_snippet(hit.snippet)}"
        if role == HTML_ROLE:
            return self._html(hit)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Enter or double-click opens this clause in its round"
        if role == HIT_ROLE:
            return hit
        return None

    @staticmethod
    def _html(hit: SearchHit) -> str:
        also = also_words(hit)
        title = (f"<b>{html.escape(hit.deal_name)}</b> · Round {hit.round_no} · "
                 f"{html.escape(clause_words(hit))}")
        if also:
            title += f' <span class="also">({html.escape(also)})</span>'
        return f"<div>{title}</div><div>{snippet_html(hit.snippet)}</div>"


class RichTextDelegate(QStyledItemDelegate):
    """Draws a row's HTML_ROLE text (two short lines), in the selection colours when selected."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex, selected: bool) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        ink = option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        # On the selection colour the side note takes the ink: grey on blue does not read.
        also = ink if selected else look.colour("muted")
        document.setDefaultStyleSheet(
            f"div {{ color: {ink.name()}; }} span.also {{ color: {also.name()}; }} "
            f"b.hit {{ background-color: {look.colour('banner').name()}; "
            f"color: {look.colour('banner_text').name()}; }}")
        document.setHtml(index.data(HTML_ROLE) or "")
        document.setTextWidth(max(option.rect.width() - 2 * _PAD, 80))
        return document

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        width = option.rect.width() if option.rect.width() > 0 else 600
        option.rect.setWidth(width)
        document = self._document(option, index, False)
        return QSize(width, int(document.size().height()) + _PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        option.text = ""
        style = option.widget.style() if option.widget is not None else None
        painter.save()
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        document = self._document(option, index, selected)
        painter.translate(option.rect.left() + _PAD, option.rect.top() + _PAD // 2)
        document.drawContents(painter, QRectF(0, 0, option.rect.width() - 2 * _PAD, option.rect.height()))
        painter.restore()


OUTCOME_HEADERS = ("Deal", "Counterparty", "Final value", "Status", "Settled in", "Latest round")
VALUE_COLUMN, STATUS_COLUMN = 2, 3


class OutcomesModel(QAbstractTableModel):
    """One position in every deal: each deal's final value, status and the round it settled in."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._outcomes: list[DealOutcome] = []
        self._spec: PositionSpec | None = None

    def set_outcomes(self, outcomes: Sequence[DealOutcome], spec: PositionSpec | None) -> None:
        """Show `outcomes` of the position `spec` (None: a position the playbook no longer has)."""
        self.beginResetModel()
        self._outcomes, self._spec = list(outcomes), spec
        self.endResetModel()

    def outcome(self, row: int) -> DealOutcome | None:
        """Return the outcome at `row`, or None."""
        return self._outcomes[row] if 0 <= row < len(self._outcomes) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._outcomes)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(OUTCOME_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return OUTCOME_HEADERS[section]
        return None

    def cell_text(self, outcome: DealOutcome, column: int) -> str:
        """Return the words of one cell."""
        texts: tuple[Callable[[], str], ...] = (
            lambda: outcome.deal_name,
            lambda: outcome.counterparty or "—",
            lambda: value_text(self._spec, outcome.finding, outcome.numbers) or "not found",
            lambda: status_text(outcome.status, outcome.suggested) or "no status",
            lambda: (f"round {outcome.settled_round}" if outcome.settled_round
                     else "still open" if outcome.status == "open" else "—"),
            lambda: f"round {outcome.round_no}",
        )
        return texts[column]()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        outcome = self.outcome(index.row()) if index.isValid() else None
        if outcome is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.cell_text(outcome, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            words = STATUS_WORDS.get(outcome.status, "no status")
            reason = f": {outcome.reason}" if outcome.reason else ""
            suggested = " (suggested, not yet confirmed)" if outcome.suggested else ""
            return f"{words}{suggested}{reason}\nEnter or double-click opens the deal's Positions tab here"
        if role == OUTCOME_ROLE:
            return outcome
        if index.column() == STATUS_COLUMN and role == Qt.ItemDataRole.BackgroundRole:
            return status_background(outcome.status, outcome.suggested)
        if index.column() == STATUS_COLUMN and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(STATUS_COLOURS[outcome.status][1]) if outcome.status in STATUS_COLOURS else None
        return None


__all__ = [
    "HIT_ROLE",
    "HTML_ROLE",
    "OUTCOME_HEADERS",
    "OUTCOME_ROLE",
    "STATUS_COLUMN",
    "VALUE_COLUMN",
    "OutcomesModel",
    "RichTextDelegate",
    "SearchResultsModel",
    "also_words",
    "clause_words",
    "hit_title",
    "plain_snippet",
    "round_words",
    "snippet_html",
]
