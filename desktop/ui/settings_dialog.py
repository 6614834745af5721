"""The Settings dialog (Edit ▸ Settings…): the user's preferences, nothing stored until OK.

It edits a `Preferences` (settings.py) and hands it back; `apply_preferences` stores it and
applies what can change at once (theme, font size, cosmetic changes). A new data folder is
settled separately (settings_folder.py) because it may copy the database first.
"""

from __future__ import annotations

from pathlib import Path

from desktop.display.words import OUR_SIDES
from desktop.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from desktop.ui.settings import FONT_POINTS, Preferences

SCHEDULE_WORDS = (("daily", "Every day"), ("weekly", "Every week"), ("off", "Off"))
THEME_WORDS = (("system", "Follow the system (light or dark)"), ("light", "Light"), ("dark", "Dark"))


def _combo(choices: tuple[tuple[str, str], ...] | list[tuple[object, str]], value: object, name: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    for key, words in choices:
        box.addItem(words, key)
    box.setCurrentIndex(max(box.findData(value), 0))
    return box


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("counts")
    label.setWordWrap(True)
    return label


class SettingsDialog(QDialog):
    """Edit the preferences; `preferences()` returns what the user chose, the store is untouched."""

    def __init__(self, current: Preferences, default_folder: Path, database: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self.setMinimumWidth(640)
        self._current = current
        self._default_folder = default_folder

        self.side = _combo(OUR_SIDES, current.default_side, "Our side in new deals")
        self.client = QLineEdit(current.client_name)
        self.client.setAccessibleName("Your client or organisation")
        self.client.setPlaceholderText("e.g. Northwind Health, Inc.")
        self.author = QLineEdit(current.redline_author)
        self.author.setAccessibleName("Author of our changes in redlines")
        self.author.setPlaceholderText("Us")
        self.folder = QLineEdit(current.data_folder or str(default_folder))
        self.folder.setAccessibleName("Data folder")
        self.choose_folder = QPushButton("Choose…")
        self.choose_folder.setAccessibleName("Choose the data folder")
        self.choose_folder.clicked.connect(self._pick_folder)
        self.default_folder_button = QPushButton("Default")
        self.default_folder_button.setAccessibleName("Use the default data folder")
        self.default_folder_button.setToolTip(str(default_folder))
        self.default_folder_button.clicked.connect(lambda: self.folder.setText(str(default_folder)))
        self.schedule = _combo(SCHEDULE_WORDS, current.backup_schedule, "Automatic backups")
        self.cosmetic = QCheckBox("Show cosmetic changes")
        self.cosmetic.setChecked(current.show_cosmetic)
        self.theme = _combo(THEME_WORDS, current.theme, "Theme")
        self.font_points = _combo([(p, f"{p} pt" if p else "Default (10 pt)") for p in FONT_POINTS],
                                  current.font_points, "Font size")

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_folder)
        folder_row.addWidget(self.default_folder_button)
        where = f"Now: {database}" if database is not None else "Now: a database in memory (nothing on disk)"
        form = QFormLayout()
        form.addRow("We usually act for the:", self.side)
        form.addRow("", _note("The side a new deal starts on; each deal can still say otherwise."))
        form.addRow("Your client / organisation:", self.client)
        form.addRow("", _note("Named in the parties line of negotiation summaries: “Between … and "
                              "the counterparty”. Left empty, the summary names our side by its role."))
        form.addRow("Our changes in redlines by:", self.author)
        form.addRow("", _note("The author name on our tracked changes in exported redlines, and the "
                              "author of exported summaries; their changes keep the counterparty's name."))
        form.addRow("Data folder:", folder_row)
        form.addRow("", _note(f"Where the database lives. A change takes effect when Counterdraft "
                              f"restarts. {where}"))
        form.addRow("Back up the database:", self.schedule)
        form.addRow("", _note("When Counterdraft opens the database, into a “backups” folder beside it."))
        form.addRow("", self.cosmetic)
        form.addRow("", _note("Count changes to numbering, punctuation, case and spacing as changes too."))
        form.addRow("Theme:", self.theme)
        form.addRow("Font size:", self.font_points)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _pick_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Data folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def preferences(self) -> Preferences:
        """Return the preferences as the dialog shows them (the default folder stored as "")."""
        folder = self.folder.text().strip()
        if not folder or Path(folder).expanduser() == self._default_folder:
            folder = ""
        return Preferences(
            default_side=self.side.currentData(),
            redline_author=self.author.text().strip(),
            data_folder=folder,
            backup_schedule=self.schedule.currentData(),
            show_cosmetic=self.cosmetic.isChecked(),
            theme=self.theme.currentData(),
            font_points=int(self.font_points.currentData()),
            client_name=self.client.text().strip(),
        )


__all__ = ["SCHEDULE_WORDS", "THEME_WORDS", "SettingsDialog"]
