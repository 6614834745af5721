"""Write a position matrix to a file a lawyer can send: Word (.docx), HTML or Markdown.

The Word table is landscape, its header row repeats on every page, and the best value for our
side is starred, bold and shaded, so it survives printing in black and white.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.matrix import (
    BEST_MARK,
    NO_VALUE,
    NOT_FOUND,
    PositionMatrix,
    legend,
    matrix_html,
    matrix_markdown,
    where_text,
)
from desktop.export.files import ExportError, write_atomically

SUFFIXES = (".docx", ".html", ".md")
TITLE = "Position matrix"


def check_suffix(out: Path) -> str:
    """Return the export format of `out`, or raise an ExportError naming the ones we write."""
    suffix = Path(out).suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"Counterdraft cannot write a position matrix as {suffix or 'a file without extension'}: "
                              "choose .docx, .html or .md.")
    return suffix


def export_matrix(m: PositionMatrix, out: Path) -> Path:
    """Return `out` once the matrix is written there (atomically: a failed write leaves no file)."""
    suffix = check_suffix(out)

    def write(path: Path) -> None:
        if suffix == ".docx":
            _write_docx(m, path)
        elif suffix == ".html":
            page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{TITLE}</title></head>"
                    f"<body><h1 style='font-family:Calibri,Arial,sans-serif'>{TITLE}</h1>{matrix_html(m)}</body></html>")
            path.write_text(page, encoding="utf-8")
        else:
            path.write_text(f"# {TITLE}\n\n{matrix_markdown(m)}", encoding="utf-8", newline="\n")

    return write_atomically(Path(out), write)


def _write_docx(m: PositionMatrix, path: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches, Pt

    def shade(cell, fill: str) -> None:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shading)

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(0.7))
    document.core_properties.title = TITLE
    document.core_properties.author = "Counterdraft"
    document.add_heading(TITLE, level=1)
    table = document.add_table(rows=len(m.keys) + 1, cols=len(m.drafts) + 1)
    table.style = document.styles["Table Grid"]
    header = table.rows[0]
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(marker)
    for cell, text in zip(header.cells, ("Position", *m.drafts)):
        cell.paragraphs[0].add_run(text).bold = True
        shade(cell, "D9E2F3")
    for row, title, cells in zip(table.rows[1:], m.titles, m.cells):
        row.cells[0].paragraphs[0].add_run(title).bold = True
        for cell, value in zip(row.cells[1:], cells):
            paragraph = cell.paragraphs[0]
            if not value.found:
                paragraph.add_run(NOT_FOUND).italic = True
                continue
            summary = value.summary or NO_VALUE
            run = paragraph.add_run(f"{BEST_MARK} {summary}" if value.better else summary)
            run.bold = value.better or None
            if value.better:
                shade(cell, "E2F0D9")
            where = where_text(value.numbers)
            if where:
                cell.add_paragraph().add_run(where).font.size = Pt(8)
    document.add_paragraph(legend(m)).runs[0].font.size = Pt(8)
    document.save(str(path))
