"""Applications and what surrounds them: contacts, the contact log, interviews, cases."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from agent.csvio import ImportRow, RowOutcome
from agent.dates import date_from_iso, from_iso, to_iso
from agent.errors import NotFoundError, UsageError
from agent.fields import FIELD_READERS
from agent.models import (
    ACTIVE_STATUSES,
    Application,
    Case,
    Category,
    CloseReason,
    Contact,
    ContactChannel,
    Direction,
    Event,
    Interview,
    InterviewKind,
    Status,
)
from agent.store.base import StoreBase

#: Application fields a person may set with `add`, `edit` and `import` (see agent.fields).
EDITABLE_FIELDS: tuple[str, ...] = tuple(FIELD_READERS)


def _stored(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _application(row: Mapping[str, Any], contacts: tuple[Contact, ...]) -> Application:
    return Application(
        id=row["id"],
        key=row["key"],
        company=row["company"],
        role=row["role"],
        status=Status(row["status"]),
        status_manual=bool(row["status_manual"]),
        priority=row["priority"],
        source=row["source"],
        url=row["url"],
        applied_on=date_from_iso(row["applied_on"]),
        company_domain=row["company_domain"],
        job_ref=row["job_ref"],
        notes=row["notes"],
        language=row["language"],
        next_contact_on=date_from_iso(row["next_contact_on"]),
        close_reason=row["close_reason"],
        close_note=row["close_note"],
        created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
        contacts=contacts,
    )


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


class TrackerStore(StoreBase):
    """Queries for the person's list of applications."""

    # -- applications -------------------------------------------------------------------

    def add_application(
        self,
        *,
        company: str,
        role: str,
        now: datetime,
        status: Status = Status.APPLIED,
        contacts: Iterable[tuple[str | None, str | None]] = (),
        **fields: Any,
    ) -> Application:
        unknown = set(fields) - set(EDITABLE_FIELDS)
        if unknown:
            raise UsageError(f"unknown application field(s): {', '.join(sorted(unknown))}")
        row = {k: _stored(v) for k, v in fields.items()}
        row.update(
            company=company,
            role=role,
            status=str(status),
            created_at=to_iso(now),
            updated_at=to_iso(now),
        )
        with self.transaction():
            try:
                app_id = self.insert("applications", row)
            except sqlite3.IntegrityError as err:
                raise UsageError(
                    f"an application with key {fields.get('key')!r} already exists; "
                    "choose another --key or edit that one"
                ) from err
            for name, email in contacts:
                self.add_contact(app_id, name, email, now)
        return self.application(app_id)

    def application(self, app_id: int) -> Application:
        rows = self.query("SELECT * FROM applications WHERE id = ?", (app_id,))
        if not rows:
            raise NotFoundError(
                f"no application with id {app_id}; `followup list --all` shows them"
            )
        return _application(rows[0], tuple(self.contacts(app_id)))

    def find_application(self, ref: str) -> Application:
        """Look an application up by its number or by its `--key`."""
        text = ref.strip()
        rows = self.query("SELECT id FROM applications WHERE key = ?", (text,))
        if rows:
            return self.application(rows[0]["id"])
        if text.isdigit():
            return self.application(int(text))
        raise NotFoundError(
            f"no application with id or key {ref!r}; `followup list --all` shows them"
        )

    def find_by_company_role(self, company: str, role: str) -> Application | None:
        rows = self.query(
            "SELECT id FROM applications WHERE lower(company) = lower(?) AND lower(role) = lower(?)",
            (company.strip(), role.strip()),
        )
        return self.application(rows[0]["id"]) if rows else None

    def applications(self, *, status: Status | None = None) -> list[Application]:
        """Every application (optionally with one status), oldest first."""
        where, params = ("WHERE status = ?", (str(status),)) if status else ("", ())
        rows = self.query(f"SELECT * FROM applications {where} ORDER BY id", params)
        contacts = self._contacts_by_application()
        return [_application(row, tuple(contacts.get(row["id"], ()))) for row in rows]

    def count_active(self) -> int:
        marks = ", ".join("?" for _ in ACTIVE_STATUSES)
        rows = self.query(
            f"SELECT count(*) AS n FROM applications WHERE status IN ({marks})",
            tuple(str(s) for s in ACTIVE_STATUSES),
        )
        return int(rows[0]["n"])

    def update_application(self, app_id: int, fields: Mapping[str, Any], now: datetime) -> None:
        unknown = set(fields) - set(EDITABLE_FIELDS)
        if unknown:
            raise UsageError(f"unknown application field(s): {', '.join(sorted(unknown))}")
        if not fields:
            return
        values = {k: _stored(v) for k, v in fields.items()}
        values["updated_at"] = to_iso(now)
        with self.transaction():
            try:
                self.table("applications").update(app_id, values)
            except sqlite3.IntegrityError as err:
                raise UsageError(
                    f"another application already has key {fields.get('key')!r}"
                ) from err

    def set_status(
        self,
        app_id: int,
        status: Status,
        now: datetime,
        *,
        manual: bool,
        close_reason: str | None = None,
        close_note: str | None = None,
    ) -> None:
        """Record a new status; `manual` marks it as the person's word, which mail never overrides."""
        with self.transaction():
            self.table("applications").update(
                app_id,
                {
                    "status": str(status),
                    "status_manual": int(manual),
                    "close_reason": close_reason,
                    "close_note": close_note,
                    "updated_at": to_iso(now),
                },
            )

    def close_application(
        self, app_id: int, reason: CloseReason, now: datetime, note: str | None = None
    ) -> Application:
        """Close by hand: the reason's final status, kept as the person's word."""
        self.set_status(
            app_id,
            reason.status,
            now,
            manual=True,
            close_reason=str(reason),
            close_note=note.strip() if note and note.strip() else None,
        )
        return self.application(app_id)

    # -- import -------------------------------------------------------------------------

    def import_rows(self, rows: Sequence[ImportRow], now: datetime) -> list[RowOutcome]:
        """Apply checked CSV rows in one transaction: all of them, or none if anything fails.

        A row is the same application as a stored one with its key, else (for rows without a
        key, or stored ones without) with its company and role. Empty cells change nothing.
        """
        matches = self._match_rows(rows)
        with self.transaction():
            return [self._import_row(row, matches[row.line], now) for row in rows]

    def _match_rows(self, rows: Sequence[ImportRow]) -> dict[int, Application | None]:
        apps = self.applications()
        by_key = {a.key: a for a in apps if a.key}
        matches: dict[int, Application | None] = {}
        claimed: dict[int, int] = {}
        errors: list[str] = []
        for row in rows:
            app = by_key.get(row.key) if row.key else None
            if app is None:
                same = [
                    a
                    for a in apps
                    if a.company.casefold() == row.company.casefold()
                    and a.role.casefold() == row.role.casefold()
                    and (row.key is None or a.key is None)
                ]
                if len(same) > 1:
                    ids = ", ".join(str(a.id) for a in same)
                    errors.append(
                        f"  line {row.line}: {len(same)} applications are {row.company} – "
                        f"{row.role} (ids {ids}); add a key column to say which one"
                    )
                app = same[0] if len(same) == 1 else None
            if app is not None:
                if app.id in claimed:
                    errors.append(
                        f"  line {row.line}: is application {app.id}, as line {claimed[app.id]} "
                        "is; give the two rows different keys"
                    )
                claimed.setdefault(app.id, row.line)
            matches[row.line] = app
        if errors:
            raise UsageError(
                f"{len(errors)} row(s) do not say which application they are, nothing was "
                "imported:\n" + "\n".join(errors)
            )
        return matches

    def _import_row(self, row: ImportRow, app: Application | None, now: datetime) -> RowOutcome:
        if app is None:
            fields = {k: v for k, v in row.fields.items() if k not in ("company", "role")}
            added = self.add_application(
                company=row.company,
                role=row.role,
                status=row.status or Status.APPLIED,
                now=now,
                contacts=[row.contact] if row.contact else [],
                **fields,
            )
            return RowOutcome(row.line, "added", added.id, added.company, added.role)
        changes = {k: v for k, v in row.fields.items() if getattr(app, k) != v}
        self.update_application(app.id, changes, now)
        changed = list(changes)
        if row.status is not None and row.status != app.status:
            self.set_status(app.id, row.status, now, manual=True)
            changed.append("status")
        if row.contact is not None and _is_new_contact(app.contacts, *row.contact):
            self.add_contact(app.id, *row.contact, now)
            changed.append("contact")
        return RowOutcome(
            row.line,
            "updated" if changed else "skipped",
            app.id,
            row.company,
            row.role,
            tuple(changed),
        )

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
        rows = self.query(
            "SELECT id FROM cases WHERE id = ? AND application_id = ?", (case_id, app_id)
        )
        if not rows:
            raise NotFoundError(
                f"application {app_id} has no case {case_id}; `followup case {app_id} --list` "
                "shows its cases"
            )
        with self.transaction():
            self.table("cases").update(case_id, {"done_at": to_iso(now)})
        return next(c for c in self.cases(app_id, include_done=True) if c.id == case_id)

    # -- what other parts record about an application ------------------------------------

    def application_messages(self, app_id: int) -> list[dict[str, Any]]:
        """The mail tied to an application, with the decision made about each, oldest first."""
        rows = self.query(
            "SELECT * FROM messages WHERE application_id = ? ORDER BY date, id", (app_id,)
        )
        keys = ("date", "sender", "subject", "category", "decision", "message_id", "folder")
        return [{k: r.get(k) for k in keys} for r in rows]

    def application_nudges(self, app_id: int) -> list[dict[str, Any]]:
        """Reminders for an application, whatever their state, by due time."""
        rows = self.query(
            "SELECT * FROM nudges WHERE application_id = ? ORDER BY due, id", (app_id,)
        )
        keys = ("id", "kind", "due", "state", "reason", "snoozed_until", "delivered_at")
        return [{k: r.get(k) for k in keys} for r in rows]

    # -- reflections --------------------------------------------------------------------

    def save_reflection(
        self, app_id: int, answers: Mapping[str, str | None], now: datetime
    ) -> None:
        with self.transaction():
            self.table("reflections").upsert(
                {"application_id": app_id, **answers, "at": to_iso(now)}, pk="application_id"
            )

    def reflection(self, app_id: int) -> dict[str, Any] | None:
        rows = self.query("SELECT * FROM reflections WHERE application_id = ?", (app_id,))
        return rows[0] if rows else None


def _is_new_contact(known: Iterable[Contact], name: str | None, email: str | None) -> bool:
    """Whether (name, email) would add someone, or a missing name, to the known contacts."""
    for contact in known:
        if email and contact.email == email:
            return bool(name) and not contact.name
        if not email and name and (contact.name or "").casefold() == name.casefold():
            return False
    return True
