"""The command line and the daemon share one database file: neither fails because the other
is writing at that moment."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from agent.store import open_store


def test_database_file_uses_wal(tmp_path: Path) -> None:
    with open_store(tmp_path / "followup.db") as store:
        assert store.query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"


def test_a_writer_waits_for_the_other_instead_of_failing(tmp_path: Path, now: datetime) -> None:
    path = tmp_path / "followup.db"
    cli = open_store(path)
    holding = threading.Event()
    release = threading.Event()

    def daemon_writes() -> None:
        with open_store(path) as daemon, daemon.transaction():
            daemon.add_application(company="Fjordtech", role="Backend developer", now=now)
            holding.set()
            release.wait(5)

    writer = threading.Thread(target=daemon_writes)
    writer.start()
    assert holding.wait(5)
    # The CLI starts writing while the daemon holds the lock; the daemon lets go shortly after.
    threading.Timer(0.3, release.set).start()
    cli.add_application(company="Nordlys", role="Analyst", now=now)
    writer.join(5)
    names = sorted(a.company for a in cli.applications())
    assert names == ["Fjordtech", "Nordlys"]
    cli.close()
