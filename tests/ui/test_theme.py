"""The themes: one stylesheet in both palettes, the system's choice followed, and colours that meet WCAG AA."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.display.positions import STATUS_MARKS, STATUS_WORDS, status_text
from desktop.display.words import CHANGE_WORDS
from desktop.qt import QColor, QPalette, Qt
from desktop.ui import look, redline
from desktop.ui import theme as theme_module
from desktop.ui.models import SUBSTANTIVE
from desktop.ui.positions_model import STATUS_COLOURS, status_background
from desktop.ui.theme import apply_theme, resolve, stylesheet

AA_TEXT = 4.5


def luminance(colour: QColor) -> float:
    """Return the WCAG relative luminance of `colour`."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())


def contrast(a: QColor | str, b: QColor | str) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture
def themed_app(qapp):
    """Yield the QApplication, and put back its look (and the light theme's colours) afterwards."""
    style, palette, font, sheet = qapp.style().name(), qapp.palette(), qapp.font(), qapp.styleSheet()
    yield qapp
    for name in ("counterdraftThemeMode", "counterdraftFusion"):
        qapp.setProperty(name, None)
    look.set_current_theme("light")
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setStyle(style)


def test_the_contrast_helper_knows_black_on_white():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_each_theme_applies_its_palette_and_the_one_stylesheet(themed_app, theme):
    apply_theme(themed_app, theme, None)
    colours = look.THEMES[theme]
    assert look.current_theme() == theme
    assert themed_app.palette().color(QPalette.ColorRole.Window) == QColor(colours["window"])
    assert themed_app.palette().color(QPalette.ColorRole.Text) == QColor(colours["text"])
    sheet = themed_app.styleSheet()
    assert "$" not in sheet and colours["panel"] in sheet and "#dealsList" in sheet
    assert themed_app.property("counterdraftFusion")
    assert themed_app.font().pointSize() == look.DEFAULT_POINTS


def test_the_two_themes_share_every_colour_name():
    assert set(look.LIGHT) == set(look.DARK)
    assert stylesheet("light") != stylesheet("dark")


def test_font_size_scales_the_body_and_the_headings(themed_app):
    apply_theme(themed_app, "light", 14)
    assert themed_app.font().pointSize() == 14
    assert "font-size: 22.4pt" in themed_app.styleSheet()  # the deal's name: 16pt at 10pt
    apply_theme(themed_app, "light", None)
    assert "font-size: 16.0pt" in themed_app.styleSheet() or "font-size: 16pt" in themed_app.styleSheet()


def test_system_mode_follows_the_desktop_and_keeps_following_it(themed_app, monkeypatch):
    # The offscreen platform cannot change its colour scheme, so the desktop's signal is sent by hand.
    hints = themed_app.styleHints()
    monkeypatch.setattr(theme_module, "system_theme", lambda app: "light")
    apply_theme(themed_app, "system", 12)
    assert look.current_theme() == "light"
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert look.current_theme() == "dark", "a change of the desktop's scheme re-applies the theme"
    assert themed_app.palette().color(QPalette.ColorRole.Window) == QColor(look.DARK["window"])
    assert themed_app.font().pointSize() == 12
    apply_theme(themed_app, "light", None)  # a forced theme stops following
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert look.current_theme() == "light"
    monkeypatch.setattr(theme_module, "system_theme", lambda app: "dark")
    assert resolve(themed_app, "system") == "dark" and resolve(themed_app, "light") == "light"


def test_an_unknown_mode_is_refused(themed_app):
    with pytest.raises(ValueError, match="unknown theme mode"):
        apply_theme(themed_app, "sepia", None)


def test_themed_colours_follow_the_theme_in_place(themed_app):
    apply_theme(themed_app, "dark", None)
    assert SUBSTANTIVE == QColor(look.DARK["substantive"])
    apply_theme(themed_app, "light", None)
    assert SUBSTANTIVE == QColor(look.LIGHT["substantive"])


# Text colour on the ground it is drawn on, by the name in look.py.
TEXT_PAIRS = [
    ("text", "window"), ("text", "base"), ("text", "alt_base"), ("text", "button"), ("text", "panel"),
    ("highlight_text", "highlight"), ("selection_text", "selection"), ("text", "panel_hover"),
    ("strong", "window"), ("muted", "window"), ("muted", "panel"), ("muted", "base"),
    ("header_text", "header"), ("banner_text", "banner"), ("error", "window"), ("placeholder", "base"),
    ("link", "base"), ("paper_text", "paper"), ("text", "drop"), ("muted", "drop"),
    ("substantive", "base"), ("substantive", "alt_base"), ("cosmetic", "base"), ("cosmetic", "alt_base"),
    ("new", "base"), ("new", "alt_base"), ("grey", "base"), ("grey", "alt_base"), ("partial", "base"),
    ("text", "best_fill"),
]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(("ink", "ground"), TEXT_PAIRS)
def test_text_colours_meet_wcag_aa_in_both_themes(theme, ink, ground):
    colours = look.THEMES[theme]
    ratio = contrast(colours[ink], colours[ground])
    assert ratio >= AA_TEXT, f"{theme}: {ink} on {ground} is {ratio:.2f}:1"


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("ground", ["window", "base", "panel"])
def test_an_empty_check_box_stands_out_from_its_ground(theme, ground):
    colours = look.THEMES[theme]
    assert contrast(colours["control_border"], colours[ground]) >= 3.0  # WCAG 1.4.11, non-text contrast


def test_the_stylesheet_finds_its_check_mark_icons():
    sheet = stylesheet("dark")
    icons = [part.split('"')[1] for part in sheet.split("url(")[1:]]
    assert icons and all(Path(icon).is_file() for icon in icons)


@pytest.mark.parametrize("status", list(STATUS_COLOURS))
@pytest.mark.parametrize("suggested", [False, True])
def test_status_chips_meet_wcag_aa_and_say_their_status_in_words(status, suggested):
    fill, ink = STATUS_COLOURS[status]
    ground = status_background(status, suggested)
    assert contrast(ink, ground) >= AA_TEXT, f"{status} ink on its fill"
    # The colour is never the only cue: each status has a mark and a word.
    shown = status_text(status, suggested)
    assert STATUS_MARKS[status] in shown and STATUS_WORDS[status] in shown


def test_redline_colours_on_paper_meet_wcag_aa():
    paper = look.LIGHT["paper"]
    for fmt in (redline.deleted_format(), redline.inserted_format()):
        ink = fmt.foreground().color()
        assert contrast(ink, fmt.background().color()) >= AA_TEXT
        assert contrast(ink, paper) >= AA_TEXT
    assert redline.deleted_format().fontStrikeOut() and redline.inserted_format().fontUnderline()


def test_changes_are_named_in_words_not_only_coloured():
    assert {"inserted", "deleted", "modified"} <= set(CHANGE_WORDS)
    assert all(words.strip() for kind, words in CHANGE_WORDS.items() if kind != "unchanged")


def test_a_theme_change_recolours_the_open_window(themed_app, window, ui_store):
    from desktop.samples import create_sample_deal

    window.refresh_deals(select_deal=create_sample_deal(ui_store))
    window.deal_view.select_round_row(2)
    counts = window.deal_view.overview.counts
    apply_theme(themed_app, "light", None)
    assert look.LIGHT["substantive"] in counts.text()
    apply_theme(themed_app, "dark", None)
    assert look.DARK["substantive"] in counts.text()
    model = window.deal_view.clause_model
    changed = model.first_changed()
    inks = [model.index(changed.row(), column, changed.parent()).data(Qt.ItemDataRole.ForegroundRole)
            for column in range(model.columnCount())]
    names = {ink.name() for ink in inks if isinstance(ink, QColor)}
    assert names & {look.DARK["substantive"], look.DARK["new"], look.DARK["cosmetic"]}
