"""The Playbook dialog: add positions of the user's own and edit them; the shipped playbook is never written.

Each saved position goes to the store (Store.save_user_position) in the same dictionary form
as a position of the shipped TOML file, so the store lays it over the shipped playbook.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.core.playbook import Playbook
from desktop.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from desktop.store import Store

KEY = re.compile(r"^[a-z][a-z0-9_]{1,59}$")
STANCE_PARTS = (("ask", "Ask"), ("fallback", "Fallback"), ("walk_away", "Walk-away"))


def key_for(title: str) -> str:
    """Return a position key made from its title: "Model weights escrow" → "model_weights_escrow"."""
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:60]


def cue_list(text: str) -> list[str]:
    """Return the cues typed as "a, b; c" as a list of trimmed, non-empty entries."""
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


class PlaybookDialog(QDialog):
    """Lists the user's own positions and edits one at a time."""

    def __init__(self, store: Store, shipped: Playbook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Playbook — your own positions")
        self.setMinimumSize(820, 560)
        self._store = store
        self._shipped_keys = set(shipped.keys())
        self._saved: dict[str, dict] = {}
        self.changed = False  # True once a position was saved or deleted

        intro = QLabel(
            f"The shipped playbook has {len(shipped.positions)} positions. Add your own here: "
            "Counterdraft looks for them by their heading and term cues in the rounds you import next."
        )
        intro.setWordWrap(True)
        self.positions = QListWidget()
        self.positions.setAccessibleName("Positions")
        self.positions.currentItemChanged.connect(self._on_selected)
        self.new_button = QPushButton("New position")
        self.new_button.clicked.connect(self.start_new)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_current)

        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Model weights escrow")
        self.title.textEdited.connect(self._on_title_edited)
        self.key = QLineEdit()
        self.key.setPlaceholderText("model_weights_escrow")
        self.group = QComboBox()
        self.group.setEditable(True)
        groups = dict.fromkeys(p.group for p in shipped.positions)
        self.group.addItems(list(groups) or ["General"])
        self.explanation = QPlainTextEdit()
        self.explanation.setPlaceholderText("Two or three sentences: what this position is and why it matters.")
        self.explanation.setFixedHeight(70)
        self.headings = QLineEdit()
        self.headings.setPlaceholderText("Heading words, separated by commas: escrow, continuity")
        self.terms = QLineEdit()
        self.terms.setPlaceholderText("Words in the text, separated by commas: weights escrow, release condition")
        self.stances: dict[tuple[str, str], QLineEdit] = {}
        stance_grid = QGridLayout()
        stance_grid.addWidget(QLabel("When we act for the customer"), 0, 1)
        stance_grid.addWidget(QLabel("When we act for the vendor"), 0, 2)
        for row, (part, words) in enumerate(STANCE_PARTS, start=1):
            stance_grid.addWidget(QLabel(f"{words}:"), row, 0)
            for column, side in enumerate(("customer", "vendor"), start=1):
                edit = QLineEdit()
                edit.setAccessibleName(f"{words} when we act for the {side}")
                self.stances[(side, part)] = edit
                stance_grid.addWidget(edit, row, column)
        self.problem = QLabel()
        self.problem.setObjectName("problem")  # coloured by the theme (resources/style.qss)
        self.save_button = QPushButton("Save position")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_current)

        form = QFormLayout()
        form.addRow("Title:", self.title)
        form.addRow("Key:", self.key)
        form.addRow("Group:", self.group)
        form.addRow("Explanation:", self.explanation)
        form.addRow("Heading cues:", self.headings)
        form.addRow("Term cues:", self.terms)
        editor = QVBoxLayout()
        editor.addLayout(form)
        editor.addWidget(QLabel("Our default stance"))
        editor.addLayout(stance_grid)
        editor.addWidget(self.problem)
        save_row = QHBoxLayout()
        save_row.addStretch()
        save_row.addWidget(self.save_button)
        editor.addLayout(save_row)
        editor.addStretch()

        left = QVBoxLayout()
        left.addWidget(QLabel("Your positions"))
        left.addWidget(self.positions, 1)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.new_button)
        left_buttons.addWidget(self.delete_button)
        left.addLayout(left_buttons)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(editor, 5)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self._refresh()

    # --- the list ---------------------------------------------------------------------------------
    def _refresh(self, select: str | None = None) -> None:
        self._saved = {raw["key"]: raw for raw in self._store.user_positions()}
        self.positions.blockSignals(True)
        self.positions.clear()
        for key, raw in self._saved.items():
            item = QListWidgetItem(raw.get("title", key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"{raw.get('group', 'General')} · {key}")
            self.positions.addItem(item)
            if key == select:
                self.positions.setCurrentItem(item)
        self.positions.blockSignals(False)
        if select is None or select not in self._saved:
            self.start_new()
        else:
            self._load(self._saved[select])
        self.delete_button.setEnabled(self.positions.currentItem() is not None)

    def _on_selected(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if current is not None:
            self._load(self._saved[current.data(Qt.ItemDataRole.UserRole)])
        self.delete_button.setEnabled(current is not None)

    def start_new(self) -> None:
        """Empty the form for a new position."""
        self.positions.blockSignals(True)
        self.positions.setCurrentItem(None)
        self.positions.blockSignals(False)
        self.delete_button.setEnabled(False)
        self._load({"key": "", "title": "", "group": self.group.itemText(0)})
        self.key.setReadOnly(False)
        self.title.setFocus()

    def _load(self, raw: dict) -> None:
        self.title.setText(raw.get("title", ""))
        self.key.setText(raw.get("key", ""))
        self.key.setReadOnly(bool(raw.get("key")))  # a saved position keeps its key: statuses refer to it
        self.group.setCurrentText(raw.get("group", "General"))
        self.explanation.setPlainText(raw.get("explanation", ""))
        cues = raw.get("cues", {}) or {}
        self.headings.setText(", ".join(cues.get("headings", ())))
        self.terms.setText(", ".join(cues.get("terms", ())))
        for (side, part), edit in self.stances.items():
            edit.setText((raw.get(side) or {}).get(part, ""))
        self.problem.clear()

    def _on_title_edited(self, text: str) -> None:
        if not self.key.isReadOnly():
            self.key.setText(key_for(text))

    # --- saving -----------------------------------------------------------------------------------
    def form(self) -> dict:
        """Return the position in the form as the dictionary the store keeps."""
        return {
            "key": self.key.text().strip(),
            "title": self.title.text().strip(),
            "group": self.group.currentText().strip() or "General",
            "explanation": self.explanation.toPlainText().strip(),
            "cues": {"headings": cue_list(self.headings.text()), "terms": cue_list(self.terms.text())},
            "customer": {part: self.stances[("customer", part)].text().strip() for part, _ in STANCE_PARTS},
            "vendor": {part: self.stances[("vendor", part)].text().strip() for part, _ in STANCE_PARTS},
            "user_defined": True,
        }

    def problem_with(self, raw: dict) -> str:
        """Return why the form cannot be saved, or ""."""
        if not raw["title"]:
            return "Give the position a title."
        if not KEY.match(raw["key"]):
            return "The key is lower-case letters, digits and underscores, starting with a letter."
        if raw["key"] in self._shipped_keys:
            return "The shipped playbook already has a position with this key; choose another."
        if not self.key.isReadOnly() and raw["key"] in self._saved:
            return "You already have a position with this key."
        if not raw["cues"]["headings"] and not raw["cues"]["terms"]:
            return "Give at least one heading or term cue, so Counterdraft can find the position."
        return ""

    def save_current(self) -> bool:
        """Save the form as one of the user's positions; return False (and say why) when it cannot be saved."""
        raw = self.form()
        problem = self.problem_with(raw)
        if problem:
            self.problem.setText(problem)
            return False
        try:
            self._store.save_user_position(raw)
        except UserFacingError as error:
            self.problem.setText(str(error))
            return False
        self.changed = True
        self._refresh(select=raw["key"])
        self.problem.setText(f"Saved “{raw['title']}”.")
        return True

    def delete_current(self) -> None:
        """Delete the selected position of the user's own (deals keep the statuses already recorded)."""
        item = self.positions.currentItem()
        if item is None:
            return
        try:
            self._store.delete_user_position(item.data(Qt.ItemDataRole.UserRole))
        except UserFacingError as error:
            self.problem.setText(str(error))
            return
        self.changed = True
        self._refresh()
