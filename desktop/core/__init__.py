"""The pure pipeline: no Qt, no SQLite. Plain functions over frozen dataclasses."""
