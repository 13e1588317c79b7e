"""The store: migrations from every earlier schema, and the tracker's queries."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from agent.errors import NotFoundError, UsageError
from agent.models import (
    CloseReason,
    ContactChannel,
    Direction,
    InterviewKind,
    Status,
)
from agent.store import Store, open_store
from agent.store.schema import MIGRATIONS

MIGRATION_NAMES = [m.name for m in MIGRATIONS.pending(Database(memory=True))]

# -- migrations -------------------------------------------------------------------------

#: Values that make a row look like real data; anything else gets a value from its name and
#: type. Add an entry when a new column holds a vocabulary word.
KNOWN_VALUES: dict[tuple[str, str] | str, Any] = {
    "status": "applied",
    "direction": "in",
    "channel": "email",
    "category": "acknowledgement",
    "decision": "matched",
    "state": "pending",
    "email": "ann@acme.example",
    "evidence": '["sender domain acme.example"]',
    "candidates": "[1]",
    ("interviews", "kind"): "video",
    ("nudges", "kind"): "status_check",
    ("messages", "review_state"): None,
    ("applications", "language"): "en",
}
MOMENT = "2026-03-02T09:30:00+01:00"


def _value(table: str, column: Any) -> Any:
    name, kind = column.name, (column.type or "").upper()
    for key in ((table, name), name):
        if key in KNOWN_VALUES:
            return KNOWN_VALUES[key]
    if name in ("at", "due", "date") or name.endswith(("_at", "_until")):
        return MOMENT
    if name.endswith("_on") or name == "since":
        return "2026-03-02"
    if "INT" in kind:
        return 1
    if "REAL" in kind:
        return 0.9
    return f"{table}.{name}"


def _fill(db: Database) -> dict[str, dict[str, Any]]:
    """Put one representative row in every table, parents before children."""
    tables = [t for t in db.table_names() if not t.startswith(("_", "sqlite_"))]
    inserted: dict[str, dict[str, Any]] = {}
    while len(inserted) < len(tables):
        progressed = False
        for name in tables:
            table = db.table(name)
            if name in inserted or any(
                fk.other_table not in inserted and fk.other_table != name
                for fk in table.foreign_keys
            ):
                continue
            fks = {fk.column: fk.other_table for fk in table.foreign_keys}
            row = {}
            for column in table.columns:
                if column.is_pk and "INT" in (column.type or "").upper() and len(table.pks) == 1:
                    continue
                row[column.name] = 1 if column.name in fks else _value(name, column)
            table.insert(row)
            inserted[name] = row
            progressed = True
        assert progressed, f"cannot order tables by their foreign keys: {tables}"
    return inserted


def _database_before(name: str) -> Database:
    db = Database(memory=True)
    db.execute("PRAGMA foreign_keys = ON")
    MIGRATIONS.apply(db, stop_before=name)
    return db


def test_migrations_from_empty_create_every_table() -> None:
    with open_store(None) as store:
        assert isinstance(store, Store)
        applied = [m.name for m in MIGRATIONS.applied(store.db)]
        assert applied == MIGRATION_NAMES
        assert not MIGRATIONS.pending(store.db)
        for table in ("applications", "contacts", "events", "interviews", "cases", "messages"):
            assert store.db.table(table).exists(), table
        assert store.applications() == []


@pytest.mark.parametrize("stop_before", MIGRATION_NAMES, ids=lambda n: f"before-{n}")
def test_data_at_every_earlier_version_survives_the_upgrade(stop_before: str) -> None:
    db = _database_before(stop_before)
    before = _fill(db)
    MIGRATIONS.apply(db)

    assert not MIGRATIONS.pending(db)
    for table, row in before.items():
        columns = {c.name for c in db.table(table).columns}
        kept = {k: v for k, v in row.items() if k in columns}
        found = [{k: r[k] for k in kept} for r in db.query(f"SELECT * FROM [{table}]")]
        assert kept in found, f"{table} lost its row in the upgrade"
    if "applications" in before:
        store = Store(db)
        app = store.application(1)
        assert (app.company, app.status, app.applied_on) == (
            "applications.company",
            Status.APPLIED,
            date(2026, 3, 2),
        )
        assert [e.summary for e in store.events(1)] == ["events.summary"]
        assert [c.text for c in store.cases(1, include_done=True)] == ["cases.text"]
        assert [i.kind for i in store.interviews(1)] == [InterviewKind.VIDEO]
        assert store.application_messages(1)[0]["decision"] == "matched"
        assert store.application_nudges(1)[0]["kind"] == "status_check"
    db.close()


def test_opening_twice_applies_nothing_new(tmp_path: Path, now: datetime) -> None:
    path = tmp_path / "followup.db"
    with open_store(path) as store:
        assert isinstance(store, Store)
        store.add_application(company="Acme", role="Dev", now=now)
    with open_store(path) as store:
        assert isinstance(store, Store)
        assert [a.company for a in store.applications()] == ["Acme"]
        assert [m.name for m in MIGRATIONS.applied(store.db)] == MIGRATION_NAMES


def test_database_file_and_directory_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "followup.db"
    open_store(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


# -- applications -----------------------------------------------------------------------


def test_add_and_find_by_id_or_key(store: Store, now: datetime) -> None:
    app = store.add_application(
        company="Acme",
        role="Dev",
        now=now,
        key="acme-dev",
        priority=2,
        applied_on=date(2026, 2, 20),
        contacts=[("Ann", "ann@acme.example")],
    )
    assert store.find_application("acme-dev") == app
    assert store.find_application(str(app.id)) == app
    assert app.contacts[0].email == "ann@acme.example"
    assert app.created_at == now


def test_unknown_application_says_how_to_list_them(store: Store) -> None:
    with pytest.raises(NotFoundError, match="followup list --all"):
        store.find_application("nope")
    with pytest.raises(NotFoundError, match="no application with id 7"):
        store.find_application("7")


@pytest.mark.parametrize("ref", ["99999999999999999999999", "0", "\u00b2", "\u0661"])
def test_ids_no_row_can_have_are_not_found(store: Store, now: datetime, ref: str) -> None:
    store.add_application(company="Acme", role="Dev", now=now)
    with pytest.raises(NotFoundError):
        store.find_application(ref)
    with pytest.raises(NotFoundError):
        store.nudge(2**63)
    with pytest.raises(NotFoundError):
        store.complete_case(1, 2**63, now)


def test_closing_again_without_a_note_keeps_the_note(store: Store, now: datetime) -> None:
    app = store.add_application(company="Acme", role="Dev", now=now)
    store.close_application(app.id, CloseReason.REJECTED, now, note="went inside")
    again = store.close_application(app.id, CloseReason.INTERNAL_HIRE, now)
    assert (again.close_reason, again.close_note) == ("internal-hire", "went inside")
    replaced = store.close_application(app.id, CloseReason.NO_HIRE, now, note="nobody")
    assert replaced.close_note == "nobody"


def test_duplicate_key_is_refused_and_nothing_half_written(store: Store, now: datetime) -> None:
    store.add_application(company="Acme", role="Dev", now=now, key="k1")
    with pytest.raises(UsageError, match="already exists"):
        store.add_application(
            company="Beta", role="Ops", now=now, key="k1", contacts=[("Bo", "bo@beta.example")]
        )
    assert [a.company for a in store.applications()] == ["Acme"]
    assert store.query("SELECT count(*) AS n FROM contacts")[0]["n"] == 0


def test_update_rejects_unknown_fields_and_taken_keys(store: Store, now: datetime) -> None:
    a = store.add_application(company="Acme", role="Dev", now=now, key="a")
    b = store.add_application(company="Beta", role="Ops", now=now)
    with pytest.raises(UsageError, match="unknown application field"):
        store.update_application(a.id, {"status": "offer"}, now)
    with pytest.raises(UsageError, match="already has key"):
        store.update_application(b.id, {"key": "a"}, now)
    store.update_application(b.id, {"priority": 3, "next_contact_on": date(2026, 3, 9)}, now)
    assert store.application(b.id).next_contact_on == date(2026, 3, 9)


def test_close_maps_reason_to_status_and_is_manual(store: Store, now: datetime) -> None:
    app = store.add_application(company="Acme", role="Dev", now=now)
    closed = store.close_application(app.id, CloseReason.INTERNAL_HIRE, now, note=" went inside ")
    assert closed.status is Status.CLOSED
    assert (closed.close_reason, closed.close_note, closed.status_manual) == (
        "internal-hire",
        "went inside",
        True,
    )
    store.set_status(app.id, Status.INTERVIEWING, now, manual=True)
    reopened = store.application(app.id)
    assert (reopened.status, reopened.close_reason) == (Status.INTERVIEWING, None)


def test_count_active_leaves_out_wishlist_and_closed(store: Store, now: datetime) -> None:
    store.add_application(company="A", role="r", now=now)
    store.add_application(company="B", role="r", now=now, status=Status.WISHLIST)
    store.add_application(company="C", role="r", now=now, status=Status.REJECTED)
    store.add_application(company="D", role="r", now=now, status=Status.OFFER)
    assert store.count_active() == 2


def test_contacts_are_kept_once_per_address(store: Store, now: datetime) -> None:
    app = store.add_application(company="Acme", role="Dev", now=now)
    store.add_contact(app.id, None, "Ann@Acme.example", now)
    store.add_contact(app.id, "Ann Berg", "ann@acme.example", now)
    store.add_contact(app.id, "Bob", None, now)
    store.add_contact(app.id, "Bob", None, now)
    assert [(c.name, c.email) for c in store.contacts(app.id)] == [
        ("Ann Berg", "ann@acme.example"),
        ("Bob", None),
    ]
    with pytest.raises(UsageError, match="name or an email"):
        store.add_contact(app.id, " ", None, now)


def test_contact_log_is_in_time_order_whatever_the_offsets(store: Store, now: datetime) -> None:
    app = store.add_application(company="Acme", role="Dev", now=now)
    utc = UTC
    later = datetime(2026, 3, 2, 9, 0, tzinfo=utc)  # 10:00 in Oslo
    earlier = datetime(2026, 3, 2, 9, 45, tzinfo=timezone(timedelta(hours=1)))  # 08:45 UTC
    for at, text in ((later, "later"), (earlier, "earlier")):
        store.add_event(
            app.id,
            at=at,
            direction=Direction.IN,
            channel=ContactChannel.PHONE,
            summary=text,
            now=now,
        )
    assert [e.summary for e in store.events(app.id)] == ["earlier", "later"]
    assert [e.summary for e in store.events()] == ["earlier", "later"]


def test_same_message_is_logged_once(store: Store, now: datetime) -> None:
    app = store.add_application(company="Acme", role="Dev", now=now)
    kwargs: dict[str, Any] = {
        "at": now,
        "direction": Direction.IN,
        "channel": ContactChannel.EMAIL,
        "summary": "Thanks for applying",
        "now": now,
        "message_id": "<1@acme.example>",
    }
    first = store.add_event(app.id, **kwargs)
    assert store.add_event(app.id, **kwargs) == first
    assert len(store.events(app.id)) == 1


def test_cases_open_and_done(store: Store, now: datetime) -> None:
    app = store.add_application(company="Acme", role="Dev", now=now)
    first = store.add_case(app.id, " Ask about on-call ", now)
    store.add_case(app.id, "Mention the Rust project", now)
    done = store.complete_case(app.id, first.id, now + timedelta(days=1))
    assert done.done_at == now + timedelta(days=1)
    assert [c.text for c in store.cases(app.id)] == ["Mention the Rust project"]
    assert len(store.cases(app.id, include_done=True)) == 2
    with pytest.raises(NotFoundError, match=f"followup case {app.id} --list"):
        store.complete_case(app.id, 99, now)
    with pytest.raises(UsageError, match="needs some text"):
        store.add_case(app.id, "  ", now)


def test_interview_from_the_same_message_is_moved_not_doubled(store: Store, now: datetime) -> None:
    app = store.add_application(company="Acme", role="Dev", now=now)
    store.add_interview(app.id, at=now, now=now, message_id="<i@acme.example>")
    moved = store.add_interview(
        app.id, at=now + timedelta(days=2), now=now, message_id="<i@acme.example>"
    )
    assert [i.at for i in store.interviews(app.id)] == [moved.at] == [now + timedelta(days=2)]


def test_messages_and_nudges_of_an_application(store: Store, now: datetime) -> None:
    app = store.add_application(company="Acme", role="Dev", now=now)
    assert store.application_messages(app.id) == []
    assert store.application_nudges(app.id) == []
    store.insert(
        "messages",
        {
            "message_key": "<m@acme.example>",
            "source": "work",
            "folder": "INBOX",
            "decision": "matched",
            "category": "acknowledgement",
            "application_id": app.id,
            "subject": "We got it",
            "sender": "hr@acme.example",
            "date": MOMENT,
            "processed_at": MOMENT,
        },
    )
    store.insert(
        "nudges",
        {
            "application_id": app.id,
            "kind": "status_check",
            "due": MOMENT,
            "state": "pending",
            "reason": "7 working days without an answer",
            "fingerprint": "f1",
            "created_at": MOMENT,
        },
    )
    [message] = store.application_messages(app.id)
    assert (message["subject"], message["category"]) == ("We got it", "acknowledgement")
    [nudge] = store.application_nudges(app.id)
    assert (nudge["kind"], nudge["state"]) == ("status_check", "pending")
