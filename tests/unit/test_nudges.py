"""Planning into the store and delivering exactly once, with a channel that records what it got."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agent.config import Config, DigestConfig, NudgesConfig, PolicyConfig
from agent.errors import NudgeError, UsageError
from agent.models import Category, ContactChannel, Direction, NudgeKind, NudgeState, Status
from agent.nudge import Notice
from agent.nudges import (
    deliver_digest,
    deliver_due,
    dismiss,
    mark_done,
    next_wakeup,
    plan,
    render_notice,
    snooze,
)
from agent.store import Store, open_store

OSLO = ZoneInfo("Europe/Oslo")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


class RecordingChannel:
    """A channel that keeps every notice it is given; it can be told to fail a few times."""

    def __init__(self, name: str, failures: int = 0) -> None:
        self.name = name
        self.failures = failures
        self.sent: list[Notice] = []

    def send(self, notice: Notice) -> None:
        if self.failures:
            self.failures -= 1
            raise NudgeError(f"{self.name} is down")
        self.sent.append(notice)


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(
        timezone="Europe/Oslo",
        templates=tmp_path / "templates",
        policy=PolicyConfig(country="NO"),
    )


def add_app(store: Store, applied: str = "2026-05-04", **fields: Any) -> int:
    app = store.add_application(
        company="Acme",
        role="Backend developer",
        now=at(f"{applied}T08:00"),
        applied_on=date.fromisoformat(applied),
        contacts=[("Ann Berg", "ann@acme.example")],
        **fields,
    )
    return app.id


def reply(
    store: Store, app_id: int, when: str, category: Category = Category.STATUS_UPDATE
) -> None:
    store.add_event(
        app_id,
        at=at(when),
        direction=Direction.IN,
        channel=ContactChannel.EMAIL,
        summary="They wrote",
        subject="Re: your application",
        who="Ann Berg",
        category=category,
        now=at(when),
    )


def sent(store: Store, app_id: int, when: str) -> None:
    store.add_event(
        app_id,
        at=at(when),
        direction=Direction.OUT,
        channel=ContactChannel.EMAIL,
        summary="I wrote",
        category=Category.OUTBOUND_FOLLOWUP,
        now=at(when),
    )


# -- plan ---------------------------------------------------------------------------------


def test_plan_writes_each_nudge_once(store: Store, config: Config) -> None:
    app_id = add_app(store)
    first = plan(store, config, at("2026-05-05T12:00"))
    again = plan(store, config, at("2026-05-06T12:00"))
    assert [(n.kind, n.due) for n in first.created] == [
        (NudgeKind.STATUS_CHECK, at("2026-05-13T09:00"))
    ]
    assert again.created == []
    assert again.superseded == []
    assert len(store.nudges(app_id=app_id)) == 1


def test_a_reply_supersedes_the_open_nudge(store: Store, config: Config) -> None:
    app_id = add_app(store)
    plan(store, config, at("2026-05-05T12:00"))
    reply(store, app_id, "2026-05-06T10:00")
    result = plan(store, config, at("2026-05-06T11:00"))
    states = [(n.state, n.due) for n in store.nudges(app_id=app_id)]
    assert states == [
        (NudgeState.SUPERSEDED, at("2026-05-13T09:00")),
        (NudgeState.PENDING, at("2026-05-18T10:00")),
    ]
    assert len(result.superseded) == 1
    assert len(result.created) == 1


@pytest.mark.parametrize("answer", [mark_done, dismiss])
def test_done_or_dismissed_never_comes_back(store: Store, config: Config, answer: object) -> None:
    app_id = add_app(store)
    store.add_interview(app_id, at=at("2026-05-08T10:00"), now=at("2026-05-06T10:00"))
    plan(store, config, at("2026-05-08T12:00"))
    thank_you = next(n for n in store.nudges() if n.kind is NudgeKind.THANK_YOU)
    answer(store, thank_you.id, at("2026-05-11T09:05"))  # type: ignore[operator]
    plan(store, config, at("2026-05-11T09:10"))
    plan(store, config, at("2026-05-12T09:10"))
    same = [n for n in store.nudges() if n.kind is NudgeKind.THANK_YOU]
    assert [n.id for n in same] == [thank_you.id]
    assert same[0].state in (NudgeState.DONE, NudgeState.DISMISSED)


def test_answering_a_closed_nudge_is_refused(store: Store, config: Config) -> None:
    add_app(store)
    plan(store, config, at("2026-05-05T12:00"))
    nudge = store.nudges()[0]
    mark_done(store, nudge.id, at("2026-05-13T10:00"))
    with pytest.raises(UsageError, match="already done"):
        dismiss(store, nudge.id, at("2026-05-13T10:01"))


def test_plan_applies_the_drop_and_supersedes_the_final_message(
    store: Store, config: Config
) -> None:
    app_id = add_app(store)
    sent(store, app_id, "2026-05-13T10:00")
    sent(store, app_id, "2026-05-26T10:00")
    plan(store, config, at("2026-05-26T11:00"))
    final = store.nudges(app_id=app_id, states={NudgeState.PENDING})[0]
    assert final.kind is NudgeKind.FINAL_MESSAGE
    result = plan(store, config, at("2026-06-11T10:00"))  # 5 working days after its due
    assert [c.status for c in result.changes] == [Status.DROPPED]
    app = store.application(app_id)
    assert (app.status, app.close_reason, app.status_manual) == (Status.DROPPED, "dropped", False)
    assert store.nudge(final.id).state is NudgeState.SUPERSEDED
    assert plan(store, config, at("2026-07-01T10:00")).created == []


# -- delivery -----------------------------------------------------------------------------


def test_nothing_is_delivered_outside_working_hours(store: Store, config: Config) -> None:
    add_app(store)
    plan(store, config, at("2026-05-05T12:00"))
    channel = RecordingChannel("desktop")
    assert deliver_due(store, [channel], config, at("2026-05-13T08:59")).delivered == []
    assert deliver_due(store, [channel], config, at("2026-05-13T17:30")).delivered == []
    assert deliver_due(store, [channel], config, at("2026-05-14T10:00")).delivered == []  # holiday
    assert channel.sent == []


def test_each_channel_gets_each_nudge_once(store: Store, config: Config) -> None:
    add_app(store)
    plan(store, config, at("2026-05-05T12:00"))
    desktop, email = RecordingChannel("desktop"), RecordingChannel("email")
    for minute in range(0, 50, 5):  # a tick every five minutes
        deliver_due(store, [desktop, email], config, at(f"2026-05-13T09:{minute:02d}"))
    assert len(desktop.sent) == 1
    assert len(email.sent) == 1
    nudge = store.nudges()[0]
    assert nudge.state is NudgeState.DELIVERED
    assert nudge.delivered_at == at("2026-05-13T09:00")


def test_a_restart_does_not_deliver_again(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "followup.db"
    with open_store(path) as first:
        assert isinstance(first, Store)
        add_app(first)
        plan(first, config, at("2026-05-05T12:00"))
        channel = RecordingChannel("desktop")
        deliver_due(first, [channel], config, at("2026-05-13T09:00"))
    with open_store(path) as second:
        assert isinstance(second, Store)
        plan(second, config, at("2026-05-13T09:05"))
        again = RecordingChannel("desktop")
        deliver_due(second, [again], config, at("2026-05-13T09:05"))
    assert len(channel.sent) == 1
    assert again.sent == []


def test_a_crash_between_claim_and_send_never_sends_twice(store: Store, config: Config) -> None:
    add_app(store)
    plan(store, config, at("2026-05-05T12:00"))
    nudge = store.nudges()[0]
    # The process died right after claiming the delivery, before it could record the result.
    assert store.claim_delivery(nudge.id, "desktop", nudge.due, at("2026-05-13T09:00"))
    channel = RecordingChannel("desktop")
    deliver_due(store, [channel], config, at("2026-05-13T09:05"))
    assert channel.sent == []


def test_missed_wakeups_deliver_once(store: Store, config: Config) -> None:
    """The laptop slept from Tuesday to Friday: the nudge due on Wednesday comes once."""
    add_app(store)
    plan(store, config, at("2026-05-05T12:00"))
    channel = RecordingChannel("desktop")
    wake = at("2026-05-15T10:00")
    for _ in range(5):  # the scheduler catching up on several missed ticks at once
        plan(store, config, wake)
        deliver_due(store, [channel], config, wake)
    assert [n.kind for n in channel.sent] == [NudgeKind.STATUS_CHECK]


def test_a_failed_channel_is_retried_alone(store: Store, config: Config) -> None:
    add_app(store)
    plan(store, config, at("2026-05-05T12:00"))
    desktop, email = RecordingChannel("desktop"), RecordingChannel("email", failures=2)
    first = deliver_due(store, [desktop, email], config, at("2026-05-13T09:00"))
    assert first.failed == [(store.nudges()[0].id, "email", "email is down")]
    deliver_due(store, [desktop, email], config, at("2026-05-13T09:05"))
    deliver_due(store, [desktop, email], config, at("2026-05-13T09:10"))
    deliver_due(store, [desktop, email], config, at("2026-05-13T09:15"))
    assert len(desktop.sent) == 1
    assert len(email.sent) == 1
    outcomes = [(d["channel"], d["ok"]) for d in store.deliveries()]
    assert outcomes == [("desktop", 1), ("email", 0), ("email", 0), ("email", 1)]


def test_a_channel_that_keeps_failing_is_given_up_after_the_retry_window(
    store: Store, config: Config
) -> None:
    add_app(store)
    plan(store, config, at("2026-05-05T12:00"))
    broken = RecordingChannel("email", failures=1000)
    deliver_due(store, [broken], config, at("2026-05-13T09:00"))
    deliver_due(store, [broken], config, at("2026-05-13T16:00"))
    deliver_due(store, [broken], config, at("2026-05-15T09:00"))  # well past 12 hours
    assert len(store.deliveries()) == 2
    assert store.nudges()[0].state is NudgeState.PENDING  # still listed for the person


def test_a_snoozed_nudge_comes_back_once(store: Store, config: Config) -> None:
    add_app(store)
    plan(store, config, at("2026-05-05T12:00"))
    channel = RecordingChannel("desktop")
    deliver_due(store, [channel], config, at("2026-05-13T09:00"))
    nudge = store.nudges()[0]
    snoozed = snooze(store, config, nudge.id, at("2026-05-13T20:00"), at("2026-05-13T09:10"))
    assert snoozed.snoozed_until == at("2026-05-15T09:00")  # evening → next working morning
    plan(store, config, at("2026-05-13T10:00"))
    deliver_due(store, [channel], config, at("2026-05-13T10:00"))
    assert len(channel.sent) == 1
    for moment in ("2026-05-15T09:00", "2026-05-15T09:05", "2026-05-15T11:00"):
        plan(store, config, at(moment))
        deliver_due(store, [channel], config, at(moment))
    assert len(channel.sent) == 2
    assert store.nudge(nudge.id).state is NudgeState.DELIVERED


def test_snoozing_into_the_past_is_refused(store: Store, config: Config) -> None:
    add_app(store)
    plan(store, config, at("2026-05-05T12:00"))
    with pytest.raises(UsageError, match="not in the future"):
        snooze(store, config, store.nudges()[0].id, at("2026-05-01T10:00"), at("2026-05-13T09:10"))


# -- next wake-up -------------------------------------------------------------------------


def test_next_wakeup_is_the_next_due_nudge(store: Store, config: Config) -> None:
    assert next_wakeup(store, config, at("2026-05-05T12:00")) is None
    add_app(store)
    plan(store, config, at("2026-05-05T12:00"))
    assert next_wakeup(store, config, at("2026-05-05T12:00")) == at("2026-05-13T09:00")
    # Overdue at night: the next start of working hours.
    assert next_wakeup(store, config, at("2026-05-13T22:00")) == at("2026-05-15T09:00")
    deliver_due(store, [RecordingChannel("desktop")], config, at("2026-05-15T09:00"))
    assert next_wakeup(store, config, at("2026-05-15T09:01")) is None


def test_next_wakeup_never_returns_now_so_a_scheduler_cannot_spin(
    store: Store, config: Config
) -> None:
    add_app(store)
    plan(store, config, at("2026-05-05T12:00"))
    broken = RecordingChannel("email", failures=1000)
    moment = at("2026-05-13T09:00")
    deliver_due(store, [broken], config, moment)
    wake = next_wakeup(store, config, moment)
    assert wake is None or wake > moment


def test_next_wakeup_includes_the_digest(store: Store, config: Config) -> None:
    with_digest = config.model_copy(
        update={"nudges": NudgesConfig(digest=DigestConfig(enabled=True, at="08:30"))}
    )
    assert next_wakeup(store, with_digest, at("2026-05-13T07:00")) == at("2026-05-13T08:30")
    deliver_digest(store, [RecordingChannel("d")], with_digest, at("2026-05-13T10:00"))
    # 14 May is Ascension Day: the next digest is on Friday.
    assert next_wakeup(store, with_digest, at("2026-05-13T10:00")) == at("2026-05-15T08:30")
    assert next_wakeup(store, with_digest, at("2026-05-16T10:00")) == at("2026-05-18T08:30")


# -- rendering and the digest -------------------------------------------------------------


def test_the_notice_says_why_now_last_contact_and_questions(store: Store, config: Config) -> None:
    app_id = add_app(store, key="acme")
    reply(store, app_id, "2026-05-05T10:30", Category.ACKNOWLEDGEMENT)
    plan(store, config, at("2026-05-05T12:00"))
    nudge = store.nudges()[0]
    notice = render_notice(store, config, nudge, at("2026-05-15T10:30"))
    assert notice.title == "Status check with Acme (Backend developer)"
    assert notice.application_label == "Acme – Backend developer"
    assert "Why now: no answer since the last contact on Tue 5 May" in notice.body
    assert "Last contact: Ann Berg (them), Tue 5 May 10:30: Re: your application" in notice.body
    assert 'followup case acme "..."' in notice.body
    assert f"followup done {nudge.id}" in notice.body
    assert "Hello Ann Berg," in notice.draft
    store.add_case(app_id, "Ask how the team shares on-call", at("2026-05-06T10:00"))
    notice = render_notice(store, config, nudge, at("2026-05-15T10:30"))
    assert "  - Ask how the team shares on-call" in notice.body
    assert "Something I have been wondering about: Ask how the team shares on-call" in notice.draft


def test_mail_text_cannot_break_out_of_a_notice_line(store: Store, config: Config) -> None:
    app_id = store.add_application(
        company="Evil\nInjected: yes\x1b[31m", role="Dev\u202e", now=at("2026-05-04T08:00")
    ).id
    store.add_event(
        app_id,
        at=at("2026-05-05T10:00"),
        direction=Direction.IN,
        channel=ContactChannel.EMAIL,
        summary="x",
        subject="Hi\r\nBcc: someone@example.com",
        category=Category.STATUS_UPDATE,
        now=at("2026-05-05T10:00"),
    )
    plan(store, config, at("2026-05-05T12:00"))
    notice = render_notice(store, config, store.nudges()[0], at("2026-05-15T10:00"))
    for text in (notice.title, notice.application_label, notice.draft_subject):
        assert "\n" not in text
        assert "\x1b" not in text
        assert "\u202e" not in text
    last_line = next(line for line in notice.body.splitlines() if line.startswith("Last contact"))
    assert "Bcc: someone@example.com" in last_line  # kept as text, on the same line
    assert "\x1b" not in notice.draft


def test_a_broken_user_template_still_delivers(store: Store, config: Config) -> None:
    assert config.templates is not None
    (config.templates / "en").mkdir(parents=True)
    (config.templates / "en" / "status_check.txt.j2").write_text("{% if %}", encoding="utf-8")
    add_app(store)
    plan(store, config, at("2026-05-05T12:00"))
    channel = RecordingChannel("desktop")
    deliver_due(store, [channel], config, at("2026-05-13T09:00"))
    assert len(channel.sent) == 1
    assert "No draft" in channel.sent[0].draft
    assert "status_check.txt.j2" in channel.sent[0].draft


def test_the_digest_goes_out_once_a_day_and_names_what_to_let_go(
    store: Store, config: Config
) -> None:
    limited = config.model_copy(
        update={
            "policy": PolicyConfig(country="NO", max_active_applications=1),
            "nudges": NudgesConfig(digest=DigestConfig(enabled=True, at="08:30")),
        }
    )
    store.add_application(
        company="Wanted",
        role="Dev",
        now=at("2026-05-04T08:00"),
        priority=1,
        applied_on=date(2026, 5, 4),
    )
    store.add_application(
        company="Meh",
        role="Ops",
        now=at("2026-05-04T08:00"),
        priority=9,
        applied_on=date(2026, 5, 4),
    )
    plan(store, limited, at("2026-05-13T08:00"))
    channel = RecordingChannel("desktop")
    assert not deliver_digest(store, [channel], limited, at("2026-05-13T08:00"))  # too early
    assert deliver_digest(store, [channel], limited, at("2026-05-13T08:31"))
    assert not deliver_digest(store, [channel], limited, at("2026-05-13T12:00"))
    assert not deliver_digest(store, [channel], limited, at("2026-05-14T08:31"))  # holiday
    (digest,) = channel.sent
    assert digest.nudge_id == 0
    # The digest carries the day's nudges: they count as delivered, nothing comes one by one.
    assert {n.state for n in store.nudges()} == {NudgeState.DELIVERED}
    assert {(d["channel"], d["ok"]) for d in store.deliveries()} == {("desktop", 1)}
    assert deliver_due(store, [channel], limited, at("2026-05-13T12:00")).delivered == []
    assert "Today:" in digest.body
    assert "status check: Wanted (Dev)" in digest.body
    assert "2 active applications, more than your limit of 1" in digest.body
    assert "letting go of the ones you want least: Meh (Ops)." in digest.body


def test_the_digest_is_skipped_when_disabled(store: Store, config: Config) -> None:
    add_app(store)
    assert not deliver_digest(store, [RecordingChannel("d")], config, at("2026-05-13T10:00"))


def test_plan_is_idempotent_over_a_long_quiet_stretch(store: Store, config: Config) -> None:
    add_app(store)
    moment = at("2026-05-04T09:00")
    for _ in range(60):
        plan(store, config, moment)
        moment += timedelta(hours=7)
    kinds = [(n.kind, n.state) for n in store.nudges()]
    assert kinds == [(NudgeKind.STATUS_CHECK, NudgeState.PENDING)]


def test_a_digest_no_channel_took_leaves_the_nudges_for_tomorrow(
    store: Store, config: Config
) -> None:
    with_digest = config.model_copy(
        update={"nudges": NudgesConfig(digest=DigestConfig(enabled=True, at="08:30"))}
    )
    add_app(store)
    plan(store, with_digest, at("2026-05-05T12:00"))
    broken = RecordingChannel("email", failures=1)
    assert deliver_due(store, [broken], with_digest, at("2026-05-13T09:00")).delivered == []
    assert not deliver_digest(store, [broken], with_digest, at("2026-05-13T09:00"))
    assert store.nudges()[0].state is NudgeState.PENDING
    assert deliver_digest(store, [broken], with_digest, at("2026-05-15T08:30"))
    assert "#1 status check: Acme (Backend developer)" in broken.sent[0].body
    assert store.nudges()[0].state is NudgeState.DELIVERED


def test_snoozing_to_before_the_due_time_is_refused(store: Store, config: Config) -> None:
    add_app(store)
    plan(store, config, at("2026-05-05T12:00"))
    nudge = store.nudges()[0]
    assert nudge.due == at("2026-05-13T09:00")
    with pytest.raises(UsageError, match="not due until Wed 13 May 09:00"):
        snooze(store, config, nudge.id, at("2026-05-07T10:00"), at("2026-05-05T12:00"))
    assert store.nudge(nudge.id).state is NudgeState.PENDING
    later = snooze(store, config, nudge.id, at("2026-05-18T10:00"), at("2026-05-05T12:00"))
    assert later.snoozed_until == at("2026-05-18T10:00")
