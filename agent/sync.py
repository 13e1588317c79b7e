"""One pass over the mail: every IMAP account's watched folders and every local source.

For each folder: read the checkpoint, look at the headers of what is new, fetch in full only
what the triage says may matter, hand those to the pipeline, and advance the checkpoint in the
same transaction as the messages' effects. A crash at any point therefore loses nothing and
repeats nothing; a UIDVALIDITY change reads the folder again, and messages already recorded come
back as duplicates (by Message-ID, or a hash of the bytes) and change nothing.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from agent import pipeline
from agent.config import AccountConfig, Config, LocalSourceConfig
from agent.credentials import SecretCache
from agent.errors import (
    AuthError,
    CredentialError,
    MailboxError,
    ParseError,
    StoreError,
    UsageError,
)
from agent.escape import one_line
from agent.imap_source import FolderState, HeaderData, ImapSession
from agent.local_source import LocalFolder, LocalItem, folders_of
from agent.models import Application, RawMessage
from agent.parse import parse_headers
from agent.pipeline import Decision
from agent.store import Store
from agent.triage import Known, Verdict, triage

log = logging.getLogger(__name__)

#: Days of mail before the earliest active application that are still read on a first sync.
BACKFILL_MARGIN_DAYS = 14
#: Upper bounds for one fetch-and-commit unit of full messages.
UNIT_MAX_MESSAGES = 50
UNIT_MAX_BYTES = 20 * 1024 * 1024

#: The source name recorded for messages imported with `followup ingest`.
INGEST_SOURCE = "ingest"
#: progress(label, done, total) after every committed unit.
Progress = Callable[[str, int, int], None]

T = TypeVar("T")


@dataclass
class SyncSummary:
    """What one pass did. `matched` includes `updated` (an update is a match that changed the
    status); `relevant` counts messages the triage sent to the pipeline."""

    seen: int = 0
    relevant: int = 0
    matched: int = 0
    updated: int = 0
    review: int = 0
    failed: int = 0
    duplicate: int = 0
    folders: int = 0
    errors: list[str] = field(default_factory=list)

    def count(self, decision: Decision) -> None:
        if decision in (Decision.MATCHED, Decision.UPDATED):
            self.matched += 1
        if decision is Decision.UPDATED:
            self.updated += 1
        elif decision is Decision.REVIEW:
            self.review += 1
        elif decision is Decision.FAILED:
            self.failed += 1
        elif decision is Decision.DUPLICATE:
            self.duplicate += 1

    def add(self, other: SyncSummary) -> None:
        for name in ("seen", "relevant", "matched", "updated", "review", "failed", "duplicate"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.folders += other.folders
        self.errors.extend(other.errors)

    def line(self) -> str:
        text = (
            f"{self.seen} seen, {self.relevant} relevant, {self.matched} matched, "
            f"{self.updated} updated, {self.review} to review, {self.failed} failed"
        )
        if self.duplicate:
            text += f", {self.duplicate} already known"
        if self.errors:
            text += f"; {len(self.errors)} error(s)"
        return text


def backfill_horizon(config: Config, applications: Iterable[Application], today: date) -> date:
    """How far back a first sync reads: `sync.since`, else the earliest `applied_on` of an active
    application (today when there is none) minus 14 days."""
    if config.sync.since is not None:
        return config.sync.since
    dates = [a.applied_on for a in applications if a.is_active and a.applied_on]
    return (min(dates) if dates else today) - timedelta(days=BACKFILL_MARGIN_DAYS)


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Pass:
    """Everything one pass needs besides the mail itself."""

    store: Store
    config: Config
    now: datetime
    dry_run: bool = False
    progress: Progress | None = None
    should_stop: Callable[[], bool] = lambda: False
    known: Known = field(default_factory=Known)
    horizon: date | None = None

    def refresh(self) -> None:
        """Re-read what the triage knows (new applications, messages linked meanwhile)."""
        applications = self.store.applications()
        self.known = Known.from_applications(applications, self.store.linked_message_ids())
        if self.horizon is None:
            self.horizon = backfill_horizon(self.config, applications, self.now.date())

    @property
    def since(self) -> date:
        if self.horizon is None:
            self.refresh()
        assert self.horizon is not None
        return self.horizon


class Stopped(Exception):
    """The pass was asked to stop between two units; everything committed so far stands."""


def look(header: bytes, known: Known, outbound: bool) -> Verdict:
    """Triage one header block; headers that cannot be read are fetched anyway, so the pipeline
    records them with the reason."""
    try:
        message = parse_headers(header)
    except ParseError as err:
        return Verdict(True, f"unreadable headers ({err})")
    return triage(message, known, outbound=outbound)


def handle_one(raw: RawMessage, run: Pass, summary: SyncSummary) -> None:
    """Run one message through the pipeline inside a savepoint; never let it stop the loop.

    The caller holds the outer transaction with the checkpoint. An error in matching or
    applying rolls back only this message's writes, and the message is recorded as failed.
    """
    summary.relevant += 1
    settings = run.config.matching
    try:
        with run.store.transaction():
            outcome = pipeline.handle(raw, run.store, settings, run.now, dry_run=run.dry_run)
    except Exception as err:
        if _is_store_failure(err):
            raise
        log.exception(
            "%s/%s uid=%s path=%s: failed; recorded and skipped",
            raw.source,
            raw.folder,
            raw.uid,
            raw.path,
        )
        if not run.dry_run:
            record_failure(raw, run, f"{type(err).__name__}: {err}")
        summary.count(Decision.FAILED)
        return
    summary.count(outcome.decision)


def record_failure(raw: RawMessage, run: Pass, error: str) -> None:
    """Record a message the pipeline could not handle, with the reason, so it is not retried
    forever and shows up in `followup status`; keyed by its bytes like an unparseable one."""
    run.store.record_message(
        message_key=pipeline.message_key(raw.data, None),
        source=raw.source,
        folder=raw.folder,
        decision=str(Decision.FAILED),
        now=run.now,
        uidvalidity=raw.uidvalidity,
        uid=raw.uid,
        path=raw.path,
        outbound=raw.outbound,
        error=error[:500],
    )


def _is_store_failure(err: BaseException) -> bool:
    """Database trouble is not one message's fault: stop the pass and keep the checkpoint."""
    return isinstance(err, StoreError | sqlite3.DatabaseError)


# -- IMAP ------------------------------------------------------------------------------------


def sync_imap_folder(
    session: ImapSession, account: AccountConfig, folder: str, outbound: bool, run: Pass
) -> SyncSummary:
    """Read what is new in one folder; see the module docstring for the guarantees.

    A checkpoint without a horizon is a first sync (or one interrupted, or a rescan after a
    UIDVALIDITY change): it reads back to the horizon with SEARCH SINCE and, once complete,
    moves the checkpoint to the folder's last UID and records the horizon. Later passes read
    every UID above the checkpoint, and back-fill when the horizon moved earlier.
    """
    summary = SyncSummary(folders=1)
    state = session.select(folder)
    store = run.store
    checkpoint = store.checkpoint(account.name, folder)
    if checkpoint is not None and checkpoint.uidvalidity != state.uidvalidity:
        log.warning(
            "%s/%s: UIDVALIDITY changed from %s to %s (the folder was recreated or the server "
            "renumbered it); reading it again, messages already recorded are not counted twice",
            account.name,
            folder,
            checkpoint.uidvalidity,
            state.uidvalidity,
        )
        checkpoint = None
        if not run.dry_run:
            store.save_checkpoint(
                account.name, folder, now=run.now, uidvalidity=state.uidvalidity, last_uid=0
            )
    since = run.since
    label = f"{account.name}/{folder}"
    read = _Reader(session, account, folder, outbound, state, run, summary, label)
    if checkpoint is None or checkpoint.horizon is None:
        after = checkpoint.last_uid if checkpoint else 0
        uids = session.search(after_uid=after, since=since)
        read(uids, keep_uid=None, horizon=None)
        if not run.dry_run:
            floor = (state.uidnext - 1) if state.uidnext else 0
            store.save_checkpoint(
                account.name,
                folder,
                now=run.now,
                uidvalidity=state.uidvalidity,
                last_uid=max(floor, _current_uid(store, account, folder)),
                horizon=since,
            )
        return summary
    last_uid, horizon = checkpoint.last_uid, checkpoint.horizon
    read(session.search(after_uid=last_uid), keep_uid=None, horizon=horizon)
    if since < horizon:
        # An application added since the first sync reaches further back: read that stretch.
        old = session.search(since=since, before=horizon, upto_uid=last_uid)
        log.info("%s: reading %d older message(s) back to %s", label, len(old), since)
        read(old, keep_uid=_current_uid(store, account, folder), horizon=horizon)
        if not run.dry_run:
            store.save_checkpoint(
                account.name,
                folder,
                now=run.now,
                uidvalidity=state.uidvalidity,
                last_uid=_current_uid(store, account, folder),
                horizon=since,
            )
    return summary


def _current_uid(store: Store, account: AccountConfig, folder: str) -> int:
    checkpoint = store.checkpoint(account.name, folder)
    return checkpoint.last_uid if checkpoint else 0


def _units(
    uids: Sequence[int], headers: dict[int, HeaderData], wanted: set[int]
) -> Iterator[list[int]]:
    """Split a batch into commit units whose full messages stay within the size bounds."""
    unit: list[int] = []
    count = size = 0
    for uid in uids:
        unit.append(uid)
        if uid in wanted:
            count += 1
            size += headers[uid].size or 0
            if count >= UNIT_MAX_MESSAGES or size >= UNIT_MAX_BYTES:
                yield unit
                unit, count, size = [], 0, 0
    if unit:
        yield unit


@dataclass
class _Reader:
    """Reads a list of UIDs of one selected folder: headers first, bodies for the relevant,
    committing unit by unit together with the checkpoint."""

    session: ImapSession
    account: AccountConfig
    folder: str
    outbound: bool
    state: FolderState
    run: Pass
    summary: SyncSummary
    label: str

    def __call__(self, uids: Sequence[int], *, keep_uid: int | None, horizon: date | None) -> None:
        """`keep_uid` None: new mail, the checkpoint moves to each unit's last UID. For a
        back-fill below the checkpoint it is the UID the checkpoint stays at."""
        run, store = self.run, self.run.store
        done = 0
        for batch in chunks(uids, run.config.sync.batch_size):
            if run.should_stop():
                raise Stopped
            run.refresh()
            headers = self.session.fetch_headers(batch)
            verdicts = {u: look(h.header, run.known, self.outbound) for u, h in headers.items()}
            wanted = {u for u, v in verdicts.items() if v.relevant}
            for unit in _units(batch, headers, wanted):
                if run.should_stop():
                    raise Stopped
                bodies = self.session.fetch_bodies([u for u in unit if u in wanted])
                with store.transaction():
                    for uid in unit:
                        if uid in headers:  # else expunged between SEARCH and FETCH
                            self._one(uid, verdicts[uid], bodies.get(uid))
                    if not run.dry_run:
                        store.save_checkpoint(
                            self.account.name,
                            self.folder,
                            now=run.now,
                            uidvalidity=self.state.uidvalidity,
                            last_uid=unit[-1] if keep_uid is None else keep_uid,
                            horizon=horizon,
                        )
                done += len(unit)
                if run.progress is not None:
                    run.progress(self.label, done, len(uids))

    def _one(self, uid: int, verdict: Verdict, data: bytes | None) -> None:
        self.summary.seen += 1
        if not verdict.relevant:
            return
        if data is None:
            log.info("%s uid=%s: gone before it could be read; skipped", self.label, uid)
            return
        log.debug("%s uid=%s: %s", self.label, uid, verdict.reason)
        raw = RawMessage(
            source=self.account.name,
            folder=self.folder,
            data=data,
            uid=uid,
            uidvalidity=self.state.uidvalidity,
            outbound=self.outbound,
        )
        handle_one(raw, self.run, self.summary)


# -- local sources ---------------------------------------------------------------------------


def sync_local_folder(
    source: str,
    folder: LocalFolder,
    run: Pass,
    *,
    checkpointed: bool = True,
    everything: bool = False,
) -> SyncSummary:
    """Read the new messages of one local folder. `checkpointed=False` (a one-off `ingest`)
    neither skips nor remembers what was read; `everything` skips the triage."""
    summary = SyncSummary(folders=1)
    store = run.store
    fingerprint = folder.fingerprint(run.now) if checkpointed else None
    checkpoint = store.checkpoint(source, folder.name) if checkpointed else None
    if checkpoint is not None and fingerprint is not None and checkpoint.fingerprint == fingerprint:
        return summary
    seen = store.seen_items(source, folder.name) if checkpointed else set()
    items = [i for i in folder.items() if i.key not in seen]
    label = f"{source}/{folder.name}"
    since = run.since if checkpointed else None
    done = 0
    for batch in chunks(items, run.config.sync.batch_size):
        if run.should_stop():
            raise Stopped
        run.refresh()
        marked: list[str] = []
        with store.transaction():
            for item in batch:
                if _read_local(item, source, folder, run, summary, since, everything):
                    marked.append(item.key)
            if checkpointed and not run.dry_run:
                store.mark_items(source, folder.name, marked, run.now)
        done += len(batch)
        if run.progress is not None:
            run.progress(label, done, len(items))
    if checkpointed and not run.dry_run:
        store.save_checkpoint(source, folder.name, now=run.now, fingerprint=fingerprint)
    return summary


def _read_local(
    item: LocalItem,
    source: str,
    folder: LocalFolder,
    run: Pass,
    summary: SyncSummary,
    since: date | None,
    everything: bool,
) -> bool:
    """Look at one local message; False when it vanished and should be looked at again later."""
    try:
        header = item.headers()
    except FileNotFoundError:
        log.info("%s/%s: %s vanished before it could be read", source, folder.name, item.path)
        return False
    except OSError as err:
        log.warning("%s/%s: cannot read %s: %s; skipped", source, folder.name, item.path, err)
        return True
    summary.seen += 1
    if not everything and not _wanted_local(header, run.known, folder.outbound, since):
        return True
    try:
        data = item.data()
    except FileNotFoundError:
        return False
    except OSError as err:
        log.warning("%s/%s: cannot read %s: %s; skipped", source, folder.name, item.path, err)
        return True
    raw = RawMessage(
        source=source,
        folder=folder.name,
        data=data,
        path=str(item.path),
        outbound=folder.outbound,
    )
    handle_one(raw, run, summary)
    return True


def _wanted_local(header: bytes, known: Known, outbound: bool, since: date | None) -> bool:
    """Triage a local message; one dated before the backfill horizon is skipped (undated ones
    are not)."""
    try:
        message = parse_headers(header)
    except ParseError:
        return True
    if since is not None and message.date is not None and message.date.date() < since:
        return False
    return triage(message, known, outbound=outbound).relevant


def sync_local_source(source: LocalSourceConfig, run: Pass) -> SyncSummary:
    summary = SyncSummary()
    for folder in folders_of(source):
        summary.add(sync_local_folder(source.name, folder, run))
    return summary


# -- a whole pass ----------------------------------------------------------------------------


def ingest(
    folders: Sequence[LocalFolder],
    store: Store,
    config: Config,
    now: datetime,
    *,
    everything: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> SyncSummary:
    """A one-off import through the same pipeline: nothing is checkpointed, and a message
    already recorded (same Message-ID or bytes) is a duplicate, so importing twice is safe."""
    run = Pass(store, config, now, dry_run=dry_run, progress=progress)
    run.refresh()
    summary = SyncSummary()
    for folder in folders:
        summary.add(
            sync_local_folder(INGEST_SOURCE, folder, run, checkpointed=False, everything=everything)
        )
    return summary


class MailSync:
    """Runs passes and keeps one IMAP connection per account between them (for the daemon)."""

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        secrets: SecretCache | None = None,
        dry_run: bool = False,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        self.config = config
        self.store = store
        self.secrets = secrets or SecretCache()
        self.dry_run = dry_run
        self.progress = progress
        self.should_stop = should_stop
        self._sessions: dict[str, ImapSession] = {}

    def _pass(self, now: datetime) -> Pass:
        run = Pass(
            self.store,
            self.config,
            now,
            dry_run=self.dry_run,
            progress=self.progress,
            should_stop=self.should_stop,
        )
        run.refresh()
        return run

    def session(self, account: AccountConfig) -> ImapSession:
        """The account's open connection, made (and logged in) when there is none."""
        session = self._sessions.get(account.name)
        if session is None:
            try:
                session = ImapSession.open(account, self.secrets.get(account))
            except AuthError:
                # A token may have expired: look it up again and try once more.
                self.secrets.forget(account)
                session = ImapSession.open(account, self.secrets.get(account))
            self._sessions[account.name] = session
        return session

    def drop(self, account: AccountConfig) -> None:
        session = self._sessions.pop(account.name, None)
        if session is not None:
            session.close()

    def close(self) -> None:
        for name in list(self._sessions):
            self._sessions.pop(name).close()

    def sync_account(
        self, account: AccountConfig, now: datetime, folders: Iterable[str] | None = None
    ) -> SyncSummary:
        """One account's watched folders (or just `folders`). Connection trouble is retried once
        on a fresh connection (a kept connection may have timed out), then raised."""
        for attempt in (1, 2):
            reused = account.name in self._sessions
            try:
                return self._sync_account(account, now, folders)
            except Stopped:
                raise
            except AuthError:
                self.drop(account)
                raise
            except MailboxError:
                self.drop(account)
                if attempt == 2 or not reused:
                    raise
                log.debug("%s: kept connection failed; reconnecting", account.name)
        raise AssertionError("unreachable")

    def _sync_account(
        self, account: AccountConfig, now: datetime, folders: Iterable[str] | None
    ) -> SyncSummary:
        session = self.session(account)
        watched, missing = session.watched_folders()
        summary = SyncSummary()
        for name in missing:
            summary.errors.append(
                f"{account.name}: folder {name!r} from `folders:` does not exist on the server "
                f"(folders there: {one_line(', '.join(session.folder_names()), 300)})"
            )
        only = set(folders) if folders is not None else None
        run = self._pass(now)
        for folder, outbound in watched:
            if only is not None and folder not in only:
                continue
            summary.add(sync_imap_folder(session, account, folder, outbound, run))
        return summary

    def watched(self, account: AccountConfig) -> list[tuple[str, bool]]:
        """(folder, outbound) pairs the account's pass covers."""
        return self.session(account).watched_folders()[0]

    def sync_local(self, source: LocalSourceConfig, now: datetime) -> SyncSummary:
        return sync_local_source(source, self._pass(now))

    def sync_all(self, now: datetime, account: str | None = None) -> SyncSummary:
        """Every account and local source (or only the one named). An account that fails is
        reported in `errors` and the others still run; only a database failure stops the pass."""
        summary = SyncSummary()
        accounts = [a for a in self.config.accounts if account is None or a.name == account]
        sources = [s for s in self.config.sources if account is None or s.name == account]
        if account and not accounts and not sources:
            known = [a.name for a in self.config.accounts] + [s.name for s in self.config.sources]
            raise UsageError(
                f"no account or source named {account!r} in the config "
                f"(known: {', '.join(known) or 'none'})"
            )
        for acc in accounts:
            try:
                summary.add(self.sync_account(acc, now))
            except Stopped:
                return summary
            except (MailboxError, CredentialError) as err:
                summary.errors.append(str(err))
        for source in sources:
            try:
                summary.add(self.sync_local(source, now))
            except Stopped:
                return summary
            except MailboxError as err:
                summary.errors.append(str(err))
        return summary
