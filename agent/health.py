"""How the agent is doing, for `followup status`: daemon alive, syncs, queue, nudges, errors.

The daemon leaves its traces in the store's `state` table (all optional, read tolerantly):
`daemon.pid` (its process id), `daemon.started_at`, `daemon.heartbeat` (ISO time of the last
loop pass, written with each watchdog ping), `daemon.stopped_at` (clean exit) and
`daemon.last_error` (one line, never a secret or mail text; the row's time says when), and
`sync.last.ACCOUNT/FOLDER` (ISO time of the last successful pass over a folder; without it
the time the folder's checkpoint last moved is shown).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from agent.dates import from_iso, to_iso
from agent.escape import one_line

PID_KEY = "daemon.pid"
STARTED_KEY = "daemon.started_at"
HEARTBEAT_KEY = "daemon.heartbeat"
STOPPED_KEY = "daemon.stopped_at"
LAST_ERROR_KEY = "daemon.last_error"


def sync_key(account: str, folder: str) -> str:
    """The state key recording when `folder` of `account` was last synced."""
    return f"sync.last.{account}/{folder}"


class HealthSource(Protocol):
    """The store queries health needs (agent.store.Store provides them)."""

    def state_entry(self, key: str) -> tuple[str | None, str] | None: ...
    def sync_checkpoints(self) -> list[dict[str, Any]]: ...
    def message_counts(self) -> dict[str, int]: ...
    def open_review_count(self) -> int: ...
    def upcoming_nudges(self, limit: int = 5) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class DaemonState:
    running: bool
    summary: str
    pid: int | None = None
    started_at: datetime | None = None
    heartbeat: datetime | None = None
    systemd: str | None = None  # "active", "inactive", "timer" or None when not asked


@dataclass(frozen=True)
class FolderSync:
    account: str
    folder: str
    last_uid: int
    synced_at: datetime | None


@dataclass(frozen=True)
class UpcomingNudge:
    id: int
    kind: str
    due: datetime | None
    company: str
    role: str


@dataclass(frozen=True)
class Health:
    daemon: DaemonState
    syncs: list[FolderSync] = field(default_factory=list)
    messages: dict[str, int] = field(default_factory=dict)
    review_open: int = 0
    next_nudges: list[UpcomingNudge] = field(default_factory=list)
    last_error: str | None = None
    last_error_at: datetime | None = None

    @property
    def processed(self) -> int:
        return sum(self.messages.values())


def pid_alive(pid: int) -> bool:
    """True when `pid` is a live followup process (not a recycled pid of something else)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # someone else's process: not our daemon
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc to ask: trust the signal check
    return b"followup" in cmdline or b"agent" in cmdline


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = from_iso(value)
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # written without an offset: stored times are UTC
    return moment


def _ago(then: datetime, now: datetime) -> str:
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 90:
        return f"{seconds} s ago"
    if seconds < 90 * 60:
        return f"{seconds // 60} min ago"
    if seconds < 48 * 3600:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def daemon_state(
    source: HealthSource,
    now: datetime,
    *,
    stale_after: timedelta,
    systemd: str | None = None,
    alive: Callable[[int], bool] = pid_alive,
) -> DaemonState:
    """Decide whether the daemon runs, from systemd's word when there is one, else its traces.

    A live pid whose heartbeat is older than `stale_after` is reported as stuck.
    """

    def value(key: str) -> str | None:
        entry = source.state_entry(key)
        return entry[0] if entry else None

    pid_text = value(PID_KEY) or ""
    pid = int(pid_text) if pid_text.isdigit() else None
    started = _time(value(STARTED_KEY))
    beat = _time(value(HEARTBEAT_KEY))
    stopped = _time(value(STOPPED_KEY))
    seen = f"last heartbeat {_ago(beat, now)}" if beat else "no heartbeat recorded yet"

    def state(running: bool, summary: str) -> DaemonState:
        return DaemonState(running, summary, pid, started, beat, systemd)

    is_alive = pid is not None and alive(pid)
    fresh = beat is not None and now - beat <= stale_after
    if systemd == "active" or is_alive:
        where = "under systemd" if systemd == "active" else f"pid {pid}"
        if beat is not None and not fresh and (started is None or beat >= started):
            return state(
                True,
                f"running ({where}) but stuck: {seen}; restart it: "
                + (
                    "systemctl --user restart followup"
                    if systemd == "active"
                    else f"kill {pid}, then start it again"
                ),
            )
        return state(True, f"running ({where}), {seen}")
    if systemd == "timer":
        return state(True, "periodic sync via followup-sync.timer")
    if stopped is not None and (beat is None or stopped >= beat):
        how = f"stopped {_ago(stopped, now)}"
    elif beat is not None:
        how = f"not running ({seen}, it did not stop cleanly)"
    else:
        how = "never started"
    return state(
        False,
        f"{how}; start it: followup service install (or `followup run` in a terminal)",
    )


def collect_health(
    source: HealthSource,
    now: datetime,
    *,
    stale_after: timedelta,
    systemd: str | None = None,
    alive: Callable[[int], bool] = pid_alive,
    nudges: int = 5,
) -> Health:
    """Gather everything `followup status` shows; absent traces are simply left out."""
    syncs = [
        FolderSync(
            account=str(row["source"]),
            folder=str(row["folder"]),
            last_uid=int(row["last_uid"] or 0),
            synced_at=_time(row["updated_at"]),
        )
        for row in source.sync_checkpoints()
    ]
    upcoming = [
        UpcomingNudge(
            id=int(row["id"]),
            kind=str(row["kind"]),
            due=_time(row["due"]),
            company=str(row["company"]),
            role=str(row["role"]),
        )
        for row in source.upcoming_nudges(nudges)
    ]
    error = source.state_entry(LAST_ERROR_KEY)
    return Health(
        daemon=daemon_state(source, now, stale_after=stale_after, systemd=systemd, alive=alive),
        syncs=syncs,
        messages=source.message_counts(),
        review_open=source.open_review_count(),
        next_nudges=upcoming,
        last_error=error[0] if error and error[0] else None,
        last_error_at=_time(error[1]) if error and error[0] else None,
    )


def health_to_json(health: Health) -> dict[str, Any]:
    """The health report as plain JSON values (times as ISO 8601)."""

    def convert(value: Any) -> Any:
        if isinstance(value, datetime):
            return to_iso(value)
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    data: dict[str, Any] = convert(asdict(health))
    data["processed"] = health.processed
    return data


def format_health(health: Health, now: datetime) -> list[str]:
    """The health report as lines for a terminal, every stored text made terminal-safe."""
    tz = now.tzinfo
    lines = [f"daemon:    {health.daemon.summary}"]
    if not health.syncs:
        lines.append("last sync: never (no folder synced yet)")
    for sync in health.syncs:
        when = (
            f"{sync.synced_at.astimezone(tz):%Y-%m-%d %H:%M} ({_ago(sync.synced_at, now)})"
            if sync.synced_at
            else "never"
        )
        lines.append(
            f"last sync: {one_line(sync.account)} / {one_line(sync.folder)}: {when}, "
            f"up to UID {sync.last_uid}"
        )
    counts = ", ".join(f"{n} {decision}" for decision, n in sorted(health.messages.items()))
    lines.append(f"messages:  {health.processed} processed" + (f" ({counts})" if counts else ""))
    review = health.review_open
    lines.append(f"review:    {review} waiting" + (" — see `followup review`" if review else ""))
    if not health.next_nudges:
        lines.append("nudges:    none scheduled")
    for nudge in health.next_nudges:
        when = f"{nudge.due.astimezone(tz):%a %Y-%m-%d %H:%M}" if nudge.due else "unscheduled"
        lines.append(
            f"nudge:     {when}  {nudge.kind}  {one_line(nudge.company)} — {one_line(nudge.role)}"
        )
    if health.last_error:
        at = f" ({_ago(health.last_error_at, now)})" if health.last_error_at else ""
        started = health.daemon.started_at
        if health.last_error_at and started and health.last_error_at < started:
            at += " (before the last start)"
        lines.append(f"last error{at}: {one_line(health.last_error)}")
    else:
        lines.append("last error: none")
    return lines
