"""What a message does to an application's status, by the rules of DESIGN.md.

Mail moves a status forward only; a rejection closes any open status; a reply to a dropped
application reopens it; what the person set by hand is never overridden by mail.
"""

from __future__ import annotations

from collections.abc import Sequence

from agent.models import OPEN_STATUSES, Application, Category, Event, Status
from agent.progress import advances

#: The status each kind of message moves an application to (when that is forward).
TARGET: dict[Category, Status] = {
    Category.ACKNOWLEDGEMENT: Status.ACKNOWLEDGED,
    Category.INTERVIEW: Status.INTERVIEWING,
    Category.OFFER: Status.OFFER,
}
#: Inbound messages a person at the employer wrote: they count as a reply.
REPLIES: frozenset[Category] = frozenset(
    {
        Category.ACKNOWLEDGEMENT,
        Category.INTERVIEW,
        Category.OFFER,
        Category.REJECTION,
        Category.REQUEST,
        Category.STATUS_UPDATE,
    }
)


def changes_status(category: Category) -> bool:
    """Whether a message of this category can change a status at all."""
    return category in TARGET or category is Category.REJECTION


def reopened_status(events: Sequence[Event]) -> Status:
    """Where a dropped application stood, judging by its contact log: the furthest it got."""
    furthest = Status.APPLIED
    for event in events:
        target = TARGET.get(event.category) if event.category else None
        if target is not None and advances(furthest, target) and target is not Status.OFFER:
            furthest = target
    return furthest


def status_after(
    app: Application,
    category: Category,
    *,
    outbound: bool = False,
    history: Sequence[Event] = (),
) -> Status | None:
    """The application's new status after this message, or None when it does not change."""
    if outbound or app.status_manual:
        return None
    if category is Category.REJECTION:
        if app.status in OPEN_STATUSES or app.status is Status.DROPPED:
            return Status.REJECTED
        return None
    target = TARGET.get(category)
    if app.status is Status.DROPPED:
        if category not in REPLIES:
            return None
        reopened = reopened_status(history)
        return target if target is not None and advances(reopened, target) else reopened
    if target is not None and advances(app.status, target):
        return target
    return None
