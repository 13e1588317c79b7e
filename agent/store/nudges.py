"""Nudges and their deliveries: every row the follow-up lifecycle writes.

Moments in these two tables are stored in UTC so that SQL can compare them as text; callers
get them back as aware datetimes and show them in the user's zone.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Any

from agent.dates import from_iso, to_iso
from agent.errors import NotFoundError
from agent.models import Nudge, NudgeKind, NudgeState
from agent.store.base import StoreBase
from agent.store.contacts import MAX_ID

#: Nudge columns a caller may change after the row exists.
_NUDGE_FIELDS = frozenset({"due", "state", "reason", "snoozed_until", "delivered_at", "closed_at"})


def utc(moment: datetime) -> str:
    """Store form of a moment in these tables: ISO 8601 in UTC, comparable as text."""
    return to_iso(moment.astimezone(UTC))


def _moment(text: str) -> datetime:
    moment = from_iso(text)
    assert moment is not None
    return moment


def _nudge(row: Mapping[str, Any]) -> Nudge:
    return Nudge(
        id=row["id"],
        application_id=row["application_id"],
        kind=NudgeKind(row["kind"]),
        due=_moment(row["due"]),
        state=NudgeState(row["state"]),
        reason=row["reason"],
        fingerprint=row["fingerprint"],
        created_at=_moment(row["created_at"]),
        snoozed_until=from_iso(row["snoozed_until"]),
        delivered_at=from_iso(row["delivered_at"]),
        closed_at=from_iso(row["closed_at"]),
    )


class NudgeStore(StoreBase):
    """Queries for nudges (what to tell the person) and deliveries (what was told, where)."""

    # -- nudges ---------------------------------------------------------------------------

    def nudges(
        self,
        *,
        app_id: int | None = None,
        states: Collection[NudgeState] | None = None,
    ) -> list[Nudge]:
        """Nudges, soonest due first, optionally of one application and in some states."""
        where: list[str] = []
        params: list[object] = []
        if app_id is not None:
            where.append("application_id = ?")
            params.append(app_id)
        if states is not None:
            if not states:
                return []
            where.append(f"state IN ({', '.join('?' for _ in states)})")
            params.extend(str(s) for s in states)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self.query(f"SELECT * FROM nudges {clause} ORDER BY due, id", tuple(params))
        return [_nudge(r) for r in rows]

    def nudge(self, nudge_id: int) -> Nudge:
        rows = (
            self.query("SELECT * FROM nudges WHERE id = ?", (nudge_id,))
            if 0 < nudge_id <= MAX_ID
            else []
        )
        if not rows:
            raise NotFoundError(
                f"no nudge with number {nudge_id}; `followup nudges --all` lists them"
            )
        return _nudge(rows[0])

    def nudge_by_fingerprint(self, fingerprint: str) -> Nudge | None:
        rows = self.query("SELECT * FROM nudges WHERE fingerprint = ?", (fingerprint,))
        return _nudge(rows[0]) if rows else None

    def add_nudge(
        self,
        *,
        application_id: int,
        kind: NudgeKind,
        due: datetime,
        reason: str,
        fingerprint: str,
        now: datetime,
    ) -> Nudge:
        """Insert a pending nudge; a fingerprint already present returns the existing row."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO nudges (application_id, kind, due, state, reason, fingerprint, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(fingerprint) DO NOTHING",
                (
                    application_id,
                    str(kind),
                    utc(due),
                    str(NudgeState.PENDING),
                    reason,
                    fingerprint,
                    utc(now),
                ),
            )
        found = self.nudge_by_fingerprint(fingerprint)
        assert found is not None
        return found

    def update_nudge(self, nudge_id: int, **fields: datetime | str | None) -> None:
        """Change some of a nudge's columns (`due`, `state`, `reason`, the moments)."""
        unknown = set(fields) - _NUDGE_FIELDS
        if unknown:
            raise ValueError(f"not nudge fields: {', '.join(sorted(unknown))}")
        values = {k: utc(v) if isinstance(v, datetime) else v for k, v in fields.items()}
        with self.transaction():
            self.table("nudges").update(nudge_id, values)

    # -- deliveries -----------------------------------------------------------------------

    def claim_delivery(
        self, nudge_id: int, channel: str, since: datetime, now: datetime
    ) -> int | None:
        """Reserve the delivery of a nudge on one channel, or None if it already went out.

        The reservation is written as a success before anything is sent, in one statement, so
        that neither a crash after sending nor a second process can ever send it twice. A
        failed send turns it into a failure with `finish_delivery`.
        """
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO deliveries (nudge_id, channel, at, ok, detail) "
                "SELECT ?, ?, ?, 1, 'sending' WHERE NOT EXISTS ("
                "  SELECT 1 FROM deliveries WHERE nudge_id = ? AND channel = ? AND ok = 1 "
                "  AND at >= ?)",
                (nudge_id, channel, utc(now), nudge_id, channel, utc(since)),
            )
            if cursor.rowcount != 1:
                return None
            return int(cursor.lastrowid or 0)

    def finish_delivery(self, delivery_id: int, *, ok: bool, detail: str | None = None) -> None:
        with self.transaction():
            self.table("deliveries").update(delivery_id, {"ok": int(ok), "detail": detail})

    def delivered_channels(self, nudge_id: int, since: datetime) -> set[str]:
        """The channels that have had this nudge since `since` (its current round)."""
        rows = self.query(
            "SELECT DISTINCT channel FROM deliveries WHERE nudge_id = ? AND ok = 1 AND at >= ?",
            (nudge_id, utc(since)),
        )
        return {r["channel"] for r in rows}

    def first_failure(self, nudge_id: int, channel: str, since: datetime) -> datetime | None:
        """When delivery on `channel` first failed since `since` (None: it never failed)."""
        rows = self.query(
            "SELECT min(at) AS at FROM deliveries WHERE nudge_id = ? AND channel = ? AND ok = 0 "
            "AND at >= ?",
            (nudge_id, channel, utc(since)),
        )
        return from_iso(rows[0]["at"]) if rows else None

    def deliveries(self, nudge_id: int | None = None) -> list[dict[str, Any]]:
        """Delivery records (channel, at, ok, detail), oldest first."""
        if nudge_id is None:
            return self.query("SELECT * FROM deliveries ORDER BY id")
        return self.query("SELECT * FROM deliveries WHERE nudge_id = ? ORDER BY id", (nudge_id,))

    # -- once-a-day markers ---------------------------------------------------------------

    def claim_state(self, key: str, value: str, now: datetime) -> bool:
        """Set `key` to `value` unless it already holds it; True if this call changed it.

        One statement, so two processes can never both think they claimed the same value.
        """
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO state(key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at WHERE state.value IS NOT excluded.value",
                (key, value, to_iso(now)),
            )
            return cursor.rowcount == 1
