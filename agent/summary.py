"""One line per application: the facts `list` and `export` show, derived from the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from agent.history import last_contact, unanswered_followups
from agent.models import Application
from agent.store import Store


@dataclass(frozen=True)
class Summary:
    application: Application
    last_contact: datetime | None
    next_contact: date | None
    unanswered: int

    def as_json(self) -> dict[str, Any]:
        app = self.application
        return {
            "id": app.id,
            "key": app.key,
            "company": app.company,
            "role": app.role,
            "status": str(app.status),
            "priority": app.priority,
            "applied_on": app.applied_on.isoformat() if app.applied_on else None,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "next_contact": self.next_contact.isoformat() if self.next_contact else None,
            "unanswered_followups": self.unanswered,
        }


def sort_key(summary: Summary) -> tuple[int, int, int]:
    """Active before the rest, then the person's priority (unranked last), then age."""
    app = summary.application
    return (0 if app.is_active else 1 if app.is_open else 2, app.priority or 1000, app.id)


def summarise(store: Store, now: datetime) -> list[Summary]:
    events_by_app: dict[int, list[Any]] = {}
    for event in store.events():
        events_by_app.setdefault(event.application_id, []).append(event)
    result = []
    for app in store.applications():
        events = events_by_app.get(app.id, [])
        last = last_contact(events)
        result.append(
            Summary(
                application=app,
                last_contact=last.at if last else None,
                next_contact=app.next_contact_on,
                unanswered=unanswered_followups(events),
            )
        )
    return sorted(result, key=sort_key)
