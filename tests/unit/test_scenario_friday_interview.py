"""The story of issue 5: an interview on a Friday, and then silence.

A person adds an application, is invited to an interview on Friday 8 May 2026 and then hears
nothing. The agent is driven like the daemon drives it: wake at `next_wakeup` (or at least
every few hours), `plan`, `deliver_due`. The person acts on each nudge twenty minutes after it
arrives, either by sending the message (seen in Sent) or by marking the nudge done.
Expected: a thank-you on Monday morning, a follow-up three working days after the interview,
a status check, then the final friendly message, then nothing, until the employer writes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agent.config import Config, PolicyConfig
from agent.models import Category, ContactChannel, Direction, NudgeKind, Status
from agent.nudge import Notice
from agent.nudges import deliver_due, mark_done, next_wakeup, plan
from agent.store import Store

OSLO = ZoneInfo("Europe/Oslo")
POLL = timedelta(hours=4)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


class RecordingChannel:
    name = "desktop"

    def __init__(self) -> None:
        self.sent: list[tuple[datetime, Notice]] = []
        self.clock = at("2026-01-01T00:00")

    def send(self, notice: Notice) -> None:
        self.sent.append((self.clock, notice))


class World:
    """The store, the config and a clock, moved forward the way the daemon would."""

    def __init__(self, store: Store, acts_by: str) -> None:
        self.store = store
        self.acts_by = acts_by
        self.config = Config(timezone="Europe/Oslo", policy=PolicyConfig(country="NO"))
        self.channel = RecordingChannel()
        self.now = at("2026-05-04T08:00")

    def run_until(self, end: datetime) -> list[tuple[datetime, NudgeKind]]:
        """Wake up until `end`; return what arrived and when."""
        arrived: list[tuple[datetime, NudgeKind]] = []
        while self.now < end:
            plan(self.store, self.config, self.now)
            self.channel.clock = self.now
            before = len(self.channel.sent)
            deliver_due(self.store, [self.channel], self.config, self.now)
            for moment, notice in self.channel.sent[before:]:
                arrived.append((moment, notice.kind))
                self.act_on(notice, moment + timedelta(minutes=20))
            wake = next_wakeup(self.store, self.config, self.now)
            step = self.now + POLL
            self.now = min(wake, step) if wake and wake > self.now else step
        return arrived

    def act_on(self, notice: Notice, moment: datetime) -> None:
        nudge = self.store.nudge(notice.nudge_id)
        if self.acts_by == "sending":
            self.store.add_event(
                nudge.application_id,
                at=moment,
                direction=Direction.OUT,
                channel=ContactChannel.EMAIL,
                summary=notice.draft_subject,
                category=Category.OUTBOUND_FOLLOWUP,
                now=moment,
            )
        else:
            mark_done(self.store, nudge.id, moment)


@pytest.mark.parametrize("acts_by", ["sending", "marking done"])
def test_friday_interview_then_silence(store: Store, acts_by: str) -> None:
    world = World(store, acts_by)
    app = store.add_application(
        company="Acme",
        role="Backend developer",
        now=world.now,
        applied_on=date(2026, 5, 4),
        contacts=[("Ann Berg", "ann@acme.example")],
    )
    assert world.run_until(at("2026-05-06T14:00")) == []

    # Wednesday: the invitation arrives; the mail pipeline records it.
    store.add_event(
        app.id,
        at=at("2026-05-06T14:00"),
        direction=Direction.IN,
        channel=ContactChannel.EMAIL,
        summary="Invitation to an interview on Friday",
        who="Ann Berg",
        category=Category.INTERVIEW,
        now=at("2026-05-06T14:00"),
    )
    store.add_interview(app.id, at=at("2026-05-08T10:00"), now=at("2026-05-06T14:00"))
    store.set_status(app.id, Status.INTERVIEWING, at("2026-05-06T14:00"), manual=False)

    arrived = world.run_until(at("2026-08-31T12:00"))
    assert arrived == [
        (at("2026-05-11T09:00"), NudgeKind.THANK_YOU),  # Monday morning
        (at("2026-05-13T10:00"), NudgeKind.INTERVIEW_FOLLOWUP),  # 3 working days after
        # 7 working days after the follow-up (13:20), past Ascension Day and Whit Monday:
        (at("2026-05-26T10:20"), NudgeKind.STATUS_CHECK),
        (at("2026-06-04T10:40"), NudgeKind.FINAL_MESSAGE),  # two follow-ups unanswered
    ]
    assert store.application(app.id).status is Status.DROPPED

    # Months later the employer writes again: the application comes back to life.
    store.add_event(
        app.id,
        at=at("2026-09-01T11:00"),
        direction=Direction.IN,
        channel=ContactChannel.EMAIL,
        summary="Are you still interested?",
        category=Category.STATUS_UPDATE,
        now=at("2026-09-01T11:00"),
    )
    world.now = at("2026-09-01T11:05")
    arrived = world.run_until(at("2026-09-15T12:00"))
    assert store.application(app.id).status is Status.INTERVIEWING
    assert arrived == [(at("2026-09-10T11:00"), NudgeKind.STATUS_CHECK)]


def test_the_final_message_unsent_drops_after_five_working_days(store: Store) -> None:
    """If the person never sends the final message, the agent lets go on its own."""
    world = World(store, "sending")
    app = store.add_application(
        company="Acme", role="Dev", now=world.now, applied_on=date(2026, 5, 4)
    )
    for when in ("2026-05-13T10:00", "2026-05-26T10:00"):
        store.add_event(
            app.id,
            at=at(when),
            direction=Direction.OUT,
            channel=ContactChannel.EMAIL,
            summary="checking in",
            category=Category.OUTBOUND_FOLLOWUP,
            now=at(when),
        )
    world.act_on = lambda notice, moment: None  # type: ignore[method-assign]
    world.now = at("2026-05-26T11:00")
    arrived = world.run_until(at("2026-08-01T12:00"))
    assert arrived == [(at("2026-06-04T10:00"), NudgeKind.FINAL_MESSAGE)]
    assert store.application(app.id).status is Status.DROPPED
    close = store.query("SELECT updated_at FROM applications WHERE id = ?", (app.id,))[0]
    dropped_at = datetime.fromisoformat(close["updated_at"])
    assert at("2026-06-11T10:00") <= dropped_at < at("2026-06-11T15:00")
