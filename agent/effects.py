"""What a decision writes: the contact-log entry, the status, the interview, new contacts.

Shared by `pipeline.apply` (automatic decisions) and `review` (the person's decisions), so a
message settled by hand has exactly the effects it would have had automatically.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from agent.companies import domain_within, is_ats
from agent.config import MatchingConfig
from agent.models import (
    Address,
    Application,
    Category,
    ContactChannel,
    Direction,
    InterviewKind,
    Message,
    Status,
)
from agent.store import Store

#: Robots' local parts, in the languages of the mail: "ikke-svar@", "svara-inte@", "varsel@".
_NO_REPLY = re.compile(
    r"no-?reply|do-?not-?reply|noreply|mailer-daemon|postmaster|notifications?@"
    r"|ikke[-_.]?svar|svar[-_.]?ikke|ikke[-_.]?besvar|besvar[-_.]?ikke|inte[-_.]?svara"
    r"|svara[-_.]?inte|ej[-_.]?svara|nicht[-_.]?antworten|keine[-_.]?antwort"
    r"|^(?:varsel|varsling|varslinger|notifikation|meddelelse|benachrichtigung|avisering)@"
)


def is_shared_sender(address: Address) -> bool:
    """An address that writes for many applications (an ATS, a no-reply robot)."""
    return is_ats(address.domain) or bool(_NO_REPLY.search(address.email))


def contacts_to_learn(
    app: Application, message: Message, settings: MatchingConfig
) -> tuple[Address, ...]:
    """Whom the person wrote to about this application that its marks do not cover yet.

    Someone the person answers about an application is a contact of it: a recruiter writing
    from a private or agency address is then recognised next time. Addresses at the
    company's own domain need no remembering, and shared senders (an ATS, no-reply) must not
    be remembered, since they write for many applications.
    """
    return tuple(a for a in message.to if _worth_remembering(app, a, settings))


def writer_to_learn(
    app: Application, message: Message, settings: MatchingConfig
) -> tuple[Address, ...]:
    """The sender of a reply confidently matched by what it says (an agency recruiter naming
    the client and the role), so that their next two-line note is recognised too."""
    sender = message.sender
    if sender is None or not _worth_remembering(app, sender, settings):
        return ()
    return (sender,)


def _worth_remembering(app: Application, address: Address, settings: MatchingConfig) -> bool:
    if address.email in {a.lower() for a in settings.my_addresses}:
        return False
    if address.email in {c.email for c in app.contacts if c.email} or is_shared_sender(address):
        return False
    domain = (app.company_domain or "").lower()
    return not (domain and domain_within(address.domain, domain))


def record_effects(
    store: Store,
    app_id: int,
    *,
    at: datetime,
    direction: Direction,
    category: Category,
    message_id: str | None,
    who: str | None,
    subject: str | None,
    summary: str,
    new_status: Status | None,
    invite: dict[str, Any] | None,
    now: datetime,
) -> None:
    """The effects of one matched message: contact log, status, interview record."""
    store.add_event(
        app_id,
        at=at,
        direction=direction,
        channel=ContactChannel.EMAIL,
        summary=summary or subject or "(no text)",
        now=now,
        who=who,
        subject=subject,
        category=category,
        message_id=message_id,
        origin="mail",
    )
    if new_status is not None:
        store.set_status(app_id, new_status, now, manual=False)
    agreed = category is Category.INTERVIEW or direction is Direction.OUT
    if invite and not invite.get("cancelled") and agreed:
        record_interview(store, app_id, invite, at, message_id, now)


def record_interview(
    store: Store,
    app_id: int,
    invite: dict[str, Any],
    sent_at: datetime,
    message_id: str | None,
    now: datetime,
) -> None:
    """One interview per meeting: the same time named again adds nothing, and a new time
    while one is still ahead moves that one (it was rescheduled) instead of adding a second,
    after which a thank-you would be proposed for a meeting that never took place."""
    start = datetime.fromisoformat(invite["start"])
    known = store.interviews(app_id)
    if any(i.at == start for i in known):
        return
    ahead = [i for i in known if i.at > sent_at]
    if ahead:
        store.move_interview(ahead[-1].id, start)
        return
    store.add_interview(
        app_id,
        at=start,
        now=now,
        kind=InterviewKind(invite["kind"]) if invite.get("kind") else None,
        with_who=invite.get("organizer"),
        location=invite.get("location"),
        message_id=message_id,
    )


def invite_details(
    start: datetime,
    organizer: str | None,
    location: str | None,
    kind: InterviewKind | None,
    cancelled: bool,
    summary: str,
) -> dict[str, Any]:
    return {
        "start": start.isoformat(),
        "organizer": organizer,
        "location": location,
        "kind": str(kind) if kind else None,
        "cancelled": cancelled,
        "summary": summary,
    }
