"""What surrounds an application: its contacts, the contact log, interviews and cases."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from agent.dates import from_iso, to_iso
from agent.errors import NotFoundError, UsageError
from agent.models import (
    Case,
    Category,
    Contact,
    ContactChannel,
    Direction,
    Event,
    Interview,
    InterviewKind,
)
from agent.store.base import StoreBase

#: The largest row id SQLite can hold: a bigger number typed as an ID names nothing (and
#: would overflow the query).
MAX_ID = 2**63 - 1


def _event(row: Mapping[str, Any]) -> Event:
    at = from_iso(row["at"])
    assert at is not None
    return Event(
        id=row["id"],
        application_id=row["application_id"],
        at=at,
        direction=Direction(row["direction"]),
        channel=ContactChannel(row["channel"]),
        summary=row["summary"],
        who=row["who"],
        subject=row["subject"],
        category=Category(row["category"]) if row["category"] else None,
        message_id=row["message_id"],
    )


class ContactStore(StoreBase):
    """Queries for the people, conversations, interviews and questions of each application."""

    # -- contacts -----------------------------------------------------------------------

    def add_contact(
        self, app_id: int, name: str | None, email: str | None, now: datetime
    ) -> Contact:
        """Add a person to an application; an address already known is kept, its name filled in."""
        email = email.strip().lower() if email else None
        name = name.strip() if name else None
        if not (name or email):
            raise UsageError("a contact needs a name or an email address")
        with self.transaction():
            existing = (
                self.query(
                    "SELECT * FROM contacts WHERE application_id = ? AND email = ?", (app_id, email)
                )
                if email
                else self.query(
                    "SELECT * FROM contacts WHERE application_id = ? AND email IS NULL "
                    "AND name = ?",
                    (app_id, name),
                )
            )
            if existing:
                row = existing[0]
                if name and not row["name"]:
                    self.table("contacts").update(row["id"], {"name": name})
                contact_id = row["id"]
            else:
                contact_id = self.insert(
                    "contacts",
                    {
                        "application_id": app_id,
                        "name": name,
                        "email": email,
                        "created_at": to_iso(now),
                    },
                )
        row = self.query("SELECT * FROM contacts WHERE id = ?", (contact_id,))[0]
        return Contact(row["id"], row["application_id"], row["name"], row["email"])

    def contacts(self, app_id: int) -> list[Contact]:
        rows = self.query("SELECT * FROM contacts WHERE application_id = ? ORDER BY id", (app_id,))
        return [Contact(r["id"], r["application_id"], r["name"], r["email"]) for r in rows]

    def _contacts_by_application(self) -> dict[int, list[Contact]]:
        grouped: dict[int, list[Contact]] = {}
        for r in self.query("SELECT * FROM contacts ORDER BY id"):
            grouped.setdefault(r["application_id"], []).append(
                Contact(r["id"], r["application_id"], r["name"], r["email"])
            )
        return grouped

    # -- contact log --------------------------------------------------------------------

    def add_event(
        self,
        app_id: int,
        *,
        at: datetime,
        direction: Direction,
        channel: ContactChannel,
        summary: str,
        now: datetime,
        who: str | None = None,
        subject: str | None = None,
        category: Category | None = None,
        message_id: str | None = None,
        origin: str = "manual",
    ) -> Event:
        """Append to the contact log; the same message is logged once per application."""
        row = {
            "application_id": app_id,
            "at": to_iso(at),
            "direction": str(direction),
            "channel": str(channel),
            "who": who,
            "subject": subject,
            "summary": summary,
            "category": str(category) if category else None,
            "message_id": message_id,
            "origin": origin,
            "created_at": to_iso(now),
        }
        with self.transaction():
            if message_id:
                found = self.query(
                    "SELECT id FROM events WHERE application_id = ? AND message_id = ?",
                    (app_id, message_id),
                )
                if found:
                    return self.event(found[0]["id"])
            event_id = self.insert("events", row)
        return self.event(event_id)

    def event(self, event_id: int) -> Event:
        return _event(self.query("SELECT * FROM events WHERE id = ?", (event_id,))[0])

    def events(self, app_id: int | None = None) -> list[Event]:
        """The contact log, oldest first: one application's, or everyone's."""
        if app_id is None:
            rows = self.query("SELECT * FROM events ORDER BY at, id")
        else:
            rows = self.query(
                "SELECT * FROM events WHERE application_id = ? ORDER BY at, id", (app_id,)
            )
        # Stored moments may carry different offsets, so text order is not time order.
        return sorted((_event(r) for r in rows), key=lambda e: (e.at, e.id))

    # -- interviews ---------------------------------------------------------------------

    def add_interview(
        self,
        app_id: int,
        *,
        at: datetime,
        now: datetime,
        kind: InterviewKind | None = None,
        with_who: str | None = None,
        location: str | None = None,
        message_id: str | None = None,
    ) -> Interview:
        with self.transaction():
            if message_id:
                found = self.query(
                    "SELECT id FROM interviews WHERE application_id = ? AND message_id = ?",
                    (app_id, message_id),
                )
                if found:
                    self.table("interviews").update(found[0]["id"], {"at": to_iso(at)})
                    return self.interviews(app_id, interview_id=found[0]["id"])[0]
            interview_id = self.insert(
                "interviews",
                {
                    "application_id": app_id,
                    "at": to_iso(at),
                    "kind": str(kind) if kind else None,
                    "with_who": with_who,
                    "location": location,
                    "message_id": message_id,
                    "created_at": to_iso(now),
                },
            )
        return self.interviews(app_id, interview_id=interview_id)[0]

    def move_interview(self, interview_id: int, at: datetime) -> None:
        """A rescheduled interview: same meeting, new time."""
        with self.transaction():
            self.table("interviews").update(interview_id, {"at": to_iso(at)})

    def interviews(self, app_id: int, *, interview_id: int | None = None) -> list[Interview]:
        sql, params = "SELECT * FROM interviews WHERE application_id = ?", [app_id]
        if interview_id is not None:
            sql, params = sql + " AND id = ?", [app_id, interview_id]
        rows = self.query(sql + " ORDER BY at, id", tuple(params))
        result = []
        for r in rows:
            at = from_iso(r["at"])
            assert at is not None
            result.append(
                Interview(
                    id=r["id"],
                    application_id=r["application_id"],
                    at=at,
                    kind=InterviewKind(r["kind"]) if r["kind"] else None,
                    with_who=r["with_who"],
                    location=r["location"],
                    message_id=r["message_id"],
                )
            )
        return sorted(result, key=lambda i: (i.at, i.id))

    # -- cases (prepared questions) -----------------------------------------------------

    def add_case(self, app_id: int, text: str, now: datetime) -> Case:
        if not text.strip():
            raise UsageError("a case needs some text: the question or point to bring up")
        with self.transaction():
            case_id = self.insert(
                "cases", {"application_id": app_id, "text": text.strip(), "created_at": to_iso(now)}
            )
        return next(c for c in self.cases(app_id, include_done=True) if c.id == case_id)

    def cases(self, app_id: int, *, include_done: bool = False) -> list[Case]:
        done = "" if include_done else " AND done_at IS NULL"
        rows = self.query(
            f"SELECT * FROM cases WHERE application_id = ?{done} ORDER BY id", (app_id,)
        )
        result = []
        for r in rows:
            created = from_iso(r["created_at"])
            assert created is not None
            result.append(
                Case(r["id"], r["application_id"], r["text"], created, from_iso(r["done_at"]))
            )
        return result

    def complete_case(self, app_id: int, case_id: int, now: datetime) -> Case:
        rows = (
            self.query(
                "SELECT id FROM cases WHERE id = ? AND application_id = ?", (case_id, app_id)
            )
            if 0 < case_id <= MAX_ID
            else []
        )
        if not rows:
            raise NotFoundError(
                f"application {app_id} has no case {case_id}; `followup case {app_id} --list` "
                "shows its cases"
            )
        with self.transaction():
            self.table("cases").update(case_id, {"done_at": to_iso(now)})
        return next(c for c in self.cases(app_id, include_done=True) if c.id == case_id)
