"""Keeping the database healthy: online backups and integrity checks."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any

from agent.errors import StoreError
from agent.store.base import StoreBase


class MaintenanceStore(StoreBase):
    def backup_to(self, path: Path) -> Path:
        """Copy the live database to `path` (owner-only) while the daemon may keep writing.

        SQLite's online backup reads one consistent snapshot; the copy is written beside the
        target and renamed into place, so an interrupted backup never leaves half a file
        under the final name. The copy uses a rollback journal: it is one self-contained file.
        """
        path = path.expanduser()
        tmp = path.with_name(f".{path.name}.partial")
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            os.close(os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
            target = sqlite3.connect(tmp)
            try:
                self.db.conn.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
                target.commit()
            finally:
                target.close()
            tmp.chmod(0o600)
            tmp.replace(path)
        except (OSError, sqlite3.Error) as err:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise StoreError(
                f"cannot write the backup {path}: {err}; check that the directory exists, "
                "is writable and has room"
            ) from err
        return path

    def integrity_check(self) -> list[str]:
        """Problems SQLite finds in the database file; empty when it is sound."""
        try:
            rows = self.db.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as err:
            return [str(err)]
        problems = [str(row[0]) for row in rows]
        return [] if problems == ["ok"] else problems

    def sync_checkpoints(self) -> list[dict[str, Any]]:
        """Where each account's folder sync stands: last UID seen and when it last synced.

        The time is the state entry `sync.last.ACCOUNT/FOLDER` (written after every pass)
        when there is one, else when the checkpoint last moved.
        """
        return self.query(
            "SELECT c.source, c.folder, c.uidvalidity, c.last_uid, "
            "coalesce(s.value, c.updated_at) AS updated_at FROM checkpoints c "
            "LEFT JOIN state s ON s.key = 'sync.last.' || c.source || '/' || c.folder "
            "ORDER BY c.source, c.folder"
        )

    def message_counts(self) -> dict[str, int]:
        """Processed messages by decision (matched, unmatched, review...)."""
        rows = self.query("SELECT decision, count(*) AS n FROM messages GROUP BY decision")
        return {str(row["decision"]): int(row["n"]) for row in rows}

    def open_review_count(self) -> int:
        rows = self.query("SELECT count(*) AS n FROM messages WHERE review_state = 'open'")
        return int(rows[0]["n"])

    def upcoming_nudges(self, limit: int = 5) -> list[dict[str, Any]]:
        """The next nudges to arrive, soonest first (pending, or snoozed until later)."""
        return self.query(
            "SELECT n.id, n.kind, coalesce(n.snoozed_until, n.due) AS due, n.state, "
            "a.company, a.role FROM nudges n JOIN applications a ON a.id = n.application_id "
            "WHERE n.state IN ('pending', 'snoozed') ORDER BY 3 LIMIT ?",
            (limit,),
        )

    def state_entry(self, key: str) -> tuple[str | None, str] | None:
        """A state value with the time it was written, or None when never set."""
        rows = self.query("SELECT value, updated_at FROM state WHERE key = ?", (key,))
        return (rows[0]["value"], str(rows[0]["updated_at"])) if rows else None
