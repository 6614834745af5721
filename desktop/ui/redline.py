"""The redline pane: one clause's word-level changes since the previous round.

The document is built with QTextCursor.insertText and character formats, never from HTML, so
whatever a clause says ("<b>", "&amp;") is shown exactly as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.core.model import Comment, TrackedChange
from desktop.display.compare_rows import cite_of, first_words
from desktop.display.document_redline import DELETED_GROUND, DELETED_INK, INSERTED_GROUND, INSERTED_INK
from desktop.display.words import long_date
from desktop.qt import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextBrowser,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QWidget,
)
from desktop.ui.look import UI_FONTS
from desktop.ui.models import ClauseEntry

DELETED_COLOUR = QColor(DELETED_INK)
INSERTED_COLOUR = QColor(INSERTED_INK)
KIND_WORDS = {
    "unchanged": "Unchanged",
    "modified": "Modified",
    "moved": "Moved",
    "renumbered": "Renumbered",
    "inserted": "New in this round",
    "deleted": "Dropped in this round",
    "split": "Split",
    "merged": "Merged",
}
EVIDENCE_COLOUR = QColor("#ffe98a")  # the yellow ground of a position's evidence
SERIF = ["Cambria", "Georgia", "Liberation Serif", "DejaVu Serif", "Times New Roman", "serif"]


def deleted_format() -> QTextCharFormat:
    """Return the format of deleted words: red and struck through."""
    fmt = QTextCharFormat()
    fmt.setForeground(DELETED_COLOUR)
    fmt.setFontStrikeOut(True)
    fmt.setBackground(QColor(DELETED_GROUND))
    return fmt


def inserted_format() -> QTextCharFormat:
    """Return the format of inserted words: blue and underlined."""
    fmt = QTextCharFormat()
    fmt.setForeground(INSERTED_COLOUR)
    fmt.setFontUnderline(True)
    fmt.setBackground(QColor(INSERTED_GROUND))
    return fmt


def evidence_format(fmt: QTextCharFormat) -> QTextCharFormat:
    """Return `fmt` on the yellow ground that marks a position's evidence."""
    marked = QTextCharFormat(fmt)
    marked.setBackground(EVIDENCE_COLOUR)
    return marked


def _insert_marked(
    cursor: QTextCursor, text: str, fmt: QTextCharFormat, start: int, spans: Sequence[tuple[int, int]]
) -> None:
    """Insert `text`, which begins at offset `start` of the clause text, with the parts inside `spans` marked."""
    end = start + len(text)
    cuts = {0, len(text)}
    for a, b in spans:
        if a < end and b > start:
            cuts.update((max(a, start) - start, min(b, end) - start))
    points = sorted(cuts)
    for a, b in zip(points, points[1:]):
        middle = start + (a + b) / 2
        inside = any(x <= middle < y for x, y in spans)
        cursor.insertText(text[a:b], evidence_format(fmt) if inside else fmt)


def badge(background: str, foreground: str, weight: QFont.Weight = QFont.Weight.DemiBold) -> QTextCharFormat:
    """Return the format of a small label on a coloured ground ("Substantive", "Split")."""
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(background))
    fmt.setForeground(QColor(foreground))
    fmt.setFontWeight(weight)
    fmt.setFontFamilies(UI_FONTS)
    fmt.setFontPointSize(10)
    return fmt


def clause_title(entry: ClauseEntry) -> str:
    """Return "8.1 General Cap" for a clause; else where it sits, or its first words, before a placeholder."""
    clause = entry.clause
    title = " ".join(part for part in (cite_of(clause), clause.heading) if part)
    if title:
        return title
    if entry.within:
        return f"Paragraph in {entry.within}"
    return first_words(clause.text) or "Paragraph without a number"


class RedlineView(QTextBrowser):
    """Shows a clause's text with deletions struck in red and insertions underlined in blue."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        font = QFont()
        font.setFamilies(SERIF)
        font.setPointSize(12)
        self.document().setDefaultFont(font)
        self.document().setDocumentMargin(18)
        self.show_message("Select a clause to see what changed in it.")

    def show_message(self, text: str) -> None:
        """Replace the pane with a short grey message (an empty state)."""
        document = self._fresh()
        cursor = QTextCursor(document)
        fmt = QTextCharFormat()
        fmt.setForeground(QColor("#6b7280"))
        fmt.setFontItalic(True)
        cursor.insertText(text, fmt)

    def show_entry(
        self,
        entry: ClauseEntry,
        *,
        tracked_changes: Sequence[TrackedChange] = (),
        comments: Sequence[Comment] = (),
        source: str = "",
        highlights: Sequence[tuple[int, int]] = (),
    ) -> None:
        """Show one clause: a header (number, heading, kind, substantive or cosmetic) then its redline.

        `source` says whose draft this is ("Their draft of 2 Feb 2024"), shown under the badges.
        `highlights` are (start, end) offsets into the clause's text shown on a yellow ground
        (a position's evidence).
        """
        self.show_entries([(entry, highlights)], tracked_changes=tracked_changes, comments=comments, source=source)

    def show_entries(
        self,
        entries: Sequence[tuple[ClauseEntry, Sequence[tuple[int, int]]]],
        *,
        tracked_changes: Sequence[TrackedChange] = (),
        comments: Sequence[Comment] = (),
        source: str = "",
    ) -> None:
        """Show several clauses one under the other, each with its redline and its highlighted spans."""
        document = self._fresh()
        cursor = QTextCursor(document)
        for number, (entry, highlights) in enumerate(entries):
            if number:
                gap = QTextBlockFormat()
                gap.setTopMargin(22)
                cursor.insertBlock(gap, QTextCharFormat())
            self._write(cursor, entry, highlights, source if number == 0 else "")
        if tracked_changes or comments:
            self._marks(cursor, tracked_changes, comments)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _write(self, cursor: QTextCursor, entry: ClauseEntry, highlights: Sequence[tuple[int, int]], source: str) -> None:
        self._header(cursor, entry)
        if source:
            line = QTextBlockFormat()
            line.setTopMargin(4)
            cursor.insertBlock(line, QTextCharFormat())
            cursor.insertText(source, badge("#ffffff", "#6b7280", weight=QFont.Weight.Normal))
        body = QTextBlockFormat()
        body.setTopMargin(10)
        body.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor.insertBlock(body, QTextCharFormat())
        pair = entry.pair
        plain = QTextCharFormat()
        spans = sorted((max(0, a), b) for a, b in highlights if b > a)
        if not entry.clause.text.strip() and (pair is None or not pair.diff):
            note = QTextCharFormat()
            note.setForeground(QColor("#6b7280"))
            note.setFontItalic(True)
            cursor.insertText("This heading has no text of its own.", note)
        elif pair is None or pair.kind == "unchanged" or not pair.diff:
            fmt = plain
            if pair is not None and pair.kind == "deleted":
                fmt = deleted_format()
            elif pair is not None and pair.kind == "inserted":
                fmt = inserted_format()
            _insert_marked(cursor, entry.clause.text, fmt, 0, () if entry.dropped else spans)
        else:
            formats = {"=": plain, "-": deleted_format(), "+": inserted_format()}
            offset = 0  # where the next "=" or "+" piece starts in this round's text
            for op, text in pair.diff:
                if op == "-":
                    cursor.insertText(text, formats["-"])
                    continue
                _insert_marked(cursor, text, formats.get(op, plain), offset, spans)
                offset += len(text)

    def _fresh(self) -> QTextDocument:
        document = self.document()
        document.clear()
        return document

    def _header(self, cursor: QTextCursor, entry: ClauseEntry) -> None:
        title = QTextCharFormat()
        title.setFontWeight(QFont.Weight.Bold)
        title.setFontPointSize(15)
        if entry.dropped:
            title.setForeground(QColor("#6b7280"))
        cursor.insertText(clause_title(entry), title)
        badges = QTextBlockFormat()
        badges.setTopMargin(6)
        cursor.insertBlock(badges, QTextCharFormat())
        pair = entry.pair
        if pair is None:
            cursor.insertText(" Round 1 — no earlier round to compare with ", badge("#eef0f3", "#4b5563"))
            return
        kind = KIND_WORDS.get(pair.kind, pair.kind.capitalize())
        cursor.insertText(f" {kind} ", badge("#eef0f3", "#1f2937"))
        if pair.kind != "unchanged":
            cursor.insertText("  ", QTextCharFormat())
            if pair.substantive:
                cursor.insertText(" Substantive ", badge("#fdecea", "#a3231b"))
            else:
                cursor.insertText(" Cosmetic ", badge("#eef0f3", "#6b7280"))
        was = self._was(entry)
        if was:
            note = QTextCharFormat()
            note.setForeground(QColor("#4b5563"))
            note.setFontItalic(True)
            cursor.insertText(f"   {was}", note)

    @staticmethod
    def _was(entry: ClauseEntry) -> str:
        """Return "was 9.1" when the clause had another number in the previous round."""
        if entry.dropped or not entry.previous:
            return ""
        numbers = [c.number or c.label for c in entry.previous if c.number or c.label]
        current = entry.clause.number or entry.clause.label
        if not numbers or numbers == [current]:
            return ""
        if entry.pair is not None and entry.pair.kind == "merged":
            return "merged from " + ", ".join(numbers)
        if entry.pair is not None and entry.pair.kind == "split":
            return "split from " + ", ".join(numbers)
        return "was " + ", ".join(numbers)

    @staticmethod
    def _marks(cursor: QTextCursor, tracked: Sequence[TrackedChange], comments: Sequence[Comment]) -> None:
        heading = QTextBlockFormat()
        heading.setTopMargin(18)
        label = badge("#ffffff", "#4b5563")
        small = badge("#ffffff", "#374151", weight=QFont.Weight.Normal)
        item = QTextBlockFormat()
        item.setTopMargin(2)
        item.setLeftMargin(12)
        if tracked:
            cursor.insertBlock(heading, QTextCharFormat())
            cursor.insertText("Word tracked changes in this clause, as the draft arrived", label)
            verbs = {"insert": "Inserted", "delete": "Deleted", "move_from": "Moved away", "move_to": "Moved here"}
            for change in tracked:
                cursor.insertBlock(item, QTextCharFormat())
                when = f" on {long_date(change.date[:10])}" if change.date else ""
                cursor.insertText(f"{verbs.get(change.kind, change.kind)} by {change.author or 'unknown'}{when}: ", small)
                mark = deleted_format() if change.kind in ("delete", "move_from") else inserted_format()
                mark.setFontPointSize(10)
                mark.setFontFamilies(UI_FONTS)
                cursor.insertText(change.text, mark)
        if comments:
            cursor.insertBlock(heading, QTextCharFormat())
            cursor.insertText("Comments", label)
            for comment in comments:
                cursor.insertBlock(item, QTextCharFormat())
                cursor.insertText(f"{comment.author or 'Unknown'}: ", small)
                cursor.insertText(comment.text, small)
