"""What every command needs, made on first use: config, store, the user's zone and clock."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from functools import cached_property

import click

from agent.config import Config, load_config
from agent.dates import zone
from agent.errors import UsageError
from agent.store import Store, open_store

#: Testing and debugging aid, deliberately left out of --help: an ISO date-time (a naive one
#: is read in the user's zone) that `Runtime.now` returns instead of the wall clock, so a
#: test or a bug report can replay the commands at a fixed moment.
NOW_ENV = "FOLLOWUP_NOW"


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
        """The current moment in the user's zone; the only clock the commands read.

        $FOLLOWUP_NOW, when set, replaces the wall clock (see NOW_ENV).
        """
        fixed = os.environ.get(NOW_ENV)
        if not fixed:
            return datetime.now(UTC).astimezone(self.tz)
        try:
            moment = datetime.fromisoformat(fixed.strip())
        except ValueError:
            raise UsageError(
                f"{NOW_ENV}={fixed!r} is not an ISO date-time such as 2026-03-02T09:30; "
                f"fix it, or unset {NOW_ENV} to use the clock"
            ) from None
        return (moment if moment.tzinfo else moment.replace(tzinfo=self.tz)).astimezone(self.tz)

    def close(self) -> None:
        for store in self._opened:
            store.close()
        self._opened.clear()


pass_runtime = click.make_pass_decorator(Runtime)
