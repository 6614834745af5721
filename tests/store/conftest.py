"""Fixtures for the store tests: an in-memory store and drafts built straight from the model."""

from __future__ import annotations

import hashlib

import pytest

from desktop.core.model import Clause, Comment, Document, Draft, Paragraph, TrackedChange
from desktop.store import Store


@pytest.fixture
def store():
    """Return an empty in-memory store, closed after the test."""
    with Store(None) as opened:
        yield opened


def build_draft(texts, *, name="round.docx", original=None, tracked_changes=(), comments=(),
                title=""):
    """Return a Draft whose clauses c1, c2, … have the given texts (a small two-level tree)."""
    clauses = []
    for i, text in enumerate(texts, start=1):
        nested = i % 3 == 0  # every third clause sits under the one before it
        clauses.append(Clause(
            id=f"c{i}", label="a." if nested else f"{i}.",
            number=f"{i - 1}(a)" if nested else str(i), heading="" if nested else f"Heading {i}",
            level=2 if nested else 1, parent=f"c{i - 1}" if nested else None, text=text,
            paragraphs=(i - 1, i) if nested else (i - 1,),
            kind="clause" if nested else "section"))
    data = original if original is not None else "\n".join(texts).encode("utf-8")
    document = Document(
        name=name, kind="docx", sha256=hashlib.sha256(data).hexdigest(),
        paragraphs=tuple(Paragraph(index=i, text=t) for i, t in enumerate(texts)),
        tracked_changes=tuple(tracked_changes), comments=tuple(comments), title=title)
    return Draft(document=document, clauses=tuple(clauses), original=data)


@pytest.fixture
def make_draft():
    """Return build_draft, the factory for Draft objects."""
    return build_draft


@pytest.fixture
def marks():
    """Return one tracked change and one comment, as a Word reader would produce them."""
    return (
        (TrackedChange("insert", "Vendor Counsel", "2024-02-02T10:00:00Z", "twelve", 1),
         TrackedChange("delete", "Vendor Counsel", "", "six", 1)),
        (Comment("Jane Doe", "2024-02-03T09:00:00Z", "Too low.", "twelve months", 1),),
    )
