"""The data that flows through the pipeline: drafts, paragraphs, clauses and comparisons.

Every type here is a frozen dataclass of plain values, so a worker thread can build one and
hand it to the GUI thread (or the store) without sharing anything mutable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

SourceKind = Literal["docx", "md", "txt", "pdf"]
ChangeKind = Literal["insert", "delete", "move_from", "move_to"]
ClauseKind = Literal["title", "section", "clause", "definition", "paragraph"]

PAIR_KINDS = (
    "unchanged",
    "modified",
    "moved",
    "renumbered",
    "inserted",
    "deleted",
    "split",
    "merged",
)


class UserFacingError(Exception):
    """A problem with the user's input or environment, shown as a plain message, not a bug.

    The message says what is wrong and what to do ("This file is password-protected. Open it
    in Word, remove the password, and import it again."). The CLI prints it as `error: …` and
    exits 2; the window shows it in a dialog.
    """


class Cancelled(Exception):
    """The user pressed Cancel: the slow function stopped early and returned nothing."""


class CancelFlag(Protocol):
    """What a slow function polls to know it should stop: a threading.Event, or the like.

    The readers are handed read_draft's Deadline, which has the same `is_set()` and also turns
    on by itself when reading takes too long.
    """

    def is_set(self) -> bool: ...


class ReadError(UserFacingError):
    """A draft file that cannot be read: corrupt, encrypted, legacy, hostile or empty."""


@dataclass(frozen=True)
class TrackedChange:
    """One Word revision mark found in an imported draft (w:ins, w:del, w:moveFrom, w:moveTo)."""

    kind: ChangeKind
    author: str
    date: str  # ISO 8601 as Word wrote it ("2024-02-02T10:00:00Z"), or "" when absent
    text: str
    paragraph: int  # index into Document.paragraphs of the paragraph it sits in (accepted view)


@dataclass(frozen=True)
class Comment:
    """A Word comment kept as an annotation on the paragraph it is anchored to."""

    author: str
    date: str
    text: str
    anchor: str  # the commented text, "" when the comment marks a point
    paragraph: int  # index into Document.paragraphs, -1 when the anchor was deleted


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a draft as a reader sees it, in body order (table cells included).

    `text` never includes the automatic list label; `label` holds it exactly as Word or
    LibreOffice shows it ("1.", "a.", "8.2", "(iii)"). Typed numbers ("8.2 Fees") stay in
    `text`: splitting them off is the clause splitter's job.
    """

    index: int
    text: str
    label: str = ""  # automatic numbering as displayed, "" when none
    style: str = ""  # style name ("Heading 2", "List Paragraph", "Normal")
    outline_level: int | None = None  # 0-based heading level (Word outline level / Markdown #)
    num_id: str = ""  # Word w:numId (or a Markdown list id) when automatically numbered
    num_level: int | None = None  # 0-based list level (w:ilvl / Markdown nesting)
    bold_prefix: str = ""  # a bold run-in title at the start of `text` ("Access and Use.")
    in_table: bool = False
    table_cell: tuple[int, int, int] | None = None  # (table, row, column) when in a table


@dataclass(frozen=True)
class Document:
    """A whole draft: its paragraphs in order, plus the marks it came with."""

    name: str  # file name as given by the user
    kind: SourceKind
    sha256: str  # of the original bytes
    paragraphs: tuple[Paragraph, ...]
    tracked_changes: tuple[TrackedChange, ...] = ()
    comments: tuple[Comment, ...] = ()
    title: str = ""
    warnings: tuple[str, ...] = ()  # things read around, e.g. "3 images were skipped"


@dataclass(frozen=True)
class Clause:
    """One clause of a draft's clause tree (the JSON shape of `counterdraft clauses`)."""

    id: str  # "c1", "c2", … in document order, unique within the draft
    label: str  # what the reader sees at the start of the paragraph ("1.", "a.", "8.2"), or ""
    number: str  # citation form built from the labels of the clause and its ancestors ("8.1(a)")
    heading: str  # "Liability Caps", a definition's term, or ""
    level: int  # 1 for top-level clauses
    parent: str | None  # id of the parent clause, None at top level
    text: str  # the clause's own text: no number, no children's text
    paragraphs: tuple[int, ...] = ()  # indices of the source paragraphs
    kind: ClauseKind = "clause"

    def as_json(self) -> dict:
        """Return the CLI.md `clauses` object for this clause."""
        return {
            "id": self.id,
            "label": self.label,
            "number": self.number,
            "heading": self.heading,
            "level": self.level,
            "parent": self.parent,
            "text": self.text,
        }


DiffOp = tuple[str, str]  # ("=", text) | ("-", text) | ("+", text)


@dataclass(frozen=True)
class Pair:
    """One row of an alignment: which clauses of A became which clauses of B, and how."""

    kind: str  # one of PAIR_KINDS
    a: tuple[str, ...]
    b: tuple[str, ...]
    substantive: bool
    diff: tuple[DiffOp, ...] = ()
    similarity: float = 1.0  # 0..1 text similarity of the joined texts
    # How sure a topic alignment is that both sides deal with the same subject: "same",
    # "partial" or "one_side" (see desktop.core.topics); "" for lineage pairs.
    topic: str = ""
    # True when the texts were too long and too changed to diff word by word throughout: some
    # stretch is shown deleted and inserted whole (desktop.core.long_diff).
    coarse: bool = False
    # Why a topic alignment matched the two sides, in a few plain words ("same position: …",
    # "same heading · similar wording (71%)"); "" for lineage pairs.
    reason: str = ""
    # How the clause's formatting changed when its words did not ("style Heading 2 → Body Text");
    # "" otherwise (desktop.core.formatting).
    formatting: str = ""

    def as_json(self) -> dict:
        """Return the CLI.md `pairs` object for this pair ("topic" and "reason" only when topic-aligned,
        "formatting" only when the formatting of unchanged words changed)."""
        out = {
            "kind": self.kind,
            "a": list(self.a),
            "b": list(self.b),
            "substantive": self.substantive,
            "diff": [[op, text] for op, text in self.diff],
        }
        if self.topic:
            out["topic"] = self.topic
            out["reason"] = self.reason
        if self.formatting:
            out["formatting"] = self.formatting
        return out


@dataclass(frozen=True)
class Comparison:
    """The result of comparing draft A with draft B, clause by clause."""

    a: str
    b: str
    clauses_a: tuple[Clause, ...]
    clauses_b: tuple[Clause, ...]
    pairs: tuple[Pair, ...]
    seconds: dict[str, float] = field(default_factory=dict)
    # "lineage" when B is a later version of A (a redline), "topic" when two unrelated drafts
    # were matched by subject (desktop.core.compare_any).
    by: str = "lineage"

    def notes(self) -> list[str]:
        """Return what the user should know about how the comparison was made (coarse diffs)."""
        ids = {c.id: c for c in self.clauses_b}
        out = []
        for pair in self.pairs:
            if pair.coarse:
                where = ", ".join(ids[j].number or j for j in pair.b if j in ids) or "?"
                out.append(f"clause {where} is too long and too rewritten to redline word by word "
                           "throughout: part of it is shown deleted and inserted whole")
        return out

    def counts(self) -> dict[str, int]:
        """Return how many pairs there are of each kind, plus substantive/cosmetic totals."""
        out = {kind: 0 for kind in PAIR_KINDS}
        for pair in self.pairs:
            out[pair.kind] += 1
        changed = [p for p in self.pairs if p.kind != "unchanged"]
        out["substantive"] = sum(1 for p in changed if p.substantive)
        out["cosmetic"] = sum(1 for p in changed if not p.substantive)
        return out


@dataclass(frozen=True)
class Draft:
    """A file read and split, ready to store as a round: the original bytes travel with it."""

    document: Document
    clauses: tuple[Clause, ...]
    original: bytes  # the file exactly as the user gave it


STATUSES = ("open", "won", "conceded", "compromise", "not_addressed")


@dataclass(frozen=True)
class Evidence:
    """A span of a clause's text that establishes a position: offsets into Clause.text."""

    clause: str  # clause id
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    """One playbook position found in a draft: its clauses, evidence and extracted values."""

    key: str
    title: str
    clauses: tuple[str, ...]  # clause ids, in document order
    evidence: tuple[Evidence, ...]
    # name -> value: int/float for numbers, str for choices and text, bool for flags,
    # tuple[str, ...] for lists, and {"amount": float, "currency": "USD"} for money.
    values: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        """Return the CLI.md `positions` object for this finding."""
        return {
            "key": self.key,
            "title": self.title,
            "clauses": list(self.clauses),
            "evidence": [{"clause": e.clause, "start": e.start, "end": e.end} for e in self.evidence],
            "values": {k: list(v) if isinstance(v, tuple) else v for k, v in self.values.items()},
        }


@dataclass(frozen=True)
class Suggestion:
    """A status Counterdraft proposes for one position in one round, with its one-line reason."""

    key: str
    status: str  # one of STATUSES
    reason: str  # "Cap went from 12 to 18 months of fees in their counter; our ask was 24: compromise."
