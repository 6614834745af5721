"""The user's preferences and the window's remembered state: every QSettings key, its type and default, in one place.

QSettings holds UI state and preferences only; the deals themselves live in the database.
`Preferences` is what the Settings dialog edits, read and written whole; the module functions
read one value where another part of the app needs it (the data folder before the database is
opened, the redline author in the export dialog, the backup schedule at start).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop.qt import QApplication, QSettings
from desktop.ui.deal_panes import COSMETIC_KEY  # bool: the deal view's "Show cosmetic changes"
from desktop.ui.theme import apply_theme

log = logging.getLogger("counterdraft.ui")

# Keys. Other modules that read or write one of these import the name from here.
DEFAULT_SIDE_KEY = "deals/defaultSide"  # "customer" | "vendor" | "data_provider"
REDLINE_AUTHOR_KEY = "redline/author"  # "" → the export dialog's own default (Us / the counterparty)
CLIENT_NAME_KEY = "documents/client"  # "" → the summary's parties line names our side by its role
DATA_FOLDER_KEY = "storage/dataFolder"  # "" → the platform's user data folder
BACKUP_SCHEDULE_KEY = "backup/schedule"  # "daily" | "weekly" | "off"
THEME_KEY = "look/theme"  # "system" | "light" | "dark"
FONT_POINTS_KEY = "look/fontPoints"  # int; 0 → the look's default size
LAST_DEAL_KEY = "window/lastDeal"  # int deal id; the deal selected when the window closed

SIDES = ("customer", "vendor", "data_provider")
BACKUP_SCHEDULES = ("daily", "weekly", "off")
THEMES = ("system", "light", "dark")
FONT_POINTS = (0, 9, 11, 12, 14, 16, 18)  # 0: the default (10 pt)
DATABASE_NAME = "counterdraft.db"


@dataclass(frozen=True)
class Preferences:
    """What the Settings dialog edits, with the defaults a new user gets."""

    default_side: str = "customer"
    redline_author: str = ""
    data_folder: str = ""  # "" → the platform's user data folder
    backup_schedule: str = "daily"
    show_cosmetic: bool = False
    theme: str = "system"
    font_points: int = 0  # 0 → the default size
    client_name: str = ""  # our client or organisation, named in the summary's parties line


def _choice(settings: QSettings, key: str, allowed: tuple[str, ...], default: str) -> str:
    """Return the stored value of `key` when it is one of `allowed`, else `default` (a hand-edited file)."""
    value = settings.value(key, default)
    return value if isinstance(value, str) and value in allowed else default


def _int(settings: QSettings, key: str, default: int) -> int:
    try:
        return int(settings.value(key, default))
    except (TypeError, ValueError):
        return default


def read_preferences(settings: QSettings) -> Preferences:
    """Return the stored preferences; anything missing or unreadable takes its default."""
    defaults = Preferences()
    font = _int(settings, FONT_POINTS_KEY, 0)
    return Preferences(
        default_side=_choice(settings, DEFAULT_SIDE_KEY, SIDES, defaults.default_side),
        redline_author=str(settings.value(REDLINE_AUTHOR_KEY, "") or "").strip(),
        data_folder=str(settings.value(DATA_FOLDER_KEY, "") or ""),
        backup_schedule=_choice(settings, BACKUP_SCHEDULE_KEY, BACKUP_SCHEDULES, defaults.backup_schedule),
        show_cosmetic=bool(settings.value(COSMETIC_KEY, False, type=bool)),
        theme=_choice(settings, THEME_KEY, THEMES, defaults.theme),
        font_points=font if font in FONT_POINTS else 0,
        client_name=str(settings.value(CLIENT_NAME_KEY, "") or "").strip(),
    )


def write_preferences(settings: QSettings, preferences: Preferences) -> None:
    """Store `preferences` and write them to disk now."""
    settings.setValue(DEFAULT_SIDE_KEY, preferences.default_side)
    settings.setValue(REDLINE_AUTHOR_KEY, preferences.redline_author.strip())
    settings.setValue(DATA_FOLDER_KEY, preferences.data_folder)
    settings.setValue(BACKUP_SCHEDULE_KEY, preferences.backup_schedule)
    settings.setValue(COSMETIC_KEY, preferences.show_cosmetic)
    settings.setValue(THEME_KEY, preferences.theme)
    settings.setValue(FONT_POINTS_KEY, preferences.font_points)
    settings.setValue(CLIENT_NAME_KEY, preferences.client_name.strip())
    settings.sync()


def redline_author(settings: QSettings | None) -> str:
    """Return the author name the user set for redlines ("" when none)."""
    return read_preferences(settings).redline_author if settings is not None else ""


def client_name(settings: QSettings | None) -> str:
    """Return the name of our client or organisation the user set ("" when none)."""
    return read_preferences(settings).client_name if settings is not None else ""


def default_side(settings: QSettings | None) -> str:
    """Return the side a new deal starts on ("customer" unless the user chose otherwise)."""
    return read_preferences(settings).default_side if settings is not None else Preferences.default_side


def backup_schedule(settings: QSettings) -> str:
    """Return how often the database is backed up when the app starts: "daily", "weekly" or "off"."""
    return read_preferences(settings).backup_schedule


def default_data_folder() -> Path:
    """Return the platform's folder for the database (used until the user picks another); not created here."""
    return Path(platformdirs.user_data_dir("Counterdraft", appauthor=False))


def database_path(settings: QSettings) -> Path:
    """Return where the database lives, creating its folder: the chosen data folder, else the default one.

    A chosen folder that cannot be made (a removed drive, a path through a file) falls back to
    the default folder, so the app still starts; the warning goes to the log.
    """
    chosen = read_preferences(settings).data_folder
    if chosen:
        folder = Path(chosen).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return folder / DATABASE_NAME
        except OSError as error:
            log.warning("The data folder %s cannot be used (%s); using the default one.", folder, error)
    folder = default_data_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / DATABASE_NAME


def last_deal(settings: QSettings) -> int | None:
    """Return the id of the deal selected when the window last closed, or None."""
    value = _int(settings, LAST_DEAL_KEY, 0)
    return value or None


def remember_last_deal(settings: QSettings, deal_id: int | None) -> None:
    """Remember the deal selected now, for the next start."""
    if deal_id is None:
        settings.remove(LAST_DEAL_KEY)
    else:
        settings.setValue(LAST_DEAL_KEY, deal_id)


def apply_saved_look(app: QApplication, settings: QSettings) -> None:
    """Give `app` the stored theme and font size."""
    preferences = read_preferences(settings)
    apply_theme(app, preferences.theme, preferences.font_points or None)


__all__ = [
    "BACKUP_SCHEDULES",
    "BACKUP_SCHEDULE_KEY",
    "CLIENT_NAME_KEY",
    "COSMETIC_KEY",
    "DATA_FOLDER_KEY",
    "DEFAULT_SIDE_KEY",
    "FONT_POINTS",
    "FONT_POINTS_KEY",
    "LAST_DEAL_KEY",
    "Preferences",
    "REDLINE_AUTHOR_KEY",
    "SIDES",
    "THEMES",
    "THEME_KEY",
    "apply_saved_look",
    "backup_schedule",
    "client_name",
    "database_path",
    "default_data_folder",
    "default_side",
    "last_deal",
    "read_preferences",
    "redline_author",
    "remember_last_deal",
    "write_preferences",
]
