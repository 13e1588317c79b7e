"""The database schema as an ordered list of migrations, applied on open.

Each migration is one decorated function and is never edited once released: a database made
by any earlier version is upgraded by running the ones it has not seen.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("followup")


def _run(db: Database, script: str) -> None:
    """Run DDL statements one by one: `executescript` would commit the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    """Applications, the people and contact log around them, mail bookkeeping and nudges."""
    _run(
        db,
        """
        CREATE TABLE applications (
            id INTEGER PRIMARY KEY,
            key TEXT UNIQUE,
            company TEXT NOT NULL,
            role TEXT NOT NULL,
            status TEXT NOT NULL,
            status_manual INTEGER NOT NULL DEFAULT 0,
            priority INTEGER,
            source TEXT,
            url TEXT,
            applied_on TEXT,
            company_domain TEXT,
            job_ref TEXT,
            notes TEXT,
            language TEXT,
            next_contact_on TEXT,
            close_reason TEXT,
            close_note TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            name TEXT,
            email TEXT,
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX contacts_app_email ON contacts(application_id, email);
        CREATE INDEX contacts_email ON contacts(email);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            direction TEXT NOT NULL,
            channel TEXT NOT NULL,
            who TEXT,
            subject TEXT,
            summary TEXT NOT NULL,
            category TEXT,
            message_id TEXT,
            origin TEXT NOT NULL DEFAULT 'manual',
            created_at TEXT NOT NULL
        );
        CREATE INDEX events_app_at ON events(application_id, at);
        CREATE UNIQUE INDEX events_app_message ON events(application_id, message_id);
        CREATE TABLE interviews (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            kind TEXT,
            with_who TEXT,
            location TEXT,
            message_id TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX interviews_app ON interviews(application_id, at);
        CREATE TABLE cases (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            done_at TEXT
        );
        CREATE TABLE reflections (
            application_id INTEGER PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
            missing TEXT,
            strengths TEXT,
            weaknesses TEXT,
            outcome TEXT,
            at TEXT NOT NULL
        );
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            message_key TEXT NOT NULL UNIQUE,
            message_id TEXT,
            source TEXT NOT NULL,
            folder TEXT NOT NULL,
            uidvalidity INTEGER,
            uid INTEGER,
            path TEXT,
            outbound INTEGER NOT NULL DEFAULT 0,
            date TEXT,
            sender TEXT,
            subject TEXT,
            in_reply_to TEXT,
            refs TEXT,
            decision TEXT NOT NULL,
            category TEXT,
            application_id INTEGER REFERENCES applications(id) ON DELETE SET NULL,
            confidence REAL,
            evidence TEXT,
            review_state TEXT,
            candidates TEXT,
            error TEXT,
            processed_at TEXT NOT NULL
        );
        CREATE INDEX messages_message_id ON messages(message_id);
        CREATE INDEX messages_application ON messages(application_id);
        CREATE INDEX messages_review ON messages(review_state);
        CREATE TABLE checkpoints (
            source TEXT NOT NULL,
            folder TEXT NOT NULL,
            uidvalidity INTEGER,
            last_uid INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (source, folder)
        );
        CREATE TABLE nudges (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            due TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT NOT NULL,
            fingerprint TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            snoozed_until TEXT,
            delivered_at TEXT,
            closed_at TEXT
        );
        CREATE INDEX nudges_state_due ON nudges(state, due);
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            nudge_id INTEGER NOT NULL REFERENCES nudges(id) ON DELETE CASCADE,
            channel TEXT NOT NULL,
            at TEXT NOT NULL,
            ok INTEGER NOT NULL,
            detail TEXT
        );
        CREATE INDEX deliveries_nudge ON deliveries(nudge_id, channel);
        CREATE TABLE state (
            key TEXT PRIMARY KEY,
            value TEXT,
            updated_at TEXT NOT NULL
        );
        """,
    )


@MIGRATIONS()
def m002_mail_sources(db: Database) -> None:
    """Local mail sources: which files were read, and cheap change detection per folder.

    `source_items` holds the identity of each Maildir/mbox message already looked at (read or
    skipped); `checkpoints.fingerprint` lets a pass skip an unchanged folder without reading it,
    and `checkpoints.horizon` is the oldest date a folder was searched back to.
    """
    _run(
        db,
        """
        CREATE TABLE source_items (
            source TEXT NOT NULL,
            folder TEXT NOT NULL,
            item TEXT NOT NULL,
            processed_at TEXT NOT NULL,
            PRIMARY KEY (source, folder, item)
        ) WITHOUT ROWID;
        ALTER TABLE checkpoints ADD COLUMN fingerprint TEXT;
        ALTER TABLE checkpoints ADD COLUMN horizon TEXT
        """,
    )


@MIGRATIONS()
def m003_message_details(db: Database) -> None:
    """What a review needs to apply a message later: who sent it, its one-line summary, and the
    decision's details (invitation, classification) as JSON; and when a review was resolved."""
    _run(
        db,
        """
        ALTER TABLE messages ADD COLUMN sender_name TEXT;
        ALTER TABLE messages ADD COLUMN summary TEXT;
        ALTER TABLE messages ADD COLUMN details TEXT;
        ALTER TABLE messages ADD COLUMN resolved_at TEXT
        """,
    )
