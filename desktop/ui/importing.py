"""What "Import round…" accepts; the work behind it is desktop.core.rounds.prepare_rounds."""

from __future__ import annotations

SUPPORTED_SUFFIXES = (".docx", ".md", ".markdown", ".txt")
