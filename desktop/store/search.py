"""Search across deals on disk: full-text search of every clause, and one position in every deal.

`SearchRecord` holds the Store methods for it (Store inherits them, so the public API stays on
Store). Clause texts are stored once each and indexed by the FTS5 table `clause_search`;
findings are stored per round in `findings` and statuses per round in `position_statuses`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass

from desktop.core.model import Finding
from desktop.store.positions import read_findings
from desktop.store.schema import user_errors

# Put around each matched word in SearchHit.snippet; rare in contracts, unlike "[" and "]".
SNIPPET_MARKS = ("\u27e6", "\u27e7")  # ⟦ ⟧
_SNIPPET_WORDS = 16
# A status that ends the negotiation of a position; "open" and "not addressed" do not.
SETTLED = frozenset({"won", "conceded", "compromise"})


@dataclass(frozen=True)
class SearchHit:
    """One clause whose text matches a search, with the matched words marked in `snippet`."""

    deal_id: int
    deal_name: str
    draft_id: int
    round_no: int
    clause_id: str  # "c7"
    number: str
    heading: str
    snippet: str  # matched words between SNIPPET_MARKS


@dataclass(frozen=True)
class FoldedHit(SearchHit):
    """A hit of a folded search: the latest round holding the text, and the deal's other rounds holding it."""

    other_rounds: tuple[int, ...] = ()  # earliest first


@dataclass(frozen=True)
class DealOutcome:
    """Where one deal ended on one position: its latest round's finding and status.

    `settled_round` is the round from which the final status has held, when that status
    settles the position (won, conceded or compromise); None while it is open or unrecorded.
    """

    deal_id: int
    deal_name: str
    counterparty: str
    our_side: str
    draft_id: int  # the deal's latest round
    round_no: int
    finding: Finding | None  # None when the latest round has no clause on the position
    numbers: dict[str, str]  # clause id → its number (or label), for the clauses the finding cites
    status: str  # one of STATUSES, or "" when none is recorded for the latest round
    reason: str
    suggested: bool
    settled_round: int | None


def fts_query(text: str) -> str:
    """Return an FTS5 query needing every word or "quoted phrase" of user text; never bad syntax.

    Each term is quoted, so FTS5 operators typed by the user (AND, NEAR, "(", "-", ":") are
    plain words; a trailing * keeps its prefix meaning. Terms without a letter or digit are
    dropped. An empty string means there is nothing to search for.
    """
    # FTS5 reads a NUL as the end of the query ("unterminated string"): control characters
    # separate words instead.
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text)
    terms = []
    for phrase, word in re.findall(r'"([^"]*)"|([^\s"]+)', text):
        term, prefix = phrase, ""
        if word:
            term = word.rstrip("*")
            prefix = "*" if word.endswith("*") else ""
        if any(ch.isalnum() for ch in term):
            terms.append('"' + term.replace('"', '""') + '"' + prefix)
    return " ".join(terms)


def settled_round(history: list[tuple[int, str]]) -> int | None:
    """Return the round from which the last status of `history` ((round no, status), in order) held.

    None when the last status does not settle the position, or when there is no history.
    """
    if not history or history[-1][1] not in SETTLED:
        return None
    final = history[-1][1]
    since = history[-1][0]
    for round_no, status in reversed(history):
        if status != final:
            break
        since = round_no
    return since


class SearchRecord:
    """The Store's search methods (Store supplies _conn)."""

    _conn: sqlite3.Connection

    @user_errors
    def search(self, query: str, limit: int = 100, *, deal_id: int | None = None,
               position: str | None = None, fold: bool = False) -> list[SearchHit]:
        """Return the clauses of every deal matching all words of `query`, best match first.

        `deal_id` keeps one deal's clauses; `position` only the clauses cited by the findings of
        that position key (in the round they were found in). `fold` gives one FoldedHit per text
        per deal, in the latest round holding it, with the deal's other rounds holding it in
        `other_rounds` (a clause kept through four rounds is one hit, not four).
        """
        match = fts_query(query)
        if not match or limit <= 0:
            return []
        # The FROM clause starts from the smallest set, so SQLite walks it and looks each
        # clause's text up among the hits (CROSS JOIN fixes that order): the position's cited
        # clauses, else the deal's clauses, else the matching texts themselves.
        columns = ("deals.id AS deal_id, deals.name AS deal_name, deals.name_key AS name_key, "
                   "drafts.id AS draft_id, drafts.round_no AS round_no, clauses.key AS key, "
                   "clauses.number AS number, clauses.heading AS heading, "
                   "clauses.ordinal AS ordinal, hits.text_id AS text_id, hits.rank AS rank")
        where: list[str] = []
        args: list[str | int] = []
        if position is not None:
            source = ("(SELECT f.draft_id, j.value AS key FROM findings f, json_each(f.clauses) j "
                      "WHERE f.key = ?) cited CROSS JOIN clauses ON clauses.draft_id = "
                      "cited.draft_id AND clauses.key = cited.key CROSS JOIN hits ON "
                      "hits.text_id = clauses.text_id JOIN drafts ON drafts.id = clauses.draft_id")
            args.append(position)
        elif deal_id is not None:
            source = ("drafts CROSS JOIN clauses ON clauses.draft_id = drafts.id "
                      "CROSS JOIN hits ON hits.text_id = clauses.text_id")
        else:
            source = ("hits JOIN clauses ON clauses.text_id = hits.text_id "
                      "JOIN drafts ON drafts.id = clauses.draft_id")
            # Unfiltered, each distinct text is ranked once (a text is shared by every round
            # that kept it), and only texts ranked within the best `limit` are joined to their
            # clauses: each text has at least one clause (and, folded, one hit), so no other
            # can reach the first `limit` rows. A filter can drop a text's every clause, so
            # then every matching text is joined.
            where.append("hits.rank <= coalesce((SELECT rank FROM cut), hits.rank)")
        if deal_id is not None:
            where.append("drafts.deal_id = ?")
            args.append(deal_id)
        found = (f"SELECT {columns} FROM {source} JOIN deals ON deals.id = drafts.deal_id "
                 "WHERE " + (" AND ".join(where) or "1"))
        if fold:
            # SQLite takes the bare columns from the row holding max(round_no). Filtered, `found`
            # is materialized first, or SQLite plans the grouping with a scan of every hit per
            # clause.
            outer = ("SELECT deal_id, deal_name, draft_id, max(round_no), key, number, heading, "
                     "text_id, group_concat(round_no) FROM found GROUP BY deal_id, text_id ")
        else:
            outer = ("SELECT deal_id, deal_name, draft_id, round_no, key, number, heading, "
                     "text_id, '' FROM found ")
        rows = self._conn.execute(
            "WITH hits AS MATERIALIZED (SELECT rowid AS text_id, rank FROM clause_search "
            "WHERE clause_search MATCH ?), "
            "cut AS (SELECT rank FROM hits ORDER BY rank LIMIT 1 OFFSET ?), "
            f"found AS {'MATERIALIZED ' if fold and args else ''}({found}) {outer}"
            "ORDER BY rank, name_key, round_no DESC, ordinal LIMIT ?",
            (match, max(0, limit - 1), *args, limit)).fetchall()
        # Snippets are made for the texts shown only.
        snippets = dict(self._conn.execute(
            "SELECT rowid, snippet(clause_search, 0, ?, ?, '…', ?) FROM clause_search "
            "WHERE clause_search MATCH ? AND rowid IN (SELECT value FROM json_each(?))",
            (*SNIPPET_MARKS, _SNIPPET_WORDS, match, json.dumps(sorted({row[7] for row in rows})))))
        if not fold:
            return [SearchHit(deal, name, draft, round_no, key, number, heading, snippets[text_id])
                    for deal, name, draft, round_no, key, number, heading, text_id, _ in rows]
        return [FoldedHit(deal, name, draft, round_no, key, number, heading, snippets[text_id],
                          tuple(sorted({int(n) for n in str(rounds).split(",")} - {round_no})))
                for deal, name, draft, round_no, key, number, heading, text_id, rounds in rows]

    @user_errors
    def position_across_deals(self, key: str) -> list[DealOutcome]:
        """Return, for every deal with a round, where it ended on position `key`, by deal name."""
        latest = self._conn.execute(
            "SELECT deals.id, deals.name, deals.counterparty, deals.our_side, drafts.id, "
            "drafts.round_no FROM deals JOIN drafts ON drafts.deal_id = deals.id AND "
            "drafts.round_no = (SELECT max(round_no) FROM drafts d WHERE d.deal_id = deals.id) "
            "ORDER BY deals.name_key, deals.id").fetchall()
        history: dict[int, list[tuple[int, str]]] = {}
        final: dict[int, tuple[str, str, bool]] = {}
        for deal_id, draft_id, round_no, status, reason, suggested in self._conn.execute(
                "SELECT s.deal_id, s.draft_id, d.round_no, s.status, s.reason, s.suggested "
                "FROM position_statuses s JOIN drafts d ON d.id = s.draft_id WHERE s.key = ? "
                "ORDER BY s.deal_id, d.round_no", (key,)):
            history.setdefault(deal_id, []).append((round_no, status))
            final[draft_id] = (status, reason, bool(suggested))
        outcomes = []
        for deal_id, name, counterparty, our_side, draft_id, round_no in latest:
            finding = next((f for f in read_findings(self._conn, draft_id) if f.key == key), None)
            numbers = {}
            if finding is not None:
                numbers = {cid: number or label for cid, number, label in self._conn.execute(
                    "SELECT key, number, label FROM clauses WHERE draft_id = ? AND key IN "
                    "(SELECT value FROM json_each(?))", (draft_id, json.dumps(finding.clauses)))}
            status, reason, suggested = final.get(draft_id, ("", "", False))
            # Only the latest round's status is the outcome: an earlier one may since have moved.
            settled = settled_round(history.get(deal_id, [])) if status else None
            outcomes.append(DealOutcome(deal_id, name, counterparty, our_side, draft_id, round_no,
                                        finding, numbers, status, reason, suggested, settled))
        return outcomes
