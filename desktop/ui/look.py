"""The window's colours in the light and the dark theme, and the UI font.

One table per theme feeds three things, so they cannot disagree: the QPalette (Fusion draws
every standard control from it), the `$name` tokens of resources/style.qss, and the colours
code paints with (`colour("substantive")`). desktop/ui/theme.py applies a theme.

Drafts are shown on "paper" in both themes (the redline, the clause history, the Compare
panes, the export preview): a white page with dark ink, as a word processor shows a document
in dark mode. Their many badge colours are chosen for that page and stay legible.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.qt import QColor, QPalette

UI_FONTS = ["Segoe UI", "Helvetica Neue", "Cantarell", "Liberation Sans", "DejaVu Sans", "sans-serif"]
DEFAULT_POINTS = 10

LIGHT: dict[str, str] = {
    # The palette (Fusion's controls).
    "window": "#f5f6f8",
    "text": "#1f2937",
    "base": "#ffffff",
    "alt_base": "#f8f9fb",
    "button": "#f9fafb",
    "highlight": "#2f5fb3",
    "highlight_text": "#ffffff",
    "placeholder": "#6b7280",
    "link": "#1a4fbf",
    "disabled": "#8b929c",
    "control_border": "#6f7680",
    # The stylesheet's own surfaces.
    "panel": "#eceef2",
    "panel_hover": "#e2e6ed",
    "selection": "#d5e0f2",
    "selection_text": "#111827",
    "strong": "#111827",
    "muted": "#4b5563",
    "border": "#d7dbe2",
    "header": "#f1f3f6",
    "header_text": "#374151",
    "gridline": "#dde1e7",
    "scroll": "#c9ced6",
    "scroll_hover": "#aeb5c0",
    "banner": "#fff7e0",
    "banner_border": "#f0dca0",
    "banner_text": "#5b4708",
    "drop": "#fafbfc",
    "drop_border": "#c5cbd5",
    "error": "#a61b1b",
    # Drafts on paper, and the ink of changes in lists drawn on the base colour.
    "paper": "#ffffff",
    "paper_text": "#1f2937",
    "substantive": "#b3261e",
    "cosmetic": "#5f6670",
    "new": "#1e7b34",
    "grey": "#5f6670",
    "partial": "#8a5a00",
    "best_fill": "#e2f0d9",
}

DARK: dict[str, str] = {
    "window": "#1f2228",
    "text": "#e6e8eb",
    "base": "#17191e",
    "alt_base": "#1c1f25",
    "button": "#2b2f37",
    "highlight": "#3563b0",
    "highlight_text": "#ffffff",
    "placeholder": "#9aa1ab",
    "link": "#8ab4f8",
    "disabled": "#7b828c",
    "control_border": "#8b939e",
    "panel": "#191c21",
    "panel_hover": "#272b33",
    "selection": "#2d4a78",
    "selection_text": "#f3f4f6",
    "strong": "#f3f4f6",
    "muted": "#b2b8c1",
    "border": "#3a3f49",
    "header": "#252931",
    "header_text": "#d4d8de",
    "gridline": "#2e323a",
    "scroll": "#4b515c",
    "scroll_hover": "#656c78",
    "banner": "#3a3116",
    "banner_border": "#6b5a22",
    "banner_text": "#f3e2a6",
    "drop": "#1b1e24",
    "drop_border": "#4b515c",
    "error": "#ff8f86",
    "paper": "#ffffff",
    "paper_text": "#1f2937",
    "substantive": "#ff8a80",
    "cosmetic": "#aab1bb",
    "new": "#7fd492",
    "grey": "#aab1bb",
    "partial": "#e8b65a",
    "best_fill": "#1f3b28",
}

THEMES = {"light": LIGHT, "dark": DARK}


@dataclass
class _Current:
    """The theme applied last ("light" or "dark"), for code that paints with the theme's colours."""

    name: str = "light"


_current = _Current()


_THEMED: dict[str, QColor] = {}


def themed(name: str) -> QColor:
    """Return the shared QColor of `name`, recoloured in place whenever the theme changes.

    Models keep it as a module constant (`SUBSTANTIVE = themed("substantive")`) and hand it to
    Qt from data(); the next paint after a theme change draws the new theme's colour.
    """
    if name not in _THEMED:
        _THEMED[name] = QColor(THEMES[_current.name][name])
    return _THEMED[name]


def current_theme() -> str:
    """Return the name of the theme in use: "light" or "dark"."""
    return _current.name


def set_current_theme(name: str) -> None:
    """Record `name` as the theme in use (called by theme.apply_theme)."""
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r}")
    _current.name = name
    for key, shared in _THEMED.items():
        shared.setRgba(QColor(THEMES[name][key]).rgba())


def colour(name: str, theme: str | None = None) -> QColor:
    """Return the colour `name` of `theme` (default: the theme in use)."""
    return QColor(THEMES[theme or _current.name][name])


def palette_for(theme: str) -> QPalette:
    """Return the QPalette of `theme`, with greyed text for disabled controls."""
    c = THEMES[theme]
    roles = {
        QPalette.ColorRole.Window: c["window"],
        QPalette.ColorRole.WindowText: c["text"],
        QPalette.ColorRole.Base: c["base"],
        QPalette.ColorRole.AlternateBase: c["alt_base"],
        QPalette.ColorRole.Text: c["text"],
        QPalette.ColorRole.Button: c["button"],
        QPalette.ColorRole.ButtonText: c["text"],
        QPalette.ColorRole.BrightText: c["strong"],
        QPalette.ColorRole.Highlight: c["highlight"],
        QPalette.ColorRole.HighlightedText: c["highlight_text"],
        QPalette.ColorRole.ToolTipBase: c["base"],
        QPalette.ColorRole.ToolTipText: c["text"],
        QPalette.ColorRole.PlaceholderText: c["placeholder"],
        QPalette.ColorRole.Link: c["link"],
        QPalette.ColorRole.LinkVisited: c["link"],
        QPalette.ColorRole.Light: c["panel_hover"],
        QPalette.ColorRole.Midlight: c["border"],
        QPalette.ColorRole.Mid: c["scroll"],
        QPalette.ColorRole.Dark: c["scroll_hover"],
        QPalette.ColorRole.Shadow: "#000000",
    }
    palette = QPalette()
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(c["disabled"]))
    return palette
