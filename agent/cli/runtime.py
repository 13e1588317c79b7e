"""What every command needs, made on first use: config, store, the user's zone and clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from functools import cached_property

import click

from agent.config import Config, load_config
from agent.dates import zone
from agent.store import Store, open_store


@dataclass
class Runtime:
    config_path: str | None = None
    debug: bool = False
    _opened: list[Store] = field(default_factory=list)

    @cached_property
    def config(self) -> Config:
        return load_config(self.config_path)

    @cached_property
    def store(self) -> Store:
        store = open_store(self.config.database_path)
        self._opened.append(store)
        return store

    @cached_property
    def tz(self) -> tzinfo:
        return zone(self.config.timezone)

    def now(self) -> datetime:
        """The current moment in the user's zone; the only clock the commands read."""
        return datetime.now(UTC).astimezone(self.tz)

    def close(self) -> None:
        for store in self._opened:
            store.close()
        self._opened.clear()


pass_runtime = click.make_pass_decorator(Runtime)
