"""The negotiation summary as GitHub-flavoured Markdown, every piece of text escaped.

Clause text is quoted literally: each Markdown-significant character is backslash-escaped
(CommonMark allows that before any ASCII punctuation), so a clause holding `*`, `|`, `<script>`
or `&amp;` reads exactly so and never turns into emphasis, a table cell, HTML or an entity.
"""

from __future__ import annotations

import re

from desktop.export.summary.data import SummaryData
from desktop.export.summary.layout import Block, Bullets, Cell, Heading, Para, Paragraph, Table, summary_blocks

# Backslash before the characters that start emphasis, links, HTML, code, tables or
# strike-through anywhere in a line, and before an "&" that would read as an entity ("&amp;").
# Escaping only these keeps the file readable: "8.1(a)" stays "8.1(a)".
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")
# At the start of a line these make a heading, a list, a quote or a rule.
_LEADING = re.compile(r"^(\s*)([#>+\-=]|\d+(?=[.)]))")


def escape(value: str) -> str:
    """Return text that Markdown shows exactly as written, on one line."""
    return _SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", value))


def _line_start(line: str) -> str:
    """Return a paragraph line whose first character cannot start a heading, list or quote."""
    match = _LEADING.match(line)
    if match is None:
        return line
    lead, mark = match.groups()
    if mark.isdigit():  # "1. Foo" would be a numbered list: escape the dot or bracket after it
        end = match.end()
        return line[:end] + "\\" + line[end:]
    return f"{lead}\\{line[len(lead):]}"


def _runs(para: Para) -> str:
    out = []
    for run in para:
        body = escape(run.text)
        if not body.strip():
            out.append(body)
            continue
        # Emphasis markers must touch the text, so surrounding spaces go outside them.
        spaced = re.match(r"^(\s*)(.*?)(\s*)$", body)
        assert spaced is not None  # escape() leaves no line break, so the pattern always matches
        lead, core, trail = spaced.groups()
        if run.bold:
            core = f"**{core}**"
        if run.italic:
            core = f"*{core}*"
        out.append(lead + core + trail)
    return "".join(out)


def _cell(value: Cell) -> str:
    return "<br>".join(_runs(para) for para in value) or " "


def _table(table: Table) -> list[str]:
    header = [escape(h) or " " for h in table.header]
    if not any(h.strip() for h in header):
        header = [" "] * len(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return lines


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        # A "#" at the end of a heading would close it: escape every one.
        return ["#" * max(block.level, 1) + " " + escape(block.text).replace("#", "\\#")]
    if isinstance(block, Paragraph):
        line = _line_start(_runs(block.runs))
        return [f"> {line}" if block.style == "quote" else line]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Bullets):
        return [f"- {_line_start(_runs(item))}" for item in block.items]
    raise TypeError(f"unknown block {block!r}")


def render_markdown(data: SummaryData) -> str:
    """Return the summary as Markdown text (ending with one newline)."""
    parts = ["\n".join(_block(block)) for block in summary_blocks(data)]
    return "\n\n".join(parts) + "\n"
