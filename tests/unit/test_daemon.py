"""The daemon's loop, driven in-process with a local Maildir: sync at start, READY, syncs on
wake-ups, periodic jobs on the main thread, and a clean stop. IMAP push is tested against
Dovecot in tests/integration/test_imap_daemon.py."""

from __future__ import annotations

import logging
import random
import threading
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from agent.config import Config
from agent.daemon import BACKOFF_CAP, Daemon, JobDue, Outages, PeriodicJob, backoff_delay
from agent.errors import MailboxError
from agent.store import Store

MAIL = (
    "From: Ann <ann@acme.example>\r\nTo: kari@example.test\r\nSubject: Next steps\r\n"
    "Message-ID: <m{n}@acme.example>\r\nDate: Mon, 02 Mar 2026 08:00:00 +0100\r\n\r\nHi\r\n"
)


def test_backoff_grows_to_a_cap_with_jitter() -> None:
    rng = random.Random(7)
    delays = [backoff_delay(n, rng) for n in range(1, 12)]

    assert 0.5 <= delays[0] <= 1.0
    assert 4.0 <= delays[3] <= 8.0
    assert all(d <= BACKOFF_CAP for d in delays)
    assert delays[-1] >= BACKOFF_CAP / 2
    assert len({round(backoff_delay(5, rng), 6) for _ in range(5)}) > 1  # jittered


def test_one_log_line_per_outage(caplog: pytest.LogCaptureFixture) -> None:
    outages = Outages()
    caplog.set_level(logging.DEBUG, logger="agent.daemon")

    for _ in range(5):
        outages.failed("personal", MailboxError("personal: connection refused"))
    outages.recovered("personal")
    outages.recovered("personal")
    outages.failed("personal", MailboxError("personal: gone again"))

    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings[0] == "personal: connection refused (reconnecting in the background)"
    assert warnings[1].startswith("personal: connected again after")
    assert warnings[2] == "personal: gone again (reconnecting in the background)"
    assert len(warnings) == 3


def test_loop_syncs_at_start_and_on_wake_ups(store: Store, now: datetime, tmp_path: Path) -> None:
    store.add_application(
        company="Acme",
        role="Dev",
        now=now,
        applied_on=date(2026, 2, 20),
        company_domain="acme.example",
    )
    root = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    (root / "new" / "1.M1P1.host").write_text(MAIL.format(n=1))
    config = Config.model_validate(
        {"sources": [{"name": "local", "maildir": str(root)}], "sync": {"idle": False}}
    )
    notes: list[str] = []
    seen: list[int] = []
    ticks: list[datetime] = []

    def finish(_now: datetime) -> None:
        seen.append(len(store.query("SELECT id FROM messages")))
        daemon.request_stop()

    daemon = Daemon(
        config,
        store,
        clock=lambda: now,
        notify=lambda state: notes.append(state) or True,
        jobs=[PeriodicJob("tick", 3600, ticks.append), PeriodicJob("finish", 3600, finish)],
    )

    def drive() -> None:
        deadline = time.monotonic() + 10
        while "READY=1" not in notes and time.monotonic() < deadline:
            time.sleep(0.01)
        (root / "new" / "2.M2P1.host").write_text(MAIL.format(n=2))
        daemon.events.put(JobDue("poll"))
        daemon.events.put(JobDue("finish"))

    driver = threading.Thread(target=drive)
    driver.start()
    code = daemon.run()
    driver.join()

    assert code == 0
    assert notes[0] == "READY=1"
    assert "STOPPING=1" in notes
    assert seen == [2]  # one at start, one after the wake-up
    assert len(ticks) >= 2  # at start, and after mail was recorded
    assert store.get_state("daemon.stopped_at") is not None
