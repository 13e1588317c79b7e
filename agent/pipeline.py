"""One message through the product, whatever its source:

    parse → match → classify → apply (status, contact log, interview)

`process` decides and touches nothing; `apply` writes the decision. `handle` does both for a
source: it is what `sync`, `ingest`, `eval` and the daemon call for every message.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from agent.config import MatchingConfig
from agent.errors import ParseError
from agent.models import Category, Message, RawMessage, Status
from agent.parse import parse_message
from agent.store import Store

log = logging.getLogger(__name__)


class Decision(StrEnum):
    """What became of a message; the sync summary counts these."""

    UPDATED = "updated"  # matched, and the application's status changed
    MATCHED = "matched"  # matched and logged, status unchanged
    REVIEW = "review"  # may belong to an application, but the evidence is not enough
    UNMATCHED = "unmatched"  # job-related or not, it belongs to no tracked application
    IGNORED = "ignored"  # job alerts, newsletters: never matched
    DUPLICATE = "duplicate"  # seen before (same Message-ID or same bytes)
    FAILED = "failed"  # could not be parsed


@dataclass(frozen=True)
class Outcome:
    raw: RawMessage
    message_key: str
    decision: Decision
    message: Message | None = None
    application_id: int | None = None
    category: Category | None = None
    confidence: float | None = None
    status_after: Status | None = None
    evidence: tuple[str, ...] = ()
    error: str | None = None


def message_key(raw: bytes, message: Message | None) -> str:
    """The identity used to dedupe: the Message-ID, else a hash of the bytes."""
    if message is not None and message.message_id:
        return message.message_id
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def process(raw: RawMessage, store: Store, settings: MatchingConfig) -> Outcome:
    """Decide what a message means. Reads the store, never writes it."""
    try:
        message = parse_message(raw.data)
    except ParseError as err:
        return Outcome(raw, message_key(raw.data, None), Decision.FAILED, error=str(err))
    key = message_key(raw.data, message)
    if store.message_seen(key):
        return Outcome(raw, key, Decision.DUPLICATE, message)
    # Matching and classification plug in here (match.py, classify.py).
    return Outcome(raw, key, Decision.UNMATCHED, message)


def apply(outcome: Outcome, store: Store, now: datetime) -> None:
    """Write a decision: the message record and its effects, in one transaction."""
    if outcome.decision is Decision.DUPLICATE:
        return
    message, raw = outcome.message, outcome.raw
    with store.transaction():
        store.record_message(
            message_key=outcome.message_key,
            source=raw.source,
            folder=raw.folder,
            decision=str(outcome.decision),
            now=now,
            message_id=message.message_id if message else None,
            uidvalidity=raw.uidvalidity,
            uid=raw.uid,
            path=raw.path,
            outbound=raw.outbound,
            date=message.date if message else None,
            sender=message.sender.email if message and message.sender else None,
            subject=message.subject if message else None,
            in_reply_to=message.in_reply_to if message else (),
            references=message.references if message else (),
            category=str(outcome.category) if outcome.category else None,
            application_id=outcome.application_id,
            confidence=outcome.confidence,
            evidence=outcome.evidence,
            error=outcome.error,
        )


def handle(
    raw: RawMessage,
    store: Store,
    settings: MatchingConfig,
    now: datetime,
    *,
    dry_run: bool = False,
) -> Outcome:
    """Process one message and, unless `dry_run`, apply it. Call inside the caller's
    transaction when a checkpoint must commit together with the message's effects."""
    outcome = process(raw, store, settings)
    log.info(
        "%s %s/%s uid=%s: %s%s",
        "would record" if dry_run else "recorded",
        raw.source,
        raw.folder,
        raw.uid,
        outcome.decision,
        f" (application {outcome.application_id})" if outcome.application_id else "",
    )
    if not dry_run:
        apply(outcome, store, now)
    return outcome
