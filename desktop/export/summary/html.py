"""The negotiation summary as HTML for Qt's rich-text engine: the PDF and the window's preview.

Written for QTextDocument's HTML subset (tables with <thead>, which it repeats on every
page, percentage column widths, a small style sheet). Every piece of text goes through
html.escape, so clause text holding markup is shown, never interpreted.
"""

from __future__ import annotations

import html

from desktop.export.summary.data import SummaryData
from desktop.export.summary.layout import (
    Block,
    Bullets,
    Cell,
    Heading,
    Para,
    Paragraph,
    Run,
    Table,
    fitted,
    summary_blocks,
)

BODY_FONT = "'Times New Roman', 'Liberation Serif', serif"
HEADING_COLOUR = "#1f3864"
_STYLE = f"""
body {{ font-family: {BODY_FONT}; font-size: 10pt; color: #111111; }}
h1.title {{ font-size: 20pt; color: {HEADING_COLOUR}; margin-bottom: 4px; }}
h1 {{ font-size: 15pt; color: {HEADING_COLOUR}; margin-top: 18px; margin-bottom: 6px; }}
h2 {{ font-size: 12pt; color: {HEADING_COLOUR}; margin-top: 12px; margin-bottom: 4px; }}
p {{ margin-top: 3px; margin-bottom: 5px; }}
p.note {{ font-size: 8.5pt; color: #444444; }}
table {{ border-collapse: collapse; margin-bottom: 6px; }}
th {{ background-color: #d9e2f3; font-weight: bold; text-align: left; font-size: 9pt; }}
td {{ font-size: 9pt; vertical-align: top; }}
td p {{ margin-top: 0px; margin-bottom: 2px; }}
"""


def _runs(para: Para) -> str:
    out = []
    for run in para:
        body = html.escape(run.text, quote=True)
        if run.bold:
            body = f"<b>{body}</b>"
        if run.italic:
            body = f"<i>{body}</i>"
        out.append(body)
    return "".join(out)


def _cell(tag: str, value: Cell, width: float) -> str:
    inner = "".join(f"<p>{_runs(para)}</p>" for para in value) if len(value) > 1 else (
        _runs(value[0]) if value else "")
    return f'<{tag} width="{width * 100:.1f}%">{inner}</{tag}>'


def _table(table: Table) -> str:
    rows = []
    if any(h for h in table.header):
        header = "".join(_cell("th", ((Run(h),),), w) for h, w in zip(table.header, table.widths))
        rows.append(f"<thead><tr>{header}</tr></thead>")
    body = "".join("<tr>" + "".join(_cell("td", c, w) for c, w in zip(row, table.widths)) + "</tr>"
                   for row in table.rows)
    rows.append(f"<tbody>{body}</tbody>")
    return ('<table width="100%" border="1" cellspacing="0" cellpadding="4" '
            'style="border-color: #8eaadb;">' + "".join(rows) + "</table>")


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        if block.level == 0:
            return f'<h1 class="title">{html.escape(block.text)}</h1>'
        return f"<h{block.level}>{html.escape(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        if block.style == "quote":
            return f"<blockquote>{_runs(block.runs)}</blockquote>"
        css = ' class="note"' if block.style == "note" else ""
        return f"<p{css}>{_runs(block.runs)}</p>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{_runs(item)}</li>" for item in block.items) + "</ul>"
    raise TypeError(f"unknown block {block!r}")


def render_html(data: SummaryData) -> str:
    """Return the summary as one HTML document (UTF-8 text)."""
    body = "\n".join(_block(block) for block in summary_blocks(data))
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{html.escape(data.title)}</title><style>{_STYLE}</style></head>"
            f"<body>\n{body}\n</body></html>\n")


def render_issues_html(data: SummaryData) -> str:
    """Return the issues list as an HTML table, for the window's preview of the .xlsx and .csv."""
    from desktop.export.issues_list import COLUMNS, issue_rows

    widths = (0.04, 0.12, 0.17, 0.13, 0.08, 0.22, 0.09, 0.08, 0.07)
    table = fitted(Table(COLUMNS, tuple(tuple(((Run(str(value)),),) for value in row.cells())
                                        for row in issue_rows(data)), widths))
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{html.escape(data.title)}</title><style>{_STYLE}</style></head><body>\n"
            f'<h1 class="title">{html.escape("Issues list: " + data.deal_name)}</h1>\n'
            f"{_table(table)}\n</body></html>\n")
