"""`followup review` and `followup explain`: the person settles what the evidence could not."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from mailmaker import mail, raw

from agent.config import MatchingConfig
from agent.models import Category, Status
from agent.pipeline import handle

WHEN = datetime.fromisoformat("2026-03-02T09:30:00+01:00")


@pytest.fixture
def queued(invoke: Any) -> Any:
    """Two applications at one company and a message that could belong to either."""
    invoke.ok(
        "add",
        "Saga Helse AS",
        "Data Engineer",
        "--domain",
        "sagahelse.example",
        "--key",
        "saga-data",
    )
    invoke.ok(
        "add",
        "Saga Helse AS",
        "Data Analyst",
        "--domain",
        "sagahelse.example",
        "--key",
        "saga-analyst",
    )
    with invoke.open_store() as store:
        for n, (sender, body) in enumerate(
            [
                (
                    "Saga Helse <jobs@sagahelse.example>",
                    "We would like to invite you to an interview. When would suit you?",
                ),
                (
                    "Lena Holm <lena.holm@gmail.com>",
                    "Thanks for applying to Saga Helse! Can you send me two references?",
                ),
            ]
        ):
            data = mail(
                sender,
                "Hello from Saga Helse",
                body,
                msgid=f"<q{n}@x.example>",
                date=WHEN + timedelta(hours=n),
            )
            with store.transaction():
                handle(raw(data), store, MatchingConfig(), WHEN)
    return invoke


def test_review_lists_what_waits_with_numbers(queued: Any) -> None:
    output = queued.ok("review").output
    assert "2 message(s) wait" in output
    assert "[1]" in output
    assert "[2]" in output
    assert "Saga Helse AS – Data Engineer" in output
    assert "Saga Helse AS – Data Analyst" in output
    assert "followup review accept N" in output


def test_assign_applies_the_message_and_learns_the_sender(queued: Any) -> None:
    result = queued.ok("review", "assign", "1", "saga-analyst")
    assert "status now interviewing" in result.output
    with queued.open_store() as store:
        app = store.find_application("saga-analyst")
        assert app.status is Status.INTERVIEWING
        [event] = store.events(app.id)
        assert event.category is Category.INTERVIEW
        assert event.message_id == "<q0@x.example>"
        assert "jobs@sagahelse.example" in {c.email for c in app.contacts}
        assert store.find_application("saga-data").status is Status.APPLIED
        assert [i.id for i in store.review_items()] == [2]
    assert "[1]" not in queued.ok("review").output


def test_accept_takes_the_best_candidate(queued: Any) -> None:
    queued.ok("review", "accept", "2")
    with queued.open_store() as store:
        [owner] = [a for a in store.applications() if store.events(a.id)]
        assert "lena.holm@gmail.com" in {c.email for c in owner.contacts}
        assert store.events(owner.id)[0].category is Category.REQUEST
        assert owner.status is Status.APPLIED  # a request changes no status


def test_dismiss_changes_nothing(queued: Any) -> None:
    assert "not job-related" in queued.ok("review", "dismiss", "2").output
    with queued.open_store() as store:
        assert store.events() == []
        assert store.message_record("<q1@x.example>").review_state == "dismissed"
    assert "already settled" in queued.fails("review", "accept", "2").output


def test_unknown_items_and_applications_say_how_to_fix(queued: Any) -> None:
    assert "followup review" in queued.fails("review", "accept", "99").output
    assert "followup list" in queued.fails("review", "assign", "1", "nope").output


def test_explain_shows_the_evidence(queued: Any) -> None:
    output = queued.ok("explain", "q0@x.example").output
    assert "review" in output
    assert "pending" in output
    assert "Why this application" in output
    assert "domain sagahelse.example" in output
    assert "Why this category" in output
    assert "invite you to an interview" in output
    queued.ok("review", "assign", "1", "saga-analyst")
    settled = queued.ok("explain", "<q0@x.example>").output
    assert "assigned" in settled
    assert "application: 2 (Saga Helse AS – Data Analyst)" in settled
    assert "no processed message" in queued.fails("explain", "<nope@x>").output


def test_empty_queue(invoke: Any) -> None:
    assert "Nothing waits for review." in invoke.ok("review").output


def test_assigning_a_question_settles_the_rest_of_its_thread(queued: Any) -> None:
    with queued.open_store() as store:
        reply = mail(
            "Saga Helse <jobs@sagahelse.example>",
            "Re: Hello from Saga Helse",
            "Thursday at 10:00 works, see you then.",
            msgid="<q9@x.example>",
            date=WHEN + timedelta(hours=5),
            in_reply_to="<q0@x.example>",
        )
        with store.transaction():
            handle(raw(reply), store, MatchingConfig(), WHEN)
        assert len(store.review_items()) == 3
    output = queued.ok("review", "assign", "1", "saga-analyst").output
    assert "of the same thread logged there too, as interview" in output
    with queued.open_store() as store:
        assert [i.message_id for i in store.review_items()] == ["<q1@x.example>"]
        app = store.find_application("saga-analyst")
        assert [e.message_id for e in store.events(app.id)] == ["<q0@x.example>", "<q9@x.example>"]
