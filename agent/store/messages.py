"""Processed messages: what was seen, what was decided and why. Also the review queue."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agent.dates import from_iso, to_iso
from agent.errors import NotFoundError, UsageError
from agent.store.base import StoreBase

#: `messages.review_state` values: waiting for the person, or how they settled it.
REVIEW_PENDING = "pending"
REVIEW_STATES = (REVIEW_PENDING, "accepted", "assigned", "dismissed")


@dataclass(frozen=True)
class Thread:
    """A message's thread as the store knows it."""

    #: {Message-ID: application id} of the messages tied to an application.
    linked: dict[str, int]
    #: {Message-ID: (the application proposed, how sure)} of those waiting for review.
    pending: dict[str, tuple[int, float]]


@dataclass(frozen=True)
class MessageRecord:
    """One processed message as the store remembers it: enough to explain and to review."""

    id: int
    message_key: str
    message_id: str | None
    source: str
    folder: str
    outbound: bool
    date: datetime | None
    sender: str | None
    sender_name: str | None
    subject: str | None
    decision: str
    category: str | None
    application_id: int | None
    confidence: float | None
    evidence: tuple[str, ...]
    review_state: str | None
    candidates: tuple[int, ...]
    summary: str | None
    details: Mapping[str, Any]
    error: str | None
    processed_at: datetime | None
    path: str | None = None
    #: The messages it answers (In-Reply-To) and its thread (References).
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()

    def is_reply_to(self, other: MessageRecord) -> bool:
        """Whether this message names `other` as one it answers or follows in its thread."""
        return other.message_id is not None and (
            other.message_id in self.in_reply_to or other.message_id in self.references
        )


def _record(row: Mapping[str, Any]) -> MessageRecord:
    return MessageRecord(
        id=row["id"],
        message_key=row["message_key"],
        message_id=row["message_id"],
        source=row["source"],
        folder=row["folder"],
        outbound=bool(row["outbound"]),
        date=from_iso(row["date"]),
        sender=row["sender"],
        sender_name=row.get("sender_name"),
        subject=row["subject"],
        decision=row["decision"],
        category=row["category"],
        application_id=row["application_id"],
        confidence=row["confidence"],
        evidence=tuple(json.loads(row["evidence"])) if row["evidence"] else (),
        review_state=row["review_state"],
        candidates=tuple(json.loads(row["candidates"])) if row["candidates"] else (),
        summary=row.get("summary"),
        details=json.loads(row["details"]) if row.get("details") else {},
        error=row["error"],
        processed_at=from_iso(row["processed_at"]),
        path=row["path"],
        in_reply_to=tuple((row.get("in_reply_to") or "").split()),
        references=tuple((row.get("refs") or "").split()),
    )


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
        sender_name: str | None = None,
        summary: str | None = None,
        details: Mapping[str, Any] | None = None,
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
            "sender_name": sender_name,
            "summary": summary,
            "details": json.dumps(dict(details), ensure_ascii=False) if details else None,
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

    def thread(self, message_id: str | None, refs: Sequence[str]) -> Thread:
        """The messages of this one's thread that are tied to an application or wait for
        review, in either direction: those it refers to (its In-Reply-To and References) and
        those that refer to it (a reply read before the message it answers, as when Sent is
        read after INBOX). One query, on every message's path."""
        rows = self._same_thread(message_id, refs)
        linked: dict[str, int] = {}
        pending: dict[str, tuple[int, float]] = {}
        for row in rows:
            if row["application_id"] is not None:
                linked[row["message_id"]] = row["application_id"]
            elif candidates := json.loads(row["candidates"]):
                pending[row["message_id"]] = (int(candidates[0]), float(row["confidence"] or 0))
        return Thread(linked, pending)

    def _same_thread(self, message_id: str | None, refs: Sequence[str]) -> list[dict[str, Any]]:
        """Linked or waiting rows this message refers to, then those that refer to it."""
        select = (
            "SELECT message_id, application_id, candidates, confidence FROM messages WHERE "
            "(application_id IS NOT NULL OR (review_state = ? AND candidates IS NOT NULL)) AND "
        )
        rows: list[dict[str, Any]] = []
        wanted = [r for r in dict.fromkeys(refs) if r]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows += self.query(f"{select}message_id IN ({marks})", (REVIEW_PENDING, *chunk))
        if message_id:
            seen = {row["message_id"] for row in rows}
            rows += [
                row
                for row in self.query(
                    f"{select}message_id IS NOT NULL AND "
                    "(instr(in_reply_to, ?) > 0 OR instr(refs, ?) > 0)",
                    (REVIEW_PENDING, message_id, message_id),
                )
                if row["message_id"] not in seen
            ]
        return rows

    # -- reading decisions back -----------------------------------------------------------

    def message_record(self, ref: str) -> MessageRecord:
        """A processed message by Message-ID (with or without <>), by key, or by number."""
        text = ref.strip()
        candidates = [text] if text.startswith("<") else [f"<{text}>", text]
        for value in candidates:
            rows = self.query(
                "SELECT * FROM messages WHERE message_id = ? OR message_key = ? "
                "ORDER BY id DESC LIMIT 1",
                (value, value),
            )
            if rows:
                return _record(rows[0])
        if text.isdigit():
            rows = self.query("SELECT * FROM messages WHERE id = ?", (int(text),))
            if rows:
                return _record(rows[0])
        raise NotFoundError(
            f"no processed message {ref!r}; give its Message-ID as shown by `followup review` "
            "or in the contact log"
        )

    def message_records(self, *, application_id: int | None = None) -> list[MessageRecord]:
        """Processed messages, oldest first (optionally one application's)."""
        if application_id is None:
            rows = self.query("SELECT * FROM messages ORDER BY date, id")
        else:
            rows = self.query(
                "SELECT * FROM messages WHERE application_id = ? ORDER BY date, id",
                (application_id,),
            )
        return [_record(r) for r in rows]

    # -- the review queue -----------------------------------------------------------------

    def review_items(self) -> list[MessageRecord]:
        """Messages waiting for the person to say which application they belong to."""
        rows = self.query(
            "SELECT * FROM messages WHERE review_state = ? ORDER BY date, id", (REVIEW_PENDING,)
        )
        return [_record(r) for r in rows]

    def review_item(self, item_id: int) -> MessageRecord:
        rows = self.query("SELECT * FROM messages WHERE id = ?", (item_id,))
        if not rows or rows[0]["review_state"] is None:
            raise NotFoundError(
                f"no review item {item_id}; `followup review` lists the ones waiting"
            )
        record = _record(rows[0])
        if record.review_state != REVIEW_PENDING:
            raise UsageError(
                f"review item {item_id} was already settled ({record.review_state}); "
                "`followup explain` shows what was decided"
            )
        return record

    def settle_review(
        self,
        item_id: int,
        *,
        state: str,
        application_id: int | None,
        decision: str,
        now: datetime,
        category: str | None = None,
        evidence: Sequence[str] = (),
    ) -> None:
        """Record how the person settled a review item (the effects are the caller's)."""
        if state not in REVIEW_STATES or state == REVIEW_PENDING:
            raise ValueError(f"not a final review state: {state}")
        values: dict[str, Any] = {
            "review_state": state,
            "application_id": application_id,
            "decision": decision,
            "resolved_at": to_iso(now),
        }
        if category is not None:
            values["category"] = category
        if evidence:
            values["evidence"] = json.dumps(list(evidence), ensure_ascii=False)
        with self.transaction():
            self.table("messages").update(item_id, values)
