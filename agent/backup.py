"""`followup backup`: a consistent copy of the database, taken while the daemon keeps running."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Protocol

from agent.errors import UsageError


class Backupable(Protocol):
    def backup_to(self, path: Path) -> Path: ...


def backup_name(now: datetime) -> str:
    return f"followup-{now:%Y%m%d-%H%M%S}.db"


def backup_target(database: Path, requested: Path | None, now: datetime) -> Path:
    """Where the backup goes: the path given, a dated file inside a directory given, or
    `backups/` beside the database. Never the live database itself."""
    if requested is None:
        target = database.parent / "backups" / backup_name(now)
    else:
        requested = requested.expanduser()
        target = requested / backup_name(now) if requested.is_dir() else requested
    live = database.expanduser()
    for suffix in ("", "-wal", "-shm", "-journal"):
        same = live.with_name(live.name + suffix)
        if target.absolute() == same.absolute() or (
            target.exists() and same.exists() and target.samefile(same)
        ):
            raise UsageError(
                f"{target} is the live database; give another path, e.g. "
                f"followup backup ~/followup-{now:%Y%m%d}.db"
            )
    return target


def make_backup(store: Backupable, database: Path, requested: Path | None, now: datetime) -> Path:
    """Write the backup and return its path (owner-only, replaced whole if it existed)."""
    return store.backup_to(backup_target(database, requested, now))
