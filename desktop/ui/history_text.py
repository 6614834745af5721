"""The text of a clause's history: every round's version with its redline against the version before.

Drawn like the redline pane (RedlineView: built with QTextCursor, never HTML, same colours):
one section per round headed "Round 3 · Them · 2 Feb 2024"
with badges for what happened to the clause in that round ("Split", "Renumbered",
"Linked by you", "Substantive"), then its words. A comparison shows one redline between any
two rounds the user picked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.diff import is_substantive, word_diff
from desktop.display.words import long_date
from desktop.qt import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor
from desktop.ui.look import UI_FONTS
from desktop.ui.redline import RedlineView, badge, deleted_format, inserted_format

if TYPE_CHECKING:
    from desktop.core.model import Clause
    from desktop.store.threads import Thread, ThreadEntry

# What a marker reads as in a round's badge, and its colours (ground, words).
MARKER_WORDS = {
    "new": ("New", "#e3f3e6", "#1e7b34"),
    "dropped": ("Dropped", "#fdecea", "#a3231b"),
    "moved": ("Moved", "#fff2d6", "#7a5200"),
    "renumbered": ("Renumbered", "#eef0f3", "#374151"),
    "split": ("Split", "#f1e8fb", "#5b2b8c"),
    "merged": ("Merged", "#f1e8fb", "#5b2b8c"),
    "relinked": ("Linked by you", "#e4ecfa", "#1a4fbf"),
}
KIND_BADGES = {"modified": "Modified", "moved": "Moved", "renumbered": "Renumbered", "split": "Split", "merged": "Merged"}
GREY = "#6b7280"


def round_words(entry: ThreadEntry) -> str:
    """Return "Round 3 · Them · 2 Feb 2024" for a round of the thread."""
    who = "Us" if entry.sender == "us" else "Them"
    return f"Round {entry.round_no} · {who} · {long_date(entry.date)}"


def clause_name(clause: Clause) -> str:
    """Return "8.1 Liability Caps", or the clause's first words when it has neither number nor heading."""
    named = " ".join(part for part in (clause.number or clause.label, clause.heading) if part)
    if named:
        return named
    words = " ".join(clause.text.split())
    return words[:57].rstrip() + "…" if len(words) > 58 else words


def origin_names(entry: ThreadEntry) -> str:
    """Return "9.1" or "9.1, 9.2": the clauses a split or merged clause came from."""
    return ", ".join(clause_name(clause) for clause in entry.origin)


def anchor_of(draft_id: int) -> str:
    """Return the name of a round's section in the document (what a chip scrolls to)."""
    return f"round-{draft_id}"


def _ui(size: float = 10.5, *, bold: bool = False, colour: str = "#111827", italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontFamilies(UI_FONTS)
    fmt.setFontPointSize(size)
    fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    fmt.setForeground(QColor(colour))
    fmt.setFontItalic(italic)
    return fmt


class HistoryText(RedlineView):
    """Shows a thread round by round, or the redline between two of its rounds."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.show_message("Select a clause to see its history.")

    # --- every round -----------------------------------------------------------------------------
    def show_thread(self, thread: Thread, focus_draft: int | None = None) -> None:
        """Show every round of `thread`, the round `focus_draft` highlighted and scrolled to."""
        document = self._fresh()
        cursor = QTextCursor(document)
        first = True
        previous: ThreadEntry | None = None  # the last round before this one where the thread had a clause
        start = next((e for e in thread.entries if e.clause is not None), None)
        for entry in thread.entries:
            if entry.clause is None and entry.marker != "dropped":
                self._absent(cursor, entry, start if previous is None else None, first=first)
                first = False
                continue
            self._section_header(cursor, entry, previous, focus=entry.draft_id == focus_draft, first=first)
            first = False
            self._body(cursor, entry, previous)
            if entry.clause is not None:
                previous = entry
        self.moveCursor(QTextCursor.MoveOperation.Start)
        if focus_draft is not None and focus_draft != thread.entries[0].draft_id:
            self.scrollToAnchor(anchor_of(focus_draft))

    def _absent(self, cursor: QTextCursor, entry: ThreadEntry, start: ThreadEntry | None, *, first: bool) -> None:
        """Write a round where the thread has no clause; before a split or merge, say where its words were."""
        block = QTextBlockFormat()
        block.setTopMargin(12)
        self._start_block(cursor, block, first)
        name = _ui(10.5, colour=GREY)
        name.setAnchor(True)
        name.setAnchorNames([anchor_of(entry.draft_id)])
        cursor.insertText(round_words(entry), name)
        where = " — not in this draft"
        if start is not None and start.origin and start.round_no > entry.round_no:
            verb = "split from" if start.marker == "split" else "merged from"
            where = f" — not yet a clause of its own: {verb} {origin_names(start)} in round {start.round_no}"
        cursor.insertText(where, _ui(10.5, colour=GREY, italic=True))

    @staticmethod
    def _start_block(cursor: QTextCursor, block: QTextBlockFormat, first: bool) -> None:
        """Begin a block: the document's first one is reformatted rather than left empty above it."""
        if first:
            cursor.setBlockFormat(block)
        else:
            cursor.insertBlock(block, QTextCharFormat())

    def _section_header(
        self, cursor: QTextCursor, entry: ThreadEntry, previous: ThreadEntry | None, *, focus: bool, first: bool
    ) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(0 if first else 18)
        if focus:
            block.setBackground(QColor("#eef3fb"))
        self._start_block(cursor, block, first)
        title = _ui(12, bold=True)
        title.setAnchor(True)
        title.setAnchorNames([anchor_of(entry.draft_id)])
        cursor.insertText(round_words(entry), title)
        shown = entry.clause if entry.clause is not None else (previous.clause if previous else None)
        if shown is not None:
            cursor.insertText(f"    {clause_name(shown)}", _ui(11, colour="#374151"))
        badges = QTextBlockFormat()
        badges.setTopMargin(4)
        if focus:
            badges.setBackground(QColor("#eef3fb"))
        cursor.insertBlock(badges, QTextCharFormat())
        written = False
        if entry.marker in MARKER_WORDS:
            words, ground, colour = MARKER_WORDS[entry.marker]
            cursor.insertText(f" {words} ", badge(ground, colour))
            written = True
        kind_word = KIND_BADGES.get(entry.kind or "")
        if kind_word and kind_word.lower() != entry.marker:
            cursor.insertText("  " if written else "", QTextCharFormat())
            cursor.insertText(f" {kind_word} ", badge("#eef0f3", "#1f2937"))
            written = True
        if entry.kind not in (None, "unchanged") and entry.substantive is not None:
            cursor.insertText("  " if written else "", QTextCharFormat())
            if entry.substantive:
                cursor.insertText(" Substantive ", badge("#fdecea", "#a3231b"))
            else:
                cursor.insertText(" Cosmetic ", badge("#eef0f3", GREY))
            written = True
        note = self._note(entry, previous)
        if note:
            cursor.insertText(("   " if written else "") + note, _ui(10, colour="#4b5563", italic=True))

    @staticmethod
    def _note(entry: ThreadEntry, previous: ThreadEntry | None) -> str:
        """Return "was 9.1", "first version", "same words as round 2" or "" for a round's header."""
        if entry.origin and (previous is None or previous.clause is None):
            verb = "Split from" if entry.marker == "split" else "Merged from"
            return f"{verb} {origin_names(entry)} of round {entry.round_no - 1}"
        if previous is None or previous.clause is None:
            return "First version" if entry.clause is not None else ""
        if entry.clause is None:
            return f"Its last words, from round {previous.round_no}, are struck out"
        old = previous.clause.number or previous.clause.label
        new = entry.clause.number or entry.clause.label
        parts = []
        if old and new and old != new:
            parts.append(f"was {old}")
        if previous.clause.text == entry.clause.text:
            parts.append(f"same words as round {previous.round_no}")
        return " · ".join(parts)

    def _body(self, cursor: QTextCursor, entry: ThreadEntry, previous: ThreadEntry | None) -> None:
        body = QTextBlockFormat()
        body.setTopMargin(6)
        body.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor.insertBlock(body, QTextCharFormat())
        old = previous.clause.text if previous is not None and previous.clause is not None else None
        if entry.clause is None:
            cursor.insertText(old or "", deleted_format())
            return
        self._redline(cursor, old, entry.clause.text)

    @staticmethod
    def _redline(cursor: QTextCursor, old: str | None, new: str) -> None:
        plain = QTextCharFormat()
        if not new.strip() and not (old or "").strip():
            cursor.insertText("This heading has no text of its own.", _ui(10.5, colour=GREY, italic=True))
            return
        if old is None or old == new:
            cursor.insertText(new, plain)
            return
        formats = {"=": plain, "-": deleted_format(), "+": inserted_format()}
        for op, text in word_diff(old, new):
            cursor.insertText(text, formats.get(op, plain))

    # --- two rounds picked ---------------------------------------------------------------------
    def show_comparison(self, older: ThreadEntry, newer: ThreadEntry) -> None:
        """Show the redline of the thread's clause from round `older` to round `newer`."""
        document = self._fresh()
        cursor = QTextCursor(document)
        cursor.insertText(f"Round {older.round_no} → round {newer.round_no}", _ui(14, bold=True))
        for label, entry in (("From", older), ("To", newer)):
            line = QTextBlockFormat()
            line.setTopMargin(3)
            cursor.insertBlock(line, QTextCharFormat())
            cursor.insertText(f"{label}  ", _ui(10, bold=True, colour="#4b5563"))
            name = clause_name(entry.clause) if entry.clause is not None else "not in this draft"
            cursor.insertText(f"{round_words(entry)} — {name}", _ui(10, colour="#374151"))
        badges = QTextBlockFormat()
        badges.setTopMargin(6)
        cursor.insertBlock(badges, QTextCharFormat())
        old = older.clause.text if older.clause is not None else ""
        new = newer.clause.text if newer.clause is not None else ""
        if older.clause is None or newer.clause is None:
            words = "Not in both rounds"
            cursor.insertText(f" {words} ", badge("#fff2d6", "#7a5200"))
        elif old == new:
            cursor.insertText(" Same words ", badge("#eef0f3", "#1f2937"))
        elif is_substantive(old, new):
            cursor.insertText(" Substantive ", badge("#fdecea", "#a3231b"))
        else:
            cursor.insertText(" Cosmetic ", badge("#eef0f3", GREY))
        body = QTextBlockFormat()
        body.setTopMargin(10)
        body.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor.insertBlock(body, QTextCharFormat())
        if newer.clause is None:
            cursor.insertText(old, deleted_format())
        elif older.clause is None:
            cursor.insertText(new, inserted_format())
        else:
            self._redline(cursor, old, new)
        self.moveCursor(QTextCursor.MoveOperation.Start)
