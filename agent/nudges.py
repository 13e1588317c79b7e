"""The shell around the policy: keep the nudges table in step with it and deliver each nudge once.

`plan(store, config, now)` applies the rules to the store and writes the result: new nudges by
fingerprint, stale ones superseded, drops and reopens applied. `deliver_due(store, channels,
config, now)` hands each due nudge to every channel exactly once (a snooze arms it for one more
round) and records every attempt. `next_wakeup` tells a scheduler when something will be due.
The daemon calls, on each wake-up: `plan`, then `deliver_due`, then `deliver_digest`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from agent.config import Config
from agent.dates import to_iso, zone
from agent.digest import render_digest
from agent.drafts import Draft, Drafts, draft_context
from agent.errors import ConfigError, NudgeError, UsageError
from agent.escape import one_line
from agent.history import is_answer
from agent.models import Application, Direction, Event, Nudge, NudgeKind, NudgeState
from agent.nudge import Channel, Notice
from agent.policy import Dossier, Plan, Snapshot, StatusChange, describe_day, plan_nudges
from agent.store import Store
from agent.workdays import WorkCalendar, calendar_for

log = logging.getLogger(__name__)

#: States in which a nudge still asks something of the person.
OPEN_STATES: frozenset[NudgeState] = frozenset(
    {NudgeState.PENDING, NudgeState.DELIVERED, NudgeState.SNOOZED}
)

#: A channel that failed is retried on later wake-ups for this long after its first failure.
RETRY_WINDOW = timedelta(hours=12)

#: The `state` key that remembers the last day a digest was sent.
DIGEST_KEY = "digest_sent_on"

TITLES: dict[NudgeKind, str] = {
    NudgeKind.STATUS_CHECK: "Status check with {company} ({role})",
    NudgeKind.THANK_YOU: "Thank {company} for the interview ({role})",
    NudgeKind.INTERVIEW_FOLLOWUP: "Follow up with {company} after the interview ({role})",
    NudgeKind.FINAL_MESSAGE: "A last friendly message to {company} ({role})",
    NudgeKind.FEEDBACK_REQUEST: "Ask {company} for feedback ({role})",
    NudgeKind.ANSWER_REQUEST: "Answer {company} ({role})",
}


def calendar(config: Config) -> WorkCalendar:
    """The person's working-day calendar, from `timezone:` and `policy:`."""
    return calendar_for(config.policy, zone(config.timezone))


def load_snapshot(store: Store) -> Snapshot:
    """Read what the policy needs from the store, for every application."""
    events: dict[int, list[Event]] = {}
    for event in store.events():
        events.setdefault(event.application_id, []).append(event)
    nudges: dict[int, list[Nudge]] = {}
    for nudge in store.nudges():
        nudges.setdefault(nudge.application_id, []).append(nudge)
    dossiers = tuple(
        Dossier(
            application=app,
            events=tuple(events.get(app.id, ())),
            interviews=tuple(store.interviews(app.id)),
            cases=tuple(store.cases(app.id)),
            nudges=tuple(nudges.get(app.id, ())),
            reflected=store.reflection(app.id) is not None,
        )
        for app in store.applications()
    )
    return Snapshot(dossiers)


def make_plan(store: Store, config: Config, now: datetime) -> Plan:
    """What the rules say at `now`, without writing anything."""
    return plan_nudges(load_snapshot(store), now, config.policy, calendar(config))


@dataclass
class PlanResult:
    """What one `plan` call changed."""

    plan: Plan
    created: list[Nudge] = field(default_factory=list)
    superseded: list[Nudge] = field(default_factory=list)
    changes: list[StatusChange] = field(default_factory=list)


def plan(store: Store, config: Config, now: datetime) -> PlanResult:
    """Bring the store in line with the rules at `now`; safe to call any number of times.

    A planned nudge whose fingerprint is new becomes a pending row; a superseded one planned
    again is revived; pending ones get the current due time and reason; done, dismissed,
    delivered and snoozed ones are left as they are. Open nudges the rules no longer call for
    are superseded. Status changes (dropped, reopened) are applied in the same transaction.
    """
    result = PlanResult(plan=make_plan(store, config, now))
    with store.transaction():
        for change in result.plan.changes:
            store.set_status(
                change.application_id,
                change.status,
                now,
                manual=False,
                close_reason=change.close_reason,
                close_note=change.reason if change.close_reason else None,
            )
            log.info(
                "application %s is now %s: %s", change.application_id, change.status, change.reason
            )
            result.changes.append(change)
        wanted = set()
        for planned in result.plan.nudges:
            wanted.add(planned.fingerprint)
            existing = store.nudge_by_fingerprint(planned.fingerprint)
            if existing is None:
                created = store.add_nudge(
                    application_id=planned.application_id,
                    kind=planned.kind,
                    due=planned.due,
                    reason=planned.reason,
                    fingerprint=planned.fingerprint,
                    now=now,
                )
                log.info(
                    "nudge %s planned: %s due %s", created.id, created.kind, to_iso(planned.due)
                )
                result.created.append(created)
            elif existing.state is NudgeState.SUPERSEDED:
                store.update_nudge(
                    existing.id,
                    state=str(NudgeState.PENDING),
                    due=planned.due,
                    reason=planned.reason,
                    closed_at=None,
                )
            elif existing.state is NudgeState.PENDING and (
                existing.due != planned.due or existing.reason != planned.reason
            ):
                store.update_nudge(existing.id, due=planned.due, reason=planned.reason)
        for nudge in store.nudges(states=OPEN_STATES):
            if nudge.fingerprint not in wanted:
                store.update_nudge(nudge.id, state=str(NudgeState.SUPERSEDED), closed_at=now)
                log.info("nudge %s superseded: the situation changed", nudge.id)
                result.superseded.append(nudge)
    return result


# -- delivery -----------------------------------------------------------------------------


def armed_at(nudge: Nudge) -> datetime:
    """When the nudge's current round began: its due time, or the end of its last snooze."""
    return nudge.snoozed_until or nudge.due


@dataclass
class DeliveryReport:
    delivered: list[tuple[int, str]] = field(default_factory=list)
    failed: list[tuple[int, str, str]] = field(default_factory=list)


def deliver_due(
    store: Store, channels: Sequence[Channel], config: Config, now: datetime
) -> DeliveryReport:
    """Hand every due nudge to every channel that has not had it yet this round.

    With the daily digest on this sends nothing: the digest carries the nudges. Only inside
    working hours: outside them nothing is sent and the nudges wait for the next
    start. Each (nudge, channel, round) is claimed in the store before sending, so restarts,
    repeated or overlapping calls and missed wake-ups never send anything twice. A channel
    that raises `NudgeError` is recorded as failed and retried on later calls for a while.
    """
    report = DeliveryReport()
    if config.nudges.digest.enabled:
        return report  # the daily digest carries them instead (deliver_digest)
    if not channels or not calendar(config).is_working_time(now):
        return report
    for nudge in store.nudges(states=OPEN_STATES):
        since = armed_at(nudge)
        if since > now:
            continue
        done = store.delivered_channels(nudge.id, since)
        waiting = [
            c for c in channels if c.name not in done and _may_try(store, nudge, c, since, now)
        ]
        if not waiting:
            continue
        notice = render_notice(store, config, nudge, now)
        for channel in waiting:
            claim = store.claim_delivery(nudge.id, channel.name, since, now)
            if claim is None:
                continue
            try:
                channel.send(notice)
            except NudgeError as err:
                store.finish_delivery(claim, ok=False, detail=str(err))
                log.warning("nudge %s: channel %s failed: %s", nudge.id, channel.name, err)
                report.failed.append((nudge.id, channel.name, str(err)))
                continue
            except BaseException as err:
                store.finish_delivery(claim, ok=False, detail=f"{type(err).__name__}: {err}")
                raise
            store.finish_delivery(claim, ok=True, detail=None)
            log.info("nudge %s delivered on %s", nudge.id, channel.name)
            report.delivered.append((nudge.id, channel.name))
            if nudge.state is not NudgeState.DELIVERED:
                store.update_nudge(nudge.id, state=str(NudgeState.DELIVERED), delivered_at=now)
                nudge = store.nudge(nudge.id)
    return report


def _may_try(store: Store, nudge: Nudge, channel: Channel, since: datetime, now: datetime) -> bool:
    """A channel gets a first try always, and retries until RETRY_WINDOW after it first failed."""
    first_failure = store.first_failure(nudge.id, channel.name, since)
    return first_failure is None or now - first_failure <= RETRY_WINDOW


def deliver_digest(
    store: Store, channels: Sequence[Channel], config: Config, now: datetime
) -> bool:
    """Send the daily digest once per working day, at or after `nudges.digest.at`.

    With the digest on, it replaces the one-message-per-nudge delivery: the nudges due by the
    end of today's working hours are listed in it and count as delivered on each channel that
    took it. If every channel fails they stay pending for the next day's digest. Returns True
    if a digest went out; a day with nothing to say sends nothing.
    """
    digest = config.nudges.digest
    cal = calendar(config)
    here = cal.local(now)
    hour, minute = (int(part) for part in digest.at.split(":"))
    if not digest.enabled or not channels or not cal.is_working_day(here.date()):
        return False
    if (here.hour, here.minute) < (hour, minute):
        return False
    if not store.claim_state(DIGEST_KEY, here.date().isoformat(), now):
        return False
    end_of_day = datetime.combine(here.date(), cal.end, tzinfo=cal.tz)
    today = [n for n in store.nudges(states=OPEN_STATES) if armed_at(n) <= end_of_day]
    text = render_digest(make_plan(store, config, now), today, _labels(store), now, cal)
    if text is None:
        return False
    notice = Notice(
        nudge_id=0,
        kind=NudgeKind.STATUS_CHECK,
        title=f"followup: your day, {describe_day(now, cal)}",
        body=text,
        draft_subject="",
        draft="",
        application_label="",
    )
    sent = False
    for channel in channels:
        try:
            channel.send(notice)
        except NudgeError as err:
            log.warning("digest: channel %s failed: %s", channel.name, err)
            continue
        sent = True
        for nudge in today:
            claim = store.claim_delivery(nudge.id, channel.name, armed_at(nudge), now)
            if claim is not None:
                store.finish_delivery(claim, ok=True, detail="in the daily digest")
    if sent:
        for nudge in today:
            if nudge.state is not NudgeState.DELIVERED:
                store.update_nudge(nudge.id, state=str(NudgeState.DELIVERED), delivered_at=now)
    return sent


@dataclass
class NudgePass:
    """What one pass of the nudge machinery did."""

    plan: PlanResult
    delivery: DeliveryReport
    digest_sent: bool


def run_nudges(
    store: Store, channels: Sequence[Channel], config: Config, now: datetime
) -> NudgePass:
    """One pass: plan from the store, then deliver what is due (or the digest when it is time).

    The daemon runs this on every tick; `sync --once` runs it after reading mail, so people who
    prefer the timer get their nudges too.
    """
    planned = plan(store, config, now)
    delivery = deliver_due(store, channels, config, now)
    return NudgePass(planned, delivery, deliver_digest(store, channels, config, now))


def next_wakeup(store: Store, config: Config, now: datetime) -> datetime | None:
    """The next moment after `now` when something may need sending, or None.

    Call it after `deliver_due` (and `deliver_digest`) ran at `now`: what was due then has
    had its chance, so the answer is always later than `now` and a scheduler sleeping until
    it never spins. Overdue nudges outside working hours give the next start of hours; a
    snoozed nudge gives the end of its snooze; the digest its time on the next working day it
    has not gone out yet (with the digest on, only the digest wakes anything). Channels that failed are retried on the scheduler's regular ticks.
    """
    cal = calendar(config)
    candidates = []
    digest = config.nudges.digest
    for nudge in store.nudges(states=OPEN_STATES):
        if nudge.state is not NudgeState.DELIVERED and not digest.enabled:
            candidates.append(cal.clamp(max(armed_at(nudge), now)))
    if digest.enabled:
        hour, minute = (int(part) for part in digest.at.split(":"))
        day = cal.local(now).date()
        if store.get_state(DIGEST_KEY) == day.isoformat() or not cal.is_working_day(day):
            day = cal.next_working_day(day)
        moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=cal.tz)
        if moment <= now:
            day = cal.next_working_day(day)
            moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=cal.tz)
        candidates.append(moment)
    return min((c for c in candidates if c > now), default=None)


# -- rendering ----------------------------------------------------------------------------


def _labels(store: Store) -> dict[int, Application]:
    return {app.id: app for app in store.applications()}


def application_label(app: Application) -> str:
    return f"{one_line(app.company, 60)} – {one_line(app.role, 80)}"


def language_of(app: Application, config: Config) -> str:
    return app.language if app.language in ("en", "no") else config.policy.language


def describe_contact(event: Event, app: Application, cal: WorkCalendar) -> str:
    """`Ann Berg (them), Fri 8 May 14:02: Interview invitation` — one line, mail-safe."""
    if event.direction is Direction.OUT:
        who = "you"
    else:
        who = f"{one_line(event.who, 60) or one_line(app.company, 60)} (them)"
    what = one_line(event.subject or event.summary, 100)
    when = f"{describe_day(event.at, cal)} {cal.local(event.at):%H:%M}"
    return f"{who}, {when}: {what}" if what else f"{who}, {when}"


def make_draft(
    store: Store, config: Config, app: Application, kind: NudgeKind, now: datetime
) -> Draft:
    """Render the draft message of one kind for one application, in its language."""
    language = language_of(app, config)
    context = draft_context(
        app,
        language=language,
        calendar=calendar(config),
        events=[e for e in store.events(app.id) if e.at <= now],
        interviews=store.interviews(app.id),
        cases=store.cases(app.id),
        now=now,
    )
    return Drafts(config.templates_dir).render(kind, language, context)


def render_notice(store: Store, config: Config, nudge: Nudge, now: datetime) -> Notice:
    """Everything a channel shows for one nudge: what, why now, last contact, questions, draft."""
    cal = calendar(config)
    app = store.application(nudge.application_id)
    ref = app.key or str(app.id)
    events = [e for e in store.events(app.id) if e.at <= now]
    real = [e for e in events if e.direction is Direction.OUT or is_answer(e)]
    last = max(real, key=lambda e: e.at, default=None)
    lines = [f"Why now: {one_line(nudge.reason)}."]
    lines.append(
        f"Last contact: {describe_contact(last, app, cal)}"
        if last
        else "Last contact: none logged yet."
    )
    questions = [one_line(c.text, 200) for c in store.cases(app.id)]
    if questions:
        lines.append("Your prepared questions:")
        lines += [f"  - {q}" for q in questions]
    else:
        lines.append(
            f'No question prepared yet; bring one concrete question: followup case {ref} "..."'
        )
    if nudge.kind is NudgeKind.FEEDBACK_REQUEST:
        lines.append(f"Afterwards, note what you learned: followup reflect {ref}")
    lines.append(
        f"Done: followup done {nudge.id} · later: followup snooze {nudge.id} tomorrow · "
        f"not needed: followup dismiss {nudge.id}"
    )
    try:
        draft = make_draft(store, config, app, nudge.kind, now)
    except ConfigError as err:  # a broken template of the person's must not stop the nudge
        log.warning("nudge %s: no draft: %s", nudge.id, err)
        draft = Draft(subject=one_line(app.role), body=f"(No draft: {err})\n")
    return Notice(
        nudge_id=nudge.id,
        kind=nudge.kind,
        title=TITLES[nudge.kind].format(
            company=one_line(app.company, 60), role=one_line(app.role, 80)
        ),
        body="\n".join(lines),
        draft_subject=draft.subject,
        draft=draft.body,
        application_label=application_label(app),
    )


# -- the person's answers to a nudge ------------------------------------------------------


def _moment_words(moment: datetime, cal: WorkCalendar) -> str:
    """`Wed 2 Dec 09:00`: a moment as the commands show it, in the person's zone."""
    return f"{describe_day(moment, cal)} {cal.local(moment):%H:%M}"


def _open(store: Store, nudge_id: int, verb: str) -> Nudge:
    nudge = store.nudge(nudge_id)
    if nudge.state not in OPEN_STATES:
        raise UsageError(
            f"nudge {nudge_id} is already {nudge.state} and cannot be {verb}; "
            "`followup nudges` lists the open ones"
        )
    return nudge


def mark_done(store: Store, nudge_id: int, now: datetime) -> Nudge:
    """The person acted on the nudge; a follow-up marked done counts as one sent."""
    _open(store, nudge_id, "marked done")
    store.update_nudge(nudge_id, state=str(NudgeState.DONE), closed_at=now)
    return store.nudge(nudge_id)


def dismiss(store: Store, nudge_id: int, now: datetime) -> Nudge:
    """The person does not want this nudge; it never comes back."""
    _open(store, nudge_id, "dismissed")
    store.update_nudge(nudge_id, state=str(NudgeState.DISMISSED), closed_at=now)
    return store.nudge(nudge_id)


def snooze(store: Store, config: Config, nudge_id: int, until: datetime, now: datetime) -> Nudge:
    """Put the nudge off until `until` (moved into working hours); it is delivered again then.

    Snoozing only ever puts a nudge off: a moment before it is due would bring it forward.
    """
    nudge = _open(store, nudge_id, "snoozed")
    cal = calendar(config)
    if until <= now:
        raise UsageError(
            f"cannot snooze until {_moment_words(until, cal)}: that is not in the future; "
            "give e.g. tomorrow, +3d or a date and time such as "
            f"{cal.local(now + timedelta(days=1)):%Y-%m-%d} 10:00"
        )
    moment = cal.clamp(until)
    if moment <= nudge.due:
        raise UsageError(
            f"nudge {nudge_id} is not due until {_moment_words(nudge.due, cal)}, so snoozing "
            f"it until {_moment_words(moment, cal)} would not put it off; give a later moment, "
            "or leave it: it comes by itself when it is due"
        )
    store.update_nudge(nudge_id, state=str(NudgeState.SNOOZED), snoozed_until=moment)
    return store.nudge(nudge_id)
