"""The position matrix: which vendor gives what, position by position, across 2–5 drafts.

Each cell holds the values read out of one draft for one playbook position (the same
find_positions / extract_values a deal's record uses), the clauses they come from, and whether
the value is the best for our side among the drafts. "Best" uses compare_values, value by
value: a draft beats another when moving from the other to it favours us on some value and
the other side on none. The drafts no other draft beats, and that beat at least one, are
marked; when nothing can be told apart (all equal, or only one draft has the position) none is.

The matrix renders as Markdown, HTML and tab-separated text: what "Copy as table" puts on the
clipboard and what the export writes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.model import Clause, Finding, UserFacingError
from desktop.core.playbook import SIDE_OF, Playbook, PositionSpec
from desktop.core.topics.values import findings_in_context
from desktop.core.values import compare_values, describe_values

MIN_DRAFTS, MAX_DRAFTS = 2, 5
NOT_FOUND = "not found"  # what an empty cell says in a table sent to a client
BEST_MARK = "★"
NO_VALUE = "see clause"  # the position is there but no value could be read out of it


@dataclass(frozen=True)
class MatrixCell:
    """One position in one draft."""

    values: dict  # extracted values (desktop.core.values) for the position in this draft
    summary: str  # describe_values(...) one-line text, "" when not found
    clauses: tuple[str, ...]  # clause ids it comes from
    numbers: tuple[str, ...]  # their citation numbers ("8.1(a)"), or headings when unnumbered
    better: bool  # the best value for our side among the drafts (ties: all best)

    @property
    def found(self) -> bool:
        """Return whether the draft addresses the position at all."""
        return bool(self.clauses)

    def text(self) -> str:
        """Return the cell as plain text: "12 mo fees (§ 8.1(a))", or "not found"."""
        if not self.found:
            return NOT_FOUND
        where = where_text(self.numbers)
        summary = self.summary or NO_VALUE
        return f"{summary} ({where})" if where else summary


@dataclass(frozen=True)
class PositionMatrix:
    """Positions as rows, drafts as columns."""

    drafts: tuple[str, ...]  # draft names (2–5)
    keys: tuple[str, ...]  # position keys, playbook order, named ones first
    titles: tuple[str, ...]
    cells: tuple[tuple[MatrixCell, ...], ...]  # [position][draft]
    our_side: str = "customer"


def where_text(numbers: Sequence[str]) -> str:
    """Return the clause citation of a cell: "§ 8.1(a), 8.4" (at most three places)."""
    places = list(dict.fromkeys(n for n in numbers if n))
    shown = places[:3]
    if not shown:
        return ""
    more = "…" if len(places) > 3 else ""
    return "§ " + ", ".join(shown) + more


def _place(clause: Clause, by_id: dict[str, Clause]) -> str:
    """Return how a lawyer cites a clause: "8.1(a)", "N “Limitation of Total Liability”", "“Data”".

    An unnumbered clause is cited by the nearest heading (its own or an ancestor's), after
    the number of the nearest numbered ancestor.
    """
    if clause.number:
        return clause.number
    heading, number = "", ""
    node: Clause | None = clause
    while node is not None and not number:
        heading = heading or node.heading
        number = node.number
        node = by_id.get(node.parent) if node.parent else None
    quoted = f"“{heading}”" if heading else ""
    return f"{number} {quoted}".strip()


def _beats(spec: PositionSpec, x: dict, y: dict, us: str) -> bool:
    """Return whether values `x` are better for `us` than `y`: ours on some value, theirs on none."""
    verdicts = compare_values(spec, y, x).values()
    them = "vendor" if us == "customer" else "customer"
    return us in verdicts and them not in verdicts


def _best(spec: PositionSpec, found: Sequence[dict | None], us: str) -> list[bool]:
    """Return, per draft, whether its values are the best for `us` among the drafts."""
    present = {k: values for k, values in enumerate(found) if values}
    best = [False] * len(found)
    for k, values in present.items():
        beaten = any(_beats(spec, other, values, us) for o, other in present.items() if o != k)
        beats = any(_beats(spec, values, other, us) for o, other in present.items() if o != k)
        best[k] = beats and not beaten
    return best


def build_matrix(drafts: Sequence[tuple[str, Sequence[Clause]]], playbook: Playbook,
                 our_side: str) -> PositionMatrix:
    """Return the position matrix of 2–5 named drafts for `our_side` (customer, vendor, data_provider).

    Rows are the playbook's named positions and every other position found in at least one
    draft, in playbook order.
    """
    from desktop.core.positions import find_positions

    if not MIN_DRAFTS <= len(drafts) <= MAX_DRAFTS:
        raise UserFacingError(f"Pick between {MIN_DRAFTS} and {MAX_DRAFTS} drafts for the position matrix "
                              f"({len(drafts)} given).")
    us = SIDE_OF.get(our_side, "customer")
    findings: list[dict[str, Finding]] = []
    places: list[dict[str, str]] = []
    for _, clauses in drafts:
        clauses = tuple(clauses)
        findings.append(findings_in_context(find_positions(clauses, playbook), clauses, playbook))
        by_id = {c.id: c for c in clauses}
        places.append({c.id: _place(c, by_id) for c in clauses})
    keys, titles, rows = [], [], []
    for spec in playbook.positions:
        found = [by_key.get(spec.key) for by_key in findings]
        if not spec.first and not any(found):
            continue
        best = _best(spec, [f.values if f else None for f in found], us)
        row = []
        for k, finding in enumerate(found):
            if finding is None:
                row.append(MatrixCell({}, "", (), (), False))
                continue
            row.append(MatrixCell(
                values=dict(finding.values),
                summary=describe_values(spec, finding.values),
                clauses=finding.clauses,
                numbers=tuple(places[k].get(c, "") for c in finding.clauses),
                better=best[k],
            ))
        keys.append(spec.key)
        titles.append(spec.title)
        rows.append(tuple(row))
    return PositionMatrix(
        drafts=tuple(name for name, _ in drafts),
        keys=tuple(keys),
        titles=tuple(titles),
        cells=tuple(rows),
        our_side=our_side,
    )


# ------------------------------------------------------------------------------ rendering


def _side_words(m: PositionMatrix) -> str:
    return "vendor" if SIDE_OF.get(m.our_side, "customer") == "vendor" else "customer"


def legend(m: PositionMatrix) -> str:
    """Return the one-line key under the table."""
    return f"{BEST_MARK} best for us (the {_side_words(m)}) among these drafts; § = clause."


def _cell_plain(cell: MatrixCell) -> str:
    return (f"{BEST_MARK} " if cell.better else "") + cell.text()


def matrix_markdown(m: PositionMatrix) -> str:
    """Return the matrix as a Markdown table, best values starred and in bold."""
    def escape(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| Position | " + " | ".join(escape(d) for d in m.drafts) + " |",
             "|---" * (len(m.drafts) + 1) + "|"]
    for title, row in zip(m.titles, m.cells):
        cells = [f"**{BEST_MARK} {escape(c.text())}**" if c.better else escape(c.text()) for c in row]
        lines.append(f"| {escape(title)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + f"\n\n{legend(m)}\n"


def matrix_tsv(m: PositionMatrix) -> str:
    """Return the matrix as tab-separated text (the plain-text half of "Copy as table")."""
    def clean(text: str) -> str:
        return " ".join(text.split())

    lines = ["\t".join(["Position", *(clean(d) for d in m.drafts)])]
    for title, row in zip(m.titles, m.cells):
        lines.append("\t".join([clean(title), *(clean(_cell_plain(c)) for c in row)]))
    return "\n".join(lines) + "\n"


_TABLE = "border-collapse:collapse;font-family:Calibri,Arial,sans-serif;font-size:10pt"
_TD = "border:1px solid #999;padding:4px 6px;vertical-align:top"


def matrix_html(m: PositionMatrix) -> str:
    """Return the matrix as an HTML table with inline styles (pastes into Word and Outlook)."""
    head = "".join(f'<th style="{_TD};background:#e8ecf2;text-align:left">{html.escape(d)}</th>'
                   for d in m.drafts)
    rows = []
    for title, row in zip(m.titles, m.cells):
        cells = []
        for cell in row:
            where = where_text(cell.numbers)
            if not cell.found:
                body = f'<span style="color:#777">{NOT_FOUND}</span>'
            else:
                body = html.escape(cell.summary or NO_VALUE)
                if cell.better:
                    body = f"<b>{BEST_MARK} {body}</b>"
                if where:
                    body += f'<br><span style="color:#555">{html.escape(where)}</span>'
            shade = ";background:#e6f4ea" if cell.better else ""
            cells.append(f'<td style="{_TD}{shade}">{body}</td>')
        rows.append(f'<tr><th style="{_TD};text-align:left;background:#f5f5f5">{html.escape(title)}</th>'
                    + "".join(cells) + "</tr>")
    return (f'<table style="{_TABLE}"><thead><tr><th style="{_TD};background:#e8ecf2;text-align:left">'
            f"Position</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f'<p style="font-size:9pt;color:#555">{html.escape(legend(m))}</p>')
