"""`followup run`: watch every account, sync on each wake-up, and run the periodic jobs.

Threads only wait; the main thread does all the work. One watcher thread per (account, folder)
sits in IMAP IDLE and puts "this folder changed" on a queue; APScheduler (only here, in-memory
job store) puts "poll" and "tick" on the same queue. The main thread owns the database and one
kept IMAP connection per account, syncs what the queue names, and calls `on_tick` for nudges.
IDLE is only a hint: every poll, reconnect and wake-up searches above the checkpoint, so mail
that arrived while anything was down is picked up.
"""

from __future__ import annotations

import logging
import os
import queue
import random
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import FrameType
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from agent import health, sdnotify
from agent.config import AccountConfig, Config
from agent.credentials import SecretCache
from agent.dates import to_iso, zone
from agent.errors import AuthError, CredentialError, FollowupError, MailboxError
from agent.imap_source import ImapSession
from agent.store import Store
from agent.sync import MailSync, Stopped, SyncSummary

log = logging.getLogger(__name__)

#: Reconnect delays grow from BACKOFF_BASE seconds, doubling, up to BACKOFF_CAP.
BACKOFF_BASE = 1.0
BACKOFF_CAP = 120.0
#: How often the nudge hook runs.
TICK_SECONDS = 60
#: How far the Snooze button on a desktop notification puts a nudge off.
SNOOZE_BY = timedelta(days=1)
#: How long a stop may take before the process exits regardless (systemd waits 90 s; we
#: promise 5). Everything committed is safe: SQLite rolls back what was not.
STOP_DEADLINE = 4.5
#: How often the heartbeat in the store is refreshed (read by `followup status`).
HEARTBEAT_SECONDS = 30.0


def backoff_delay(failures: int, rng: random.Random | None = None) -> float:
    """Seconds to wait before attempt number `failures + 1`: capped exponential, with jitter so
    many clients do not come back at the same instant."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2.0 ** max(failures - 1, 0))
    jitter: float = (rng or random.Random()).uniform(0.5, 1.0)
    return ceiling * jitter


# -- what goes through the queue ---------------------------------------------------------------


@dataclass(frozen=True)
class FolderChanged:
    account: str
    folder: str


@dataclass(frozen=True)
class JobDue:
    name: str


@dataclass(frozen=True)
class NudgeAction:
    """A button pressed on a desktop notification (`done` or `snooze`)."""

    nudge_id: int
    action: str


STOP = object()


@dataclass(frozen=True)
class PeriodicJob:
    """A job the scheduler wakes the main loop for: `run(now)` is called on the main thread."""

    name: str
    seconds: int
    run: Callable[[datetime], None]


class Outages:
    """One log line when an account becomes unreachable and one when it is back, however many
    connections (watchers, the sync) notice and however many attempts it takes."""

    def __init__(self) -> None:
        self._since: dict[str, float] = {}
        self._lock = threading.Lock()

    def failed(self, account: str, err: Exception) -> None:
        with self._lock:
            if account in self._since:
                log.debug("%s: still unreachable: %s", account, err)
                return
            self._since[account] = time.monotonic()
        # Our errors already start with the account's name.
        if isinstance(err, AuthError | CredentialError):
            log.error("%s (retrying in the background)", err)
        else:
            log.warning("%s (reconnecting in the background)", err)

    def recovered(self, account: str) -> None:
        with self._lock:
            started = self._since.pop(account, None)
        if started is not None:
            log.warning("%s: connected again after %.0f s", account, time.monotonic() - started)

    def down(self, account: str) -> bool:
        with self._lock:
            return account in self._since


class Watcher(threading.Thread):
    """Waits in IDLE on one folder and reports changes; reconnects with backoff forever."""

    def __init__(
        self,
        account: AccountConfig,
        folder: str,
        *,
        secrets: SecretCache,
        events: queue.Queue[object],
        stop: threading.Event,
        outages: Outages,
        renew: float,
    ) -> None:
        super().__init__(name=f"watch {account.name}/{folder}", daemon=True)
        self.account = account
        self.folder = folder
        self.secrets = secrets
        self.events = events
        self.stop = stop
        self.outages = outages
        self.renew = renew
        self.session: ImapSession | None = None

    def run(self) -> None:
        failures = 0
        while not self.stop.is_set():
            try:
                if self._watch():
                    return  # no IDLE on this server: the poll covers the folder
                failures = 0
            except AuthError as err:
                self.secrets.forget(self.account)
                self.outages.failed(self.account.name, err)
            except (MailboxError, CredentialError) as err:
                self.outages.failed(self.account.name, err)
            except Exception:  # a bug must not end the watching for good
                log.exception("%s/%s: watcher failed", self.account.name, self.folder)
            finally:
                session, self.session = self.session, None
                if session is not None:
                    session.abort()
            failures += 1
            self.stop.wait(backoff_delay(failures))

    def _watch(self) -> bool:
        """Connect, catch up, then IDLE until the connection fails or we stop. True: no IDLE."""
        self.session = ImapSession.open(self.account, self.secrets.get(self.account))
        if not self.session.has_idle:
            log.info(
                "%s: the server does not offer IDLE; checking for mail every poll_interval",
                self.account.name,
            )
            return True
        self.session.select(self.folder)
        self.outages.recovered(self.account.name)
        # Whatever arrived while we were not watching: the main loop searches above the
        # checkpoint, so one event covers any number of messages.
        self.events.put(FolderChanged(self.account.name, self.folder))
        log.info("%s/%s: waiting for new mail (IDLE)", self.account.name, self.folder)
        while not self.stop.is_set():
            if self.session.wait_for_mail(self.stop, self.renew):
                self.events.put(FolderChanged(self.account.name, self.folder))
        return False


@dataclass
class Daemon:
    """The long-running agent. `run()` blocks until SIGTERM/SIGINT and returns the exit code."""

    config: Config
    store: Store
    clock: Callable[[], datetime]
    secrets: SecretCache = field(default_factory=SecretCache)
    notify: Callable[[str], bool] = sdnotify.notify
    jobs: list[PeriodicJob] = field(default_factory=list)
    events: queue.Queue[object] = field(default_factory=queue.Queue)
    stop_event: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.outages = Outages()
        self.mail = MailSync(
            self.config,
            self.store,
            secrets=self.secrets,
            should_stop=self.stop_event.is_set,
        )
        self.watchers: dict[tuple[str, str], Watcher] = {}
        self._failures: dict[str, int] = {}
        self._retry_at: dict[str, float] = {}
        self._channels: list[Any] | None = None
        self._last_heartbeat = 0.0
        self._last_watchdog = 0.0
        self._watchdog = sdnotify.watchdog_interval()
        self._stop_timer: threading.Timer | None = None
        if not self.jobs:
            self.jobs = [PeriodicJob("tick", TICK_SECONDS, self.on_tick)]

    # -- hooks ---------------------------------------------------------------------------------

    def on_tick(self, now: datetime) -> None:
        """Periodic work besides mail: plan nudges from the store, deliver the due ones, and the
        daily digest. Runs on the main thread every TICK_SECONDS and after mail changed
        something."""
        from agent import nudges
        from agent.nudge.channels import build_channels

        if self._channels is None:
            # The desktop channel calls back on its own thread: only queue the press here,
            # the main loop (which owns the store) acts on it.
            self._channels = build_channels(
                self.config.nudges,
                on_action=lambda nudge_id, action: self.events.put(NudgeAction(nudge_id, action)),
            )
        nudges.run_nudges(self.store, self._channels, self.config, now)

    def on_nudge_action(self, event: NudgeAction, now: datetime) -> None:
        """Done marks the nudge done; Snooze puts it off by a day. Closing the popup does
        nothing: the nudge stays in `followup nudges`."""
        from agent import nudges

        if event.action == "done":
            nudges.mark_done(self.store, event.nudge_id, now)
        elif event.action == "snooze":
            nudges.snooze(self.store, self.config, event.nudge_id, now + SNOOZE_BY, now)
        else:
            return
        log.info("nudge %s: %s from the desktop notification", event.nudge_id, event.action)

    def on_ready(self) -> None:
        """After the first sync: tell systemd (Type=notify) that the service is up."""
        self.notify("READY=1")
        self.notify("STATUS=watching mail")

    def on_heartbeat(self, now: datetime) -> None:
        """Each loop pass: WATCHDOG=1 for systemd, and a heartbeat in the store for `status`."""
        clock = time.monotonic()
        if self._watchdog is not None and clock - self._last_watchdog >= self._watchdog:
            self.notify("WATCHDOG=1")
            self._last_watchdog = clock
        if clock - self._last_heartbeat >= HEARTBEAT_SECONDS:
            self.store.set_state(health.HEARTBEAT_KEY, to_iso(now), now)
            self._last_heartbeat = clock

    # -- running -------------------------------------------------------------------------------

    def request_stop(self, *, deadline: bool = False) -> None:
        """Ask the loop to finish (safe from a signal handler or another thread). With
        `deadline`, the process exits after STOP_DEADLINE seconds even if something hangs."""
        if self.stop_event.is_set():
            return
        self.stop_event.set()
        self.events.put(STOP)
        if deadline:
            self._stop_timer = threading.Timer(STOP_DEADLINE, self._hard_exit)
            self._stop_timer.daemon = True
            self._stop_timer.start()

    def _hard_exit(self) -> None:
        log.warning(
            "stopping took longer than %.1f s; exiting now (nothing is lost)", STOP_DEADLINE
        )
        logging.shutdown()
        os._exit(0)

    def run(self) -> int:
        previous = self._install_signals()
        scheduler = self._scheduler()
        started = self.clock()
        self.store.set_state(health.PID_KEY, str(os.getpid()), started)
        self.store.set_state(health.STARTED_KEY, to_iso(started), started)
        if not self.config.accounts and not self.config.sources:
            log.warning("no accounts or sources in the config: only nudges will run")
        try:
            self._sync_everything()
            self._tick(self.clock())
            self.on_ready()
            scheduler.start()
            self._loop()
        finally:
            self.stop_event.set()
            if scheduler.running:
                scheduler.shutdown(wait=False)
            self.notify("STOPPING=1")
            self.mail.close()
            for watcher in self.watchers.values():
                if watcher.session is not None:
                    watcher.session.abort()
            deadline = time.monotonic() + 2.0
            for watcher in self.watchers.values():
                watcher.join(max(0.0, deadline - time.monotonic()))
            if self._channels:
                from agent.nudge.channels import close_channels

                close_channels(self._channels)
            now = self.clock()
            self.store.set_state(health.STOPPED_KEY, to_iso(now), now)
            self._restore_signals(previous)
            if self._stop_timer is not None:
                self._stop_timer.cancel()
        log.info("stopped")
        return 0

    def _install_signals(self) -> dict[int, Any]:
        previous: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.signal(sig, self._on_signal)
        return previous

    def _restore_signals(self, previous: dict[int, Any]) -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        log.info("%s received: stopping", signal.Signals(signum).name)
        self.request_stop(deadline=True)

    def _scheduler(self) -> BackgroundScheduler:
        """The in-memory scheduler: it only puts wake-ups on the queue and holds no state."""
        if not log.isEnabledFor(logging.DEBUG):
            # Their INFO lines ("Running job", "Connection closed") say nothing to a user.
            for noisy in ("apscheduler", "imapclient"):
                logging.getLogger(noisy).setLevel(logging.WARNING)
        scheduler = BackgroundScheduler(
            timezone=zone(self.config.timezone),
            job_defaults={"coalesce": True, "misfire_grace_time": 24 * 3600, "max_instances": 1},
        )
        scheduler.add_job(
            self.events.put,
            "interval",
            seconds=self.config.sync.poll_interval,
            args=[JobDue("poll")],
            id="poll",
            replace_existing=True,
        )
        for job in self.jobs:
            scheduler.add_job(
                self.events.put,
                "interval",
                seconds=job.seconds,
                args=[JobDue(job.name)],
                id=job.name,
                replace_existing=True,
            )
        return scheduler

    def _loop(self) -> None:
        while not self.stop_event.is_set():
            try:
                first = self.events.get(timeout=self._wait_seconds())
            except queue.Empty:
                first = None
            batch = [first] if first is not None else []
            while True:
                try:
                    batch.append(self.events.get_nowait())
                except queue.Empty:
                    break
            if STOP in batch or self.stop_event.is_set():
                return
            self._handle(batch)

    def _wait_seconds(self) -> float:
        waits = [1.0]
        clock = time.monotonic()
        waits.extend(max(0.0, at - clock) for at in self._retry_at.values())
        return min(waits)

    def _handle(self, batch: Sequence[object]) -> None:
        now = self.clock()
        self.on_heartbeat(now)
        changed: dict[str, set[str]] = {}
        jobs = set()
        for event in batch:
            if isinstance(event, FolderChanged):
                changed.setdefault(event.account, set()).add(event.folder)
            elif isinstance(event, JobDue):
                jobs.add(event.name)
            elif isinstance(event, NudgeAction):
                try:
                    self.on_nudge_action(event, now)
                except FollowupError as err:  # e.g. already done from the command line
                    log.info("nudge %s: %s", event.nudge_id, err)
        clock = time.monotonic()
        due = [name for name, at in self._retry_at.items() if at <= clock]
        touched = False
        if "poll" in jobs:
            touched |= self._sync_everything()
        else:
            for name in set(due) | set(changed):
                account = self._account(name)
                if account is None:
                    continue
                folders = None if name in due else changed[name]
                touched |= self._sync_account(account, folders)
        ticked = False
        for job in self.jobs:
            if job.name in jobs or (touched and job.name == "tick"):
                self._run_job(job, self.clock())
                ticked = True
        if touched and not ticked:
            self._tick(self.clock())

    def _account(self, name: str) -> AccountConfig | None:
        return next((a for a in self.config.accounts if a.name == name), None)

    def _run_job(self, job: PeriodicJob, now: datetime) -> None:
        try:
            job.run(now)
        except FollowupError as err:
            log.warning("%s: %s", job.name, err)
            self._last_error(f"{job.name}: {err}", now)
        except Exception:
            log.exception("%s failed; it runs again at the next tick", job.name)

    def _tick(self, now: datetime) -> None:
        for job in self.jobs:
            if job.name == "tick":
                self._run_job(job, now)

    def _sync_everything(self) -> bool:
        touched = False
        for account in self.config.accounts:
            touched |= self._sync_account(account, None)
        for source in self.config.sources:
            if self.stop_event.is_set():
                break
            try:
                summary = self.mail.sync_local(source, self.clock())
            except Stopped:
                break
            except MailboxError as err:
                self.outages.failed(source.name, err)
                continue
            except Exception:  # as for accounts: log, and the next poll tries again
                log.exception("%s: sync failed; trying again at the next poll", source.name)
                continue
            self.outages.recovered(source.name)
            touched |= self._report(source.name, summary)
        return touched

    def _sync_account(self, account: AccountConfig, folders: set[str] | None) -> bool:
        """Sync one account (all its folders, or the named ones); True when mail was recorded."""
        if self.stop_event.is_set():
            return False
        now = self.clock()
        try:
            summary = self.mail.sync_account(account, now, folders)
        except Stopped:
            return False
        except (MailboxError, CredentialError) as err:
            self._retry_later(account.name)
            self.outages.failed(account.name, err)
            self._last_error(str(err), now)
            return False
        except Exception as err:  # a bug or a database failure: keep the daemon alive, retry
            log.exception("%s: sync failed; retrying later", account.name)
            self.mail.drop(account)
            self._retry_later(account.name)
            self._last_error(f"{account.name}: sync failed: {type(err).__name__}", now)
            return False
        self._failures.pop(account.name, None)
        self._retry_at.pop(account.name, None)
        self.outages.recovered(account.name)
        for error in summary.errors:
            log.warning("%s", error)
        self._ensure_watchers(account)
        return self._report(account.name, summary)

    def _retry_later(self, name: str) -> None:
        failures = self._failures.get(name, 0) + 1
        self._failures[name] = failures
        self._retry_at[name] = time.monotonic() + backoff_delay(failures)

    def _report(self, name: str, summary: SyncSummary) -> bool:
        if summary.seen:
            log.info("%s: %s", name, summary.line())
        return summary.relevant > 0

    def _ensure_watchers(self, account: AccountConfig) -> None:
        """Start an IDLE watcher for each of the account's folders, once."""
        if not self.config.sync.idle or self.stop_event.is_set():
            return
        if any(key[0] == account.name for key in self.watchers):
            return
        try:
            folders = self.mail.watched(account)
        except MailboxError as err:
            log.debug("%s: cannot list folders to watch yet: %s", account.name, err)
            return
        for folder, _outbound in folders:
            watcher = Watcher(
                account,
                folder,
                secrets=self.secrets,
                events=self.events,
                stop=self.stop_event,
                outages=self.outages,
                renew=float(self.config.sync.idle_renew),
            )
            self.watchers[(account.name, folder)] = watcher
            watcher.start()

    def _last_error(self, text: str, now: datetime) -> None:
        try:
            self.store.set_state(health.LAST_ERROR_KEY, text.splitlines()[0][:300], now)
        except FollowupError as err:
            log.debug("cannot record the last error: %s", err)
