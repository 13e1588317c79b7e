"""The pipeline's stdlib parse reads every test message exactly as the mail-parser one does."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.errors import ParseError
from agent.parse import parse_message, parse_message_fast
from agent.pipeline import read_message

ROOT = Path(__file__).resolve().parent.parent.parent
MESSAGES = sorted(ROOT.glob("tests/corpus*/*/*.eml")) + sorted(
    p
    for p in (ROOT / "agent" / "samples" / "Maildir").rglob("*")
    if p.is_file() and p.name != ".keep"
)
FIELDS = (
    "message_id",
    "subject",
    "sender",
    "to",
    "cc",
    "date",
    "in_reply_to",
    "references",
    "headers",
    "calendars",
)


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_same_message_as_mail_parser(path: Path) -> None:
    data = path.read_bytes()
    slow, fast = parse_message(data), parse_message_fast(data)
    for field in FIELDS:
        assert getattr(fast, field) == getattr(slow, field), field
    assert fast.text.strip() == slow.text.strip()
    assert fast.html.strip() == slow.html.strip()
    assert [a.filename for a in fast.attachments] == [a.filename for a in slow.attachments]


@pytest.mark.parametrize(
    "data",
    [
        b"Subject: broken\r\nContent-Type: text/plain; charset=klingon\r\n\r\n\xff\xfe caf\xe9",
        b"Subject: =?utf-8?b?!!!?=\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@not base64@@@",
        b'Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nno end boundary',
        b"\x00\x01\x02 binary junk without headers",
    ],
)
def test_hostile_input_is_read_or_refused_cleanly(data: bytes) -> None:
    message = read_message(data)
    assert isinstance(message.text, str)


def test_empty_input_is_refused() -> None:
    with pytest.raises(ParseError):
        read_message(b"  \r\n")


def test_an_attachment_named_only_in_its_content_type_is_an_attachment() -> None:
    data = (
        b"From: a@example.com\r\nTo: b@example.com\r\nSubject: Contract\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nAttached.\r\n"
        b'--b\r\nContent-Type: application/pdf; NAME="contract.pdf"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n--b--\r\n"
    )
    message = parse_message_fast(data)
    assert message.text.strip() == "Attached."
    assert [a.filename for a in message.attachments] == ["contract.pdf"]
    assert message.attachments[0].payload.startswith(b"%PDF")
