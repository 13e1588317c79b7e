"""The follow-up rules as a pure function, over tables of cases (Norway, Europe/Oslo)."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agent.config import PolicyConfig
from agent.models import (
    Application,
    Category,
    ContactChannel,
    Direction,
    Event,
    Interview,
    Nudge,
    NudgeKind,
    NudgeState,
    Status,
)
from agent.policy import Dossier, Plan, Snapshot, fingerprint, plan_nudges
from agent.workdays import build_calendar

OSLO = ZoneInfo("Europe/Oslo")
NORWAY = build_calendar(OSLO, country="NO")
_ids = itertools.count(100)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


def app(status: Status = Status.APPLIED, applied: str = "2026-05-04", **fields: Any) -> Application:
    values: dict[str, Any] = {
        "id": 1,
        "company": "Acme",
        "role": "Backend developer",
        "status": status,
        "applied_on": date.fromisoformat(applied),
        "created_at": at(f"{applied}T08:00"),
        "updated_at": at(f"{applied}T08:00"),
    }
    values.update(fields)
    return Application(**values)


def inbound(when: str, category: Category | None = Category.STATUS_UPDATE, **kw: Any) -> Event:
    return Event(
        id=next(_ids),
        application_id=1,
        at=at(when),
        direction=Direction.IN,
        channel=ContactChannel.EMAIL,
        summary="their mail",
        category=category,
        **kw,
    )


def outbound(when: str) -> Event:
    return Event(
        id=next(_ids),
        application_id=1,
        at=at(when),
        direction=Direction.OUT,
        channel=ContactChannel.EMAIL,
        summary="my mail",
        category=Category.OUTBOUND_FOLLOWUP,
    )


def interview(when: str, interview_id: int = 1) -> Interview:
    return Interview(id=interview_id, application_id=1, at=at(when))


def nudge(
    kind: NudgeKind,
    state: NudgeState,
    due: str,
    created: str,
    closed: str | None = None,
    key: str | None = None,
) -> Nudge:
    return Nudge(
        id=next(_ids),
        application_id=1,
        kind=kind,
        due=at(due),
        state=state,
        reason="",
        fingerprint=key or f"test:{next(_ids)}",
        created_at=at(created),
        closed_at=at(closed) if closed else None,
    )


def run(
    application: Application,
    now: str,
    *,
    events: tuple[Event, ...] = (),
    interviews: tuple[Interview, ...] = (),
    nudges: tuple[Nudge, ...] = (),
    **policy: Any,
) -> Plan:
    dossier = Dossier(application, events, interviews, (), nudges)
    return plan_nudges(Snapshot((dossier,)), at(now), PolicyConfig(country="NO", **policy), NORWAY)


def planned(plan: Plan) -> list[tuple[NudgeKind, datetime]]:
    return [(n.kind, n.due) for n in plan.nudges]


SC, TY, IF, FM, FR, AR = (
    NudgeKind.STATUS_CHECK,
    NudgeKind.THANK_YOU,
    NudgeKind.INTERVIEW_FOLLOWUP,
    NudgeKind.FINAL_MESSAGE,
    NudgeKind.FEEDBACK_REQUEST,
    NudgeKind.ANSWER_REQUEST,
)

CASES: list[tuple[str, dict[str, Any], list[tuple[NudgeKind, str]]]] = [
    (
        "applied Monday, no answer: status check 7 working days later at the start of hours",
        {"application": app(), "now": "2026-05-05T12:00"},
        [(SC, "2026-05-13T09:00")],
    ),
    (
        "Ascension Day does not count",
        {"application": app(applied="2026-05-06"), "now": "2026-05-06T12:00"},
        [(SC, "2026-05-18T09:00")],
    ),
    (
        "Christmas and New Year do not count",
        {"application": app(applied="2026-12-22"), "now": "2026-12-22T12:00"},
        [(SC, "2027-01-04T09:00")],
    ),
    (
        "acknowledged: the clock starts at their message",
        {
            "application": app(Status.ACKNOWLEDGED),
            "now": "2026-05-05T12:00",
            "events": (inbound("2026-05-05T10:30", Category.ACKNOWLEDGEMENT),),
        },
        [(SC, "2026-05-15T10:30")],
    ),
    (
        "an out-of-office is not an answer and does not move the clock",
        {
            "application": app(),
            "now": "2026-05-06T12:00",
            "events": (inbound("2026-05-05T10:30", Category.AUTO_REPLY),),
        },
        [(SC, "2026-05-13T09:00")],
    ),
    (
        "a status update in the evening: the check lands at the next start of hours",
        {
            "application": app(Status.ACKNOWLEDGED),
            "now": "2026-05-06T12:00",
            "events": (inbound("2026-05-05T21:00"),),
        },
        [(SC, "2026-05-18T09:00")],
    ),
    (
        "Friday interview, ahead: a thank-you on Monday morning, no status check before it",
        {
            "application": app(Status.INTERVIEWING),
            "now": "2026-05-07T12:00",
            "interviews": (interview("2026-05-08T10:00"),),
        },
        [(TY, "2026-05-11T09:00")],
    ),
    (
        "Friday interview, done: thank-you Monday, follow-up 3 working days after",
        {
            "application": app(Status.INTERVIEWING),
            "now": "2026-05-08T15:00",
            "interviews": (interview("2026-05-08T10:00"),),
        },
        [(TY, "2026-05-11T09:00"), (IF, "2026-05-13T10:00")],
    ),
    (
        "no thank-you once something was sent since the interview; it does not count",
        {
            "application": app(Status.INTERVIEWING),
            "now": "2026-05-11T12:00",
            "interviews": (interview("2026-05-08T10:00"),),
            "events": (outbound("2026-05-08T19:00"),),
        },
        [(IF, "2026-05-13T10:00")],
    ),
    (
        "an evening interview before a holiday: the follow-up waits for working hours",
        {
            "application": app(Status.INTERVIEWING),
            "now": "2026-05-11T19:00",
            "interviews": (interview("2026-05-08T18:00"),),
        },
        [(TY, "2026-05-11T09:00"), (IF, "2026-05-15T09:00")],
    ),
    (
        "the thank-you expires when the interview follow-up is due",
        {
            "application": app(Status.INTERVIEWING),
            "now": "2026-05-13T10:00",
            "interviews": (interview("2026-05-08T10:00"),),
        },
        [(IF, "2026-05-13T10:00")],
    ),
    (
        "one unanswered follow-up: the next status check counts from it",
        {
            "application": app(Status.INTERVIEWING),
            "now": "2026-05-13T11:00",
            "interviews": (interview("2026-05-08T10:00"),),
            "events": (outbound("2026-05-13T10:30"),),
        },
        [(SC, "2026-05-26T10:30")],
    ),
    (
        "two unanswered follow-ups: the next nudge is the final message",
        {
            "application": app(Status.INTERVIEWING),
            "now": "2026-05-26T11:00",
            "interviews": (interview("2026-05-08T10:00"),),
            "events": (outbound("2026-05-13T10:30"), outbound("2026-05-26T10:45")),
        },
        [(FM, "2026-06-04T10:45")],
    ),
    (
        "a reply resets the count: back to a status check",
        {
            "application": app(Status.INTERVIEWING),
            "now": "2026-05-27T11:00",
            "interviews": (interview("2026-05-08T10:00"),),
            "events": (
                outbound("2026-05-13T10:30"),
                outbound("2026-05-26T10:45"),
                inbound("2026-05-27T09:15"),
            ),
        },
        [(SC, "2026-06-05T09:15")],
    ),
    (
        "max_unanswered 1: the first unanswered follow-up already leads to the final message",
        {
            "application": app(),
            "now": "2026-05-13T11:00",
            "events": (outbound("2026-05-13T10:00"),),
            "max_unanswered": 1,
        },
        [(FM, "2026-05-26T10:00")],
    ),
    (
        "spacing: a short status_check_after still keeps 3 working days from the last contact",
        {
            "application": app(Status.ACKNOWLEDGED),
            "now": "2026-05-11T12:00",
            "events": (inbound("2026-05-11T11:00"),),
            "status_check_after": 1,
        },
        [(SC, "2026-05-15T11:00")],
    ),
    (
        "spacing 0 lets the short rule through",
        {
            "application": app(Status.ACKNOWLEDGED),
            "now": "2026-05-11T12:00",
            "events": (inbound("2026-05-11T11:00"),),
            "status_check_after": 1,
            "min_spacing": 0,
        },
        [(SC, "2026-05-12T11:00")],
    ),
    (
        "a request: answer it now (within hours), besides the status check",
        {
            "application": app(Status.ACKNOWLEDGED),
            "now": "2026-05-11T19:30",
            "events": (inbound("2026-05-11T19:00", Category.REQUEST, who="Ann"),),
        },
        [(AR, "2026-05-12T09:00"), (SC, "2026-05-22T09:00")],
    ),
    (
        "a request answered: no more nudge for it",
        {
            "application": app(Status.ACKNOWLEDGED),
            "now": "2026-05-12T12:00",
            "events": (
                inbound("2026-05-11T10:00", Category.REQUEST),
                outbound("2026-05-11T15:00"),
            ),
        },
        [(SC, "2026-05-21T15:00")],
    ),
    (
        "rejection: ask for feedback on the next working day",
        {
            "application": app(Status.REJECTED),
            "now": "2026-05-13T12:00",
            "events": (inbound("2026-05-13T11:00", Category.REJECTION),),
        },
        [(FR, "2026-05-15T09:00")],
    ),
    (
        "rejection long ago: a feedback request would be stale",
        {
            "application": app(Status.REJECTED),
            "now": "2026-06-15T12:00",
            "events": (inbound("2026-05-13T11:00", Category.REJECTION),),
        },
        [],
    ),
    (
        "rejection and feedback already asked: nothing",
        {
            "application": app(Status.REJECTED),
            "now": "2026-05-15T12:00",
            "events": (
                inbound("2026-05-13T11:00", Category.REJECTION),
                outbound("2026-05-14T20:00"),
            ),
        },
        [],
    ),
    (
        "events after `now` are not known yet",
        {
            "application": app(),
            "now": "2026-05-05T12:00",
            "events": (inbound("2026-05-06T10:00", Category.REJECTION),),
        },
        [(SC, "2026-05-13T09:00")],
    ),
    ("wishlist: nothing", {"application": app(Status.WISHLIST), "now": "2026-05-20T12:00"}, []),
    ("offer: no chasing", {"application": app(Status.OFFER), "now": "2026-05-20T12:00"}, []),
    ("withdrawn: nothing", {"application": app(Status.WITHDRAWN), "now": "2026-05-20T12:00"}, []),
]


@pytest.mark.parametrize(
    ("case", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_planned_nudges(case: dict[str, Any], expected: list[tuple[NudgeKind, str]]) -> None:
    case = dict(case)
    result = run(case.pop("application"), case.pop("now"), **case)
    assert planned(result) == [(kind, at(due)) for kind, due in expected]
    assert all(NORWAY.is_working_time(n.due) for n in result.nudges)


def test_every_reason_is_plain_words_naming_the_day() -> None:
    result = run(
        app(Status.INTERVIEWING), "2026-05-08T15:00", interviews=(interview("2026-05-08T10:00"),)
    )
    reasons = {n.kind: n.reason for n in result.nudges}
    assert "interview on Fri 8 May" in reasons[TY]
    assert "3 working days since your interview on Fri 8 May" in reasons[IF]
    assert "next step" in reasons[IF]


def test_fingerprints_are_stable_and_change_with_the_basis() -> None:
    first = run(app(), "2026-05-05T12:00").nudges[0]
    again = run(app(), "2026-05-07T12:00").nudges[0]
    assert first.fingerprint == again.fingerprint
    moved = run(app(), "2026-05-07T12:00", events=(outbound("2026-05-06T10:00"),)).nudges[0]
    assert moved.fingerprint != first.fingerprint


# -- marked done, dismissed --------------------------------------------------------------


def test_a_followup_marked_done_counts_as_sent() -> None:
    done = nudge(SC, NudgeState.DONE, "2026-05-13T09:00", "2026-05-05T12:00", "2026-05-13T09:30")
    result = run(app(), "2026-05-13T10:00", nudges=(done,))
    assert planned(result) == [(SC, at("2026-05-26T09:30"))]  # 14 and 25 May are holidays
    assert "your last follow-up on Wed 13 May" in result.nudges[0].reason


def test_done_and_the_sent_mail_behind_it_count_once() -> None:
    done = nudge(SC, NudgeState.DONE, "2026-05-13T09:00", "2026-05-05T12:00", "2026-05-13T09:30")
    sent = outbound("2026-05-13T09:20")
    result = run(app(), "2026-05-13T10:00", nudges=(done,), events=(sent,))
    assert planned(result) == [(SC, at("2026-05-26T09:20"))]  # one act, not the final message


def test_a_dismissed_status_check_comes_again_a_cycle_later() -> None:
    dismissed = nudge(
        SC, NudgeState.DISMISSED, "2026-05-13T09:00", "2026-05-05T12:00", "2026-05-13T09:30"
    )
    result = run(app(), "2026-05-13T10:00", nudges=(dismissed,))
    assert planned(result) == [(SC, at("2026-05-26T09:00"))]


def test_a_dismissed_interview_followup_gives_way_to_a_status_check() -> None:
    key = fingerprint(1, IF, 1, at("2026-05-08T10:00"))
    dismissed = nudge(
        IF, NudgeState.DISMISSED, "2026-05-13T10:00", "2026-05-08T15:00", "2026-05-13T11:00", key
    )
    result = run(
        app(Status.INTERVIEWING),
        "2026-05-13T12:00",
        interviews=(interview("2026-05-08T10:00"),),
        nudges=(dismissed,),
    )
    assert planned(result) == [(SC, at("2026-05-26T10:00"))]


# -- dropping and reopening --------------------------------------------------------------

FOLLOWED_UP_TWICE = (outbound("2026-05-13T10:30"), outbound("2026-05-26T10:45"))


def final(state: NudgeState, closed: str | None = None) -> Nudge:
    key = fingerprint(1, FM, at("2026-05-26T10:45"))
    return nudge(FM, state, "2026-06-04T10:45", "2026-05-26T11:00", closed, key)


@pytest.mark.parametrize(
    ("now", "state", "closed", "extra", "dropped"),
    [
        ("2026-06-04T12:00", NudgeState.DELIVERED, None, (), False),
        ("2026-06-04T12:00", NudgeState.DONE, "2026-06-04T11:00", (), True),
        ("2026-06-04T12:00", NudgeState.DELIVERED, None, (outbound("2026-06-04T11:00"),), True),
        ("2026-06-10T12:00", NudgeState.DELIVERED, None, (), False),  # 4 working days later
        ("2026-06-11T10:44", NudgeState.DELIVERED, None, (), False),
        ("2026-06-11T10:45", NudgeState.DELIVERED, None, (), True),  # 5 working days later
        ("2026-06-11T10:45", NudgeState.DISMISSED, "2026-06-04T11:00", (), True),
    ],
    ids=[
        "proposed",
        "marked done",
        "seen in Sent",
        "4 days",
        "just before 5 days",
        "5 days",
        "dismissed, 5 days",
    ],
)
def test_dropped_after_the_final_message(
    now: str, state: NudgeState, closed: str | None, extra: tuple[Event, ...], dropped: bool
) -> None:
    result = run(app(), now, events=FOLLOWED_UP_TWICE + extra, nudges=(final(state, closed),))
    if dropped:
        assert [(c.status, c.close_reason) for c in result.changes] == [(Status.DROPPED, "dropped")]
        assert result.nudges == ()
    else:
        assert result.changes == ()
        assert planned(result) == [(FM, at("2026-06-04T10:45"))]


def test_the_persons_own_status_wins_over_the_drop() -> None:
    manual = app(status_manual=True, updated_at=at("2026-06-05T10:00"))
    result = run(
        manual,
        "2026-06-12T12:00",
        events=FOLLOWED_UP_TWICE,
        nudges=(final(NudgeState.DONE, "2026-06-04T11:00"),),
    )
    assert result.changes == ()


def test_a_dropped_application_stays_quiet() -> None:
    dropped = app(Status.DROPPED, updated_at=at("2026-06-04T12:00"))
    result = run(
        dropped,
        "2026-09-01T12:00",
        events=FOLLOWED_UP_TWICE,
        nudges=(final(NudgeState.DONE, "2026-06-04T11:00"),),
    )
    assert result.changes == ()
    assert result.nudges == ()


@pytest.mark.parametrize(
    ("interviews", "earlier", "status"),
    [
        ((interview("2026-05-08T10:00"),), (), Status.INTERVIEWING),
        ((), (inbound("2026-05-06T10:00", Category.ACKNOWLEDGEMENT),), Status.ACKNOWLEDGED),
        ((), (), Status.APPLIED),
    ],
)
def test_a_late_reply_reopens_a_dropped_application(
    interviews: tuple[Interview, ...], earlier: tuple[Event, ...], status: Status
) -> None:
    dropped = app(Status.DROPPED, updated_at=at("2026-06-04T12:00"))
    reply = inbound("2026-08-03T10:00")
    result = run(
        dropped,
        "2026-08-03T11:00",
        events=(*earlier, *FOLLOWED_UP_TWICE, reply),
        interviews=interviews,
        nudges=(final(NudgeState.DONE, "2026-06-04T11:00"),),
    )
    assert [c.status for c in result.changes] == [status]
    assert "answered on Mon 3 Aug" in result.changes[0].reason
    assert planned(result) == [(SC, at("2026-08-12T10:00"))]


def test_an_automatic_reply_does_not_reopen() -> None:
    dropped = app(Status.DROPPED, updated_at=at("2026-06-04T12:00"))
    result = run(
        dropped,
        "2026-08-03T11:00",
        events=(*FOLLOWED_UP_TWICE, inbound("2026-08-03T10:00", Category.AUTO_REPLY)),
        nudges=(final(NudgeState.DONE, "2026-06-04T11:00"),),
    )
    assert result.changes == ()


def test_dropped_by_hand_stays_dropped() -> None:
    dropped = app(Status.DROPPED, status_manual=True, updated_at=at("2026-06-04T12:00"))
    result = run(dropped, "2026-08-03T11:00", events=(inbound("2026-08-03T10:00"),))
    assert result.changes == ()


# -- too many open -----------------------------------------------------------------------


def test_too_many_open_names_the_least_wanted() -> None:
    def one(app_id: int, priority: int | None, status: Status = Status.APPLIED) -> Dossier:
        return Dossier(app(status, id=app_id, company=f"C{app_id}", priority=priority))

    dossiers = (
        one(1, 1),
        one(2, None),
        one(3, 5),
        one(4, 2),
        one(5, 9, Status.REJECTED),
        one(6, 7, Status.WISHLIST),
    )
    result = plan_nudges(
        Snapshot(dossiers),
        at("2026-05-05T12:00"),
        PolicyConfig(max_active_applications=2),
        NORWAY,
    )
    assert result.too_many
    assert (result.active, result.limit) == (4, 2)
    assert [a.id for a in result.let_go] == [2, 3]
    assert [a.id for a in result.to_reflect] == [5]


def test_within_the_limit_nobody_is_named() -> None:
    result = plan_nudges(
        Snapshot((Dossier(app()),)), at("2026-05-05T12:00"), PolicyConfig(), NORWAY
    )
    assert not result.too_many
    assert result.let_go == ()
