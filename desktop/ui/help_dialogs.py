"""Help ▸ Keyboard shortcuts (F1) and Help ▸ About Counterdraft.

The cheat sheet is generated from desktop/ui/shortcuts.py, the same table the menus take
their keys from. The About dialog names the version and the licences of the data shipped in
resources/ and of the libraries the app runs on; each library's version and licence are
read from its installed metadata, with the licence we checked as a fallback for a frozen
bundle that carries no metadata.
"""

from __future__ import annotations

import html
import platform
from dataclasses import dataclass
from importlib import metadata

from desktop import __version__
from desktop.qt import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget, qVersion
from desktop.ui.shortcuts import SECTIONS, SHORTCUTS, key_text


@dataclass(frozen=True)
class Library:
    """A library the app ships: its distribution name, what it does for us and its licence (if no metadata)."""

    dist: str
    name: str
    use: str
    licence: str


LIBRARIES = (
    Library("PySide6_Essentials", "Qt 6 and PySide6", "the window", "LGPL-3.0-only"),
    Library("shiboken6", "Shiboken6", "the Qt binding's runtime", "LGPL-3.0-only"),
    Library("python-docx", "python-docx", "reading and writing Word files", "MIT"),
    Library("lxml", "lxml", "Word's XML", "BSD-3-Clause"),
    Library("sqlite-utils", "sqlite-utils", "the deal database", "Apache-2.0"),
    Library("sqlite-fts4", "sqlite-fts4", "search ranking (with sqlite-utils)", "Apache-2.0"),
    Library("diff-match-patch", "diff-match-patch", "word-level redlines", "Apache-2.0"),
    Library("rapidfuzz", "RapidFuzz", "matching clauses between rounds", "MIT"),
    Library("platformdirs", "platformdirs", "where the data folder lives", "MIT"),
    Library("openpyxl", "openpyxl", "the issues list as Excel", "MIT"),
    Library("et_xmlfile", "et_xmlfile", "openpyxl's XML writer", "MIT"),
    Library("pypdf", "pypdf", "reading PDF drafts", "BSD-3-Clause"),
    Library("click", "Click", "sqlite-utils' command line", "BSD-3-Clause"),
    Library("tabulate", "tabulate", "sqlite-utils' tables", "MIT"),
    Library("python-dateutil", "python-dateutil", "sqlite-utils' dates", "Apache-2.0 OR BSD-3-Clause"),
    Library("pluggy", "pluggy", "sqlite-utils' plugins", "MIT"),
)

DATA_LICENCES = (
    ("The sample deal", "Four published versions of the Common Paper Cloud Service Agreement (v1.0 and v2.0), "
     "© Common Paper, Inc. and contributors, used under CC BY 4.0 and converted to Word. "
     "See resources/samples/SOURCES.md."),
    ("The AI-contracts playbook", "Written for Counterdraft (resources/playbooks/ai-contracts.toml and its cues); "
     "part of Counterdraft."),
    ("The position model", "resources/playbooks/ai-contracts.model.json was trained on the CUAD v1 dataset, "
     "© The Atticus Project, used under CC BY 4.0 (Hendrycks et al., 2021)."),
)


def _licence(library: Library) -> tuple[str, str] | None:
    """Return (version, licence) of an installed library from its metadata, or None when it is not installed."""
    try:
        dist = metadata.distribution(library.dist)
    except metadata.PackageNotFoundError:
        return None
    info = dist.metadata
    stated = info.get("License-Expression") or info.get("License") or ""
    # Some packages put the whole licence text in License: keep the short form then.
    licence = stated if stated and len(stated) <= 60 and "\n" not in stated else library.licence
    return dist.version, licence


def shortcuts_html() -> str:
    """Return the cheat sheet: every shortcut of shortcuts.py, grouped by where it works."""
    parts = ["<h2>Keyboard shortcuts</h2>"]
    for section in SECTIONS:
        rows = [s for s in SHORTCUTS if s.section == section and key_text(s.id)]
        if not rows:
            continue
        parts.append(f"<h3>{html.escape(section)}</h3><table cellspacing='0' cellpadding='4'>")
        for row in rows:
            parts.append(
                f"<tr><td width='190'><b>{html.escape(key_text(row.id))}</b></td>"
                f"<td>{html.escape(row.words)}</td></tr>"
            )
        parts.append("</table>")
    parts.append("<p>Every command is also in the menu bar; press Alt to reach it from the keyboard. "
                 "W, C, P, O and N set a status while the Positions tab has the focus.</p>")
    return "".join(parts)


def about_html() -> str:
    """Return the About text: version, what Counterdraft is, and the licences of its data and libraries."""
    parts = [
        f"<h2>Counterdraft {html.escape(__version__)}</h2>",
        "<p>Negotiation records for AI contracts: every round of a draft, what changed, and where each "
        "position stands. Works offline; your drafts never leave this computer.</p>",
        f"<p>Python {html.escape(platform.python_version())} · Qt {html.escape(qVersion())}</p>",
        "<h3>Bundled data</h3><ul>",
    ]
    parts += [f"<li><b>{html.escape(name)}</b>: {html.escape(text)}</li>" for name, text in DATA_LICENCES]
    parts.append("</ul><h3>Libraries</h3><table cellspacing='0' cellpadding='3'>")
    for library in LIBRARIES:
        found = _licence(library)
        if found is None:
            continue  # not part of this installation
        version, licence = found
        parts.append(
            f"<tr><td><b>{html.escape(library.name)}</b> {html.escape(version)}</td>"
            f"<td>{html.escape(licence)}</td><td>{html.escape(library.use)}</td></tr>"
        )
    parts.append("</table><p>Qt and PySide6 are used under the GNU LGPL version 3: you may replace "
                 "them with your own build of the same version.</p>")
    return "".join(parts)


class HelpDialog(QDialog):
    """A dialog showing one page of help text and a Close button."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpText")
        self.browser.setAccessibleName(title)
        self.browser.setOpenLinks(False)
        self.browser.setHtml(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 620)


def show_shortcuts(parent: QWidget) -> HelpDialog:
    """Open the keyboard shortcut cheat sheet beside `parent` (not blocking) and return it."""
    return _show(parent, HelpDialog("Keyboard shortcuts — Counterdraft", shortcuts_html(), parent))


def show_about(parent: QWidget) -> HelpDialog:
    """Open the About dialog beside `parent` (not blocking) and return it."""
    return _show(parent, HelpDialog("About Counterdraft", about_html(), parent))


def _show(parent: QWidget, dialog: HelpDialog) -> HelpDialog:
    # One page of help at a time: the one open before closes (its parent keeps it alive).
    for old in parent.findChildren(HelpDialog):
        if old is not dialog:
            old.close()
    dialog.show()
    return dialog
