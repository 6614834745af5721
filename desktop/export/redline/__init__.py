"""The Word redline: B's own .docx with A's text shown as native tracked changes.

`write_redline(a, b, out)` opens B's package, accepts any changes B already carries, aligns
A's and B's paragraphs (desktop.export.redline.align), word-diffs the matched ones and marks
B's runs with w:ins / w:del / w:moveFrom / w:moveTo (desktop.export.redline.runs). Every other
part of B's zip (styles, numbering, headers, images, relationships) is copied through
unchanged. "Accept All" in Word gives B's text; "Reject All" gives A's.

A Markdown or plain-text B is first laid out as a plain .docx (python-docx: headings as
Heading styles, list numbers typed) and redlined into that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from desktop.core.diff import is_substantive, word_diff
from desktop.core.model import Document, Draft, ReadError
from desktop.core.reading.docx import DAMAGED, NO_TEXT, NO_TEXT_PICTURES, open_package
from desktop.core.work import Progress, check_cancel
from desktop.export.redline.align import Step, align_paragraphs
from desktop.export.redline.package import (
    RedlineError,
    accepted_side_parts,
    ids,
    max_id,
    paragraphs_a,
    plain_docx,
    word_body,
    write_zip,
)
from desktop.export.redline.runs import Marks, deleted_paragraph, mark_paragraph, move_range, removed_content, rewrite
from desktop.export.redline.xml import DEL, INS, MOVE_TO, PPR, TC, TR, TRPR, MathCodes, Para, W, body_paragraphs, new

__all__ = ["RedlineError", "RedlineResult", "check_output", "load_redline_draft", "write_redline"]


@dataclass(frozen=True)
class RedlineResult:
    """What a redline holds, and how long writing it took."""

    insertions: int  # w:ins elements written
    deletions: int  # w:del elements written
    moves: int  # moveFrom/moveTo pairs written
    seconds: float


def write_redline(
    a: Draft,
    b: Draft,
    out: Path,
    *,
    author: str = "Counterdraft",
    date: str | None = None,
    substantive_only: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> RedlineResult:
    """Write B with A's text as tracked changes to `out` (a .docx), atomically; return the counts.

    `date` is ISO 8601 (default: now, UTC). With `substantive_only`, paragraphs whose change is
    only cosmetic (punctuation, case, quotes, cross-reference numbers) show B's text unmarked.
    Raises Cancelled when `cancel` is set, RedlineError for a wrong name or folder, and
    ExportError (which RedlineError is a kind of) when `out` cannot be written.
    """
    started = time.perf_counter()
    out = Path(out)
    check_output(out)
    stamp = _word_date(date)
    check_cancel(cancel)
    b_bytes = b.original if b.document.kind == "docx" else plain_docx(b.document)
    package = open_package(b_bytes)
    root, body = word_body(package)
    math = MathCodes()
    paras_b = body_paragraphs(body, math)
    paras_a = paragraphs_a(a, math)
    check_cancel(cancel)
    steps = align_paragraphs([p.text for p in paras_a], [p.text for p in paras_b])
    marks = Marks(author=author or "Counterdraft", date=stamp, next_id=max_id(root) + 1,
                  styles=ids(package, "/styles", W + "style", W + "styleId"),
                  lists=ids(package, "/numbering", W + "num", W + "numId"))
    inserted = _apply(steps, paras_a, paras_b, marks, substantive_only, progress, cancel)
    _mark_rows(body, inserted, marks)
    parts = {package.main_part: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)}
    parts.update(accepted_side_parts(package, b_bytes))
    check_cancel(cancel)
    write_zip(b_bytes, parts, out)
    return RedlineResult(marks.insertions, marks.deletions, marks.moves, time.perf_counter() - started)


def load_redline_draft(path: Path) -> Draft:
    """Return a draft to redline: read as usual, or, for a Word file the reader declines because
    it has no text (pictures only, or empty), its package alone: a redline still marks its text.

    A file that is not a sound .docx still raises the reader's ReadError.
    """
    from desktop.core.pipeline import load_draft
    from desktop.core.reading import read_file_bytes

    try:
        return load_draft(path)
    except ReadError as error:
        # Only "no text" is forgiven: a file refused as hostile (too large, nested) stays refused.
        if Path(path).suffix.lower() not in (".docx", ".docm") or str(error) not in (NO_TEXT, NO_TEXT_PICTURES):
            raise
        data = read_file_bytes(path)
        package = open_package(data)
        root = package.xml(package.main_part)
        if root is None or root.find(W + "body") is None:
            raise
    document = Document(name=Path(path).name, kind="docx", sha256=hashlib.sha256(data).hexdigest(), paragraphs=())
    return Draft(document=document, clauses=(), original=data)


def check_output(out: Path) -> None:
    """Raise RedlineError, in plain words, when a redline cannot be written to `out`."""
    if out.suffix.lower() != ".docx":
        raise RedlineError(f"The redline is a Word document: give it a name ending in .docx, not “{out.name}”.")
    if not out.parent.is_dir():
        raise RedlineError(f"The folder {out.parent} does not exist. Choose an existing folder for the redline.")
    if out.is_dir():
        raise RedlineError(f"{out} is a folder. Give the redline a file name ending in .docx.")


def _word_date(date: str | None) -> str:
    """Return `date` (ISO 8601, default now) as Word writes revision dates: UTC, "Z", no fraction."""
    if date is None:
        moment = dt.datetime.now(dt.timezone.utc)
    else:
        try:
            moment = dt.datetime.fromisoformat(date.replace("Z", "+00:00"))
        except ValueError:
            raise RedlineError(f"“{date}” is not a date; write it as 2026-11-30 or 2026-11-30T09:00:00Z.") from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _apply(steps: list[Step], paras_a: list[Para], paras_b: list[Para], marks: Marks,
           substantive_only: bool, progress: Progress | None, cancel: threading.Event | None) -> set[etree._Element]:
    """Write every step's marks into B's body; return the paragraphs marked as wholly inserted."""
    inserted: set[etree._Element] = set()
    previous: Para | None = None  # the last B paragraph placed
    waiting: list[tuple[int, etree._Element]] = []  # A paragraphs to place before the next B one
    every = max(1, len(steps) // 100)
    for done, step in enumerate(steps):
        if done % every == 0:
            check_cancel(cancel)
            if progress is not None:
                progress(done, len(steps))
        if step.b is None or step.kind == "move_from":
            assert step.a is not None  # only an "insert" step has no A paragraph
            para = paras_a[step.a]
            if step.kind == "delete" and (not para.text or (substantive_only and not is_substantive(para.text, ""))):
                continue
            move = f"cdMove{step.a}" if step.kind == "move_from" else None
            waiting.append((step.a, deleted_paragraph(para, marks, move)))
            continue
        para = paras_b[step.b]
        _place(waiting, previous, para, paras_a)
        waiting = []
        previous = para
        if step.kind == "edit":
            assert step.a is not None  # an edit pairs an A paragraph with a B one
            _edit(paras_a[step.a], para, marks, substantive_only)
        elif step.kind == "insert" and not (substantive_only and not is_substantive("", para.text)):
            rewrite(para, [(0, len(para.text), "+")], {}, marks)
            mark_paragraph(para.element, marks.make(INS))
            inserted.add(para.element)
        elif step.kind == "move_to":
            start, end = move_range(marks, "moveTo", f"cdMove{step.a}")
            rewrite(para, [(0, len(para.text), "+")], {}, marks, inserted=MOVE_TO)
            ppr = para.element.find(PPR)
            (ppr.addnext if ppr is not None else lambda el: para.element.insert(0, el))(start)
            para.element.append(end)
            mark_paragraph(para.element, marks.make(MOVE_TO))
            marks.moves += 1
    _place(waiting, previous, None, paras_a)
    if progress is not None:
        progress(len(steps), len(steps))
    return inserted


def _place(waiting: list[tuple[int, etree._Element]], previous: Para | None, following: Para | None,
           paras_a: list[Para]) -> None:
    """Put A's removed paragraphs between two B paragraphs, in the container they came from.

    Between two containers (the end of one table cell and the next), a removed paragraph goes
    after the previous B paragraph when it shared a cell with the A paragraph before it.
    """
    if not waiting:
        return
    placed_before = False  # once one goes before the following paragraph, the rest follow it
    for index, element in waiting:
        after = not placed_before and (following is None or (
            previous is not None
            and previous.container is not following.container
            and index > 0
            and paras_a[index - 1].container is paras_a[index].container
        ))
        if after and previous is not None:
            previous.element.addnext(element)
            previous = Para(element, [], "", previous.container)
        elif following is not None:
            following.element.addprevious(element)
            placed_before = True
        else:
            raise ReadError(DAMAGED)  # a body with no paragraph at all cannot be a Word document


def _edit(para_a: Para, para_b: Para, marks: Marks, substantive_only: bool) -> None:
    """Mark the word-level differences between a matched pair of paragraphs in B's runs."""
    if substantive_only and not is_substantive(para_a.text, para_b.text):
        return
    ranges: list[tuple[int, int, str]] = []
    deletions: dict[int, list[etree._Element]] = {}
    pos_a = pos_b = 0
    for op, text in word_diff(para_a.text, para_b.text):
        if op == "-":
            deletions.setdefault(pos_b, []).extend(removed_content(para_a.atoms, pos_a, pos_a + len(text), marks, DEL))
            pos_a += len(text)
            continue
        if ranges and ranges[-1][2] == op:
            ranges[-1] = (ranges[-1][0], pos_b + len(text), op)
        else:
            ranges.append((pos_b, pos_b + len(text), op))
        pos_b += len(text)
        if op == "=":
            pos_a += len(text)
    rewrite(para_b, ranges, deletions, marks)


def _mark_rows(body: etree._Element, inserted: set[etree._Element], marks: Marks) -> None:
    """Mark a table row as inserted when every paragraph in it is new, as Word does."""
    if not inserted:
        return
    for row in body.iter(TR):
        paragraphs = [p for cell in row.iter(TC) for p in cell.iter(W + "p")]
        if paragraphs and all(p in inserted for p in paragraphs):
            trpr = row.find(TRPR)
            if trpr is None:
                trpr = new(TRPR)
                prex = row.find(W + "tblPrEx")
                (prex.addnext if prex is not None else lambda el: row.insert(0, el))(trpr)
            trpr.append(marks.make(INS))


