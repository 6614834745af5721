"""Tracking one story: A's and B's paragraphs aligned, and B's XML marked with the differences.

A story is a run of paragraphs that Word keeps apart: the body, a header, a footer, one
footnote or endnote, one text box. Each is aligned and marked on its own
(desktop.export.redline.align, desktop.export.redline.runs); the marks share one id counter.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Sequence

from lxml import etree

from desktop.core.diff import is_substantive, word_diff
from desktop.core.model import ReadError
from desktop.core.reading.docx import DAMAGED
from desktop.core.work import Progress, check_cancel
from desktop.export.redline.align import Step, align_paragraphs
from desktop.export.redline.formatting import Restyled, formatting_key, record_change, restyled
from desktop.export.redline.runs import (
    PPR_CHANGE,
    Marks,
    deleted_paragraph,
    mark_paragraph,
    move_range,
    moved_paragraph,
    removed_content,
    restore_removed_drawings,
    rewrite,
)
from desktop.export.redline.xml import DEL, INS, MOVE_TO, PPR, RPR, TC, TR, TRPR, Para, W, new


def track_story(paras_a: list[Para], paras_b: list[Para], root: etree._Element, marks: Marks, *,
                moves: Sequence[Sequence[tuple[int, int]]] = (), substantive_only: bool = False,
                progress: Progress | None = None, cancel: threading.Event | None = None) -> None:
    """Mark in B's story (its paragraphs `paras_b`, under `root`) how it differs from A's.

    `moves` are the clauses known to have moved, as (A, B) paragraphs (desktop.export.redline.moves).
    """
    marks.stories += 1  # names this story's moves apart from another story's
    steps = align_paragraphs([p.text for p in paras_a], [p.text for p in paras_b], moves)
    for step in steps:
        if step.a is not None and step.b is not None:
            marks.lists.vote(paras_a[step.a].element.find(PPR), paras_b[step.b].element.find(PPR))
    inserted = _apply(steps, paras_a, paras_b, marks, substantive_only, progress, cancel)
    _mark_rows(root, inserted, marks)


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
            if step.kind == "move_from":
                assert step.b is not None  # a move names where the paragraph went
                ops = word_diff(para.text, paras_b[step.b].text)
                waiting.append((step.a, moved_paragraph(para, ops, marks, f"cdMove{marks.stories}.{step.a}")))
            else:
                waiting.append((step.a, deleted_paragraph(para, marks)))
            continue
        para = paras_b[step.b]
        _place(waiting, previous, para, paras_a, marks)
        waiting = []
        previous = para
        if step.kind in ("same", "edit"):
            assert step.a is not None  # both pair an A paragraph with a B one
            if not substantive_only:  # (not at a move's far end: A's properties go with the moved-away copy)
                _formatting(paras_a[step.a], para, marks)
            restore_removed_drawings(paras_a[step.a], para, marks)
        if step.kind == "edit":
            assert step.a is not None  # an edit pairs an A paragraph with a B one
            _edit(paras_a[step.a], para, marks, substantive_only)
        elif step.kind == "same" and not substantive_only:
            assert step.a is not None  # so does an unchanged paragraph
            formats = restyled(paras_a[step.a], para, [(0, 0, len(para.text))])
            if formats:
                rewrite(para, [(0, len(para.text), "=")], {}, marks, formats=formats)
        elif step.kind == "insert" and not (substantive_only and not is_substantive("", para.text)):
            rewrite(para, [(0, len(para.text), "+")], {}, marks)
            mark_paragraph(para.element, marks.make(INS))
            _unlisted_if_last(para.element, marks)
            inserted.add(para.element)
        elif step.kind == "move_to":
            assert step.a is not None  # a move names where the paragraph came from
            start, end = move_range(marks, "moveTo", f"cdMove{marks.stories}.{step.a}")
            ranges, _deleted, formats = _ranges(paras_a[step.a], para, marks, with_deletions=False)
            rewrite(para, ranges, {}, marks, kept=MOVE_TO, formats=() if substantive_only else formats)
            ppr = para.element.find(PPR)
            (ppr.addnext if ppr is not None else lambda el: para.element.insert(0, el))(start)
            para.element.append(end)
            mark_paragraph(para.element, marks.make(MOVE_TO))
            marks.moves += 1
    _place(waiting, previous, None, paras_a, marks)
    if progress is not None:
        progress(len(steps), len(steps))
    return inserted


def _place(waiting: list[tuple[int, etree._Element]], previous: Para | None, following: Para | None,
           paras_a: list[Para], marks: Marks) -> None:
    """Put A's removed paragraphs between two B paragraphs, in the container they came from.

    Between two containers (the end of one table cell and the next), a removed paragraph goes
    after the previous B paragraph when it shared a cell with the A paragraph before it.
    """
    if not waiting:
        return
    waiting = _restore_rows(waiting, previous, following, paras_a, marks)
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
            _joining_properties(element, following.element, marks)
            placed_before = True
        else:
            raise ReadError(DAMAGED)  # a body with no paragraph at all cannot be a Word document


def _unlisted_if_last(p: etree._Element, marks: Marks) -> None:
    """Let an inserted list item that ends its container leave no number behind on Reject All.

    The last paragraph of a document or a cell cannot be removed, only emptied: its properties
    are recorded as A's "none" (w:pPrChange), so that the empty paragraph is not numbered.
    """
    ppr = p.find(PPR)
    if ppr is None or ppr.find(W + "numPr") is None:
        return
    following = p.getnext()
    while following is not None and following.tag not in (W + "p", W + "tbl", W + "sdt", W + "sectPr"):
        following = following.getnext()
    if following is None or following.tag == W + "sectPr":
        record_change(ppr, None, marks.make(PPR_CHANGE, counted=False))


def _restore_rows(waiting: list[tuple[int, etree._Element]], previous: Para | None, following: Para | None,
                  paras_a: list[Para], marks: Marks) -> list[tuple[int, etree._Element]]:
    """Put back, as deleted table rows, the rows of A whose every paragraph B deleted.

    A copy of A's row goes into B's table next to the row of the B paragraph before (or after)
    it, marked deleted (w:trPr/w:del), its paragraphs those the redline made deleted: Reject
    All gives the row back, where a loose paragraph would have landed outside the table.
    Return the paragraphs still to place.
    """
    anchor = previous.container.getparent() if previous is not None and previous.container.tag == TC else None
    before = following.container.getparent() if following is not None and following.container.tag == TC else None
    if anchor is None and before is None:
        return waiting
    rows: dict[int, tuple[etree._Element, dict[etree._Element, etree._Element]]] = {}
    for index, element in waiting:
        cell = paras_a[index].container
        deleted = element.find(f"{PPR}/{RPR}/{DEL}") is not None
        if cell.tag == TC and cell.getparent() is not None and cell.getparent().tag == TR and deleted:
            row = cell.getparent()
            rows.setdefault(id(row), (row, {}))[1][paras_a[index].element] = element
    placed: set[int] = set()
    for row, made in rows.values():
        if any(p not in made and _has_text(p) for p in row.iter(W + "p")):
            continue  # part of the row is still in B
        copied = copy.deepcopy(row)
        for source, target in zip(list(row.iter(W + "p")), list(copied.iter(W + "p"))):
            if source in made:
                target.getparent().replace(target, made[source])
        _mark_row(copied, marks.make(DEL))
        if anchor is not None:
            anchor.addnext(copied)
            anchor = copied
        else:
            assert before is not None
            before.addprevious(copied)
        placed.update(id(element) for element in made.values())
    return [(index, element) for index, element in waiting if id(element) not in placed]


def _has_text(p: etree._Element) -> bool:
    return any((t.text or "").strip() for t in p.iter(W + "t"))


def _mark_row(row: etree._Element, mark: etree._Element) -> None:
    """Give a table row a row-level revision mark (w:trPr/w:ins or w:del), replacing any other."""
    trpr = row.find(TRPR)
    if trpr is None:
        trpr = new(TRPR)
        prex = row.find(W + "tblPrEx")
        (prex.addnext if prex is not None else lambda el: row.insert(0, el))(trpr)
    for old in [c for c in trpr if c.tag in (INS, DEL)]:
        trpr.remove(old)
    trpr.append(mark)


def _joining_properties(removed: etree._Element, following: etree._Element, marks: Marks) -> None:
    """Give a removed paragraph the properties of the paragraph it joins, A's kept in w:pPrChange.

    Accept All joins a removed paragraph to the next one. Word keeps the next one's
    properties; LibreOffice keeps the first's, so a removed list item would leave its number
    on the paragraph after it. With the next one's properties both agree, and Reject All
    still gives A's back from the w:pPrChange.
    """
    ppr = removed.find(PPR)
    target = following.find(PPR)
    if ppr is None or formatting_key(ppr) == formatting_key(target):
        return
    joined = new(PPR)
    for child in target if target is not None else ():
        if child.tag not in (RPR, W + "sectPr", PPR_CHANGE):
            joined.append(copy.deepcopy(child))
    mark = ppr.find(RPR)
    if mark is not None:
        joined.append(mark)
    record_change(joined, ppr, marks.make(PPR_CHANGE, counted=False))
    removed.replace(ppr, joined)


def _formatting(para_a: Para, para_b: Para, marks: Marks) -> None:
    """Record A's paragraph properties in w:pPrChange when B's differ (style, list, indents)."""
    ppr_a = marks.clean_ppr(para_a.element.find(PPR))
    ppr_b = para_b.element.find(PPR)
    if formatting_key(ppr_a) == formatting_key(ppr_b):
        return
    if ppr_b is None:
        ppr_b = new(PPR)
        para_b.element.insert(0, ppr_b)
    record_change(ppr_b, ppr_a, marks.make(PPR_CHANGE))


def _edit(para_a: Para, para_b: Para, marks: Marks, substantive_only: bool) -> None:
    """Mark the word-level differences between a matched pair of paragraphs in B's runs."""
    if substantive_only and not is_substantive(para_a.text, para_b.text):
        return
    ranges, deletions, formats = _ranges(para_a, para_b, marks)
    rewrite(para_b, ranges, deletions, marks, formats=() if substantive_only else formats)


def _ranges(para_a: Para, para_b: Para, marks: Marks, with_deletions: bool = True
            ) -> tuple[list[tuple[int, int, str]], dict[int, list[etree._Element]], list[Restyled]]:
    """Return B's text as ("=" kept / "+" inserted) ranges, A's deleted text by B position, and
    the kept stretches whose run formatting changed.

    Without deletions (the far end of a move, whose deleted words stand where it came from),
    A's removed words are left out.
    """
    ranges: list[tuple[int, int, str]] = []
    deletions: dict[int, list[etree._Element]] = {}
    kept: list[tuple[int, int, int]] = []  # (A offset, B offset, length) of the unchanged text
    pos_a = pos_b = 0
    for op, text in word_diff(para_a.text, para_b.text):
        if op == "=":
            kept.append((pos_a, pos_b, len(text)))
        if op == "-":
            if with_deletions:
                removed = removed_content(para_a.atoms, pos_a, pos_a + len(text), marks, DEL)
                deletions.setdefault(pos_b, []).extend(removed)
            pos_a += len(text)
            continue
        if ranges and ranges[-1][2] == op:
            ranges[-1] = (ranges[-1][0], pos_b + len(text), op)
        else:
            ranges.append((pos_b, pos_b + len(text), op))
        pos_b += len(text)
        if op == "=":
            pos_a += len(text)
    return ranges, deletions, restyled(para_a, para_b, kept)


def _mark_rows(root: etree._Element, inserted: set[etree._Element], marks: Marks) -> None:
    """Mark a table row as inserted when every paragraph in it is new, as Word does."""
    if not inserted:
        return
    for row in root.iter(TR):
        paragraphs = [p for cell in row.iter(TC) for p in cell.iter(W + "p")]
        if paragraphs and all(p in inserted for p in paragraphs):
            _mark_row(row, marks.make(INS))


