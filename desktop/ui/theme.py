"""Applying a theme: Fusion, the theme's palette, the UI font and the one stylesheet in resources/.

`apply_theme(app, "system" | "light" | "dark", font_points)` is the whole API (`apply_look(app)`
is its default: "system" at the usual size). "system" follows the desktop's light or dark mode
(QStyleHints.colorScheme()) and keeps following it while the app runs. The colours come from
desktop/ui/look.py; resources/style.qss names them as `$name` tokens, so both themes share one
sheet.
"""

from __future__ import annotations

import re
from string import Template

from desktop.qt import QApplication, QFont, QStyleFactory, Qt
from desktop.resources import resource_path
from desktop.ui import look

MODES = ("system", "light", "dark")
# Properties kept on the QApplication: the mode and font size asked for, whether Fusion is set
# (a stylesheet hides the style's name) and whether the system-follow connection is made.
_MODE = "counterdraftThemeMode"
_POINTS = "counterdraftFontPoints"
_FUSION = "counterdraftFusion"
_FOLLOWING = "counterdraftFollowsSystem"


def system_theme(app: QApplication) -> str:
    """Return "dark" when the desktop asks for dark mode, else "light" (also when it does not say)."""
    scheme = app.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def resolve(app: QApplication, mode: str) -> str:
    """Return the theme ("light" or "dark") that `mode` means on this desktop now."""
    if mode not in MODES:
        raise ValueError(f"unknown theme mode {mode!r}; expected one of {', '.join(MODES)}")
    return system_theme(app) if mode == "system" else mode


def stylesheet(theme: str, font_points: int | None = None) -> str:
    """Return resources/style.qss with the colours of `theme` filled in ("" when the file is missing)."""
    path = resource_path("style.qss")
    if not path.is_file():
        return ""
    icons = resource_path("icons").as_posix()  # url() takes forward slashes on every platform
    sheet = Template(path.read_text(encoding="utf-8")).substitute(look.THEMES[theme], icons=icons)
    if font_points is not None and font_points != look.DEFAULT_POINTS:
        sheet = _scale_points(sheet, font_points / look.DEFAULT_POINTS)
    return sheet


def _scale_points(sheet: str, factor: float) -> str:
    """Return `sheet` with every `font-size: Npt` scaled by `factor` (headings grow with the body text)."""
    def scaled(match: re.Match[str]) -> str:
        return f"font-size: {float(match.group(1)) * factor:.1f}pt"

    return re.sub(r"font-size:\s*([0-9.]+)pt", scaled, sheet)


def apply_theme(app: QApplication, mode: str, font_points: int | None) -> None:
    """Give `app` the Counterdraft look in `mode` ("system", "light" or "dark") at `font_points` (None: 10pt).

    In "system" mode the look changes again when the desktop switches between light and dark.
    """
    _apply(app, resolve(app, mode), mode, font_points)
    _follow_system(app)


def apply_look(app: QApplication) -> None:
    """Give `app` the Counterdraft look, following the system's light or dark mode."""
    apply_theme(app, "system", None)


def _apply(app: QApplication, theme: str, mode: str, font_points: int | None) -> None:
    """Apply the palette, font and stylesheet of `theme`, remembering the `mode` asked for."""
    if not app.property(_FUSION):
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
            app.setProperty(_FUSION, True)
    points = font_points if font_points else look.DEFAULT_POINTS
    look.set_current_theme(theme)
    app.setPalette(look.palette_for(theme))
    font = QFont()
    font.setFamilies(look.UI_FONTS)
    font.setPointSize(points)
    app.setFont(font)
    app.setStyleSheet(stylesheet(theme, points))
    app.setProperty(_MODE, mode)
    app.setProperty(_POINTS, font_points)


def _follow_system(app: QApplication) -> None:
    """Re-apply the theme when the desktop's colour scheme changes while the mode is "system"."""
    if app.property(_FOLLOWING):
        return
    app.setProperty(_FOLLOWING, True)

    def changed(scheme: Qt.ColorScheme) -> None:
        if app.property(_MODE) == "system":
            theme = "dark" if scheme == Qt.ColorScheme.Dark else "light"
            _apply(app, theme, "system", app.property(_POINTS))

    app.styleHints().colorSchemeChanged.connect(changed)
