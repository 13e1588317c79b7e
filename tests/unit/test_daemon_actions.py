"""Buttons pressed on a desktop notification reach the store through the daemon's main loop."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from agent import nudges
from agent.config import Config
from agent.daemon import Daemon, NudgeAction
from agent.models import NudgeKind, NudgeState
from agent.store import Store


@pytest.fixture
def due_nudge(store: Store, now: datetime) -> int:
    """An application applied for three weeks ago with no answer: a status check is due."""
    store.add_application(
        company="Fjordtech", role="Backend developer", now=now, applied_on=date(2026, 2, 9)
    )
    nudges.plan(store, Config(), now)
    (nudge,) = store.nudges()
    assert nudge.kind is NudgeKind.STATUS_CHECK
    return nudge.id


def make_daemon(store: Store, now: datetime) -> Daemon:
    return Daemon(Config(), store, clock=lambda: now, notify=lambda _state: False)


def test_done_button_marks_the_nudge_done(store: Store, now: datetime, due_nudge: int) -> None:
    make_daemon(store, now)._handle([NudgeAction(due_nudge, "done")])
    assert store.nudge(due_nudge).state is NudgeState.DONE


def test_snooze_button_puts_the_nudge_off_by_a_day(
    store: Store, now: datetime, due_nudge: int
) -> None:
    make_daemon(store, now)._handle([NudgeAction(due_nudge, "snooze")])
    snoozed = store.nudge(due_nudge)
    assert snoozed.state is NudgeState.SNOOZED
    assert snoozed.snoozed_until is not None
    assert snoozed.snoozed_until >= now + timedelta(hours=23)


def test_closing_the_popup_leaves_the_nudge_open(
    store: Store, now: datetime, due_nudge: int
) -> None:
    make_daemon(store, now)._handle([NudgeAction(due_nudge, "dismissed")])
    assert store.nudge(due_nudge).state is NudgeState.PENDING


def test_a_press_on_a_nudge_already_done_is_harmless(
    store: Store, now: datetime, due_nudge: int
) -> None:
    nudges.mark_done(store, due_nudge, now)
    make_daemon(store, now)._handle([NudgeAction(due_nudge, "snooze")])
    assert store.nudge(due_nudge).state is NudgeState.DONE
