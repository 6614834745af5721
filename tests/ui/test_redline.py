"""The redline pane: struck red deletions, underlined blue insertions, plain text never read as HTML."""

from __future__ import annotations

from desktop.core.model import Clause, Pair, TrackedChange
from desktop.qt import QColor, QTextCursor
from desktop.ui.models import ClauseEntry
from desktop.ui.redline import DELETED_COLOUR, INSERTED_COLOUR, RedlineView


def fragments(view: RedlineView) -> list[tuple[str, object]]:
    """Return (text, char format) for every run of the view's document, in order."""
    out = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            out.append((fragment.text(), fragment.charFormat()))
            it += 1
        block = block.next()
    return out


def colour(fmt) -> QColor:
    return fmt.foreground().color()


def entry(text="Liability is capped at 24 months of fees.", number="8.1", **pair) -> ClauseEntry:
    clause = Clause(id="c7", label=number, number=number, heading="General Cap", level=2, parent="c6", text=text)
    previous = Clause(id="c9", label="9.1", number="9.1", heading="General Cap", level=2, parent="c8", text="")
    defaults = dict(
        kind="renumbered",
        a=("c9",),
        b=("c7",),
        substantive=True,
        diff=(("=", "Liability is capped at "), ("-", "12"), ("+", "24"), ("=", " months of fees.")),
    )
    defaults.update(pair)
    return ClauseEntry(clause, Pair(**defaults), previous=(previous,))


def test_deletions_are_struck_red_and_insertions_underlined_blue(qtbot):
    view = RedlineView()
    qtbot.addWidget(view)
    view.show_entry(entry())
    runs = dict(fragments(view))
    assert runs["12"].fontStrikeOut() and colour(runs["12"]) == DELETED_COLOUR
    assert not runs["12"].fontUnderline()
    assert runs["24"].fontUnderline() and colour(runs["24"]) == INSERTED_COLOUR
    assert not runs["24"].fontStrikeOut()
    plain = runs["Liability is capped at "]
    assert not plain.fontStrikeOut() and not plain.fontUnderline()


def test_header_names_the_clause_kind_badge_and_old_number(qtbot):
    view = RedlineView()
    qtbot.addWidget(view)
    view.show_entry(entry())
    text = view.toPlainText()
    assert text.startswith("8.1 General Cap")
    assert "Renumbered" in text and "Substantive" in text and "was 9.1" in text
    view.show_entry(entry(kind="modified", substantive=False, a=("c7",), number="9.1"))
    text = view.toPlainText()
    assert "Modified" in text and "Cosmetic" in text and "was" not in text


def test_clause_text_is_plain_text_never_html(qtbot):
    view = RedlineView()
    qtbot.addWidget(view)
    sneaky = "Vendor shall <b>not</b> train on &amp; <script>x</script> data."
    view.show_entry(entry(text=sneaky, kind="unchanged", substantive=False, diff=((("=", sneaky)),)))
    assert sneaky in view.toPlainText()
    assert not any(fmt.fontWeight() > 600 for text, fmt in fragments(view) if "not" in text)
    view.show_entry(entry(diff=(("-", "<b>old</b>"), ("+", "<i>new</i>"))))
    assert "<b>old</b><i>new</i>" in view.toPlainText()


def test_new_and_dropped_clauses_show_whole_text_marked(qtbot):
    view = RedlineView()
    qtbot.addWidget(view)
    view.show_entry(entry(kind="inserted", a=(), diff=()))
    body = [fmt for text, fmt in fragments(view) if text.startswith("Liability")]
    assert "New in this round" in view.toPlainText() and body[0].fontUnderline()
    dropped = ClauseEntry(entry().clause, Pair("deleted", ("c7",), (), True), dropped=True)
    view.show_entry(dropped)
    body = [fmt for text, fmt in fragments(view) if text.startswith("Liability")]
    assert "Dropped in this round" in view.toPlainText() and body[0].fontStrikeOut()


def test_round_one_shows_plain_text_and_tracked_changes_with_authors(qtbot):
    view = RedlineView()
    qtbot.addWidget(view)
    first = ClauseEntry(entry().clause, None)
    marks = [TrackedChange("insert", "Vendor Counsel", "2024-02-02T10:00:00Z", "24", 3)]
    view.show_entry(first, tracked_changes=marks)
    text = view.toPlainText()
    assert "Round 1" in text
    assert "Inserted by Vendor Counsel on 2 Feb 2024: 24" in text
    assert view.textCursor().position() == QTextCursor(view.document()).position()
