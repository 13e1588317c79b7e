"""The terminal channel: a readable block, and nothing from mail can drive the terminal."""

from __future__ import annotations

import io

import pytest

from agent.errors import NudgeError
from agent.models import NudgeKind
from agent.nudge import Notice
from agent.nudge.terminal import TerminalChannel, render_notice


def make_notice(**overrides: object) -> Notice:
    values: dict[str, object] = {
        "nudge_id": 5,
        "kind": NudgeKind.INTERVIEW_FOLLOWUP,
        "title": "Thank Ann for the interview",
        "body": "The interview was 3 working days ago.\nQuestions: next step?",
        "draft_subject": "Thank you for today",
        "draft": "Hi Ann,\n\nThank you for the conversation.",
        "application_label": "Acme — Backend developer",
    }
    values.update(overrides)
    return Notice(**values)  # type: ignore[arg-type]


def test_block_shows_heading_why_and_the_draft_indented():
    stream = io.StringIO()

    TerminalChannel(stream).send(make_notice())

    lines = stream.getvalue().splitlines()
    assert lines[0] == "Thank Ann for the interview  [nudge 5]"
    assert set(lines[1]) == {"─"}
    assert "Acme — Backend developer" in lines
    assert "Questions: next step?" in lines
    assert "Draft — Thank you for today" in lines
    assert "    Thank you for the conversation." in lines
    assert stream.getvalue().endswith("\n\n")


def test_escape_sequences_and_bidi_overrides_from_mail_are_removed():
    text = render_notice(
        make_notice(
            title="Acme\x1b[2J\x1b]0;pwned\x07 offer\u202e",
            body="line one\x1b[31m red\nline two\x08",
            draft="Hi\u2066 there",
        )
    )

    assert "\x1b" not in text
    assert "\x07" not in text
    assert "\x08" not in text
    assert "\u202e" not in text
    assert "\u2066" not in text
    assert "line one[31m red\nline two" in text


def test_a_newline_in_the_title_stays_on_the_heading_line():
    text = render_notice(make_notice(title="Acme\r\nFAKE: approved"))

    assert text.splitlines()[0] == "Acme FAKE: approved  [nudge 5]"


def test_a_terminal_in_a_legacy_encoding_gets_question_marks_not_a_crash():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")

    TerminalChannel(stream).send(make_notice(title="Søknad hos Ærlig AS"))

    assert raw.getvalue().splitlines()[0] == b"S?knad hos ?rlig AS  [nudge 5]"


def test_a_closed_stream_is_a_nudge_error():
    stream = io.StringIO()
    stream.close()

    with pytest.raises(NudgeError, match="followup nudges"):
        TerminalChannel(stream).send(make_notice())


def test_without_a_stream_it_prints_to_standard_output(capsys):
    TerminalChannel().send(make_notice())

    assert "Thank Ann for the interview  [nudge 5]" in capsys.readouterr().out


def test_the_digest_has_no_nudge_number_and_no_draft():
    text = render_notice(make_notice(nudge_id=0, draft="", draft_subject="", title="Your day"))

    assert text.splitlines()[0] == "Your day"
    assert "Draft" not in text
