"""Writing a generator tree as a real draft: Markdown, or .docx with typed or automatic numbers.

Layout, as contracts are commonly typed:
  level 1  a heading "3. Fees" (Markdown `##`, Word "Heading 1") when it has no text of its own,
           else a paragraph like level 2: "3. **Fees.** Customer will pay …";
  level 2  "3.2 **Invoicing.** Provider will send …" (bold run-in title when it has one);
  level 3  "(b) the Customer …".
In Word's automatic-numbering variant the numbers are not typed: the paragraphs carry a
three-level list (numbering.xml) whose labels Word shows as "3.", "3.2" and "(b)".
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from tests.pairgen.tree import Node, label, numbers, render, walk


def _lines(title: str, sections: list[Node]) -> Iterator[tuple[int, str, str, str]]:
    """Yield (level, label, heading, rendered text) for each node in document order."""
    numbering = numbers(sections)
    for node, level, _ in walk(sections):
        yield level, label(numbering[node.uid]), node.heading, render(node.text, numbering)


def to_markdown(title: str, sections: list[Node]) -> str:
    """Return the draft as Markdown with typed numbers."""
    out = [f"# {title}"]
    for level, shown, heading, text in _lines(title, sections):
        if level == 1 and not text:
            out.append(f"## {shown} {heading or 'Section'}")
        else:
            run_in = f"**{heading}.** " if heading else ""
            out.append(f"{shown} {run_in}{text}".rstrip())
    return "\n\n".join(out) + "\n"


def to_docx(title: str, sections: list[Node], automatic: bool = False) -> bytes:
    """Return the draft as .docx bytes: typed numbers, or Word automatic numbering."""
    from docx import Document

    document = Document()
    document.add_paragraph(title, style="Title")
    num_id = _add_numbering(document) if automatic else None
    for level, shown, heading, text in _lines(title, sections):
        if level == 1 and not text:
            paragraph = document.add_paragraph(style="Heading 1")
            paragraph.add_run(heading or "Section" if automatic else f"{shown} {heading or 'Section'}")
            if num_id is not None:
                _number(paragraph, num_id, 0)
            continue
        paragraph = document.add_paragraph()
        if num_id is not None:
            _number(paragraph, num_id, level - 1)
        else:
            paragraph.add_run(f"{shown} ")
        if heading:
            paragraph.add_run(f"{heading}.").bold = True
            paragraph.add_run(" ")
        paragraph.add_run(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_ABSTRACT = 9001
_LEVELS = (("decimal", "%1."), ("decimal", "%1.%2"), ("lowerLetter", "(%3)"))


def _add_numbering(document) -> str:
    """Add a three-level list ("1.", "1.1", "(a)") to the numbering part; return its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for k, (fmt, text) in enumerate(_LEVELS)
    )
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_ABSTRACT}">{levels}</w:abstractNum>')
    first_num = numbering.find(abstract.tag.replace("abstractNum", "num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = "9001"
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{_ABSTRACT}"/></w:num>'
    ))
    return num_id


def _number(paragraph, num_id: str, level: int) -> None:
    """Attach Word automatic numbering (list `num_id`, level `level`) to a paragraph."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    properties = paragraph._p.get_or_add_pPr()
    properties.append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    ))
