"""Markdown and plain text read in linear time, stop when told to, and survive any nesting (issue 23, part 1).

Each class of small hostile input the red team found gets a test: runs of emphasis, comments,
backticks or brackets that never close (the old regular expressions were quadratic or worse on
them), list and quote nesting thousands deep (RecursionError), invalid UTF-8 (mojibake with no
note), and Cancel during one long paragraph. Inputs are built here, sized so linear code reads
each in a few hundredths of a second while the old code needed minutes.

A read that uses more than CPU_GUARD seconds of CPU fails its test at once rather than hanging:
the guard is a SIGPROF timer, which even a regular expression stuck backtracking notices
(the re module checks for signals as it matches). The growth test at the end asserts that
doubling the input at most about doubles the CPU time, for every pattern.
"""

from __future__ import annotations

import contextlib
import gc
import signal
import time
from collections.abc import Callable, Iterator

import pytest

from desktop.core.model import Cancelled, Paragraph
from desktop.core.reading import read_draft
from desktop.core.reading.markdown import MAX_NESTING, read_markdown_text
from desktop.core.reading.markdown.inline import inline_text
from desktop.core.reading.text import decode_text, read_text_paragraphs

CPU_GUARD = 5.0  # seconds; linear code reads each input here in well under a tenth of that
SIZE = 64_000  # characters of each hostile input


@contextlib.contextmanager
def cpu_guard(seconds: float = CPU_GUARD) -> Iterator[None]:
    """Fail the test when the block uses more than `seconds` of CPU: a quadratic read would run for minutes."""
    if not hasattr(signal, "setitimer"):  # Windows: no CPU timer; the test still runs, unguarded
        yield
        return

    def too_long(signum, frame):
        raise AssertionError(f"reading used more than {seconds} s of CPU: it is not linear in the input")

    previous = signal.signal(signal.SIGPROF, too_long)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def read(source: str) -> list[Paragraph]:
    """Return the paragraphs of Markdown `source`, read under the CPU guard."""
    with cpu_guard():
        return read_markdown_text(source)[0]


def words(paragraphs: list[Paragraph]) -> str:
    return " ".join(p.text for p in paragraphs)


# ---- runs that never close --------------------------------------------------------------------


@pytest.mark.parametrize("mark", ["*", "**", "_", "__", "~~"])
def test_emphasis_that_never_closes_reads_in_linear_time_and_keeps_every_word(mark):
    count = SIZE // (len(mark) + 2)
    (paragraph,) = read("1. Fees. " + f"{mark}a " * count)  # the red team's `*a *a *a …`
    assert paragraph.label == "1." and paragraph.text.startswith("Fees. ")
    assert paragraph.text.split()[1:] == [f"{mark}a"] * count  # nothing closes: the marks stay


def test_emphasis_nested_thousands_deep_reads_in_linear_time():
    count = SIZE // 12
    (paragraph,) = read("*a " * count + "z" + "* y" * count)  # each pass of the old loop took one pair
    assert paragraph.text.replace("*", "").split() == ["a"] * count + ["z"] + ["y"] * count


@pytest.mark.parametrize(("source", "expected"), [
    ("<!--" * (SIZE // 4), "<!--" * (SIZE // 4)),  # never closed: shown as written, as before
    ("Fees are due." + "<!-- note" * (SIZE // 9) + " -->", "Fees are due."),  # one comment, closed at the end
    ("Fees." + "<!-- a --> -->" * (SIZE // 14) + " due.", "Fees." + " -->" * (SIZE // 14) + " due."),
])
def test_unclosed_comments_read_in_linear_time(source, expected):
    assert words(read(source)) == expected


@pytest.mark.parametrize("source", [
    "`" * SIZE + "a",  # the old pattern tried every length of the run against the whole rest: cubic
    "a" + "`" * SIZE,
    "``" + "a `" * (SIZE // 3),
    "".join("`" * k + "a" for k in range(350, 0, -1)),  # each run longer than every run after it
])
def test_runs_of_backticks_read_in_linear_time(source):
    text = words(read("Fees " + source))  # "Fees" first, or a line of backticks opens a code block
    assert text.startswith("Fees ") and set(text) <= set("Fees `a")


def test_code_spans_keep_their_content_as_written():
    assert inline_text("Pay `*a* [b](c)` now, ``x ` y`` then, ```") == "Pay *a* [b](c) now, x ` y then, `"


@pytest.mark.parametrize(("source", "shown"), [
    ("[" * SIZE, "[[["),
    ("![a" * (SIZE // 3), "![a![a"),  # an image's alt text with no `]`: each opener scanned to the end
    ("[a](" + "(" * SIZE, "[a]((("),
    ("[" * (SIZE // 8) + "a" + "](x)" * (SIZE // 8), "[[a](x)](x)"),  # links nested thousands deep
    ("Fees <a@" + "." * SIZE, "Fees <a@..."),  # an e-mail autolink whose host the old pattern split every way
    ("Fees <a@" + "." * SIZE + ">", "Fees a@..."),
    ("[a][" * (SIZE // 4), "[a][[a]["),
])
def test_brackets_and_links_that_never_close_read_in_linear_time(source, shown):
    assert shown in words(read(source))


def test_links_and_autolinks_still_read_as_before():
    source = "See [the [Service] terms](https://x.test/(a) \"t\"), ![logo](l.png) <ops@x.test> and [DPA][1]."
    assert inline_text(source) == "See the [Service] terms, ops@x.test and DPA."


@pytest.mark.parametrize(("source", "shown"), [
    ("# a" + " " * SIZE + "b", "a" + " " + "b"),  # the heading pattern split the spaces every way
    ("---\ntitle: a" + " " * SIZE + "b\n---\n\nFees.", "Fees."),
    ("a | b\n-" + " " * SIZE + "x", "a | b x"),  # not a table's rule line, though it took as long as one
    ("<ol>\n" + "<ol " * SIZE, "<ol <ol"),  # container tags with no `>`
    ("<table><tr>" + "<td>a" * (SIZE // 2) + "</table>", "a | a | a"),  # each cell joined the row so far
])
def test_headings_front_matter_tables_and_html_read_in_linear_time(source, shown):
    assert shown in words(read(source))


def test_a_heading_and_the_yaml_title_read_as_before():
    paragraphs, title = read_markdown_text("---\ntitle: 'Master Terms'  \n---\n\n## Fees ##\n\n# #\n\nText.")
    assert title == "Master Terms"
    assert [(p.text, p.outline_level) for p in paragraphs] == [("Fees", 1), ("#", 0), ("Text.", None)]


# ---- nesting ----------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [
    ">" * 5000 + " Fees are due.",
    "> " * 5000 + "Fees are due.",
    "- " * 3000 + "Fees are due.",
    "1. " * 3000 + "Fees are due.",
    "> - " * 2000 + "Fees are due.",
    "".join(" " * (2 * depth) + "- Fees are due.\n" for depth in range(600)),
])
def test_nesting_thousands_deep_is_read_without_recursion_error(source):
    paragraphs = read(source)
    assert paragraphs[-1].text.endswith("Fees are due.")
    assert max((p.num_level or 0) for p in paragraphs) < MAX_NESTING


def test_lists_and_quotes_up_to_the_nesting_limit_read_as_before():
    levels = MAX_NESTING - 1  # lists inside one quote
    source = "".join(" " * (2 * depth) + f"- item {depth}\n" for depth in range(levels))
    paragraphs = read("> " + source.replace("\n", "\n> "))
    assert [p.text for p in paragraphs] == [f"item {depth}" for depth in range(levels)]
    assert [p.num_level for p in paragraphs] == list(range(levels))
    assert [p.label for p in paragraphs[:3]] == ["•", "–", "•"]


# ---- odd characters ---------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "expected"), [
    ("`\ue0000\ue001`", "\ue0000\ue001"),  # the old code looped for ever putting this back
    ("Fees \ue0005\ue001 due", "Fees \ue0005\ue001 due"),  # IndexError: nothing had been held
    ("`x` &#57344;0&#57345;", "x \ue0000\ue001"),  # an entity spelling the mark brought back the code
    ("Fees &#" + "9" * 5000 + "; due", "Fees \ufffd due"),  # ValueError: int of 5,000 digits
    ("Fees &#x" + "0" * 5000 + "41; due", "Fees A due"),
])
def test_private_use_marks_and_huge_character_references_are_kept_as_written(source, expected):
    with cpu_guard():
        assert inline_text(source) == expected


def test_html_list_numbers_are_bounded():
    (huge,) = read('<ol type="a" start="' + "9" * 5000 + '"><li>Fees.</li></ol>')  # ValueError before
    (big,) = read('<ol type="a" start="999999999"><li>Fees.</li></ol>')  # a label of 38 million letters before
    assert huge.label == big.label == "999999999."
    (fine,) = read('<ol type="a" start="28"><li>Fees.</li></ol>')
    assert fine.label == "bb."


# ---- invalid UTF-8 ----------------------------------------------------------------------------


def test_invalid_utf8_is_read_as_utf8_with_replacement_characters_and_a_note():
    data = "1. Frais. Payés à la société.\n\n2. Durée. Un an.\n".encode() + b"\n3. Fees \xff\xfe due.\n"
    document = read_draft("draft.md", data)
    texts = [p.text for p in document.paragraphs]
    assert texts == ["Frais. Payés à la société.", "Durée. Un an.", "Fees \ufffd\ufffd due."]  # not "PayÃ©s"
    (note,) = document.warnings
    assert note.startswith("1 paragraph holds “\ufffd”") and "not valid UTF-8" in note
    assert "“Fees \ufffd\ufffd due”" in note and "check the original" in note


def test_windows_1252_text_is_still_read_as_windows_1252_with_a_note_saying_so():
    data = "1. Frais. Payés à la société – “net”.\n".encode("cp1252")
    assert decode_text(data) == "1. Frais. Payés à la société – “net”.\n"
    warnings = read_draft("draft.txt", data).warnings
    assert len(warnings) == 1 and "Windows-1252" in warnings[0] and "U+FFFD" not in warnings[0]


# ---- Cancel -----------------------------------------------------------------------------------


class After:
    """A cancel flag that turns on `seconds` after the reader first looks at it: Cancel pressed mid-read."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.until = 0.0
        self.looked = 0

    def is_set(self) -> bool:
        self.looked += 1
        if self.looked == 1:
            self.until = time.monotonic() + self.seconds
        return time.monotonic() > self.until


@pytest.mark.parametrize(("reader", "source"), [
    (read_markdown_text, "1. Fees. " + "*a " * 1_000_000),  # one paragraph of 3 MB
    (read_markdown_text, "1. Fees. " + "<b>a</b> " * 300_000),
    (read_markdown_text, "1. Fees. " + "&amp; " * 300_000),
    (read_markdown_text, "<table>\n" + "<td>a" * 300_000),
    (read_text_paragraphs, "Fees are due\n" * 400_000),  # one block of 400,000 lines
])
def test_cancel_stops_a_read_in_the_middle_of_one_long_paragraph(reader: Callable, source: str):
    flag = After(0.05)
    with cpu_guard(), pytest.raises(Cancelled):
        reader(source, cancel=flag)
    assert flag.looked > 1  # it was looked at during the paragraph, not only before it


# ---- growth -----------------------------------------------------------------------------------

HOSTILE: dict[str, Callable[[int], str]] = {
    "emphasis *a": lambda n: "1. Fees. " + "*a " * (n // 3),
    "strong **a": lambda n: "**a " * (n // 4),
    "underscore _a": lambda n: "_a " * (n // 3),
    "strike ~~a": lambda n: "~~a " * (n // 4),
    "nested emphasis": lambda n: "*a " * (n // 6) + "z" + "* y" * (n // 6),
    "comments": lambda n: "<!--" * (n // 4),
    "backticks": lambda n: "Fees " + "`" * n + "a",
    "backtick runs": lambda n: "``a" * (n // 3),
    "images": lambda n: "![a" * (n // 3),
    "nested links": lambda n: "[" * (n // 5) + "a" + "](x)" * (n // 5),
    "autolink": lambda n: "<a@" + "." * n,
    "tags": lambda n: "<a " * (n // 3),
    "backslashes": lambda n: "\\" * n,
    "heading spaces": lambda n: "# a" + " " * n + "b",
    "html containers": lambda n: "<ol>\n" + "<ol " * (n // 4),
    "html cells": lambda n: "<table>" + "<td>a" * (n // 5),
    "quotes": lambda n: ">" * n + " a",
    "lists": lambda n: "- " * (n // 2) + "a",
    "bold titles": lambda n: "<b>" * (n // 7) + "a" + "</b>" * (n // 7),
    "lettered list": lambda n: "a. x\n" * (n // 5),
}
MEASURABLE = 0.03  # seconds of CPU below which a timing is mostly noise


def best_cpu(small: Callable[[], object], large: Callable[[], object]) -> tuple[float, float]:
    """Return the least CPU time of three runs each of `small` and `large`, taken in turns.

    Taking them in turns, with the garbage collector off, lets both see the same load from
    whatever else the machine is running.
    """
    times: tuple[list[float], list[float]] = ([], [])
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            for run, out in zip((small, large), times):
                start = time.process_time()
                run()
                out.append(time.process_time() - start)
    finally:
        gc.enable()
    return min(times[0]), min(times[1])


@pytest.mark.slow
@pytest.mark.parametrize("name", list(HOSTILE) + ["plain text"])
def test_doubling_a_hostile_input_at_most_doubles_the_reading_time(name):
    if name == "plain text":
        make, reader = (lambda n: "Fees are due " * (n // 13) + "\n"), read_text_paragraphs
    else:
        make, reader = HOSTILE[name], read_markdown_text
    size = 25_000
    with cpu_guard(6 * CPU_GUARD):
        while True:  # grow the input until one read takes long enough to time
            small_text, large_text = make(size), make(2 * size)
            small, large = best_cpu(lambda: reader(small_text), lambda: reader(large_text))
            if small >= MEASURABLE or size >= 1_600_000:
                break
            size *= 4
        for _ in range(3):  # a busy machine can slow one sample; quadratic time is 4x, every time
            if large < MEASURABLE or large / small < 2.5:
                break
            small, large = best_cpu(lambda: reader(small_text), lambda: reader(large_text))
    assert large < MEASURABLE or large / small < 2.5, f"{size} chars: {small:.3f} s, {2 * size}: {large:.3f} s"
