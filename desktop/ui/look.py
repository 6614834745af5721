"""The window's look: Fusion with a restrained light palette, a readable UI font and the stylesheet."""

from __future__ import annotations

from desktop.resources import resource_path
from desktop.ui.qt import QApplication, QColor, QFont, QPalette, QStyleFactory

_PALETTE = {
    QPalette.ColorRole.Window: "#f5f6f8",
    QPalette.ColorRole.WindowText: "#1f2937",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f8f9fb",
    QPalette.ColorRole.Text: "#1f2937",
    QPalette.ColorRole.Button: "#f9fafb",
    QPalette.ColorRole.ButtonText: "#1f2937",
    QPalette.ColorRole.Highlight: "#2f5fb3",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#ffffff",
    QPalette.ColorRole.ToolTipText: "#1f2937",
    QPalette.ColorRole.PlaceholderText: "#9ca3af",
    QPalette.ColorRole.Link: "#1a4fbf",
}
UI_FONTS = ["Segoe UI", "Helvetica Neue", "Cantarell", "Liberation Sans", "DejaVu Sans", "sans-serif"]


def apply_look(app: QApplication) -> None:
    """Give `app` the Counterdraft style: Fusion, a light palette, a 10pt UI font and style.qss."""
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    palette = QPalette()
    for role, colour in _PALETTE.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#9ca3af"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#9ca3af"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#9ca3af"))
    app.setPalette(palette)
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSize(10)
    app.setFont(font)
    sheet = resource_path("style.qss")
    if sheet.is_file():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
