"""The nudge mail as built, before any server sees it."""

from __future__ import annotations

from datetime import UTC, datetime

from agent.config import EmailConfig
from agent.models import NudgeKind
from agent.nudge import Notice
from agent.nudge.smtp import build_message, message_text

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
CONFIG = EmailConfig(enabled=True, to="me@example.org", host="smtp.example.org")


def notice(**overrides: object) -> Notice:
    values: dict[str, object] = {
        "nudge_id": 9,
        "kind": NudgeKind.FEEDBACK_REQUEST,
        "title": "Ask Acme for feedback",
        "body": "They said no on Friday.",
        "draft_subject": "Feedback on my application",
        "draft": "Hi Ann,\n\nCould you tell me what tipped the balance?",
        "application_label": "Acme — Backend developer",
    }
    values.update(overrides)
    return Notice(**values)  # type: ignore[arg-type]


def test_headers_mark_the_mail_as_ours_and_automatic():
    message = build_message(notice(), CONFIG, NOW)

    assert message["From"] == "me@example.org"
    assert message["To"] == "me@example.org"
    assert message["Date"] == "Mon, 02 Mar 2026 09:30:00 +0000"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["X-Followup-Nudge"] == "9"
    assert message["Message-ID"].endswith("@example.org>")


def test_the_text_carries_why_the_application_and_the_draft():
    text = message_text(notice())

    assert text.startswith("Ask Acme for feedback\n\nThey said no on Friday.\n")
    assert "Application: Acme — Backend developer" in text
    assert "Subject: Feedback on my application\n\nHi Ann,\n\nCould you tell me" in text
    assert "(nudge 9)" in text


def test_the_digest_has_no_draft_and_no_nudge_footer():
    text = message_text(
        notice(nudge_id=0, draft="", draft_subject="", application_label="", body="3 due today")
    )

    assert "Draft" not in text
    assert "Application:" not in text
    assert "nudge 0" not in text
    assert "3 due today" in text


def test_control_characters_from_mail_do_not_reach_the_text():
    text = message_text(notice(body="see\x1b[2J this\u202e", draft="Hi\x00 there"))

    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "\x00" not in text
