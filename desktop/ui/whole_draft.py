"""The whole-draft redline: a round read from top to bottom, as Word shows a compared document.

`WholeDraftView` draws a DocumentRedline (desktop/display/document_redline.py): every clause
in document order under its number and heading, deletions struck in red and insertions
underlined in blue with the clause redline's own formats (redline.py). The document is built
with QTextCursor, never from HTML, so a clause's "<b>" reads as written.

It remembers where each clause and each change sits in the document, so Next change
(F8) walks the changes of the whole draft, and the clause under the cursor (a click, the
arrow keys or Next change) is announced on `clause_chosen` for the clause tree to follow.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from desktop.display.document_redline import GAP, INSERTED_GROUND, INSERTED_INK, DocumentRedline, RedlineClause
from desktop.qt import (
    QColor,
    QFont,
    Qt,
    QTextBlockFormat,
    QTextBrowser,
    QTextCharFormat,
    QTextCursor,
    QTextEdit,
    QTimer,
    QWidget,
    Signal,
)
from desktop.ui.redline import SERIF, badge, deleted_format, inserted_format

CURRENT_CHANGE = QColor("#fde68a")  # the ground of the change Next change went to
INDENT = 22  # pixels per level below the top
NOTE_COLOURS = {  # (ground, ink) of the note after a clause's heading
    "New": (INSERTED_GROUND, INSERTED_INK),
    "Dropped": ("#fdecea", "#a3231b"),
}
MOVE_COLOURS = ("#eef0f3", "#1f2937")


@dataclass(frozen=True)
class Stop:
    """One change in the document: where it starts and ends, and the clause it belongs to."""

    start: int
    end: int
    clause: int  # index into DocumentRedline.clauses


def _formats() -> dict[str, QTextCharFormat]:
    return {"=": QTextCharFormat(), "-": deleted_format(), "+": inserted_format(), GAP: QTextCharFormat()}


class WholeDraftView(QTextBrowser):
    """A whole round as one continuous redline against an earlier round."""

    clause_chosen = Signal(object)  # the RedlineClause the cursor moved into (click, keys, Next change)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        # The arrow keys move a cursor through the draft, and the tree follows it.
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        font = QFont()
        font.setFamilies(SERIF)
        font.setPointSize(12)
        self.document().setDefaultFont(font)
        self.document().setDocumentMargin(22)
        self.redline: DocumentRedline | None = None
        self._starts: list[int] = []  # document position where each clause begins
        self._stops: list[Stop] = []
        self._current = -1  # index into _stops of the change shown, -1 when none
        self._announced = -1  # the clause last announced on clause_chosen
        self._quiet = False  # set while the view moves its own cursor to follow the tree
        self._wanted: str | None = None  # a clause to bring into view once the view is shown
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        self.show_message("Select a round to read it whole.")

    # --- filling ------------------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        """Replace the view with a short grey message (an empty state)."""
        self._reset(None)
        fmt = QTextCharFormat()
        fmt.setForeground(QColor("#6b7280"))
        fmt.setFontItalic(True)
        QTextCursor(self.document()).insertText(text, fmt)

    def show_redline(self, redline: DocumentRedline) -> None:
        """Show `redline` from its first clause (follow() brings another into view)."""
        self._reset(redline)
        self._quiet = True  # the view's own cursor is carried along by the insertions: no clause is chosen
        try:
            cursor = QTextCursor(self.document())
            cursor.beginEditBlock()
            formats = _formats()
            for index, clause in enumerate(redline.clauses):
                self._write(cursor, index, clause, formats)
            cursor.endEditBlock()
            self.moveCursor(QTextCursor.MoveOperation.Start)
        finally:
            self._quiet = False

    def _reset(self, redline: DocumentRedline | None) -> None:
        self._quiet = True
        try:
            self.document().clear()
        finally:
            self._quiet = False
        self.redline = redline
        self._starts, self._stops = [], []
        self._current = self._announced = -1
        self.setExtraSelections([])

    def _write(self, cursor: QTextCursor, index: int, clause: RedlineClause, formats: dict[str, QTextCharFormat]) -> None:
        title_kind = clause.clause.kind == "title"
        block = QTextBlockFormat()
        block.setLeftMargin(0 if title_kind else INDENT * (clause.level - 1))
        block.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block.setTopMargin(0 if index == 0 else 18 if clause.level == 1 and clause.heading_line else 9)
        if title_kind:
            block.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        if index:
            cursor.insertBlock(block, QTextCharFormat())
        else:
            cursor.setBlockFormat(block)
        start = cursor.position()
        self._starts.append(start)
        strong = QTextCharFormat()
        strong.setFontWeight(QFont.Weight.Bold)
        if title_kind:
            strong.setFontPointSize(16)
        elif clause.level == 1 and clause.heading_line:
            strong.setFontPointSize(13.5)
        runs: list[tuple[int, int]] = []
        number_op, number = clause.number
        if number:
            runs += self._pieces(cursor, ((number_op, number),), formats, strong)
            cursor.insertText("  ", QTextCharFormat())
        if clause.heading_line:
            runs += self._pieces(cursor, clause.heading, formats, strong)
            self._note(cursor, clause)
            if clause.text:
                body = QTextBlockFormat(block)
                body.setTopMargin(3)
                body.setAlignment(Qt.AlignmentFlag.AlignLeft)
                cursor.insertBlock(body, QTextCharFormat())
        elif clause.note:
            self._note(cursor, clause)
            cursor.insertText("  ", QTextCharFormat())
        runs += self._pieces(cursor, clause.text, formats, None)
        if not clause.changed:
            return
        if clause.kind in ("inserted", "deleted") or not runs:
            # A new or dropped clause is one change; so is a move or a renumbering with no edit.
            self._stops.append(Stop(start, cursor.position(), index))
        else:
            self._stops.extend(Stop(a, b, index) for a, b in runs)

    @staticmethod
    def _merged(fmt: QTextCharFormat, extra: QTextCharFormat | None) -> QTextCharFormat:
        merged = QTextCharFormat(fmt)
        if extra is not None:
            merged.merge(extra)
        return merged

    def _pieces(self, cursor: QTextCursor, pieces, formats: dict[str, QTextCharFormat],
                extra: QTextCharFormat | None) -> list[tuple[int, int]]:
        """Insert `pieces`, returning the (start, end) of each run of changed words."""
        runs: list[tuple[int, int]] = []
        run_start = -1
        for op, text in pieces:
            if op == "=" and run_start >= 0:
                runs.append((run_start, cursor.position()))
                run_start = -1
            elif op in "-+" and run_start < 0:
                run_start = cursor.position()
            cursor.insertText(text, self._merged(formats.get(op, formats["="]), extra))
        if run_start >= 0:
            runs.append((run_start, cursor.position()))
        return runs

    @staticmethod
    def _note(cursor: QTextCursor, clause: RedlineClause) -> None:
        if not clause.note:
            return
        ground, ink = NOTE_COLOURS.get(clause.note, MOVE_COLOURS)
        cursor.insertText("   ", QTextCharFormat())
        cursor.insertText(f" {clause.note} ", badge(ground, ink))

    # --- where things are ---------------------------------------------------------------------
    def clause_at(self, position: int) -> int:
        """Return the index of the clause at document `position`, -1 when there is none."""
        if not self._starts:
            return -1
        return max(0, bisect.bisect_right(self._starts, position) - 1)

    def current_clause(self) -> RedlineClause | None:
        """Return the clause under the cursor, or None."""
        index = self.clause_at(self.textCursor().position())
        return self.redline.clauses[index] if self.redline is not None and index >= 0 else None

    def stops(self) -> list[Stop]:
        """Return the changes Next change walks, in document order."""
        return list(self._stops)

    # --- following the tree -------------------------------------------------------------------
    def follow(self, key: str | None) -> bool:
        """Bring the clause `key` ("b:c12") to the top and put the cursor at its start; False when it is not shown."""
        if self.redline is None or key is None:
            return False
        index = self.redline.index_of(key)
        if index < 0:
            return False
        self._wanted = key
        if not self.isVisible():
            return True  # scrolled to when shown (showEvent): a hidden view has no width yet
        if self.clause_at(self.textCursor().position()) != index:
            self._place(self._starts[index], None)
        self._scroll_to(self._starts[index], top=True)
        return True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._wanted is not None:
            key = self._wanted
            QTimer.singleShot(0, lambda: self.follow(key) if self.isVisible() else None)

    # --- Next / Previous change ---------------------------------------------------------------
    def step(self, forward: bool) -> RedlineClause | None:
        """Go to the next (or previous) change after (or before) the cursor; None at the end."""
        if not self._stops or self.redline is None:
            return None
        cursor = self.textCursor()
        here = cursor.position()
        if self._current >= 0 and self._stops[self._current].start <= here <= self._stops[self._current].end:
            number = self._current + (1 if forward else -1)
        elif forward:
            number = bisect.bisect_left([s.start for s in self._stops], here)
        else:
            number = bisect.bisect_left([s.start for s in self._stops], here) - 1
        if not 0 <= number < len(self._stops):
            return None
        self.show_stop(number)
        return self.redline.clauses[self._stops[number].clause]

    def show_stop(self, number: int) -> None:
        """Make change `number` the current one: shaded, in view, and its clause announced."""
        stop = self._stops[number]
        self._current = number
        shade = QTextEdit.ExtraSelection()
        shade.cursor = QTextCursor(self.document())
        shade.cursor.setPosition(stop.start)
        shade.cursor.setPosition(stop.end, QTextCursor.MoveMode.KeepAnchor)
        shade.format.setBackground(CURRENT_CHANGE)
        self.setExtraSelections([shade])
        self._place(stop.start, stop)
        self._scroll_to(stop.start, top=False, clause_start=self._starts[stop.clause])

    def _place(self, position: int, stop: Stop | None) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        self._quiet = stop is None  # following the tree: nothing to announce
        try:
            self.setTextCursor(cursor)
        finally:
            self._quiet = False
        if stop is None:
            self._current = -1
            self.setExtraSelections([])

    def _scroll_to(self, position: int, *, top: bool, clause_start: int = -1) -> None:
        """Bring `position` to the top, or (a change) into view, with its clause's heading when both fit."""
        self.document().documentLayout().documentSize()  # lays the whole document out first
        rect = self._rect(position)
        bar = self.verticalScrollBar()
        if top:
            bar.setValue(bar.value() + rect.top() - 12)
            return
        if self.viewport().rect().adjusted(0, 40, 0, -40).contains(rect):
            return
        heading = self._rect(clause_start) if clause_start >= 0 else rect
        if rect.bottom() - heading.top() < self.viewport().height() * 2 // 3:
            bar.setValue(bar.value() + heading.top() - 12)  # the change under its clause's number
        else:
            bar.setValue(bar.value() + rect.top() - self.viewport().height() // 3)

    def _rect(self, position: int):
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        return self.cursorRect(cursor)

    def _on_cursor_moved(self) -> None:
        if self._quiet or self.redline is None:
            return
        position = self.textCursor().position()
        if self._current >= 0 and not self._stops[self._current].start <= position <= self._stops[self._current].end:
            self._current = -1
            self.setExtraSelections([])
        index = self.clause_at(position)
        if index >= 0 and index != self._announced:
            self._announced = index
            self._wanted = self.redline.clauses[index].key
            self.clause_chosen.emit(self.redline.clauses[index])
