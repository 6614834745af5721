"""A round's clause tree as a Qt model: clauses by parent, marked with how each changed since the round before.

Split out of models.py; the model adds a cosmetic switch: with cosmetic changes hidden, a
clause whose only change is cosmetic (renumbering, punctuation, case…) reads as unchanged, so
the "Changed since round N" filter keeps only substantive changes.
"""

from __future__ import annotations

from typing import Any

from desktop.core.model import Clause, Pair
from desktop.qt import QAbstractItemModel, QFont, QModelIndex, Qt, QTreeView
from desktop.ui.column_widths import fit_column
from desktop.ui.models import (
    COSMETIC,
    GREY,
    NEW,
    ROW_ROLE,
    SUBSTANTIVE,
    ClauseEntry,
    Index,
    citation,
    first_words,
)


def shows_change(entry: ClauseEntry, show_cosmetic: bool) -> bool:
    """Return True when `entry` counts as changed: any change, or only substantive ones when cosmetic are hidden."""
    if not entry.change:
        return False
    return show_cosmetic or (entry.pair is not None and entry.pair.substantive)


def _number_text(entry: ClauseEntry) -> str:
    """Return what the No. column shows for a clause."""
    return entry.clause.number or entry.clause.label


def _change_text(node: _Node) -> str:
    """Return what the Change column shows: the change, or nothing when it counts as unchanged."""
    entry = node.entry
    return entry.change if entry is not None and (node.changed or entry.dropped) else ""


def _change_bold(entry: ClauseEntry) -> bool:
    """Return whether the Change column shows the change in bold (a substantive one)."""
    return entry.pair is not None and entry.pair.substantive and bool(entry.change)


def fit_columns(tree: QTreeView, model: ClauseTreeModel) -> None:
    """Size the number and change columns to the widest text shown; the clause column takes the rest."""
    step = tree.indentation()
    first = step if tree.rootIsDecorated() else 0
    for column in (0, 2):
        fit_column(tree, column, [(first + depth * step if column == 0 else 0, text, bold)
                                  for depth, text, bold in model.shown_texts(column)])


class _Node:
    __slots__ = ("uid", "entry", "title", "parent", "all_children", "children", "row", "kept", "changed")

    def __init__(self, uid: int, entry: ClauseEntry | None, title: str = "") -> None:
        self.uid = uid
        self.entry = entry
        self.title = title  # for a group row such as "Dropped since round 2"
        self.parent: _Node | None = None
        self.all_children: list[_Node] = []
        self.children: list[_Node] = []  # those shown under the current filter
        self.row = 0
        self.kept = True  # shown under the current filter (a hidden node's children are hidden too)
        self.changed = False  # counts as a change under the cosmetic switch (set by _apply_filter)


class ClauseTreeModel(QAbstractItemModel):
    """A round's clauses as a tree (by Clause.parent), marked with how each changed since the round before."""

    COLUMNS = ("No.", "Clause", "Change")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._nodes: list[_Node] = []
        self._root = _Node(-1, None)
        self._changed_only = False
        self._show_cosmetic = True
        self._prepared: tuple | None = None  # (inputs, nodes, root) built ahead by prepare()

    # --- feeding the model -------------------------------------------------------------------
    def set_round(
        self,
        clauses: tuple[Clause, ...],
        pairs: tuple[Pair, ...] = (),
        previous_clauses: tuple[Clause, ...] = (),
        previous_round: int | None = None,
        *,
        changed_only: bool | None = None,
        show_cosmetic: bool | None = None,
    ) -> None:
        """Show the clauses of one round, with its pairs against `previous_clauses` (empty for round 1).

        `changed_only` and `show_cosmetic` set the filters in the same reset (None keeps them).
        """
        self.beginResetModel()
        if changed_only is not None:
            self._changed_only = changed_only
        if show_cosmetic is not None:
            self._show_cosmetic = show_cosmetic
        prepared, self._prepared = self._prepared, None
        inputs = (clauses, pairs, previous_clauses, previous_round)
        if prepared is not None and all(a is b for a, b in zip(prepared[0][:3], inputs[:3])) \
                and prepared[0][3] == previous_round:
            self._nodes, self._root = prepared[1], prepared[2]
        else:
            self._build(clauses, pairs, previous_clauses, previous_round)
        self._apply_filter()
        self.endResetModel()

    def prepare(self, clauses: tuple[Clause, ...], pairs: tuple[Pair, ...] = (),
                previous_clauses: tuple[Clause, ...] = (), previous_round: int | None = None) -> None:
        """Build the rows of a round about to be shown, in a turn before set_round's (which takes them).

        set_round uses them only when handed the very same tuples (the Store's cached ones);
        otherwise it builds its own, so a stale preparation changes nothing.
        """
        nodes, root = self._nodes, self._root
        self._build(clauses, pairs, previous_clauses, previous_round)
        self._prepared = ((clauses, pairs, previous_clauses, previous_round), self._nodes, self._root)
        self._nodes, self._root = nodes, root

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

    def set_show_cosmetic(self, on: bool) -> None:
        """Count cosmetic-only changes as changes (True) or read them as unchanged (False)."""
        if on == self._show_cosmetic:
            return
        self.beginResetModel()
        self._show_cosmetic = on
        self._apply_filter()
        self.endResetModel()

    @property
    def show_cosmetic(self) -> bool:
        """Return whether cosmetic-only changes are shown as changes."""
        return self._show_cosmetic

    def _build(self, clauses, pairs, previous_clauses, previous_round) -> None:
        by_id_a = {c.id: c for c in previous_clauses}
        pair_of_b = {cid: pair for pair in pairs for cid in pair.b}
        self._nodes = []
        self._root = _Node(-1, None)
        by_id: dict[str, _Node] = {}
        by_id_b = {c.id: c for c in clauses}
        # A parent's citation once for all its children: it may read the parent's whole text.
        cited: dict[tuple[bool, str], str] = {}

        def within_of(parent_id: str, dropped: bool) -> str:
            key = (dropped, parent_id)
            if key not in cited:
                cited[key] = citation((by_id_a if dropped else by_id_b).get(parent_id))
            return cited[key]

        for clause in clauses:
            pair = pair_of_b.get(clause.id)
            previous = tuple(by_id_a[cid] for cid in pair.a if cid in by_id_a) if pair else ()
            within = within_of(clause.parent, False) if clause.parent else ""
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
                within=within_of(by_id_a[cid].parent, True) if by_id_a[cid].parent else "",
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
            node.changed = node.entry is not None and shows_change(node.entry, self._show_cosmetic)
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

    def shown_texts(self, column: int) -> list[tuple[int, str, bool]]:
        """Return (depth, text, bold) of each clause row shown in `column`, for sizing the column.

        Group headings are left out: they span every column.
        """
        out: list[tuple[int, str, bool]] = []

        def walk(node: _Node, depth: int) -> None:
            for child in node.children:
                entry = child.entry
                if entry is not None:
                    if column == 0:
                        out.append((depth, _number_text(entry), False))
                    elif text := _change_text(child):
                        out.append((depth, text, _change_bold(entry)))
                walk(child, depth + 1)

        walk(self._root, 0)
        return out

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
                return _number_text(entry)
            if column == 1:
                return clause.heading or first_words(clause.text)
            return _change_text(node)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 2 and entry.change and not node.changed:
                return f"{entry.change}: a cosmetic change, hidden (View ▸ Show cosmetic changes)"
            return first_words(clause.text, 400) or None
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
            if column == 2 and _change_bold(entry):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == ROW_ROLE:
            return entry
        return None
