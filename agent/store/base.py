"""Opening the database safely, transactions, and small key-value state."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import Table

from agent.dates import to_iso
from agent.errors import StoreError
from agent.store.schema import MIGRATIONS

#: How long a writer waits for another process (CLI vs daemon) before giving up.
BUSY_TIMEOUT_MS = 10_000


def open_database(path: Path | None) -> Database:
    """Open (creating when needed) the database at `path`, or in memory for `None`.

    The file and its directory are made readable by the user alone before SQLite touches
    them, WAL lets the CLI read while the daemon writes, and pending migrations run.
    """
    if path is None:
        db = Database(memory=True)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            os.close(fd)
            db = Database(path)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.enable_wal()
        except (OSError, sqlite3.OperationalError) as err:
            raise StoreError(
                f"cannot open the database {path}: {err}; check that the directory is "
                "writable and the disk is not full, or set `database:` in the config"
            ) from err
        except sqlite3.DatabaseError as err:
            raise StoreError(
                f"{path} is not a usable followup database ({err}); restore it from a backup "
                "(`followup backup` makes them) or move it aside to start afresh"
            ) from err
    db.execute("PRAGMA foreign_keys = ON")
    try:
        MIGRATIONS.apply(db)
    except sqlite3.DatabaseError as err:
        raise StoreError(
            f"cannot upgrade the database {path}: {err}; restore it from a backup "
            "(followup backup) or move it aside to start afresh"
        ) from err
    return db


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


class StoreBase:
    """Holds the connection; the mixins in this package add the queries."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all (nested calls use savepoints).

        The outermost transaction takes the write lock at once (BEGIN IMMEDIATE): a deferred
        one that reads first and writes later fails at once when the daemon and the CLI write
        at the same moment, where an immediate one waits out the busy timeout.
        """
        conn = self.db.conn
        try:
            if conn.in_transaction:
                with self.db.atomic():
                    yield
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                _rollback(conn)
                raise
            conn.execute("COMMIT")
        except sqlite3.OperationalError as err:
            _rollback(conn)
            raise StoreError(
                f"database write failed: {err}; if another followup process holds the "
                "database, try again in a moment"
            ) from err

    def query(
        self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()
    ) -> list[dict[str, Any]]:
        return [dict(row) for row in self.db.query(sql, params)]

    def table(self, name: str) -> Table:
        return self.db.table(name)

    def insert(self, name: str, row: dict[str, Any]) -> int:
        """Insert one row and return its id."""
        pk = self.db.table(name).insert(row).last_pk
        assert pk is not None
        return int(pk)

    def get_state(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM state WHERE key = ?", (key,))
        return rows[0]["value"] if rows else None

    def set_state(self, key: str, value: str | None, now: datetime) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO state(key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) "
                "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (key, value, to_iso(now)),
            )
