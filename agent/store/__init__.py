"""The store: SQLite through sqlite-utils, the single source of truth. All SQL lives here.

`Store` is assembled from one mixin per concern so each file stays small:
`tracker` (applications), `contacts` (their contacts, contact log, interviews, cases),
`transfer` (CSV import), `messages` (processed mail and the review queue), `maintenance`
(backups, integrity, the health summary), `nudges` (nudges and their deliveries),
`checkpoints` (how far each mail folder has been read).
"""

from __future__ import annotations

from pathlib import Path

from agent.store.base import open_database
from agent.store.checkpoints import CheckpointStore
from agent.store.maintenance import MaintenanceStore
from agent.store.messages import MessageStore
from agent.store.nudges import NudgeStore
from agent.store.tracker import EDITABLE_FIELDS, TrackerStore
from agent.store.transfer import TransferStore

__all__ = ["EDITABLE_FIELDS", "Store", "open_store"]


class Store(
    TransferStore, TrackerStore, MessageStore, MaintenanceStore, NudgeStore, CheckpointStore
):
    """Everything the agent keeps."""


def open_store(path: Path | None) -> Store:
    """Open the database at `path` (created and upgraded as needed); `None` is in-memory."""
    return Store(open_database(path))
