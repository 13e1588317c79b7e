"""The whole product on real parts: mail arrives in Dovecot, `followup sync --once` reads it,
the application moves on, and the right nudge reaches the person's inbox over SMTP at the
right (simulated) moment — once.

The story is the one the nudge issue ends with: an interview on a Friday, a thank-you on
Monday morning, a follow-up three working days after the interview.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes
from email.message import Message
from email.utils import format_datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from dovecot import ImapAccount
from mailenv import account_config

pytestmark = pytest.mark.integration

OSLO = ZoneInfo("Europe/Oslo")
ME = "kari@example.test"


@dataclass
class Inbox:
    """What the test SMTP server received."""

    messages: list[Message] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def subjects(self) -> list[str]:
        with self.lock:
            return [str(m["Subject"]) for m in self.messages]


@pytest.fixture
def smtp() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def invitation() -> bytes:
    """An employer's invitation with a calendar part for Friday 8 May 2026 at 10:00 in Oslo."""
    ics = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Fjordtech//Recruiting//EN",
            "METHOD:REQUEST",
            "BEGIN:VEVENT",
            "UID:e2e-interview-1@fjordtech.example",
            "DTSTAMP:20260505T080000Z",
            "DTSTART;TZID=Europe/Oslo:20260508T100000",
            "DTEND;TZID=Europe/Oslo:20260508T110000",
            "SUMMARY:Interview: Backend developer",
            "ORGANIZER;CN=Ann Berg:mailto:ann.berg@fjordtech.example",
            f"ATTENDEE;CN=Kari Nordmann:mailto:{ME}",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
    sent = datetime(2026, 5, 5, 9, 14, tzinfo=OSLO)
    return (
        "From: Ann Berg <ann.berg@fjordtech.example>\r\n"
        f"To: Kari Nordmann <{ME}>\r\n"
        "Subject: Interview invitation - Backend developer\r\n"
        f"Date: {format_datetime(sent)}\r\n"
        "Message-ID: <e2e-invite-1@fjordtech.example>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b1"\r\n'
        "\r\n"
        "--b1\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        "Hi Kari,\r\n"
        "\r\n"
        "Thank you for your application for the Backend developer position. We would like\r\n"
        "to invite you to an interview at our office on Friday 8 May at 10:00. Please let\r\n"
        "me know if the time suits you; the calendar invitation is attached.\r\n"
        "\r\n"
        "Best regards,\r\n"
        "Ann Berg\r\n"
        "--b1\r\n"
        'Content-Type: text/calendar; charset=utf-8; method=REQUEST; name="invite.ics"\r\n'
        "\r\n" + ics + "--b1--\r\n"
    ).encode()


def at(day: int, hour: int, minute: int = 0) -> dict[str, str | None]:
    """Run a command as if it were that moment of May 2026 in Oslo."""
    return {"FOLLOWUP_NOW": datetime(2026, 5, day, hour, minute, tzinfo=OSLO).isoformat()}


def test_friday_interview_gets_a_thank_you_on_monday_and_a_follow_up_later(
    mailbox: ImapAccount, smtp: tuple[Controller, Inbox], invoke: Any
) -> None:
    controller, inbox = smtp
    email = {
        "enabled": True,
        "to": ME,
        "sender": "followup@example.test",
        "host": "127.0.0.1",
        "port": controller.port,
        "tls": "none",
    }
    extra = {
        "policy": {"country": "NO"},
        "nudges": {"desktop": {"enabled": False}, "email": email},
    }
    config = account_config(mailbox, invoke.root, extra=extra)
    invoke.write_config(config)
    invoke.ok(
        "add", "Fjordtech", "Backend developer", "--applied", "2026-04-27",
        "--domain", "fjordtech.example", env=at(4, 12),
    )  # fmt: skip
    mailbox.append("INBOX", invitation(), msg_time=datetime(2026, 5, 5, 9, 14, tzinfo=OSLO))

    invoke.ok("sync", "--once", env=at(5, 12))
    (app,) = invoke.rows("SELECT status FROM applications")
    assert app["status"] == "interviewing"
    (interview,) = invoke.rows("SELECT at FROM interviews")
    assert datetime.fromisoformat(interview["at"]) == datetime(2026, 5, 8, 10, tzinfo=OSLO)

    # Friday afternoon, after the interview: the thank-you waits for Monday's working hours.
    invoke.ok("sync", "--once", env=at(8, 16))
    assert inbox.subjects() == []

    invoke.ok("sync", "--once", env=at(11, 9, 5))
    assert len(inbox.messages) == 1
    thank_you = inbox.messages[0]
    assert thank_you["To"] == ME
    assert "Fjordtech" in str(thank_you["Subject"])
    body = thank_you.get_payload(decode=True)
    assert isinstance(body, bytes)
    assert b"thank" in body.lower()

    # The same moment again, as after a restart: nothing is sent twice.
    invoke.ok("sync", "--once", env=at(11, 9, 6))
    assert len(inbox.messages) == 1

    # Three working days after Friday's interview is Wednesday: the follow-up arrives then.
    invoke.ok("sync", "--once", env=at(12, 12))
    assert len(inbox.messages) == 1
    invoke.ok("sync", "--once", env=at(13, 10, 30))
    kinds = invoke.rows("SELECT kind FROM nudges ORDER BY id")
    assert [k["kind"] for k in kinds][:2] == ["thank_you", "interview_followup"]
    assert len(inbox.messages) == 2

    # The mailbox was only read.
    assert all(b"\\Seen" not in flags for flags in mailbox.flags("INBOX").values())
