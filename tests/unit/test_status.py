"""`followup status`: is the agent alive, how far did it read, what is waiting, what comes next."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from agent.dates import to_iso
from agent.health import (
    HEARTBEAT_KEY,
    LAST_ERROR_KEY,
    PID_KEY,
    STARTED_KEY,
    STOPPED_KEY,
    collect_health,
    format_health,
    health_to_json,
    sync_key,
)
from agent.models import NudgeKind
from agent.store import Store

STALE = timedelta(minutes=10)


def alive(pid: int) -> bool:
    return pid == 4242


def beat(store: Store, now: datetime, ago: timedelta, pid: int = 4242) -> None:
    store.set_state(PID_KEY, str(pid), now - ago)
    store.set_state(HEARTBEAT_KEY, to_iso(now - ago), now - ago)


def test_never_started(store: Store, now: datetime) -> None:
    health = collect_health(store, now, stale_after=STALE, alive=alive)
    assert not health.daemon.running
    assert "never started" in health.daemon.summary
    assert "followup service install" in health.daemon.summary


def test_running_with_a_fresh_heartbeat(store: Store, now: datetime) -> None:
    beat(store, now, timedelta(minutes=2))
    daemon = collect_health(store, now, stale_after=STALE, alive=alive).daemon
    assert daemon.running
    assert daemon.pid == 4242
    assert daemon.summary == "running (pid 4242), last heartbeat 2 min ago"


def test_a_live_process_without_heartbeats_is_stuck(store: Store, now: datetime) -> None:
    beat(store, now, timedelta(hours=3))
    daemon = collect_health(store, now, stale_after=STALE, alive=alive).daemon
    assert "stuck" in daemon.summary
    assert "kill 4242" in daemon.summary
    under = collect_health(store, now, stale_after=STALE, systemd="active", alive=alive).daemon
    assert "systemctl --user restart followup" in under.summary


def test_a_dead_pid_is_not_running(store: Store, now: datetime) -> None:
    beat(store, now, timedelta(minutes=1), pid=999)
    daemon = collect_health(store, now, stale_after=STALE, alive=alive).daemon
    assert not daemon.running
    assert "did not stop cleanly" in daemon.summary


def test_a_clean_stop_is_reported_as_such(store: Store, now: datetime) -> None:
    beat(store, now, timedelta(hours=3), pid=999)
    store.set_state(STOPPED_KEY, to_iso(now - timedelta(hours=2)), now - timedelta(hours=2))
    daemon = collect_health(store, now, stale_after=STALE, alive=alive).daemon
    assert daemon.summary.startswith("stopped 2 h ago")


def test_a_daemon_run_by_hand_counts_even_when_systemd_says_inactive(
    store: Store, now: datetime
) -> None:
    beat(store, now, timedelta(seconds=20))
    daemon = collect_health(store, now, stale_after=STALE, systemd="inactive", alive=alive).daemon
    assert daemon.running
    assert daemon.summary == "running (pid 4242), last heartbeat 20 s ago"


def test_systemd_word_counts_without_a_pid(store: Store, now: datetime) -> None:
    daemon = collect_health(store, now, stale_after=STALE, systemd="active", alive=alive).daemon
    assert daemon.running
    assert "under systemd" in daemon.summary
    timer = collect_health(store, now, stale_after=STALE, systemd="timer", alive=alive).daemon
    assert timer.running
    assert "followup-sync.timer" in timer.summary


@pytest.fixture
def busy(store: Store, now: datetime) -> Store:
    """A store after some work: two folders synced, messages, a review item, nudges, an error."""
    for folder, minutes in (("INBOX", 3), ("Sent", 4)):
        store.insert(
            "checkpoints",
            {
                "source": "work",
                "folder": folder,
                "uidvalidity": 7,
                "last_uid": 40 + minutes,
                "updated_at": to_iso(now - timedelta(minutes=minutes)),
            },
        )
    for n, (decision, review) in enumerate(
        [("matched", None), ("matched", None), ("unmatched", None), ("review", "open")]
    ):
        store.record_message(
            message_key=f"work/INBOX/7/{n}",
            source="work",
            folder="INBOX",
            decision=decision,
            review_state=review,
            subject="Your application",
            now=now,
        )
    app = store.add_application(company="Fjord\x1b[31mtech", role="Backend developer", now=now)
    later = store.add_application(company="Nordlys", role="SRE", now=now)
    for application, days in ((later, 3), (app, 1)):
        store.add_nudge(
            application_id=application.id,
            kind=NudgeKind.STATUS_CHECK,
            due=now + timedelta(days=days),
            reason="no answer in 7 working days",
            fingerprint=f"status:{application.id}",
            now=now,
        )
    store.set_state(LAST_ERROR_KEY, "work: cannot reach imap.example.com", now - timedelta(hours=5))
    return store


def test_syncs_messages_review_nudges_and_error(busy: Store, now: datetime) -> None:
    health = collect_health(busy, now, stale_after=STALE, alive=alive)
    assert [(s.account, s.folder, s.last_uid) for s in health.syncs] == [
        ("work", "INBOX", 43),
        ("work", "Sent", 44),
    ]
    assert health.processed == 4
    assert health.messages == {"matched": 2, "unmatched": 1, "review": 1}
    assert health.review_open == 1
    assert [n.company for n in health.next_nudges] == ["Fjord\x1b[31mtech", "Nordlys"]
    assert health.last_error == "work: cannot reach imap.example.com"
    assert health.last_error_at == (now - timedelta(hours=5)).astimezone(UTC)


def test_last_pass_time_wins_over_the_checkpoint(busy: Store, now: datetime) -> None:
    busy.set_state(sync_key("work", "Sent"), to_iso(now - timedelta(seconds=20)), now)
    syncs = collect_health(busy, now, stale_after=STALE, alive=alive).syncs
    assert [s.synced_at for s in syncs] == [
        now - timedelta(minutes=3),
        now - timedelta(seconds=20),
    ]


def test_text_report_is_terminal_safe(busy: Store, now: datetime) -> None:
    lines = format_health(collect_health(busy, now, stale_after=STALE, alive=alive), now)
    text = "\n".join(lines)
    assert "\x1b" not in text
    assert "last sync: work / INBOX: 2026-03-02 09:27 (3 min ago), up to UID 43" in lines
    assert "messages:  4 processed (2 matched, 1 review, 1 unmatched)" in lines
    assert "review:    1 waiting — see `followup review`" in lines
    assert (
        "nudge:     Tue 2026-03-03 09:30  status_check  Fjord[31mtech — Backend developer" in lines
    )
    assert "last error (5 h ago): work: cannot reach imap.example.com" in lines


def test_an_error_from_before_the_last_start_says_so(busy: Store, now: datetime) -> None:
    busy.set_state(STARTED_KEY, to_iso(now - timedelta(hours=1)), now)
    lines = format_health(collect_health(busy, now, stale_after=STALE, alive=alive), now)
    assert lines[-1] == (
        "last error (5 h ago) (before the last start): work: cannot reach imap.example.com"
    )


def test_json_report(busy: Store, now: datetime) -> None:
    data = health_to_json(collect_health(busy, now, stale_after=STALE, alive=alive))
    assert json.loads(json.dumps(data)) == data
    assert data["daemon"]["running"] is False
    assert data["processed"] == 4
    assert data["review_open"] == 1
    assert data["syncs"][0]["synced_at"] == to_iso(now - timedelta(minutes=3))
    assert data["next_nudges"][1]["company"] == "Nordlys"


@pytest.fixture
def followup_lookalike() -> Iterator[int]:
    """A real process whose command line says followup, as the daemon's would."""
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()", "followup", "run"],
        stdin=subprocess.PIPE,
    )
    yield proc.pid
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=10)


def test_cli_status_of_a_running_daemon(invoke, followup_lookalike: int) -> None:
    moment = datetime.now(UTC)
    with invoke.open_store() as opened:
        opened.set_state(PID_KEY, str(followup_lookalike), moment)
        opened.set_state(HEARTBEAT_KEY, to_iso(moment), moment)
    result = invoke.ok("status", env={"PATH": "/nonexistent"})  # no systemctl to ask
    assert f"daemon:    running (pid {followup_lookalike})" in result.output
    data = json.loads(invoke.ok("status", "--json", env={"PATH": "/nonexistent"}).output)
    assert data["daemon"]["pid"] == followup_lookalike


def test_cli_status_exits_3_when_not_running(invoke) -> None:
    result = invoke.fails("status", code=3, env={"PATH": "/nonexistent"})
    assert "never started" in result.output
