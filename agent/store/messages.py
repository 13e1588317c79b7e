"""Processed messages: what was seen, what was decided and why. Also the review queue."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from agent.dates import to_iso
from agent.store.base import StoreBase


class MessageStore(StoreBase):
    def message_seen(self, message_key: str) -> bool:
        return bool(self.query("SELECT 1 FROM messages WHERE message_key = ?", (message_key,)))

    def record_message(
        self,
        *,
        message_key: str,
        source: str,
        folder: str,
        decision: str,
        now: datetime,
        message_id: str | None = None,
        uidvalidity: int | None = None,
        uid: int | None = None,
        path: str | None = None,
        outbound: bool = False,
        date: datetime | None = None,
        sender: str | None = None,
        subject: str | None = None,
        in_reply_to: Sequence[str] = (),
        references: Sequence[str] = (),
        category: str | None = None,
        application_id: int | None = None,
        confidence: float | None = None,
        evidence: Sequence[str] = (),
        review_state: str | None = None,
        candidates: Sequence[int] = (),
        error: str | None = None,
    ) -> int:
        """Record one message's decision; the same message (by key) is recorded once."""
        row: dict[str, Any] = {
            "message_key": message_key,
            "message_id": message_id,
            "source": source,
            "folder": folder,
            "uidvalidity": uidvalidity,
            "uid": uid,
            "path": path,
            "outbound": int(outbound),
            "date": to_iso(date) if date else None,
            "sender": sender,
            "subject": subject,
            "in_reply_to": " ".join(in_reply_to) or None,
            "refs": " ".join(references) or None,
            "decision": decision,
            "category": category,
            "application_id": application_id,
            "confidence": confidence,
            "evidence": json.dumps(list(evidence), ensure_ascii=False) if evidence else None,
            "review_state": review_state,
            "candidates": json.dumps(list(candidates)) if candidates else None,
            "error": error,
            "processed_at": to_iso(now),
        }
        with self.transaction():
            found = self.query("SELECT id FROM messages WHERE message_key = ?", (message_key,))
            if found:
                return int(found[0]["id"])
            return self.insert("messages", row)

    def linked_message_ids(self) -> dict[str, int]:
        """Message-IDs already tied to an application, for matching replies in a thread."""
        rows = self.query(
            "SELECT message_id, application_id FROM messages "
            "WHERE message_id IS NOT NULL AND application_id IS NOT NULL"
        )
        return {r["message_id"]: r["application_id"] for r in rows}
