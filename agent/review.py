"""The review queue: messages the evidence did not settle, and the person's answers to them.

Accepting (or picking another application) gives the message exactly the effects an automatic
decision would have had, and the sender becomes a contact of the application, so the next
message from them needs no question. Marking a message not job-related records only that.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from agent.effects import is_shared_sender, record_effects
from agent.errors import UsageError
from agent.models import Address, Application, Category, Direction, Status
from agent.store import Store
from agent.store.messages import MessageRecord
from agent.transitions import status_after


@dataclass(frozen=True)
class Settled:
    """What settling one review item did."""

    item: MessageRecord
    application: Application | None
    status_after: Status | None = None
    new_contact: str | None = None
    #: Messages of the same thread that waited for review and followed this answer.
    thread: tuple[Settled, ...] = ()


def candidates_of(store: Store, item: MessageRecord) -> list[Application]:
    """The applications a review item may belong to, best first (unknown ids skipped)."""
    known = {app.id: app for app in store.applications()}
    return [known[i] for i in item.candidates if i in known]


def accept(
    store: Store, item_id: int, now: datetime, application_ref: str | None = None
) -> Settled:
    """Tie a review item to an application: its best candidate, or the one named.

    Everything happens in one transaction: the contact-log entry, the status change (by the
    usual rules: forward only, rejection closes, a status set by hand wins), the interview
    record, the new contact and the settled review item. Review items of the same thread
    that may belong to that application are settled with it.
    """
    item = store.review_item(item_id)
    if application_ref is None:
        candidates = candidates_of(store, item)
        if not candidates:
            raise UsageError(
                f"review item {item_id} has no candidate application; name one: "
                f"followup review assign {item_id} APPLICATION"
            )
        app = candidates[0]
        state = "accepted"
    else:
        app = store.find_application(application_ref)
        state = "accepted" if app.id in item.candidates[:1] else "assigned"
    with store.transaction():
        settled = _settle(store, item, app, state, now)
        # The person's answer covers the thread: the manager's next note and the person's
        # own reply waited for review with the same question.
        followers = tuple(
            _settle(
                store,
                other,
                store.application(app.id),  # as the settled items left it
                "accepted" if other.candidates[:1] == (app.id,) else "assigned",
                now,
                f"with review item {item.id} of its thread",
            )
            for other in thread_items(store, item)
            if app.id in other.candidates
        )
    return replace(settled, thread=followers)


def thread_items(store: Store, item: MessageRecord) -> list[MessageRecord]:
    """The other review items of `item`'s thread, oldest first: those that answer it or that
    it answers, and theirs in turn."""
    waiting = [other for other in store.review_items() if other.id != item.id]
    found = [item]
    for known in found:  # grows as it goes: each new member may bring in its own replies
        found += [
            other
            for other in waiting
            if other not in found and (other.is_reply_to(known) or known.is_reply_to(other))
        ]
    return [other for other in waiting if other in found]


def _settle(
    store: Store,
    item: MessageRecord,
    app: Application,
    state: str,
    now: datetime,
    why: str = "by the person",
) -> Settled:
    """Give one review item the effects of an automatic decision for `app`."""
    category = Category(item.category) if item.category else Category.UNRELATED
    outbound = item.details.get("direction") == str(Direction.OUT) or item.outbound
    direction = Direction.OUT if outbound else Direction.IN
    new_status = status_after(app, category, outbound=outbound, history=store.events(app.id))
    who_email = item.details.get("who_email") or (None if outbound else item.sender)
    who_name = item.details.get("who_name") or item.sender_name
    contact = None
    record_effects(
        store,
        app.id,
        at=item.date or now,
        direction=direction,
        category=category,
        message_id=item.message_id,
        who=item.details.get("who") or who_email,
        subject=item.subject,
        summary=item.summary or item.subject or "",
        new_status=new_status,
        invite=item.details.get("invite"),
        now=now,
    )
    if who_email and not is_shared_sender(Address(who_name or "", who_email)):
        store.add_contact(app.id, who_name or None, who_email, now)
        contact = who_email
    store.settle_review(
        item.id,
        state=state,
        application_id=app.id,
        decision="updated" if new_status else "matched",
        now=now,
        evidence=(*item.evidence, f"review: {state} for application {app.id} {why}"),
    )
    return Settled(store.message_record(str(item.id)), app, new_status, contact)


def dismiss(store: Store, item_id: int, now: datetime) -> Settled:
    """Mark a review item as not job-related: it changes nothing and leaves the queue."""
    item = store.review_item(item_id)
    with store.transaction():
        store.settle_review(
            item_id,
            state="dismissed",
            application_id=None,
            decision="unmatched",
            now=now,
            category=str(Category.UNRELATED),
            evidence=(*item.evidence, "review: marked not job-related by the person"),
        )
    return Settled(store.message_record(str(item.id)), None)
