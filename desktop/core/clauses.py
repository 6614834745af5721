"""Splitting a draft into its clause tree: numbered clauses, headings, definitions and paragraphs.

How a paragraph becomes a clause:
- A document title (Word "Title" style, or a lone first `#` heading) is a level-1 clause of
  kind "title" that parents nothing, so section 1 is level 1 too.
- Headings (outline levels) nest by level. A short bold or capitalised paragraph with no
  number is a heading one step below the nearest real heading.
- Numbered paragraphs nest by their numbers: automatic labels by list level, typed numbers
  by their shape ("8.2" under "8", "(a)" under the last number, "(i)" under the last letter,
  with "(i)"/"(v)"/"(x)" read as letters when they follow "(h)"/"(u)"/"(w)").
- A run-in title ("Access and Use." in bold or Title Case after a number) becomes the
  clause's `heading` and leaves `text`; a numbered paragraph that is only a title (followed
  by its sub-clauses or body) keeps the title as `heading` and has text "".
- `“Customer Data” means …` is a definition: heading is the term, and text keeps the whole
  sentence, because the term is part of its grammar.
- A paragraph without a number continues the numbered clause above it (joined with "\n"),
  unless it is a heading, a definition, a titled paragraph or a table row. In Markdown a list
  ends at the first paragraph outside it, so such a paragraph continues the clause that
  holds the list instead. Under a heading without a number, each paragraph is its own clause.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.clause_labels import (
    Label,
    cite,
    definition_term,
    is_caps_heading,
    is_title,
    looks_like_heading,
    parse_label,
    run_in_heading,
    split_typed_number,
)
from desktop.core.model import Clause, ClauseKind, Document, Paragraph

_TRAILING = " .:;—–-\u00a0"
_MAX_HEADING_WORDS = 14
# is_title refuses a text over 120 characters once stripped, and readers strip paragraphs: a
# longer clause is not looked at again, which keeps a clause of many paragraphs linear.
_TITLE_SCAN = 4096


@dataclass
class _Draft:
    """A clause being built: mutable until the whole document is read."""

    label: str
    number: str
    base: str  # the citation its children build on: its number, or its parent's base
    heading: str
    level: int
    parent: int | None  # position in the list of clauses
    text: str
    paragraphs: list[int]
    kind: ClauseKind
    has_children: bool = False
    # Paragraphs continuing the clause, each to follow `text` after a "\n": joined once at the
    # end, as joining at every paragraph copies a long clause over and over (quadratic).
    more: list[str] = field(default_factory=list)
    length: int = 0  # of the whole text

    def whole(self) -> str:
        """Return the clause's text: its first paragraph's and every continuing one's."""
        return "\n".join([self.text, *self.more]) if self.more else self.text


@dataclass
class _Open:
    """A clause that later paragraphs may nest under or continue."""

    at: int  # position of the clause
    role: str  # "outline", "pseudo", "item", "definition", "runin"
    outline: float | None = None
    label: Label | None = None
    auto: bool = False
    num_level: int | None = None
    num_id: str = ""


@dataclass
class _Reading:
    """What one paragraph says about itself before it is placed in the tree."""

    label: Label | None
    auto: bool
    heading: str
    text: str
    definition: bool = False
    heading_only: bool = False
    runin: bool = False


@dataclass
class _Builder:
    """Places paragraphs in the clause tree one at a time, in document order."""

    lists_marked: bool  # whether paragraphs continuing a list item carry its num_level
    clauses: list[_Draft] = field(default_factory=list)
    stack: list[_Open] = field(default_factory=list)

    # ---- creating clauses -------------------------------------------------------------
    def add(self, parent: _Open | None, para: Paragraph, reading: _Reading, kind: ClauseKind) -> int:
        """Return the position of a new clause made from `reading`, under `parent`."""
        parent_draft = self.clauses[parent.at] if parent else None
        base = parent_draft.base if parent_draft else ""
        number = cite(base, reading.label) if reading.label else ""
        if parent_draft is not None:
            self.adopt(parent_draft)
        self.clauses.append(_Draft(
            label=reading.label.shown if reading.label else "",
            number=number,
            base=number or base,
            heading=reading.heading,
            level=parent_draft.level + 1 if parent_draft else 1,
            parent=parent.at if parent else None,
            text=reading.text,
            paragraphs=[para.index],
            kind=kind,
            length=len(reading.text),
        ))
        return len(self.clauses) - 1

    @staticmethod
    def promote_title(draft: _Draft) -> None:
        """Make a numbered clause's text its heading when the text is only a title.

        Called when the clause turns out to have sub-clauses or a body: "2.1 Restrictions on
        Customer." followed by "(a) …" is a heading, where "(c) Cryptomining;" is not.
        """
        if (draft.has_children or not draft.label or draft.heading or draft.kind != "clause"
                or draft.length > _TITLE_SCAN):
            return
        text = draft.whole()
        if is_title(text, 10) and not text.rstrip().endswith((";", ",")):
            draft.heading, draft.text, draft.more, draft.length = text.strip().rstrip(_TRAILING), "", [], 0

    def adopt(self, draft: _Draft) -> None:
        """Mark `draft` as having children."""
        self.promote_title(draft)
        draft.has_children = True

    def continue_clause(self, entry: _Open, para: Paragraph, text: str) -> None:
        """Append a paragraph's text to an open clause, on a new line."""
        draft = self.clauses[entry.at]
        self.promote_title(draft)
        if draft.text or draft.more:
            draft.more.append(text)
            draft.length += 1 + len(text)
        else:
            draft.text, draft.length = text, len(text)
        draft.paragraphs.append(para.index)

    # ---- the stack ----------------------------------------------------------------------
    def pop_to(self, index: int) -> None:
        """Close the open clauses from stack position `index` up."""
        del self.stack[index:]

    def top(self) -> _Open | None:
        """Return the innermost open clause, or None."""
        return self.stack[-1] if self.stack else None

    def place_heading(self, value: float, real: bool = True) -> _Open | None:
        """Close everything at or below heading level `value`; return the parent heading.

        A real heading also closes every bold pseudo-heading: a styled heading outranks text
        that merely looks like one.
        """
        while self.stack and (
                real and self.stack[-1].role == "pseudo"
                or not (self.stack[-1].outline is not None and self.stack[-1].outline < value)):
            self.stack.pop()
        return self.top()

    def heading_base(self) -> float:
        """Return the level of the innermost real heading, or -1 outside every heading."""
        for entry in reversed(self.stack):
            if entry.role == "outline":
                return entry.outline or 0.0
        return -1.0

    def resolve(self, label: Label, para: Paragraph, auto: bool) -> Label:
        """Return an ambiguous "(i)"/"(v)"/"(x)" label read as a letter or a roman numeral."""
        if not label.ambiguous and label.family not in ("roman", "ROMAN"):
            return label
        if len(label.core) != 1:
            return label
        letter, roman = label.as_letter(), label.as_roman()
        for entry in reversed(self.stack):
            other = entry.label
            if other is None or other.style != label.style:
                continue
            same_list = auto and entry.auto and entry.num_level == para.num_level
            if same_list and other.family in ("alpha", "ALPHA", "roman", "ROMAN"):
                return letter if other.family in ("alpha", "ALPHA") else roman
            if other.family == letter.family and other.value == letter.value - 1:
                return letter
            if other.family == roman.family and other.value == roman.value - 1:
                return roman
        return roman if label.core.lower() == "i" else letter

    @staticmethod
    def sibling(entry: _Open, label: Label, auto: bool, para: Paragraph) -> bool:
        """Return whether the paragraph numbered `label` continues the sequence of `entry`."""
        other = entry.label
        if other is None:
            return False
        if auto and entry.auto and para.num_level is not None and entry.num_level is not None:
            # Automatic numbering at the same list level is the same depth, even across lists
            # (Word documents restart lists freely) — except bullets, which sit under a number.
            return entry.num_level == para.num_level and (
                label.family != "bullet" or other.family == "bullet")
        if other.family != label.family or other.style != label.style:
            return False
        if label.family == "multi":
            return len(other.parts) == len(label.parts)
        return label.family != "bullet" or entry.num_level == para.num_level

    @staticmethod
    def parent_of(entry: _Open, label: Label, number: str) -> bool:
        """Return whether `entry` (cited as `number`) is the parent of dotted label `label`."""
        if label.family != "multi" or len(label.parts) < 2:
            return False
        prefix = ".".join(str(p) for p in label.parts[:-1])
        if number == prefix:
            return True
        other = entry.label
        return bool(other and len(label.parts) == 2 and other.value == label.parts[0]
                    and other.family in ("decimal", "ROMAN", "roman"))

    def place_item(self, label: Label, auto: bool, para: Paragraph) -> _Open | None:
        """Close the clauses this numbered paragraph ends; return its parent."""
        # A titled paragraph without a number ("Short version: …") introduces no list.
        while self.stack and self.stack[-1].role == "runin":
            self.stack.pop()
        for index in range(len(self.stack) - 1, -1, -1):
            entry = self.stack[index]
            if entry.role in ("item", "outline") and self.sibling(entry, label, auto, para):
                if entry.label is not None and entry.label.family != label.family:
                    # A list level of another kind ("53." after "(b)" in Markdown, where every
                    # list starts at level 0): an outer clause this number follows on from
                    # ("52.") is its real sibling.
                    index = self.continued(label, index)
                self.pop_to(index)
                return self.top()
            if self.parent_of(entry, label, self.clauses[entry.at].number):
                self.pop_to(index + 1)
                return entry
            if entry.role in ("outline", "pseudo"):
                break  # numbering under a heading starts afresh: no sibling above it
        # No sibling: the paragraph starts a deeper level under the innermost open clause.
        if auto and para.num_level is not None:
            while (self.stack and self.stack[-1].auto and self.stack[-1].num_level is not None
                   and self.stack[-1].num_level > para.num_level):
                self.stack.pop()
        return self.top()

    def continued(self, label: Label, index: int) -> int:
        """Return the index of the open clause above stack[index] that `label` follows on from, else `index`.

        One that follows on has the same kind of number, one less ("52." for "53."); the
        search stops at the enclosing heading, as place_item's does.
        """
        for above in range(index - 1, -1, -1):
            entry = self.stack[above]
            other = entry.label
            if (entry.role in ("item", "outline") and other is not None and other.family == label.family
                    and other.style == label.style and other.value == label.value - 1):
                return above
            if entry.role in ("outline", "pseudo"):
                break
        return index

    def end_lists(self, para: Paragraph) -> None:
        """Close list items a paragraph outside every list ends."""
        while self.stack and self.stack[-1].role == "item" and self.stack[-1].label is not None and (
                self.stack[-1].label.family == "bullet" or (self.lists_marked and self.stack[-1].auto)):
            self.stack.pop()

    # ---- one paragraph ------------------------------------------------------------------
    def read(self, para: Paragraph) -> _Reading | None:
        """Return what `para` says about itself (number, heading, definition), or None if empty."""
        text = para.text.strip()
        label = parse_label(para.label)
        auto = label is not None
        if label is None and not para.in_table:
            typed = split_typed_number(text)
            if typed is not None:
                label, text = typed
                text = text.strip()
        if not text and label is None:
            return None
        if label is not None:
            label = self.resolve(label, para, auto)
            if text[:1] in ":.":  # "FIRST: The name …" — the colon only separates the label
                text = text[1:].lstrip()
        bold = para.bold_prefix.strip()
        if bold and not auto and label is not None and bold.startswith(label.shown):
            bold = bold[len(label.shown):].strip()
        if bold and not text.startswith(bold):
            bold = ""
        reading = _Reading(label=label, auto=auto, heading="", text=text)
        if para.in_table:
            return reading
        term = definition_term(text, bold)
        if term:
            reading.heading, reading.definition = term, True
            return reading
        bare = text.rstrip(_TRAILING)
        if bold and bold.rstrip(_TRAILING) == bare and len(bare.split()) <= _MAX_HEADING_WORDS:
            reading.heading, reading.text, reading.heading_only = bare, "", True
        elif para.outline_level is not None and looks_like_heading(text) and not (
                run_in_heading(text, strict=False) and len(text) > 100):
            # The outline level already says "heading": "Term; Termination; Suspension" is one.
            reading.heading, reading.text, reading.heading_only = bare, "", True
        elif (bold and len(bold.split()) <= _MAX_HEADING_WORDS and bold.rstrip(_TRAILING)
              and _ends_title(bold, text)):
            reading.heading = bold.rstrip(_TRAILING)
            reading.text = text[len(bold):].lstrip(_TRAILING)
            reading.runin = True
        elif is_caps_heading(text) and (label is not None or len(text.split()) <= 8):
            reading.heading, reading.text, reading.heading_only = bare, "", True
        else:
            found = run_in_heading(text, strict=label is None or label.family == "bullet")
            if found:
                reading.heading, reading.text = found[0].strip(), found[1].strip()
                reading.runin = True
        return reading

    def take(self, para: Paragraph, reading: _Reading, first: bool, lone_title: bool) -> None:
        """Place one read paragraph in the tree, as a new clause or as more of an open one."""
        label = reading.label
        if first and (para.outline_level == 0 and lone_title or para.style == "Title"):
            # The title is read whole: "Section 9 Agreement" as a title numbers nothing.
            title = _Reading(label=label if reading.auto else None, auto=reading.auto,
                             heading=para.text.strip(), text="")
            self.add(None, para, title, "title")
            return
        if para.outline_level is not None:
            parent = self.place_heading(para.outline_level)
            at = self.add(parent, para, reading, "definition" if reading.definition else "section")
            self.stack.append(_Open(at, "outline", float(para.outline_level), label, reading.auto,
                                    para.num_level, para.num_id))
            return
        if para.in_table:
            self.end_lists(para)
            self.add(self.top(), para, reading, "paragraph")
            return
        if label is not None:
            parent = self.place_item(label, reading.auto, para)
            kind: ClauseKind = "definition" if reading.definition else "clause"
            at = self.add(parent, para, reading, kind)
            self.stack.append(_Open(at, "item", None, label, reading.auto, para.num_level, para.num_id))
            return
        if reading.heading_only:
            value = self.heading_base() + 0.5
            parent = self.place_heading(value, real=False)
            at = self.add(parent, para, reading, "section")
            self.stack.append(_Open(at, "pseudo", value))
            return
        if reading.definition or reading.runin:
            if para.num_level is None:
                self.end_lists(para)
            while self.stack and self.stack[-1].role == self.role_of(reading):
                self.stack.pop()
            at = self.add(self.top(), para, reading, "definition" if reading.definition else "paragraph")
            self.stack.append(_Open(at, self.role_of(reading)))
            return
        self.body(para, reading)

    @staticmethod
    def role_of(reading: _Reading) -> str:
        """Return the stack role of an unnumbered definition or titled paragraph."""
        return "definition" if reading.definition else "runin"

    def body(self, para: Paragraph, reading: _Reading) -> None:
        """Place a plain paragraph: it continues the clause above, or stands alone under a heading."""
        if para.num_level is not None:
            for index in range(len(self.stack) - 1, -1, -1):
                entry = self.stack[index]
                if entry.auto and entry.num_level == para.num_level:
                    self.pop_to(index + 1)
                    self.continue_clause(entry, para, reading.text)
                    return
        else:
            self.end_lists(para)
        top = self.top()
        if top is not None and (top.label is not None or top.role in ("definition", "runin")):
            self.continue_clause(top, para, reading.text)
            return
        self.add(top, para, reading, "paragraph")


def _ends_title(bold: str, text: str) -> bool:
    """Return whether bold text at the start of `text` is a title, not emphasis inside a sentence.

    "**Payment Terms** Our pricing …" and "**Fees.** Customer …" are titles;
    "**GitHub Enterprise Cloud** users may …" is a sentence that begins in bold.
    """
    rest = text[len(bold):].lstrip()
    return bold.rstrip()[-1:] in ".:" or not rest or not (rest[0].isalpha() and rest[0].islower())


def split_clauses(doc: Document) -> tuple[Clause, ...]:
    """Return the clause tree of `doc` in document order, ids "c1", "c2", …"""
    # Markdown, and Word files made from it, mark a list item's own later paragraphs with the
    # item's list level; there a paragraph without one is outside every list.
    explicit = doc.kind == "md" or any(
        p.num_level is not None and not p.label.strip() for p in doc.paragraphs)
    builder = _Builder(lists_marked=explicit)
    top_headings = sum(1 for p in doc.paragraphs if p.outline_level == 0)
    first = True
    for para in doc.paragraphs:
        reading = builder.read(para)
        if reading is None:
            continue
        builder.take(para, reading, first, lone_title=top_headings == 1 and not reading.label)
        first = False
    out = []
    for position, draft in enumerate(builder.clauses):
        kind = draft.kind
        text = draft.whole()
        if kind == "clause" and draft.heading and not text and draft.has_children:
            kind = "section"
        elif kind == "section" and draft.label and text and not draft.has_children:
            kind = "clause"  # "### 3. Account Security" with its body is a clause, cited as such
        out.append(Clause(
            id=f"c{position + 1}",
            label=draft.label,
            number=draft.number,
            heading=draft.heading,
            level=draft.level,
            parent=f"c{draft.parent + 1}" if draft.parent is not None else None,
            text=text,
            paragraphs=tuple(draft.paragraphs),
            kind=kind,
        ))
    return tuple(out)


def clauses_json(name: str, clauses: tuple[Clause, ...] | list[Clause]) -> dict:
    """Return the CLI.md `clauses` object for one file: {"file": name, "clauses": [...]}."""
    return {"file": name, "clauses": [clause.as_json() for clause in clauses]}
