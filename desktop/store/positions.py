"""The key-positions record on disk: findings per round, the deal's stances and statuses, the user's playbook.

`PositionRecord` holds the Store methods for it (Store inherits them, so the public API stays on
Store); the module functions turn findings and suggestions into rows inside a transaction
Store.add_round opens.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from desktop.core.model import STATUSES, Clause, Evidence, Finding, Suggestion
from desktop.core.playbook import Playbook, PositionSpec, position_from_dict
from desktop.core.record import Standing
from desktop.store.schema import StoreError, user_errors


@dataclass(frozen=True)
class DealPosition:
    """One position of a deal with our ask, fallback and walk-away on it."""

    key: str
    title: str
    ask: str
    fallback: str
    walk_away: str
    ordinal: int


@dataclass(frozen=True)
class PositionStatus:
    """A position's status in one round; `suggested` while the user has not confirmed it."""

    status: str  # one of STATUSES
    reason: str
    suggested: bool


def _now() -> str:
    """Return the current UTC time as ISO 8601 to the second."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")


def check_record(clauses: Sequence[Clause], findings: Sequence[Finding],
                 suggestions: Sequence[Suggestion]) -> None:
    """Raise ValueError unless the findings cite the draft's clauses and the statuses are known."""
    ids = {c.id for c in clauses}
    stray = sorted({c for f in findings for c in (*f.clauses, *(e.clause for e in f.evidence))
                    if c not in ids})
    if stray:
        raise ValueError(f"the findings cite clauses this draft does not have ({stray})")
    for suggestion in suggestions:
        _check_status(suggestion.status)


def _plain(value: object) -> object:
    """Return a value read back from JSON as Finding.values holds it (lists become tuples)."""
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def finding_rows(findings: Sequence[Finding]) -> tuple[tuple, ...]:
    """Return the rows insert_findings writes, less the draft id in front (a worker may work them out)."""
    return tuple((ordinal, f.key, f.title, json.dumps(list(f.clauses)),
                  json.dumps([[e.clause, e.start, e.end] for e in f.evidence]),
                  json.dumps(f.values, ensure_ascii=False))
                 for ordinal, f in enumerate(findings))


def insert_findings(conn: sqlite3.Connection, draft_id: int, findings: Sequence[Finding],
                    prepared: tuple[tuple, ...] | None = None) -> None:
    """Store the positions found in a round's draft (`prepared`: their finding_rows, when worked out)."""
    rows = finding_rows(findings) if prepared is None else prepared
    if not rows:
        return
    conn.executemany(
        "INSERT INTO findings (draft_id, ordinal, key, title, clauses, evidence, extracted) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", [(draft_id, *row) for row in rows])


def insert_suggestions(conn: sqlite3.Connection, deal_id: int, draft_id: int,
                       suggestions: Sequence[Suggestion]) -> None:
    """Store suggested statuses for a round, replacing any earlier suggestion or status."""
    if not suggestions:
        return
    now = _now()
    conn.executemany(
        "INSERT INTO position_statuses (deal_id, key, draft_id, status, reason, suggested, "
        "updated_at) VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (deal_id, key, draft_id) DO UPDATE "
        "SET status = excluded.status, reason = excluded.reason, suggested = 1, "
        "updated_at = excluded.updated_at",
        [(deal_id, s.key, draft_id, s.status, s.reason, now) for s in suggestions])


def read_findings(conn: sqlite3.Connection, draft_id: int) -> tuple[Finding, ...]:
    """Return the positions found in a round's draft, in the order they were stored."""
    rows = conn.execute(
        "SELECT key, title, clauses, evidence, extracted FROM findings WHERE draft_id = ? "
        "ORDER BY ordinal", (draft_id,))
    return tuple(
        Finding(key, title, tuple(json.loads(clauses)),
                tuple(Evidence(c, start, end) for c, start, end in json.loads(evidence)),
                {k: _plain(v) for k, v in json.loads(extracted).items()})
        for key, title, clauses, evidence, extracted in rows)


def _overlay(shipped: PositionSpec | None, raw: dict) -> PositionSpec:
    """Return a user position; fields it leaves out come from the shipped one it edits."""
    mine = position_from_dict(raw)
    if shipped is None:
        return dataclasses.replace(mine, user_defined=True)
    kept = {f.name: getattr(shipped, f.name) for f in dataclasses.fields(PositionSpec)
            if f.name not in raw}
    return dataclasses.replace(mine, **kept)


class PositionRecord:
    """The Store's methods for the key-positions record (Store supplies _conn, _db, path and read_only)."""

    path: Path | None
    read_only: bool
    _conn: sqlite3.Connection
    _db: Database
    _not_stored: dict[int, list[DealPosition]]  # read_only: positions shown as added, by deal

    # Findings --------------------------------------------------------------------------------

    @user_errors
    def findings(self, draft_id: int) -> tuple[Finding, ...]:
        """Return the playbook positions found in a round's draft, in playbook order."""
        return read_findings(self._conn, draft_id)

    # The deal's positions and stances ------------------------------------------------------------

    _POSITION_SQL = ("SELECT key, title, ask, fallback, walk_away, ordinal FROM deal_positions "
                     "WHERE deal_id = ? ")

    @user_errors
    def deal_positions(self, deal_id: int) -> list[DealPosition]:
        """Return the deal's positions in display order, with our stance on each."""
        rows = self._conn.execute(self._POSITION_SQL + "ORDER BY ordinal, id", (deal_id,))
        return [DealPosition(*row) for row in rows] + self._not_stored.get(deal_id, [])

    @user_errors
    def ensure_deal_positions(self, deal_id: int, playbook: Playbook,
                              our_side: str) -> list[DealPosition]:
        """Return the deal's positions after adding any of the playbook's it lacks.

        New positions take the playbook's stance for `our_side`; positions the deal already has
        keep what the user made of them, so calling this again changes nothing. A store opened
        read-only returns them as if added, and stores nothing.
        """
        with self._db.atomic():
            self._require("deals", deal_id)
            have = {key for (key,) in self._conn.execute(
                "SELECT key FROM deal_positions WHERE deal_id = ?", (deal_id,))}
            (last,) = self._conn.execute(
                "SELECT coalesce(max(ordinal), -1) FROM deal_positions WHERE deal_id = ?",
                (deal_id,)).fetchone()
            rows = []
            for spec in playbook.positions:
                if spec.key not in have:
                    stance = spec.stance(our_side)
                    last += 1
                    rows.append((deal_id, spec.key, spec.title, stance.ask, stance.fallback,
                                 stance.walk_away, last))
            if self.read_only:
                self._not_stored[deal_id] = [DealPosition(*row[1:]) for row in rows]
                rows = []
            self._conn.executemany(
                "INSERT INTO deal_positions (deal_id, key, title, ask, fallback, walk_away, "
                "ordinal) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        return self.deal_positions(deal_id)

    @user_errors
    def set_stance(self, deal_id: int, key: str, *, ask: str, fallback: str,
                   walk_away: str) -> DealPosition:
        """Set our ask, fallback and walk-away on a position; return it as it was, for undo."""
        with self._db.atomic():
            row = self._conn.execute(self._POSITION_SQL + "AND key = ?",
                                     (deal_id, key)).fetchone()
            if row is None:
                raise StoreError("That position is no longer part of the deal.")
            self._conn.execute(
                "UPDATE deal_positions SET ask = ?, fallback = ?, walk_away = ? "
                "WHERE deal_id = ? AND key = ?", (ask, fallback, walk_away, deal_id, key))
            self._touch(deal_id)
        return DealPosition(*row)

    # Statuses --------------------------------------------------------------------------------

    @user_errors
    def position_statuses(self, deal_id: int) -> dict[tuple[str, int], PositionStatus]:
        """Return every status of the deal's positions, keyed (position key, draft id)."""
        rows = self._conn.execute(
            "SELECT key, draft_id, status, reason, suggested FROM position_statuses "
            "WHERE deal_id = ? ORDER BY draft_id, key", (deal_id,))
        return {(key, draft_id): PositionStatus(status, reason, bool(suggested))
                for key, draft_id, status, reason, suggested in rows}

    def _status(self, deal_id: int, key: str, draft_id: int) -> PositionStatus | None:
        row = self._conn.execute(
            "SELECT status, reason, suggested FROM position_statuses "
            "WHERE deal_id = ? AND key = ? AND draft_id = ?", (deal_id, key, draft_id)).fetchone()
        return None if row is None else PositionStatus(row[0], row[1], bool(row[2]))

    def _require_round_of(self, deal_id: int, draft_id: int) -> None:
        row = self._conn.execute("SELECT deal_id FROM drafts WHERE id = ?",
                                 (draft_id,)).fetchone()
        if row is None or row[0] != deal_id:
            raise StoreError("That round no longer exists.")

    @user_errors
    def set_status(self, deal_id: int, key: str, draft_id: int, status: str, reason: str, *,
                   suggested: bool = False) -> PositionStatus | None:
        """Set a position's status in a round; return the one it replaces (None), for undo."""
        _check_status(status)
        with self._db.atomic():
            self._require_round_of(deal_id, draft_id)
            previous = self._status(deal_id, key, draft_id)
            self._conn.execute(
                "INSERT INTO position_statuses (deal_id, key, draft_id, status, reason, "
                "suggested, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (deal_id, key, draft_id) DO UPDATE SET status = excluded.status, "
                "reason = excluded.reason, suggested = excluded.suggested, "
                "updated_at = excluded.updated_at",
                (deal_id, key, draft_id, status, reason, int(suggested), _now()))
            self._touch(deal_id)
        return previous

    @user_errors
    def clear_status(self, deal_id: int, key: str, draft_id: int) -> PositionStatus | None:
        """Remove a position's status in a round; return what it was (None), for undo."""
        with self._db.atomic():
            previous = self._status(deal_id, key, draft_id)
            if previous is not None:
                self._conn.execute(
                    "DELETE FROM position_statuses WHERE deal_id = ? AND key = ? AND draft_id = ?",
                    (deal_id, key, draft_id))
                self._touch(deal_id)
        return previous

    @user_errors
    def standing(self, deal_id: int) -> Standing:
        """Return where the deal stands before its next round (see desktop.core.record)."""
        deal = self._conn.execute("SELECT our_side FROM deals WHERE id = ?",
                                  (deal_id,)).fetchone()
        if deal is None:
            raise StoreError("That deal no longer exists.")
        positions = self.deal_positions(deal_id)
        standing = Standing(our_side=deal[0], asks={p.key: p.ask for p in positions},
                            fallbacks={p.key: p.fallback for p in positions})
        latest = {}  # sender -> (draft id, round no) of that side's latest draft
        for draft_id, round_no, sender in self._conn.execute(
                "SELECT id, round_no, sender FROM drafts WHERE deal_id = ? ORDER BY round_no",
                (deal_id,)):
            latest[sender] = (draft_id, round_no)
        if not latest:
            return standing
        sender = max(latest, key=lambda side: latest[side][1])
        draft_id, round_no = latest[sender]
        statuses = dict(self._conn.execute(
            "SELECT key, status FROM position_statuses WHERE draft_id = ?", (draft_id,)))
        return dataclasses.replace(
            standing, round_no=round_no, sender=sender, findings=self._recorded(draft_id),
            statuses=statuses,
            last_by_sender={side: self._recorded(row[0]) for side, row in latest.items()})

    def _recorded(self, draft_id: int) -> tuple[Finding, ...] | None:
        """Return a round's findings; None when it was stored before positions were recorded."""
        # Every round imported with positions has a status for each of them, so a round with
        # none at all predates them: its findings are unknown, not empty.
        if self._conn.execute("SELECT 1 FROM position_statuses WHERE draft_id = ? LIMIT 1",
                              (draft_id,)).fetchone() is None:
            return None
        return read_findings(self._conn, draft_id)

    # The user's playbook ---------------------------------------------------------------------

    @user_errors
    def user_positions(self) -> list[dict]:
        """Return the user's own positions and edits of shipped ones, as saved (dict form)."""
        rows = self._conn.execute("SELECT position FROM user_positions ORDER BY ordinal, key")
        return [json.loads(raw) for (raw,) in rows]

    @user_errors
    def save_user_position(self, raw: dict) -> None:
        """Save a user position (position_from_dict form), replacing one with the same key."""
        try:
            spec = position_from_dict(raw)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise StoreError(f"This position cannot be saved: {error} is missing or wrong.") from None
        if not spec.key.strip() or not spec.title.strip():
            raise StoreError("A position needs a key and a title.")
        text = json.dumps(raw, ensure_ascii=False)
        with self._db.atomic():
            (last,) = self._conn.execute(
                "SELECT coalesce(max(ordinal), -1) FROM user_positions").fetchone()
            self._conn.execute(
                "INSERT INTO user_positions (key, position, ordinal, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET position = excluded.position, "
                "updated_at = excluded.updated_at", (spec.key, text, last + 1, _now()))

    @user_errors
    def delete_user_position(self, key: str) -> None:
        """Forget a user position or edit; the shipped position, if any, shows through again."""
        with self._db.atomic():
            self._conn.execute("DELETE FROM user_positions WHERE key = ?", (key,))

    def playbook(self, shipped: Playbook) -> Playbook:
        """Return the shipped playbook with the user's positions laid over it.

        An edit replaces the shipped position with the same key, keeping whatever it does not
        mention (cues, values, …); a new position comes after the shipped ones. The three
        positions named first stay first.
        """
        rows = self.user_positions()
        # The same playbook object while nothing changed: the positions detector compiled for
        # it (desktop.core.positions.detector_for, ~90 ms) is kept per object.
        key = json.dumps(rows, sort_keys=True, ensure_ascii=False)
        kept = getattr(self, "_playbook_kept", None)
        if kept is not None and kept[0] is shipped and kept[1] == key:
            return kept[2]
        mine = {raw["key"]: raw for raw in rows}
        positions = [_overlay(spec, mine.pop(spec.key)) if spec.key in mine else spec
                     for spec in shipped.positions]
        positions += [_overlay(None, raw) for raw in mine.values()]
        positions.sort(key=lambda p: not p.first)
        playbook = Playbook(name=shipped.name, positions=tuple(positions))
        self._playbook_kept = (shipped, key, playbook)
        return playbook

    # Supplied by Store.
    def _require(self, table: str, row_id: int) -> None:  # pragma: no cover
        raise NotImplementedError

    def _touch(self, deal_id: int) -> None:  # pragma: no cover
        raise NotImplementedError
