"""Facts derived from an application's contact log: last contact, unanswered follow-ups."""

from __future__ import annotations

from collections.abc import Sequence

from agent.models import Category, Direction, Event

#: Inbound messages that do not count as the employer answering.
NOT_AN_ANSWER = frozenset({Category.AUTO_REPLY, Category.JOB_ALERT, Category.UNRELATED})


def is_answer(event: Event) -> bool:
    """An inbound contact from the employer that a person wrote (not an out-of-office)."""
    return event.direction is Direction.IN and event.category not in NOT_AN_ANSWER


def last_contact(events: Sequence[Event]) -> Event | None:
    """The latest real contact in either direction (automatic replies do not count)."""
    real = [e for e in events if e.direction is Direction.OUT or is_answer(e)]
    return max(real, key=lambda e: e.at, default=None)


def last_answer(events: Sequence[Event]) -> Event | None:
    return max((e for e in events if is_answer(e)), key=lambda e: e.at, default=None)


def unanswered_followups(events: Sequence[Event]) -> int:
    """How many times the person reached out since the employer last answered."""
    answered = last_answer(events)
    return sum(
        1
        for e in events
        if e.direction is Direction.OUT and (answered is None or e.at > answered.at)
    )
