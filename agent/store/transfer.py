"""Importing a checked CSV file into the store: all rows or none."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from agent.csvio import ImportRow, RowOutcome
from agent.errors import UsageError
from agent.models import Application, Contact, Status
from agent.store.tracker import TrackerStore


class TransferStore(TrackerStore):
    """Applies `followup import` rows, matching them to stored applications first."""

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


def _is_new_contact(known: Iterable[Contact], name: str | None, email: str | None) -> bool:
    """Whether (name, email) would add someone, or a missing name, to the known contacts."""
    for contact in known:
        if email and contact.email == email:
            return bool(name) and not contact.name
        if not email and name and (contact.name or "").casefold() == name.casefold():
            return False
    return True
