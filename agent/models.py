"""The product's vocabulary as plain data: statuses, categories, applications, messages, nudges.

Nothing here does I/O. Enum values are the words of DESIGN.md and round-trip unchanged through
SQLite, YAML, CSV and JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Status(StrEnum):
    """Where an application stands."""

    WISHLIST = "wishlist"
    APPLIED = "applied"
    ACKNOWLEDGED = "acknowledged"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    DROPPED = "dropped"
    CLOSED = "closed"


#: The forward path; mail may only move an application further along it.
STATUS_PATH: tuple[Status, ...] = (
    Status.WISHLIST,
    Status.APPLIED,
    Status.ACKNOWLEDGED,
    Status.INTERVIEWING,
    Status.OFFER,
    Status.ACCEPTED,
)

#: Statuses from which the process can still go somewhere.
OPEN_STATUSES: frozenset[Status] = frozenset(
    {Status.WISHLIST, Status.APPLIED, Status.ACKNOWLEDGED, Status.INTERVIEWING, Status.OFFER}
)

#: Applications that take the person's attention: sent and not yet settled. These count
#: against `policy.max_active_applications`; a wish-list entry does not.
ACTIVE_STATUSES: frozenset[Status] = frozenset(
    {Status.APPLIED, Status.ACKNOWLEDGED, Status.INTERVIEWING, Status.OFFER}
)


class Category(StrEnum):
    """What a message is, in the one vocabulary of DESIGN.md."""

    ACKNOWLEDGEMENT = "acknowledgement"
    INTERVIEW = "interview"
    OFFER = "offer"
    REJECTION = "rejection"
    REQUEST = "request"
    STATUS_UPDATE = "status_update"
    AUTO_REPLY = "auto_reply"
    JOB_ALERT = "job_alert"
    UNRELATED = "unrelated"
    OUTBOUND_FOLLOWUP = "outbound_followup"


class Direction(StrEnum):
    """Who spoke: the employer to the person (`in`) or the person to the employer (`out`)."""

    IN = "in"
    OUT = "out"


class ContactChannel(StrEnum):
    """How a contact happened."""

    EMAIL = "email"
    PHONE = "phone"
    MEETING = "meeting"
    MESSAGE = "message"
    OTHER = "other"


class InterviewKind(StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    ONSITE = "onsite"


class CloseReason(StrEnum):
    """Why an application was closed by hand; each maps to a final status."""

    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    DROPPED = "dropped"
    POSITION_CANCELLED = "position-cancelled"
    INTERNAL_HIRE = "internal-hire"
    NO_HIRE = "no-hire"
    ACCEPTED = "accepted"

    @property
    def status(self) -> Status:
        return {
            CloseReason.REJECTED: Status.REJECTED,
            CloseReason.WITHDRAWN: Status.WITHDRAWN,
            CloseReason.DROPPED: Status.DROPPED,
            CloseReason.ACCEPTED: Status.ACCEPTED,
        }.get(self, Status.CLOSED)


class NudgeKind(StrEnum):
    STATUS_CHECK = "status_check"
    THANK_YOU = "thank_you"
    INTERVIEW_FOLLOWUP = "interview_followup"
    FINAL_MESSAGE = "final_message"
    FEEDBACK_REQUEST = "feedback_request"
    ANSWER_REQUEST = "answer_request"


class NudgeState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DONE = "done"
    SNOOZED = "snoozed"
    DISMISSED = "dismissed"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Contact:
    """A person at (or for) the employer whom the applicant has dealt with."""

    id: int
    application_id: int
    name: str | None
    email: str | None


@dataclass(frozen=True)
class Application:
    """One job the person applied for (or wishes to), as the store holds it now."""

    id: int
    company: str
    role: str
    status: Status
    key: str | None = None
    priority: int | None = None
    source: str | None = None
    url: str | None = None
    applied_on: date | None = None
    company_domain: str | None = None
    job_ref: str | None = None
    notes: str | None = None
    language: str | None = None
    next_contact_on: date | None = None
    status_manual: bool = False
    close_reason: str | None = None
    close_note: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    contacts: tuple[Contact, ...] = ()

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True)
class Event:
    """One entry of the contact log: who said what, when, and by which channel."""

    id: int
    application_id: int
    at: datetime
    direction: Direction
    channel: ContactChannel
    summary: str
    who: str | None = None
    subject: str | None = None
    category: Category | None = None
    message_id: str | None = None


@dataclass(frozen=True)
class Interview:
    id: int
    application_id: int
    at: datetime
    kind: InterviewKind | None = None
    with_who: str | None = None
    location: str | None = None
    message_id: str | None = None


@dataclass(frozen=True)
class Case:
    """A question or point the person prepared for the next contact."""

    id: int
    application_id: int
    text: str
    created_at: datetime
    done_at: datetime | None = None


@dataclass(frozen=True)
class Nudge:
    """A reminder to act on an application, as the store holds it."""

    id: int
    application_id: int
    kind: NudgeKind
    due: datetime
    state: NudgeState
    reason: str
    fingerprint: str
    created_at: datetime
    snoozed_until: datetime | None = None
    delivered_at: datetime | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True)
class RawMessage:
    """A message exactly as a source yielded it, with where it came from.

    `uidvalidity`/`uid` are set for IMAP, `path` for local files. `outbound` is true for the
    person's own mail (a Sent folder).
    """

    source: str
    folder: str
    data: bytes
    uid: int | None = None
    uidvalidity: int | None = None
    path: str | None = None
    outbound: bool = False


@dataclass(frozen=True)
class Address:
    name: str
    email: str  # lower-cased

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


@dataclass(frozen=True)
class Attachment:
    filename: str | None
    content_type: str
    payload: bytes


@dataclass(frozen=True)
class Message:
    """A parsed message: decoded headers and text, normalised once in `parse.py`."""

    message_id: str | None
    subject: str
    sender: Address | None
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    date: datetime | None = None
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    text: str = ""
    html: str = ""
    attachments: tuple[Attachment, ...] = ()
    calendars: tuple[bytes, ...] = ()
    defects: tuple[str, ...] = ()
