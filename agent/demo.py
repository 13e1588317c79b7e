"""`followup demo`: the real pipeline over sample data shipped in the package.

The samples (`agent/samples/`: applications.csv and a Maildir with a `.Sent` folder) are read
with the same local-source reader and pipeline the daemon uses, into a temporary database that
is gone afterwards. Nothing of the person's own data is read or written.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from agent.config import MatchingConfig
from agent.errors import UsageError
from agent.evaluate import (
    CorpusMessage,
    applications_store,
    corpus_message,
    run_messages,
    sort_by_date,
)
from agent.local_source import folders_for_paths
from agent.models import Application, Event
from agent.pipeline import Outcome
from agent.store import Store
from agent.store.messages import MessageRecord

SAMPLES = "samples"


@dataclass(frozen=True)
class DemoRun:
    """The state after the samples went through the pipeline, for the command to show."""

    store: Store
    outcomes: list[tuple[CorpusMessage, Outcome]]
    now: datetime

    @property
    def reviews(self) -> list[MessageRecord]:
        return self.store.review_items()

    def busiest(self) -> tuple[Application, list[Event]]:
        """The application with the longest contact log: the best one to show."""
        apps = self.store.applications()
        logs = {app.id: self.store.events(app.id) for app in apps}
        app = max(apps, key=lambda a: (len(logs[a.id]), -a.id))
        return app, logs[app.id]


@contextlib.contextmanager
def sample_directory() -> Iterator[Path]:
    """The shipped samples as a real directory (copied out when the package is zipped)."""
    root: Traversable = resources.files("agent") / SAMPLES
    if isinstance(root, Path):
        if not (root / "applications.csv").is_file():
            raise UsageError(
                f"the demo samples are missing from {root}; reinstall followup "
                "(pip install --force-reinstall followup)"
            )
        yield root
        return
    with tempfile.TemporaryDirectory(prefix="followup-samples-") as tmp:
        target = Path(tmp)
        _copy(root, target)
        yield target


def _copy(source: Traversable, target: Path) -> None:
    for entry in source.iterdir():
        if entry.is_dir():
            (target / entry.name).mkdir()
            _copy(entry, target / entry.name)
        else:
            (target / entry.name).write_bytes(entry.read_bytes())


def sample_messages(maildir: Path) -> list[CorpusMessage]:
    """Every message of the sample Maildir (INBOX and .Sent), in Date order."""
    found = []
    for folder in folders_for_paths([maildir]):
        for item in folder.items():
            name = item.path.relative_to(maildir).as_posix()
            found.append(corpus_message(name, folder.name, folder.outbound, item.data()))
    return sort_by_date(found)


@contextlib.contextmanager
def run_demo(settings: MatchingConfig | None = None) -> Iterator[DemoRun]:
    """Run the samples through the pipeline; the temporary database lives inside the block."""
    settings = settings or MatchingConfig()
    with sample_directory() as samples:
        messages = sample_messages(samples / "Maildir")
        dates = [m.date for m in messages if m.date]
        start = min(dates) if dates else datetime(2026, 1, 1, tzinfo=UTC)
        end = max(dates) if dates else start
        with applications_store(samples / "applications.csv", start.date(), start) as store:
            outcomes = run_messages(store, messages, settings, "demo")
            yield DemoRun(store, outcomes, end)
