"""Word list numbering from small numbering.xml and styles.xml written out in each test."""

from __future__ import annotations

import pytest

from desktop.core.reading.docx import read_docx
from desktop.core.reading.docx.numbering import ListCounter, ListDefinitions, format_number
from desktop.core.reading.docx.package import parse_xml
from desktop.core.reading.docx.styles import StyleSheet
from tests.core.hostile import docx_bytes, paragraph, part


def level(ilvl: int, fmt: str = "decimal", text: str = "%1.", start: int | None = 1, extra: str = "") -> str:
    """Return one w:lvl element."""
    start_el = f'<w:start w:val="{start}"/>' if start is not None else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}">{start_el}<w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def abstract(abstract_id: str, *levels: str, extra: str = "") -> str:
    """Return one w:abstractNum element."""
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{extra}{"".join(levels)}</w:abstractNum>'


def num(num_id: str, abstract_id: str, overrides: str = "") -> str:
    """Return one w:num element."""
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def start_override(ilvl: int, value: int) -> str:
    """Return a w:lvlOverride that restarts a level at `value`."""
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{value}"/></w:lvlOverride>'


def counter(numbering: str, styles: str | None = None) -> ListCounter:
    """Return a fresh ListCounter over this numbering.xml inside (and styles.xml inside)."""
    sheet = StyleSheet(parse_xml(part("styles", styles).encode(), "styles.xml") if styles else None)
    root = parse_xml(part("numbering", numbering).encode(), "numbering.xml")
    return ListCounter(ListDefinitions(root, sheet))


def labels(count: ListCounter, steps: list[tuple[str, int]]) -> list[str | None]:
    """Return the labels of paragraphs numbered (numId, ilvl) in this order."""
    return [count.next_label(num_id, ilvl) for num_id, ilvl in steps]


LEGAL = abstract("0", level(0, text="%1."), level(1, text="%1.%2"), level(2, "lowerLetter", "(%3)"))


def test_multilevel_text_joins_the_levels_and_deeper_levels_restart():
    count = counter(LEGAL + num("1", "0"))
    steps = [("1", 0), ("1", 1), ("1", 1), ("1", 2), ("1", 2), ("1", 0), ("1", 1), ("1", 2)]
    assert labels(count, steps) == ["1.", "1.1", "1.2", "(a)", "(b)", "2.", "2.1", "(a)"]


def test_start_value_of_a_level():
    count = counter(abstract("0", level(0, text="Article %1", start=5)) + num("1", "0"))
    assert labels(count, [("1", 0), ("1", 0)]) == ["Article 5", "Article 6"]


def test_absent_start_means_zero_as_the_standard_says():
    count = counter(abstract("0", level(0, start=None)) + num("1", "0"))
    assert labels(count, [("1", 0), ("1", 0)]) == ["0.", "1."]


def test_instances_of_one_definition_continue_one_count():
    count = counter(abstract("0", level(0)) + num("1", "0") + num("2", "0"))
    assert labels(count, [("1", 0), ("2", 0), ("1", 0)]) == ["1.", "2.", "3."]


def test_start_override_restarts_once_then_the_shared_count_continues():
    numbering = abstract("3", level(0)) + num("1", "3") + num("2", "3", start_override(0, 8))
    count = counter(numbering)
    steps = [("1", 0)] * 5 + [("2", 0), ("1", 0), ("1", 0), ("2", 0)]
    assert labels(count, steps) == ["1.", "2.", "3.", "4.", "5.", "8.", "9.", "10.", "11."]


def test_pandoc_nested_lists_restart_each_sub_list():
    # pandoc gives every nested list its own w:num over one definition, each restarting at 1.
    overrides = "".join(start_override(n, 1) for n in range(9))
    numbering = (
        abstract("9", level(0, text="%1."), level(1, "lowerLetter", "%2."))
        + num("1001", "9", overrides)
        + num("1002", "9", overrides)
        + num("1003", "9", overrides)
    )
    steps = [("1001", 0), ("1002", 1), ("1002", 1), ("1001", 0), ("1003", 1), ("1001", 0)]
    assert labels(counter(numbering), steps) == ["1.", "a.", "b.", "2.", "a.", "3."]


def test_overriding_level_definition_brings_its_own_format_and_start():
    override = f'<w:lvlOverride w:ilvl="0">{level(0, "upperRoman", "%1)", start=3)}</w:lvlOverride>'
    count = counter(abstract("0", level(0)) + num("1", "0") + num("2", "0", override))
    assert labels(count, [("2", 0), ("2", 0), ("1", 0)]) == ["III)", "IV)", "5."]


def test_lower_roman_in_parentheses():
    count = counter(abstract("0", level(0, "lowerRoman", "(%1)")) + num("1", "0"))
    assert labels(count, [("1", 0)] * 4) == ["(i)", "(ii)", "(iii)", "(iv)"]


def test_is_lgl_shows_every_level_in_decimal():
    numbering = abstract(
        "0", level(0, "upperRoman", "Article %1."), level(1, "decimal", "%1.%2", extra="<w:isLgl/>")
    )
    count = counter(numbering + num("1", "0"))
    assert labels(count, [("1", 0), ("1", 1), ("1", 0), ("1", 1)]) == [
        "Article I.", "1.1", "Article II.", "2.1",
    ]


def test_lvl_restart_zero_never_restarts():
    numbering = abstract(
        "0", level(0), level(1, "lowerLetter", "(%2)", extra='<w:lvlRestart w:val="0"/>')
    )
    count = counter(numbering + num("1", "0"))
    assert labels(count, [("1", 0), ("1", 1), ("1", 1), ("1", 0), ("1", 1)]) == [
        "1.", "(a)", "(b)", "2.", "(c)",
    ]


def test_lvl_restart_after_a_higher_level_only():
    numbering = abstract(
        "0", level(0), level(1, text="%1.%2"), level(2, "lowerLetter", "(%3)", extra='<w:lvlRestart w:val="1"/>')
    )
    count = counter(numbering + num("1", "0"))
    steps = [("1", 0), ("1", 1), ("1", 2), ("1", 1), ("1", 2), ("1", 0), ("1", 2)]
    assert labels(count, steps) == ["1.", "1.1", "(a)", "1.2", "(b)", "2.", "(a)"]


def test_a_level_never_used_shows_zero_as_word_does():
    count = counter(LEGAL + num("1", "0"))
    assert labels(count, [("1", 1), ("1", 0), ("1", 1)]) == ["0.1", "1.", "1.1"]


def test_bullets_show_their_glyph_with_symbol_font_code_points_mapped():
    numbering = abstract("0", level(0, "bullet", "\uf0b7"), level(1, "bullet", "o"), level(2, "bullet", "–"))
    count = counter(numbering + num("1", "0"))
    assert labels(count, [("1", 0), ("1", 1), ("1", 2)]) == ["•", "o", "–"]


def test_format_none_shows_only_the_literal_text():
    count = counter(abstract("0", level(0, "none", "Schedule")) + num("1", "0"))
    assert labels(count, [("1", 0)]) == ["Schedule"]


def test_number_format_inside_markup_compatibility_fallback():
    lvl = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice>'
        '<mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent>'
        '<w:lvlText w:val="%1."/></w:lvl>'
    )
    count = counter(abstract("0", lvl) + num("1", "0"))
    assert labels(count, [("1", 0)]) == ["01."]


def test_numbering_style_link_uses_the_linked_definition():
    numbering = (
        abstract("10", extra='<w:numStyleLink w:val="ContractList"/>')
        + abstract("11", level(0, "upperLetter", "%1."), extra='<w:styleLink w:val="ContractList"/>')
        + num("5", "11")
        + num("6", "10")
    )
    styles = (
        '<w:style w:type="numbering" w:styleId="ContractList"><w:name w:val="Contract List"/>'
        '<w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
    )
    assert labels(counter(numbering, styles), [("6", 0), ("6", 0), ("5", 0)]) == ["A.", "B.", "C."]


def test_broken_references_give_no_label_and_are_counted():
    numbering = abstract("0", level(0)) + num("1", "0") + num("2", "404")
    count = counter(numbering)
    assert labels(count, [("1", 0), ("2", 0), ("9", 0), ("0", 0), ("1", 7)]) == ["1.", None, None, None, ""]
    assert count.broken == {"2": 1, "9": 1}


def test_numbering_style_link_cycle_is_broken_not_endless():
    numbering = abstract("1", extra='<w:numStyleLink w:val="Loop"/>') + num("1", "1")
    styles = '<w:style w:type="numbering" w:styleId="Loop"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    assert labels(counter(numbering, styles), [("1", 0)]) == [None]


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (27, "lowerLetter", "aa"), (53, "upperLetter", "AAA"), (1994, "upperRoman", "MCMXCIV"),
        (4, "lowerRoman", "iv"), (7, "decimalZero", "07"), (12, "decimalZero", "12"),
        (1, "ordinal", "1st"), (22, "ordinal", "22nd"), (13, "ordinal", "13th"),
        (21, "cardinalText", "Twenty-one"), (9, "ordinalText", "Ninth"), (20, "ordinalText", "Twentieth"),
        (3, "decimalEnclosedParen", "(3)"), (5, "chicago", "**"), (3, "none", ""), (8, "hebrew1", "8"),
        (10**20, "lowerLetter", str(10**20)), (0, "upperRoman", "0"),
    ],
)
def test_number_formats(value, fmt, shown):
    assert format_number(value, fmt) == shown


# -- numbering through paragraphs and styles, read from whole documents ----------------------

HEADINGS_STYLES = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Heading1"/>'
    '<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="ClauseHeading"><w:name w:val="Clause Heading"/>'
    '<w:basedOn w:val="Heading1"/></w:style>'
)
HEADINGS_NUMBERING = (
    abstract(
        "2",
        level(0, text="%1.", extra='<w:pStyle w:val="Heading1"/>'),
        level(1, text="%1.%2", extra='<w:pStyle w:val="Heading2"/>'),
    )
    + num("7", "2")
)


def test_numbering_from_paragraph_styles_and_their_levels():
    body = (
        paragraph("Definitions", style="Heading1")
        + paragraph("Terms", style="Heading2")
        + paragraph("Fees", style="Heading2")
        + paragraph("Inherits numbering through basedOn", style="ClauseHeading")
        + paragraph("Numbering removed here", style="Heading1", num=("0", 0))
        + paragraph("Direct level wins", style="Heading1", ppr='<w:numPr><w:ilvl w:val="1"/></w:numPr>')
    )
    doc = read_docx("h.docx", docx_bytes(body, numbering=HEADINGS_NUMBERING, styles=HEADINGS_STYLES))
    assert [(p.label, p.num_level) for p in doc.paragraphs] == [
        ("1.", 0), ("1.1", 1), ("1.2", 1), ("2.", 0), ("", None), ("2.1", 1),
    ]
    assert [p.style for p in doc.paragraphs[:2]] == ["Heading 1", "Heading 2"]
    assert [p.outline_level for p in doc.paragraphs[:4]] == [0, 1, 1, 0]


def test_deleted_numbered_paragraphs_do_not_count():
    deleted_mark = "<w:rPr><w:del w:id='1' w:author='A'/></w:rPr>"
    body = (
        paragraph("First", num=("1", 0))
        + f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>{deleted_mark}</w:pPr>'
        '<w:del w:id="2" w:author="A"><w:r><w:delText>Deleted clause</w:delText></w:r></w:del></w:p>'
        + paragraph("Second", num=("1", 0))
    )
    doc = read_docx("d.docx", docx_bytes(body, numbering=abstract("0", level(0)) + num("1", "0")))
    assert [(p.label, p.text) for p in doc.paragraphs] == [("1.", "First"), ("2.", "Second")]


def test_broken_numbering_warns_and_reads_on():
    body = paragraph("Orphan", num=("42", 0)) + paragraph("Fine", num=("1", 0))
    doc = read_docx("b.docx", docx_bytes(body, numbering=abstract("0", level(0)) + num("1", "0") + num("42", "99")))
    assert [(p.label, p.text) for p in doc.paragraphs] == [("", "Orphan"), ("1.", "Fine")]
    assert any("missing from the file" in w for w in doc.warnings)


def test_numbered_paragraph_without_numbering_part_is_read_plainly():
    doc = read_docx("n.docx", docx_bytes(paragraph("No numbering.xml", num=("1", 0))))
    assert [(p.label, p.text) for p in doc.paragraphs] == [("", "No numbering.xml")]
    assert doc.warnings
