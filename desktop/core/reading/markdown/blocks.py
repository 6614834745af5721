"""Recognising a Markdown line's block syntax by hand: ATX headings, table rules, the YAML title.

Each was a regular expression whose runs of spaces could be split in many ways before it
failed (`# a`, ten thousand spaces, `b`), so one line cost time quadratic in its length. These
functions give the same answers in one pass.
"""

from __future__ import annotations

_BLANKS = " \t"


def atx_heading(line: str) -> tuple[int, str] | None:
    """Return (level 1-6, heading source) when `line` (no leading spaces) is an ATX heading, else None.

    As `^(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$` did: up to six `#`, then nothing or a
    space; the source drops the spaces around it and a closing run of `#` after a space.
    """
    hashes = len(line) - len(line.lstrip("#"))
    if not 1 <= hashes <= 6:
        return None
    rest = line[hashes:]
    if not rest:
        return hashes, ""
    if rest[0] not in _BLANKS:
        return None
    source = rest.lstrip(_BLANKS).rstrip(_BLANKS)
    closing = source.rstrip("#")
    if closing != source and closing and closing[-1] in _BLANKS:
        source = closing.rstrip(_BLANKS)
    return hashes, source


def is_table_rule(line: str) -> bool:
    """Return whether `line` is a table's rule under its header row: `| --- | :-: |`.

    As `^\\|?[ \\t]*:?-+:?[ \\t]*(\\|[ \\t]*:?-+:?[ \\t]*)*\\|?[ \\t]*$` did.
    """
    if line.startswith("|"):
        line = line[1:]
    line = line.rstrip(_BLANKS)
    if line.endswith("|"):
        line = line[:-1]
    for cell in line.split("|"):
        cell = cell.strip(_BLANKS)
        cell = cell[1:] if cell.startswith(":") else cell
        cell = cell[:-1] if cell.endswith(":") else cell
        if not cell or cell.strip("-"):
            return False
    return True


def yaml_title(front_matter: str) -> str | None:
    """Return the value of the first `title:` line of YAML front matter, or None.

    As `^title:[ \\t]*(.+?)[ \\t]*$` (multi-line) did: the spaces around the value go, and a
    value of nothing but spaces is its last space.
    """
    for line in front_matter.split("\n"):
        if line.startswith("title:") and len(line) > 6:
            value = line[6:].strip(_BLANKS)
            return value or line[-1]
    return None
