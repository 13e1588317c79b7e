"""kill -9 in the middle of `followup sync --once`, then resume: nothing lost, nothing twice."""

from __future__ import annotations

import signal

import pytest
from dovecot import ImapAccount
from mailenv import (
    Process,
    account_config,
    bulk_append,
    message,
    process_env,
    summary_counts,
)

pytestmark = pytest.mark.integration

TOTAL = 2000


def test_sigkill_mid_sync_then_resume(invoke, mailbox: ImapAccount, tmp_path) -> None:
    config = account_config(mailbox, tmp_path)
    config["sync"]["batch_size"] = 20
    invoke.write_config(config)
    # Job words make every message relevant to the triage (so each is fetched in full and goes
    # through the pipeline), from senders tied to no application.
    bulk_append(
        mailbox,
        "INBOX",
        [message(n, relevant=False, subject=f"Your application no. {n}") for n in range(TOTAL)],
    )

    proc = Process(["sync", "--once"], process_env(invoke.env, invoke.config_path))
    try:
        # The first progress line comes after the first committed units: kill right then,
        # while the next units are being fetched and written.
        proc.wait_for_line(f"/{TOTAL} messages", timeout=60)
        proc.signal(signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        proc.stop()

    uids = [r["uid"] for r in invoke.rows("SELECT uid FROM messages ORDER BY uid")]
    checkpoint = invoke.rows("SELECT last_uid FROM checkpoints WHERE folder = 'INBOX'")
    assert 0 < len(uids) < TOTAL, "the kill should land in the middle of the sync"
    # What was committed is exactly a prefix, and the checkpoint sits at its end: a message's
    # record and the checkpoint commit together.
    assert uids == list(range(1, len(uids) + 1))
    assert checkpoint == [{"last_uid": len(uids)}]

    counts = summary_counts(invoke.ok("sync", "--once").output)

    assert counts["seen"] == TOTAL - len(uids)
    assert counts.get("already", 0) == 0
    final = [r["uid"] for r in invoke.rows("SELECT uid FROM messages ORDER BY uid")]
    assert final == list(range(1, TOTAL + 1))
