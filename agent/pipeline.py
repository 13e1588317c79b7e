"""One message through the product, whatever its source:

    parse → classify → match → decide → apply (status, contact log, interview)

`process` decides and touches nothing; `apply` writes the decision. `handle` does both for a
source: it is what `sync`, `ingest`, `eval` and the daemon call for every message. A decision
below `matching.review_threshold` changes nothing and waits in the review queue instead.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from typing import Any

from agent.calendars import Invite, first_invite
from agent.classify import (
    Classification,
    Texts,
    classify,
    normalise,
    read_rules,
    split_subject,
    texts_of,
)
from agent.config import MatchingConfig
from agent.effects import contacts_to_learn, invite_details, record_effects, writer_to_learn
from agent.errors import ParseError
from agent.escape import one_line
from agent.htmltext import html_to_text
from agent.match import Clues, Match, match_application
from agent.models import (
    Address,
    Application,
    Category,
    Direction,
    Event,
    Message,
    RawMessage,
    Status,
)
from agent.parse import parse_message, parse_message_fast
from agent.quoting import forwarded_senders, gist, strip_quotes, strip_signature
from agent.store import Store
from agent.store.messages import REVIEW_PENDING
from agent.textdates import interview_time
from agent.transitions import REPLIES, status_after
from agent.weigh import with_model

log = logging.getLogger(__name__)

#: Matching reads this much of a body (quotes included): names, roles and references of a
#: thread appear near its top.
TEXT_LIMIT = 8_000
#: A text/plain part shorter than this beside an HTML part is a "view it in HTML" stub.
STUB_TEXT = 40


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
    """A decision about one message, and everything `apply` needs to carry it out."""

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
    #: Applications the message may belong to when it went to review (best first).
    candidates: tuple[int, ...] = ()
    direction: Direction = Direction.IN
    #: The other party: the sender of inbound mail, the first recipient of outbound mail.
    counterpart: Address | None = None
    summary: str = ""
    invite: Invite | None = None
    #: How sure the classifier alone was (the decision's `confidence` also weighs the match).
    category_confidence: float | None = None
    #: People the person wrote to about the application, to remember as its contacts.
    new_contacts: tuple[Address, ...] = ()

    @property
    def review(self) -> bool:
        return self.decision is Decision.REVIEW


def message_key(raw: bytes, message: Message | None) -> str:
    """The identity used to dedupe: the Message-ID, else a hash of the bytes."""
    if message is not None and message.message_id:
        return message.message_id
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def read_message(data: bytes) -> Message:
    """Parse with the standard library; if that fails, let mail-parser try its more lenient
    reading before giving up (`ParseError`)."""
    try:
        return parse_message_fast(data)
    except ParseError:
        return parse_message(data)


def readable_body(message: Message) -> str:
    """The body as text: the plain part, or the HTML part turned into text."""
    text = message.text.strip()
    if message.html and len(text) < STUB_TEXT:
        return html_to_text(message.html) or text
    return text


def is_outbound(raw: RawMessage, message: Message, settings: MatchingConfig) -> bool:
    """The person's own mail: from a Sent folder, or sent from one of their addresses."""
    mine = {a.lower() for a in settings.my_addresses}
    return raw.outbound or (message.sender is not None and message.sender.email in mine)


def counterparts(message: Message, outbound: bool, settings: MatchingConfig) -> list[Address]:
    """Who the person deals with in this message: the sender (and Reply-To) or the recipients."""
    mine = {a.lower() for a in settings.my_addresses}
    if outbound:
        people = [*message.to, *message.cc]
    else:
        people = [message.sender] if message.sender else []
        reply_to = message.headers.get("reply-to", "")
        if "@" in reply_to:
            email = reply_to.rpartition("<")[2].rstrip(">").strip().lower()
            people.append(Address("", email))
    return [a for a in people if a.email not in mine]


def make_clues(
    message: Message,
    body: str,
    people: list[Address],
    thread: dict[str, int],
    *,
    outbound: bool = False,
    settings: MatchingConfig | None = None,
    pending: Mapping[str, tuple[int, float]] | None = None,
    new_text: str = "",
) -> Clues:
    """What matching looks at; inbound mail also offers the senders of forwarded mail.
    `new_text` is the body without its quoted history (`strip_quotes`), which the sender's
    description of themself is read from."""
    subject, _ = split_subject(message.subject)
    mine = {a.lower() for a in settings.my_addresses} if settings else set()
    seen = {a.email for a in people} | mine
    forwarded = (
        ()
        if outbound
        else tuple(
            Address(name, email) for name, email in forwarded_senders(body) if email not in seen
        )
    )
    # Whoever the sender copied in: a founder writing from a private address with the
    # recruiter on Cc is still writing about that recruiter's application.
    copied = () if outbound else tuple(a for a in message.cc if a.email not in seen)
    return Clues(
        addresses=tuple(people),
        names=normalise(" ".join(a.name for a in people)),
        subject=normalise(subject),
        text=normalise(f"{subject}\n{body[:TEXT_LIMIT]}"),
        thread=thread,
        pending=pending or {},
        outbound=outbound,
        forwarded=forwarded,
        copied=copied,
        written="" if outbound else new_text[:TEXT_LIMIT],
    )


#: A runner-up category below this share of the winner's score does not make the decision
#: depend on the category's confidence.
RUNNER_UP_SHARE = 0.05


def _confidence(
    match: Match, classification: Classification | None, app: Application, history: list[Event]
) -> float:
    """A decision is as sure as its weakest part that matters.

    The category's confidence counts when the category, or the runner-up it beat, would
    change this application's status: a doubtful rejection must be asked about, a doubtful
    "still reviewing" next to a doubtful "interview" for an application already interviewing
    costs nothing.
    """
    if classification is None:
        return match.confidence
    ranked = sorted(classification.scores.items(), key=lambda kv: -kv[1])[:2]
    # A runner-up the readers all but ruled out (a model's 0.00005) is no doubt.
    floor = max(RUNNER_UP_SHARE * ranked[0][1], 0.0) if ranked else 0.0
    at_stake = any(
        score > floor and status_after(app, category, history=history) is not None
        for category, score in ranked
    )
    if at_stake:
        return min(match.confidence, classification.confidence)
    return match.confidence


def decide(
    outcome: Outcome,
    match: Match,
    classification: Classification | None,
    store: Store,
    settings: MatchingConfig,
) -> Outcome:
    """Turn a match and a category into a decision: apply, ask, or leave alone."""
    assert outcome.category is not None
    outbound = outcome.direction is Direction.OUT
    job_related = outbound or outcome.category not in (Category.UNRELATED, Category.AUTO_REPLY)
    candidates = tuple(a.id for a in match.candidates)
    threshold = settings.review_threshold
    app = match.application
    if outcome.category is Category.UNRELATED and not outbound and not match.personal:
        # Mail about something else (a bill, a newsletter) from a tracked employer is not
        # part of the application's story: leave it off the contact log. A reply in the
        # application's thread or a note from its contact is, whatever it says.
        return replace(outcome, decision=Decision.UNMATCHED, confidence=match.confidence)
    if app is None:
        ambiguous = len(candidates) > 1 and job_related
        return replace(
            outcome,
            decision=Decision.REVIEW if ambiguous else Decision.UNMATCHED,
            category=Category.UNRELATED if outbound and not ambiguous else outcome.category,
            confidence=match.confidence,
            candidates=candidates if ambiguous else (),
        )
    # The contact log only matters for reopening a dropped application; reading it for every
    # message would make a long thread cost the square of its length.
    history = store.events(app.id) if app.status is Status.DROPPED else []
    confidence = _confidence(match, classification, app, history)
    if confidence < threshold:
        if match.confidence < threshold and (not job_related or (outbound and len(candidates) < 2)):
            # A faint trace of a tracked employer in mail about something else: leave it.
            return replace(
                outcome,
                decision=Decision.UNMATCHED,
                category=Category.UNRELATED if outbound else outcome.category,
                confidence=confidence,
            )
        return replace(
            outcome,
            decision=Decision.REVIEW,
            application_id=app.id,
            confidence=confidence,
            # The proposal comes first: `review accept` takes it, and a reply in its thread
            # leans to it. A role that told two applications apart may rank below the other.
            candidates=(app.id, *(c for c in candidates if c != app.id)),
        )
    new_status = status_after(app, outcome.category, outbound=outbound, history=history)
    learn: tuple[Address, ...] = ()
    if outbound and outcome.message is not None:
        learn = contacts_to_learn(app, outcome.message, settings)
    elif outcome.message is not None and outcome.category in REPLIES and not match.personal:
        learn = writer_to_learn(app, outcome.message, settings)
    return replace(
        outcome,
        decision=Decision.UPDATED if new_status else Decision.MATCHED,
        application_id=app.id,
        confidence=confidence,
        status_after=new_status,
        new_contacts=learn,
    )


def process(
    raw: RawMessage, store: Store, settings: MatchingConfig, now: datetime | None = None
) -> Outcome:
    """Decide what a message means. Reads the store, never writes it."""
    try:
        message = read_message(raw.data)
    except ParseError as err:
        return Outcome(raw, message_key(raw.data, None), Decision.FAILED, error=str(err))
    key = message_key(raw.data, message)
    if store.message_seen(key):
        return Outcome(raw, key, Decision.DUPLICATE, message)

    outbound = is_outbound(raw, message, settings)
    local = now.tzinfo if now is not None else None
    thread = functools.cache(
        lambda: store.thread(message.message_id, (*message.in_reply_to, *message.references))
    )
    seen = understand(
        message,
        outbound,
        settings,
        lambda: thread().linked,
        store.applications,
        local,
        lambda: thread().pending,
    )
    reading, match, invite = seen.classification, seen.match, seen.invite
    counterpart = seen.people[0] if seen.people else message.sender
    summary = gist(seen.own, message.subject)
    if reading is not None and reading.category is Category.JOB_ALERT:
        # A job alert is never matched to an application, whatever it names.
        return Outcome(
            raw,
            key,
            Decision.IGNORED,
            message,
            category=Category.JOB_ALERT,
            evidence=tuple(f"match: {r}" for r in (match.reasons if match else ()))
            + tuple(f"category: {r}" for r in reading.reasons),
            direction=Direction.IN,
            counterpart=counterpart,
            summary=summary,
            invite=invite,
            confidence=reading.confidence,
            category_confidence=reading.confidence,
        )
    assert match is not None
    outcome = Outcome(
        raw,
        key,
        Decision.UNMATCHED,
        message,
        category=reading.category if reading else Category.OUTBOUND_FOLLOWUP,
        evidence=tuple(f"match: {r}" for r in match.reasons)
        + (tuple(f"category: {r}" for r in reading.reasons) if reading else ())
        + (
            (f"interview: {invite.start:%Y-%m-%d %H:%M %z}, read from the text",)
            if invite and invite.method == "text"
            else ()
        ),
        direction=Direction.OUT if outbound else Direction.IN,
        counterpart=counterpart,
        summary=summary,
        invite=invite,
        category_confidence=reading.confidence if reading else None,
    )
    return decide(outcome, match, reading, store, settings)


@dataclass(frozen=True)
class Understanding:
    """What a message says and whom it is about, before anything is decided or stored."""

    people: list[Address]
    own: str
    invite: Invite | None
    #: None for the person's own mail, which is not classified.
    classification: Classification | None
    #: None for a job alert known as one before matching: it is never matched.
    match: Match | None


def understand(
    message: Message,
    outbound: bool,
    settings: MatchingConfig,
    thread_links: Callable[[], dict[str, int]],
    applications: Callable[[], Sequence[Application]],
    local: tzinfo | None = None,
    pending_thread: Callable[[], Mapping[str, tuple[int, float]]] = dict,
) -> Understanding:
    """Read, match and classify one message: the pipeline's judgement, with the store's part
    (the thread links, the applications) asked for only when needed. `local` is the zone
    times written in words are read in, the person's own; without it, the sender's."""
    people = counterparts(message, outbound, settings)
    body = readable_body(message)
    new_text = strip_quotes(body)
    own = strip_signature(new_text)
    zone = sender_zone(message)
    invite = first_invite(message.calendars, zone)
    texts = texts_of(message, own)
    rules = None if outbound else read_rules(message, texts, invite)
    if rules is not None and rules.category is Category.JOB_ALERT:
        return Understanding(people, own, invite, rules, None)
    clues = make_clues(
        message,
        body,
        people,
        thread_links(),
        outbound=outbound,
        settings=settings,
        pending=pending_thread(),
        new_text=new_text,
    )
    match = match_application(clues, applications())
    classification = second_opinion(rules, match, message, texts)
    if invite is None and not (
        classification is not None and classification.category is Category.JOB_ALERT
    ):
        invite = written_invite(message, own, classification, people, local or zone)
    return Understanding(people, own, invite, classification, match)


def sender_zone(message: Message) -> tzinfo:
    """The zone the message was written in (by its Date header), or UTC."""
    return message.date.tzinfo if message.date and message.date.tzinfo else UTC


def second_opinion(
    rules: Classification | None, match: Match, message: Message, texts: Texts
) -> Classification | None:
    """The rules' reading, weighed with the learned model's where the category can change
    something: for mail that points at a tracked application. The rest of a mailbox (most of
    it) is left to the rules alone, and costs no more than it did before the model."""
    if rules is None or (match.application is None and not match.candidates):
        return rules
    return with_model(rules, message, texts)


#: How much the person's own reply must read as scheduling before its time is taken.
OWN_REPLY_SCORE = 3.0


def written_invite(
    message: Message,
    own: str,
    classification: Classification | None,
    people: list[Address],
    zone: tzinfo,
) -> Invite | None:
    """The interview time a message without a calendar part names in words, when it is
    about one: an employer's invitation (classified `interview`), or the person's own reply
    (`classification` None) that agrees to a time."""
    if classification is not None and classification.category is not Category.INTERVIEW:
        return None
    outbound = classification is None
    other = (people[0] if people else None) if outbound else message.sender
    found = invite_in_text(message, own, zone, other)
    if found is None or (outbound and not own_reply_schedules(message, own)):
        return None
    return found


def own_reply_schedules(message: Message, own: str) -> bool:
    """Whether the person's own reply does more than name a time: agrees to it, asks for it
    ("Wednesday 11 March at 13:00 works well for me")."""
    reading = classify(message, own, use_model=False)
    return (
        reading.category is Category.INTERVIEW
        and reading.scores.get(Category.INTERVIEW, 0.0) >= OWN_REPLY_SCORE
    )


def invite_in_text(
    message: Message, own: str, zone: tzinfo, other: Address | None
) -> Invite | None:
    """An invitation written out in words ("Tuesday 12 May at 10:00"), read in the
    sender's own time zone, when the text names exactly one time; `other` is the employer's
    side (the sender, or the recipient of the person's own reply)."""
    if message.date is None:
        return None
    start = interview_time(f"{message.subject}\n{own}", message.date, zone)
    if start is None:
        return None
    return Invite(
        start=start,
        summary=message.subject,
        organizer_name=other.name or None if other else None,
        organizer_email=other.email if other else None,
        method="text",
    )


def _details(outcome: Outcome) -> dict[str, Any]:
    """What a later review needs that the message row has no column for."""
    details: dict[str, Any] = {"direction": str(outcome.direction)}
    if outcome.counterpart is not None:
        details["who"] = str(outcome.counterpart)
        details["who_email"] = outcome.counterpart.email
        details["who_name"] = outcome.counterpart.name
    if outcome.category_confidence is not None:
        details["category_confidence"] = outcome.category_confidence
    if outcome.status_after is not None:
        details["status_after"] = str(outcome.status_after)
    invite = outcome.invite
    if invite is not None:
        details["invite"] = invite_details(
            invite.start,
            invite.organizer,
            invite.location,
            invite.kind,
            invite.cancelled,
            invite.summary,
        )
    return details


def apply(outcome: Outcome, store: Store, now: datetime) -> None:
    """Write a decision: the message record and its effects, in one transaction."""
    if outcome.decision is Decision.DUPLICATE:
        return
    message, raw = outcome.message, outcome.raw
    details = _details(outcome)
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
            outbound=raw.outbound or outcome.direction is Direction.OUT,
            date=message.date if message else None,
            sender=message.sender.email if message and message.sender else None,
            subject=message.subject if message else None,
            in_reply_to=message.in_reply_to if message else (),
            references=message.references if message else (),
            category=str(outcome.category) if outcome.category else None,
            # A review item is tied to no application until the person says so.
            application_id=None if outcome.review else outcome.application_id,
            confidence=outcome.confidence,
            evidence=outcome.evidence,
            review_state=REVIEW_PENDING if outcome.review else None,
            candidates=outcome.candidates,
            error=outcome.error,
            sender_name=message.sender.name if message and message.sender else None,
            summary=outcome.summary or None,
            details=details,
        )
        if outcome.decision not in (Decision.MATCHED, Decision.UPDATED):
            return
        assert message is not None
        assert outcome.application_id is not None
        assert outcome.category is not None
        record_effects(
            store,
            outcome.application_id,
            at=message.date or now,
            direction=outcome.direction,
            category=outcome.category,
            message_id=message.message_id,
            who=str(outcome.counterpart) if outcome.counterpart else None,
            subject=message.subject or None,
            summary=outcome.summary,
            new_status=outcome.status_after,
            invite=details.get("invite"),
            now=now,
        )
        for person in outcome.new_contacts:
            store.add_contact(outcome.application_id, person.name or None, person.email, now)


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
    outcome = process(raw, store, settings, now)
    # INFO names what was decided; the evidence quotes addresses, names and subject words,
    # which belong at DEBUG only (the journal is not as private as the database).
    log.info(
        "%s %s/%s uid=%s: %s%s%s",
        "would record" if dry_run else "recorded",
        raw.source,
        raw.folder,
        raw.uid,
        outcome.decision,
        f" {outcome.category}" if outcome.category else "",
        f" (application {outcome.application_id}, confidence {outcome.confidence:.2f})"
        if outcome.application_id is not None and outcome.confidence is not None
        else "",
    )
    if outcome.evidence:
        log.debug("uid=%s evidence: %s", raw.uid, one_line("; ".join(outcome.evidence), 500))
    if not dry_run:
        apply(outcome, store, now)
    return outcome
