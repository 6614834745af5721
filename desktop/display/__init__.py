"""What the window and the exports both show, as plain data and words: no Qt, no SQLite."""
