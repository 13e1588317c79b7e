"""The one-line facts of each application and the order `list` shows them in."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from agent.models import Category, ContactChannel, Direction, Status
from agent.store import Store
from agent.summary import summarise


def _log(
    store: Store, app_id: int, at: datetime, direction: Direction, category: Category | None = None
) -> None:
    store.add_event(
        app_id,
        at=at,
        direction=direction,
        channel=ContactChannel.EMAIL,
        summary="x",
        now=at,
        category=category,
    )


def test_active_first_then_priority_then_age(store: Store, now: datetime) -> None:
    add = store.add_application
    wish = add(company="Wish", role="r", now=now, status=Status.WISHLIST, priority=1)
    low = add(company="Low", role="r", now=now, priority=5)
    closed = add(company="Gone", role="r", now=now, status=Status.REJECTED, priority=1)
    unranked = add(company="Unranked", role="r", now=now)
    top = add(company="Top", role="r", now=now, priority=1, status=Status.OFFER)
    order = [s.application.id for s in summarise(store, now)]
    assert order == [top.id, low.id, unranked.id, wish.id, closed.id]


def test_last_contact_and_unanswered_followups(store: Store, now: datetime) -> None:
    app = store.add_application(company="Acme", role="Dev", now=now)
    day = timedelta(days=1)
    _log(store, app.id, now, Direction.IN)
    _log(store, app.id, now + day, Direction.OUT)
    _log(store, app.id, now + 2 * day, Direction.IN, category=Category.AUTO_REPLY)
    _log(store, app.id, now + 3 * day, Direction.OUT)
    store.update_application(app.id, {"next_contact_on": date(2026, 3, 9)}, now)
    [summary] = summarise(store, now)
    assert summary.last_contact == now + 3 * day
    assert summary.unanswered == 2  # the out-of-office is not an answer
    assert summary.next_contact == date(2026, 3, 9)
    assert summary.as_json()["unanswered_followups"] == 2
    assert summary.as_json()["next_contact"] == "2026-03-09"


def test_no_contact_yet(store: Store, now: datetime) -> None:
    store.add_application(company="Acme", role="Dev", now=now)
    [summary] = summarise(store, now)
    assert (summary.last_contact, summary.unanswered) == (None, 0)
    assert summary.as_json()["last_contact"] is None
