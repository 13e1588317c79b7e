"""Sync checkpoints: how far each (source, folder) has been read, so a restart resumes exactly.

IMAP folders keep UIDVALIDITY and the highest UID processed. Local folders (Maildir, mbox) keep
the set of message identities already looked at plus a fingerprint of the folder, so an
unchanged folder is not even listed again. Callers write checkpoints inside the same
transaction as the messages' effects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from agent.dates import date_from_iso, to_iso
from agent.store.base import StoreBase


@dataclass(frozen=True)
class Checkpoint:
    source: str
    folder: str
    uidvalidity: int | None
    last_uid: int
    fingerprint: str | None = None
    horizon: date | None = None


class CheckpointStore(StoreBase):
    """Queries for sync progress; every write joins the caller's transaction when there is one."""

    def checkpoint(self, source: str, folder: str) -> Checkpoint | None:
        rows = self.query(
            "SELECT source, folder, uidvalidity, last_uid, fingerprint, horizon FROM checkpoints "
            "WHERE source = ? AND folder = ?",
            (source, folder),
        )
        if not rows:
            return None
        row = rows[0]
        return Checkpoint(
            source=row["source"],
            folder=row["folder"],
            uidvalidity=row["uidvalidity"],
            last_uid=int(row["last_uid"]),
            fingerprint=row["fingerprint"],
            horizon=date_from_iso(row["horizon"]),
        )

    def save_checkpoint(
        self,
        source: str,
        folder: str,
        *,
        now: datetime,
        uidvalidity: int | None = None,
        last_uid: int = 0,
        fingerprint: str | None = None,
        horizon: date | None = None,
    ) -> None:
        """Write the whole checkpoint of one folder (insert or replace)."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO checkpoints(source, folder, uidvalidity, last_uid, fingerprint, "
                "horizon, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(source, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
                "last_uid = excluded.last_uid, fingerprint = excluded.fingerprint, "
                "horizon = excluded.horizon, updated_at = excluded.updated_at",
                (
                    source,
                    folder,
                    uidvalidity,
                    last_uid,
                    fingerprint,
                    horizon.isoformat() if horizon else None,
                    to_iso(now),
                ),
            )

    def checkpoints(self, source: str | None = None) -> list[Checkpoint]:
        where, params = ("WHERE source = ?", (source,)) if source else ("", ())
        rows = self.query(
            "SELECT source, folder, uidvalidity, last_uid, fingerprint, horizon FROM checkpoints "
            f"{where} ORDER BY source, folder",
            params,
        )
        return [
            Checkpoint(
                r["source"],
                r["folder"],
                r["uidvalidity"],
                int(r["last_uid"]),
                r["fingerprint"],
                date_from_iso(r["horizon"]),
            )
            for r in rows
        ]

    # -- local sources: identities of messages already looked at -------------------------------

    def seen_items(self, source: str, folder: str) -> set[str]:
        rows = self.query(
            "SELECT item FROM source_items WHERE source = ? AND folder = ?", (source, folder)
        )
        return {r["item"] for r in rows}

    def mark_items(self, source: str, folder: str, items: Iterable[str], now: datetime) -> None:
        stamp = to_iso(now)
        with self.transaction():
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO source_items(source, folder, item, processed_at) "
                "VALUES (?, ?, ?, ?)",
                [(source, folder, item, stamp) for item in items],
            )
