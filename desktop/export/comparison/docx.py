"""A comparison as a Word document (python-docx): a table of topics, or a redline in coloured runs.

Two vendors' papers become a landscape table, topic | A's clause | B's clause, whose header
row repeats on every page (w:tblHeader); two rounds become the whole draft with deletions
struck through in red and insertions underlined in blue, as formatting (not Word tracked
changes: File ▸ Export redline… writes those into the later draft's own file). The
confidentiality line is in the page header and "Page N of M" in the footer. python-docx writes
text as text, so a clause can hold anything.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from desktop.core.model import DiffOp
from desktop.display.compare_rows import Block
from desktop.display.document_redline import DELETED_INK, INSERTED_INK, DocumentRedline
from desktop.export.comparison.data import CONFIDENTIAL, ONE_SIDE, ComparisonReport, Side, TopicRow
from desktop.export.word_parts import clean, shade

_HEADING_COLOUR = RGBColor(0x1F, 0x38, 0x64)
_GREY = RGBColor(0x4B, 0x55, 0x63)
_WORD_COLOURS = {"Same topic": RGBColor(0x1E, 0x7B, 0x34), "Partial": RGBColor(0x8A, 0x5A, 0x00)}
_HEADER_FILL, _GAP_FILL, _RULE = "D9E2F3", "F1F2F5", "8EAADB"


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(3)
    cell = document.styles.add_style("Cell Text", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(9.5)
    cell.paragraph_format.space_after = Pt(2)
    note = document.styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(8.5)
    note.font.color.rgb = _GREY


def _field(paragraph, instruction: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay out."""
    run = paragraph.add_run()
    for kind in ("begin", "instr", "separate", "text", "end"):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = "1"
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _page(document, report: ComparisonReport) -> None:
    section = document.sections[0]
    if report.by_topic:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Inches(11), Inches(8.5)
    else:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(0.7)
    section.top_margin = section.bottom_margin = Inches(0.85)
    header = section.header.paragraphs[0]
    header.style = document.styles["Note"]
    header.text = CONFIDENTIAL
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Note"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _runs(paragraph, pieces: tuple[DiffOp, ...], *, bold: bool = False, size: float | None = None) -> None:
    for op, text in pieces:
        run = paragraph.add_run(clean(text))
        run.bold = bold or None
        if size is not None:
            run.font.size = Pt(size)
        if op == "-":
            run.font.strike = True
            run.font.color.rgb = _rgb(DELETED_INK)
        elif op == "+":
            run.font.underline = True
            run.font.color.rgb = _rgb(INSERTED_INK)


def _rules(grid) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        rule = OxmlElement(f"w:{side}")
        rule.set(qn("w:val"), "single")
        rule.set(qn("w:sz"), "4")
        rule.set(qn("w:space"), "0")
        rule.set(qn("w:color"), _RULE)
        borders.append(rule)
    # CT_TblPr is a sequence Word checks: …, tblBorders, shd, tblLayout, tblCellMar, tblLook.
    grid._tbl.tblPr.find(qn("w:tblLayout")).addprevious(borders)


def _topics(document, report: ComparisonReport) -> None:
    grid = document.add_table(rows=len(report.topics) + 1, cols=3)
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _rules(grid)
    widths = [Inches(1.7), Inches(3.9), Inches(3.9)]
    head = grid.rows[0]
    marker = OxmlElement("w:tblHeader")  # Word repeats this row at the top of every page
    marker.set(qn("w:val"), "true")
    head._tr.get_or_add_trPr().append(marker)
    for cell, (letter, name) in zip(head.cells, (("Topic", ""), ("A", report.name_a), ("B", report.name_b))):
        paragraph = cell.paragraphs[0]
        paragraph.style = document.styles["Cell Text"]
        paragraph.add_run(letter).bold = True
        if name:
            paragraph.add_run(f"  ·  {clean(name)}").font.color.rgb = _GREY
        shade(cell, _HEADER_FILL)
    for row, topic in zip(grid.rows[1:], report.topics):
        _topic_cell(document, row.cells[0], topic)
        for cell, letter, side in ((row.cells[1], "a", topic.a), (row.cells[2], "b", topic.b)):
            _side_cell(document, cell, letter, side)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _topic_cell(document, cell, topic: TopicRow) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = document.styles["Cell Text"]
    paragraph.add_run(clean(topic.topic)).bold = True
    if topic.numbers:
        numbers = cell.add_paragraph(style=document.styles["Cell Text"]).add_run(clean(topic.numbers))
        numbers.font.size = Pt(8.5)
        numbers.font.color.rgb = _GREY
    words = cell.add_paragraph(style=document.styles["Cell Text"]).add_run(topic.words)
    words.bold = True
    words.font.color.rgb = _WORD_COLOURS.get(topic.words, _GREY)
    if topic.why:
        why = cell.add_paragraph(style=document.styles["Cell Text"]).add_run(clean(topic.why))
        why.italic = True
        why.font.size = Pt(8)
        why.font.color.rgb = _GREY
    for line in topic.values:  # each key position's values on both sides, ★ on the better for us
        value = cell.add_paragraph(style=document.styles["Cell Text"]).add_run(clean(line))
        value.font.size = Pt(8.5)
        value.font.color.rgb = _GREY
    if topic.positions and not topic.values:  # named here; its values are under its first topic
        playbook = cell.add_paragraph(style=document.styles["Cell Text"]).add_run(
            clean("Playbook: " + "; ".join(topic.positions)))
        playbook.italic = True
        playbook.font.size = Pt(8.5)
        playbook.font.color.rgb = _GREY


def _side_cell(document, cell, letter: str, side: Side | None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = document.styles["Cell Text"]
    if side is None:
        run = paragraph.add_run(ONE_SIDE[letter])
        run.italic = True
        run.font.color.rgb = _GREY
        shade(cell, _GAP_FILL)
        return
    if side.blocks:
        _blocks(document, cell, side.blocks)
        return
    paragraph.add_run(clean(side.title)).bold = True
    # A side may hold several clauses' texts, one paragraph each.
    lines: list[list[DiffOp]] = [[]]
    for op, text in side.text:
        for number, part in enumerate(text.split("\n")):
            if number:
                lines.append([])
            if part:
                lines[-1].append((op, part))
    for line in lines:
        if line:
            _runs(cell.add_paragraph(style=document.styles["Cell Text"]), tuple(line))


def _blocks(document, cell, blocks: tuple[Block, ...]) -> None:
    """Write a plain side's clauses: headings bold, bullets as hanging list items, numbers first."""
    for number, block in enumerate(blocks):
        paragraph = cell.paragraphs[0] if not number else cell.add_paragraph(style=document.styles["Cell Text"])
        indent = 0.2 * (block.depth + (block.style == "item"))
        paragraph.paragraph_format.left_indent = Inches(indent)
        if block.style == "item":
            paragraph.paragraph_format.first_line_indent = Inches(-0.16)
        if block.style == "heading":
            paragraph.paragraph_format.space_before = Pt(4 if number else 0)
            paragraph.paragraph_format.keep_with_next = True
            paragraph.add_run(clean(" ".join(p for p in (block.lead, block.heading) if p))).bold = True
            continue
        if block.lead:
            lead = paragraph.add_run(clean(block.lead) + ("\t" if block.style == "item" else "  "))
            lead.bold = block.style != "item" or None
        if block.heading:
            ending = "" if block.heading.endswith((".", ":")) else "."
            paragraph.add_run(clean(f"{block.heading}{ending} ")).bold = True
        paragraph.add_run(clean(block.text))


def _redline(document, redline: DocumentRedline) -> None:
    for clause in redline.clauses:
        indent = Inches(0.25 * (clause.level - 1))
        title_size = 12 if clause.level == 1 and clause.heading_line else None
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = indent
        paragraph.paragraph_format.space_before = Pt(9 if title_size else 4)
        if clause.clause.kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            title_size = 14
        op, number = clause.number
        if number:
            _runs(paragraph, ((op, number), ("=", "  ")), bold=True, size=title_size)
        if clause.heading_line:
            _runs(paragraph, clause.heading, bold=True, size=title_size)
            _note(paragraph, clause.note)
            if not clause.text:
                continue
            paragraph.paragraph_format.keep_with_next = True  # a heading never ends a page alone
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = indent
        elif clause.note:
            _note(paragraph, clause.note)
            paragraph.add_run("  ")
        _runs(paragraph, clause.text)


def _note(paragraph, note: str) -> None:
    if note:
        run = paragraph.add_run(f"   [{note}]")
        run.italic = True
        run.font.size = Pt(9)
        run.font.color.rgb = _GREY


def write_docx(report: ComparisonReport, out: Path) -> None:
    """Write the report as a .docx to `out` (the caller makes it atomic)."""
    document = docx.Document()
    _styles(document)
    _page(document, report)
    core = document.core_properties
    core.title = clean(report.title)
    core.author = "Counterdraft"
    title = document.add_paragraph()
    run = title.add_run(clean(report.title))
    run.bold = True
    run.font.size = Pt(15)
    run.font.color.rgb = _HEADING_COLOUR
    document.add_paragraph(clean(report.subtitle), style=document.styles["Note"])
    note = document.add_paragraph(style=document.styles["Note"])
    note.add_run(clean(report.note)).italic = True
    if report.redline is not None:
        _redline(document, report.redline)
    else:
        _topics(document, report)
    document.save(str(out))


__all__ = ["write_docx"]
