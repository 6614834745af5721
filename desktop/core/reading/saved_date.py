"""The date a Word draft was last saved, from its core properties (docProps/core.xml).

The import dialog offers it as the round's date when the file name carries none. Word writes
`dcterms:modified` on every save, in UTC (W3CDTF, "2024-02-02T09:30:00Z"); other programs may
leave it out or write nonsense, which is simply no date.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from desktop.core.model import ReadError

_MODIFIED = "{http://purl.org/dc/terms/}modified"
_WORD = (".docx", ".docm")


def saved_date(path: str | Path) -> datetime.date | None:
    """Return the date the Word file at `path` was last saved, or None (not Word, no date, unreadable)."""
    path = Path(path)
    if path.suffix.lower() not in _WORD:
        return None
    from desktop.core.reading import read_file_bytes  # here: that package imports this module
    from desktop.core.reading.docx import WordPackage  # only Word files need it

    try:
        package = WordPackage(read_file_bytes(path))  # a pipe or device named .docx is no date
        core = package.related("", "/core-properties")
        root = package.xml(core) if core else None
    except (OSError, ReadError):
        return None
    found = root.find(_MODIFIED) if root is not None else None
    text = (found.text or "").strip() if found is not None else ""
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).date() if text else None
    except ValueError:
        return None
