"""The negotiation summary as a Word document (python-docx), laid out as a lawyer would send it.

Real Word styles (Title, Heading 1, Heading 2, List Bullet, and a "Table Text" style of our
own), tables whose header row repeats on every page (w:tblHeader), the confidentiality line
in the page header and "Page N of M" in the footer as PAGE / NUMPAGES fields, which Word and
LibreOffice fill in. python-docx writes text as text, so clause text can hold anything.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from desktop.export.summary.data import CONFIDENTIAL, SummaryData
from desktop.export.summary.layout import Block, Bullets, Heading, Para, Paragraph, Table, summary_blocks
from desktop.export.word_parts import clean, shade

_TEXT_WIDTH = Inches(6.9)  # US Letter, 0.8" margins
_HEADER_FILL = "D9E2F3"
_RULE_COLOUR = "8EAADB"
_HEADING_COLOUR = RGBColor(0x1F, 0x38, 0x64)
# XML 1.0 forbids most control characters; Word refuses a file containing one.


def _styles(document: docx.document.Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 12)):
        style = styles[name]
        style.font.name = "Times New Roman"
        style.font.size = Pt(size)
        style.font.color.rgb = _HEADING_COLOUR
        # The template's headings take the theme's font (w:asciiTheme), which beats w:ascii.
        fonts = style.element.rPr.rFonts
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(9)
    table_text.paragraph_format.space_after = Pt(1)
    note = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(8.5)
    note.font.color.rgb = RGBColor(0x44, 0x44, 0x44)


def _field(paragraph, instruction: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _page_furniture(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Inches(0.8))
    section.top_margin = section.bottom_margin = Inches(0.9)
    header = section.header.paragraphs[0]
    header.text = CONFIDENTIAL
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.style = document.styles["Note"]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.style = document.styles["Note"]
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _add_runs(paragraph, runs: Para) -> None:
    for run in runs:
        added = paragraph.add_run(clean(run.text))
        added.bold = run.bold or None
        added.italic = run.italic or None


def _repeat_as_header(row) -> None:
    """Mark a row as the table's header row, which Word repeats at the top of every page."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _no_split(row) -> None:
    """Keep a row on one page where it fits (long rows still break)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _borders_and_padding(grid) -> None:
    """Give the table the PDF's light blue rules and a little room above and below each cell's text."""
    properties = grid._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        rule = OxmlElement(f"w:{side}")
        rule.set(qn("w:val"), "single")
        rule.set(qn("w:sz"), "4")
        rule.set(qn("w:space"), "0")
        rule.set(qn("w:color"), _RULE_COLOUR)
        borders.append(rule)
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 29), ("left", 86), ("bottom", 29), ("right", 86)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # CT_TblPr is a sequence Word checks: …, tblBorders, shd, tblLayout, tblCellMar, tblLook.
    layout = properties.find(qn("w:tblLayout"))
    layout.addprevious(borders)
    layout.addnext(margins)


def _table(document: docx.document.Document, table: Table) -> None:
    has_header = any(table.header)
    rows = len(table.rows) + (1 if has_header else 0)
    grid = document.add_table(rows=rows, cols=len(table.widths))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _borders_and_padding(grid)
    widths = [int(_TEXT_WIDTH * share) for share in table.widths]
    for column, width in zip(grid.columns, widths):
        column.width = width
    body_rows = grid.rows
    if has_header:
        head = grid.rows[0]
        _repeat_as_header(head)
        for cell, title in zip(head.cells, table.header):
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles["Table Text"]
            paragraph.paragraph_format.keep_with_next = True  # the header row stays with the first row
            paragraph.add_run(clean(title)).bold = True
            shade(cell, _HEADER_FILL)
        body_rows = grid.rows[1:]
    for row, values in zip(body_rows, table.rows):
        if len(table.widths) > 2:
            _no_split(row)
        for cell, value in zip(row.cells, values):
            for index, para in enumerate(value):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                paragraph.style = document.styles["Table Text"]
                _add_runs(paragraph, para)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def _block(document: docx.document.Document, block: Block, *, keep_with_next: bool = False) -> None:
    if isinstance(block, Heading):
        document.add_heading(clean(block.text), level=block.level)
    elif isinstance(block, Paragraph):
        style = {"note": "Note", "quote": "Quote"}.get(block.style, "Normal")
        paragraph = document.add_paragraph(style=document.styles[style])
        paragraph.paragraph_format.keep_with_next = keep_with_next or None
        _add_runs(paragraph, block.runs)
    elif isinstance(block, Table):
        _table(document, block)
    elif isinstance(block, Bullets):
        for item in block.items:
            _add_runs(document.add_paragraph(style=document.styles["List Bullet"]), item)
    else:
        raise TypeError(f"unknown block {block!r}")


# docProps/app.xml as Counterdraft writes it: the template's says "Microsoft Macintosh Word",
# a template name and page and word counts of an empty page (Word recounts when it saves).
_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Counterdraft</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
).encode("utf-8")
# What python-docx's template leaves in word/settings.xml about its own editing sessions.
_TEMPLATE_SETTINGS = ("w:rsids", "w14:docId", "w:savePreviewPicture", "w:proofState")


def _properties(document: docx.document.Document, data: SummaryData) -> None:
    """Give the file its own properties: title, author, dates now, and none of the template's."""
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0, tzinfo=None)
    properties = document.core_properties
    properties.title = clean(data.title)
    properties.subject = "Negotiation summary"
    properties.author = clean(data.author)
    properties.last_modified_by = clean(data.author)
    properties.comments = CONFIDENTIAL
    properties.created = properties.modified = now
    properties.revision = 1
    properties.keywords = properties.category = ""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = _APP_XML
        elif rel.reltype == RT.THUMBNAIL:  # a picture of the template's empty page
            del package.rels[rel_id]
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML:  # the template's empty bibliography
            del document.part.rels[rel_id]
    settings = document.settings.element
    for name in _TEMPLATE_SETTINGS:
        for element in settings.findall(qn(name)):
            settings.remove(element)


def build_docx(data: SummaryData) -> docx.document.Document:
    """Return the summary as a python-docx Document, ready to save."""
    document = docx.Document()
    _styles(document)
    _page_furniture(document)
    _properties(document, data)
    blocks = summary_blocks(data)
    for index, block in enumerate(blocks):
        # A paragraph that leads into a table ("Our ask", "Fallback") stays on the table's page,
        # and so does a section's introduction, between its heading and the first sub-heading.
        following = next((b for b in blocks[index + 1:] if not isinstance(b, Paragraph)), None)
        before = blocks[index - 1] if index else None
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        introduces = isinstance(before, Heading) and isinstance(after, Heading) and after.level > before.level
        leads = isinstance(following, Table) or introduces
        _block(document, block, keep_with_next=isinstance(block, Paragraph) and leads)
    return document


def write_docx(data: SummaryData, out: Path) -> None:
    """Save the summary as .docx at `out` (the caller makes the write atomic)."""
    build_docx(data).save(str(out))
