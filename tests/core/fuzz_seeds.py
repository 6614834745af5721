"""Every file the fuzzer (test_fuzz_files.py) found breaking the rule, kept as a regression test.

Each seed is made in code, as small as the failure allows, and names where the fuzzer found it
(fixture and seed number). A bug not fixed yet carries `open_in`: the reason it fails and
whose code it is in. Its test is then a strict xfail, which turns into a failure the day the
bug is fixed (drop `open_in` then), and the fuzzer skips its origins until then.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Seed:
    """One file that broke the rule: its kind, a short description, and how to make it."""

    kind: str  # the file's suffix: md, txt, docx or pdf
    id: str
    build: Callable[[], bytes]
    origins: tuple[tuple[str, str, int], ...] = ()  # (kind, fixture, seed) where the fuzzer found it
    open_in: str = ""  # why it still fails, and where the fix belongs; "" once fixed

    def marks(self) -> tuple[pytest.MarkDecorator, ...]:
        return (pytest.mark.xfail(strict=True, reason=self.open_in),) if self.open_in else ()


def aes_pdf(data: bytes) -> bytes:
    """Return `data` re-written with AES-128 encryption and an empty password to open it."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


NDA_MD = "md/commonpaper-mutual-nda-v1.0-2021-07-19.md"
ADDENDUM_MD = "md/commonpaper-ai-addendum-v1.0.md"

SEEDS: list[Seed] = [
    # Found on 2026-12-07 against the Markdown reader of 63b17a0: a run of list markers at the
    # start of a line is a list nested in a list... each level one recursive call deeper.
    Seed("md", "2000 list markers at the start of a line: RecursionError",
         lambda: b"1. Fees.\n" + b"(a) " * 2000 + b"\n", origins=(("md", ADDENDUM_MD, 50),)),
    # An unclosed `<!--` was looked for again from each of the 20,000: quadratic, 80 KB > 4 s of CPU.
    Seed("md", "20000 unclosed comment openers in a paragraph: hang",
         lambda: b"1. Fees. a" + b"<!--" * 20000, origins=(("md", NDA_MD, 71),)),
    # A code span's closing run of backticks was looked for from each backtick: 9,000 in a line > 4 s.
    Seed("md", "9000 backticks in a line: hang",
         lambda: b"1. Fees. pay " + b"`" * 9000 + b"\n", origins=(("md", NDA_MD, 5), ("md", ADDENDUM_MD, 120))),
]
