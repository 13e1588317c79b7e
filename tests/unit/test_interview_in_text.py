"""An interview time written out in words becomes an interview record, once per meeting."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from mailmaker import mail, raw

from agent.config import MatchingConfig
from agent.models import Category, Status
from agent.pipeline import handle
from agent.store import Store

SETTINGS = MatchingConfig()


#: An invitation that offers two times to choose from.
TWO_SLOTS = (
    "We'd like to invite you to an interview. Would Tuesday 10 March at 10:00 or "
    "Wednesday 11 March at 13:00 suit you?"
)


def _receive(store: Store, body: str, n: int, when: datetime) -> None:
    data = mail(
        "Ann Berg <ann@acme.example>",
        "Interview – Backend Developer",
        body,
        msgid=f"<t{n}@acme.example>",
        date=when,
    )
    handle(raw(data), store, SETTINGS, when)


def _times(store: Store, app_id: int) -> list[str]:
    return [i.at.strftime("%Y-%m-%d %H:%M") for i in store.interviews(app_id)]


def test_an_invitation_in_words_gives_an_interview_record(
    store: Store, now: datetime, acme: int
) -> None:
    app_id = acme
    _receive(
        store, "We would like to invite you to an interview on Tuesday 10 March at 10:00.", 1, now
    )
    assert _times(store, app_id) == ["2026-03-10 10:00"]
    [interview] = store.interviews(app_id)
    assert interview.with_who == "Ann Berg <ann@acme.example>"
    assert store.application(app_id).status is Status.INTERVIEWING
    [event] = store.events(app_id)
    assert event.category is Category.INTERVIEW


def test_a_moved_interview_is_moved_and_the_same_time_again_adds_nothing(
    store: Store, now: datetime, acme: int
) -> None:
    app_id = acme
    _receive(
        store, "We would like to invite you to an interview on Tuesday 10 March at 10:00.", 1, now
    )
    _receive(
        store,
        "Sorry, Tuesday no longer works for us. Could we do Thursday 12 March at 14:00 instead?",
        2,
        now.replace(hour=15),
    )
    assert _times(store, app_id) == ["2026-03-12 14:00"]
    _receive(store, "Great, see you on Thursday 12 March at 14:00.", 3, now.replace(hour=16))
    assert _times(store, app_id) == ["2026-03-12 14:00"]


def test_slots_to_choose_from_give_no_record_yet(store: Store, now: datetime, acme: int) -> None:
    app_id = acme
    _receive(store, TWO_SLOTS, 1, now)
    assert _times(store, app_id) == []
    assert store.application(app_id).status is Status.INTERVIEWING


def test_a_second_round_after_the_first_is_a_second_record(
    store: Store, now: datetime, acme: int
) -> None:
    app_id = acme
    _receive(
        store, "We would like to invite you to an interview on Tuesday 3 March at 10:00.", 1, now
    )
    _receive(
        store,
        "Thank you for Tuesday! We would like to invite you to a second interview on "
        "Monday 9 March at 09:00.",
        2,
        now.replace(day=5),
    )
    assert _times(store, app_id) == ["2026-03-03 10:00", "2026-03-09 09:00"]


def test_the_persons_reply_that_picks_a_slot_gives_the_record(
    store: Store, now: datetime, acme: int
) -> None:
    app_id = acme
    _receive(store, TWO_SLOTS, 1, now)
    reply = mail(
        "Kari Nordmann <kari@example.net>",
        "Re: Interview – Backend Developer",
        "Thank you! Wednesday 11 March at 13:00 works well for me.",
        msgid="<reply@example.net>",
        date=now.replace(hour=12),
        to="Ann Berg <ann@acme.example>",
        in_reply_to="<t1@acme.example>",
    )
    handle(raw(reply, outbound=True), store, SETTINGS, now.replace(hour=12))
    assert _times(store, app_id) == ["2026-03-11 13:00"]
    [interview] = store.interviews(app_id)
    assert interview.with_who == "Ann Berg <ann@acme.example>"


def test_a_reply_that_only_says_thanks_gives_no_record(
    store: Store, now: datetime, acme: int
) -> None:
    app_id = acme
    reply = mail(
        "Kari Nordmann <kari@example.net>",
        "Backend Developer",
        "Thank you for the update on Tuesday 10 March at 10:00, I appreciate it.",
        msgid="<thanks@example.net>",
        date=now,
        to="Ann Berg <ann@acme.example>",
    )
    handle(raw(reply, outbound=True), store, SETTINGS, now)
    assert _times(store, app_id) == []


def test_a_time_in_words_is_read_in_the_persons_zone(
    store: Store, now: datetime, acme: int
) -> None:
    # The sender writes from Boston (-0400) about a meeting in Oslo, where the person lives.
    app_id = acme
    boston = now.astimezone(timezone(timedelta(hours=-4)))
    data = mail(
        "Ann Berg <ann@acme.example>",
        "Interview – Backend Developer",
        "We would like to invite you to an interview on Tuesday 10 March at 10:00.",
        msgid="<boston@acme.example>",
        date=boston,
    )
    handle(raw(data), store, SETTINGS, now)
    [interview] = store.interviews(app_id)
    assert interview.at.astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M") == "2026-03-10 10:00"
