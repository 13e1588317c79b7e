"""`followup backup`: a consistent, private copy taken while the daemon keeps writing."""

from __future__ import annotations

import sqlite3
import stat
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from agent.backup import backup_target
from agent.errors import StoreError, UsageError
from agent.store import open_store


def test_backup_while_another_connection_writes(tmp_path: Path, now: datetime) -> None:
    live = tmp_path / "data" / "followup.db"
    with open_store(live) as store:
        for n in range(50):
            store.add_application(company=f"Company {n}", role="Developer", now=now)
    stop = threading.Event()
    written = []

    def writer() -> None:
        with open_store(live) as other:
            n = 0
            while not stop.is_set():
                other.add_application(company=f"Later {n}", role="SRE", now=now)
                written.append(n)
                n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5 and thread.is_alive():  # writing when the backup starts
            stop.wait(0.01)
        with open_store(live) as store:
            target = store.backup_to(tmp_path / "backups" / "copy.db")
    finally:
        stop.set()
        thread.join()

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not target.with_name("copy.db-wal").exists()  # one self-contained file
    with open_store(target) as restored:
        assert restored.integrity_check() == []
        companies = {a.company for a in restored.applications()}
    assert {f"Company {n}" for n in range(50)} <= companies
    later = {c for c in companies if c.startswith("Later ")}
    assert len(later) >= 5
    assert later == {f"Later {n}" for n in range(len(later))}  # a prefix: no torn snapshot


def test_restored_copy_opens_with_the_data(tmp_path: Path, now: datetime) -> None:
    live = tmp_path / "followup.db"
    with open_store(live) as store:
        app = store.add_application(company="Fjordtech", role="Backend developer", now=now)
        store.backup_to(tmp_path / "b.db")
    restored_path = tmp_path / "restored" / "followup.db"
    restored_path.parent.mkdir()
    restored_path.write_bytes((tmp_path / "b.db").read_bytes())
    with open_store(restored_path) as restored:
        assert restored.application(app.id).company == "Fjordtech"


def test_backup_replaces_an_older_backup_whole(tmp_path: Path, now: datetime) -> None:
    target = tmp_path / "b.db"
    target.write_bytes(b"old backup")
    target.chmod(0o644)
    with open_store(tmp_path / "followup.db") as store:
        store.backup_to(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_unwritable_target_says_so(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    with open_store(tmp_path / "followup.db") as store, pytest.raises(StoreError, match="writable"):
        store.backup_to(blocked / "sub" / "b.db")


def test_default_target_is_dated_beside_the_database(tmp_path: Path, now: datetime) -> None:
    db = tmp_path / "followup.db"
    assert backup_target(db, None, now) == tmp_path / "backups" / "followup-20260302-093000.db"
    assert backup_target(db, tmp_path, now + timedelta(seconds=1)) == (
        tmp_path / "followup-20260302-093001.db"
    )


@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_the_live_database_is_never_the_target(tmp_path: Path, now: datetime, suffix: str) -> None:
    db = tmp_path / "followup.db"
    with pytest.raises(UsageError, match="live database"):
        backup_target(db, Path(f"{db}{suffix}"), now)


def test_cli_backup(invoke, tmp_path: Path) -> None:
    invoke.ok("add", "Fjordtech", "Backend developer")
    target = tmp_path / "mine.db"
    result = invoke.ok("backup", str(target))
    assert f"to {target}" in result.output
    with open_store(target) as copy:
        assert [a.company for a in copy.applications()] == ["Fjordtech"]
    default = invoke.ok("backup")
    [made] = (invoke.database.parent / "backups").iterdir()
    assert str(made) in default.output
