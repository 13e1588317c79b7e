"""Applications as plain records: the `export` contract and the whole timeline `show` prints.

Records hold JSON-ready values only (text, numbers, ISO dates), so the same dict serves
`export --format json`, the CSV columns and `show --json`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from agent.errors import UsageError
from agent.history import last_contact, unanswered_followups
from agent.models import Application, Case, Event, Interview
from agent.store import Store


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def application_record(
    app: Application,
    events: Sequence[Event],
    interviews: Sequence[Interview],
    cases: Sequence[Case],
) -> dict[str, Any]:
    """Every CSV column plus id, status, contacts, the contact log, interviews and cases."""
    first = app.contacts[0] if app.contacts else None
    return {
        "id": app.id,
        "key": app.key,
        "company": app.company,
        "role": app.role,
        "applied_on": _iso(app.applied_on),
        "status": str(app.status),
        "priority": app.priority,
        "source": app.source,
        "url": app.url,
        "contact_name": first.name if first else None,
        "contact_email": first.email if first else None,
        "company_domain": app.company_domain,
        "job_ref": app.job_ref,
        "notes": app.notes,
        "language": app.language,
        "next_contact_on": _iso(app.next_contact_on),
        "status_manual": app.status_manual,
        "close_reason": app.close_reason,
        "close_note": app.close_note,
        "created_at": _iso(app.created_at),
        "updated_at": _iso(app.updated_at),
        "contacts": [{"name": c.name, "email": c.email} for c in app.contacts],
        "events": [
            {
                "at": _iso(e.at),
                "direction": str(e.direction),
                "channel": str(e.channel),
                "who": e.who,
                "summary": e.summary,
                "subject": e.subject,
                "message_id": e.message_id,
                "category": str(e.category) if e.category else None,
            }
            for e in events
        ],
        "interviews": [
            {
                "at": _iso(i.at),
                "kind": str(i.kind) if i.kind else None,
                "with": i.with_who,
                "location": i.location,
                "message_id": i.message_id,
            }
            for i in interviews
        ],
        "cases": [
            {
                "id": c.id,
                "text": c.text,
                "created_at": _iso(c.created_at),
                "done_at": _iso(c.done_at),
            }
            for c in cases
        ],
    }


def export_records(store: Store) -> list[dict[str, Any]]:
    """Every application, oldest first, as export records."""
    return [
        application_record(
            app,
            store.events(app.id),
            store.interviews(app.id),
            store.cases(app.id, include_done=True),
        )
        for app in store.applications()
    ]


def timeline_record(store: Store, app: Application) -> dict[str, Any]:
    """One application with everything known about it, for `show`."""
    events = store.events(app.id)
    last = last_contact(events)
    record = application_record(
        app, events, store.interviews(app.id), store.cases(app.id, include_done=True)
    )
    record.update(
        last_contact=_iso(last.at) if last else None,
        unanswered_followups=unanswered_followups(events),
        messages=store.application_messages(app.id),
        nudges=store.application_nudges(app.id),
    )
    return record


def save_export(
    target: str | Path,
    content: str | bytes,
    *,
    replace: bool = False,
    example: str = "applications.csv",
) -> Path:
    """Write an export readable by the user alone (0600), all at once or not at all.

    An existing file is kept unless `replace` is given: an export must not eat the
    spreadsheet the person keeps by hand. A replaced file is swapped for a new one, so it
    ends up 0600 whatever its mode was. `example` is the file name suggested for a directory.
    """
    path = Path(target).expanduser()
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.is_dir() or str(target).endswith("/"):
        raise UsageError(f"{path} is a directory; give a file name, e.g. {path / example}")
    if path.exists() and not replace:
        raise UsageError(
            f"{path} already exists; choose another --output or add --force to replace it"
        )
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        temp.replace(path)
    except OSError as err:
        temp.unlink(missing_ok=True)
        raise UsageError(
            f"cannot write {path}: {err.strerror or err}; check that the directory exists and "
            "is writable"
        ) from err
    return path
