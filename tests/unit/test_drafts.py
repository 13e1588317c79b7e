"""Draft messages: built-in templates in English and Norwegian, overrides, safety of mail text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent.drafts import Drafts, draft_context, reply_subject, say_day
from agent.errors import ConfigError
from agent.models import (
    Application,
    Case,
    Category,
    Contact,
    ContactChannel,
    Direction,
    Event,
    Interview,
    NudgeKind,
    Status,
)
from agent.workdays import build_calendar

OSLO = ZoneInfo("Europe/Oslo")
CAL = build_calendar(OSLO, country="NO")
NOW = datetime(2026, 5, 13, 10, 0, tzinfo=OSLO)


def application(**fields: object) -> Application:
    values: dict[str, object] = {
        "id": 3,
        "company": "Acme",
        "role": "Backend developer",
        "status": Status.INTERVIEWING,
        "applied_on": date(2026, 5, 4),
        "contacts": (Contact(1, 3, "Ann Berg", "ann@acme.example"),),
    }
    values.update(fields)
    return Application(**values)  # type: ignore[arg-type]


def context(
    language: str = "en", app: Application | None = None, **kw: object
) -> dict[str, object]:
    return draft_context(
        app or application(),
        language=language,
        calendar=CAL,
        interviews=[Interview(1, 3, datetime(2026, 5, 8, 10, 0, tzinfo=OSLO))],
        now=NOW,
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("language", ["en", "no"])
@pytest.mark.parametrize("kind", list(NudgeKind))
def test_every_kind_has_a_builtin_draft(kind: NudgeKind, language: str) -> None:
    draft = Drafts().render(kind, language, context(language))
    assert draft.subject
    assert "\n" not in draft.subject
    assert "{" not in draft.body
    assert "}" not in draft.body
    assert "Backend developer" in draft.subject + draft.body
    assert draft.body.startswith("Hei" if language == "no" else "Hello")
    assert draft.body.rstrip().endswith("[ditt navn]" if language == "no" else "[your name]")


def test_the_interview_day_is_written_in_the_drafts_language() -> None:
    assert "on Friday 8 May" in Drafts().render(NudgeKind.THANK_YOU, "en", context()).body
    body = Drafts().render(NudgeKind.THANK_YOU, "no", context("no")).body
    assert "fredag 8. mai" in body


@pytest.mark.parametrize(
    ("day", "language", "expected"),
    [
        (date(2026, 5, 14), "en", "Thursday 14 May"),
        (date(2026, 5, 14), "no", "torsdag 14. mai"),
        (date(2026, 12, 24), "no", "torsdag 24. desember"),
        (date(2026, 12, 24), "de", "Thursday 24 December"),
    ],
)
def test_say_day(day: date, language: str, expected: str) -> None:
    assert say_day(day, language) == expected


def test_prepared_questions_go_into_the_draft_or_a_placeholder_does() -> None:
    without = Drafts().render(NudgeKind.INTERVIEW_FOLLOWUP, "en", context())
    assert "[A question the interview and the job ad did not answer" in without.body
    case = Case(1, 3, "How is on-call shared?", NOW)
    done = Case(2, 3, "Already answered", NOW, done_at=NOW)
    with_q = Drafts().render(NudgeKind.INTERVIEW_FOLLOWUP, "en", context(cases=[case, done]))
    assert "something I did not get to ask: How is on-call shared?" in with_q.body
    assert "Already answered" not in with_q.body


def test_mail_text_is_flattened_before_a_template_sees_it() -> None:
    hostile = application(
        company="Acme\nBcc: x@evil.example",
        contacts=(Contact(1, 3, "Ann\r\nBerg\x1b[2J", "ann@acme.example"),),
    )
    request = Event(
        1,
        3,
        NOW,
        Direction.IN,
        ContactChannel.EMAIL,
        "x",
        subject="Documents?\r\nBcc: y@evil.example",
        category=Category.REQUEST,
    )
    draft = Drafts().render(NudgeKind.ANSWER_REQUEST, "en", context(app=hostile, events=[request]))
    assert draft.subject == "Re: Documents? Bcc: y@evil.example"
    assert "Hello Ann," in draft.body  # first name only, no escape sequence
    assert "\x1b" not in draft.body
    assert "\r" not in draft.body


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Your application", "Re: Your application"),
        ("RE: Your application", "RE: Your application"),
        ("SV: Søknad", "SV: Søknad"),
        (None, "Re: Backend developer"),
    ],
)
def test_reply_subject_does_not_stack_prefixes(subject: str | None, expected: str) -> None:
    assert reply_subject(subject, "Backend developer") == expected


def test_a_user_template_overrides_the_builtin(tmp_path: Path) -> None:
    (tmp_path / "no").mkdir()
    (tmp_path / "no" / "thank_you.txt.j2").write_text(
        "Subject: Tusen takk, {{ company }}\nHei {{ contact_first_name }}!\n", encoding="utf-8"
    )
    drafts = Drafts(tmp_path)
    draft = drafts.render(NudgeKind.THANK_YOU, "no", context("no"))
    assert (draft.subject, draft.body) == ("Tusen takk, Acme", "Hei Ann!\n")
    # Kinds and languages the person did not override still come from the built-in set.
    assert drafts.render(NudgeKind.THANK_YOU, "en", context()).subject.startswith("Thank you")


def test_a_template_without_subject_line_uses_the_role(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "status_check.txt.j2").write_text("Just the body.\n", encoding="utf-8")
    draft = Drafts(tmp_path).render(NudgeKind.STATUS_CHECK, "en", context())
    assert (draft.subject, draft.body) == ("Backend developer", "Just the body.\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{% if %}", "template error at line 1"),
        ("Hello {{ nmae }}", "the template may only use: "),
    ],
)
def test_a_broken_user_template_names_the_file_and_the_fix(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "en").mkdir()
    path = tmp_path / "en" / "final_message.txt.j2"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as err:
        Drafts(tmp_path).render(NudgeKind.FINAL_MESSAGE, "en", context())
    assert str(path) in str(err.value)


def test_an_unknown_language_falls_back_to_english() -> None:
    draft = Drafts().render(NudgeKind.STATUS_CHECK, "de", context("de"))
    assert draft.body.startswith("Hello")


@pytest.mark.parametrize(
    ("with_who", "greeting"),
    [
        ("Bob Stone <bob@acme.example>", "Hello Bob,"),
        ("Carl", "Hello Carl,"),
        ("bob@acme.example", "Hello Ann,"),  # no name: the known contact
        (None, "Hello Ann,"),
    ],
)
def test_interview_drafts_greet_the_interviewer(with_who: str | None, greeting: str) -> None:
    met = Interview(1, 3, datetime(2026, 5, 8, 10, 0, tzinfo=OSLO), with_who=with_who)
    values = draft_context(application(), language="en", calendar=CAL, interviews=[met], now=NOW)
    for kind in (NudgeKind.THANK_YOU, NudgeKind.INTERVIEW_FOLLOWUP):
        assert Drafts().render(kind, "en", values).body.startswith(greeting + "\n")
