"""Applications: the person's list, its statuses, and what other parts record about each one."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from agent.dates import date_from_iso, from_iso, to_iso
from agent.errors import NotFoundError, UsageError
from agent.fields import FIELD_READERS
from agent.models import ACTIVE_STATUSES, Application, CloseReason, Contact, Status
from agent.store.contacts import MAX_ID, ContactStore

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


class TrackerStore(ContactStore):
    """Queries for the person's list of applications (the contact log etc. come from ContactStore)."""

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
        rows = (
            self.query("SELECT * FROM applications WHERE id = ?", (app_id,))
            if 0 < app_id <= MAX_ID
            else []
        )
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
        if text.isascii() and text.isdigit():
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
                    f"another application already has key {fields.get('key')!r}; choose "
                    "another key (`followup list --all --json` shows the keys in use)"
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
        """Close by hand: the reason's final status, kept as the person's word.

        Closing again without a note keeps the note given the last time it was closed by hand.
        """
        current = self.application(app_id)
        kept = current.close_note if current.status_manual and current.close_reason else None
        self.set_status(
            app_id,
            reason.status,
            now,
            manual=True,
            close_reason=str(reason),
            close_note=note.strip() if note and note.strip() else kept,
        )
        return self.application(app_id)

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
