"""Reading a Markdown draft into paragraphs, with list labels as a renderer shows them.

The block rules follow pandoc's Markdown (the corpus's .docx files were made with pandoc, and
the labels of the .md and the .docx of the same draft should agree): ordered lists number
their items from the first marker's value and keep its delimiter ("1.", "a)", "(iii)"); a list
inside a list item needs no blank line before it; lines after a list item's first line belong
to it until a blank line. Two deliberate differences, both matching how GitHub shows these
drafts (and so how their authors saw them): a bullet list may start right after a paragraph
line, and `> [!NOTE]` admonition markers are dropped. Indented lines outside lists are read as
ordinary paragraphs, not code: in a contract they are indented clauses.

Bullet items get the glyph pandoc's Word output shows ("•" at even depths, "–" at odd), so
the label says "this is a list item" exactly as the .docx does. Paragraphs that continue a list
item (indented under it) have label "" and the item's `num_level`; paragraphs outside lists
have `num_level` None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.core.model import CancelFlag, Paragraph
from desktop.core.reading.markdown.blocks import atx_heading, is_table_rule, yaml_title
from desktop.core.reading.markdown.html import html_block_end, html_block_paragraphs, is_html_block_start
from desktop.core.reading.markdown.inline import inline_text, run_in_title
from desktop.core.reading.markdown.lists import Marker, bullet_glyph, list_label, parse_marker
from desktop.core.reading.markdown.spans import remove_comments
from desktop.core.work import Progress, check_cancel

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_RULE = re.compile(r"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_TASK = re.compile(r"^\[([ xX])\][ \t]+")

_ADMONITION = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$", re.I)
# Lists and quotes nested deeper than this are read as the deepest one's text: no draft nests
# so deep (Word stops at nine list levels), and each level costs a pass over its lines.
MAX_NESTING = 16
_EVERY = 256  # lines between looks at the cancel flag in the inner loops


@dataclass
class _Out:
    """The paragraphs read so far and the counters shared across nesting."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    lists: int = 0
    tables: int = 0


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


@dataclass
class _Context:
    """Where the lines being parsed sit: list nesting, and the label owed to the first paragraph."""

    depth: int = 0  # number of enclosing list items
    label: str = ""  # label of the enclosing item, given to its first paragraph
    num_id: str = ""
    in_item: bool = False


class _Reader:
    """A small recursive block parser emitting Paragraphs in order.

    Lists and quotes recurse, MAX_NESTING levels at most: deeper list markers are read as text
    and deeper quote markers are dropped.
    """

    def __init__(self, out: _Out, cancel: CancelFlag | None, progress: Progress | None) -> None:
        self.out = out
        self.cancel = cancel
        self.progress = progress
        self.nesting = 0  # lists and quotes around the lines being read
        self.steps = 0

    def tick(self) -> None:
        """Look at the cancel flag every _EVERY calls; the inner loops call this once a line."""
        self.steps += 1
        if self.steps % _EVERY == 0:
            check_cancel(self.cancel)

    def nested(self, lines: list[str], ctx: _Context) -> None:
        """Parse the lines inside a list item or a quote, one level deeper."""
        self.nesting += 1
        try:
            self.blocks(lines, ctx)
        finally:
            self.nesting -= 1

    def emit(self, ctx: _Context, text: str, raw: str, *, level: int | None = None,
             in_table: bool = False, cell: tuple[int, int, int] | None = None,
             label: str | None = None, num_level: int | None = None) -> None:
        """Append one paragraph, giving it the enclosing item's label if it is the first."""
        if label is None and ctx.label:
            label, num_level, num_id = ctx.label, ctx.depth - 1, ctx.num_id
            ctx.label = ""
        elif label is None:
            label, num_id = "", ""
            num_level = ctx.depth - 1 if ctx.in_item else None
        else:
            num_id = ctx.num_id
        style = f"Heading {level + 1}" if level is not None else (
            "Table" if in_table else ("List Paragraph" if num_level is not None else "Normal"))
        bold = run_in_title(raw, self.cancel) if raw else ""
        self.out.paragraphs.append(Paragraph(
            index=len(self.out.paragraphs), text=text, label=label, style=style,
            outline_level=level, num_id=num_id if label else "", num_level=num_level,
            bold_prefix=bold, in_table=in_table, table_cell=cell))

    def paragraph(self, ctx: _Context, lines: list[str]) -> None:
        raw = "\n".join(line.strip() for line in lines)
        text = inline_text(raw, self.cancel)
        if text or ctx.label:
            self.emit(ctx, text, raw)

    def blocks(self, lines: list[str], ctx: _Context) -> None:
        """Parse `lines` (already de-indented for their container) into paragraphs."""
        para: list[str] = []
        i, n = 0, len(lines)
        while i < n:
            check_cancel(self.cancel)
            if self.progress is not None and ctx.depth == 0:
                self.progress(i, n)
            line = lines[i]
            stripped = line.strip()
            if not stripped:
                if para:
                    self.paragraph(ctx, para)
                    para = []
                i += 1
                continue
            body = line.lstrip(" ")
            shallow = _indent(line) <= 3 or not para
            if para and _SETEXT.match(stripped) and _indent(line) <= 3:
                raw = "\n".join(p.strip() for p in para)
                self.emit(ctx, inline_text(raw, self.cancel), raw, level=0 if stripped[0] == "=" else 1)
                para, i = [], i + 1
                continue
            if shallow and (heading := atx_heading(body)):
                if para:
                    self.paragraph(ctx, para)
                    para = []
                hashes, raw = heading
                text = inline_text(raw, self.cancel)
                if text or ctx.label:
                    self.emit(ctx, text, raw, level=hashes - 1)
                i += 1
                continue
            if shallow and _RULE.match(stripped):  # a horizontal rule shows no words
                if para:
                    self.paragraph(ctx, para)
                    para = []
                i += 1
                continue
            if shallow and (fence := _FENCE.match(body)):
                if para:
                    self.paragraph(ctx, para)
                    para = []
                i = self.code(ctx, lines, i, fence.group(1))
                continue
            if shallow and body.startswith(">"):
                if para:
                    self.paragraph(ctx, para)
                    para = []
                i = self.quote(ctx, lines, i)
                continue
            if shallow and self.table_starts(lines, i, bool(para)):
                if para:
                    self.paragraph(ctx, para)
                    para = []
                i = self.table(ctx, lines, i)
                continue
            if shallow and not para and is_html_block_start(body):
                end = html_block_end(lines, i, self.cancel)
                block = "\n".join(lines[i:end])
                for text, raw, level, label, depth in html_block_paragraphs(block, self.cancel):
                    self.emit(ctx, text, raw, level=level,
                              label=label if label else None,
                              num_level=(ctx.depth + depth) if label else None)
                i = end
                continue
            marker = parse_marker(body) if _indent(line) <= 3 and self.nesting < MAX_NESTING else None
            if marker and (not para or self.may_interrupt(marker, ctx)):
                if para:
                    self.paragraph(ctx, para)
                    para = []
                i = self.list_block(ctx, lines, i)
                continue
            para.append(line)
            i += 1
        if para:
            self.paragraph(ctx, para)

    @staticmethod
    def may_interrupt(marker: Marker, ctx: _Context) -> bool:
        """Return whether a list marker may start a list right after a paragraph line."""
        # Inside a list item pandoc starts a nested list without a blank line; at top level
        # GitHub starts bullet lists, and ordered lists only from 1 (CommonMark's rule).
        return ctx.in_item or marker.bullet or marker.value == 1

    def code(self, ctx: _Context, lines: list[str], i: int, fence: str) -> int:
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            self.tick()
            body.append(lines[j])
            j += 1
        text = "\n".join(body).strip("\n")
        if text.strip():
            self.emit(ctx, text, "")
        return j + 1

    def quote(self, ctx: _Context, lines: list[str], i: int) -> int:
        inner: list[str] = []
        j = i
        flatten = self.nesting >= MAX_NESTING
        while j < len(lines) and lines[j].strip():
            self.tick()
            body = lines[j].lstrip(" ")
            if body.startswith(">") and flatten:
                body = body.lstrip("> ")  # this deep, a quote's quotes are one with it
            elif body.startswith(">"):
                body = body[1:]
                body = body[1:] if body.startswith(" ") else body
            if not _ADMONITION.match(body.strip()):
                inner.append(body)
            j += 1
        self.nested(inner, ctx)
        return j

    @staticmethod
    def table_starts(lines: list[str], i: int, in_para: bool) -> bool:
        body = lines[i].strip()
        if "|" not in body or in_para:
            return False
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        return is_table_rule(following) and "-" in following or (
            body.startswith("|") and body.endswith("|") and len(body) > 1)

    def table(self, ctx: _Context, lines: list[str], i: int) -> int:
        self.out.tables += 1
        row = 0
        j = i
        while j < len(lines) and lines[j].strip() and "|" in lines[j]:
            self.tick()
            body = lines[j].strip()
            j += 1
            if is_table_rule(body) and "-" in body:
                continue
            cells = re.split(r"(?<!\\)\|", body.strip("|"))
            texts = [text for text in (inline_text(cell, self.cancel) for cell in cells) if text]
            if texts:  # empty cells (signature blanks) carry no words
                self.emit(ctx, " | ".join(texts), "", in_table=True,
                          cell=(self.out.tables - 1, row, 0), label="", num_level=None)
                row += 1
        return j

    @staticmethod
    def nested_short(line: str, indent: int) -> bool:
        """Return whether `line` starts a sub-list indented only 2-3 spaces under an item at `indent`.

        pandoc wants a sub-list under "1. " indented to the item's text (3 spaces); drafts
        written by hand often use 2, and mean a sub-list all the same.
        """
        return _indent(line) >= indent + 2 and parse_marker(line.lstrip(" ")) is not None

    def list_block(self, ctx: _Context, lines: list[str], i: int) -> int:
        """Parse one list starting at line `i`; return the index of the first line after it."""
        first = parse_marker(lines[i].lstrip(" "))
        assert first is not None
        if ctx.label:  # an item that opens with a sub-list still shows its own label first
            self.emit(ctx, "", "")
        self.out.lists += 1
        num_id = f"md{self.out.lists}"
        count = 0
        n = len(lines)
        while i < n:
            self.tick()
            line = lines[i]
            indent = _indent(line)
            marker = parse_marker(line.lstrip(" "), first.style)
            if (marker is None or indent > 3 or marker.bullet != first.bullet
                    or marker.style != first.style or marker.delim != first.delim):
                break
            content = indent + marker.content
            item = [line[content:] if len(line) > content else ""]
            j = i + 1
            while j < n:
                self.tick()
                nxt = lines[j]
                if not nxt.strip():
                    k = j
                    while k < n and not lines[k].strip():
                        self.tick()
                        k += 1
                    if k < n and (_indent(lines[k]) >= content or self.nested_short(lines[k], indent)):
                        item.extend([""] * (k - j))
                        j = k
                        continue
                    break
                nind = _indent(nxt)
                if nind >= content:
                    item.append(nxt[content:])
                elif self.nested_short(nxt, indent):
                    content = nind
                    item.append(nxt[content:])
                elif parse_marker(nxt.lstrip(" ")) or atx_heading(nxt.lstrip(" ")) or (
                        not item[-1].strip()):
                    break
                else:
                    item.append(nxt.lstrip(" "))  # lazy continuation line
                j += 1
            if first.bullet:
                label = bullet_glyph(ctx.depth)
            else:
                label = list_label(first.style, first.delim, first.value + count)
            task = _TASK.match(item[0])
            if task:
                item[0] = ("☒ " if task.group(1) != " " else "☐ ") + item[0][task.end():]
            inner = _Context(depth=ctx.depth + 1, label=label, num_id=num_id, in_item=True)
            self.nested(item, inner)
            if inner.label:  # an empty item still shows its label
                self.emit(inner, "", "")
            count += 1
            i = j
            while i < n and not lines[i].strip():
                self.tick()
                i += 1
        return i


def read_markdown_text(text: str, cancel: CancelFlag | None = None,
                       progress: Progress | None = None) -> tuple[list[Paragraph], str]:
    """Return the paragraphs of Markdown `text` and its title (from YAML front matter or "")."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    title = ""
    front = _FRONT_MATTER.match(text)
    if front:
        found = yaml_title(front.group(1))
        title = found.strip("'\"") if found else ""
        text = text[front.end():]
    text = remove_comments(text, cancel)
    lines = [line.expandtabs(4) for line in text.split("\n")]
    out = _Out()
    _Reader(out, cancel, progress).blocks(lines, _Context())
    if progress is not None:
        progress(len(lines), len(lines))
    return out.paragraphs, title
