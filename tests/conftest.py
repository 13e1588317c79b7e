"""Shared fixtures: a fresh in-memory store, a fixed clock, and the CLI run in a private home.

`invoke` runs `followup` through click's CliRunner with its own XDG directories and config,
so no test ever reads or writes the real user's files.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import keyring
import keyring.backends.fail
import pytest
import yaml
from click.testing import CliRunner, Result
from memory_keyring import MemoryKeyring

from agent.store import Store, open_store

#: The zone tests run in: it has summer time, so offsets differ across the year.
TEST_ZONE = ZoneInfo("Europe/Oslo")


@pytest.fixture
def now() -> datetime:
    """A fixed moment (a Monday morning in Oslo); logic tests never read the wall clock."""
    return datetime(2026, 3, 2, 9, 30, tzinfo=TEST_ZONE)


@pytest.fixture
def store() -> Iterator[Store]:
    """A fully migrated store in memory."""
    opened = open_store(None)
    yield opened
    opened.close()


class CliHome:
    """A private home for the command line: config, data and environment per test.

    Call it like the command: `invoke("add", "Acme", "Dev")` returns click's Result.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config_dir = root / "config" / "followup"
        self.data_dir = root / "data"
        self.config_path = self.config_dir / "config.yaml"
        self.env: dict[str, str | None] = {
            "HOME": str(root / "home"),
            "XDG_CONFIG_HOME": str(root / "config"),
            "XDG_DATA_HOME": str(self.data_dir),
            "FOLLOWUP_CONFIG": None,
            "FOLLOWUP_NOW": None,
            "JOURNAL_STREAM": None,
        }
        (root / "home").mkdir(parents=True, exist_ok=True)
        self.write_config({"timezone": "Europe/Oslo"})

    @property
    def database(self) -> Path:
        return self.data_dir / "followup" / "followup.db"

    def write_config(self, config: Mapping[str, Any] | str, path: Path | None = None) -> Path:
        """Write a config (a mapping, or YAML text as is) to the default place or `path`."""
        target = path or self.config_path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = config if isinstance(config, str) else yaml.safe_dump(dict(config))
        target.write_text(text, encoding="utf-8")
        return target

    def __call__(
        self,
        *args: str,
        stdin: str | bytes | None = None,
        env: Mapping[str, str | None] | None = None,
    ) -> Result:
        from agent.cli import cli  # here, so store-only tests do not load every command

        return CliRunner().invoke(
            cli, list(args), input=stdin, env={**self.env, **(env or {})}, catch_exceptions=False
        )

    def ok(self, *args: str, **kwargs: Any) -> Result:
        """Run a command that must succeed; on failure show what it printed."""
        result = self(*args, **kwargs)
        assert result.exit_code == 0, f"{args} exited {result.exit_code}:\n{result.output}"
        return result

    def fails(self, *args: str, code: int = 1, **kwargs: Any) -> Result:
        """Run a command that must fail with `code`; return the result for its message."""
        result = self(*args, **kwargs)
        assert result.exit_code == code, f"{args} exited {result.exit_code}:\n{result.output}"
        return result

    def open_store(self) -> Store:
        """The store the commands wrote to (close it, or use it in a `with`)."""
        return open_store(self.database)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.open_store() as opened:
            assert isinstance(opened, Store)
            return opened.query(sql, tuple(params))


@pytest.fixture
def invoke(tmp_path: Path) -> CliHome:
    """The CLI in a private home with `timezone: Europe/Oslo`; see CliHome."""
    return CliHome(tmp_path / "cli")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A working keyring for one test (the real ones need a desktop session)."""
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """No usable keyring, as on a headless machine."""
    before = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def acme(store: Store, now: datetime) -> int:
    """One tracked application, Backend Developer at Acme AS, with Ann Berg as its contact."""
    app = store.add_application(
        company="Acme AS",
        role="Backend Developer",
        now=now,
        company_domain="acme.example",
        contacts=[("Ann Berg", "ann@acme.example")],
        key="acme",
    )
    return app.id
