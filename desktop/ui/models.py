"""Thin Qt models over the store's lists: deals, a deal's rounds, a round's clause tree.

Each model adapts a plain list (DealRow, RoundRow, Clause + Pair) for a view and adds no
logic of its own beyond choosing the words and colours a row is shown with.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.core.model import Clause, Pair
from desktop.ui.qt import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QColor,
    QFont,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

if TYPE_CHECKING:
    from desktop.store import DealRow, RoundRow

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the DealRow / RoundRow / ClauseEntry behind a row

GREY = QColor("#7a7f87")
SUBSTANTIVE = QColor("#b3261e")
COSMETIC = QColor("#6b7280")
NEW = QColor("#1e7b34")

# How a pair's kind reads in the clause tree's Change column.
CHANGE_WORDS = {
    "unchanged": "",
    "modified": "Modified",
    "moved": "Moved",
    "renumbered": "Renumbered",
    "inserted": "New",
    "deleted": "Dropped",
    "split": "Split",
    "merged": "Merged",
}


def long_date(iso: str) -> str:
    """Return "2 Feb 2024" for "2024-02-02" (the text unchanged when it is not a date)."""
    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%b %Y}"


def change_summary(row: RoundRow) -> str:
    """Return the Changes column text: "12 (9 substantive)", "No changes", or "—" for round 1."""
    if row.changed_count is None:
        return "—"
    if row.changed_count == 0:
        return "No changes"
    return f"{row.changed_count} ({row.substantive_count or 0} substantive)"


class DealListModel(QAbstractListModel):
    """The deals, one row each, in the store's order (by name)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._deals: list[DealRow] = []

    def set_deals(self, deals: list[DealRow]) -> None:
        """Show `deals` instead of the current list."""
        self.beginResetModel()
        self._deals = list(deals)
        self.endResetModel()

    def deal(self, row: int) -> DealRow:
        """Return the deal shown at `row`."""
        return self._deals[row]

    def row_of(self, deal_id: int) -> int:
        """Return the row of the deal with `deal_id`, or -1."""
        return next((row for row, deal in enumerate(self._deals) if deal.id == deal_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._deals)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._deals):
            return None
        deal = self._deals[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return deal.name
        if role == Qt.ItemDataRole.ToolTipRole:
            rounds = "1 round" if deal.round_count == 1 else f"{deal.round_count} rounds"
            return "\n".join(part for part in (deal.name, deal.counterparty, deal.deal_type, rounds) if part)
        if role == ROW_ROLE:
            return deal
        return None


class RoundTableModel(QAbstractTableModel):
    """A deal's rounds: number, who sent it, date, file and how much changed since the round before."""

    COLUMNS = ("Round", "From", "Date", "File", "Changes vs previous")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rounds: list[RoundRow] = []

    def set_rounds(self, rounds: list[RoundRow]) -> None:
        """Show `rounds` instead of the current list."""
        self.beginResetModel()
        self._rounds = list(rounds)
        self.endResetModel()

    def round(self, row: int) -> RoundRow:
        """Return the round shown at `row`."""
        return self._rounds[row]

    def row_of(self, draft_id: int) -> int:
        """Return the row of the round whose draft id is `draft_id`, or -1."""
        return next((row for row, r in enumerate(self._rounds) if r.id == draft_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rounds)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.COLUMNS):
                return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rounds):
            return None
        row = self._rounds[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(row.round_no),
                "Us" if row.sender == "us" else "Them",
                long_date(row.date),
                row.file_name,
                change_summary(row),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and not row.changed_count:
            return GREY
        if role == ROW_ROLE:
            return row
        return None

    @staticmethod
    def _tooltip(row: RoundRow) -> str:
        lines = [f"Round {row.round_no}: {row.file_name}", f"{row.clause_count} clauses"]
        if row.changed_count is not None:
            lines.append(
                f"{row.changed_count} changed since round {row.round_no - 1}: "
                f"{row.substantive_count or 0} substantive, {row.cosmetic_count or 0} cosmetic"
            )
        if row.tracked_change_count:
            lines.append(f"{row.tracked_change_count} Word tracked changes")
        if row.comment_count:
            lines.append(f"{row.comment_count} comments")
        return "\n".join(lines)


@dataclass(frozen=True)
class ClauseEntry:
    """One clause as the tree shows it: the clause, its pair with the previous round, and its side."""

    clause: Clause
    pair: Pair | None  # None when there is no previous round
    dropped: bool = False  # a clause of the previous round that this round no longer has
    previous: tuple[Clause, ...] = ()  # the previous round's clauses in the same pair
    within: str = ""  # the parent clause as a reader would cite it ("8 Limitation of Liability")

    @property
    def change(self) -> str:
        """Return the Change column words ("Modified", "Moved, edited", "New"…), "" when unchanged."""
        if self.pair is None:
            return ""
        words = CHANGE_WORDS.get(self.pair.kind, self.pair.kind)
        # A moved or renumbered clause whose words changed too must not read as a mere move.
        if self.pair.kind in ("moved", "renumbered") and any(op != "=" for op, _ in self.pair.diff):
            words += ", edited"
        return words


class _Node:
    __slots__ = ("uid", "entry", "title", "parent", "all_children", "children", "row", "kept")

    def __init__(self, uid: int, entry: ClauseEntry | None, title: str = "") -> None:
        self.uid = uid
        self.entry = entry
        self.title = title  # for a group row such as "Dropped since round 2"
        self.parent: _Node | None = None
        self.all_children: list[_Node] = []
        self.children: list[_Node] = []  # those shown under the current filter
        self.row = 0
        self.kept = True  # shown under the current filter (a hidden node's children are hidden too)

    @property
    def changed(self) -> bool:
        return self.entry is not None and bool(self.entry.change)


class ClauseTreeModel(QAbstractItemModel):
    """A round's clauses as a tree (by Clause.parent), marked with how each changed since the round before."""

    COLUMNS = ("No.", "Clause", "Change")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._nodes: list[_Node] = []
        self._root = _Node(-1, None)
        self._changed_only = False

    # --- feeding the model -------------------------------------------------------------------
    def set_round(
        self,
        clauses: tuple[Clause, ...],
        pairs: tuple[Pair, ...] = (),
        previous_clauses: tuple[Clause, ...] = (),
        previous_round: int | None = None,
        *,
        changed_only: bool | None = None,
    ) -> None:
        """Show the clauses of one round, with its pairs against `previous_clauses` (empty for round 1).

        `changed_only` sets the filter in the same reset (None keeps it as it is).
        """
        self.beginResetModel()
        if changed_only is not None:
            self._changed_only = changed_only
        self._build(clauses, pairs, previous_clauses, previous_round)
        self._apply_filter()
        self.endResetModel()

    def set_changed_only(self, on: bool) -> None:
        """Show only clauses that changed since the previous round (and their ancestors), or all."""
        if on == self._changed_only:
            return
        self.beginResetModel()
        self._changed_only = on
        self._apply_filter()
        self.endResetModel()

    @property
    def changed_only(self) -> bool:
        """Return whether the tree shows only changed clauses."""
        return self._changed_only

    def _build(self, clauses, pairs, previous_clauses, previous_round) -> None:
        by_id_a = {c.id: c for c in previous_clauses}
        pair_of_b = {cid: pair for pair in pairs for cid in pair.b}
        self._nodes = []
        self._root = _Node(-1, None)
        by_id: dict[str, _Node] = {}
        by_id_b = {c.id: c for c in clauses}
        for clause in clauses:
            pair = pair_of_b.get(clause.id)
            previous = tuple(by_id_a[cid] for cid in pair.a if cid in by_id_a) if pair else ()
            within = citation(by_id_b.get(clause.parent)) if clause.parent else ""
            node = self._new_node(ClauseEntry(clause, pair, previous=previous, within=within))
            by_id[clause.id] = node
            parent = by_id.get(clause.parent) if clause.parent else None
            self._adopt(parent or self._root, node)
        dropped = [
            ClauseEntry(
                by_id_a[cid],
                pair,
                dropped=True,
                previous=(by_id_a[cid],),
                within=citation(by_id_a.get(by_id_a[cid].parent)) if by_id_a[cid].parent else "",
            )
            for pair in pairs
            if pair.kind == "deleted"
            for cid in pair.a
            if cid in by_id_a
        ]
        if dropped:
            title = f"Dropped since round {previous_round}" if previous_round else "Dropped since the previous round"
            group = self._new_node(None, title)
            self._adopt(self._root, group)
            for entry in dropped:
                self._adopt(group, self._new_node(entry))

    def _new_node(self, entry: ClauseEntry | None, title: str = "") -> _Node:
        node = _Node(len(self._nodes), entry, title)
        self._nodes.append(node)
        return node

    @staticmethod
    def _adopt(parent: _Node, child: _Node) -> None:
        child.parent = parent
        parent.all_children.append(child)

    def _apply_filter(self) -> None:
        def keep(node: _Node) -> bool:
            node.children = [child for child in node.all_children if keep(child)]
            for row, child in enumerate(node.children):
                child.row = row
            node.kept = not self._changed_only or node.changed or bool(node.children)
            return node.kept

        keep(self._root)

    # --- reading it back ---------------------------------------------------------------------
    def entry(self, index: Index) -> ClauseEntry | None:
        """Return the clause entry at `index` (None for a group row or an invalid index)."""
        node = self._node(index)
        return node.entry if node is not None else None

    def is_group(self, index: Index) -> bool:
        """Return True for a heading row such as "Dropped since round 2"."""
        node = self._node(index)
        return node is not None and node.entry is None

    def find(self, clause_id: str, *, dropped: bool = False) -> QModelIndex:
        """Return the index of the shown clause with `clause_id` (of the previous round when `dropped`)."""
        for node in self._nodes:
            entry = node.entry
            if entry and entry.clause.id == clause_id and entry.dropped == dropped and node.kept:
                return self.createIndex(node.row, 0, node.uid)
        return QModelIndex()

    def first_changed(self) -> QModelIndex:
        """Return the index of the first changed clause shown, in tree order, or an invalid index."""
        def walk(node: _Node) -> _Node | None:
            for child in node.children:
                if child.changed:
                    return child
                found = walk(child)
                if found:
                    return found
            return None

        node = walk(self._root)
        return self.createIndex(node.row, 0, node.uid) if node else QModelIndex()

    def first_with_text(self) -> QModelIndex:
        """Return the index of the first shown clause that has text of its own, or an invalid index."""
        for node in self._nodes:
            if node.kept and node.entry is not None and node.entry.clause.text.strip():
                return self.createIndex(node.row, 0, node.uid)
        return QModelIndex()

    def _node(self, index: Index) -> _Node | None:
        if not index.isValid() or not 0 <= index.internalId() < len(self._nodes):
            return None
        return self._nodes[index.internalId()]

    # --- QAbstractItemModel ------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        node = self._node(parent) if parent.isValid() else self._root
        if node is None or not 0 <= row < len(node.children) or not 0 <= column < len(self.COLUMNS):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row].uid)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node = self._node(index)
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent.uid)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self._node(parent) if parent.isValid() else self._root
        return len(node.children) if node is not None else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.COLUMNS):
                return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None:
            return None
        column = index.column()
        if node.entry is None:  # a group heading
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return node.title
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole:
                return GREY
            return None
        entry = node.entry
        clause = entry.clause
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return clause.number or clause.label
            if column == 1:
                return clause.heading or _first_words(clause.text)
            return entry.change
        if role == Qt.ItemDataRole.ToolTipRole:
            return _first_words(clause.text, 400) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if entry.dropped:
                return GREY
            if column == 2:
                if entry.pair is not None and entry.pair.kind == "inserted":
                    return NEW
                return SUBSTANTIVE if entry.pair is not None and entry.pair.substantive else COSMETIC
            if self._changed_only and not node.changed:
                return GREY  # an unchanged ancestor kept only so the tree reads
            return None
        if role == Qt.ItemDataRole.FontRole:
            if entry.dropped and column < 2:
                font = QFont()
                font.setStrikeOut(True)
                return font
            if column == 2 and entry.pair is not None and entry.pair.substantive and entry.change:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == ROW_ROLE:
            return entry
        return None


def citation(clause: Clause | None) -> str:
    """Return how a reader would name `clause`: "8 Limitation of Liability", or its first words."""
    if clause is None:
        return ""
    named = " ".join(part for part in (clause.number or clause.label, clause.heading) if part)
    return named or _first_words(clause.text, 60)


def _first_words(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
