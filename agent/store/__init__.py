"""The store: SQLite through sqlite-utils, the single source of truth. All SQL lives here.

`Store` is assembled from one mixin per concern so each file stays small:
`tracker` (applications, contacts, contact log, interviews, cases), `messages` (processed
mail and the review queue).
"""

from __future__ import annotations

from pathlib import Path

from agent.store.base import open_database
from agent.store.messages import MessageStore
from agent.store.tracker import EDITABLE_FIELDS, TrackerStore

__all__ = ["EDITABLE_FIELDS", "Store", "open_store"]


class Store(TrackerStore, MessageStore):
    """Everything the agent keeps."""


def open_store(path: Path | None) -> Store:
    """Open the database at `path` (created and upgraded as needed); `None` is in-memory."""
    return Store(open_database(path))
