"""Counterdraft: an offline record of contract negotiations, round by round."""

__version__ = "0.1.0"
