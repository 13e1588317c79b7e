"""The follow-up rules as a pure function: given the store's facts and a moment, which nudges.

`plan_nudges(snapshot, now, policy, calendar)` reads a frozen `Snapshot` (each application with
its contact log, interviews, prepared questions and existing nudges) and returns a `Plan`: the
nudges that apply now or later, each with a due time already moved into working hours, a reason
in plain words and a stable fingerprint; the status changes the rules call for (dropped after
the final message, reopened by a later reply); and the applications to let go when too many
are open. Nothing here reads a clock, a file or the database.

The rules, in short (defaults from `policy:` in the config):

- applied/acknowledged/interviewing and no answer: a status check `status_check_after` working
  days after the last contact, then every `status_check_every` while unanswered;
- an interview: a thank-you at the start of the next working day (unless something was sent
  since), and a follow-up `interview_followup_after` working days after it; no status check
  while an interview is still ahead;
- every follow-up since the employer last answered counts (the thank-you does not); at
  `max_unanswered` the next nudge is the final friendly message, and once that is sent or
  marked done — or `drop_after_final` working days after it was proposed — the application is
  dropped; any later answer reopens it;
- a rejection: a feedback request the next working day (for two weeks at most);
- a request from the employer: a nudge to answer by the next working day;
- no follow-up within `min_spacing` working days of the last contact in either direction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from agent.config import PolicyConfig
from agent.escape import one_line
from agent.history import is_answer
from agent.models import (
    ACTIVE_STATUSES,
    OPEN_STATUSES,
    Application,
    Case,
    Category,
    Direction,
    Event,
    Interview,
    Nudge,
    NudgeKind,
    NudgeState,
    Status,
)
from agent.workdays import WorkCalendar

#: Statuses in which the person is waiting for the employer and follow-ups make sense.
WAITING_STATUSES: frozenset[Status] = frozenset(
    {Status.APPLIED, Status.ACKNOWLEDGED, Status.INTERVIEWING}
)

#: Nudges that ask the person to reach out; each one acted upon counts as a follow-up.
FOLLOWUP_KINDS: frozenset[NudgeKind] = frozenset(
    {NudgeKind.STATUS_CHECK, NudgeKind.INTERVIEW_FOLLOWUP, NudgeKind.FINAL_MESSAGE}
)

#: A feedback request later than this many working days after the rejection is stale.
FEEDBACK_WINDOW = 10

#: A nudge marked done and a sent message seen within this long after it are one act.
_SAME_ACT = timedelta(days=1)

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Dossier:
    """One application and everything the rules look at."""

    application: Application
    events: tuple[Event, ...] = ()
    interviews: tuple[Interview, ...] = ()
    cases: tuple[Case, ...] = ()
    nudges: tuple[Nudge, ...] = ()
    reflected: bool = False


@dataclass(frozen=True)
class Snapshot:
    """The store's facts at one moment, as the policy needs them."""

    dossiers: tuple[Dossier, ...] = ()


@dataclass(frozen=True)
class PlannedNudge:
    """A nudge the rules call for; `fingerprint` names it across re-planning."""

    application_id: int
    kind: NudgeKind
    due: datetime
    reason: str
    fingerprint: str
    basis: datetime


@dataclass(frozen=True)
class StatusChange:
    """A status the rules set: `dropped` after the final message, or reopened by a reply."""

    application_id: int
    status: Status
    reason: str
    close_reason: str | None = None


@dataclass(frozen=True)
class Plan:
    nudges: tuple[PlannedNudge, ...] = ()
    changes: tuple[StatusChange, ...] = ()
    active: int = 0
    limit: int = 0
    let_go: tuple[Application, ...] = ()
    to_reflect: tuple[Application, ...] = ()

    @property
    def too_many(self) -> bool:
        return self.active > self.limit

    def due(self, now: datetime) -> list[PlannedNudge]:
        """The planned nudges whose time has come at `now`."""
        return [n for n in self.nudges if n.due <= now]


def plan_nudges(
    snapshot: Snapshot, now: datetime, policy: PolicyConfig, calendar: WorkCalendar
) -> Plan:
    """Apply the follow-up rules to every application at the moment `now`."""
    nudges: list[PlannedNudge] = []
    changes: list[StatusChange] = []
    active: list[tuple[Dossier, datetime | None]] = []
    to_reflect: list[Application] = []
    for dossier in snapshot.dossiers:
        rules = _Rules(dossier, now, policy, calendar)
        planned, change = rules.plan()
        nudges.extend(planned)
        if change is not None:
            changes.append(change)
        status = change.status if change else dossier.application.status
        if status in ACTIVE_STATUSES:
            active.append((dossier, rules.last_contact))
        if status is Status.REJECTED and not dossier.reflected:
            to_reflect.append(dossier.application)
    excess = len(active) - policy.max_active_applications
    return Plan(
        nudges=tuple(sorted(nudges, key=lambda n: (n.due, n.application_id, n.kind))),
        changes=tuple(changes),
        active=len(active),
        limit=policy.max_active_applications,
        let_go=tuple(a.application for a, _ in _least_wanted(active)[: max(excess, 0)]),
        to_reflect=tuple(to_reflect),
    )


def _least_wanted(
    active: Sequence[tuple[Dossier, datetime | None]],
) -> list[tuple[Dossier, datetime | None]]:
    """Lowest priority first (unranked counts as lowest), then the longest quiet."""
    far_past = datetime.min.replace(tzinfo=UTC)
    return sorted(
        active,
        key=lambda pair: (-(pair[0].application.priority or 1000), pair[1] or far_past),
    )


def fingerprint(app_id: int, kind: NudgeKind, *basis: object) -> str:
    """A stable name for one nudge: the same situation always gives the same string."""
    parts = [
        b.astimezone(UTC).isoformat(timespec="seconds") if isinstance(b, datetime) else str(b)
        for b in basis
    ]
    return ":".join([str(app_id), str(kind), *parts])


def describe_day(moment: datetime, calendar: WorkCalendar) -> str:
    """`Fri 8 May`: a day as people say it, in the user's zone, independent of the locale."""
    here = calendar.local(moment)
    return f"{_DAYS[here.weekday()]} {here.day} {_MONTHS[here.month - 1]}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class _Rules:
    """The facts of one application at `now`, and the rules applied to them."""

    def __init__(
        self, dossier: Dossier, now: datetime, policy: PolicyConfig, calendar: WorkCalendar
    ) -> None:
        self.app = dossier.application
        self.now = now
        self.policy = policy
        self.cal = calendar
        self.nudges = dossier.nudges
        self.events = tuple(e for e in dossier.events if e.at <= now)
        self.interviews = tuple(sorted(dossier.interviews, key=lambda i: i.at))
        self.past_interviews = tuple(i for i in self.interviews if i.at <= now)
        self.outbound = tuple(e for e in self.events if e.direction is Direction.OUT)
        answers = [e.at for e in self.events if is_answer(e)]
        answers += [i.at for i in self.past_interviews]
        self.last_answer: datetime | None = max(answers, default=None)
        self.applied_at = self._applied_at()
        self.thank_you_act = self._thank_you_act()
        self.acts = self._followup_acts()
        self.last_contact = self._last_contact()

    # -- facts ----------------------------------------------------------------------------

    def _applied_at(self) -> datetime | None:
        if self.app.applied_on is not None:
            return self.cal.working_start(self.app.applied_on)
        return self.app.created_at

    def _is_application_itself(self, event: Event) -> bool:
        """The message that was the application is not a follow-up."""
        applied = self.app.applied_on
        return applied is not None and self.cal.local(event.at).date() <= applied

    def _followup_due(self, interview: Interview) -> datetime:
        return self.cal.after_working_days(interview.at, self.policy.interview_followup_after)

    def _thank_you_act(self) -> Event | None:
        """The first message sent after the latest interview, before its follow-up is due."""
        if not self.past_interviews:
            return None
        latest = self.past_interviews[-1]
        window_end = self._followup_due(latest)
        return next(
            (e for e in self.outbound if latest.at < e.at < window_end),
            None,
        )

    def _since_answer(self, moment: datetime) -> bool:
        return self.last_answer is None or moment > self.last_answer

    def _followup_acts(self) -> list[datetime]:
        """Moments the person reached out since the employer last answered."""
        sent = [
            e.at
            for e in self.outbound
            if e is not self.thank_you_act
            and not self._is_application_itself(e)
            and self._since_answer(e.at)
        ]
        acts = list(sent)
        for nudge in self.nudges:
            if (
                nudge.kind in FOLLOWUP_KINDS
                and nudge.state is NudgeState.DONE
                and nudge.closed_at is not None
                and nudge.closed_at <= self.now
                and self._since_answer(nudge.closed_at)
                and not any(nudge.created_at <= s <= nudge.closed_at + _SAME_ACT for s in sent)
            ):
                acts.append(nudge.closed_at)
        return sorted(acts)

    def _last_contact(self) -> datetime | None:
        """The latest contact in either direction (the thank-you aside)."""
        moments = [
            e.at
            for e in self.events
            if (e.direction is Direction.OUT and e is not self.thank_you_act) or is_answer(e)
        ]
        moments += [i.at for i in self.past_interviews]
        moments += self.acts
        if self.applied_at is not None and self.applied_at <= self.now:
            moments.append(self.applied_at)
        return max(moments, default=None)

    def _latest_inbound(self, category: Category) -> Event | None:
        found = [e for e in self.events if e.direction is Direction.IN and e.category is category]
        return max(found, key=lambda e: e.at, default=None)

    def _sent_after(self, moment: datetime) -> bool:
        return any(e.at > moment for e in self.outbound)

    def _current(self, kind: NudgeKind) -> list[Nudge]:
        """This kind's nudges made since the employer last answered (superseded ones aside)."""
        return [
            n
            for n in self.nudges
            if n.kind is kind
            and n.state is not NudgeState.SUPERSEDED
            and self._since_answer(n.created_at)
        ]

    def _day(self, moment: datetime) -> str:
        return describe_day(moment, self.cal)

    def _planned(
        self, kind: NudgeKind, due: datetime, reason: str, basis: datetime, *key: object
    ) -> PlannedNudge:
        return PlannedNudge(
            application_id=self.app.id,
            kind=kind,
            due=self.cal.clamp(due),
            reason=reason,
            fingerprint=fingerprint(self.app.id, kind, *key),
            basis=basis,
        )

    # -- rules ----------------------------------------------------------------------------

    def plan(self) -> tuple[list[PlannedNudge], StatusChange | None]:
        status = self.app.status
        change: StatusChange | None = None
        if status is Status.DROPPED:
            change = self._reopen()
            if change is None:
                return [], None
            status = change.status
        elif status in WAITING_STATUSES:
            change = self._drop()
            if change is not None:
                return [], change
        planned: list[PlannedNudge] = []
        if status in WAITING_STATUSES:
            planned += self._thank_you()
            planned += self._followup()
        if status in OPEN_STATUSES and status is not Status.WISHLIST:
            planned += self._answer_request()
        if status is Status.REJECTED:
            planned += self._feedback_request()
        return planned, change

    def _final(self) -> Nudge | None:
        return max(self._current(NudgeKind.FINAL_MESSAGE), key=lambda n: n.created_at, default=None)

    def _drop(self) -> StatusChange | None:
        """Drop once the final message was sent or marked done, or went unanswered long enough."""
        final = self._final()
        if final is None:
            return None
        updated = self.app.updated_at
        if self.app.status_manual and updated is not None and updated > final.created_at:
            return None  # the person set the status by hand after the final message: theirs wins
        proposed = max(final.due, final.snoozed_until or final.due)
        if final.state is NudgeState.DONE or self._sent_after(final.created_at):
            reason = "the final message was sent and no answer came; stopped following up"
        elif self.now >= self.cal.after_working_days(proposed, self.policy.drop_after_final):
            days = _plural(self.policy.drop_after_final, "working day")
            reason = f"no answer {days} after the final message was proposed; stopped following up"
        else:
            return None
        return StatusChange(self.app.id, Status.DROPPED, reason, close_reason="dropped")

    def _reopen(self) -> StatusChange | None:
        """A reply to an application the rules dropped brings it back."""
        if self.app.status_manual or self.last_answer is None:
            return None
        finals = [n for n in self.nudges if n.kind is NudgeKind.FINAL_MESSAGE]
        if finals:
            since = max(n.created_at for n in finals)
        elif self.app.updated_at is not None:
            since = self.app.updated_at
        else:
            return None
        if self.last_answer <= since:
            return None
        if self.interviews:
            status = Status.INTERVIEWING
        elif any(is_answer(e) and e.at < since for e in self.events):
            status = Status.ACKNOWLEDGED
        else:
            status = Status.APPLIED
        reason = f"they answered on {self._day(self.last_answer)} after it was dropped"
        return StatusChange(self.app.id, status, reason)

    def _thank_you(self) -> list[PlannedNudge]:
        if not self.interviews:
            return []
        latest = self.interviews[-1]
        if self._sent_after(latest.at) or self.now >= self._followup_due(latest):
            return []
        due = self.cal.next_working_start(latest.at)
        reason = (
            f"your interview on {self._day(latest.at)}: a short thank-you on the next "
            "working day is expected"
        )
        return [self._planned(NudgeKind.THANK_YOU, due, reason, latest.at, latest.id, latest.at)]

    def _spacing_due(self) -> datetime | None:
        if self.last_contact is None:
            return None
        return self.cal.after_working_days(self.last_contact, self.policy.min_spacing)

    def _followup(self) -> list[PlannedNudge]:
        """The one follow-up slot: final message, interview follow-up or status check."""
        if any(i.at > self.now for i in self.interviews):
            return []  # an interview is ahead: they will meet, no need to chase
        count = len(self.acts)
        spacing = self._spacing_due()
        if count >= self.policy.max_unanswered:
            return [self._final_message(count, spacing)]
        interview = self._interview_followup(count, spacing)
        if interview is not None:
            return [interview]
        status_check = self._status_check(count, spacing)
        return [status_check] if status_check is not None else []

    def _final_message(self, count: int, spacing: datetime | None) -> PlannedNudge:
        last_act = self.acts[-1]
        due = self.cal.after_working_days(last_act, self.policy.status_check_every)
        due = max(due, spacing) if spacing else due
        days = _plural(self.policy.drop_after_final, "working day")
        reason = (
            f"{_plural(count, 'follow-up')} without an answer since {self._day(self.acts[0])}: "
            "time for one last friendly message; after it (or "
            f"{days} without an answer) followup stops nudging about this application"
        )
        return self._planned(NudgeKind.FINAL_MESSAGE, due, reason, last_act, last_act)

    def _interview_followup(self, count: int, spacing: datetime | None) -> PlannedNudge | None:
        if count or not self.past_interviews:
            return None
        latest = self.past_interviews[-1]
        if self.last_answer is not None and self.last_answer > latest.at:
            return None  # they wrote after the interview: the status check takes over
        key = fingerprint(self.app.id, NudgeKind.INTERVIEW_FOLLOWUP, latest.id, latest.at)
        if any(n.fingerprint == key and n.state is NudgeState.DISMISSED for n in self.nudges):
            return None
        due = self._followup_due(latest)
        due = max(due, spacing) if spacing else due
        days = _plural(self.policy.interview_followup_after, "working day")
        reason = (
            f"{days} since your interview on {self._day(latest.at)}: ask where they are in "
            "the process, what the next step is and when to expect an answer, and bring one "
            "question of your own"
        )
        return self._planned(
            NudgeKind.INTERVIEW_FOLLOWUP, due, reason, latest.at, latest.id, latest.at
        )

    def _status_check(self, count: int, spacing: datetime | None) -> PlannedNudge | None:
        if self.last_contact is None:
            return None
        basis = self.last_contact
        dismissed = [
            n.due
            for n in self.nudges
            if n.kind in FOLLOWUP_KINDS
            and n.state is NudgeState.DISMISSED
            and self._since_answer(n.created_at)
        ]
        basis = max([basis, *dismissed])
        after = self.policy.status_check_after if count == 0 else self.policy.status_check_every
        due = self.cal.after_working_days(basis, after)
        due = max(due, spacing) if spacing else due
        if count:
            since = f"your last follow-up on {self._day(self.acts[-1])}"
        elif self.last_answer is None and self.last_contact == self.applied_at:
            since = f"you applied on {self._day(self.last_contact)}"
        else:
            since = f"the last contact on {self._day(self.last_contact)}"
        reason = (
            f"no answer since {since}; after {_plural(after, 'working day')} it is time for a "
            "status check: ask where they are in the process and when to expect an answer"
        )
        return self._planned(NudgeKind.STATUS_CHECK, due, reason, basis, basis)

    def _answer_request(self) -> list[PlannedNudge]:
        request = self._latest_inbound(Category.REQUEST)
        if request is None or self._sent_after(request.at):
            return []
        by = self._day(self.cal.next_working_start(request.at))
        who = f"{one_line(request.who, 60)} " if request.who else "they "
        reason = (
            f"{who}asked you for something on {self._day(request.at)}; answer by {by} at the latest"
        )
        return [
            self._planned(
                NudgeKind.ANSWER_REQUEST, request.at, reason, request.at, request.id, request.at
            )
        ]

    def _feedback_request(self) -> list[PlannedNudge]:
        rejection = self._latest_inbound(Category.REJECTION)
        moment = rejection.at if rejection else self.app.updated_at
        if moment is None or moment > self.now or self._sent_after(moment):
            return []
        if self.now >= self.cal.after_working_days(moment, FEEDBACK_WINDOW):
            return []
        reason = (
            f"they said no on {self._day(moment)}; ask what usually decides for this kind of "
            "role while it is fresh, then write down what you learned (followup reflect "
            f"{self.app.key or self.app.id})"
        )
        due = self.cal.next_working_start(moment)
        return [self._planned(NudgeKind.FEEDBACK_REQUEST, due, reason, moment, moment)]
