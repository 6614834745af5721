"""What a redline cannot show: changes that Word's tracked changes do not carry.

Tracked changes mark text and formatting. A changed picture, chart or embedded object, a
header that B no longer has, or a text box A had and B dropped cannot be marked in B's
package: each is said in a note, so that the user checks it by eye instead of trusting a
redline that is silent about it.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from lxml import etree

from desktop.export.redline.stories import Side, story_text
from desktop.export.redline.xml import MathCodes

# Relationship types (their last path segment) of what a redline cannot mark, and their names.
_UNTRACKED_PARTS = {"image": "picture", "chart": "chart", "oleObject": "embedded object", "package": "embedded object",
                    "diagramData": "diagram"}


def untracked_notes(side_a: Side | None, side_b: Side, math: MathCodes) -> list[str]:
    """Return one plain sentence for each kind of change between A and B that the redline cannot show."""
    if side_a is None:
        return [_NOT_WORD] if _has_side_stories(side_b) else []
    notes = []
    for name in dict.fromkeys(_UNTRACKED_PARTS.values()):
        kinds = {kind for kind, named in _UNTRACKED_PARTS.items() if named == name}
        before, after = _contents(side_a, kinds), _contents(side_b, kinds)
        if before != after:
            notes.append(_changed(name, before, after))
    notes += _removed_headers(side_a, side_b)
    return notes


def removed_text_boxes(boxes: list[etree._Element], math: MathCodes) -> list[str]:
    """Return a note for each of A's text boxes that B does not have (their removal is not marked)."""
    return [f"A text box of A (“{_start(story_text(box, math))}”) is not in B: its removal is not marked; "
            "check it by eye" for box in boxes]


_NOT_WORD = ("A is not a Word file: B's headers, footers and notes are left as B has them, unmarked, "
             "as A has none to compare them with")


def _contents(side: Side, kinds: set[str]) -> Counter[str]:
    """Return the digests of the parts of these kinds (pictures, charts…) the main part links to."""
    out: Counter[str] = Counter()
    for rel_type, name in side.linked_parts:
        if rel_type.rsplit("/", 1)[-1] in kinds:
            data = side.package.read(name)
            if data is not None:
                out[hashlib.sha256(data).hexdigest()] += 1
    return out


def _changed(name: str, before: Counter[str], after: Counter[str]) -> str:
    removed, added = sum((before - after).values()), sum((after - before).values())
    what = []
    if removed:
        what.append(f"{removed} {_plural(name, removed)} of A {'is' if removed == 1 else 'are'} not in B")
    if added:
        what.append(f"{added} {_plural(name, added)} of B {'is' if added == 1 else 'are'} new or changed")
    return f"{'; '.join(what)}: a redline marks text and formatting only, so check them by eye"


def _removed_headers(side_a: Side, side_b: Side) -> list[str]:
    """Return a note for each type of header or footer that A has, with text, and B has not."""
    kinds_b = {key[1:] for key, _part in side_b.references()}
    notes = []
    for key, part in side_a.references():
        tree = side_a.part(part)
        if key[1:] not in kinds_b and tree is not None and story_text(tree, MathCodes()).strip():
            kinds_b.add(key[1:])
            which = {"first": "first-page ", "even": "even-page "}.get(key[2], "")
            notes.append(f"A's {which}{key[1].removesuffix('Reference')} (“{_start(story_text(tree, MathCodes()))}”) is not in B: "
                         "its removal is not marked; check it by eye")
    return notes


def _has_side_stories(side: Side) -> bool:
    return any(True for _ in side.references()) or bool(side.linked("/footnotes") or side.linked("/endnotes"))


def _start(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _plural(name: str, count: int) -> str:
    return name if count == 1 else name + "s"
