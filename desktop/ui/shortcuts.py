"""Every documented keyboard shortcut, in one table that the menus and the F1 cheat sheet both read.

An action gets its keys with `bind(action, "import_round")`, and the cheat sheet lists
`SHORTCUTS` grouped by section, so what the menus do and what the help says cannot drift
apart. Standard keys (open, find, undo, redo, quit, preferences) come from
QKeySequence.StandardKey, so they follow the desktop's conventions, with a fixed fallback
where a platform defines none (Qt has no Preferences key on Windows, no Quit key there).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.qt import QAction, QKeySequence, Qt

Std = QKeySequence.StandardKey
Key = Std | str


@dataclass(frozen=True)
class Shortcut:
    """One documented shortcut: what it does, where it works and its keys (first is shown in menus)."""

    id: str
    section: str
    words: str
    keys: tuple[Key, ...]
    action: bool = True  # False: a key a view handles itself (Enter in the positions grid)


SECTIONS = ("Deals and drafts", "Reading a round", "Positions tab", "Compare window", "Editing", "Help")

SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("new_deal", "Deals and drafts", "New deal", (Std.New,)),
    Shortcut("import_round", "Deals and drafts", "Open a draft as the deal's next round (Import round…)",
             ("Ctrl+I", Std.Open)),
    Shortcut("rename_deal", "Deals and drafts", "Rename the selected deal", ("F2",)),
    Shortcut("delete_deal", "Deals and drafts", "Delete the selected deal (asks first)", ("Del",)),
    Shortcut("delete_round", "Deals and drafts", "In the Rounds table: delete the selected round (asks first)",
             ("Del",), action=False),
    Shortcut("export_summary", "Deals and drafts", "Export the negotiation summary", ("Ctrl+E",)),
    Shortcut("export_redline", "Deals and drafts", "Export two rounds as a Word redline", ("Ctrl+Shift+E",)),
    Shortcut("compare", "Deals and drafts", "Compare two drafts side by side", ("Ctrl+Shift+C",)),
    Shortcut("search", "Deals and drafts", "Search every clause of every deal", ("Ctrl+K", "Ctrl+Shift+F", Std.Find)),
    Shortcut("preferences", "Deals and drafts", "Settings", (Std.Preferences, "Ctrl+,")),
    Shortcut("quit", "Deals and drafts", "Quit Counterdraft", (Std.Quit, "Ctrl+Q")),
    Shortcut("clauses_tab", "Reading a round", "Show the Clauses tab", ("Ctrl+1",)),
    Shortcut("positions_tab", "Reading a round", "Show the Positions tab", ("Ctrl+2",)),
    Shortcut("next_change", "Reading a round", "Next change in the round", ("F8",)),
    Shortcut("previous_change", "Reading a round", "Previous change in the round", ("Shift+F8",)),
    Shortcut("next_round", "Reading a round", "Next round of the deal", ("Ctrl+PgDown",)),
    Shortcut("previous_round", "Reading a round", "Previous round of the deal", ("Ctrl+PgUp",)),
    Shortcut("history", "Reading a round", "The selected clause in every round (History)", ("Ctrl+H",)),
    Shortcut("whole_draft", "Reading a round", "The whole round as one redline (Whole draft)", ("Ctrl+Shift+R",)),
    Shortcut("status_won", "Positions tab", "Mark the selected position won", ("W",)),
    Shortcut("status_conceded", "Positions tab", "Mark it conceded", ("C",)),
    Shortcut("status_compromise", "Positions tab", "Mark it a compromise (P for partial)", ("P",)),
    Shortcut("status_open", "Positions tab", "Mark it open", ("O",)),
    Shortcut("status_not_addressed", "Positions tab", "Mark it not addressed", ("N",)),
    Shortcut("confirm_suggestion", "Positions tab", "Confirm the suggested status", ("Enter",), action=False),
    Shortcut("compare_combined", "Compare window", "Switch between side by side and one combined redline",
             ("Ctrl+R",)),
    Shortcut("compare_export", "Compare window", "Export the comparison as PDF or Word", ("Ctrl+S",)),
    Shortcut("compare_print", "Compare window", "Print the comparison", (Std.Print, "Ctrl+P")),
    Shortcut("compare_close", "Compare window", "Close the Compare window", ("Ctrl+W",)),
    Shortcut("undo", "Editing", "Undo the last change to the deal on screen (or the deal just deleted)",
             (Std.Undo,)),
    Shortcut("redo", "Editing", "Redo it", ("Ctrl+Shift+Z", Std.Redo, "Ctrl+Y")),
    Shortcut("shortcuts_help", "Help", "This list of keyboard shortcuts", (Std.HelpContents, "F1")),
)
_BY_ID = {shortcut.id: shortcut for shortcut in SHORTCUTS}
ID_PROPERTY = "shortcutId"  # the QAction property naming the table row its keys came from


def shortcut(shortcut_id: str) -> Shortcut:
    """Return the table row `shortcut_id` (KeyError names an unknown one)."""
    return _BY_ID[shortcut_id]


# Qt's standard keys also bind the dedicated "New", "Open", "Find" and "Help" keys some keyboards
# have; they are kept, but the cheat sheet and menus speak of the keys every keyboard has.
_FIRST_SPECIAL_KEY = Qt.Key.Key_Help.value


def sequences(shortcut_id: str) -> list[QKeySequence]:
    """Return the key sequences of `shortcut_id` on this platform, standard keys expanded, without repeats."""
    found: list[QKeySequence] = []
    for key in _BY_ID[shortcut_id].keys:
        for sequence in QKeySequence.keyBindings(key) if isinstance(key, Std) else [QKeySequence(key)]:
            if not sequence.isEmpty() and sequence not in found:
                found.append(sequence)
    # Keys every keyboard has come first, so the menu shows one of them.
    return sorted(found, key=lambda sequence: not _ordinary(sequence))


def _ordinary(sequence: QKeySequence) -> bool:
    """Return True unless `sequence` is a dedicated key ("Open", "Find") that most keyboards lack."""
    return sequence[0].key().value < _FIRST_SPECIAL_KEY


def key_text(shortcut_id: str) -> str:
    """Return the keys of `shortcut_id` as the desktop writes them: "Ctrl+O or Ctrl+I"."""
    texts = [sequence.toString(QKeySequence.SequenceFormat.NativeText)
             for sequence in sequences(shortcut_id) if _ordinary(sequence)]
    return " or ".join(texts)


def bind(action: QAction, shortcut_id: str) -> QAction:
    """Give `action` the keys of `shortcut_id` (the first is the one its menu shows) and return it."""
    keys = sequences(shortcut_id)
    action.setShortcuts(keys)
    action.setProperty(ID_PROPERTY, shortcut_id)
    return action
