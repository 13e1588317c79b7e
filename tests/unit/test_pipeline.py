"""What a message does to the store: the status rules of DESIGN.md, the log, review, idempotence."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from mailmaker import mail, raw

from agent import weigh
from agent.config import MatchingConfig
from agent.learned import Reading
from agent.models import Category, Direction, Status
from agent.pipeline import Decision, Outcome, handle
from agent.review import accept
from agent.store import Store

SETTINGS = MatchingConfig()
ACK = "We have received your application for the Backend Developer role and will review it soon."
INVITE = "We would like to invite you to an interview. Would Tuesday at 10:00 work for you?"
REJECT = "Unfortunately we have decided to move forward with other candidates."
STATUS = "We are still reviewing applications; it is taking longer than expected."


def inbound(store: Store, now: datetime, body: str, n: int, **kwargs: object) -> Outcome:
    data = mail(
        kwargs.pop("sender", "Ann Berg <ann@acme.example>"),  # type: ignore[arg-type]
        kwargs.pop("subject", "Your application"),  # type: ignore[arg-type]
        body,
        msgid=f"<m{n}@acme.example>",
        date=now + timedelta(hours=n),
        **kwargs,  # type: ignore[arg-type]
    )
    return handle(raw(data), store, SETTINGS, now + timedelta(hours=n))


def test_acknowledgement_moves_applied_forward_and_is_logged(
    store: Store, now: datetime, acme: int
) -> None:
    outcome = inbound(store, now, ACK, 1)
    assert outcome.decision is Decision.UPDATED
    assert store.application(acme).status is Status.ACKNOWLEDGED
    [event] = store.events(acme)
    assert event.category is Category.ACKNOWLEDGEMENT
    assert event.direction is Direction.IN
    assert event.message_id == "<m1@acme.example>"
    assert event.who == "Ann Berg <ann@acme.example>"
    assert event.subject == "Your application"
    assert "received your application" in event.summary
    record = store.message_record("<m1@acme.example>")
    assert record.application_id == acme
    assert any(r.startswith("match: contact") for r in record.evidence)


@pytest.mark.parametrize(
    ("before", "body", "after"),
    [
        (Status.APPLIED, INVITE, Status.INTERVIEWING),
        (Status.OFFER, INVITE, Status.OFFER),  # never backwards
        (Status.INTERVIEWING, ACK, Status.INTERVIEWING),
        (Status.INTERVIEWING, REJECT, Status.REJECTED),  # a rejection closes any open status
        (Status.OFFER, REJECT, Status.REJECTED),
        (Status.WITHDRAWN, INVITE, Status.WITHDRAWN),  # closed stays closed
        (Status.DROPPED, STATUS, Status.APPLIED),  # a reply reopens a dropped application
        (Status.DROPPED, INVITE, Status.INTERVIEWING),
        (Status.ACKNOWLEDGED, STATUS, Status.ACKNOWLEDGED),
    ],
)
def test_status_rules(
    store: Store, now: datetime, acme: int, before: Status, body: str, after: Status
) -> None:
    store.set_status(acme, before, now, manual=False)
    outcome = inbound(store, now, body, 1)
    assert store.application(acme).status is after
    assert outcome.status_after == (after if after is not before else None)
    assert len(store.events(acme)) == 1


def test_automatic_reply_does_not_reopen_a_dropped_application(
    store: Store, now: datetime, acme: int
) -> None:
    store.set_status(acme, Status.DROPPED, now, manual=False)
    inbound(
        store,
        now,
        "I am out of the office until Monday.",
        1,
        headers={"Auto-Submitted": "auto-replied"},
    )
    assert store.application(acme).status is Status.DROPPED
    [event] = store.events(acme)
    assert event.category is Category.AUTO_REPLY


def test_status_set_by_hand_wins_but_the_contact_is_logged(
    store: Store, now: datetime, acme: int
) -> None:
    store.set_status(acme, Status.APPLIED, now, manual=True)
    outcome = inbound(store, now, REJECT, 1)
    assert store.application(acme).status is Status.APPLIED
    assert outcome.status_after is None
    assert [e.category for e in store.events(acme)] == [Category.REJECTION]


def test_duplicates_do_nothing(store: Store, now: datetime, acme: int) -> None:
    data = mail("Ann <ann@acme.example>", "Interview", INVITE, msgid="<d@acme.example>", date=now)
    assert handle(raw(data), store, SETTINGS, now).decision is Decision.UPDATED
    again = handle(raw(data, folder="Archive"), store, SETTINGS, now)
    assert again.decision is Decision.DUPLICATE
    assert len(store.events(acme)) == 1
    assert len(store.message_records()) == 1


def test_review_changes_nothing(store: Store, now: datetime, acme: int) -> None:
    other = store.add_application(
        company="Acme AS", role="Data Analyst", now=now, company_domain="acme.example"
    )
    outcome = inbound(store, now, INVITE, 1, sender="Recruiting <jobs@acme.example>")
    assert outcome.decision is Decision.REVIEW
    assert store.events() == []
    assert store.application(acme).status is Status.APPLIED
    assert store.application(other.id).status is Status.APPLIED
    [item] = store.review_items()
    assert set(item.candidates) == {acme, other.id}
    assert item.application_id is None


def test_doubtful_category_that_would_change_the_status_goes_to_review(
    store: Store, now: datetime, acme: int
) -> None:
    outcome = inbound(
        store,
        now,
        "We would like to invite you to an interview. Unfortunately the position has been filled.",
        1,
    )
    assert outcome.decision is Decision.REVIEW
    assert store.application(acme).status is Status.APPLIED


def test_the_model_reads_only_mail_that_points_at_an_application(
    store: Store, now: datetime, acme: int
) -> None:
    def model_said(outcome: Outcome) -> bool:
        return any(e.startswith("category: model") for e in outcome.evidence)

    assert model_said(inbound(store, now, REJECT, 1))
    stranger = inbound(store, now, REJECT, 2, sender="Bo <bo@elsewhere.example>", subject="Hi")
    assert stranger.decision is Decision.UNMATCHED
    assert not model_said(stranger)


def test_a_recruiter_matched_by_what_they_write_is_known_next_time(
    store: Store, now: datetime, acme: int
) -> None:
    recruiter = "Sophie Lund <sophie@talentbridge.example>"
    first = inbound(
        store,
        now,
        "My client Acme AS would like to invite you to an interview for the Backend Developer "
        "role. Would Tuesday at 10:00 work for you?",
        1,
        sender=recruiter,
        subject="Acme AS - Backend Developer",
    )
    assert first.application_id == acme
    assert "sophie@talentbridge.example" in {c.email for c in store.application(acme).contacts}
    again = inbound(
        store,
        now,
        "Quick one: could you send me your CV as a PDF?",
        2,
        sender=recruiter,
        subject="CV",
    )
    assert again.application_id == acme
    assert again.decision is Decision.MATCHED


def test_a_robot_that_writes_about_an_application_is_not_made_a_contact(
    store: Store, now: datetime, acme: int
) -> None:
    inbound(
        store,
        now,
        REJECT + " Acme AS, Backend Developer.",
        1,
        sender="Acme AS <no-reply@hiring.example>",
        subject="Your application to Acme AS",
    )
    assert {c.email for c in store.application(acme).contacts} == {"ann@acme.example"}


def test_mail_the_model_is_sure_is_a_job_alert_is_not_matched(
    store: Store, now: datetime, acme: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    class SureItIsAnAlert:
        def read(self, found: set[str]) -> Reading:
            others = {c: 0.001 for c in Category if c is not Category.JOB_ALERT}
            return Reading({**others, Category.JOB_ALERT: 0.99})

    monkeypatch.setattr(weigh, "shipped_model", SureItIsAnAlert)
    outcome = inbound(store, now, "Backend Developer roles at Acme AS this week.", 1)
    assert outcome.decision is Decision.IGNORED
    assert outcome.category is Category.JOB_ALERT
    assert store.events(acme) == []


def test_an_invoice_from_a_shared_mailbox_noted_as_contact_is_no_part_of_the_story(
    store: Store, now: datetime
) -> None:
    app = store.add_application(
        company="Brdr. Lund ApS",
        role="Bogholder",
        now=now,
        company_domain="brdrlund.example",
        contacts=[(None, "post@brdrlund.example")],
    ).id
    outcome = inbound(
        store,
        now,
        "Faktura 2026-0418. Beløb kr 1.250,00 inkl. moms. Betales senest 30. april.",
        1,
        sender="Brdr. Lund ApS <post@brdrlund.example>",
        subject="Faktura 2026-0418 fra Brdr. Lund ApS",
    )
    assert outcome.decision is Decision.UNMATCHED
    assert store.events(app) == []
    # Written by a person at that mailbox, it is still the contact's note.
    note = inbound(
        store,
        now,
        "Tak for din ansøgning til stillingen som bogholder. Vi vender tilbage i næste uge.",
        2,
        sender="Brdr. Lund ApS <post@brdrlund.example>",
        subject="Din ansøgning",
    )
    assert note.application_id == app


def test_job_alert_is_never_matched(store: Store, now: datetime, acme: int) -> None:
    outcome = inbound(
        store,
        now,
        "New jobs for you: Backend Developer at Acme AS. Apply now. Unsubscribe.",
        1,
        sender="Alerts <alerts@jobs.acme.example>",
        subject="5 new jobs matching your search",
        headers={"List-Unsubscribe": "<https://x.example/u>"},
    )
    assert outcome.decision is Decision.IGNORED
    assert outcome.application_id is None
    assert store.events() == []


def test_unrelated_mail_from_the_company_domain_is_left_alone(
    store: Store, now: datetime, acme: int
) -> None:
    outcome = inbound(
        store,
        now,
        "Your invoice for March is ready: 120 kr. Order number 55.",
        1,
        sender="billing@acme.example",
        subject="Invoice",
    )
    assert outcome.decision is Decision.UNMATCHED
    assert store.events() == []


def test_outbound_followup_is_logged_and_a_private_recruiter_address_is_learned(
    store: Store, now: datetime, acme: int
) -> None:
    sent = mail(
        "Kari <kari@example.net>",
        "Following up on my application",
        "Hi, I wanted to check where you are in the process for the Backend Developer role at Acme.",
        msgid="<out1@example.net>",
        date=now,
        to="Ann Berg <ann@acme.example>, Per <per.recruits@gmail.com>",
    )
    outcome = handle(raw(sent, outbound=True), store, SETTINGS, now)
    assert outcome.category is Category.OUTBOUND_FOLLOWUP
    [event] = store.events(acme)
    assert event.direction is Direction.OUT
    assert event.category is Category.OUTBOUND_FOLLOWUP
    assert "per.recruits@gmail.com" in {c.email for c in store.contacts(acme)}
    private = mail(
        "Per <per.recruits@gmail.com>",
        "Hi",
        STATUS,
        msgid="<p1@gmail.com>",
        date=now + timedelta(days=1),
    )
    assert handle(raw(private), store, SETTINGS, now).application_id == acme


def test_sent_mail_to_nobody_tracked_is_unrelated(store: Store, now: datetime, acme: int) -> None:
    sent = mail(
        "Kari <kari@example.net>",
        "Dinner",
        "See you at eight!",
        msgid="<o2@example.net>",
        date=now,
        to="friend@gmail.com",
    )
    outcome = handle(raw(sent, outbound=True), store, SETTINGS, now)
    assert outcome.decision is Decision.UNMATCHED
    assert outcome.category is Category.UNRELATED


def test_thread_links_in_both_directions(store: Store, now: datetime, acme: int) -> None:
    # The person's reply (Sent) is read before the message it answers, which came from a
    # private address nothing else ties to Acme.
    reply = mail(
        "Kari <kari@example.net>",
        "Re: coffee?",
        "Thursday works.",
        msgid="<r1@example.net>",
        date=now + timedelta(hours=2),
        to="Ann Berg <ann@acme.example>",
        in_reply_to="<orig@gmail.com>",
    )
    handle(raw(reply, outbound=True), store, SETTINGS, now)
    original = mail(
        "Ann <ann.private@gmail.com>", "coffee?", INVITE, msgid="<orig@gmail.com>", date=now
    )
    outcome = handle(raw(original), store, SETTINGS, now)
    assert outcome.application_id == acme
    assert any("thread" in r for r in outcome.evidence)
    follow = mail(
        "Ann <ann.private@gmail.com>",
        "Re: coffee?",
        "Great, see you then.",
        msgid="<f@gmail.com>",
        date=now + timedelta(hours=3),
        in_reply_to="<r1@example.net>",
    )
    assert handle(raw(follow), store, SETTINGS, now).application_id == acme


def test_calendar_invitation_gives_an_interview_record(
    store: Store, now: datetime, acme: int
) -> None:
    calendar = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
        b"UID:x1\r\nDTSTART:20260310T090000Z\r\nSUMMARY:Interview Backend Developer\r\n"
        b"ORGANIZER;CN=Ann Berg:mailto:ann@acme.example\r\nLOCATION:Teams\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    inbound(
        store,
        now,
        "Invitation from Ann Berg.",
        1,
        subject="Invitation: Interview",
        calendar=calendar,
    )
    [interview] = store.interviews(acme)
    assert interview.at.isoformat().startswith("2026-03-10T09:00")
    assert interview.with_who == "Ann Berg <ann@acme.example>"
    assert store.application(acme).status is Status.INTERVIEWING


def test_html_only_message_is_read(store: Store, now: datetime, acme: int) -> None:
    data = mail(
        "Ann <ann@acme.example>",
        "Update",
        "",
        msgid="<h@acme.example>",
        date=now,
        html=f"<p>{REJECT}</p>",
    )
    outcome = handle(raw(data), store, SETTINGS, now)
    assert outcome.category is Category.REJECTION


def test_broken_message_is_recorded_and_nothing_else(
    store: Store, now: datetime, acme: int
) -> None:
    outcome = handle(raw(b"   \n"), store, SETTINGS, now)
    assert outcome.decision is Decision.FAILED
    assert store.message_records()[0].decision == "failed"
    assert store.events() == []


def test_dry_run_writes_nothing(store: Store, now: datetime, acme: int) -> None:
    data = mail("Ann <ann@acme.example>", "Interview", INVITE, msgid="<dry@acme.example>", date=now)
    outcome = handle(raw(data), store, SETTINGS, now, dry_run=True)
    assert outcome.decision is Decision.UPDATED
    assert store.events() == []
    assert store.message_records() == []
    assert store.application(acme).status is Status.APPLIED


def test_info_log_names_the_decision_but_no_address_name_or_subject(
    store: Store, now: datetime, acme: int, caplog: pytest.LogCaptureFixture
) -> None:
    """The journal is less private than the database: details only at debug level."""
    with caplog.at_level("INFO", logger="agent.pipeline"):
        inbound(store, now, ACK, 1, subject="Backend Developer at Acme: received")
    info = " ".join(r.getMessage() for r in caplog.records if r.levelname == "INFO")
    assert "updated acknowledgement" in info
    for private in ("ann@acme.example", "Ann Berg", "Backend Developer", "received"):
        assert private not in info
    caplog.clear()
    with caplog.at_level("DEBUG", logger="agent.pipeline"):
        inbound(store, now, STATUS, 2)
    assert "ann@acme.example" in caplog.text  # the evidence is there for whoever asks for it


PER = "Per <per.lindqvist@gmail.com>"


def note_from_per(
    store: Store, now: datetime, subject: str, body: str, n: int, answers: str | None = None
) -> Outcome:
    """Message <p{n}@gmail.com> from Per's private address, n hours after `now`."""
    data = mail(
        PER,
        subject,
        body,
        msgid=f"<p{n}@gmail.com>",
        date=now + timedelta(hours=n),
        **({"in_reply_to": answers} if answers else {}),
    )
    return handle(raw(data), store, SETTINGS, now + timedelta(hours=n))


def ask_about_a_private_note(store: Store, now: datetime) -> Outcome:
    """A note from a private address that names the company only in passing: asked about."""
    body = "A colleague at Acme passed me your name. I would like to invite you to a short call."
    return note_from_per(store, now, "Quick chat", body, 0)


def reply_from_per(store: Store, now: datetime, body: str, hours: int) -> Outcome:
    return note_from_per(store, now, "Re: Quick chat", body, hours, answers="<p0@gmail.com>")


def test_a_reply_to_a_message_waiting_for_review_leans_to_its_proposal(
    store: Store, now: datetime, acme: int
) -> None:
    asked = ask_about_a_private_note(store, now)
    assert asked.decision is Decision.REVIEW
    assert asked.candidates[:1] == (acme,)
    # His next note names the role: with the question's proposal, that is enough.
    settled = reply_from_per(
        store, now, "For the Backend Developer role: Thursday at 10:00 works for me.", 2
    )
    assert settled.application_id == acme
    assert not settled.review
    assert any("waiting for review" in r for r in settled.evidence)


def test_a_bare_reply_to_a_message_waiting_for_review_is_asked_about_not_dropped(
    store: Store, now: datetime, acme: int
) -> None:
    ask_about_a_private_note(store, now)
    outcome = reply_from_per(store, now, "Great, Thursday at 10:00 then. See you!", 3)
    assert outcome.decision is Decision.REVIEW
    assert outcome.candidates[:1] == (acme,)


def test_the_application_a_question_proposes_is_the_one_review_accept_takes(
    store: Store, now: datetime, acme: int
) -> None:
    """A word of the role told Data Analyst apart, though Backend Developer ranked first (it
    was added first): the question's proposal, what `review accept` takes, is Data Analyst."""
    analyst = store.add_application(
        company="Acme AS", role="Data Analyst", now=now, company_domain="acme.example"
    )
    body = "A note about the analyst post at Acme. Could we talk on Thursday at 10:00?"
    asked = note_from_per(store, now, "Quick chat", body, 0)
    assert asked.decision is Decision.REVIEW
    assert asked.application_id == analyst.id
    [item] = store.review_items()
    assert item.candidates[0] == analyst.id
    assert accept(store, item.id, now).application.id == analyst.id


def test_a_hiring_manager_who_says_where_they_work_is_believed_and_known_next_time(
    store: Store, now: datetime, acme: int
) -> None:
    body = (
        "Per here, engineering manager at Acme. I would like to invite you to an interview "
        "on Tuesday at 10:00.\n\nPer"
    )
    outcome = note_from_per(store, now, "Quick chat", body, 0)
    assert outcome.decision is Decision.UPDATED
    assert store.application(acme).status is Status.INTERVIEWING
    # Learned as a contact: a later note that names nothing is his application's too.
    later = inbound(store, now, STATUS, 5, sender=PER)
    assert later.application_id == acme
    assert not later.review


def test_answering_the_first_question_of_a_thread_answers_the_rest(
    store: Store, now: datetime, acme: int
) -> None:
    ask_about_a_private_note(store, now)
    reply_from_per(store, now, "Great, Thursday at 10:00 then. See you!", 3)
    first, second = store.review_items()
    assert (first.message_id, second.message_id) == ("<p0@gmail.com>", "<p3@gmail.com>")
    settled = accept(store, first.id, now + timedelta(hours=4))
    assert [f.item.id for f in settled.thread] == [second.id]
    assert store.review_items() == []
    assert store.application(acme).status is Status.INTERVIEWING
    logged = [e.message_id for e in store.events(acme) if e.message_id]
    assert logged == ["<p0@gmail.com>", "<p3@gmail.com>"]


def test_a_question_of_another_thread_stays_open(store: Store, now: datetime, acme: int) -> None:
    ask_about_a_private_note(store, now)
    body = "A colleague at Acme asked me to pass on an invitation to a short call."
    note_from_per(store, now, "Another thing", body, 1)
    first, second = store.review_items()
    assert accept(store, first.id, now + timedelta(hours=2)).thread == ()
    assert [item.id for item in store.review_items()] == [second.id]
